//! Puts problem documents into the reader's language, and turns bare error
//! statuses from lower layers (timeout, body limit, axum rejections) into
//! problem documents, so no error leaves without one.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{PROBLEM_JSON, Problem};
use crate::extract::lang::from_headers;

pub async fn middleware(req: Request, next: Next) -> Response {
    let lang = from_headers(req.headers());
    let res = next.run(req).await;
    if let Some(problem) = res.extensions().get::<Problem>() {
        if lang == mhub_i18n::Lang::default() {
            return res;
        }
        let problem = problem.clone();
        let mut rendered = problem.render(lang);
        copy_headers(&res, &mut rendered);
        return rendered;
    }
    let status = res.status();
    if status.is_client_error() || status.is_server_error() {
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let known = ct.starts_with("text/html")
            || ct.starts_with("application/json")
            || ct.starts_with(PROBLEM_JSON);
        if !known {
            let mut rendered = Problem::for_status(status).render(lang);
            copy_headers(&res, &mut rendered);
            return rendered;
        }
    }
    res
}

/// Keeps headers set by handlers (Allow, Set-Cookie, ...) other than the body's own.
fn copy_headers(from: &Response, to: &mut Response) {
    for (name, value) in from.headers() {
        if name == header::CONTENT_TYPE
            || name == header::CONTENT_LENGTH
            || name == header::CONTENT_LANGUAGE
        {
            continue;
        }
        if !to.headers().contains_key(name) {
            to.headers_mut().append(name.clone(), value.clone());
        }
    }
}
