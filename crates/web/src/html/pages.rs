//! The pages of the site.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mhub_core::hub::PracticeQuery;
use mhub_core::practice::Practice;
use mhub_core::reference::{self as r, Catalog};
use mhub_core::{CoreError, FieldError};
use mhub_i18n::Lang;

use super::{Chrome, HtmlError, OrPage, Ui, html, path_lang};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentActor, QueryPairs};

type PageResult = Result<Response, HtmlError>;

fn lang_or_404(lang: &str, headers: &axum::http::HeaderMap) -> Result<Lang, HtmlError> {
    path_lang(lang).ok_or_else(|| HtmlError {
        lang: super::lang_of_request(headers, None),
        err: AppError::not_found(),
    })
}

/// A practice in a list.
pub struct PracticeItem {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub country: String,
    pub outcome: Option<String>,
    /// Set when the text is not in the reader's language.
    pub original_language: Option<String>,
}

impl PracticeItem {
    fn new(p: &Practice, ui: Ui, catalog: &Catalog) -> Self {
        let (title, summary, fallback) = match p.content.text_for(ui.code()) {
            Some((l, t, fb)) => (
                t.title.clone(),
                t.summary.clone(),
                fb.then(|| l.to_string()),
            ),
            None => (p.slug.clone(), String::new(), None),
        };
        PracticeItem {
            href: format!("/{}/practices/{}", ui.code(), p.slug),
            title,
            summary,
            country: catalog
                .country(&p.content.country)
                .map(|c| c.name(ui.code()).to_string())
                .unwrap_or_else(|| p.content.country.clone()),
            outcome: p.outcome.map(|o| ui.t(&format!("outcome-{}", o.as_str()))),
            original_language: fallback.map(|l| language_name(ui, &l)),
        }
    }
}

fn language_name(ui: Ui, code: &str) -> String {
    let key = format!("language-{code}");
    if mhub_i18n::has(Lang::default(), &key) {
        ui.t(&key)
    } else {
        code.to_string()
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    total_line: String,
    countries_line: String,
    newest: Vec<PracticeItem>,
}

pub async fn home(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let q = PracticeQuery {
        limit: Some(5),
        sort: Some("-created".into()),
        ..Default::default()
    };
    let page = state
        .hub
        .list_practices(&actor.actor, &q)
        .await
        .or_page(lang)?;
    let counts = state
        .hub
        .repo()
        .published_counts_by_country()
        .await
        .or_page(lang)?;
    let catalog = state.hub.catalog();
    let with_practices = counts.iter().filter(|(_, n)| *n > 0).count() as i64;
    let p = HomePage {
        chrome: Chrome::new(lang, ui.t("hub-name"), "/"),
        total_line: ui.tn("home-published-count", page.total),
        countries_line: ui.tn("home-country-count", with_practices),
        newest: page
            .items
            .iter()
            .map(|p| PracticeItem::new(p, ui, &catalog))
            .collect(),
    };
    Ok(html(StatusCode::OK, p.render()))
}

pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn options(values: impl Iterator<Item = (String, String)>, chosen: &[String]) -> Vec<SelectOption> {
    values
        .map(|(value, label)| SelectOption {
            selected: chosen.contains(&value),
            value,
            label,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "practices.html")]
struct PracticesPage {
    chrome: Chrome,
    countries: Vec<SelectOption>,
    ncds: Vec<SelectOption>,
    channels: Vec<SelectOption>,
    items: Vec<PracticeItem>,
    count_line: String,
    errors: Vec<String>,
    prev: Option<String>,
    next: Option<String>,
    page_line: String,
}

pub async fn practices(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: axum::http::HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let catalog = state.hub.catalog();
    let (country, ncd, channel) = (q.list("country"), q.list("ncd"), q.list("channel"));
    let page_no = q.int("page").ok().flatten().unwrap_or(1);
    let query = PracticeQuery {
        country: country.clone(),
        ncd: ncd.clone(),
        channel: channel.clone(),
        limit: Some(20),
        page: Some(page_no),
        sort: Some("title".into()),
        ..Default::default()
    };
    let (items, total, pages, errors, status) =
        match state.hub.list_practices(&actor.actor, &query).await {
            Ok(p) => {
                let pages = (p.total + 19) / 20;
                (
                    p.items
                        .iter()
                        .map(|p| PracticeItem::new(p, ui, &catalog))
                        .collect(),
                    p.total,
                    pages,
                    Vec::new(),
                    StatusCode::OK,
                )
            }
            Err(CoreError::Validation(errs)) => (
                Vec::new(),
                0,
                0,
                field_messages(ui, &errs),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(e) => {
                return Err(HtmlError {
                    lang,
                    err: e.into(),
                });
            }
        };
    let link = |n: i64| {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        for (k, vs) in [("country", &country), ("ncd", &ncd), ("channel", &channel)] {
            for v in vs {
                pairs.append_pair(k, v);
            }
        }
        pairs.append_pair("page", &n.to_string());
        format!("/{}/practices?{}", lang.code(), pairs.finish())
    };
    let p = PracticesPage {
        chrome: Chrome::new(lang, ui.t("practices-title"), "/practices"),
        countries: options(
            catalog
                .countries()
                .iter()
                .map(|c| (c.iso2.clone(), c.name(lang.code()).to_string())),
            &country,
        ),
        ncds: options(
            catalog
                .terms(r::NCD_FOCUS)
                .iter()
                .map(|t| (t.code.clone(), t.label(lang.code()).to_string())),
            &ncd,
        ),
        channels: options(
            catalog
                .terms(r::CHANNEL)
                .iter()
                .map(|t| (t.code.clone(), t.label(lang.code()).to_string())),
            &channel,
        ),
        items,
        count_line: ui.tn("practice-count", total),
        errors,
        prev: (page_no > 1 && page_no <= pages + 1).then(|| link(page_no - 1)),
        next: (page_no < pages).then(|| link(page_no + 1)),
        page_line: mhub_i18n::t_args(
            lang,
            "page-of",
            &[("page", page_no.into()), ("pages", pages.max(1).into())],
        ),
    };
    Ok(html(status, p.render()))
}

fn field_messages(ui: Ui, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let label = ui.t(&format!("filter-{}", e.field));
            let msg = mhub_i18n::t_args(
                ui.lang,
                &format!("field-error-{}", e.code),
                &e.params
                    .iter()
                    .map(|(k, v)| (k.as_str(), mhub_i18n::Arg::from(v.as_str())))
                    .collect::<Vec<_>>(),
            );
            format!("{label}: {msg}")
        })
        .collect()
}

pub struct Field {
    pub label: String,
    pub value: String,
}

pub struct Group {
    pub heading: String,
    pub fields: Vec<Field>,
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    chrome: Chrome,
    heading: String,
    summary: String,
    outcome: Option<String>,
    fallback_note: Option<String>,
    description_html: String,
    groups: Vec<Group>,
    sections: Vec<(String, String)>,
    links: Vec<(String, String)>,
}

fn labels(catalog: &Catalog, vocab: &str, codes: &[String], lang: &str) -> String {
    codes
        .iter()
        .map(|c| {
            catalog
                .term(vocab, c)
                .map(|t| t.label(lang).to_string())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Markdown to safe HTML.
fn markdown(text: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(text));
    ammonia::clean(&out)
}

pub async fn practice(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let l = lang.code();
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    let catalog = state.hub.catalog();
    let p = &view.practice;
    let c = &p.content;
    let (text_lang, text, fell_back) = c
        .text_for(l)
        .map(|(a, b, f)| (a.to_string(), b.clone(), f))
        .unwrap_or_default();
    let mut groups = Vec::new();
    let mut push = |heading: &str, fields: Vec<(&str, String)>| {
        let fields: Vec<Field> = fields
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| Field {
                label: ui.t(k),
                value: v,
            })
            .collect();
        if !fields.is_empty() {
            groups.push(Group {
                heading: ui.t(heading),
                fields,
            });
        }
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let term = |vocab: &str, v: &Option<String>| {
        v.as_ref()
            .map(|c| labels(&catalog, vocab, std::slice::from_ref(c), l))
            .unwrap_or_default()
    };
    let yes_no = |b: Option<bool>| {
        b.map(|b| ui.t(if b { "value-yes" } else { "value-no" }))
            .unwrap_or_default()
    };
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    push(
        "group-overview",
        vec![
            (
                "field-country",
                catalog
                    .country(&c.country)
                    .map(|x| x.name(l).to_string())
                    .unwrap_or_else(|| c.country.clone()),
            ),
            ("field-regions", c.regions.join(", ")),
            (
                "field-organisations",
                c.organisations
                    .iter()
                    .map(|o| o.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "field-status",
                ui.t(&format!("status-{}", p.status.as_str())),
            ),
            ("field-stage", term(r::STAGE, &c.stage)),
            ("field-lifecycle", term(r::LIFECYCLE, &c.lifecycle)),
            ("field-start-date", opt(&c.start_date)),
            ("field-end-date", opt(&c.end_date)),
            ("field-target-population", opt(&c.target_population)),
        ],
    );
    push(
        "group-focus",
        vec![
            (
                "field-ncd-focus",
                labels(&catalog, r::NCD_FOCUS, &c.ncd_focus, l),
            ),
            (
                "field-channels",
                labels(&catalog, r::CHANNEL, &c.channels, l),
            ),
            ("field-cdhi-v1", labels(&catalog, r::CDHI_V1, &c.cdhi_v1, l)),
            ("field-cdhi-v2", labels(&catalog, r::CDHI_V2, &c.cdhi_v2, l)),
            (
                "field-challenges",
                labels(&catalog, r::CHALLENGE, &c.health_system_challenges, l),
            ),
            (
                "field-application-types",
                labels(&catalog, r::APPLICATION_TYPE, &c.application_types, l),
            ),
        ],
    );
    push(
        "group-reach",
        vec![
            ("field-reach-users", num(c.reach.users)),
            ("field-reach-professionals", num(c.reach.professionals)),
            ("field-reach-facilities", num(c.reach.facilities)),
            ("field-reach-note", opt(&c.reach.note)),
        ],
    );
    push(
        "group-evidence",
        vec![
            (
                "field-evidence-level",
                term(r::EVIDENCE_LEVEL, &c.evidence.level),
            ),
            ("field-study-design", opt(&c.evidence.study_design)),
            (
                "field-outcomes",
                c.evidence
                    .outcomes
                    .iter()
                    .map(|o| match &o.value {
                        Some(v) => format!("{}: {v}", o.measure),
                        None => o.measure.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                "field-publications",
                c.evidence
                    .publications
                    .iter()
                    .map(|p| p.citation.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ],
    );
    push(
        "group-funding",
        vec![
            (
                "field-government-investment",
                term(r::GOVERNMENT_INVESTMENT, &c.funding.government_investment),
            ),
            ("field-reimbursed", yes_no(c.funding.reimbursed)),
            ("field-open-source", yes_no(c.licensing.open_source)),
            ("field-licence", opt(&c.licensing.licence)),
            (
                "field-interoperability",
                labels(&catalog, r::INTEROPERABILITY, &c.interoperability, l),
            ),
        ],
    );
    if !c.contacts.is_empty() {
        push(
            "group-contacts",
            vec![(
                "field-contacts",
                c.contacts
                    .iter()
                    .map(|x| x.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
        );
    }
    let sections = [
        ("field-lessons-learned", &text.lessons_learned),
        ("field-transferability", &text.transferability),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (ui.t(k), markdown(v)))
    .collect();
    let links = c
        .links
        .iter()
        .filter(|x| x.url.starts_with("https://") || x.url.starts_with("http://"))
        .map(|x| {
            (
                x.url.clone(),
                x.title.clone().unwrap_or_else(|| x.url.clone()),
            )
        })
        .collect();
    let page = PracticePage {
        chrome: Chrome::new(lang, text.title.clone(), &format!("/practices/{}", p.slug)),
        heading: text.title.clone(),
        summary: text.summary.clone(),
        outcome: p.outcome.map(|o| ui.t(&format!("outcome-{}", o.as_str()))),
        fallback_note: fell_back.then(|| {
            ui.ts(
                "text-fallback-note",
                "language",
                &language_name(ui, &text_lang),
            )
        }),
        description_html: markdown(&text.description),
        groups,
        sections,
        links,
    };
    Ok(html(StatusCode::OK, page.render()))
}

pub struct CountryRow {
    pub href: String,
    pub name: String,
    pub iso2: String,
    pub eu_member: bool,
    pub count: i64,
}

#[derive(Template)]
#[template(path = "countries.html")]
struct CountriesPage {
    chrome: Chrome,
    rows: Vec<CountryRow>,
}

pub async fn countries(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let counts = crate::api::reference::counts(&state).await.or_page(lang)?;
    let catalog = state.hub.catalog();
    let mut rows: Vec<CountryRow> = catalog
        .countries()
        .iter()
        .map(|c| CountryRow {
            href: format!("/{}/countries/{}", lang.code(), c.iso2.to_ascii_lowercase()),
            name: c.name(lang.code()).to_string(),
            iso2: c.iso2.clone(),
            eu_member: c.eu_member,
            count: counts.get(&c.iso2).copied().unwrap_or(0),
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let page = CountriesPage {
        chrome: Chrome::new(lang, ui.t("countries-title"), "/countries"),
        rows,
    };
    Ok(html(StatusCode::OK, page.render()))
}

#[derive(Template)]
#[template(path = "country.html")]
struct CountryPage {
    chrome: Chrome,
    name: String,
    eu_member: bool,
    count_line: String,
    items: Vec<PracticeItem>,
    more_href: String,
}

pub async fn country(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, iso2)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let catalog = state.hub.catalog();
    let c = catalog.country(&iso2).ok_or(HtmlError {
        lang,
        err: AppError::not_found(),
    })?;
    let q = PracticeQuery {
        country: vec![c.iso2.clone()],
        limit: Some(20),
        sort: Some("title".into()),
        ..Default::default()
    };
    let page = state
        .hub
        .list_practices(&actor.actor, &q)
        .await
        .or_page(lang)?;
    let p = CountryPage {
        chrome: Chrome::new(
            lang,
            c.name(lang.code()).to_string(),
            &format!("/countries/{}", c.iso2.to_ascii_lowercase()),
        ),
        name: c.name(lang.code()).to_string(),
        eu_member: c.eu_member,
        count_line: ui.tn("practice-count", page.total),
        items: page
            .items
            .iter()
            .map(|p| PracticeItem::new(p, ui, &catalog))
            .collect(),
        more_href: format!("/{}/practices?country={}", lang.code(), c.iso2),
    };
    Ok(html(StatusCode::OK, p.render()))
}
