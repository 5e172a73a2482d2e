//! Requests that take longer than the configured time end with 503
//! `timeout` and `Retry-After`, like every other "the server cannot answer
//! now" of the Hub: the limit covers reading the body and the handler, so it
//! says nothing certain about the client, and 408 would invite an instant retry.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::Problem;

/// Seconds a client is asked to wait before trying again.
pub const RETRY_AFTER_SECS: u64 = 5;

/// The configured limit (at least one second).
#[derive(Clone, Copy)]
pub struct RequestTimeout(pub Duration);

impl RequestTimeout {
    pub fn from_secs(secs: u64) -> Self {
        RequestTimeout(Duration::from_secs(secs.max(1)))
    }
}

pub async fn middleware(State(limit): State<RequestTimeout>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit.0, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut problem = Problem::new(StatusCode::SERVICE_UNAVAILABLE, "timeout");
            problem.retry_after = Some(RETRY_AFTER_SECS);
            problem.into_response()
        }
    }
}
