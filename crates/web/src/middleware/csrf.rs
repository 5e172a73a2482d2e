//! Resolves the actor once per request and enforces CSRF protection: a
//! state-changing request (POST, PUT, PATCH, DELETE) authenticated by the
//! session cookie must carry the session's token in `X-CSRF-Token`, or as the
//! `csrf_token` field of an HTML form; otherwise 403: `csrf_failed` as
//! problem+json for the API, a localized "form expired" page for a person at a
//! form. Bearer tokens are exempt: browsers never send them on their own.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::error::AppError;
use crate::extract::actor::{Auth, resolve};

pub const HEADER: &str = "x-csrf-token";
pub const FORM_FIELD: &str = "csrf_token";

pub fn is_state_changing(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// Compares in constant time so the token cannot be guessed byte by byte.
pub fn tokens_equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn header_matches(headers: &HeaderMap, expected: &str) -> bool {
    headers
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| tokens_equal(v.trim(), expected))
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// A browser page asked for HTML (a form posted by hand, or a link followed).
pub fn wants_html(headers: &HeaderMap) -> bool {
    is_form(headers)
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

/// The refusal: problem+json for the API and for scripts, a page for a person
/// at a form, in their language, offering a fresh copy of the form.
fn refuse(req_headers: &HeaderMap, path: &str) -> Response {
    if is_api(path) || !wants_html(req_headers) {
        return AppError::CsrfFailed.into_response();
    }
    let first = path.trim_start_matches('/').split('/').next();
    let lang = crate::html::lang_of_request(
        req_headers,
        first.and_then(crate::html::path_lang).map(|l| l.code()),
    );
    crate::html::form_expired_page(lang, retry_target(req_headers, lang))
}

/// The page the form came from (the Referer, when it is this site), else the home page.
fn retry_target(headers: &HeaderMap, lang: mhub_i18n::Lang) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok())
        .filter(|u| host.is_some() && u.authority().map(|a| a.as_str()) == host)
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()))
        .map(|p| crate::redirect::local_or_home(lang, &p))
        .unwrap_or_else(|| format!("/{}/", lang.code()))
}

pub async fn middleware(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if crate::ops::is_ops_path(req.uri().path()) {
        return next.run(req).await;
    }
    let actor = match resolve(&state, req.headers()).await {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let mut req = req;
    if is_state_changing(req.method())
        && let Auth::Session { csrf, .. } = &actor.auth
        && !header_matches(req.headers(), csrf)
    {
        if !is_form(req.headers()) {
            return refuse(req.headers(), req.uri().path());
        }
        // An HTML form: read the body (within the limit), check the field, put it back.
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, state.config.body_limit_bytes).await {
            Ok(b) => b,
            Err(_) => return AppError::BodyTooLarge.into_response(),
        };
        let ok =
            form_urlencoded::parse(&bytes).any(|(k, v)| k == FORM_FIELD && tokens_equal(&v, csrf));
        if !ok {
            return refuse(&parts.headers, parts.uri.path());
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(actor);
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        assert!(tokens_equal("abc", "abc"));
        assert!(!tokens_equal("abc", "abd"));
        assert!(!tokens_equal("abc", "abcd"));
        assert!(is_state_changing(&Method::DELETE));
        assert!(!is_state_changing(&Method::GET));
    }
}
