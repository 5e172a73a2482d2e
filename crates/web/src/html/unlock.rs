//! Lockout recovery in the browser: ask for a sign-in link by e-mail, then
//! follow it. The link's page asks for a press of a button before it signs in,
//! because mail scanners open links and would spend a one-use link.

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use mhub_core::CoreError;

use super::account::{AuthPage, Input, signed_in, summary};
use super::forms;
use super::pages::lang_or_404;
use super::trust::MessagePage;
use super::{Chrome, HtmlError, Ui, html};
use crate::AppState;
use crate::extract::CurrentActor;
use crate::extract::actor::ClientAddr;

type PageResult = Result<Response, HtmlError>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{lang}/sign-in/unlock", get(request_form).post(request))
        .route(
            "/{lang}/sign-in/unlock/{secret}",
            get(link_page).post(follow_link),
        )
}

fn email_input(ui: Ui, email: &str, error: Option<String>) -> Input {
    Input {
        id: "email",
        kind: "email",
        label: ui.t("form-email"),
        help: String::new(),
        value: email.to_string(),
        autocomplete: "username",
        error,
    }
}

fn request_page(ui: Ui, actor: &CurrentActor, csrf: String, input: Input) -> AuthPage {
    let inputs = vec![input];
    AuthPage {
        chrome: Chrome::new(ui.lang, ui.t("unlock-title"), "/sign-in/unlock")
            .with(actor)
            .section("sign-in"),
        heading: ui.t("unlock-title"),
        intro: ui.t("unlock-intro"),
        action: format!("/{}/sign-in/unlock", ui.code()),
        csrf,
        next: String::new(),
        errors: summary(&inputs, None),
        inputs,
        submit: ui.t("unlock-submit"),
        other_href: format!("/{}/sign-in", ui.code()),
        other_text: ui.t("unlock-back"),
        help_link: None,
    }
}

async fn request_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let (csrf, cookie) = forms::form_token(&state, &actor, &headers);
    let page = request_page(ui, &actor, csrf, email_input(ui, "", None));
    Ok(forms::with_cookie(
        html(StatusCode::OK, page.render()),
        cookie,
    ))
}

fn message(ui: Ui, actor: &CurrentActor, heading: &str, text: String) -> MessagePage {
    MessagePage {
        chrome: Chrome::new(ui.lang, ui.t(heading), "/sign-in/unlock")
            .with(actor)
            .section("sign-in"),
        heading: ui.t(heading),
        message: text,
        link: Some((format!("/{}/sign-in", ui.code()), ui.t("unlock-back"))),
    }
}

async fn request(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::anonymous_form(&state, &actor, &headers, &body, lang)?;
    let email = forms::text(&form, "email");
    match state.hub.request_unlock_link(&email, lang.code()).await {
        Ok(()) => {
            let page = message(
                ui,
                &actor,
                "unlock-sent-title",
                ui.ts("unlock-sent-text", "email", email.trim()),
            );
            Ok(html(StatusCode::OK, page.render()))
        }
        Err(CoreError::Validation(errs)) => {
            let error = errs.first().map(|e| forms::message(ui, e));
            let csrf = forms::text(&form, crate::middleware::csrf::FORM_FIELD);
            let page = request_page(ui, &actor, csrf, email_input(ui, &email, error));
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
        }
        Err(e) => Err(HtmlError {
            lang,
            err: e.into(),
        }),
    }
}

async fn link_page(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, secret)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let (csrf, cookie) = forms::form_token(&state, &actor, &headers);
    let page = AuthPage {
        chrome: Chrome::new(ui.lang, ui.t("unlock-follow-title"), "/sign-in/unlock")
            .with(&actor)
            .section("sign-in"),
        heading: ui.t("unlock-follow-title"),
        intro: ui.t("unlock-follow-intro"),
        action: format!("/{}/sign-in/unlock/{secret}", ui.code()),
        csrf,
        next: String::new(),
        inputs: Vec::new(),
        errors: Vec::new(),
        submit: ui.t("sign-in-submit"),
        other_href: format!("/{}/sign-in/unlock", ui.code()),
        other_text: ui.t("unlock-new-link"),
        help_link: None,
    };
    Ok(forms::with_cookie(
        html(StatusCode::OK, page.render()),
        cookie,
    ))
}

async fn follow_link(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, secret)): Path<(String, String)>,
    headers: HeaderMap,
    addr: ClientAddr,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    forms::anonymous_form(&state, &actor, &headers, &body, lang)?;
    match state.hub.sign_in_with_unlock_link(&secret, &addr.0).await {
        Ok(signed) => Ok(signed_in(
            &state,
            &signed.session_token,
            &format!("/{}/account", lang.code()),
        )),
        Err(CoreError::NotFound) => {
            let page = message(
                ui,
                &actor,
                "unlock-invalid-title",
                ui.t("unlock-invalid-text"),
            );
            Ok(html(StatusCode::NOT_FOUND, page.render()))
        }
        Err(e) => Err(HtmlError {
            lang,
            err: e.into(),
        }),
    }
}
