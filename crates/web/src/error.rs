//! One error type for the edge. Responses are RFC 9457 problem documents with a
//! stable `code`; `title` and field messages are localized with Fluent
//! (`error-<code>`, `field-error-<code>`) in the language of `Accept-Language`.
//!
//! `AppError::into_response` renders in English and attaches the unrendered
//! [`Problem`]; the `problem` middleware re-renders it in the reader's language.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mhub_core::{CoreError, FieldError};
use mhub_i18n::{Arg, Lang};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";
pub const PROBLEM_BASE: &str = "https://mhealth-hub.eu/problems/";

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Core(#[from] CoreError),
    /// The body is not JSON at all.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// JSON of the wrong shape: wrong type, unknown or missing field.
    #[error("invalid body at {field}: {message}")]
    InvalidBody {
        field: String,
        code: &'static str,
        message: String,
    },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("invalid query: {field}")]
    InvalidQuery { field: String, code: &'static str },
    #[error("invalid path parameter")]
    InvalidPath,
    #[error("invalid header {0}")]
    InvalidHeader(&'static str),
    #[error("body too large")]
    BodyTooLarge,
    /// `If-Match` is required for updates.
    #[error("precondition required")]
    PreconditionRequired,
    #[error("csrf token missing or wrong")]
    CsrfFailed,
    /// A state-changing request a browser says comes from another site (middleware/origin.rs).
    #[error("cross-origin request refused")]
    CrossOrigin,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A panic or another failure whose message must not reach the client.
    #[error("internal error")]
    Internal,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn not_found() -> Self {
        AppError::Core(CoreError::NotFound)
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Core(e) => match e {
                CoreError::NotFound => StatusCode::NOT_FOUND,
                CoreError::Unauthenticated | CoreError::BadCredentials => StatusCode::UNAUTHORIZED,
                CoreError::Forbidden
                | CoreError::Refused(_)
                | CoreError::SessionRequired
                | CoreError::MissingScope(_) => StatusCode::FORBIDDEN,
                CoreError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
                CoreError::StaleVersion { .. } => StatusCode::PRECONDITION_FAILED,
                CoreError::InvalidTransition { .. } | CoreError::Conflict { .. } => {
                    StatusCode::CONFLICT
                }
                CoreError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
                CoreError::Storage(_) => StatusCode::INTERNAL_SERVER_ERROR,
                CoreError::BadQuery { .. } => StatusCode::BAD_REQUEST,
                CoreError::SearchUnavailable(_) | CoreError::Busy => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
            },
            AppError::MalformedJson(_)
            | AppError::InvalidQuery { .. }
            | AppError::InvalidPath
            | AppError::InvalidHeader(_) => StatusCode::BAD_REQUEST,
            AppError::InvalidBody { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            AppError::CsrfFailed | AppError::CrossOrigin => StatusCode::FORBIDDEN,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Stable machine code; never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Core(e) => e.code(),
            AppError::MalformedJson(_) => "malformed_json",
            AppError::InvalidBody { .. } => "invalid_body",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::InvalidQuery { .. } => "invalid_query",
            AppError::InvalidPath => "invalid_path",
            AppError::InvalidHeader(_) => "invalid_header",
            AppError::BodyTooLarge => "body_too_large",
            AppError::PreconditionRequired => "precondition_required",
            AppError::CsrfFailed => "csrf_failed",
            AppError::CrossOrigin => "cross_origin",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Internal => "internal",
        }
    }

    /// The unrendered problem document.
    pub fn problem(&self) -> Problem {
        let mut p = Problem::new(self.status(), self.code());
        match self {
            AppError::Core(CoreError::Validation(errors)) => p.errors = errors.clone(),
            AppError::Core(CoreError::StaleVersion { current }) => {
                p.current_version = Some(*current)
            }
            AppError::Core(CoreError::InvalidTransition { from, to, reason }) => {
                p.detail = Detail::Key(
                    format!("transition-{}", reason.replace('_', "-")),
                    reason.clone(),
                );
                p.transition = Some((from.clone(), to.clone(), reason.clone()));
            }
            AppError::Core(CoreError::Refused(refusal)) => {
                p.detail = Detail::Refusal(refusal.clone());
                p.reason = Some(refusal.code().to_string());
            }
            AppError::Core(CoreError::Conflict { field }) => {
                p.errors = vec![FieldError::new(field.clone(), "already_exists")]
            }
            AppError::Core(CoreError::MissingScope(scope)) => {
                p.detail = Detail::Raw(format!("needs scope {}", scope.as_str()))
            }
            AppError::Core(CoreError::RateLimited { retry_after_secs }) => {
                p.retry_after = Some(*retry_after_secs)
            }
            AppError::Core(CoreError::Storage(message)) => {
                // Logged here, never shown: it may name tables, hosts or values.
                tracing::error!(error = %message, "storage failure");
            }
            AppError::Core(CoreError::BadQuery { code, field, max }) => {
                let mut e = FieldError::new(field.clone(), code);
                if let Some(max) = max {
                    e = e.with("max", max);
                }
                p.errors = vec![e];
            }
            AppError::Core(CoreError::SearchUnavailable(why)) => {
                tracing::warn!(reason = %why, "search unavailable");
                p.retry_after = Some(5);
            }
            AppError::Core(CoreError::Busy) => p.retry_after = Some(1),
            AppError::MalformedJson(message) => p.detail = Detail::Raw(message.clone()),
            AppError::InvalidBody {
                field,
                code,
                message,
            } => {
                p.detail = Detail::Raw(message.clone());
                p.errors = vec![FieldError::new(field.clone(), code)];
            }
            AppError::InvalidQuery { field, code } => {
                p.errors = vec![FieldError::new(field.clone(), code)]
            }
            AppError::InvalidHeader(name) => p.detail = Detail::Raw((*name).to_string()),
            _ => {}
        }
        p
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.problem().into_response()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    None,
    /// Shown as is (a parser message; contains no secrets).
    Raw(String),
    /// A Fluent key, with the text to show when the key is missing.
    Key(String, String),
    /// Why an action was refused and what to do about it.
    Refusal(mhub_core::authz::Refusal),
}

/// A problem before it is put into words.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: Detail,
    pub errors: Vec<FieldError>,
    pub current_version: Option<i64>,
    pub retry_after: Option<u64>,
    /// from, to, reason of a refused transition.
    pub transition: Option<(String, String, String)>,
    /// The code of a refusal (`forbidden`).
    pub reason: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &'static str) -> Self {
        Problem {
            status,
            code,
            detail: Detail::None,
            errors: Vec::new(),
            current_version: None,
            retry_after: None,
            transition: None,
            reason: None,
        }
    }

    /// The problem for a bare error status some layer produced without a body we know.
    pub fn for_status(status: StatusCode) -> Self {
        let code = match status.as_u16() {
            400 => "bad_request",
            404 => "not_found",
            405 => "method_not_allowed",
            408 => "timeout",
            503 => "service_unavailable",
            413 => "body_too_large",
            415 => "unsupported_media_type",
            _ if status.is_server_error() => "internal",
            _ => "bad_request",
        };
        Problem::new(status, code)
    }

    pub fn to_document(&self, lang: Lang) -> ProblemDocument {
        let detail = match &self.detail {
            Detail::None => None,
            Detail::Raw(s) => Some(s.clone()),
            Detail::Key(key, fallback) => {
                let text = mhub_i18n::t(lang, key);
                Some(if text == *key { fallback.clone() } else { text })
            }
            Detail::Refusal(r) => Some(refusal_text(lang, r)),
        };
        ProblemDocument {
            kind: format!("{PROBLEM_BASE}{}", self.code),
            title: mhub_i18n::t(lang, &format!("error-{}", self.code)),
            status: self.status.as_u16(),
            code: self.code.to_string(),
            detail,
            errors: self.errors.iter().map(|e| field_problem(lang, e)).collect(),
            current_version: self.current_version,
            reason: self
                .transition
                .as_ref()
                .map(|t| t.2.clone())
                .or_else(|| self.reason.clone()),
        }
    }

    pub fn render(&self, lang: Lang) -> Response {
        let doc = self.to_document(lang);
        let body = serde_json::to_vec(&doc).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (self.status, body).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(lang.code()),
        );
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        res.extensions_mut().insert(self.clone());
        res
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        self.render(Lang::default())
    }
}

/// The localized explanation of a refusal, saying what to do next.
pub fn refusal_text(lang: Lang, r: &mhub_core::authz::Refusal) -> String {
    let key = format!("refusal-{}", r.code().replace('_', "-"));
    match r {
        mhub_core::authz::Refusal::MembershipPending { organisation } => mhub_i18n::t_args(
            lang,
            &key,
            &[("organisation", Arg::from(organisation.as_str()))],
        ),
        _ => mhub_i18n::t(lang, &key),
    }
}

fn field_problem(lang: Lang, e: &FieldError) -> FieldProblem {
    let args: Vec<(&str, Arg)> = e
        .params
        .iter()
        .map(|(k, v)| {
            let arg = match (k.as_str(), v.parse::<f64>()) {
                ("min" | "max", Ok(n)) => Arg::Num(n),
                _ => Arg::Str(v.clone()),
            };
            (k.as_str(), arg)
        })
        .collect();
    let key = format!("field-error-{}", e.code);
    // The lookup answers with the key itself when no language has the message.
    let message = mhub_i18n::t_args(lang, &key, &args);
    let message = if message == key {
        e.code.clone()
    } else {
        message
    };
    FieldProblem {
        field: e.field.clone(),
        code: e.code.clone(),
        message,
    }
}

/// RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProblemDocument {
    /// `https://mhealth-hub.eu/problems/<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Localized short description of the problem.
    pub title: String,
    pub status: u16,
    /// Stable machine-readable code.
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Problems with single input fields.
    pub errors: Vec<FieldProblem>,
    /// With `stale_version`: the version the record has now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i64>,
    /// With `invalid_transition`: why the workflow refused; with `forbidden`: why
    /// the action was refused (`email_unconfirmed`, `membership_pending`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// Path of the field, e.g. `texts.en.title` or `reach.users`.
    pub field: String,
    pub code: String,
    /// Localized message.
    pub message: String,
}

/// Fallback for a known path with an unsupported method.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
