//! Security headers on every response: a strict CSP (no inline script or
//! style), nosniff, referrer policy, frame denial, and HSTS behind HTTPS.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

#[derive(Clone, Copy)]
pub struct SecurityHeaders {
    /// Only when the Hub is served over HTTPS: HSTS on plain HTTP would lock users out.
    pub hsts: bool,
}

pub async fn middleware(State(cfg): State<SecurityHeaders>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if cfg.hsts {
        set(header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    res
}
