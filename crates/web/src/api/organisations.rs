//! Organisations behind practices.

use axum::Json;
use axum::extract::State;
use mhub_core::accounts::Organisation;
use mhub_core::hub::DEFAULT_LIMIT;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::PageOf;
use super::schema::OrganisationDoc;
use crate::AppState;
use crate::error::{AppResult, ProblemDocument};
use crate::extract::{ApiPath, QueryPairs};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(organisations))
        .routes(routes!(organisation))
}

/// Organisations, by name.
#[utoipa::path(
    get,
    path = "/organisations",
    tag = "organisations",
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1..=100, default 20"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 1_000_000, description = "1-based page, at most 1,000,000"),
    ),
    responses(
        (status = 200, description = "A page of organisations", body = PageOf<OrganisationDoc>),
        (status = 400, description = "Malformed query", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "limit or page out of range", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn organisations(
    State(state): State<AppState>,
    q: QueryPairs,
) -> AppResult<Json<PageOf<Organisation>>> {
    q.allow(&["limit", "page"])?;
    let limit = q.int("limit")?.unwrap_or(DEFAULT_LIMIT);
    let page = q.int("page")?.unwrap_or(1);
    let p = state.hub.organisations(limit, page).await?;
    Ok(Json(PageOf::new(p.items, p.total, p.limit, p.offset)))
}

/// One organisation.
#[utoipa::path(
    get,
    path = "/organisations/{slug}",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug")),
    responses(
        (status = 200, description = "The organisation", body = OrganisationDoc),
        (status = 404, description = "No such organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn organisation(
    State(state): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<Organisation>> {
    Ok(Json(state.hub.organisation(&slug).await?))
}
