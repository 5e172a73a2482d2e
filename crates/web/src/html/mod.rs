//! The small server-rendered site under `/{lang}/`: every string through
//! Fluent, no inline script or style, one fingerprinted stylesheet.

use std::sync::OnceLock;

use askama::Template;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use mhub_core::CoreError;
use mhub_i18n::{Arg, Lang};

use crate::AppState;
use crate::error::AppError;
use crate::extract::cookies;

pub mod pages;

pub const LANG_COOKIE: &str = "lang";
const CSS: &str = include_str!("../../static/site.css");

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
}

/// `/static/site.<hash>.css`: the hash changes with the content, so it may be cached for a year.
pub fn css_path() -> &'static str {
    static PATH: OnceLock<String> = OnceLock::new();
    PATH.get_or_init(|| {
        // FNV-1a: stable across builds and platforms, enough to tell versions apart.
        let hash = CSS.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("/static/site.{:012x}.css", hash & 0xffff_ffff_ffff)
    })
}

async fn static_file(
    axum::extract::Path(file): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    if format!("/static/{file}") != css_path() {
        return not_found_page(lang_of_request(&headers, None));
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        CSS,
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
    pub fn tn(&self, key: &str, count: i64) -> String {
        mhub_i18n::t_args(self.lang, key, &[("count", Arg::from(count))])
    }
    pub fn ts(&self, key: &str, name: &str, value: &str) -> String {
        mhub_i18n::t_args(self.lang, key, &[(name, Arg::from(value))])
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

/// A link of the language switcher.
#[derive(Debug, Clone)]
pub struct LangLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// What every page needs: language, title, and the path without the language prefix.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub ui: Ui,
    pub title: String,
    pub css: &'static str,
    pub languages: Vec<LangLink>,
}

impl Chrome {
    /// `rest` is the path after `/{lang}`, e.g. `/practices`.
    pub fn new(lang: Lang, title: String, rest: &str) -> Self {
        let languages = Lang::all()
            .map(|l| LangLink {
                code: l.code(),
                name: Ui::autonym(l.code()),
                href: format!("/{}{rest}", l.code()),
                current: l == lang,
            })
            .collect();
        Chrome {
            ui: Ui { lang },
            title,
            css: css_path(),
            languages,
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    heading: String,
    message: String,
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
    let page = ErrorPage {
        chrome: Chrome::new(lang, ui.t(&format!("error-{code}")), "/"),
        status: status.as_u16(),
        heading: ui.t(&format!("error-{code}")),
        message: ui.t(if status == StatusCode::NOT_FOUND {
            "page-not-found-text"
        } else {
            "page-error-text"
        }),
    };
    html(status, page.render())
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
