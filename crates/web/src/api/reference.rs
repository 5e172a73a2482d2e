//! Reference data: countries, controlled vocabularies and the CDHI v1↔v2 map.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::extract::State;
use mhub_core::reference::{CDHI_V1, Country, Term};
use mhub_i18n::Lang;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ListOf;
use crate::AppState;
use crate::error::{AppError, AppResult, ProblemDocument};
use crate::extract::{ApiLang, ApiPath};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(countries))
        .routes(routes!(country))
        .routes(routes!(taxonomies))
        .routes(routes!(taxonomy))
        .routes(routes!(cdhi_map))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountryView {
    pub iso2: String,
    pub iso3: String,
    /// Name in the negotiated language.
    pub name: String,
    /// Name per interface language.
    pub names: BTreeMap<String, String>,
    pub eu_member: bool,
    /// Published practices.
    pub practice_count: i64,
}

impl CountryView {
    pub fn new(c: &Country, lang: Lang, counts: &HashMap<String, i64>) -> Self {
        CountryView {
            iso2: c.iso2.clone(),
            iso3: c.iso3.clone(),
            name: c.name(lang.code()).to_string(),
            names: c.names.clone(),
            eu_member: c.eu_member,
            practice_count: counts.get(&c.iso2).copied().unwrap_or(0),
        }
    }
}

pub async fn counts(state: &AppState) -> AppResult<HashMap<String, i64>> {
    Ok(state
        .hub
        .practice_counts(None)
        .await?
        .values
        .remove("country")
        .unwrap_or_default()
        .into_iter()
        .collect())
}

/// The 53 countries of the WHO European Region.
#[utoipa::path(
    get,
    path = "/countries",
    tag = "reference",
    responses((status = 200, description = "Countries, names in the `Accept-Language` language", body = ListOf<CountryView>))
)]
pub async fn countries(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
) -> AppResult<Json<ListOf<CountryView>>> {
    let counts = counts(&state).await?;
    let catalog = state.hub.catalog();
    Ok(Json(ListOf::new(
        catalog
            .countries()
            .iter()
            .map(|c| CountryView::new(c, lang, &counts))
            .collect(),
    )))
}

/// One country (ISO 3166-1 alpha-2, either case).
#[utoipa::path(
    get,
    path = "/countries/{iso2}",
    tag = "reference",
    params(("iso2" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    responses(
        (status = 200, description = "The country", body = CountryView),
        (status = 404, description = "Not one of the 53 countries", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn country(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiPath(iso2): ApiPath<String>,
) -> AppResult<Json<CountryView>> {
    let catalog = state.hub.catalog();
    let c = catalog.country(&iso2).ok_or_else(AppError::not_found)?;
    let counts = counts(&state).await?;
    Ok(Json(CountryView::new(c, lang, &counts)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VocabularySummary {
    pub vocabulary: String,
    /// Number of terms.
    pub count: i64,
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TermView {
    pub code: String,
    /// Label in the negotiated language.
    pub label: String,
    pub labels: BTreeMap<String, String>,
    pub parent: Option<String>,
    /// `group`, `category`, `intervention` … where the vocabulary is a tree.
    pub level: Option<String>,
    pub position: i32,
}

impl TermView {
    fn new(t: &Term, lang: Lang) -> Self {
        TermView {
            code: t.code.clone(),
            label: t.label(lang.code()).to_string(),
            labels: t.labels.clone(),
            parent: t.parent.clone(),
            level: t.level.clone(),
            position: t.position,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Vocabulary {
    pub vocabulary: String,
    pub items: Vec<TermView>,
    pub total: i64,
}

/// The controlled vocabularies practices are tagged with.
#[utoipa::path(
    get,
    path = "/taxonomies",
    tag = "reference",
    responses((status = 200, description = "Vocabulary names with their sizes", body = ListOf<VocabularySummary>))
)]
pub async fn taxonomies(State(state): State<AppState>) -> Json<ListOf<VocabularySummary>> {
    let catalog = state.hub.catalog();
    let base = state.config.base_url();
    Json(ListOf::new(
        catalog
            .vocabularies()
            .map(|v| VocabularySummary {
                vocabulary: v.to_string(),
                count: catalog.terms(v).len() as i64,
                url: format!("{base}/api/v1/taxonomies/{v}"),
            })
            .collect(),
    ))
}

/// The terms of one vocabulary, in order.
#[utoipa::path(
    get,
    path = "/taxonomies/{vocabulary}",
    tag = "reference",
    params(("vocabulary" = String, Path, description = "e.g. `ncd_focus`, `channel`, `cdhi_v2`")),
    responses(
        (status = 200, description = "The terms", body = Vocabulary),
        (status = 404, description = "No such vocabulary", body = ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn taxonomy(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiPath(vocabulary): ApiPath<String>,
) -> AppResult<Json<Vocabulary>> {
    let catalog = state.hub.catalog();
    let terms = catalog.terms(&vocabulary);
    if terms.is_empty() {
        return Err(AppError::not_found());
    }
    let items: Vec<TermView> = terms.iter().map(|t| TermView::new(t, lang)).collect();
    Ok(Json(Vocabulary {
        vocabulary,
        total: items.len() as i64,
        items,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CdhiPair {
    pub v1: String,
    pub v2: String,
}

/// How CDHI v1 codes correspond to v2 codes (used to expand `cdhi` filters).
#[utoipa::path(
    get,
    path = "/cdhi-map",
    tag = "reference",
    responses((status = 200, description = "v1 → v2 pairs", body = ListOf<CdhiPair>))
)]
pub async fn cdhi_map(State(state): State<AppState>) -> Json<ListOf<CdhiPair>> {
    let catalog = state.hub.catalog();
    let pairs = catalog
        .terms(CDHI_V1)
        .iter()
        .flat_map(|t| {
            catalog.cdhi_v2_for_v1(&t.code).iter().map(|v2| CdhiPair {
                v1: t.code.clone(),
                v2: v2.clone(),
            })
        })
        .collect();
    Json(ListOf::new(pairs))
}
