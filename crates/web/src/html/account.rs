//! Sign-up, sign-in, sign-out and the signed-in person's own pages: profile,
//! organisations, API tokens, personal data, erasure, and their submissions.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mhub_core::CoreError;
use mhub_core::accounts::{ApiToken, Membership, Role, Scope, TokenScopes};
use mhub_core::hub::{JoinOutcome, PracticeQuery, SESSION_LIFETIME};
use mhub_core::organisations::{MemberRole, MembershipStatus};
use mhub_i18n::Lang;

use super::forms::{self, SummaryError};
use super::pages::{PracticeItem, lang_or_404};
use super::{Chrome, HtmlError, OrPage, Ui, html};
use crate::AppState;
use crate::extract::actor::{Auth, ClientAddr};
use crate::extract::{CurrentActor, QueryPairs, cookies};

type PageResult = Result<Response, HtmlError>;

/// A plain input of the account forms.
pub struct Input {
    pub id: &'static str,
    pub kind: &'static str,
    pub label: String,
    pub help: String,
    pub value: String,
    pub autocomplete: &'static str,
    pub error: Option<String>,
}

/// Where to go after signing in: a path on this site (the shared rule of
/// `crate::redirect`), else the language's home page.
fn safe_next(lang: Lang, next: &str) -> String {
    // Signed in with nowhere else to go: the account page, as before.
    if next.is_empty() {
        return format!("/{}/account", lang.code());
    }
    crate::redirect::local_or_home(lang, next)
}

/// Sends anonymous readers to the sign-in page, coming back here afterwards.
pub fn require_sign_in(lang: Lang, actor: &CurrentActor, here: &str) -> Option<Response> {
    if actor.actor.account.is_some() {
        return None;
    }
    let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
    Some(forms::see_other(&format!(
        "/{}/sign-in?next={next}",
        lang.code()
    )))
}

pub(super) fn summary(inputs: &[Input], extra: Option<String>) -> Vec<SummaryError> {
    extra
        .map(|text| SummaryError {
            href: format!("#{}", inputs.first().map(|i| i.id).unwrap_or("main")),
            text,
        })
        .into_iter()
        .chain(inputs.iter().filter_map(|i| {
            i.error.as_ref().map(|e| SummaryError {
                href: format!("#{}", i.id),
                text: format!("{}: {e}", i.label),
            })
        }))
        .collect()
}

// ------------------------------------------------------------ sign-up

#[derive(Template)]
#[template(path = "auth_form.html")]
pub(super) struct AuthPage {
    pub chrome: Chrome,
    pub heading: String,
    pub intro: String,
    pub action: String,
    pub csrf: String,
    pub next: String,
    pub inputs: Vec<Input>,
    pub errors: Vec<SummaryError>,
    pub submit: String,
    pub other_href: String,
    pub other_text: String,
    /// A second way on, such as the sign-in link for a locked-out person.
    pub help_link: Option<(String, String)>,
}

fn sign_up_inputs(ui: Ui, email: &str, name: &str) -> Vec<Input> {
    vec![
        Input {
            id: "email",
            kind: "email",
            label: ui.t("form-email"),
            help: String::new(),
            value: email.to_string(),
            autocomplete: "email",
            error: None,
        },
        Input {
            id: "display_name",
            kind: "text",
            label: ui.t("form-display-name"),
            help: ui.t("form-display-name-help"),
            value: name.to_string(),
            autocomplete: "name",
            error: None,
        },
        Input {
            id: "password",
            kind: "password",
            label: ui.t("form-password"),
            help: ui.tn("form-password-help", mhub_core::hub::MIN_PASSWORD as i64),
            value: String::new(),
            autocomplete: "new-password",
            error: None,
        },
    ]
}

fn sign_up_page(
    ui: Ui,
    actor: &CurrentActor,
    csrf: String,
    inputs: Vec<Input>,
    extra: Option<String>,
) -> AuthPage {
    let errors = summary(&inputs, extra);
    AuthPage {
        chrome: Chrome::new(ui.lang, ui.t("sign-up-title"), "/sign-up")
            .with(actor)
            .section("sign-up"),
        heading: ui.t("sign-up-title"),
        intro: ui.t("sign-up-intro"),
        action: format!("/{}/sign-up", ui.code()),
        csrf,
        next: String::new(),
        inputs,
        errors,
        submit: ui.t("sign-up-submit"),
        other_href: format!("/{}/sign-in", ui.code()),
        other_text: ui.t("sign-up-have-account"),
        help_link: None,
    }
}

pub async fn sign_up_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    if actor.actor.account.is_some() {
        return Ok(forms::see_other(&format!("/{}/account", lang.code())));
    }
    let (csrf, cookie) = forms::form_token(&state, &actor, &headers);
    let page = sign_up_page(ui, &actor, csrf, sign_up_inputs(ui, "", ""), None);
    Ok(forms::with_cookie(
        html(StatusCode::OK, page.render()),
        cookie,
    ))
}

pub async fn sign_up(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    addr: ClientAddr,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::anonymous_form(&state, &actor, &headers, &body, lang)?;
    let (email, name, password) = (
        forms::text(&form, "email"),
        forms::text(&form, "display_name"),
        form.0
            .iter()
            .find(|(k, _)| k == "password")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
    );
    let result = state
        .hub
        .register(&actor.actor, &email, &name, &password, Role::Contributor)
        .await;
    let mut inputs = sign_up_inputs(ui, &email, &name);
    let errors = match result {
        Ok(_) => {
            let signed = state
                .hub
                .sign_in(&email, &password, &addr.0)
                .await
                .or_page(lang)?;
            return Ok(signed_in(
                &state,
                &signed.session_token,
                &format!("/{}/account", lang.code()),
            ));
        }
        Err(CoreError::Validation(errs)) => errs,
        Err(CoreError::Conflict { field }) => {
            vec![mhub_core::FieldError::new(field, "already_exists")]
        }
        Err(e) => {
            return Err(HtmlError {
                lang,
                err: e.into(),
            });
        }
    };
    for e in &errors {
        if let Some(i) = inputs.iter_mut().find(|i| i.id == e.field) {
            i.error = Some(forms::message(ui, e));
        }
    }
    let csrf = forms::text(&form, crate::middleware::csrf::FORM_FIELD);
    let page = sign_up_page(ui, &actor, csrf, inputs, None);
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
}

/// Sets the session cookie and goes on.
pub(super) fn signed_in(state: &AppState, token: &str, to: &str) -> Response {
    let mut res = forms::see_other(to);
    if let Some(c) = cookies::session(&state.config, token, SESSION_LIFETIME.whole_seconds()) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

// ------------------------------------------------------------ sign-in

fn sign_in_inputs(ui: Ui, email: &str) -> Vec<Input> {
    vec![
        Input {
            id: "email",
            kind: "email",
            label: ui.t("form-email"),
            help: String::new(),
            value: email.to_string(),
            autocomplete: "username",
            error: None,
        },
        Input {
            id: "password",
            kind: "password",
            label: ui.t("form-password"),
            help: String::new(),
            value: String::new(),
            autocomplete: "current-password",
            error: None,
        },
    ]
}

fn sign_in_page(
    ui: Ui,
    actor: &CurrentActor,
    csrf: String,
    next: String,
    inputs: Vec<Input>,
    extra: Option<String>,
) -> AuthPage {
    let errors = summary(&inputs, extra);
    AuthPage {
        chrome: Chrome::new(ui.lang, ui.t("sign-in-title"), "/sign-in")
            .with(actor)
            .section("sign-in"),
        heading: ui.t("sign-in-title"),
        intro: ui.t("sign-in-intro"),
        action: format!("/{}/sign-in", ui.code()),
        csrf,
        next,
        inputs,
        errors,
        submit: ui.t("sign-in-submit"),
        other_href: format!("/{}/sign-up", ui.code()),
        other_text: ui.t("sign-in-no-account"),
        help_link: Some((
            format!("/{}/sign-in/unlock", ui.code()),
            ui.t("sign-in-unlock-link"),
        )),
    }
}

pub async fn sign_in_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    // Untrimmed: a target with whitespace or control characters is refused whole.
    let next = forms::raw(&q, "next");
    if actor.actor.account.is_some() {
        return Ok(forms::see_other(&safe_next(lang, &next)));
    }
    let (csrf, cookie) = forms::form_token(&state, &actor, &headers);
    let page = sign_in_page(ui, &actor, csrf, next, sign_in_inputs(ui, ""), None);
    Ok(forms::with_cookie(
        html(StatusCode::OK, page.render()),
        cookie,
    ))
}

pub async fn sign_in(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    addr: ClientAddr,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::anonymous_form(&state, &actor, &headers, &body, lang)?;
    let email = forms::text(&form, "email");
    let password = form
        .0
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let next = forms::raw(&form, "next");
    let mut retry_after = None;
    let problem = match state.hub.sign_in(&email, &password, &addr.0).await {
        Ok(signed) => {
            return Ok(signed_in(
                &state,
                &signed.session_token,
                &safe_next(lang, &next),
            ));
        }
        Err(CoreError::BadCredentials) => ui.t("error-bad_credentials"),
        Err(CoreError::RateLimited { retry_after_secs }) => {
            retry_after = Some(retry_after_secs);
            ui.tn(
                "sign-in-rate-limited",
                i64::try_from(retry_after_secs).unwrap_or(i64::MAX),
            )
        }
        Err(e) => {
            return Err(HtmlError {
                lang,
                err: e.into(),
            });
        }
    };
    let csrf = forms::text(&form, crate::middleware::csrf::FORM_FIELD);
    let page = sign_in_page(
        ui,
        &actor,
        csrf,
        next,
        sign_in_inputs(ui, &email),
        Some(problem),
    );
    Ok(match retry_after {
        Some(secs) => {
            let mut res = html(StatusCode::TOO_MANY_REQUESTS, page.render());
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
        None => html(StatusCode::UNAUTHORIZED, page.render()),
    })
}

pub async fn sign_out(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Auth::Session { token, .. } = &actor.auth {
        state.hub.sign_out(token).await.or_page(lang)?;
    }
    let mut res = forms::see_other(&format!("/{}/", lang.code()));
    if let Some(c) = cookies::clear_session(&state.config) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

// ------------------------------------------------------------ profile

pub struct TokenRow {
    pub name: String,
    pub prefix: String,
    /// The token's scopes, named in the reader's language.
    pub scopes: String,
    pub created: String,
    pub last_used: String,
    pub delete_action: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    csrf: String,
    name: String,
    email: String,
    role: String,
    email_confirmed: bool,
    memberships: Vec<MembershipRow>,
    /// What was decided about the person's memberships, newest first.
    events: Vec<(String, String)>,
    tokens: Vec<TokenRow>,
    new_token: Option<String>,
    org_error: Option<String>,
    token_error: Option<String>,
    org_name: String,
    token_name: String,
    /// The scope checkboxes of the new-token form.
    scope_choices: Vec<ScopeChoice>,
    scopes_error: Option<String>,
    countries: Vec<super::pages::SelectOption>,
    notice: Option<String>,
}

pub struct MembershipRow {
    pub href: String,
    pub name: String,
    pub status: String,
    pub role: String,
    /// The members page, for managers.
    pub manage_href: Option<String>,
}

/// One checkbox of the token form.
pub struct ScopeChoice {
    pub value: &'static str,
    pub label: String,
    pub checked: bool,
}

/// A scope's name in the reader's language.
fn scope_label(ui: Ui, scope: Scope) -> String {
    match scope {
        Scope::Read => ui.t("token-scope-read"),
        Scope::Practices => ui.t("token-scope-practices"),
        Scope::Curation => ui.t("token-scope-curation"),
        Scope::Account => ui.t("token-scope-account"),
    }
}

pub fn date(t: time::OffsetDateTime) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

struct ProfileExtras {
    new_token: Option<String>,
    org_error: Option<String>,
    token_error: Option<String>,
    org_name: String,
    token_name: String,
    /// Scopes ticked in the token form (`read` on a fresh form).
    token_scopes: TokenScopes,
    scopes_error: Option<String>,
    notice: Option<String>,
}

async fn profile_page(
    state: &AppState,
    actor: &CurrentActor,
    lang: Lang,
    extras: ProfileExtras,
) -> Result<AccountPage, HtmlError> {
    let ui = Ui { lang };
    let account = actor
        .require()
        .or_page(lang)?
        .account
        .clone()
        .ok_or(HtmlError {
            lang,
            err: CoreError::Unauthenticated.into(),
        })?;
    let memberships: Vec<Membership> = state.hub.memberships(&actor.actor).await.or_page(lang)?;
    let tokens: Vec<ApiToken> = state.hub.api_tokens(&actor.actor).await.or_page(lang)?;
    let catalog = state.hub.catalog();
    let csrf = match &actor.auth {
        Auth::Session { csrf, .. } => csrf.clone(),
        _ => String::new(),
    };
    Ok(AccountPage {
        chrome: Chrome::new(lang, ui.t("account-title"), "/account")
            .with(actor)
            .section("account"),
        csrf,
        name: account.display_name.clone(),
        email: account.email.clone(),
        role: ui.t(&format!("role-{}", account.role.as_str())),
        email_confirmed: account.email_confirmed,
        memberships: memberships
            .iter()
            .map(|m| MembershipRow {
                href: format!("/{}/organisations/{}", lang.code(), m.organisation.slug),
                name: m.organisation.name.clone(),
                status: ui.t(&format!("membership-{}", m.status.as_str())),
                role: ui.t(&format!("member-role-{}", m.role.as_str())),
                manage_href: (m.status == MembershipStatus::Active
                    && m.role == MemberRole::Manager)
                    .then(|| {
                        format!(
                            "/{}/organisations/{}/members",
                            lang.code(),
                            m.organisation.slug
                        )
                    }),
            })
            .collect(),
        events: state
            .hub
            .my_organisation_events(&actor.actor)
            .await
            .or_page(lang)?
            .iter()
            .filter(|e| e.actor_id != e.account_id)
            .map(|e| (date(e.at), super::trust::event_text(ui, e)))
            .collect(),
        tokens: tokens
            .iter()
            .map(|t| TokenRow {
                name: t.name.clone(),
                prefix: t.prefix.clone(),
                scopes: t
                    .scopes
                    .iter()
                    .map(|s| scope_label(ui, s))
                    .collect::<Vec<_>>()
                    .join(", "),
                created: date(t.created_at),
                last_used: t
                    .last_used_at
                    .map(date)
                    .unwrap_or_else(|| ui.t("token-never-used")),
                delete_action: format!("/{}/account/tokens/{}/delete", lang.code(), t.id),
            })
            .collect(),
        new_token: extras.new_token,
        org_error: extras.org_error,
        token_error: extras.token_error,
        org_name: extras.org_name,
        token_name: extras.token_name,
        scope_choices: Scope::ALL
            .into_iter()
            .map(|s| ScopeChoice {
                value: s.as_str(),
                label: scope_label(ui, s),
                checked: extras.token_scopes.contains(s),
            })
            .collect(),
        scopes_error: extras.scopes_error,
        countries: super::pages::options(
            catalog
                .countries()
                .iter()
                .map(|c| (c.iso2.clone(), c.name(lang.code()).to_string())),
            &[],
        ),
        notice: extras.notice,
    })
}

fn no_extras() -> ProfileExtras {
    ProfileExtras {
        new_token: None,
        org_error: None,
        token_error: None,
        org_name: String::new(),
        token_name: String::new(),
        token_scopes: TokenScopes::from_iter([Scope::Read]),
        scopes_error: None,
        notice: None,
    }
}

pub async fn profile(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/account") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let mut extras = no_extras();
    extras.notice = match q.one("done").ok().flatten().as_deref() {
        Some("organisation") => Some(ui.t("account-joined")),
        Some("requested") => Some(ui.t("account-requested")),
        Some("created") => Some(ui.t("account-created-organisation")),
        Some("confirmation-sent") => Some(ui.t("account-done-confirmation-sent")),
        Some("token-deleted") => Some(ui.t("token-deleted")),
        _ => None,
    };
    let page = profile_page(&state, &actor, lang, extras).await?;
    Ok(html(StatusCode::OK, page.render()))
}

pub async fn join_organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let name = forms::text(&form, "name");
    let country = forms::text(&form, "country");
    let country = (!country.is_empty()).then_some(country);
    match state
        .hub
        .join_organisation(&actor.actor, &name, country.as_deref())
        .await
    {
        Ok((_, outcome)) => Ok(forms::see_other(&format!(
            "/{}/account?done={}",
            lang.code(),
            match outcome {
                JoinOutcome::Requested => "requested",
                JoinOutcome::Created => "created",
                JoinOutcome::AlreadyMember => "organisation",
            }
        ))),
        Err(CoreError::Validation(errs)) => {
            let mut extras = no_extras();
            extras.org_error = errs.first().map(|e| forms::message(ui, e));
            extras.org_name = name;
            let page = profile_page(&state, &actor, lang, extras).await?;
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
        }
        Err(e) => Err(HtmlError {
            lang,
            err: e.into(),
        }),
    }
}

pub async fn create_token(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let name = forms::text(&form, "token_name");
    // Unknown values are ignored: only the four checkboxes can send known ones.
    let scopes: TokenScopes = form
        .0
        .iter()
        .filter(|(k, _)| k == "scope")
        .filter_map(|(_, v)| Scope::parse(v))
        .collect();
    let mut extras = no_extras();
    let status = match state
        .hub
        .create_api_token(&actor.actor, &name, scopes)
        .await
    {
        Ok((_, secret)) => {
            extras.new_token = Some(secret);
            StatusCode::CREATED
        }
        Err(CoreError::Validation(errs)) => {
            for e in &errs {
                let slot = if e.field == "scopes" {
                    &mut extras.scopes_error
                } else {
                    &mut extras.token_error
                };
                slot.get_or_insert_with(|| forms::message(ui, e));
            }
            extras.token_name = name;
            extras.token_scopes = scopes;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(e) => {
            return Err(HtmlError {
                lang,
                err: e.into(),
            });
        }
    };
    // The secret is shown once, on this response: never cache it.
    let page = profile_page(&state, &actor, lang, extras).await?;
    let mut res = html(status, page.render());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

pub async fn delete_token(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    state
        .hub
        .delete_api_token(&actor.actor, id)
        .await
        .or_page(lang)?;
    Ok(forms::see_other(&format!(
        "/{}/account?done=token-deleted",
        lang.code()
    )))
}

pub async fn export(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/account") {
        return Ok(r);
    }
    let data = state.hub.personal_data(&actor.actor).await.or_page(lang)?;
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"mhub-my-data.json\""),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "erase.html")]
struct ErasePage {
    chrome: Chrome,
    csrf: String,
    error: Option<String>,
}

pub async fn erase_form(
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/account/erase") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let csrf = match &actor.auth {
        Auth::Session { csrf, .. } => csrf.clone(),
        _ => String::new(),
    };
    let page = ErasePage {
        chrome: Chrome::new(lang, ui.t("erase-title"), "/account/erase")
            .with(&actor)
            .section("account"),
        csrf,
        error: None,
    };
    Ok(html(StatusCode::OK, page.render()))
}

pub async fn erase(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    if forms::text(&form, "confirm") != "yes" {
        let csrf = match &actor.auth {
            Auth::Session { csrf, .. } => csrf.clone(),
            _ => String::new(),
        };
        let page = ErasePage {
            chrome: Chrome::new(lang, ui.t("erase-title"), "/account/erase")
                .with(&actor)
                .section("account"),
            csrf,
            error: Some(ui.t("erase-confirm-required")),
        };
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()));
    }
    state.hub.erase_account(&actor.actor).await.or_page(lang)?;
    let mut res = forms::see_other(&format!("/{}/", lang.code()));
    if let Some(c) = cookies::clear_session(&state.config) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(res)
}

// ------------------------------------------------------------ my submissions

pub struct MyRow {
    pub item: PracticeItem,
    pub status: String,
    pub status_class: &'static str,
    pub updated: String,
    pub edit_href: Option<String>,
}

#[derive(Template)]
#[template(path = "my_practices.html")]
struct MyPracticesPage {
    chrome: Chrome,
    rows: Vec<MyRow>,
    count_line: String,
}

pub async fn my_practices(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/account/practices") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let q = PracticeQuery {
        status: mhub_core::curation::Status::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        sort: Some("-updated".into()),
        limit: Some(100),
        ..Default::default()
    };
    let page = state
        .hub
        .practices_page(&actor.actor, &q)
        .await
        .or_page(lang)?;
    let catalog = state.hub.catalog();
    let mine: Vec<MyRow> = page
        .iter()
        // Curators list everything; this page is about one's own records.
        .filter(|p| {
            p.created_by == actor.actor.id() || !actor.actor.role().is_some_and(Role::is_curator)
        })
        .map(|p| MyRow {
            item: PracticeItem::new(p, ui, &catalog),
            status: ui.t(&format!("status-{}", p.status.as_str())),
            status_class: super::pages::status_class(p.status),
            updated: date(p.updated_at),
            edit_href: p
                .status
                .owner_may_edit()
                .then(|| format!("/{}/practices/{}/edit", lang.code(), p.slug)),
        })
        .collect();
    let p = MyPracticesPage {
        chrome: Chrome::new(lang, ui.t("my-practices-title"), "/account/practices")
            .with(&actor)
            .section("account"),
        count_line: ui.tn("practice-count", mine.len() as i64),
        rows: mine,
    };
    Ok(html(StatusCode::OK, p.render()))
}
