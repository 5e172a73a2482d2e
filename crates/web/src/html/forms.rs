//! What HTML forms share: reading the body, the CSRF token of forms posted
//! without a session (a double-submit cookie), and error messages per field.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use mhub_core::FieldError;

use super::{HtmlError, Ui};
use crate::AppState;
use crate::error::AppError;
use crate::extract::actor::Auth;
use crate::extract::{CurrentActor, QueryPairs, cookies};
use crate::middleware::csrf::tokens_equal;

/// The session's CSRF token for a page's forms; empty without a session.
pub fn csrf_of(actor: &CurrentActor) -> String {
    match &actor.auth {
        Auth::Session { csrf, .. } => csrf.clone(),
        _ => String::new(),
    }
}

/// A urlencoded form body as ordered pairs (repeatable fields keep every value).
pub fn parse(body: &[u8]) -> QueryPairs {
    QueryPairs(
        form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    )
}

/// First value of a field exactly as sent (not trimmed); "" when absent. For
/// values checked as a whole, such as a redirect target.
pub fn raw(form: &QueryPairs, name: &str) -> String {
    form.0
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// First value of a field, trimmed; "" when absent.
pub fn text(form: &QueryPairs, name: &str) -> String {
    form.0
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// Every value of a repeated field (checkboxes, multiple selects), empty ones dropped.
pub fn all(form: &QueryPairs, name: &str) -> Vec<String> {
    form.0
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string())
        .collect()
}

fn form_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies {
        "__Host-mhub_form"
    } else {
        "mhub_form"
    }
}

/// The token a form must send back: the session's, or for anonymous forms a
/// random value also set as a cookie (returned so the page can set it).
pub fn form_token(
    state: &AppState,
    actor: &CurrentActor,
    headers: &HeaderMap,
) -> (String, Option<HeaderValue>) {
    if let Auth::Session { csrf, .. } = &actor.auth {
        return (csrf.clone(), None);
    }
    if let Some(v) = cookies::get(headers, form_cookie_name(state)).filter(|v| v.len() >= 32) {
        return (v.to_string(), None);
    }
    let token = mhub_core::accounts::new_secret("");
    let secure = if state.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = HeaderValue::from_str(&format!(
        "{}={token}; HttpOnly; SameSite=Strict; Path=/{secure}",
        form_cookie_name(state)
    ))
    .ok();
    (token, cookie)
}

/// Parses a form that anonymous visitors post (sign-in, sign-up, unlock) and
/// checks its token; the CSRF error page in the reader's language otherwise.
pub fn anonymous_form(
    state: &AppState,
    actor: &CurrentActor,
    headers: &HeaderMap,
    body: &[u8],
    lang: mhub_i18n::Lang,
) -> Result<QueryPairs, HtmlError> {
    let form = parse(body);
    if anonymous_token_ok(state, actor, headers, &form) {
        Ok(form)
    } else {
        Err(HtmlError {
            lang,
            err: AppError::CsrfFailed,
        })
    }
}

/// Checks an anonymous form's token against its cookie. Session forms were
/// already checked by the CSRF middleware.
pub fn anonymous_token_ok(
    state: &AppState,
    actor: &CurrentActor,
    headers: &HeaderMap,
    form: &QueryPairs,
) -> bool {
    if matches!(actor.auth, Auth::Session { .. } | Auth::Bearer) {
        return true;
    }
    let sent = text(form, crate::middleware::csrf::FORM_FIELD);
    cookies::get(headers, form_cookie_name(state))
        .is_some_and(|c| c.len() >= 32 && tokens_equal(c, &sent))
}

/// A localized message for one field error.
pub fn message(ui: Ui, e: &FieldError) -> String {
    let args: Vec<(&str, mhub_i18n::Arg)> = e
        .params
        .iter()
        .map(|(k, v)| {
            let arg = match (k.as_str(), v.parse::<i64>()) {
                ("min" | "max", Ok(n)) => mhub_i18n::Arg::from(n),
                _ => mhub_i18n::Arg::from(v.as_str()),
            };
            (k.as_str(), arg)
        })
        .collect();
    let key = format!("field-error-{}", e.code);
    if mhub_i18n::has(mhub_i18n::Lang::default(), &key) {
        mhub_i18n::t_args(ui.lang, &key, &args)
    } else {
        ui.t("field-error-invalid_type")
    }
}

/// An error in the summary at the top of a form, linking to its field.
#[derive(Debug, Clone)]
pub struct SummaryError {
    pub href: String,
    pub text: String,
}

/// 303 to a page after a successful post.
/// 303 to a path on this site; a target the shared rule refuses
/// (`crate::redirect::local_path`) goes to `/` instead of answering 500.
pub fn see_other(to: &str) -> Response {
    Redirect::to(crate::redirect::local_path(to).unwrap_or("/")).into_response()
}

/// Adds a `Set-Cookie` to a response when there is one.
pub fn with_cookie(mut res: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}
