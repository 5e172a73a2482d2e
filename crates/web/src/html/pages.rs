//! The public pages: home, practices, one practice, countries, one country,
//! organisations, and the about, privacy and accessibility texts.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use mhub_core::curation::Status;
use mhub_core::hub::{PracticeQuery, SearchParams};
use mhub_core::practice::{Practice, PracticeCounts};
use mhub_core::reference::{self as r, Catalog};
use mhub_core::{CoreError, FieldError};
use mhub_i18n::Lang;

use super::charts::{self, BarChart, ChoroplethMap};
use super::{Chrome, HtmlError, OrPage, Ui, html, path_lang};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{CurrentActor, QueryPairs};

type PageResult = Result<Response, HtmlError>;
pub const PAGE_SIZE: i64 = 20;

pub fn lang_or_404(lang: &str, headers: &HeaderMap) -> Result<Lang, HtmlError> {
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
    pub outcome_class: &'static str,
    pub tags: Vec<String>,
    /// Set when the text is not in the reader's language.
    pub original_language: Option<String>,
    /// `lang` of the title and summary.
    pub text_lang: String,
}

impl PracticeItem {
    pub fn new(p: &Practice, ui: Ui, catalog: &Catalog) -> Self {
        let (title, summary, text_lang, fallback) = match p.content.text_for(ui.code()) {
            Some((l, t, fb)) => (
                t.title.clone(),
                shorten(&t.summary, 260),
                l.to_string(),
                fb.then(|| l.to_string()),
            ),
            None => (p.slug.clone(), String::new(), ui.code().to_string(), None),
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
            outcome_class: match p.outcome.map(|o| o.as_str()) {
                Some("best") => "outcome-best",
                _ => "outcome-promising",
            },
            tags: p
                .content
                .ncd_focus
                .iter()
                .take(3)
                .filter_map(|c| catalog.term(r::NCD_FOCUS, c))
                .map(|t| t.label(ui.code()).to_string())
                .collect(),
            original_language: fallback.map(|l| language_name(ui, &l)),
            text_lang,
        }
    }
}

/// At most `max` characters, cut at a word, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

pub fn language_name(ui: Ui, code: &str) -> String {
    let key = format!("language-{code}");
    if mhub_i18n::has(Lang::default(), &key) {
        ui.t(&key)
    } else {
        code.to_string()
    }
}

pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Published => "status-ok",
        Status::Rejected | Status::Archived => "status-off",
        Status::ChangesRequested => "status-warn",
        _ => "status-wip",
    }
}

#[derive(Debug, Clone)]
pub struct SelectOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn options(
    values: impl Iterator<Item = (String, String)>,
    chosen: &[String],
) -> Vec<SelectOption> {
    values
        .map(|(value, label)| SelectOption {
            selected: chosen.contains(&value),
            value,
            label,
        })
        .collect()
}

fn term_options(
    catalog: &Catalog,
    vocab: &str,
    lang: &str,
    chosen: &[String],
) -> Vec<SelectOption> {
    options(
        catalog
            .terms(vocab)
            .iter()
            .map(|t| (t.code.clone(), t.label(lang).to_string())),
        chosen,
    )
}

fn country_options(catalog: &Catalog, lang: &str, chosen: &[String]) -> Vec<SelectOption> {
    let mut o = options(
        catalog
            .countries()
            .iter()
            .map(|c| (c.iso2.clone(), c.name(lang).to_string())),
        chosen,
    );
    o.sort_by(|a, b| a.label.cmp(&b.label));
    o
}

/// Bar charts of counted practices: NCD focus, stage, channel, start year.
fn practice_charts(
    ui: Ui,
    catalog: &Catalog,
    counts: &PracticeCounts,
    prefix: &str,
) -> Vec<BarChart> {
    let l = ui.code();
    let by_vocab = |vocab: &str, facet: &str| -> Vec<(String, i64)> {
        catalog
            .terms(vocab)
            .iter()
            .map(|t| (t.label(l).to_string(), counts.of(facet, &t.code)))
            .collect()
    };
    let years: BTreeMap<i32, i64> = counts
        .values
        .get("year")
        .into_iter()
        .flatten()
        .filter_map(|(y, n)| Some((y.parse::<i32>().ok()?, *n)))
        .collect();
    vec![
        charts::bar_chart(
            ui,
            &format!("{prefix}-ncd"),
            "chart-ncd",
            "field-ncd-focus",
            by_vocab(r::NCD_FOCUS, "ncd_focus"),
        ),
        charts::bar_chart(
            ui,
            &format!("{prefix}-stage"),
            "chart-stage",
            "field-stage",
            by_vocab(r::STAGE, "stage"),
        ),
        charts::bar_chart(
            ui,
            &format!("{prefix}-channel"),
            "chart-channel",
            "field-channels",
            by_vocab(r::CHANNEL, "channel"),
        ),
        charts::bar_chart(
            ui,
            &format!("{prefix}-year"),
            "chart-year",
            "chart-col-year",
            years.into_iter().map(|(y, n)| (y.to_string(), n)).collect(),
        ),
    ]
}

/// Published practices per country (iso2).
fn by_country(counts: &PracticeCounts) -> BTreeMap<String, i64> {
    counts.values.get("country").cloned().unwrap_or_default()
}

// ------------------------------------------------------------ home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    total_line: String,
    countries_line: String,
    total: i64,
    with_practices: i64,
    newest: Vec<PracticeItem>,
    map: ChoroplethMap,
    countries: Vec<SelectOption>,
    ncds: Vec<SelectOption>,
}

pub async fn home(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let q = PracticeQuery {
        limit: Some(6),
        sort: Some("-created".into()),
        ..Default::default()
    };
    let newest = state
        .hub
        .practices_page(&actor.actor, &q)
        .await
        .or_page(lang)?;
    let all = state.hub.practice_counts(None).await.or_page(lang)?;
    let counts = by_country(&all);
    let catalog = state.hub.catalog();
    let with_practices = counts.values().filter(|n| **n > 0).count() as i64;
    let p = HomePage {
        chrome: Chrome::new(lang, ui.t("home-title"), "/")
            .with(&actor)
            .section("home"),
        total_line: ui.tn("home-published-count", all.total),
        countries_line: ui.tn("home-country-count", with_practices),
        total: all.total,
        with_practices,
        newest: newest
            .iter()
            .map(|p| PracticeItem::new(p, ui, &catalog))
            .collect(),
        map: charts::choropleth(ui, &catalog, &counts),
        countries: country_options(&catalog, lang.code(), &[]),
        ncds: term_options(&catalog, r::NCD_FOCUS, lang.code(), &[]),
    };
    Ok(html(StatusCode::OK, p.render()))
}

// ------------------------------------------------------------ practices

pub struct PageLink {
    pub number: i64,
    pub href: String,
    pub current: bool,
}

/// One value of a facet, shown as a checkbox with its count.
pub struct FacetOption {
    pub id: String,
    pub value: String,
    pub label: String,
    /// `None` when the search index is not ready (no counts to give).
    pub count: Option<u64>,
    pub checked: bool,
}

/// A facet as a group of checkboxes: values are alternatives (OR).
pub struct FacetGroup {
    /// Query parameter.
    pub name: &'static str,
    pub heading: String,
    pub options: Vec<FacetOption>,
    pub selected: usize,
}

/// A practice found by a search: its card, and the highlighted excerpt.
pub struct ResultItem {
    pub item: PracticeItem,
    /// Escaped by the engine; only `<b>` marks are markup.
    pub snippet_html: String,
    pub snippet_lang: String,
    /// Set when the excerpt is not in the reader's language.
    pub snippet_note: Option<String>,
}

/// The results region: replaced in place by htmx, or the whole page without it.
pub struct Results {
    pub items: Vec<ResultItem>,
    pub count_line: String,
    pub facets: Vec<FacetGroup>,
    pub errors: Vec<String>,
    pub relaxed: bool,
    pub unavailable: bool,
    pub filtered: bool,
    /// Keeps `q` (and the sort) but drops every filter.
    pub clear_href: String,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
    pub page_line: String,
    /// A page link followed with htmx: focus moves to the top of the new page.
    pub focus: bool,
}

#[derive(Template)]
#[template(path = "practices.html")]
struct PracticesPage {
    chrome: Chrome,
    htmx: &'static str,
    q: String,
    sorts: Vec<SelectOption>,
    hidden: Vec<(String, String)>,
    r: Results,
}

/// What an htmx request gets: the results region, and the count and the sort
/// (whose default follows the words) out of band.
#[derive(Template)]
#[template(path = "_practice_fragment.html")]
struct PracticesFragment {
    chrome: Chrome,
    sorts: Vec<SelectOption>,
    r: Results,
}

/// Query parameter, engine facet, heading key.
const FACETS: [(&str, &str, &str); 7] = [
    ("country", "country", "filter-country"),
    ("ncd", "ncd_focus", "filter-ncd"),
    ("channel", "channel", "filter-channel"),
    ("stage", "stage", "filter-stage"),
    ("evidence", "evidence", "filter-evidence"),
    ("year", "year", "filter-year"),
    ("outcome", "outcome", "filter-outcome"),
];

const SORTS: [(&str, &str); 2] = [("relevance", "sort-relevance"), ("newest", "sort-newest")];

/// Label of a facet value in the reader's language.
fn facet_label(ui: Ui, catalog: &Catalog, name: &str, value: &str) -> String {
    let l = ui.code();
    let term = |vocab: &str| {
        catalog
            .term(vocab, value)
            .map(|t| t.label(l).to_string())
            .unwrap_or_else(|| value.to_string())
    };
    match name {
        "country" => catalog
            .country(value)
            .map(|c| c.name(l).to_string())
            .unwrap_or_else(|| value.to_string()),
        "ncd" => term(r::NCD_FOCUS),
        "channel" => term(r::CHANNEL),
        "stage" => format!("{value}. {}", term(r::STAGE)),
        "evidence" => term(r::EVIDENCE_LEVEL),
        "outcome" if value == "best" || value == "promising" => ui.t(&format!("outcome-{value}")),
        _ => value.to_string(),
    }
}

/// Facet groups from the engine's counts, or (index not ready) from the catalog.
fn facet_groups(
    ui: Ui,
    catalog: &Catalog,
    chosen: &BTreeMap<&'static str, Vec<String>>,
    counts: Option<&BTreeMap<String, Vec<(String, u64)>>>,
    published_countries: &[String],
) -> Vec<FacetGroup> {
    let mut groups = Vec::new();
    for (name, facet, heading) in FACETS {
        let selected = chosen.get(name).cloned().unwrap_or_default();
        let mut values: Vec<(String, Option<u64>)> = match counts {
            Some(c) => c
                .get(facet)
                .map(|v| v.iter().map(|(v, n)| (v.clone(), Some(*n))).collect())
                .unwrap_or_default(),
            None => match name {
                "country" => published_countries
                    .iter()
                    .map(|c| (c.clone(), None))
                    .collect(),
                "ncd" | "channel" | "stage" | "evidence" => {
                    let vocab = match name {
                        "ncd" => r::NCD_FOCUS,
                        "channel" => r::CHANNEL,
                        "stage" => r::STAGE,
                        _ => r::EVIDENCE_LEVEL,
                    };
                    catalog
                        .terms(vocab)
                        .iter()
                        .map(|t| (t.code.clone(), None))
                        .collect()
                }
                // The database listing cannot filter on these.
                _ => Vec::new(),
            },
        };
        // A ticked value stays visible (and untickable) even when nothing matches it.
        for s in &selected {
            if !values.iter().any(|(v, _)| v == s) {
                values.push((s.clone(), counts.map(|_| 0)));
            }
        }
        if values.is_empty() {
            continue;
        }
        let mut options: Vec<FacetOption> = values
            .into_iter()
            .map(|(value, count)| FacetOption {
                id: format!(
                    "f-{name}-{}",
                    value
                        .chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                        .collect::<String>()
                ),
                label: facet_label(ui, catalog, name, &value),
                checked: selected.contains(&value),
                value,
                count,
            })
            .collect();
        match name {
            "stage" => options
                .sort_by_key(|o| (o.value.parse::<u32>().unwrap_or(u32::MAX), o.value.clone())),
            "year" => options.sort_by(|a, b| b.value.cmp(&a.value)),
            "country" if counts.is_none() => options.sort_by(|a, b| a.label.cmp(&b.label)),
            _ => {}
        }
        groups.push(FacetGroup {
            name,
            heading: ui.t(heading),
            selected: selected.len(),
            options,
        });
    }
    groups
}

/// Whether the request comes from htmx for the results region only (a history
/// restore wants the whole page).
fn wants_fragment(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}

/// The search page: text, facets, sort and pages in a plain GET form; htmx,
/// when it runs, replaces only the results region.
pub async fn practices(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let l = lang.code();
    let catalog = state.hub.catalog();
    let text =
        q.0.iter()
            .find(|(k, _)| k == "q")
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
    let mut chosen: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (name, _, _) in FACETS {
        let mut values = q.list(name);
        values.dedup();
        if !values.is_empty() {
            chosen.insert(name, values);
        }
    }
    let region = q.list("region");
    // Older links used the listing's sorts: `-updated` means newest.
    let sort = match q.list("sort").first().map(String::as_str) {
        Some("relevance") => "relevance",
        Some("newest" | "-updated" | "-created") => "newest",
        _ if text.is_empty() => "newest",
        _ => "relevance",
    };
    let page_no = q.int("page").ok().flatten().unwrap_or(1).max(1);
    let get = |name: &str| chosen.get(name).cloned().unwrap_or_default();
    let mut query = PracticeQuery {
        country: get("country"),
        region: region.clone(),
        ncd: get("ncd"),
        channel: get("channel"),
        stage: get("stage"),
        evidence: get("evidence"),
        limit: Some(PAGE_SIZE),
        page: Some(page_no),
        sort: Some(sort.to_string()),
        ..Default::default()
    };
    let params = SearchParams {
        q: text.clone(),
        lang: l.to_string(),
        year: get("year"),
        outcome: get("outcome"),
        cdhi_group: Vec::new(),
    };
    let mut status = StatusCode::OK;
    let mut errors = Vec::new();
    let mut unavailable = false;
    let mut relaxed = false;
    let mut items = Vec::new();
    let mut total = 0;
    let mut counts = None;
    let item = |p: &Practice| PracticeItem::new(p, ui, &catalog);
    match state
        .hub
        .search_practices(&actor.actor, &query, &params)
        .await
    {
        Ok(found) => {
            total = found.total;
            relaxed = found.relaxed && !text.is_empty();
            items = found
                .hits
                .iter()
                .map(|h| ResultItem {
                    item: item(&h.practice),
                    snippet_note: (!h.snippet_html.is_empty() && h.snippet_lang != l).then(|| {
                        ui.ts(
                            "search-snippet-language",
                            "language",
                            &language_name(ui, &h.snippet_lang),
                        )
                    }),
                    snippet_html: if text.is_empty() {
                        String::new()
                    } else {
                        h.snippet_html.clone()
                    },
                    snippet_lang: h.snippet_lang.clone(),
                })
                .collect();
            counts = Some(found.facets);
        }
        Err(CoreError::SearchUnavailable(_)) => {
            // The index is still being built: the database listing, without text.
            unavailable = true;
            query.sort = Some("-updated".into());
            match state.hub.list_practices(&actor.actor, &query).await {
                Ok(p) => {
                    total = p.total;
                    items = p
                        .items
                        .iter()
                        .map(|p| ResultItem {
                            item: item(p),
                            snippet_html: String::new(),
                            snippet_lang: String::new(),
                            snippet_note: None,
                        })
                        .collect();
                }
                Err(CoreError::Validation(errs)) => {
                    errors = field_messages(ui, &errs);
                    status = StatusCode::UNPROCESSABLE_ENTITY;
                }
                Err(e) => {
                    return Err(HtmlError {
                        lang,
                        err: e.into(),
                    });
                }
            }
        }
        Err(CoreError::Validation(errs)) => {
            errors = field_messages(ui, &errs);
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Err(CoreError::BadQuery { .. }) => {
            errors = vec![ui.t("search-bad-query")];
            status = StatusCode::BAD_REQUEST;
        }
        Err(e) => {
            return Err(HtmlError {
                lang,
                err: e.into(),
            });
        }
    }
    let published_countries: Vec<String> = if counts.is_none() {
        by_country(&state.hub.practice_counts(None).await.or_page(lang)?)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(c, _)| c)
            .collect()
    } else {
        Vec::new()
    };
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let default_sort = if text.is_empty() {
        "newest"
    } else {
        "relevance"
    };
    let encode = |filters: bool, n: Option<i64>| {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        if !text.is_empty() {
            pairs.append_pair("q", &text);
        }
        if filters {
            for (name, values) in &chosen {
                for v in values {
                    pairs.append_pair(name, v);
                }
            }
            for v in &region {
                pairs.append_pair("region", v);
            }
        }
        if sort != default_sort {
            pairs.append_pair("sort", sort);
        }
        if let Some(n) = n {
            pairs.append_pair("page", &n.to_string());
        }
        pairs.finish()
    };
    let with_query = |s: String| {
        if s.is_empty() {
            format!("/{l}/practices")
        } else {
            format!("/{l}/practices?{s}")
        }
    };
    let link = |n: i64| with_query(encode(true, (n > 1).then_some(n)));
    let here = match encode(true, (page_no > 1).then_some(page_no)) {
        s if s.is_empty() => "/practices".to_string(),
        s => format!("/practices?{s}"),
    };
    let window = (page_no - 3).max(1)..=(page_no + 3).min(pages);
    let filtered = !chosen.is_empty() || !region.is_empty();
    let count_line = if text.is_empty() {
        ui.tn("practice-count", total)
    } else {
        ui.tns("search-count", total, "query", &text)
    };
    let results = Results {
        facets: facet_groups(ui, &catalog, &chosen, counts.as_ref(), &published_countries),
        items,
        count_line,
        errors,
        relaxed,
        unavailable,
        filtered,
        clear_href: with_query(encode(false, None)),
        prev: (page_no > 1 && page_no <= pages + 1).then(|| link(page_no - 1)),
        next: (page_no < pages).then(|| link(page_no + 1)),
        pages: window
            .map(|n| PageLink {
                number: n,
                href: link(n),
                current: n == page_no,
            })
            .collect(),
        page_line: mhub_i18n::t_args(
            lang,
            "page-of",
            &[("page", page_no.into()), ("pages", pages.max(1).into())],
        ),
        focus: headers.contains_key("hx-boosted"),
    };
    let title = if text.is_empty() {
        ui.t("practices-title")
    } else {
        ui.ts("search-title", "query", &text)
    };
    let chrome = Chrome::new(lang, title, &here)
        .with(&actor)
        .section("practices");
    // The default order (best match with words, newest without) is sent as an
    // empty value, so a sort that was only the default does not stick to new words.
    let sorts = SORTS
        .iter()
        .map(|(k, key)| SelectOption {
            value: if *k == default_sort { "" } else { k }.to_string(),
            label: ui.t(key),
            selected: *k == sort,
        })
        .collect();
    if wants_fragment(&headers) {
        let f = PracticesFragment {
            chrome,
            sorts,
            r: results,
        };
        return Ok(html(status, f.render()));
    }
    let p = PracticesPage {
        chrome,
        htmx: super::htmx_path(),
        q: text.clone(),
        sorts,
        hidden: region
            .iter()
            .map(|v| ("region".to_string(), v.clone()))
            .collect(),
        r: results,
    };
    Ok(html(status, p.render()))
}

fn field_messages(ui: Ui, errors: &[FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let key = format!("filter-{}", e.field);
            let label = if mhub_i18n::has(Lang::default(), &key) {
                ui.t(&key)
            } else {
                e.field.clone()
            };
            format!("{label}: {}", super::forms::message(ui, e))
        })
        .collect()
}

// ------------------------------------------------------------ one practice

/// A field of the practice page: key of its label, plain value, links.
type FieldRow<'a> = (&'a str, String, Vec<(String, String)>);

pub struct Field {
    pub label: String,
    pub value: String,
    /// Links shown instead of the plain value.
    pub links: Vec<(String, String)>,
}

pub struct Group {
    pub id: String,
    pub heading: String,
    pub fields: Vec<Field>,
}

/// Actions and history shown to owners, reviewers and curators.
pub struct Curation {
    pub status: String,
    pub status_class: &'static str,
    pub completeness: u8,
    pub missing: Vec<String>,
    pub edit_href: Option<String>,
    /// Owners of a published practice propose an update through the editor.
    pub propose_href: Option<String>,
    /// Pending requests: (link, text).
    pub pending: Vec<(String, String)>,
    pub history_href: String,
    pub can_submit: bool,
    pub transition_action: String,
    pub csrf: String,
    pub review_href: Option<String>,
    pub can_decide: bool,
    /// Workflow steps with a button of their own (archive, reopen, start review).
    pub workflow: Vec<super::curation::WorkflowAction>,
    pub assign: Option<Vec<SelectOption>>,
    pub assign_action: String,
    pub reviews: Vec<super::curation::ReviewView>,
    pub transitions: Vec<super::curation::TransitionView>,
    pub version: i64,
    pub notice: Option<String>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "practice.html")]
struct PracticePage {
    chrome: Chrome,
    heading: String,
    summary: String,
    text_lang: String,
    outcome: Option<String>,
    outcome_class: &'static str,
    published: Option<String>,
    fallback_note: Option<String>,
    description_html: String,
    groups: Vec<Group>,
    sections: Vec<(String, String)>,
    links: Vec<(String, String)>,
    languages: Vec<(String, String, bool)>,
    country_href: String,
    country_name: String,
    curation: Option<Curation>,
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
pub fn markdown(text: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(text));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&out)
        .to_string()
}

pub async fn practice(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryPairs,
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
    let org_slugs = state.hub.organisation_links(c).await.or_page(lang)?;
    let mut groups = Vec::new();
    let mut push = |id: &str, heading: &str, fields: Vec<FieldRow<'_>>| {
        let fields: Vec<Field> = fields
            .into_iter()
            .filter(|(_, v, links)| !v.trim().is_empty() || !links.is_empty())
            .map(|(k, value, links)| Field {
                label: ui.t(k),
                value,
                links,
            })
            .collect();
        if !fields.is_empty() {
            groups.push(Group {
                id: id.to_string(),
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
    let orgs = |role: mhub_core::practice::OrganisationRole| -> Vec<(String, String)> {
        c.organisations
            .iter()
            .filter(|o| o.role == role)
            .map(|o| {
                let href = org_slugs
                    .get(&o.name)
                    .map(|s| format!("/{l}/organisations/{s}"))
                    .unwrap_or_default();
                (href, o.name.clone())
            })
            .collect()
    };
    use mhub_core::practice::OrganisationRole as Org;
    let country_name = catalog
        .country(&c.country)
        .map(|x| x.name(l).to_string())
        .unwrap_or_else(|| c.country.clone());
    push(
        "overview",
        "group-overview",
        vec![
            (
                "field-country",
                String::new(),
                vec![(
                    format!("/{l}/countries/{}", c.country.to_ascii_lowercase()),
                    country_name.clone(),
                )],
            ),
            ("field-regions", c.regions.join(", "), vec![]),
            ("field-org-owner", String::new(), orgs(Org::Owner)),
            ("field-org-partners", String::new(), orgs(Org::Partner)),
            ("field-org-funders", String::new(), orgs(Org::Funder)),
            ("field-target-population", opt(&c.target_population), vec![]),
            ("field-stage", term(r::STAGE, &c.stage), vec![]),
            ("field-lifecycle", term(r::LIFECYCLE, &c.lifecycle), vec![]),
            ("field-start-date", opt(&c.start_date), vec![]),
            ("field-end-date", opt(&c.end_date), vec![]),
        ],
    );
    push(
        "focus",
        "group-focus",
        vec![
            (
                "field-ncd-focus",
                labels(&catalog, r::NCD_FOCUS, &c.ncd_focus, l),
                vec![],
            ),
            (
                "field-channels",
                labels(&catalog, r::CHANNEL, &c.channels, l),
                vec![],
            ),
            (
                "field-cdhi-v1",
                labels(&catalog, r::CDHI_V1, &c.cdhi_v1, l),
                vec![],
            ),
            (
                "field-cdhi-v2",
                labels(&catalog, r::CDHI_V2, &c.cdhi_v2, l),
                vec![],
            ),
            (
                "field-challenges",
                labels(&catalog, r::CHALLENGE, &c.health_system_challenges, l),
                vec![],
            ),
            (
                "field-application-types",
                labels(&catalog, r::APPLICATION_TYPE, &c.application_types, l),
                vec![],
            ),
        ],
    );
    push(
        "reach",
        "group-reach",
        vec![
            ("field-reach-users", num(c.reach.users), vec![]),
            (
                "field-reach-professionals",
                num(c.reach.professionals),
                vec![],
            ),
            ("field-reach-facilities", num(c.reach.facilities), vec![]),
            (
                "field-reach-scope",
                c.reach
                    .scope
                    .as_ref()
                    .map(|s| ui.t(&format!("scope-{s}")))
                    .unwrap_or_default(),
                vec![],
            ),
            ("field-reach-note", opt(&c.reach.note), vec![]),
        ],
    );
    push(
        "evidence",
        "group-evidence",
        vec![
            (
                "field-evidence-level",
                term(r::EVIDENCE_LEVEL, &c.evidence.level),
                vec![],
            ),
            ("field-study-design", opt(&c.evidence.study_design), vec![]),
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
                vec![],
            ),
            (
                "field-publications",
                c.evidence
                    .publications
                    .iter()
                    .filter(|p| !p.url.as_deref().is_some_and(is_web))
                    .map(|p| p.citation.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                c.evidence
                    .publications
                    .iter()
                    .filter_map(|p| {
                        p.url
                            .as_ref()
                            .filter(|u| is_web(u))
                            .map(|u| (u.clone(), p.citation.clone()))
                    })
                    .collect(),
            ),
            ("field-evidence-note", opt(&c.evidence.note), vec![]),
            (
                "field-assessments",
                c.assessments
                    .iter()
                    .map(|a| {
                        [
                            Some(a.framework.clone()),
                            a.result.clone(),
                            a.year.map(|y| y.to_string()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ")
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                vec![],
            ),
        ],
    );
    push(
        "funding",
        "group-funding",
        vec![
            (
                "field-government-investment",
                term(r::GOVERNMENT_INVESTMENT, &c.funding.government_investment),
                vec![],
            ),
            ("field-reimbursed", yes_no(c.funding.reimbursed), vec![]),
            ("field-cost-note", opt(&c.funding.cost_note), vec![]),
            ("field-funding-note", opt(&c.funding.note), vec![]),
            ("field-open-source", yes_no(c.licensing.open_source), vec![]),
            ("field-licence", opt(&c.licensing.licence), vec![]),
            (
                "field-repository",
                String::new(),
                c.licensing
                    .repository
                    .iter()
                    .filter(|u| is_web(u))
                    .map(|u| (u.clone(), u.clone()))
                    .collect(),
            ),
            (
                "field-interoperability",
                labels(&catalog, r::INTEROPERABILITY, &c.interoperability, l),
                vec![],
            ),
        ],
    );
    if !c.contacts.is_empty() {
        push(
            "contacts",
            "group-contacts",
            c.contacts
                .iter()
                .map(|x| {
                    (
                        "field-contact",
                        [Some(x.name.clone()), x.role.clone(), x.email.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(", "),
                        vec![],
                    )
                })
                .collect(),
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
        .filter(|x| is_web(&x.url))
        .map(|x| {
            (
                x.url.clone(),
                x.title.clone().unwrap_or_else(|| x.url.clone()),
            )
        })
        .collect();
    let languages = c
        .texts
        .keys()
        .map(|code| {
            let ui_lang = Lang::parse(code).filter(|x| x.code() == code);
            (
                ui_lang
                    .map(|x| format!("/{}/practices/{}", x.code(), p.slug))
                    .unwrap_or_default(),
                language_name(ui, code),
                code == &text_lang,
            )
        })
        .collect();
    let curation = if view.can_see_curation {
        Some(super::curation::panel(&state, &actor, ui, &view, &q).await?)
    } else {
        None
    };
    let page = PracticePage {
        chrome: Chrome::new(lang, text.title.clone(), &format!("/practices/{}", p.slug))
            .with(&actor)
            .section("practices"),
        heading: text.title.clone(),
        summary: text.summary.clone(),
        outcome: p.outcome.map(|o| ui.t(&format!("outcome-{}", o.as_str()))),
        outcome_class: match p.outcome.map(|o| o.as_str()) {
            Some("best") => "outcome-best",
            _ => "outcome-promising",
        },
        published: p.published_at.map(super::account::date),
        fallback_note: fell_back.then(|| {
            ui.ts(
                "text-fallback-note",
                "language",
                &language_name(ui, &text_lang),
            )
        }),
        text_lang,
        description_html: markdown(&text.description),
        groups,
        sections,
        links,
        languages,
        country_href: format!("/{l}/countries/{}", c.country.to_ascii_lowercase()),
        country_name,
        curation,
    };
    Ok(html(StatusCode::OK, page.render()))
}

fn is_web(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

// ------------------------------------------------------------ countries

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
    map: ChoroplethMap,
    charts: Vec<BarChart>,
}

pub async fn countries(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let all = state.hub.practice_counts(None).await.or_page(lang)?;
    let counts = by_country(&all);
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
        chrome: Chrome::new(lang, ui.t("countries-title"), "/countries")
            .with(&actor)
            .section("countries"),
        rows,
        map: charts::choropleth(ui, &catalog, &counts),
        charts: practice_charts(ui, &catalog, &all, "region"),
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
    total: i64,
    best: i64,
    promising: i64,
    organisations: i64,
    items: Vec<PracticeItem>,
    more_href: String,
    charts: Vec<BarChart>,
}

pub async fn country(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, iso2)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let catalog = state.hub.catalog();
    let c = catalog.country(&iso2).ok_or(HtmlError {
        lang,
        err: AppError::not_found(),
    })?;
    let counts = state
        .hub
        .practice_counts(Some(&c.iso2))
        .await
        .or_page(lang)?;
    let organisations = state
        .hub
        .country_organisation_count(&c.iso2)
        .await
        .or_page(lang)?;
    let first = state
        .hub
        .practices_page(
            &actor.actor,
            &PracticeQuery {
                country: vec![c.iso2.clone()],
                sort: Some("title".into()),
                limit: Some(PAGE_SIZE),
                ..Default::default()
            },
        )
        .await
        .or_page(lang)?;
    let total = counts.total;
    let p = CountryPage {
        chrome: Chrome::new(
            lang,
            c.name(lang.code()).to_string(),
            &format!("/countries/{}", c.iso2.to_ascii_lowercase()),
        )
        .with(&actor)
        .section("countries"),
        name: c.name(lang.code()).to_string(),
        eu_member: c.eu_member,
        count_line: ui.tn("practice-count", total),
        total,
        best: counts.of("outcome", "best"),
        promising: counts.of("outcome", "promising"),
        organisations,
        items: first
            .iter()
            .map(|p| PracticeItem::new(p, ui, &catalog))
            .collect(),
        more_href: format!("/{}/practices?country={}", lang.code(), c.iso2),
        charts: practice_charts(ui, &catalog, &counts, "country"),
    };
    Ok(html(StatusCode::OK, p.render()))
}

// ------------------------------------------------------------ organisations

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    chrome: Chrome,
    name: String,
    country: Option<(String, String)>,
    count_line: String,
    items: Vec<PracticeItem>,
    /// Its practices come a page at a time.
    prev_href: Option<String>,
    next_href: Option<String>,
    /// For its managers and editors.
    members_href: Option<String>,
    unconfirmed: bool,
}

pub async fn organisation(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let org = state.hub.organisation(&slug).await.or_page(lang)?;
    // A merged duplicate's address leads to the organisation it became.
    if let Some(target) = &org.merged_into {
        return Ok(axum::response::Redirect::permanent(&format!(
            "/{}/organisations/{target}",
            lang.code()
        ))
        .into_response());
    }
    let manages = actor.actor.managed_organisation_ids.contains(&org.id)
        || actor
            .actor
            .role()
            .is_some_and(mhub_core::accounts::Role::is_curator);
    let catalog = state.hub.catalog();
    let page_no = q
        .int("page")
        .ok()
        .flatten()
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let items = state
        .hub
        .practices_page(
            &actor.actor,
            &PracticeQuery {
                organisation: vec![org.slug.clone()],
                sort: Some("title".into()),
                limit: Some(PAGE_SIZE),
                page: Some(page_no),
                ..Default::default()
            },
        )
        .await
        .or_page(lang)?;
    let pages = (org.practice_count + PAGE_SIZE - 1) / PAGE_SIZE;
    let page_href = |n: i64| match n {
        1 => format!("/{}/organisations/{}", lang.code(), org.slug),
        n => format!("/{}/organisations/{}?page={n}", lang.code(), org.slug),
    };
    let p = OrganisationPage {
        chrome: Chrome::new(
            lang,
            org.name.clone(),
            &format!("/organisations/{}", org.slug),
        )
        .with(&actor)
        .section("countries"),
        country: org
            .country
            .as_ref()
            .and_then(|c| catalog.country(c))
            .map(|c| {
                (
                    format!("/{}/countries/{}", lang.code(), c.iso2.to_ascii_lowercase()),
                    c.name(lang.code()).to_string(),
                )
            }),
        count_line: ui.tn("practice-count", org.practice_count),
        prev_href: (page_no > 1 && page_no <= pages + 1).then(|| page_href(page_no - 1)),
        next_href: (page_no < pages).then(|| page_href(page_no + 1)),
        members_href: manages
            .then(|| format!("/{}/organisations/{}/members", lang.code(), org.slug)),
        unconfirmed: !org.confirmed,
        items: items
            .iter()
            .map(|p| PracticeItem::new(p, ui, &catalog))
            .collect(),
        name: org.name,
    };
    Ok(html(StatusCode::OK, p.render()))
}

// ------------------------------------------------------------ texts

#[derive(Template)]
#[template(path = "text_page.html")]
struct TextPage {
    chrome: Chrome,
    heading: String,
    paragraphs: Vec<(Option<String>, String)>,
}

/// A page of prose: `{prefix}-title`, then `{prefix}-h{n}` headings and `{prefix}-p{n}` paragraphs.
fn text_page(lang: Lang, actor: &CurrentActor, prefix: &str, path: &str, count: usize) -> Response {
    let ui = Ui { lang };
    let paragraphs = (1..=count)
        .map(|n| {
            let h = format!("{prefix}-h{n}");
            (
                mhub_i18n::has(Lang::default(), &h).then(|| ui.t(&h)),
                ui.t(&format!("{prefix}-p{n}")),
            )
        })
        .collect();
    let page = TextPage {
        chrome: Chrome::new(lang, ui.t(&format!("{prefix}-title")), path)
            .with(actor)
            .section(if prefix == "about" { "about" } else { "" }),
        heading: ui.t(&format!("{prefix}-title")),
        paragraphs,
    };
    html(StatusCode::OK, page.render())
}

pub async fn about(
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    Ok(text_page(lang, &actor, "about", "/about", 4))
}

pub async fn privacy(
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    Ok(text_page(lang, &actor, "privacy", "/privacy", 5))
}

pub async fn accessibility(
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    Ok(text_page(
        lang,
        &actor,
        "accessibility",
        "/accessibility",
        4,
    ))
}
