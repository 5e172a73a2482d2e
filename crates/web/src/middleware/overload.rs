//! At most `max_in_flight` requests are handled at once; the next ones are answered
//! at once with 503 `overloaded` and `Retry-After: 1` instead of queueing until
//! something times out or runs out of file descriptors. The operations endpoints
//! (`/healthz`, `/readyz`, `/metrics`) are exempt so probes see the truth.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::Problem;

/// The request slots; `None`: no limit.
#[derive(Clone)]
pub struct InFlight(Option<Arc<Semaphore>>);

impl InFlight {
    pub fn new(max: usize) -> InFlight {
        InFlight((max > 0).then(|| Arc::new(Semaphore::new(max))))
    }
}

pub fn overloaded() -> Response {
    let mut p = Problem::new(StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    p.retry_after = Some(1);
    p.into_response()
}

pub async fn middleware(State(slots): State<InFlight>, req: Request, next: Next) -> Response {
    let Some(sem) = &slots.0 else {
        return next.run(req).await;
    };
    if matches!(req.uri().path(), "/healthz" | "/readyz" | "/metrics") {
        return next.run(req).await;
    }
    match sem.clone().try_acquire_owned() {
        Ok(_slot) => next.run(req).await,
        Err(_) => {
            metrics::counter!("http_requests_shed_total").increment(1);
            overloaded()
        }
    }
}
