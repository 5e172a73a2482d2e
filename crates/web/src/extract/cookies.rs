//! Reading and writing the few cookies the Hub uses.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::WebConfig;

/// Value of the named cookie in the request, if any.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Path=/, Secure when configured.
pub fn session(config: &WebConfig, value: &str, max_age_secs: i64) -> Option<HeaderValue> {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{secure}",
        config.session_cookie_name()
    );
    HeaderValue::from_str(&value).ok()
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session(config: &WebConfig) -> Option<HeaderValue> {
    session(config, "", 0)
}
