//! The practice registry: list, read, create, update.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mhub_core::completeness::Completeness;
use mhub_core::hub::{PracticeQuery, PracticeView, SearchParams};
use mhub_core::practice::{Practice, PracticeContent};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema::{CompletenessDoc, PracticeContentDoc};
use super::{PageOf, etag, if_match, not_modified, rfc3339, text_language};
use crate::AppState;
use crate::error::{AppError, AppResult, ProblemDocument};
use crate::extract::{ApiLang, ApiPath, CurrentActor, JsonBody, QueryPairs};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_practices, create_practice))
        .routes(routes!(get_practice, update_practice))
        .routes(routes!(suggest))
}

/// One practice in a list, with its text in the reader's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeSummary {
    pub slug: String,
    pub status: String,
    /// `best` or `promising` once published.
    pub outcome: Option<String>,
    pub version: i64,
    pub title: String,
    pub summary: String,
    /// Language of `title` and `summary`.
    pub language: String,
    /// Whether the text is in the original language because the requested one is missing.
    pub language_fallback: bool,
    pub country: String,
    pub regions: Vec<String>,
    pub ncd_focus: Vec<String>,
    pub channels: Vec<String>,
    pub cdhi_v1: Vec<String>,
    pub cdhi_v2: Vec<String>,
    pub stage: Option<String>,
    pub evidence_level: Option<String>,
    pub start_date: Option<String>,
    pub updated_at: String,
    /// URL of the full record in the API.
    pub url: String,
}

pub fn practice_url(state: &AppState, slug: &str) -> String {
    format!("{}/api/v1/practices/{slug}", state.config.base_url())
}

impl PracticeSummary {
    pub fn new(state: &AppState, p: &Practice, lang: &str) -> Self {
        let c = &p.content;
        let (language, title, summary, fallback) = match c.text_for(lang) {
            Some((l, t, fb)) => (l.to_string(), t.title.clone(), t.summary.clone(), fb),
            None => (
                c.original_language.clone(),
                String::new(),
                String::new(),
                true,
            ),
        };
        PracticeSummary {
            slug: p.slug.clone(),
            status: p.status.as_str().to_string(),
            outcome: p.outcome.map(|o| o.as_str().to_string()),
            version: p.version,
            title,
            summary,
            language,
            language_fallback: fallback,
            country: c.country.clone(),
            regions: c.regions.clone(),
            ncd_focus: c.ncd_focus.clone(),
            channels: c.channels.clone(),
            cdhi_v1: c.cdhi_v1.clone(),
            cdhi_v2: c.cdhi_v2.clone(),
            stage: c.stage.clone(),
            evidence_level: c.evidence.level.clone(),
            start_date: c.start_date.clone(),
            updated_at: rfc3339(p.updated_at),
            url: practice_url(state, &p.slug),
        }
    }
}

/// A whole practice record.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeDetail {
    pub slug: String,
    pub status: String,
    pub outcome: Option<String>,
    /// Increases on every save; also the `ETag`.
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub published_at: Option<String>,
    #[schema(value_type = PracticeContentDoc)]
    pub content: PracticeContent,
    #[schema(value_type = CompletenessDoc)]
    pub completeness: Completeness,
    /// Whether the reader may edit it.
    pub can_edit: bool,
    /// Whether the reader may see its reviews and revisions.
    pub can_see_curation: bool,
    pub url: String,
}

impl PracticeDetail {
    pub fn new(state: &AppState, view: PracticeView) -> Self {
        let p = view.practice;
        PracticeDetail {
            url: practice_url(state, &p.slug),
            slug: p.slug,
            status: p.status.as_str().to_string(),
            outcome: p.outcome.map(|o| o.as_str().to_string()),
            version: p.version,
            created_at: rfc3339(p.created_at),
            updated_at: rfc3339(p.updated_at),
            published_at: p.published_at.map(rfc3339),
            content: p.content,
            completeness: view.completeness,
            can_edit: view.can_edit,
            can_see_curation: view.can_see_curation,
        }
    }

    /// The response of a write: the record as the writer now sees it, with its ETag.
    pub async fn after_write(
        state: &AppState,
        actor: &CurrentActor,
        practice: Practice,
        status: StatusCode,
    ) -> AppResult<Response> {
        let view = match state.hub.practice(&actor.actor, &practice.slug).await {
            Ok(v) => v,
            // The writer may no longer see it (e.g. after archiving): show what was written.
            Err(_) => PracticeView {
                completeness: mhub_core::completeness::completeness(&practice.content),
                can_edit: false,
                edit_refusal: None,
                can_see_curation: false,
                can_propose_update: false,
                can_request_archive: false,
                pending_requests: Vec::new(),
                practice,
            },
        };
        let detail = PracticeDetail::new(state, view);
        let mut res = (status, axum::Json(&detail)).into_response();
        res.headers_mut().insert(header::ETAG, etag(detail.version));
        if status == StatusCode::CREATED
            && let Ok(v) = HeaderValue::from_str(&detail.url)
        {
            res.headers_mut().insert(header::LOCATION, v);
        }
        Ok(res)
    }
}

/// One entry of a list; a search adds its relevance and a highlighted snippet.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeListItem {
    #[serde(flatten)]
    pub summary: PracticeSummary,
    /// With `q`: relevance (higher is better; 0 when sorted by `newest`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// With `q`: an HTML-escaped excerpt with the matched words in `<b>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet_html: Option<String>,
    /// Language of `snippet_html`: the reader's when the practice has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet_lang: Option<String>,
}

/// How many matching practices carry one value of a facet.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// A page of practices. With `q` (or `facets=true`) it comes from the search
/// index, ranked, with `facets`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeList {
    pub items: Vec<PracticeListItem>,
    /// Exact number of matches.
    pub total: i64,
    pub limit: i64,
    /// 1-based.
    pub page: i64,
    pub pages: i64,
    /// Facet name → values with counts, most frequent first. Each facet is
    /// counted with every filter except its own, so its other values stay visible.
    /// Facets: `country`, `region`, `ncd_focus`, `cdhi_group`, `cdhi`, `cdhi_v1`,
    /// `cdhi_v2`, `channel`, `stage`, `evidence`, `year`, `outcome`, `status`, `lifecycle`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<BTreeMap<String, Vec<FacetCount>>>,
    /// With `q`: no practice matched enough of the words, so these match any of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relaxed: Option<bool>,
}

pub const SEARCH_PARAMS: [&str; 5] = ["q", "facets", "year", "outcome", "cdhi_group"];

pub const LIST_PARAMS: [&str; 14] = [
    "country",
    "region",
    "ncd",
    "cdhi",
    "channel",
    "stage",
    "evidence",
    "status",
    "organisation",
    "updated_since",
    "sort",
    "limit",
    "page",
    "lang",
];

/// Raw list parameters to the service's query.
pub fn practice_query(q: &QueryPairs) -> AppResult<PracticeQuery> {
    let known: Vec<&str> = LIST_PARAMS.iter().chain(&SEARCH_PARAMS).copied().collect();
    q.allow(&known)?;
    Ok(PracticeQuery {
        country: q.list("country"),
        region: q.list("region"),
        ncd: q.list("ncd"),
        cdhi: q.list("cdhi"),
        channel: q.list("channel"),
        stage: q.list("stage"),
        evidence: q.list("evidence"),
        status: q.list("status"),
        organisation: q.list("organisation"),
        updated_since: q.one("updated_since")?,
        sort: q.one("sort")?,
        limit: q.int("limit")?,
        page: q.int("page")?,
    })
}

/// List or search practices (published ones, unless `status` asks for others and the reader may see them).
///
/// Every filter may repeat and take comma-separated values: values of one filter are
/// alternatives, different filters must all match. `cdhi` accepts v1 and v2 codes and
/// matches practices classified in either version through the WHO mapping.
///
/// With `q` (or `facets=true`, `year`, `outcome`, `cdhi_group`) the answer comes from the
/// search index: ranked by relevance in every language the practice is written in (words
/// typed in any of the five languages also find practices tagged with the matching
/// concept), tolerant of typos, `"quoted phrases"`, the last word matched as a prefix,
/// with a highlighted snippet per item and counts per facet value. No character has a
/// syntax meaning except `"`. `organisation` and `updated_since` are not available with
/// `q`; sort is `relevance` (default) or `newest`.
#[utoipa::path(
    get,
    path = "/practices",
    tag = "practices",
    params(
        ("q" = Option<String>, Query, description = "Search text, at most 1,000 characters"),
        ("facets" = Option<bool>, Query, description = "`true`: answer from the search index with facet counts even without `q`"),
        ("country" = Option<String>, Query, description = "ISO 3166-1 alpha-2 codes"),
        ("region" = Option<String>, Query, description = "Region slugs"),
        ("ncd" = Option<String>, Query, description = "Codes of `ncd_focus`"),
        ("cdhi" = Option<String>, Query, description = "CDHI v1 or v2 codes"),
        ("cdhi_group" = Option<String>, Query, description = "Top-level CDHI v2 groups (`1`..`4`); search only"),
        ("channel" = Option<String>, Query, description = "Codes of `channel`"),
        ("stage" = Option<String>, Query, description = "Codes of `implementation_stage`"),
        ("evidence" = Option<String>, Query, description = "Codes of `evidence_level`"),
        ("year" = Option<String>, Query, description = "Start years (YYYY); search only"),
        ("outcome" = Option<String>, Query, description = "Review outcomes `best`, `promising`; search only"),
        ("status" = Option<String>, Query, description = "Workflow states; default `published`"),
        ("organisation" = Option<String>, Query, description = "Organisation slugs; not with `q`"),
        ("updated_since" = Option<String>, Query, description = "RFC 3339 instant or YYYY-MM-DD; not with `q`"),
        ("sort" = Option<String>, Query, description = "Listing: `-updated` (default), `updated`, `title`, `-title`, `-created`, `-start`. Search: `relevance` (default) or `newest`"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "1..=100, default 20"),
        ("page" = Option<i64>, Query, minimum = 1, maximum = 1_000_000, description = "1-based page, at most 1,000,000; from the search index, at most the page that starts at result 10,001"),
        ("lang" = Option<String>, Query, description = "Preferred language of the texts and snippets; else `Accept-Language`"),
    ),
    responses(
        (status = 200, description = "A page of practices", body = PracticeList),
        (status = 400, description = "Malformed query string, or a search the index refuses (`query_too_long`, `unknown_facet`, `too_many_filters`)", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Unpublished states asked for without signing in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Unknown codes or out-of-range values", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`: the search index is being rebuilt", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn list_practices(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiLang(ui): ApiLang,
    q: QueryPairs,
) -> AppResult<axum::Json<PracticeList>> {
    let query = practice_query(&q)?;
    let lang = text_language(q.one("lang")?.as_deref(), ui);
    let text = q.one("q")?;
    let facets = q.bool("facets")?.unwrap_or(false);
    let params = SearchParams {
        q: text.clone().unwrap_or_default(),
        lang: lang.clone(),
        year: q.list("year"),
        outcome: q.list("outcome"),
        cdhi_group: q.list("cdhi_group"),
    };
    let search = text.is_some()
        || facets
        || !params.year.is_empty()
        || !params.outcome.is_empty()
        || !params.cdhi_group.is_empty();
    if !search {
        let page = state.hub.list_practices(&actor.actor, &query).await?;
        let items = page
            .items
            .iter()
            .map(|p| PracticeListItem {
                summary: PracticeSummary::new(&state, p, &lang),
                score: None,
                snippet_html: None,
                snippet_lang: None,
            })
            .collect();
        let page = PageOf::new(items, page.total, page.limit, page.offset);
        return Ok(axum::Json(PracticeList {
            items: page.items,
            total: page.total,
            limit: page.limit,
            page: page.page,
            pages: page.pages,
            facets: None,
            relaxed: None,
        }));
    }
    let found = state
        .hub
        .search_practices(&actor.actor, &query, &params)
        .await?;
    let items = found
        .hits
        .into_iter()
        .map(|h| PracticeListItem {
            summary: PracticeSummary::new(&state, &h.practice, &lang),
            score: Some(h.score),
            snippet_html: Some(h.snippet_html),
            snippet_lang: Some(h.snippet_lang),
        })
        .collect();
    let facets = found
        .facets
        .into_iter()
        .map(|(name, values)| {
            let values = values
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            (name, values)
        })
        .collect();
    let page = PageOf::new(items, found.total, found.limit, found.offset);
    Ok(axum::Json(PracticeList {
        items: page.items,
        total: page.total,
        limit: page.limit,
        page: page.page,
        pages: page.pages,
        facets: Some(facets),
        relaxed: Some(found.relaxed),
    }))
}

/// Completions for a search box: vocabulary terms in the reader's language that
/// start with what was typed, then titles of published practices whose words do.
#[utoipa::path(
    get,
    path = "/search/suggest",
    tag = "practices",
    params(
        ("q" = Option<String>, Query, description = "What has been typed so far; nothing suggests nothing"),
        ("lang" = Option<String>, Query, description = "Language of the suggestions; else `Accept-Language`"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 20, description = "1..=20, default 8"),
    ),
    responses(
        (status = 200, description = "Suggestions, best first", body = Suggestions),
        (status = 400, description = "Malformed query string or `query_too_long`", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 503, description = "`search_unavailable`: the search index is being rebuilt", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn suggest(
    State(state): State<AppState>,
    ApiLang(ui): ApiLang,
    q: QueryPairs,
) -> AppResult<axum::Json<Suggestions>> {
    q.allow(&["q", "lang", "limit"])?;
    let text = q.one("q")?.unwrap_or_default();
    let lang = text_language(q.one("lang")?.as_deref(), ui);
    let limit = q.int("limit")?.unwrap_or(8);
    let suggestions = state.hub.suggest(&text, &lang, limit).await?;
    Ok(axum::Json(Suggestions {
        q: text,
        suggestions,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    /// The text the suggestions complete.
    pub q: String,
    pub suggestions: Vec<String>,
}

/// One practice, with all its content.
#[utoipa::path(
    get,
    path = "/practices/{slug}",
    tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug"), ("If-None-Match" = Option<String>, Header, description = "An ETag from an earlier read")),
    responses(
        (status = 200, description = "The practice", body = PracticeDetail, headers(("ETag" = String, description = "\"<version>\""))),
        (status = 304, description = "Unchanged since the ETag in If-None-Match"),
        (status = 404, description = "No such practice, or not visible to the reader", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn get_practice(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let view = state.hub.practice(&actor.actor, &slug).await?;
    let version = view.practice.version;
    if not_modified(&headers, version) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, etag(version));
        return Ok(res);
    }
    let mut res = axum::Json(PracticeDetail::new(&state, view)).into_response();
    res.headers_mut().insert(header::ETAG, etag(version));
    Ok(res)
}

fn note(q: &QueryPairs) -> AppResult<Option<String>> {
    q.allow(&["note"])?;
    let note = q.one("note")?;
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(AppError::InvalidQuery {
            field: "note".into(),
            code: "too_long",
        });
    }
    Ok(note)
}

/// Create a practice as a draft. The slug is made from the country and title.
#[utoipa::path(
    post,
    path = "/practices",
    tag = "practices",
    params(("note" = Option<String>, Query, description = "Note recorded on the first revision")),
    request_body(content = PracticeContentDoc, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 201, description = "Created", body = PracticeDetail, headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "Malformed JSON or query", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to contribute, or CSRF token missing", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Body is not application/json", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid content; `errors` names each field", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn create_practice(
    State(state): State<AppState>,
    actor: CurrentActor,
    q: QueryPairs,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let note = note(&q)?;
    let content: PracticeContent = body.parse()?;
    let practice = state.hub.create_practice(who, content, note).await?;
    PracticeDetail::after_write(&state, &actor, practice, StatusCode::CREATED).await
}

/// Replace a practice's content (a new revision). Needs `If-Match` with the version read.
#[utoipa::path(
    put,
    path = "/practices/{slug}",
    tag = "practices",
    params(
        ("slug" = String, Path, description = "The practice's slug"),
        ("If-Match" = String, Header, description = "\"<version>\" as read (or `*`)"),
        ("note" = Option<String>, Query, description = "Note recorded on the revision"),
    ),
    request_body(content = PracticeContentDoc, content_type = "application/json"),
    security(("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Saved", body = PracticeDetail, headers(("ETag" = String))),
        (status = 400, description = "Malformed JSON, query or If-Match", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to edit", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such practice", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read; `current_version` tells the version now", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "Body is not application/json", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Invalid content", body = ProblemDocument, content_type = "application/problem+json"),
        (status = 428, description = "If-Match missing", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn update_practice(
    State(state): State<AppState>,
    actor: CurrentActor,
    ApiPath(slug): ApiPath<String>,
    headers: HeaderMap,
    q: QueryPairs,
    body: JsonBody,
) -> AppResult<Response> {
    let who = actor.require()?;
    let note = note(&q)?;
    let expected = if_match(&headers)?;
    let content: PracticeContent = body.parse()?;
    let practice = state
        .hub
        .update_practice(who, &slug, expected, content, note)
        .await?;
    PracticeDetail::after_write(&state, &actor, practice, StatusCode::OK).await
}
