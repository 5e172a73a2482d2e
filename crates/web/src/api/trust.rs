//! The trust area in the API: organisation members and invitations, owners'
//! requests on published practices, e-mail confirmation, and the editors' and
//! admins' administration. Each answers like the website's pages.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mhub_core::CoreError;
use mhub_core::accounts::{Account, Membership, Organisation, Role};
use mhub_core::hub::{OrganisationAdmin, RequestView};
use mhub_core::organisations::{Invitation, MemberRole};
use mhub_core::practice::PracticeContent;
use mhub_core::requests::PracticeRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::PageOf;
use super::schema::{
    AccountDoc, InvitationDoc, MembershipDoc, OrganisationAdminDoc, OrganisationDoc,
    PracticeContentDoc, PracticeRequestDoc, RequestViewDoc,
};
use crate::AppState;
use crate::error::{AppResult, ProblemDocument};
use crate::extract::{ApiPath, CurrentActor, JsonBody, QueryPairs};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(members))
        .routes(routes!(decide_membership))
        .routes(routes!(set_member_role, remove_member))
        .routes(routes!(invite))
        .routes(routes!(accept_invitation))
        .routes(routes!(unconfirmed_organisations))
        .routes(routes!(confirm_organisation))
        .routes(routes!(merge_organisation))
        .routes(routes!(create_request, practice_requests))
        .routes(routes!(request_queue))
        .routes(routes!(request))
        .routes(routes!(decide_request))
        .routes(routes!(withdraw_request))
        .routes(routes!(confirm_email))
        .routes(routes!(resend_confirmation))
        .routes(routes!(accounts))
        .routes(routes!(change_account))
}

// ------------------------------------------------------------ organisations

/// Members, pending requests and the audit trail of an organisation: for its
/// managers and editors.
#[utoipa::path(
    get,
    path = "/organisations/{slug}/members",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Members and history", body = OrganisationAdminDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not a manager of it; `reason` says why", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn members(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<OrganisationAdmin>> {
    let who = actor.require()?;
    Ok(Json(state.hub.organisation_admin(who, &slug).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipDecision {
    /// True approves the request, false declines it.
    pub approve: bool,
}

/// Approve or decline a request to join.
#[utoipa::path(
    post,
    path = "/organisations/{slug}/members/{account_id}/decision",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug"), ("account_id" = i64, Path, description = "The person who asked")),
    request_body(content = MembershipDecision, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Decided; the person is told by mail"),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not a manager of it", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Not pending any more", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn decide_membership(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath((slug, account_id)): ApiPath<(String, i64)>,
    body: JsonBody,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    let req: MembershipDecision = body.parse()?;
    state
        .hub
        .decide_membership(who, &slug, account_id, req.approve)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRoleRequest {
    #[schema(value_type = String, pattern = "^(member|manager)$")]
    pub role: MemberRole,
}

/// Hand the manager role on, or take it back. An organisation keeps a manager.
#[utoipa::path(
    put,
    path = "/organisations/{slug}/members/{account_id}",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug"), ("account_id" = i64, Path, description = "The member")),
    request_body(content = MemberRoleRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not a manager of it", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "It would leave the organisation without a manager", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn set_member_role(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath((slug, account_id)): ApiPath<(String, i64)>,
    body: JsonBody,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    let req: MemberRoleRequest = body.parse()?;
    state
        .hub
        .set_member_role(who, &slug, account_id, req.role)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member (managers, editors), or leave (the member themselves).
#[utoipa::path(
    delete,
    path = "/organisations/{slug}/members/{account_id}",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug"), ("account_id" = i64, Path, description = "The member")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not a manager of it", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "It would leave the organisation without a manager", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn remove_member(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath((slug, account_id)): ApiPath<(String, i64)>,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    state.hub.remove_member(who, &slug, account_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationRequest {
    pub email: String,
    #[schema(value_type = Option<String>, pattern = "^(member|manager)$")]
    #[serde(default)]
    pub role: Option<MemberRole>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationCreated {
    #[schema(value_type = InvitationDoc)]
    pub invitation: Invitation,
    /// The secret of the link, shown this once; it is also mailed to the address.
    pub secret: String,
}

/// Invite an e-mail address to join, by a link that expires.
#[utoipa::path(
    post,
    path = "/organisations/{slug}/invitations",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug")),
    request_body(content = InvitationRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Invited", body = InvitationCreated),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not a manager of it", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid e-mail address", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn invite(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: InvitationRequest = body.parse()?;
    let (invitation, secret) = state
        .hub
        .invite_member(
            who,
            &slug,
            &req.email,
            req.role.unwrap_or(MemberRole::Member),
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationCreated { invitation, secret }),
    )
        .into_response())
}

/// Accept an invitation sent to the signed-in account's address.
#[utoipa::path(
    post,
    path = "/invitations/{secret}/acceptance",
    tag = "organisations",
    params(("secret" = String, Path, description = "The invitation's secret")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The membership", body = MembershipDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Sent to another address", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Used or expired", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn accept_invitation(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(secret): ApiPath<String>,
) -> AppResult<Json<Membership>> {
    let who = actor.require()?;
    Ok(Json(state.hub.accept_invitation(who, &secret).await?))
}

/// Organisations people created that no editor has confirmed yet, oldest first.
#[utoipa::path(
    get,
    path = "/organisation-confirmations",
    tag = "organisations",
    params(("page" = Option<i64>, Query, minimum = 1, maximum = 1_000_000, description = "1-based page, at most 1,000,000")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Unconfirmed organisations", body = PageOf<OrganisationDoc>),
        (status = 400, description = "Malformed query", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Editors only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "page out of range", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn unconfirmed_organisations(
    State(state): State<AppState>,
    actor: CurrentActor,
    q: QueryPairs,
) -> AppResult<Json<PageOf<Organisation>>> {
    let who = actor.require()?;
    q.allow(&["page"])?;
    let page = q.int("page")?.unwrap_or(1);
    let p = state.hub.unconfirmed_organisations(who, page).await?;
    Ok(Json(PageOf::new(p.items, p.total, p.limit, p.offset)))
}

/// Confirm an organisation a person created.
#[utoipa::path(
    post,
    path = "/organisations/{slug}/confirmation",
    tag = "organisations",
    params(("slug" = String, Path, description = "The organisation's slug")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Confirmed"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Editors only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn confirm_organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    state.hub.confirm_organisation(who, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The slug of the organisation to keep.
    pub into: String,
}

/// Merge a duplicate into another organisation: its practices and members move,
/// and its slug then redirects.
#[utoipa::path(
    post,
    path = "/organisations/{slug}/merge",
    tag = "organisations",
    params(("slug" = String, Path, description = "The duplicate's slug")),
    request_body(content = MergeRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The organisation kept", body = OrganisationDoc),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Editors only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Already merged", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Unknown or same organisation", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn merge_organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Json<Organisation>> {
    let who = actor.require()?;
    let req: MergeRequest = body.parse()?;
    Ok(Json(
        state.hub.merge_organisations(who, &slug, &req.into).await?,
    ))
}

// ------------------------------------------------------------ requests

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPracticeRequest {
    #[schema(value_type = String, pattern = "^(update|archive)$")]
    pub kind: mhub_core::requests::RequestKind,
    /// The whole proposed record, for `update`.
    #[schema(value_type = Option<PracticeContentDoc>)]
    #[serde(default)]
    pub content: Option<PracticeContent>,
    /// What changed and why (`update`), or why to archive (`archive`, required).
    #[serde(default)]
    pub note: Option<String>,
    /// A small correction an editor may approve directly.
    #[serde(default)]
    pub minor: bool,
    /// For `update`: the practice version (its ETag) the proposal was made from; one
    /// made from an older version is refused with 412 `stale_version`.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Propose an update of a published practice, or ask to archive it. The
/// published record stays public and unchanged until an editor approves.
#[utoipa::path(
    post,
    path = "/practices/{slug}/requests",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body(content = NewPracticeRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "The request", body = PracticeRequestDoc),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner; `reason` says why", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Not published, or a request of this kind is pending", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 412, description = "Made from an older version", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid record or missing reason", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn create_request(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: NewPracticeRequest = body.parse()?;
    let created = match (req.kind, req.content) {
        (mhub_core::requests::RequestKind::Update, Some(content)) => {
            state
                .hub
                .propose_update(who, &slug, req.version, content, req.note, req.minor)
                .await?
        }
        (mhub_core::requests::RequestKind::Update, None) => {
            return Err(CoreError::field("content", "required").into());
        }
        (mhub_core::requests::RequestKind::Archive, _) => {
            state.hub.request_archive(who, &slug, req.note).await?
        }
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequestList {
    #[schema(value_type = Vec<PracticeRequestDoc>)]
    pub items: Vec<PracticeRequest>,
}

/// The requests of one practice, newest first: for its owners and curators.
#[utoipa::path(
    get,
    path = "/practices/{slug}/requests",
    tag = "curation",
    params(("slug" = String, Path, description = "The practice's slug")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Requests", body = RequestList),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner or curator", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn practice_requests(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
) -> AppResult<Json<RequestList>> {
    let who = actor.require()?;
    Ok(Json(RequestList {
        items: state.hub.practice_requests(who, &slug).await?,
    }))
}

/// Pending requests of every practice, oldest first: for editors.
#[utoipa::path(
    get,
    path = "/requests",
    tag = "curation",
    params(("page" = Option<i64>, Query, minimum = 1, maximum = 1_000_000, description = "1-based page, at most 1,000,000")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Pending requests", body = PageOf<PracticeRequestDoc>),
        (status = 400, description = "Malformed query", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Editors only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "page out of range", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn request_queue(
    State(state): State<AppState>,
    actor: CurrentActor,
    q: QueryPairs,
) -> AppResult<Json<PageOf<PracticeRequest>>> {
    let who = actor.require()?;
    q.allow(&["page"])?;
    let p = state
        .hub
        .request_queue(who, q.int("page")?.unwrap_or(1))
        .await?;
    Ok(Json(PageOf::new(p.items, p.total, p.limit, p.offset)))
}

/// One request, with what it would change.
#[utoipa::path(
    get,
    path = "/requests/{id}",
    tag = "curation",
    params(("id" = i64, Path, description = "The request")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The request", body = RequestViewDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such request, or not yours to see", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn request(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<RequestView>> {
    let who = actor.require()?;
    Ok(Json(state.hub.request(who, id).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestDecisionBody {
    pub approve: bool,
    /// Required to decline, and to approve an update not marked minor.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Approve (the change is applied) or decline a pending request.
#[utoipa::path(
    post,
    path = "/requests/{id}/decision",
    tag = "curation",
    params(("id" = i64, Path, description = "The request")),
    request_body(content = RequestDecisionBody, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The decided request", body = PracticeRequestDoc),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Editors only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Decided already, or the practice is no longer published", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn decide_request(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(id): ApiPath<i64>,
    body: JsonBody,
) -> AppResult<Json<PracticeRequest>> {
    let who = actor.require()?;
    let req: RequestDecisionBody = body.parse()?;
    Ok(Json(
        state
            .hub
            .decide_request(who, id, req.approve, req.reason)
            .await?,
    ))
}

/// The author takes a pending request back.
#[utoipa::path(
    post,
    path = "/requests/{id}/withdrawal",
    tag = "curation",
    params(("id" = i64, Path, description = "The request")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The withdrawn request", body = PracticeRequestDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not its author", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such request", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_request(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<PracticeRequest>> {
    let who = actor.require()?;
    Ok(Json(state.hub.withdraw_request(who, id).await?))
}

// ------------------------------------------------------------ accounts

/// Confirm an e-mail address with the secret of the mailed link.
#[utoipa::path(
    post,
    path = "/email-confirmations/{secret}",
    tag = "accounts",
    params(("secret" = String, Path, description = "The secret of the mailed link")),
    responses(
        (status = 200, description = "The confirmed account", body = AccountDoc),
        (status = 404, description = "Unknown, used or expired link", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn confirm_email(
    State(state): State<AppState>,
    ApiPath(secret): ApiPath<String>,
) -> AppResult<Json<Account>> {
    Ok(Json(state.hub.confirm_email(&secret).await?))
}

/// Send a new confirmation link to the signed-in account's address.
#[utoipa::path(
    post,
    path = "/me/confirmation",
    tag = "accounts",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Sent (or already confirmed)"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn resend_confirmation(
    State(state): State<AppState>,
    actor: CurrentActor,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    state.hub.resend_confirmation(who).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accounts whose e-mail address or name contains `q`: for admins.
#[utoipa::path(
    get,
    path = "/accounts",
    tag = "accounts",
    params(("q" = Option<String>, Query, description = "Part of an e-mail address or name"), ("page" = Option<i64>, Query, minimum = 1, maximum = 1_000_000, description = "1-based page, at most 1,000,000")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Accounts", body = PageOf<AccountDoc>),
        (status = 400, description = "Malformed query", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Admins only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "q too long or page out of range", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn accounts(
    State(state): State<AppState>,
    actor: CurrentActor,
    q: QueryPairs,
) -> AppResult<Json<PageOf<Account>>> {
    let who = actor.require()?;
    q.allow(&["q", "page"])?;
    let text = q.one("q")?.unwrap_or_default();
    let p = state
        .hub
        .search_accounts(who, &text, q.int("page")?.unwrap_or(1))
        .await?;
    Ok(Json(PageOf::new(p.items, p.total, p.limit, p.offset)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    #[schema(value_type = Option<String>, pattern = "^(member|contributor|reviewer|focal_point|editor|admin)$")]
    #[serde(default)]
    pub role: Option<Role>,
    /// The country a focal point curates; required with `focal_point`.
    #[serde(default)]
    pub country: Option<String>,
    /// Disabling ends the account's sessions and revokes its tokens.
    #[serde(default)]
    pub disabled: Option<bool>,
}

/// Change an account's role or disable it: for admins.
#[utoipa::path(
    patch,
    path = "/accounts/{id}",
    tag = "accounts",
    params(("id" = i64, Path, description = "The account")),
    request_body(content = AccountChange, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The account", body = AccountDoc),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Admins only", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid change", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn change_account(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(id): ApiPath<i64>,
    body: JsonBody,
) -> AppResult<Json<Account>> {
    let who = actor.require()?;
    let req: AccountChange = body.parse()?;
    // Checked before anything is written, so a refused change leaves nothing half done.
    if req.role == Some(Role::FocalPoint) && req.country.is_none() {
        return Err(CoreError::field("country", "required").into());
    }
    let mut account = None;
    // Disabling first: it is refused (yourself) before anything is written.
    if let Some(disabled) = req.disabled {
        account = Some(state.hub.set_account_disabled(who, id, disabled).await?);
    }
    if let Some(role) = req.role {
        account = Some(
            state
                .hub
                .set_role_by_id(who, id, role, req.country.as_deref())
                .await?,
        );
    }
    account
        .ok_or_else(|| CoreError::field("role", "required").into())
        .map(Json)
}
