//! The JSON API under `/api/v1`, documented with OpenAPI (`/api/openapi.json`).

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mhub_i18n::Lang;
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::AppError;

pub mod accounts;
pub mod curation;
pub mod organisations;
pub mod practices;
pub mod reference;
pub mod schema;
pub mod trust;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "mHealth Hub API",
        description = "Registry of mobile and digital health practices for noncommunicable diseases in the 53 countries of the WHO European Region. Errors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    modifiers(&Security),
    components(schemas(crate::error::ProblemDocument, crate::error::FieldProblem)),
    tags(
        (name = "practices", description = "The practice registry"),
        (name = "curation", description = "Submission, review and publication"),
        (name = "reference", description = "Countries and controlled vocabularies"),
        (name = "organisations", description = "Organisations behind practices"),
        (name = "accounts", description = "Registration, sessions, personal data and API tokens")
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Personal API token (`mhub_…`)"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "__Host-mhub_session",
                "Session cookie from `POST /api/v1/session`; writes also need the `X-CSRF-Token` header.",
            ))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(practices::router())
        .merge(curation::router())
        .merge(reference::router())
        .merge(organisations::router())
        .merge(accounts::router())
        .merge(trust::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

/// The OpenAPI document, built once.
pub fn openapi() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = router().split_for_parts().1;
        document_common_problems(&mut doc);
        doc
    })
}

/// Adds the answers every operation of a kind can give, wherever its own
/// annotation leaves them out, so the document lists every status the server
/// sends: an operation with a path parameter answers 400 `invalid_path` to a
/// malformed one (e.g. an id beyond 64 bits), and one that takes a JSON body
/// answers 400 `malformed_json`, 413 past the body limit, 415 without
/// `Content-Type: application/json` and 422 `invalid_body` to a body of the
/// wrong shape.
fn document_common_problems(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{Operation, ParameterIn};
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

    fn add(op: &mut Operation, status: &str, description: &str) {
        if op.responses.responses.contains_key(status) {
            return;
        }
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ProblemDocument")))
            .build();
        let response = ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", content)
            .build();
        op.responses
            .responses
            .insert(status.to_string(), RefOr::T(response));
    }

    for item in doc.paths.paths.values_mut() {
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            let has_path_param =
                op.parameters.iter().flatten().any(
                    |p| matches!(p, RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Path)),
                );
            let mut bad = Vec::new();
            if op.request_body.is_some() {
                bad.push("Malformed JSON (`malformed_json`)");
                add(op, "413", "Body too large");
                add(op, "415", "Body is not application/json");
                add(
                    op,
                    "422",
                    "The body does not have the expected shape (`invalid_body`)",
                );
            }
            if has_path_param {
                bad.push("Malformed address, e.g. an id beyond 64 bits (`invalid_path`)");
            }
            if !bad.is_empty() {
                add(op, "400", &bad.join("; "));
            }
        }
    }
}

pub async fn openapi_json() -> Response {
    match openapi().to_pretty_json() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(_) => AppError::Internal.into_response(),
    }
}

// ------------------------------------------------------------ shared helpers

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    /// 1-based.
    pub page: i64,
    pub pages: i64,
}

impl<T> PageOf<T> {
    pub fn new(items: Vec<T>, total: i64, limit: i64, offset: i64) -> Self {
        let limit = limit.max(1);
        PageOf {
            items,
            total,
            limit,
            page: offset / limit + 1,
            pages: (total + limit - 1) / limit,
        }
    }
}

/// An unpaginated list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListOf<T> {
    pub items: Vec<T>,
    pub total: i64,
}

impl<T> ListOf<T> {
    pub fn new(items: Vec<T>) -> Self {
        ListOf {
            total: items.len() as i64,
            items,
        }
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub fn etag(version: i64) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// Whether `If-None-Match` names this version (or `*`).
pub fn not_modified(headers: &HeaderMap, version: i64) -> bool {
    let tag = format!("\"{version}\"");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == tag)
}

/// The version an update expects, from `If-Match: "<version>"`; `*` accepts any.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, AppError> {
    let value = headers
        .get(header::IF_MATCH)
        .ok_or(AppError::PreconditionRequired)?;
    let value = value
        .to_str()
        .map_err(|_| AppError::InvalidHeader("if-match"))?
        .trim();
    if value == "*" {
        return Ok(None);
    }
    value
        .trim_start_matches("W/")
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .map(Some)
        .ok_or(AppError::InvalidHeader("if-match"))
}

/// Language of content text: an explicit `lang` (any language code) else the UI language.
pub fn text_language(explicit: Option<&str>, ui: Lang) -> String {
    match explicit {
        Some(l) if (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()) => {
            l.to_ascii_lowercase()
        }
        _ => ui.code().to_string(),
    }
}
