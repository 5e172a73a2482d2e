//! Pages of the trust area: e-mail confirmation, invitations, an organisation's
//! members, owners' requests, and the editors' organisations and admins'
//! accounts pages. Every form works without JavaScript and asks before it
//! removes anyone.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use mhub_core::CoreError;
use mhub_core::accounts::Role;
use mhub_core::organisations::{MemberRole, MembershipStatus};
use mhub_core::requests::{RequestKind, RequestStatus};
use mhub_i18n::Lang;

use super::account::{date, require_sign_in};
use super::forms;
use super::pages::lang_or_404;
use super::{Chrome, HtmlError, OrPage, Ui, html};
use crate::AppState;
use crate::extract::{CurrentActor, QueryPairs};

type PageResult = Result<Response, HtmlError>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/confirm-email/{secret}", get(confirm_email))
        .route("/{lang}/account/confirmation", post(resend_confirmation))
        .route(
            "/{lang}/invitations/{secret}",
            get(invitation).post(accept_invitation),
        )
        .route("/{lang}/organisations/{slug}/members", get(members))
        .route(
            "/{lang}/organisations/{slug}/members/{id}",
            post(change_member),
        )
        .route("/{lang}/organisations/{slug}/invitations", post(invite))
        .route("/{lang}/requests/{id}", get(request).post(decide_request))
        .route("/{lang}/admin/organisations", get(admin_organisations))
        .route(
            "/{lang}/admin/organisations/confirm",
            post(confirm_organisation),
        )
        .route(
            "/{lang}/admin/organisations/merge",
            post(merge_organisations),
        )
        .route("/{lang}/admin/accounts", get(admin_accounts))
        .route("/{lang}/admin/accounts/{id}", post(change_account))
}

fn err(lang: Lang, e: impl Into<crate::error::AppError>) -> HtmlError {
    HtmlError {
        lang,
        err: e.into(),
    }
}

/// A short page that says one thing: a confirmed address, an accepted invitation.
#[derive(Template)]
#[template(path = "message.html")]
pub(super) struct MessagePage {
    pub chrome: Chrome,
    pub heading: String,
    pub message: String,
    pub link: Option<(String, String)>,
}

fn message_page(lang: Lang, actor: &CurrentActor, heading: &str, message: String) -> Response {
    let ui = Ui { lang };
    let page = MessagePage {
        chrome: Chrome::new(lang, ui.t(heading), "/account").with(actor),
        heading: ui.t(heading),
        message,
        link: Some((format!("/{}/account", lang.code()), ui.t("account-title"))),
    };
    html(StatusCode::OK, page.render())
}

// ------------------------------------------------------------ e-mail

async fn confirm_email(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, secret)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    match state.hub.confirm_email(&secret).await {
        Ok(account) => Ok(message_page(
            lang,
            &actor,
            "email-confirmed-title",
            ui.ts("email-confirmed-text", "email", &account.email),
        )),
        Err(CoreError::NotFound) => Ok(message_page(
            lang,
            &actor,
            "email-link-invalid-title",
            ui.t("email-link-invalid-text"),
        )),
        Err(e) => Err(err(lang, e)),
    }
}

async fn resend_confirmation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    state
        .hub
        .resend_confirmation(&actor.actor)
        .await
        .or_page(lang)?;
    Ok(forms::see_other(&format!(
        "/{}/account?done=confirmation-sent",
        lang.code()
    )))
}

// ------------------------------------------------------------ invitations

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage {
    chrome: Chrome,
    csrf: String,
    organisation: String,
    role: String,
    email: String,
    /// Used or expired: nothing to accept.
    closed: bool,
}

async fn invitation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, secret)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/invitations/{secret}")) {
        return Ok(r);
    }
    let ui = Ui { lang };
    let inv = state.hub.invitation(&secret).await.or_page(lang)?;
    let page = InvitationPage {
        chrome: Chrome::new(lang, ui.t("invitation-title"), "/account").with(&actor),
        csrf: forms::csrf_of(&actor),
        organisation: inv.organisation.name.clone(),
        role: ui.t(&format!("member-role-{}", inv.role.as_str())),
        email: inv.email.clone(),
        closed: inv.accepted_at.is_some() || inv.expires_at < time::OffsetDateTime::now_utc(),
    };
    Ok(html(StatusCode::OK, page.render()))
}

async fn accept_invitation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, secret)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    match state.hub.accept_invitation(&actor.actor, &secret).await {
        Ok(m) => Ok(forms::see_other(&format!(
            "/{}/organisations/{}",
            lang.code(),
            m.organisation.slug
        ))),
        Err(e) => Err(err(lang, e)),
    }
}

// ------------------------------------------------------------ members

pub struct MemberRow {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub manager: bool,
    pub pending: bool,
    pub declined: bool,
    pub status: String,
    pub since: String,
    pub is_self: bool,
}

pub struct EventRow {
    pub at: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    chrome: Chrome,
    csrf: String,
    organisation: String,
    organisation_href: String,
    confirmed: bool,
    action: String,
    invite_action: String,
    pending: Vec<MemberRow>,
    members: Vec<MemberRow>,
    events: Vec<EventRow>,
    notice: Option<String>,
    invite_error: Option<String>,
    invite_email: String,
    invite_link: Option<String>,
}

pub fn event_text(ui: Ui, e: &mhub_core::organisations::OrganisationEvent) -> String {
    let key = format!("org-event-{}", e.kind.as_str().replace('_', "-"));
    // A role is named in the reader's language; slugs and addresses as they are.
    let detail = match e.detail.as_deref().and_then(MemberRole::parse) {
        Some(role) => ui.t(&format!("member-role-{}", role.as_str())),
        None => e.detail.clone().unwrap_or_default(),
    };
    mhub_i18n::t_args(
        ui.lang,
        &key,
        &[
            ("person", e.account_name.as_deref().unwrap_or("—").into()),
            ("actor", e.actor_name.as_deref().unwrap_or("—").into()),
            ("detail", detail.into()),
        ],
    )
}

/// What the members page shows besides the lists.
#[derive(Default)]
struct MembersExtras {
    notice: Option<String>,
    invite_error: Option<String>,
    invite_email: String,
    invite_link: Option<String>,
}

async fn members_page(
    state: &AppState,
    actor: &CurrentActor,
    lang: Lang,
    slug: &str,
    extras: MembersExtras,
) -> Result<MembersPage, HtmlError> {
    let ui = Ui { lang };
    let l = lang.code();
    let admin = state
        .hub
        .organisation_admin(&actor.actor, slug)
        .await
        .or_page(lang)?;
    let me = actor.actor.id();
    let rows = admin.members.iter().map(|m| MemberRow {
        account_id: m.account_id,
        name: m.display_name.clone(),
        email: m.email.clone(),
        role: ui.t(&format!("member-role-{}", m.role.as_str())),
        manager: m.role == MemberRole::Manager,
        pending: m.status == MembershipStatus::Pending,
        declined: m.status == MembershipStatus::Declined,
        status: ui.t(&format!("membership-{}", m.status.as_str())),
        since: date(m.since),
        is_self: Some(m.account_id) == me,
    });
    // Declined requests are history (shown in the trail), not members.
    let (pending, members): (Vec<MemberRow>, Vec<MemberRow>) =
        rows.filter(|r| !r.declined).partition(|r| r.pending);
    let o = &admin.organisation;
    Ok(MembersPage {
        chrome: Chrome::new(
            lang,
            ui.ts("members-title", "organisation", &o.name),
            &format!("/organisations/{}/members", o.slug),
        )
        .with(actor),
        csrf: forms::csrf_of(actor),
        organisation: o.name.clone(),
        organisation_href: format!("/{l}/organisations/{}", o.slug),
        confirmed: o.confirmed,
        action: format!("/{l}/organisations/{}/members", o.slug),
        invite_action: format!("/{l}/organisations/{}/invitations", o.slug),
        pending,
        members,
        events: admin
            .events
            .iter()
            .map(|e| EventRow {
                at: date(e.at),
                text: event_text(ui, e),
            })
            .collect(),
        notice: extras.notice,
        invite_error: extras.invite_error,
        invite_email: extras.invite_email,
        invite_link: extras.invite_link,
    })
}

async fn members(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/organisations/{slug}/members")) {
        return Ok(r);
    }
    let ui = Ui { lang };
    let extras = MembersExtras {
        notice: q
            .one("done")
            .ok()
            .flatten()
            .filter(|d| d.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .map(|d| ui.t(&format!("members-done-{d}"))),
        ..Default::default()
    };
    let page = members_page(&state, &actor, lang, &slug, extras).await?;
    Ok(html(StatusCode::OK, page.render()))
}

/// One form per change: `do` is approve, decline, make_manager, make_member or remove.
async fn change_member(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug, id)): Path<(String, String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let form = forms::parse(&body);
    let hub = &state.hub;
    let who = &actor.actor;
    let step = forms::text(&form, "do");
    let result = match step.as_str() {
        "approve" => hub.decide_membership(who, &slug, id, true).await,
        "decline" => hub.decide_membership(who, &slug, id, false).await,
        "make_manager" => {
            hub.set_member_role(who, &slug, id, MemberRole::Manager)
                .await
        }
        "make_member" => {
            hub.set_member_role(who, &slug, id, MemberRole::Member)
                .await
        }
        "remove" => hub.remove_member(who, &slug, id).await,
        _ => Err(CoreError::field("do", "required")),
    };
    let left = step == "remove" && who.id() == Some(id);
    match result {
        Ok(()) if left => Ok(forms::see_other(&format!("/{}/account", lang.code()))),
        Ok(()) => Ok(forms::see_other(&format!(
            "/{}/organisations/{slug}/members?done={}",
            lang.code(),
            step.replace('_', "-")
        ))),
        Err(e) => Err(err(lang, e)),
    }
}

async fn invite(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let email = forms::text(&form, "email");
    let role = MemberRole::parse(&forms::text(&form, "role")).unwrap_or(MemberRole::Member);
    let mut extras = MembersExtras::default();
    let status = match state
        .hub
        .invite_member(&actor.actor, &slug, &email, role)
        .await
    {
        Ok((_, secret)) => {
            extras.notice = Some(ui.ts("members-invited", "email", &email));
            extras.invite_link = Some(format!("/{}/invitations/{secret}", lang.code()));
            StatusCode::OK
        }
        Err(CoreError::Validation(errs)) => {
            extras.invite_error = errs.first().map(|e| forms::message(ui, e));
            extras.invite_email = email;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => return Err(err(lang, e)),
    };
    let page = members_page(&state, &actor, lang, &slug, extras).await?;
    Ok(html(status, page.render()))
}

// ------------------------------------------------------------ requests

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    chrome: Chrome,
    csrf: String,
    heading: String,
    practice_href: String,
    kind: String,
    status: String,
    author: String,
    created: String,
    minor: bool,
    note: String,
    changes: Vec<(String, String, String)>,
    decided: Option<String>,
    can_decide: bool,
    can_withdraw: bool,
    error: Option<String>,
    reason: String,
    /// The decision chosen before an error; none is chosen for the reader.
    choice: String,
}

/// What a re-rendered decision form keeps: the error, the reason and the choice.
#[derive(Default)]
struct Typed {
    error: Option<String>,
    reason: String,
    choice: String,
}

async fn request_page(
    state: &AppState,
    actor: &CurrentActor,
    lang: Lang,
    id: i64,
    typed: Typed,
) -> Result<RequestPage, HtmlError> {
    let ui = Ui { lang };
    let l = lang.code();
    let view = state.hub.request(&actor.actor, id).await.or_page(lang)?;
    let r = &view.request;
    let heading = ui.ts(
        &format!("request-title-{}", r.kind.as_str()),
        "title",
        &r.practice_title,
    );
    Ok(RequestPage {
        chrome: Chrome::new(lang, heading.clone(), &format!("/requests/{id}"))
            .with(actor)
            .section("review"),
        csrf: forms::csrf_of(actor),
        heading,
        practice_href: format!("/{l}/practices/{}", r.practice_slug),
        kind: ui.t(&format!("request-{}", r.kind.as_str())),
        status: ui.t(&format!("request-status-{}", r.status.as_str())),
        author: r.author_name.clone().unwrap_or_default(),
        created: date(r.created_at),
        minor: r.minor,
        note: r.note.clone().unwrap_or_default(),
        changes: view
            .changes
            .iter()
            .map(|c| {
                let show = |v: &serde_json::Value| match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    v => v.to_string(),
                };
                (c.field.clone(), show(&c.before), show(&c.after))
            })
            .collect(),
        decided: (r.status != RequestStatus::Pending).then(|| {
            let when = r.decided_at.map(date).unwrap_or_default();
            match &r.decision_reason {
                Some(why) => format!("{when} — {why}"),
                None => when,
            }
        }),
        can_decide: view.can_decide,
        can_withdraw: view.can_withdraw,
        error: typed.error,
        reason: typed.reason,
        choice: typed.choice,
    })
}

async fn request(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/requests/{id}")) {
        return Ok(r);
    }
    let page = request_page(&state, &actor, lang, id, Typed::default()).await?;
    Ok(html(StatusCode::OK, page.render()))
}

/// `do` is approve, decline or withdraw.
async fn decide_request(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, id)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let reason = forms::text(&form, "reason");
    let given = (!reason.is_empty()).then(|| reason.clone());
    let choice = forms::text(&form, "do");
    let result = match choice.as_str() {
        "approve" => {
            state
                .hub
                .decide_request(&actor.actor, id, true, given)
                .await
        }
        "decline" => {
            state
                .hub
                .decide_request(&actor.actor, id, false, given)
                .await
        }
        "withdraw" => state.hub.withdraw_request(&actor.actor, id).await,
        _ => Err(CoreError::field("do", "required")),
    };
    match result {
        Ok(r) => {
            let done = match (r.status, r.kind) {
                (RequestStatus::Approved, RequestKind::Archive) => "archived",
                (RequestStatus::Approved, RequestKind::Update) => "update_approved",
                _ => "request_closed",
            };
            Ok(forms::see_other(&format!(
                "/{}/practices/{}?done={done}#curation",
                lang.code(),
                r.practice_slug
            )))
        }
        Err(CoreError::Validation(errs)) => {
            let typed = Typed {
                error: errs.first().map(|e| forms::message(ui, e)),
                reason,
                choice,
            };
            let page = request_page(&state, &actor, lang, id, typed).await?;
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
        }
        Err(e) => Err(err(lang, e)),
    }
}

// ------------------------------------------------------------ editors: organisations

pub struct OrganisationRow {
    pub slug: String,
    pub name: String,
    pub href: String,
    pub members_href: String,
    pub country: String,
}

#[derive(Template)]
#[template(path = "admin_organisations.html")]
struct AdminOrganisationsPage {
    chrome: Chrome,
    csrf: String,
    unconfirmed: Vec<OrganisationRow>,
    notice: Option<String>,
    error: Option<String>,
    from: String,
    into: String,
}

async fn admin_organisations_page(
    state: &AppState,
    actor: &CurrentActor,
    lang: Lang,
    extras: (Option<String>, Option<String>, String, String),
) -> Result<AdminOrganisationsPage, HtmlError> {
    let ui = Ui { lang };
    let l = lang.code();
    let page = state
        .hub
        .unconfirmed_organisations(&actor.actor, 1)
        .await
        .or_page(lang)?;
    let (notice, error, from, into) = extras;
    Ok(AdminOrganisationsPage {
        chrome: Chrome::new(
            lang,
            ui.t("admin-organisations-title"),
            "/admin/organisations",
        )
        .with(actor)
        .section("admin-organisations"),
        csrf: forms::csrf_of(actor),
        unconfirmed: page
            .items
            .iter()
            .map(|o| OrganisationRow {
                slug: o.slug.clone(),
                name: o.name.clone(),
                href: format!("/{l}/organisations/{}", o.slug),
                members_href: format!("/{l}/organisations/{}/members", o.slug),
                country: o.country.clone().unwrap_or_default(),
            })
            .collect(),
        notice,
        error,
        from,
        into,
    })
}

async fn admin_organisations(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/admin/organisations") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let notice = match q.one("done").ok().flatten().as_deref() {
        Some("confirmed") => Some(ui.t("admin-organisations-confirmed")),
        Some("merged") => Some(ui.t("admin-organisations-merged")),
        _ => None,
    };
    let page = admin_organisations_page(
        &state,
        &actor,
        lang,
        (notice, None, String::new(), String::new()),
    )
    .await?;
    Ok(html(StatusCode::OK, page.render()))
}

async fn confirm_organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let form = forms::parse(&body);
    state
        .hub
        .confirm_organisation(&actor.actor, &forms::text(&form, "slug"))
        .await
        .or_page(lang)?;
    Ok(forms::see_other(&format!(
        "/{}/admin/organisations?done=confirmed",
        lang.code()
    )))
}

async fn merge_organisations(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let (from, into) = (forms::text(&form, "from"), forms::text(&form, "into"));
    match state
        .hub
        .merge_organisations(&actor.actor, &from, &into)
        .await
    {
        Ok(_) => Ok(forms::see_other(&format!(
            "/{}/admin/organisations?done=merged",
            lang.code()
        ))),
        Err(CoreError::Validation(errs)) => {
            let msg = errs.first().map(|e| forms::message(ui, e));
            let page =
                admin_organisations_page(&state, &actor, lang, (None, msg, from, into)).await?;
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
        }
        Err(e) => Err(err(lang, e)),
    }
}

// ------------------------------------------------------------ admins: accounts

pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub country: String,
    pub confirmed: bool,
    pub disabled: bool,
    pub is_self: bool,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AdminAccountsPage {
    chrome: Chrome,
    csrf: String,
    q: String,
    accounts: Vec<AccountRow>,
    total: i64,
    roles: Vec<(&'static str, String)>,
    countries: Vec<(String, String)>,
    prev_href: Option<String>,
    next_href: Option<String>,
    notice: Option<String>,
}

async fn admin_accounts(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/admin/accounts") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let l = lang.code();
    let text = q.one("q").ok().flatten().unwrap_or_default();
    let page_no = q
        .one("page")
        .ok()
        .flatten()
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let found = state
        .hub
        .search_accounts(&actor.actor, &text, page_no)
        .await
        .or_page(lang)?;
    let qs: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
    let href = |p: i64| format!("/{l}/admin/accounts?q={qs}&page={p}");
    let catalog = state.hub.catalog();
    let page = AdminAccountsPage {
        chrome: Chrome::new(lang, ui.t("admin-accounts-title"), "/admin/accounts")
            .with(&actor)
            .section("admin-accounts"),
        csrf: forms::csrf_of(&actor),
        accounts: found
            .items
            .iter()
            .map(|a| AccountRow {
                id: a.id,
                name: a.display_name.clone(),
                email: a.email.clone(),
                role: a.role.as_str(),
                country: a.country.clone().unwrap_or_default(),
                confirmed: a.email_confirmed,
                disabled: a.disabled,
                is_self: actor.actor.id() == Some(a.id),
            })
            .collect(),
        total: found.total,
        roles: Role::ALL
            .iter()
            .map(|r| (r.as_str(), ui.t(&format!("role-{}", r.as_str()))))
            .collect(),
        countries: catalog
            .countries()
            .iter()
            .map(|c| (c.iso2.clone(), c.name(l).to_string()))
            .collect(),
        prev_href: (page_no > 1).then(|| href(page_no - 1)),
        next_href: (found.offset + found.limit < found.total).then(|| href(page_no + 1)),
        notice: q
            .one("done")
            .ok()
            .flatten()
            .filter(|d| matches!(d.as_str(), "role" | "disabled" | "enabled"))
            .map(|d| ui.t(&format!("admin-accounts-done-{d}"))),
        q: text,
    };
    Ok(html(StatusCode::OK, page.render()))
}

/// `do` is role (with `role` and, for focal points, `country`), disable or enable.
async fn change_account(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, id)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let form = forms::parse(&body);
    let hub = &state.hub;
    let step = forms::text(&form, "do");
    let result = match step.as_str() {
        "role" => match Role::parse(&forms::text(&form, "role")) {
            Some(role) => {
                let country = forms::text(&form, "country");
                let country = (!country.is_empty()).then_some(country);
                hub.set_role_by_id(&actor.actor, id, role, country.as_deref())
                    .await
            }
            None => Err(CoreError::field("role", "unknown_code")),
        },
        "disable" => hub.set_account_disabled(&actor.actor, id, true).await,
        "enable" => hub.set_account_disabled(&actor.actor, id, false).await,
        _ => Err(CoreError::field("do", "required")),
    };
    let done = match step.as_str() {
        "disable" => "disabled",
        "enable" => "enabled",
        _ => "role",
    };
    result.or_page(lang)?;
    Ok(forms::see_other(&format!(
        "/{}/admin/accounts?done={done}",
        lang.code()
    )))
}
