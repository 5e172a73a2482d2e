//! The search port. `mhub-search` implements it with a tantivy index kept in
//! step with the database through the outbox; `Hub::search_practices` validates
//! and scopes a query, then asks the engine. Knows no tantivy.

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde::Serialize;

use crate::error::CoreResult;
use crate::practice::Practice;

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Deepest result accepted (`offset`), so a page never needs a huge heap.
pub const MAX_SEARCH_OFFSET: usize = 10_000;
/// Filter values per request, all facets together.
pub const MAX_FILTER_VALUES: usize = 200;
/// Suggestions per request.
pub const MAX_SUGGESTIONS: usize = 20;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchSort {
    #[default]
    Relevance,
    /// Most recently updated first.
    Newest,
}

/// A checked query for the engine.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    pub q: String,
    /// Reader's language (snippets and titles come in it when they exist).
    pub lang: String,
    /// Facet name → values: values of a facet are alternatives, facets must all match.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Workflow states the reader may see; never empty.
    pub statuses: Vec<String>,
    pub sort: SearchSort,
    pub limit: usize,
    pub offset: usize,
}

/// One hit as the engine has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineHit {
    pub id: i64,
    pub slug: String,
    pub score: f32,
    pub title: String,
    /// HTML-escaped text with matches in `<b>`.
    pub snippet_html: String,
    pub snippet_lang: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EngineResults {
    pub total: u64,
    pub hits: Vec<EngineHit>,
    /// Facet → (value, count), most frequent first.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    /// Nothing matched most words, so these match any of them.
    pub relaxed: bool,
}

/// A hit with the practice as the database has it now.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub practice: Practice,
    pub score: f32,
    pub snippet_html: String,
    pub snippet_lang: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    pub total: i64,
    pub hits: Vec<SearchHit>,
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    pub relaxed: bool,
    pub limit: i64,
    pub offset: i64,
}

/// How far the engine is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SearchStatus {
    /// The first rebuild or catch-up is done: results reflect the database.
    pub ready: bool,
    pub documents: u64,
    /// The last outbox row applied.
    pub applied_outbox_id: i64,
}

#[async_trait]
pub trait SearchEngine: Send + Sync + 'static {
    /// Fails with `CoreError::BadQuery` for input the engine refuses, and with
    /// `CoreError::SearchUnavailable` while it is not ready or broken.
    async fn search(&self, query: SearchQuery) -> CoreResult<EngineResults>;
    /// Completions of what is being typed; never fails on odd input.
    async fn suggest(&self, prefix: &str, lang: &str, limit: usize) -> CoreResult<Vec<String>>;
    fn status(&self) -> SearchStatus;
}
