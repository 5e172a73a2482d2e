//! Operational endpoints: liveness, readiness and Prometheus metrics.
//!
//! `/metrics` is not for everyone: on the public listener it answers only with
//! `Authorization: Bearer <metrics_token>` (compared in constant time), and 404
//! when no token is configured or when `metrics_listen` serves it elsewhere.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(public_metrics))
}

/// Paths that need no actor: the CSRF layer leaves them alone, so a metrics
/// token in `Authorization` is not taken for an API token.
pub fn is_ops_path(path: &str) -> bool {
    matches!(path, "/healthz" | "/readyz" | "/metrics")
}

/// Whether the request carries `Authorization: Bearer <expected>`. The SHA-256
/// digests are compared in constant time, so neither bytes nor length leak.
fn bearer_matches(headers: &HeaderMap, expected: &str) -> bool {
    use mhub_core::accounts::hash_secret;
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .is_some_and(|(_, token)| {
            crate::middleware::csrf::tokens_equal(
                &hash_secret(token.trim()),
                &hash_secret(expected),
            )
        })
}

fn unauthorized() -> Response {
    let mut res = AppError::Core(mhub_core::CoreError::Unauthenticated).into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"metrics\""),
    );
    res
}

/// `/metrics` on the public listener: only with the metrics token.
pub async fn public_metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match state.config.metrics_token.as_deref() {
        Some(token) if !state.config.metrics_separate => {
            if bearer_matches(&headers, token) {
                exposition(&state)
            } else {
                unauthorized()
            }
        }
        _ => AppError::not_found().into_response(),
    }
}

/// `/metrics` on the separate listener: open, unless a token is configured.
pub async fn private_metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match state.config.metrics_token.as_deref() {
        Some(token) if !bearer_matches(&headers, token) => unauthorized(),
        _ => exposition(&state),
    }
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

/// The Prometheus exposition.
fn exposition(state: &AppState) -> Response {
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
