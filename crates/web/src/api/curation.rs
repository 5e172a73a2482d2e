//! The curation workflow: transitions, reviewers, reviews, revisions and diffs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mhub_core::curation::{Outcome, Review, ReviewInput, TransitionAction, TransitionRecord};
use mhub_core::diff::FieldChange;
use mhub_core::practice::{PracticeContent, Revision};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::practices::{PracticeDetail, PracticeSummary};
use super::schema::{
    FieldChangeDoc, PracticeContentDoc, ReviewDoc, ReviewInputDoc, TransitionRecordDoc,
};
use super::{ListOf, rfc3339, text_language};
use crate::AppState;
use crate::error::{AppError, AppResult, ProblemDocument};
use crate::extract::{ApiLang, ApiPath, CurrentActor, JsonBody, QueryPairs};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(transition, transitions))
        .routes(routes!(assign_reviewers))
        .routes(routes!(submit_review, reviews))
        .routes(routes!(review_queue))
        .routes(routes!(revisions))
        .routes(routes!(revision))
        .routes(routes!(revision_diff))
}

/// A request to move a practice through the workflow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    #[schema(value_type = String, pattern = "^(submit|start_review|publish|request_changes|reject|archive|restore|reopen)$")]
    pub action: TransitionAction,
    /// Required to publish.
    #[schema(value_type = Option<String>, pattern = "^(best|promising)$")]
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Required to request changes or reject.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewersRequest {
    pub reviewer_ids: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TransitionList {
    #[schema(value_type = Vec<TransitionRecordDoc>)]
    pub items: Vec<TransitionRecord>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewList {
    #[schema(value_type = Vec<ReviewDoc>)]
    pub items: Vec<Review>,
}

/// One save of a practice, without its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub number: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub created_at: String,
    pub note: Option<String>,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDetail {
    pub number: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub created_at: String,
    pub note: Option<String>,
    #[schema(value_type = PracticeContentDoc)]
    pub content: PracticeContent,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionDiff {
    pub from: i64,
    pub to: i64,
    #[schema(value_type = Vec<FieldChangeDoc>)]
    pub changes: Vec<FieldChange>,
}

fn summary(state: &AppState, slug: &str, r: &Revision) -> RevisionSummary {
    RevisionSummary {
        number: r.number,
        author_id: r.author_id,
        author_name: r.author_name.clone(),
        created_at: rfc3339(r.created_at),
        note: r.note.clone(),
        url: format!(
            "{}/api/v1/practices/{slug}/revisions/{}",
            state.config.base_url(),
            r.number
        ),
    }
}

/// Move a practice through the workflow.
///
/// `submit` (owner), `start_review`, `reopen` (editor), `publish` (needs `outcome`),
/// `request_changes` and `reject` (need `reason`; assigned reviewer or editor), `archive`.
#[utoipa::path(
    post,
    path = "/practices/{slug}/transitions",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body(content = TransitionRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The practice in its new state", body = PracticeDetail),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Not possible from the current state; `reason` says why", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Missing outcome or reason, or unknown action", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn transition(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: TransitionRequest = body.parse()?;
    let practice = state
        .hub
        .transition(who, &slug, req.action, req.outcome, req.reason)
        .await?;
    PracticeDetail::after_write(&state, &actor, practice, StatusCode::OK).await
}

/// The audit trail of a practice's workflow decisions (who decided is shown to curators, owners and reviewers).
#[utoipa::path(
    get,
    path = "/practices/{slug}/transitions",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    responses(
        (status = 200, description = "Transitions, oldest first", body = TransitionList),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn transitions(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<TransitionList>> {
    Ok(Json(TransitionList {
        items: state.hub.transitions(&actor.actor, &slug).await?,
    }))
}

/// Assign reviewers (editors); a submitted practice then enters review.
#[utoipa::path(
    post,
    path = "/practices/{slug}/reviewers",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body(content = ReviewersRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The practice", body = PracticeDetail),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The practice is not submitted or in review", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "An id is not a reviewer", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn assign_reviewers(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: ReviewersRequest = body.parse()?;
    let practice = state
        .hub
        .assign_reviewers(who, &slug, &req.reviewer_ids)
        .await?;
    PracticeDetail::after_write(&state, &actor, practice, StatusCode::OK).await
}

/// Submit (or replace) the signed-in reviewer's review of a practice in review.
#[utoipa::path(
    post,
    path = "/practices/{slug}/reviews",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body(content = ReviewInputDoc, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "The saved review", body = ReviewDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not an assigned reviewer", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The practice is not in review", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Incomplete or invalid scores", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn submit_review(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let input: ReviewInput = body.parse()?;
    let review = state.hub.submit_review(who, &slug, input).await?;
    Ok((StatusCode::CREATED, Json(review)).into_response())
}

/// Reviews of a practice (owners, assigned reviewers and curators; reviewer names hidden from owners).
#[utoipa::path(
    get,
    path = "/practices/{slug}/reviews",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Reviews", body = ReviewList),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see the curation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn reviews(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<ReviewList>> {
    Ok(Json(ReviewList {
        items: state.hub.reviews(&actor.actor, &slug).await?,
    }))
}

/// Practices assigned to the signed-in reviewer that await a review.
#[utoipa::path(
    get,
    path = "/reviews/queue",
    tag = "curation",
    params(("lang" = Option<String>, Query, description = "Preferred language of the texts")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The queue", body = ListOf<PracticeSummary>),
        (status = 400, description = "Malformed or unknown query parameter (`invalid_query`)", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn review_queue(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiLang(ui): ApiLang,
    q: QueryPairs,
) -> AppResult<Json<ListOf<PracticeSummary>>> {
    q.allow(&["lang"])?;
    let lang = text_language(q.one("lang")?.as_deref(), ui);
    let who = actor.require()?;
    let items = state.hub.review_queue(who).await?;
    Ok(Json(ListOf::new(
        items
            .iter()
            .map(|p| PracticeSummary::new(&state, p, &lang))
            .collect(),
    )))
}

/// The saves of a practice, newest first.
#[utoipa::path(
    get,
    path = "/practices/{slug}/revisions",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Revisions", body = ListOf<RevisionSummary>),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see the curation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn revisions(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<ListOf<RevisionSummary>>> {
    let list = state.hub.revisions(&actor.actor, &slug).await?;
    Ok(Json(ListOf::new(
        list.iter().map(|r| summary(&state, &slug, r)).collect(),
    )))
}

/// One revision with its content.
#[utoipa::path(
    get,
    path = "/practices/{slug}/revisions/{number}",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug"), ("number" = i64, Path, description = "Revision number, from 1")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The revision", body = RevisionDetail),
        (status = 400, description = "The number is not a number", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see the curation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice or revision", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn revision(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath((slug, number)): ApiPath<(String, i64)>,
) -> AppResult<Json<RevisionDetail>> {
    let list = state.hub.revisions(&actor.actor, &slug).await?;
    let r = list
        .into_iter()
        .find(|r| r.number == number)
        .ok_or_else(AppError::not_found)?;
    Ok(Json(RevisionDetail {
        number: r.number,
        author_id: r.author_id,
        author_name: r.author_name,
        created_at: rfc3339(r.created_at),
        note: r.note,
        content: r.content,
    }))
}

/// Field-level changes between two revisions.
#[utoipa::path(
    get,
    path = "/practices/{slug}/diff",
    tag = "curation",
    params(
        ("slug" = String, Path, description = "The practice's slug"),
        ("from" = i64, Query, description = "Older revision number"),
        ("to" = i64, Query, description = "Newer revision number"),
    ),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The changes", body = RevisionDiff),
        (status = 400, description = "from/to missing or not numbers", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see the curation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice or revision", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn revision_diff(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    q: QueryPairs,
) -> AppResult<Json<RevisionDiff>> {
    q.allow(&["from", "to"])?;
    let from = q.int("from")?.ok_or(AppError::InvalidQuery {
        field: "from".into(),
        code: "required",
    })?;
    let to = q.int("to")?.ok_or(AppError::InvalidQuery {
        field: "to".into(),
        code: "required",
    })?;
    let changes = state
        .hub
        .revision_diff(&actor.actor, &slug, from, to)
        .await?;
    Ok(Json(RevisionDiff { from, to, changes }))
}
