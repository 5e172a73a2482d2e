//! The small server-rendered site under `/{lang}/`: every string through
//! Fluent, no inline script or style, one fingerprinted stylesheet.

use std::sync::OnceLock;

use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use mhub_core::CoreError;
use mhub_i18n::{Arg, Lang};

use crate::AppState;
use crate::error::AppError;
use crate::extract::cookies;

pub mod account;
pub mod charts;
pub mod curation;
pub mod editor;
pub mod forms;
pub mod pages;
pub mod trust;
pub mod unlock;

pub const LANG_COOKIE: &str = "lang";
const CSS: &str = include_str!("../../static/site.css");
/// htmx 2.0.11 (npm `htmx.org`, BSD-0), unmodified: the search page's progressive enhancement.
const HTMX: &str = include_str!("../../static/htmx.min.js");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(root))
        .route("/static/{file}", get(static_file))
        .route("/{lang}", get(lang_root))
        .route("/{lang}/", get(pages::home))
        .route("/{lang}/practices", get(pages::practices))
        .route("/{lang}/practices/{slug}", get(pages::practice))
        .route("/{lang}/countries", get(pages::countries))
        .route("/{lang}/countries/{iso2}", get(pages::country))
        .route("/{lang}/organisations/{slug}", get(pages::organisation))
        .route("/{lang}/about", get(pages::about))
        .route("/{lang}/privacy", get(pages::privacy))
        .route("/{lang}/accessibility", get(pages::accessibility))
        .route("/{lang}/language", get(switch_language))
        .route(
            "/{lang}/sign-up",
            get(account::sign_up_form).post(account::sign_up),
        )
        .route(
            "/{lang}/sign-in",
            get(account::sign_in_form).post(account::sign_in),
        )
        .route("/{lang}/sign-out", post(account::sign_out))
        .route("/{lang}/account", get(account::profile))
        .route(
            "/{lang}/account/organisations",
            post(account::join_organisation),
        )
        .route("/{lang}/account/tokens", post(account::create_token))
        .route(
            "/{lang}/account/tokens/{id}/delete",
            post(account::delete_token),
        )
        .route("/{lang}/account/export", get(account::export))
        .route(
            "/{lang}/account/erase",
            get(account::erase_form).post(account::erase),
        )
        .route("/{lang}/account/practices", get(account::my_practices))
        .route("/{lang}/submit", get(editor::new_form).post(editor::create))
        .route(
            "/{lang}/practices/{slug}/edit",
            get(editor::edit_form).post(editor::update),
        )
        .route(
            "/{lang}/practices/{slug}/transition",
            post(curation::transition),
        )
        .route("/{lang}/practices/{slug}/history", get(curation::history))
        .route(
            "/{lang}/practices/{slug}/review",
            get(curation::review_form).post(curation::review),
        )
        .route("/{lang}/practices/{slug}/assign", post(curation::assign))
        .route("/{lang}/review", get(curation::queue))
        .merge(trust::router())
        .merge(unlock::router())
        .layer(axum::middleware::from_fn(etag))
        .layer(axum::middleware::from_fn(error_chrome))
}

/// Error pages are rendered where the error happens, which may not know who is
/// signed in; this puts the signed-in header on them, so a refusal is shown to
/// the person it concerns.
async fn error_chrome(req: Request, next: axum::middleware::Next) -> Response {
    let actor = req
        .extensions()
        .get::<crate::extract::CurrentActor>()
        .filter(|a| a.actor.account.is_some())
        .cloned();
    let mut res = next.run(req).await;
    let Some(actor) = actor else { return res };
    let Some(mut page) = res.extensions_mut().remove::<ErrorPage>() else {
        return res;
    };
    page.chrome = page.chrome.with(&actor);
    let mut fresh = html(res.status(), page.render());
    for (name, value) in res.headers() {
        if name != header::CONTENT_LENGTH {
            fresh.headers_mut().insert(name.clone(), value.clone());
        }
    }
    fresh
}

/// Pages get an ETag from their bytes: a reload of an unchanged page is a 304.
async fn etag(req: Request, next: axum::middleware::Next) -> Response {
    let is_get = req.method() == axum::http::Method::GET;
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_get || res.status() != StatusCode::OK || !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let tag = format!("\"{:016x}\"", fnv(&bytes));
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    parts.headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Encoding, HX-Request, HX-Boosted"),
    );
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if if_none_match
        .as_deref()
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag))
    {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// FNV-1a: stable across builds and platforms, enough to tell versions apart.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The language switcher: remembers the choice in the `lang` cookie, then shows
/// the same page (`next`, a path after the language prefix) in that language.
async fn switch_language(
    axum::extract::Path(lang): axum::extract::Path<String>,
    headers: HeaderMap,
    q: crate::extract::QueryPairs,
) -> Response {
    let Some(lang) = path_lang(&lang) else {
        return not_found_page(lang_of_request(&headers, None));
    };
    let next = forms::raw(&q, "next");
    // `next` is the path after the language prefix, under the one rule for redirects.
    let target = crate::redirect::local_path(&next)
        .map(|n| format!("/{}{n}", lang.code()))
        .unwrap_or_else(|| format!("/{}/", lang.code()));
    let mut res = Redirect::to(&target).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

/// `/static/site.<hash>.css`: the hash changes with the content, so it may be cached for a year.
pub fn css_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| fingerprinted("site", CSS, "css"))
}

/// `/static/htmx.<hash>.js`, cached for a year like the stylesheet.
pub fn htmx_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| fingerprinted("htmx", HTMX, "js"))
}

fn fingerprinted(name: &str, content: &str, ext: &str) -> String {
    let hash = fnv(content.as_bytes());
    format!("/static/{name}.{:012x}.{ext}", hash & 0xffff_ffff_ffff)
}

async fn static_file(
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let path = format!("/static/{file}");
    let (content_type, body) = if path == css_path() {
        ("text/css; charset=utf-8", CSS)
    } else if path == htmx_path() {
        ("text/javascript; charset=utf-8", HTMX)
    } else {
        return not_found_page(lang_of_request(&headers, None));
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        body,
    )
        .into_response()
}

/// The language of a page when the URL does not say: `lang` cookie, then `Accept-Language`, then English.
pub fn lang_of_request(headers: &HeaderMap, path_lang: Option<&str>) -> Lang {
    path_lang
        .and_then(Lang::parse)
        .or_else(|| cookies::get(headers, LANG_COOKIE).and_then(Lang::parse))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(mhub_i18n::negotiate)
        })
        .unwrap_or_default()
}

async fn root(headers: HeaderMap) -> Response {
    let lang = lang_of_request(&headers, None);
    let mut res = Redirect::to(&format!("/{}/", lang.code())).into_response();
    res.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    res
}

async fn lang_root(
    axum::extract::Path(lang): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    match Lang::parse(&lang).filter(|l| l.code() == lang) {
        Some(l) => Redirect::permanent(&format!("/{}/", l.code())).into_response(),
        None => not_found_page(lang_of_request(&headers, None)),
    }
}

/// The language named by the first path segment; only the exact lower-case codes count.
pub fn path_lang(lang: &str) -> Option<Lang> {
    Lang::parse(lang).filter(|l| l.code() == lang)
}

/// Unknown pages: a problem document under `/api`, a localized page elsewhere.
pub async fn fallback(req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return AppError::not_found().into_response();
    }
    let first = path.trim_start_matches('/').split('/').next();
    not_found_page(lang_of_request(
        req.headers(),
        first.and_then(path_lang).map(|l| l.code()),
    ))
}

// ------------------------------------------------------------ page helpers

/// Localized strings for templates.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub lang: Lang,
}

impl Ui {
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn t(&self, key: &str) -> String {
        mhub_i18n::t(self.lang, key)
    }
    pub fn tn(&self, key: &str, count: impl Count) -> String {
        mhub_i18n::t_args(self.lang, key, &[("count", Arg::from(count.count()))])
    }
    pub fn ts(&self, key: &str, name: &str, value: &str) -> String {
        mhub_i18n::t_args(self.lang, key, &[(name, Arg::from(value))])
    }
    /// A message with a number and a text argument.
    pub fn tns(&self, key: &str, count: impl Count, name: &str, value: &str) -> String {
        mhub_i18n::t_args(
            self.lang,
            key,
            &[
                ("count", Arg::from(count.count())),
                (name, Arg::from(value)),
            ],
        )
    }
    /// Name of a UI language in itself, for the language switcher.
    pub fn autonym(code: &str) -> &'static str {
        match code {
            "en" => "English",
            "fr" => "Français",
            "de" => "Deutsch",
            "ru" => "Русский",
            "es" => "Español",
            _ => "",
        }
    }
}

/// A number for plural forms, whether templates hand it over by value or by reference.
pub trait Count {
    fn count(&self) -> i64;
}
impl Count for i64 {
    fn count(&self) -> i64 {
        *self
    }
}
impl<T: Count + ?Sized> Count for &T {
    fn count(&self) -> i64 {
        (**self).count()
    }
}

/// A link of the language switcher.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    /// Through `/{code}/language`, which remembers the choice.
    pub href: String,
    /// The page itself in that language, for `hreflang` alternates.
    pub alternate: String,
    pub current: bool,
}

/// The signed-in person, as the header shows them.
#[derive(Debug, Clone)]
pub struct NavUser {
    pub name: String,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    pub reviewer: bool,
    pub contributor: bool,
    /// Editors get the organisations page, admins the accounts page.
    pub curator: bool,
    pub admin: bool,
}

/// What every page needs: language, title, and the path without the language prefix.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub ui: Ui,
    pub title: String,
    pub css: &'static str,
    pub languages: Vec<LangLink>,
    pub user: Option<NavUser>,
    /// Which main navigation entry is current: "home", "practices", "countries", "submit", "account", "review".
    pub section: &'static str,
}

impl Chrome {
    /// `rest` is the path after `/{lang}`, e.g. `/practices` (with its query, if any).
    pub fn new(lang: Lang, title: String, rest: &str) -> Self {
        let next: String = form_urlencoded::byte_serialize(rest.as_bytes()).collect();
        let languages = Lang::all()
            .map(|l| LangLink {
                code: l.code(),
                name: Ui::autonym(l.code()),
                href: format!("/{}/language?next={next}", l.code()),
                alternate: format!("/{}{rest}", l.code()),
                current: l == lang,
            })
            .collect();
        Chrome {
            ui: Ui { lang },
            title,
            css: css_path(),
            languages,
            user: None,
            section: "",
        }
    }

    /// Shows who is signed in (and offers sign-out) in the header.
    pub fn with(mut self, actor: &crate::extract::CurrentActor) -> Self {
        if let (Some(account), crate::extract::actor::Auth::Session { csrf, .. }) =
            (&actor.actor.account, &actor.auth)
        {
            use mhub_core::accounts::Role;
            self.user = Some(NavUser {
                name: account.display_name.clone(),
                csrf: csrf.clone(),
                reviewer: matches!(
                    account.role,
                    Role::Reviewer | Role::FocalPoint | Role::Editor | Role::Admin
                ),
                curator: account.role.is_curator(),
                admin: account.role == Role::Admin,
                contributor: account.role.may_contribute(),
            });
        }
        self
    }

    pub fn section(mut self, section: &'static str) -> Self {
        self.section = section;
        self
    }

    /// `aria-current="page"` for the current navigation entry.
    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }
}

#[derive(Template, Clone)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: String,
    message: String,
    /// Where to fetch a fresh copy of a form that could not be accepted.
    retry: Option<String>,
}

pub fn html(status: StatusCode, body: Result<String, askama::Error>) -> Response {
    match body {
        Ok(body) => {
            let mut res = (status, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!doctype html><title>500</title>",
            )
                .into_response()
        }
    }
}

pub fn error_page(lang: Lang, err: &AppError) -> Response {
    let status = err.status();
    let code = err.code();
    if let AppError::Core(CoreError::Storage(message)) = err {
        tracing::error!(error = %message, "storage failure");
    }
    let ui = Ui { lang };
    // A refusal says why and what to do; it never asks to try again later.
    let message = match err {
        AppError::Core(CoreError::Refused(r)) => crate::error::refusal_text(lang, r),
        _ => ui.t(match status {
            StatusCode::NOT_FOUND => "page-not-found-text",
            StatusCode::FORBIDDEN => "page-forbidden-text",
            StatusCode::UNAUTHORIZED => "page-unauthenticated-text",
            StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY => "page-conflict-text",
            _ => "page-error-text",
        }),
    };
    let page = ErrorPage {
        chrome: Chrome::new(lang, ui.t(&format!("error-{code}")), "/"),
        status: status.as_u16(),
        heading: ui.t(&format!("error-{code}")),
        message,
        retry: None,
    };
    let mut res = html(status, page.render());
    // 429 and 503 say when to come back, as the API's problem documents do.
    if let Some(secs) = err.problem().retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res.extensions_mut().insert(page);
    res
}

/// A form whose CSRF token no longer matches the session (signed out or in
/// again elsewhere): 403, said plainly, with a link to a fresh copy of the form.
pub fn form_expired_page(lang: Lang, retry: String) -> Response {
    let ui = Ui { lang };
    let page = ErrorPage {
        chrome: Chrome::new(lang, ui.t("csrf-expired-heading"), "/"),
        status: StatusCode::FORBIDDEN.as_u16(),
        heading: ui.t("csrf-expired-heading"),
        message: ui.t("csrf-expired-text"),
        retry: Some(retry),
    };
    let mut res = html(StatusCode::FORBIDDEN, page.render());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A write another site's page tried to make (middleware/origin.rs): 403, said plainly.
pub fn cross_origin_page(lang: Lang) -> Response {
    let ui = Ui { lang };
    let page = ErrorPage {
        chrome: Chrome::new(lang, ui.t("error-cross_origin"), "/"),
        status: StatusCode::FORBIDDEN.as_u16(),
        heading: ui.t("error-cross_origin"),
        message: ui.t("cross-origin-text"),
        retry: None,
    };
    let mut res = html(StatusCode::FORBIDDEN, page.render());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub fn not_found_page(lang: Lang) -> Response {
    error_page(lang, &AppError::not_found())
}

/// An error met while building a page, shown as a page.
pub struct HtmlError {
    pub lang: Lang,
    pub err: AppError,
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        error_page(self.lang, &self.err)
    }
}

pub trait OrPage<T> {
    fn or_page(self, lang: Lang) -> Result<T, HtmlError>;
}

impl<T, E: Into<AppError>> OrPage<T> for Result<T, E> {
    fn or_page(self, lang: Lang) -> Result<T, HtmlError> {
        self.map_err(|e| HtmlError {
            lang,
            err: e.into(),
        })
    }
}
