//! One tracing span per request, carrying the request id, and one access line
//! per answer at INFO (status and latency; `MHUB_LOG_LEVEL=warn` silences it).
//!
//! Server errors are logged at WARN here: their causes are logged at ERROR
//! where they happen (storage, templates, panics), and a 503 from `/readyz`
//! while the search index is being built is expected, not an error.

use axum::body::Body;
use axum::http::Request;
use tower_http::LatencyUnit;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{
    DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, DefaultOnRequest, DefaultOnResponse,
    TraceLayer,
};
use tracing::{Level, Span};

type MakeSpan = fn(&Request<Body>) -> Span;

pub type Layer = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    DefaultOnRequest,
    DefaultOnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    DefaultOnFailure,
>;

pub fn layer() -> Layer {
    TraceLayer::new_for_http()
        .make_span_with(make_span as MakeSpan)
        .on_response(
            DefaultOnResponse::new()
                .level(Level::INFO)
                .latency_unit(LatencyUnit::Micros),
        )
        .on_failure(DefaultOnFailure::new().level(Level::WARN))
}

fn make_span(req: &Request<Body>) -> Span {
    let request_id = req
        .headers()
        .get(super::request_id::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // The path only: query strings may carry personal data.
    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %request_id)
}
