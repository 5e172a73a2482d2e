//! Accounts: registration, sessions, the signed-in person's data and API tokens.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mhub_core::accounts::{Account, ApiToken, Membership, Role, Scope, TokenScopes};
use mhub_core::hub::SESSION_LIFETIME;
use mhub_core::{CoreError, FieldError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema::{AccountDoc, ApiTokenDoc, MembershipDoc, ScopeDoc};
use crate::AppState;
use crate::error::{AppResult, ProblemDocument};
use crate::extract::actor::{Auth, ClientAddr};
use crate::extract::{ApiJson, ApiPath, CurrentActor, JsonBody, cookies};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(sign_in, sign_out))
        .routes(routes!(request_unlock))
        .routes(routes!(redeem_unlock))
        .routes(routes!(me, erase_me))
        .routes(routes!(export_me))
        .routes(routes!(join_organisation))
        .routes(routes!(tokens, create_token))
        .routes(routes!(delete_token))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    pub display_name: String,
    /// At least 10 characters.
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlockRequest {
    pub email: String,
    /// Language of the mailed link (`en`, `fr`, `de`, `ru`, `es`); English when absent.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedeemUnlockRequest {
    /// The secret at the end of the mailed link.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignedInResponse {
    #[schema(value_type = AccountDoc)]
    pub account: Account,
    /// Send it as `X-CSRF-Token` on every write made with the session cookie.
    pub csrf_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    #[schema(value_type = AccountDoc)]
    pub account: Account,
    #[schema(value_type = Vec<MembershipDoc>)]
    pub memberships: Vec<Membership>,
    /// The session's CSRF token, when signed in with the session cookie.
    pub csrf_token: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EraseRequest {
    /// Must be `true`.
    pub confirm: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinOrganisationRequest {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenRequest {
    pub name: String,
    /// What the token may be used for; omitted: every scope. Minting tokens and
    /// erasing the account need a session whatever the scopes.
    #[serde(default)]
    #[schema(value_type = Option<Vec<ScopeDoc>>)]
    pub scopes: Option<Vec<Scope>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NewTokenResponse {
    #[schema(value_type = ApiTokenDoc)]
    pub token: ApiToken,
    /// The secret, shown this once: send it as `Authorization: Bearer <secret>`.
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenList {
    #[schema(value_type = Vec<ApiTokenDoc>)]
    pub items: Vec<ApiToken>,
}

/// Create an account (role contributor).
#[utoipa::path(
    post,
    path = "/accounts",
    tag = "accounts",
    request_body(content = RegisterRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Created", body = AccountDoc),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "E-mail already registered", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Body is not application/json", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid e-mail, name or password", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiJson(req): ApiJson<RegisterRequest>,
) -> AppResult<Response> {
    let account = state
        .hub
        .register(
            &actor.actor,
            &req.email,
            &req.display_name,
            &req.password,
            Role::Contributor,
        )
        .await?;
    let mut res = (StatusCode::CREATED, Json(account)).into_response();
    res.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/api/v1/me"));
    Ok(res)
}

/// Sign in: sets the session cookie and returns the CSRF token for writes.
#[utoipa::path(
    post,
    path = "/session",
    tag = "accounts",
    request_body(content = SignInRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SignedInResponse, headers(("Set-Cookie" = String))),
        (status = 400, description = "Malformed JSON", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Wrong e-mail or password", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Body is not application/json", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type; `errors` names it", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<SignInRequest>,
) -> AppResult<Response> {
    let signed = state.hub.sign_in(&req.email, &req.password, &addr).await?;
    Ok(signed_in_response(&state, signed))
}

fn signed_in_response(state: &AppState, signed: mhub_core::hub::SignedIn) -> Response {
    let mut res = Json(SignedInResponse {
        account: signed.account,
        csrf_token: signed.csrf_token,
    })
    .into_response();
    if let Some(cookie) = cookies::session(
        &state.config,
        &signed.session_token,
        SESSION_LIFETIME.whole_seconds(),
    ) {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Lockout recovery: mails a one-use sign-in link to the address, if an account
/// uses it. The answer is the same either way, so it reveals no accounts.
#[utoipa::path(
    post,
    path = "/session/unlock",
    tag = "accounts",
    request_body(content = UnlockRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "If an account uses the address, a link is on its way"),
        (status = 422, description = "The address is missing or invalid; `errors` names it", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn request_unlock(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<UnlockRequest>,
) -> AppResult<Response> {
    let lang = req
        .language
        .as_deref()
        .and_then(mhub_i18n::Lang::parse)
        .map_or(mhub_i18n::DEFAULT_LANGUAGE, mhub_i18n::Lang::code);
    state.hub.request_unlock_link(&req.email, lang).await?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// Signs in with a mailed unlock link, once, whatever the sign-in throttle says.
#[utoipa::path(
    post,
    path = "/session/unlock/redeem",
    tag = "accounts",
    request_body(content = RedeemUnlockRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SignedInResponse, headers(("Set-Cookie" = String))),
        (status = 404, description = "The link is unknown, used or expired", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn redeem_unlock(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<RedeemUnlockRequest>,
) -> AppResult<Response> {
    let signed = state
        .hub
        .sign_in_with_unlock_link(&req.secret, &addr)
        .await?;
    Ok(signed_in_response(&state, signed))
}

fn clear_cookie(state: &AppState, mut res: Response) -> Response {
    if let Some(cookie) = cookies::clear_session(&state.config) {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    res
}

/// Sign out: ends the session, if there is one, and removes the cookie.
#[utoipa::path(
    delete,
    path = "/session",
    tag = "accounts",
    // Signing out without a session is a no-op, not an error.
    security((), ("session" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 403, description = "CSRF token missing", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn sign_out(State(state): State<AppState>, actor: CurrentActor) -> AppResult<Response> {
    if let Auth::Session { token, .. } = &actor.auth {
        state.hub.sign_out(token).await?;
    }
    Ok(clear_cookie(&state, StatusCode::NO_CONTENT.into_response()))
}

/// The signed-in account and its organisations.
#[utoipa::path(
    get,
    path = "/me",
    tag = "accounts",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "The account", body = MeResponse),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn me(State(state): State<AppState>, actor: CurrentActor) -> AppResult<Response> {
    let who = actor.require()?;
    let memberships = state.hub.memberships(who).await?;
    let account = who.account.clone().ok_or(CoreError::Unauthenticated)?;
    let csrf_token = match &actor.auth {
        Auth::Session { csrf, .. } => Some(csrf.clone()),
        _ => None,
    };
    let mut res = Json(MeResponse {
        account,
        memberships,
        csrf_token,
    })
    .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Everything the Hub stores about the signed-in person (GDPR Art. 15 and 20).
#[utoipa::path(
    get,
    path = "/me/export",
    tag = "accounts",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Personal data as a JSON attachment", body = serde_json::Value, headers(("Content-Disposition" = String))),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn export_me(State(state): State<AppState>, actor: CurrentActor) -> AppResult<Response> {
    let who = actor.require()?;
    let data = state.hub.personal_data(who).await?;
    let mut res = Json(data).into_response();
    res.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mhub-personal-data.json\""),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Erase the signed-in account's personal data (GDPR Art. 17). Needs `{"confirm": true}`.
///
/// Needs a session: a token cannot erase the account (403 `session_required`).
#[utoipa::path(
    delete,
    path = "/me",
    tag = "accounts",
    request_body(content = EraseRequest, content_type = "application/json"),
    security(("session" = [])),
    responses(
        (status = 204, description = "Erased; the session ends"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Asked with an API token (`session_required`)", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`confirm` is not true", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn erase_me(
    State(state): State<AppState>,
    actor: CurrentActor,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: EraseRequest = body.parse()?;
    if !req.confirm {
        return Err(CoreError::Validation(vec![FieldError::new("confirm", "must_be_true")]).into());
    }
    state.hub.erase_account(who).await?;
    Ok(clear_cookie(&state, StatusCode::NO_CONTENT.into_response()))
}

/// Join an organisation by name (created if new).
#[utoipa::path(
    post,
    path = "/me/organisations",
    tag = "accounts",
    request_body(content = JoinOrganisationRequest, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "The membership", body = MembershipDoc),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name or country", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn join_organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: JoinOrganisationRequest = body.parse()?;
    // Joining an existing organisation is a request (status `pending`) that its
    // managers decide; a new organisation is created with the caller as manager.
    let (membership, _) = state
        .hub
        .join_organisation(who, &req.name, req.country.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(membership)).into_response())
}

/// The signed-in account's API tokens (secrets are never shown again).
#[utoipa::path(
    get,
    path = "/me/tokens",
    tag = "accounts",
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Tokens", body = TokenList),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn tokens(
    State(state): State<AppState>,
    actor: CurrentActor,
) -> AppResult<Json<TokenList>> {
    let who = actor.require()?;
    Ok(Json(TokenList {
        items: state.hub.api_tokens(who).await?,
    }))
}

/// Create an API token with the chosen scopes; the secret is returned this once.
///
/// Needs a session: a token cannot mint tokens (403 `session_required`).
#[utoipa::path(
    post,
    path = "/me/tokens",
    tag = "accounts",
    request_body(content = NewTokenRequest, content_type = "application/json"),
    security(("session" = [])),
    responses(
        (status = 201, description = "The token and its secret", body = NewTokenResponse),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Asked with an API token (`session_required`)", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    actor: CurrentActor,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let req: NewTokenRequest = body.parse()?;
    let scopes = req
        .scopes
        .map_or_else(TokenScopes::all, TokenScopes::from_iter);
    let (token, secret) = state.hub.create_api_token(who, &req.name, scopes).await?;
    let mut res = (
        StatusCode::CREATED,
        Json(NewTokenResponse { token, secret }),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Revoke an API token.
#[utoipa::path(
    delete,
    path = "/me/tokens/{id}",
    tag = "accounts",
    params(("id" = i64, Path, description = "Token id")),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "The id is not a number", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such token of this account", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn delete_token(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    let who = actor.require()?;
    state.hub.delete_api_token(who, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
