//! Request bodies over the limit end with 413 (`body_too_large`): tower-http
//! refuses a too-large `Content-Length` up front, and extractors see the limit
//! while streaming (see `extract::json`).

use axum::extract::DefaultBodyLimit;
use tower::ServiceBuilder;
use tower::layer::util::{Identity, Stack};
use tower_http::limit::RequestBodyLimitLayer;

pub fn layer(
    limit: usize,
) -> ServiceBuilder<Stack<DefaultBodyLimit, Stack<RequestBodyLimitLayer, Identity>>> {
    // axum's own default (2 MiB) is replaced so the one configured limit rules.
    ServiceBuilder::new()
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(DefaultBodyLimit::max(limit))
}
