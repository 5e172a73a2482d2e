//! Full-text search over practices: a tantivy index, a disposable projection of
//! the database, kept current from the outbox and rebuilt from the database when
//! missing or stale (docs/ARCHITECTURE.md, "Search"). Every translation is analyzed with its own
//! language's stemmer; a cross-lingual vocabulary maps what people type in any
//! language to the tags practices carry; facets count with OR within a facet and
//! AND across facets.
//!
//! The API is synchronous; async callers wrap it in `spawn_blocking`.

mod analysis;
mod collect;
mod engine;
mod index;
mod query;
mod schema;
mod slug;
mod vocabulary;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use analysis::LANGS;
pub use engine::{Engine, INDEX_FORMAT, Indexer, Progress};
pub use index::{MAX_FILTER_VALUES, MAX_LIMIT, MAX_OFFSET, SearchIndex};
pub use query::{MAX_QUERY_CHARS, MAX_TERMS};

/// The query parser alone, for the fuzz target: returns the number of words
/// and units it found. Never panics on any input.
#[doc(hidden)]
pub fn parse_query_for_fuzzing(q: &str) -> Option<(usize, usize)> {
    query::parse(q).ok().map(|p| (p.words.len(), p.units.len()))
}
pub use schema::FACETS;
pub use slug::slugify as region_slug;
pub use vocabulary::{Concept, Vocabulary};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Relevance,
    /// `updated_at` descending.
    Newest,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    /// What the person typed. Empty matches everything (sorted newest).
    pub q: String,
    /// Reader's language: titles and snippets come in it when the text exists.
    pub lang: String,
    /// Facet name (one of [`FACETS`]) → values; values of one facet are ORed,
    /// facets are ANDed.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Statuses visible to this reader; empty means `published`. Always applied,
    /// also to facet counts, so a public reader never learns about drafts.
    pub statuses: Vec<String>,
    pub sort: SortOrder,
    pub limit: usize,
    pub offset: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            q: String::new(),
            lang: "en".into(),
            filters: BTreeMap::new(),
            statuses: vec!["published".into()],
            sort: SortOrder::Relevance,
            limit: 20,
            offset: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: i64,
    pub slug: String,
    pub score: f32,
    pub title: String,
    /// HTML-escaped text with matches in `<b>`.
    pub snippet_html: String,
    /// Language of the snippet text.
    pub snippet_lang: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    /// Exact number of matching practices.
    pub total: u64,
    pub hits: Vec<Hit>,
    /// Facet name → (value, count), most frequent first. Each facet is counted
    /// with every filter except its own, so its other values stay visible.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
    /// No practice matched enough of the words, so these match any of them.
    pub relaxed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the query is longer than {max} characters")]
    QueryTooLong { max: usize },
    #[error("unknown facet `{0}`")]
    UnknownFacet(String),
    #[error("`{field}` is out of range (1..={max})")]
    OutOfRange { field: &'static str, max: usize },
    #[error("too many filter values (at most {max})")]
    TooManyFilters { max: usize },
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search index i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("search document: {0}")]
    Json(#[from] serde_json::Error),
}

impl SearchError {
    /// Stable code for problem+json; the first four are the client's fault.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::QueryTooLong { .. } => "query_too_long",
            SearchError::UnknownFacet(_) => "unknown_facet",
            SearchError::OutOfRange { .. } => "out_of_range",
            SearchError::TooManyFilters { .. } => "too_many_filters",
            SearchError::Index(_)
            | SearchError::Directory(_)
            | SearchError::Io(_)
            | SearchError::Json(_) => "search_unavailable",
        }
    }

    pub fn is_client_error(&self) -> bool {
        self.code() != "search_unavailable"
    }
}
