//! JSON bodies with precise errors: not JSON → 400 `malformed_json`; JSON of
//! the wrong shape → 422 `invalid_body` naming the field path (e.g.
//! `reach.users`); not `application/json` → 415; over the limit → 413.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use crate::error::AppError;

#[derive(Debug)]
pub struct ApiJson<T>(pub T);

pub fn is_json_content_type(value: Option<&str>) -> bool {
    let Some(v) = value else { return false };
    let mime = v
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Parses `bytes` as `T`, classifying the error.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        classify(path, inner)
    })?;
    de.end()
        .map_err(|e| AppError::MalformedJson(e.to_string()))?;
    Ok(value)
}

fn classify(path: String, e: serde_json::Error) -> AppError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => AppError::MalformedJson(e.to_string()),
        Category::Data => {
            let message = e.to_string();
            // serde's messages are stable enough to tell the three shapes apart.
            let code = if message.starts_with("unknown field") {
                "unknown_field"
            } else if message.starts_with("missing field") {
                "missing_field"
            } else if message.starts_with("unknown variant") {
                "unknown_variant"
            } else {
                "invalid_type"
            };
            let mut field = if path == "." { String::new() } else { path };
            if code == "missing_field" || code == "unknown_field" {
                // Name the field itself, not only its parent object.
                if let Some(name) = message.split('`').nth(1)
                    && !field.ends_with(name)
                {
                    field = if field.is_empty() {
                        name.to_string()
                    } else {
                        format!("{field}.{name}")
                    };
                }
            }
            AppError::InvalidBody {
                field,
                code,
                message: strip_position(&message),
            }
        }
    }
}

/// serde_json appends " at line 1 column 17"; the field path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        if !is_json_content_type(ct) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::BodyTooLarge
            } else {
                AppError::MalformedJson(e.body_text())
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        users: Option<i64>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        #[serde(default)]
        reach: Option<Inner>,
        #[serde(default)]
        list: Vec<Inner>,
        #[serde(default)]
        map: BTreeMap<String, Inner>,
    }

    fn field(r: Result<Outer, AppError>) -> (String, &'static str) {
        match r {
            Err(AppError::InvalidBody { field, code, .. }) => (field, code),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            field(parse(br#"{"name":"a","reach":{"users":"x"}}"#)),
            ("reach.users".into(), "invalid_type")
        );
        assert_eq!(
            field(parse(
                br#"{"name":"a","list":[{"users":1},{"users":true}]}"#
            )),
            ("list[1].users".into(), "invalid_type")
        );
        assert_eq!(
            field(parse(br#"{"name":"a","reach":{"nope":1}}"#)),
            ("reach.nope".into(), "unknown_field")
        );
        assert_eq!(
            field(parse(br#"{"reach":{}}"#)),
            ("name".into(), "missing_field")
        );
        assert_eq!(
            field(parse(br#"{"name":"a","map":{"en":{"users":[]}}}"#)),
            ("map.en.users".into(), "invalid_type")
        );
        assert!(matches!(
            parse::<Outer>(b"{nope"),
            Err(AppError::MalformedJson(_))
        ));
        assert!(matches!(
            parse::<Outer>(br#"{"name":"a"} x"#),
            Err(AppError::MalformedJson(_))
        ));
        assert!(is_json_content_type(Some(
            "application/json; charset=utf-8"
        )));
        assert!(is_json_content_type(Some("application/merge-patch+json")));
        assert!(!is_json_content_type(Some("text/plain")));
    }
}

/// A buffered body that is parsed only when the handler asks, so that
/// authentication (401/403) is decided before the body's shape (422).
#[derive(Debug)]
pub struct JsonBody {
    content_type_ok: bool,
    bytes: Bytes,
}

impl JsonBody {
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, AppError> {
        if !self.content_type_ok {
            return Err(AppError::UnsupportedMediaType);
        }
        parse(&self.bytes)
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type_ok = is_json_content_type(
            req.headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
        );
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::BodyTooLarge
            } else {
                AppError::MalformedJson(e.body_text())
            }
        })?;
        Ok(JsonBody {
            content_type_ok,
            bytes,
        })
    }
}
