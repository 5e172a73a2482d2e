//! The HTTP edge of the Hub: the JSON API under `/api/v1`, a small
//! server-rendered site under `/{lang}/`, and the operational endpoints.
//! Every use case goes through `mhub_core::hub::Hub`; this crate knows no SQL.

use std::sync::{Arc, OnceLock};

use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use mhub_core::hub::Hub;

pub mod api;
pub mod error;
pub mod extract;
pub mod html;
pub mod middleware;
pub mod ops;
pub mod proxy;
pub mod redirect;

pub use error::AppError;

/// Settings of the HTTP edge.
#[derive(Clone)]
pub struct WebConfig {
    /// Public base URL (e.g. `https://hub.example.org`); used for absolute links and HSTS.
    pub public_url: Option<String>,
    /// Cookies carry `Secure` and the `__Host-` prefix; turn off only for plain-HTTP local runs.
    pub secure_cookies: bool,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    /// Where `/metrics` reads from; `None` serves an empty exposition.
    pub metrics: Option<PrometheusHandle>,
    /// When set, `/metrics` on the public router needs `Authorization: Bearer <token>`;
    /// when unset it answers 404 there (see `ops.rs`).
    pub metrics_token: Option<String>,
    /// `/metrics` is served by [`metrics_router`] on its own listener, never by [`router`].
    pub metrics_separate: bool,
    /// Keep anonymous answers in memory for up to a second (see middleware/cache.rs).
    pub response_cache: bool,
    /// Peers whose `X-Forwarded-For` names the client (see proxy.rs).
    pub trusted_proxies: proxy::TrustedProxies,
    /// Requests handled at once; more get 503 with `Retry-After` (middleware/overload.rs).
    /// 0: no limit.
    pub max_in_flight: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: None,
            secure_cookies: true,
            request_timeout_secs: 30,
            body_limit_bytes: 1024 * 1024,
            metrics: None,
            metrics_token: None,
            metrics_separate: false,
            response_cache: false,
            trusted_proxies: proxy::TrustedProxies::default(),
            max_in_flight: 0,
        }
    }
}

impl WebConfig {
    /// The public base URL without a trailing slash, or "" for relative links.
    pub fn base_url(&self) -> &str {
        self.public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/'))
            .unwrap_or("")
    }

    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// Name of the session cookie: browsers only accept `__Host-` with `Secure`.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-mhub_session"
        } else {
            "mhub_session"
        }
    }
}

/// What every handler receives.
#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub config: WebConfig,
}

/// Installs the Prometheus recorder once per process and returns its handle; later
/// calls (several routers in one test binary) get the same handle.
pub fn install_metrics() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            let builder = match builder.set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[
                    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ],
            ) {
                Ok(b) => b,
                Err(_) => PrometheusBuilder::new(),
            };
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!(
                    "a metrics recorder was already installed; /metrics will stay empty"
                );
            }
            handle
        })
        .clone()
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    let (api, _) = api::router().split_for_parts();
    let routes = Router::new()
        .merge(api)
        .merge(ops::router())
        .merge(html::router())
        .route("/api/openapi.json", axum::routing::get(api::openapi_json))
        .method_not_allowed_fallback(error::method_not_allowed)
        .fallback(html::fallback)
        // Only matched routes carry a `MatchedPath`: copy it where the metrics layer sees it.
        .route_layer(axum::middleware::from_fn(middleware::metrics::record_route));
    middleware::apply(routes, state)
}

/// The router of the separate metrics listener (`metrics_listen`): `/metrics`
/// only, without a token unless `metrics_token` is set.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(ops::private_metrics))
        .with_state(state)
}
