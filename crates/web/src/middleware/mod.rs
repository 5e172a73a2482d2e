//! The layers around every request, one file per concern. `apply` stacks them
//! (the last `.layer` call is the outermost).

use axum::Router;

use crate::AppState;

pub mod body_limit;
pub mod cache;
pub mod catch_panic;
pub mod compression;
pub mod csrf;
pub mod metrics;
pub mod origin;
pub mod overload;
pub mod problem;
pub mod request_id;
pub mod security_headers;
pub mod timeout;
pub mod trace;

/// Outermost first: request id → trace → propagate id → metrics → security headers →
/// compression → response cache → problem rendering → in-flight limit → timeout →
/// body limit → catch panic → cross-origin refusal → csrf → routes.
pub fn apply(routes: Router<AppState>, state: AppState) -> Router {
    use axum::middleware::{from_fn, from_fn_with_state};
    let config = state.config.clone();
    routes
        .layer(from_fn_with_state(state.clone(), csrf::middleware))
        .layer(from_fn_with_state(state.clone(), origin::middleware))
        .layer(catch_panic::layer())
        .layer(body_limit::layer(config.body_limit_bytes))
        .layer(from_fn_with_state(
            timeout::RequestTimeout::from_secs(config.request_timeout_secs),
            timeout::middleware,
        ))
        .layer(from_fn_with_state(
            overload::InFlight::new(config.max_in_flight),
            overload::middleware,
        ))
        .layer(from_fn(problem::middleware))
        .layer(from_fn_with_state(
            cache::ResponseCache::new(config.response_cache),
            cache::middleware,
        ))
        .layer(compression::layer())
        .layer(from_fn_with_state(
            security_headers::SecurityHeaders {
                hsts: config.https(),
            },
            security_headers::middleware,
        ))
        .layer(from_fn(metrics::middleware))
        .layer(request_id::propagate_layer())
        .layer(trace::layer())
        .layer(request_id::set_layer())
        .with_state(state)
}
