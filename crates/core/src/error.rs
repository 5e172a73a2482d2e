//! Errors of the domain. Each carries a stable machine code; the web edge maps
//! them to localized pages or RFC 9457 problem documents.

use serde::Serialize;

/// One problem with one input field. `code` is stable and is also the key of
/// the localized message (`error-field-<code>`), `params` fill its placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<(String, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str) -> Self {
        Self {
            field: field.into(),
            code: code.to_string(),
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.push((name.to_string(), value.to_string()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden, with the reason the person is told and what to do about it.
    #[error("forbidden: {}", .0.code())]
    Refused(crate::authz::Refusal),
    /// Only a signed-in session may do this (mint tokens, erase the account), never a token.
    #[error("a session is required")]
    SessionRequired,
    /// The API token lacks the scope the action needs.
    #[error("token lacks scope {}", .0.as_str())]
    MissingScope(crate::accounts::Scope),
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// The record changed since the client read it (optimistic concurrency).
    #[error("stale version: current is {current}")]
    StaleVersion { current: i64 },
    #[error("invalid transition from {from} to {to}: {reason}")]
    InvalidTransition {
        from: String,
        to: String,
        reason: String,
    },
    /// Unique key taken (e-mail, slug ...); `field` names what collided.
    #[error("already exists: {field}")]
    Conflict { field: String },
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    #[error("bad credentials")]
    BadCredentials,
    #[error("storage failure: {0}")]
    Storage(String),
    /// A search the engine refuses (`query_too_long`, `unknown_facet` ...);
    /// `field` names the parameter, `max` the limit it broke.
    #[error("bad query: {code} ({field})")]
    BadQuery {
        code: &'static str,
        field: String,
        max: Option<usize>,
    },
    /// The search index is rebuilding or broken; the database still answers.
    #[error("search unavailable: {0}")]
    SearchUnavailable(String),
    /// Too much CPU-heavy work is running and waiting (crate::work); try again shortly.
    #[error("overloaded")]
    Busy,
}

impl CoreError {
    /// Stable code clients can match on; never rename one.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::NotFound => "not_found",
            CoreError::Unauthenticated => "unauthenticated",
            CoreError::Forbidden | CoreError::Refused(_) => "forbidden",
            CoreError::SessionRequired => "session_required",
            CoreError::MissingScope(_) => "insufficient_scope",
            CoreError::Validation(_) => "validation_failed",
            CoreError::StaleVersion { .. } => "stale_version",
            CoreError::InvalidTransition { .. } => "invalid_transition",
            CoreError::Conflict { .. } => "conflict",
            CoreError::RateLimited { .. } => "rate_limited",
            CoreError::BadCredentials => "bad_credentials",
            CoreError::Storage(_) => "internal",
            CoreError::BadQuery { code, .. } => code,
            CoreError::SearchUnavailable(_) => "search_unavailable",
            CoreError::Busy => "overloaded",
        }
    }

    pub fn field(field: &str, code: &str) -> Self {
        CoreError::Validation(vec![FieldError::new(field, code)])
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
