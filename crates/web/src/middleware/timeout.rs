//! Requests that take longer than the configured time end with 503; the problem
//! layer turns the bare status into a problem document.

use std::time::Duration;

use axum::http::StatusCode;
use tower_http::timeout::TimeoutLayer;

pub fn layer(secs: u64) -> TimeoutLayer {
    TimeoutLayer::with_status_code(
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(secs.max(1)),
    )
}
