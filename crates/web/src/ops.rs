//! Operational endpoints: liveness, readiness and Prometheus metrics.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers and the search index has caught up.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.hub.search_status().is_some_and(|s| !s.ready) {
        let body = axum::Json(serde_json::json!({ "status": "indexing" }));
        return (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    }
    match state.hub.ping().await {
        Ok(()) => (StatusCode::OK, "ready").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    let pool = state.hub.pool_status();
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("db_pool_connections", "state" => "used")
        .set(f64::from(pool.size.saturating_sub(pool.idle)));
    let body = state
        .config
        .metrics
        .as_ref()
        .map(|h| h.render())
        .unwrap_or_default();
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}
