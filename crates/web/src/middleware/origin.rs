//! Defence in depth beside the CSRF token: a state-changing request
//! (POST/PUT/PATCH/DELETE) that a browser says comes from another site is
//! refused with 403 `cross_origin` before anything else looks at it:
//! - `Sec-Fetch-Site: cross-site`, or
//! - an `Origin` header that is not the Hub's own origin (`public_url` when
//!   set, else the request's `Host`); `Origin: null` is not the Hub's either.
//!
//! `Sec-Fetch-Site` `same-origin`, `same-site` and `none`, and requests without
//! these headers (scripts, older browsers) pass. An API client sending a bearer
//! token and no cookie carries no ambient credential a foreign page could
//! borrow, so neither header is checked for it.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::csrf::{is_api, is_state_changing, wants_html};
use crate::AppState;
use crate::error::AppError;

/// `scheme://host[:port]` in lower case, without a default port.
fn normalize(origin: &str) -> Option<String> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = origin.split_once("://")?;
    let authority = rest.split('/').next().unwrap_or("");
    if authority.is_empty() {
        return None;
    }
    let authority = match scheme {
        "https" => authority.strip_suffix(":443").unwrap_or(authority),
        "http" => authority.strip_suffix(":80").unwrap_or(authority),
        _ => authority,
    };
    Some(format!("{scheme}://{authority}"))
}

/// Whether `origin` (the header's value) is the Hub itself.
fn own_origin(origin: &str, public_url: Option<&str>, host: Option<&str>) -> bool {
    let Some(origin) = normalize(origin) else {
        return false;
    };
    match public_url {
        Some(url) => normalize(url).is_some_and(|own| own == origin),
        None => host.is_some_and(|host| {
            origin.split_once("://").is_some_and(|(scheme, _)| {
                normalize(&format!("{scheme}://{}", host.trim())).as_deref()
                    == Some(origin.as_str())
            })
        }),
    }
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Whether a browser says this write comes from another site.
pub fn cross_origin(headers: &HeaderMap, public_url: Option<&str>, uri_host: Option<&str>) -> bool {
    let bearer_only = header(headers, header::AUTHORIZATION).is_some_and(|v| {
        v.get(..7)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer "))
    }) && !headers.contains_key(header::COOKIE);
    if bearer_only {
        return false;
    }
    let fetch_site = headers.get("sec-fetch-site").map(|v| v.as_bytes());
    if fetch_site.is_some_and(|v| v.eq_ignore_ascii_case(b"cross-site")) {
        return true;
    }
    match headers.get(header::ORIGIN) {
        None => false,
        Some(origin) => {
            let host = header(headers, header::HOST).or(uri_host);
            !origin
                .to_str()
                .is_ok_and(|o| own_origin(o, public_url, host))
        }
    }
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !is_state_changing(req.method())
        || !cross_origin(
            req.headers(),
            state.config.public_url.as_deref(),
            req.uri().authority().map(|a| a.as_str()),
        )
    {
        return next.run(req).await;
    }
    let path = req.uri().path();
    tracing::info!(path, "cross-origin write refused");
    if is_api(path) || !wants_html(req.headers()) {
        return AppError::CrossOrigin.into_response();
    }
    let first = path.trim_start_matches('/').split('/').next();
    let lang = crate::html::lang_of_request(
        req.headers(),
        first.and_then(crate::html::path_lang).map(|l| l.code()),
    );
    crate::html::cross_origin_page(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    /// Request headers, the configured `public_url`, and whether the write is refused.
    type Case<'a> = (&'a [(&'static str, &'static str)], Option<&'a str>, bool);

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn foreign_origins_and_cross_site_fetches_are_cross_origin() {
        let public = Some("https://hub.example.org/");
        let cases: [Case<'_>; 16] = [
            (&[], None, false),
            (&[("sec-fetch-site", "same-origin")], None, false),
            (&[("sec-fetch-site", "same-site")], None, false),
            (&[("sec-fetch-site", "none")], None, false),
            (&[("sec-fetch-site", "cross-site")], None, true),
            (&[("origin", "https://hub.example.org")], public, false),
            (&[("origin", "https://HUB.example.org:443")], public, false),
            (&[("origin", "http://hub.example.org")], public, true),
            (&[("origin", "https://evil.example")], public, true),
            (
                &[("origin", "https://hub.example.org.evil.example")],
                public,
                true,
            ),
            (&[("origin", "null")], public, true),
            (
                &[
                    ("origin", "http://hub.test:8080"),
                    ("host", "hub.test:8080"),
                ],
                None,
                false,
            ),
            (
                &[
                    ("origin", "http://evil.test:8080"),
                    ("host", "hub.test:8080"),
                ],
                None,
                true,
            ),
            (&[("origin", "http://hub.test")], None, true),
            (
                &[
                    ("origin", "https://evil.example"),
                    ("authorization", "Bearer mhub_x"),
                ],
                None,
                false,
            ),
            (
                &[
                    ("origin", "https://evil.example"),
                    ("authorization", "Bearer mhub_x"),
                    ("cookie", "mhub_session=abc"),
                ],
                None,
                true,
            ),
        ];
        for (pairs, public_url, expected) in cases {
            assert_eq!(
                cross_origin(&headers(pairs), public_url, None),
                expected,
                "{pairs:?} with {public_url:?}"
            );
        }
    }
}
