//! The search port of `mhub-core` on top of [`SearchIndex`], and the indexer
//! that keeps the index in step with the database.
//!
//! The index is a projection: at start-up it is rebuilt when missing, written by
//! another format or for another database, or behind a database that was reset;
//! then the indexer tails the outbox (every `poll`, or sooner when woken — on
//! PostgreSQL the binary wakes it on every NOTIFY) and applies each changed
//! practice. The last applied outbox id is stored in the commit payload, so the
//! documents and the cursor are always saved together.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use mhub_core::curation::Status;
use mhub_core::hub::Hub;
use mhub_core::practice::{Practice, PracticeFilter, PracticeSort};
use mhub_core::search::{
    EngineHit, EngineResults, SearchEngine, SearchQuery, SearchSort, SearchStatus,
};
use mhub_core::{CoreError, CoreResult};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::{SearchError, SearchIndex, SearchRequest, SortOrder};

/// Raise when documents change shape without a schema change: every node then
/// rebuilds its index at the next start.
pub const INDEX_FORMAT: u32 = 2;
/// Outbox rows read per round.
const OUTBOX_BATCH: i64 = 500;
/// Practices read per round while rebuilding.
const REBUILD_BATCH: i64 = 1_000;

/// What a commit remembers (the commit payload).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Cursor {
    format: u32,
    /// The database this index projects (a random id kept in its `meta` table).
    instance: String,
    /// Last outbox id applied.
    outbox: i64,
}

/// The port implementation handed to `Hub::set_search_engine`.
pub struct Engine {
    index: Arc<SearchIndex>,
    ready: AtomicBool,
    applied: AtomicI64,
}

impl Engine {
    pub fn new(index: SearchIndex) -> Arc<Engine> {
        Arc::new(Engine {
            index: Arc::new(index),
            ready: AtomicBool::new(false),
            applied: AtomicI64::new(0),
        })
    }

    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }
}

fn to_core(e: SearchError) -> CoreError {
    match e {
        SearchError::QueryTooLong { max } => CoreError::BadQuery {
            code: "query_too_long",
            field: "q".into(),
            max: Some(max),
        },
        SearchError::UnknownFacet(name) => CoreError::BadQuery {
            code: "unknown_facet",
            field: name,
            max: None,
        },
        SearchError::OutOfRange { field, max } => CoreError::BadQuery {
            code: "out_of_range",
            field: field.into(),
            max: Some(max),
        },
        SearchError::TooManyFilters { max } => CoreError::BadQuery {
            code: "too_many_filters",
            field: "filters".into(),
            max: Some(max),
        },
        other => {
            tracing::error!(error = %other, "search index failure");
            CoreError::SearchUnavailable(other.to_string())
        }
    }
}

fn join_error(e: tokio::task::JoinError) -> CoreError {
    CoreError::SearchUnavailable(format!("search task: {e}"))
}

#[async_trait]
impl SearchEngine for Engine {
    async fn search(&self, query: SearchQuery) -> CoreResult<EngineResults> {
        if !self.ready.load(Ordering::Acquire) {
            return Err(CoreError::SearchUnavailable("indexing".into()));
        }
        let req = SearchRequest {
            q: query.q,
            lang: query.lang,
            filters: query.filters,
            statuses: query.statuses,
            sort: match query.sort {
                SearchSort::Relevance => SortOrder::Relevance,
                SearchSort::Newest => SortOrder::Newest,
            },
            limit: query.limit,
            offset: query.offset,
        };
        let index = self.index.clone();
        let res = tokio::task::spawn_blocking(move || index.search(&req))
            .await
            .map_err(join_error)?
            .map_err(to_core)?;
        Ok(EngineResults {
            total: res.total,
            hits: res
                .hits
                .into_iter()
                .map(|h| EngineHit {
                    id: h.id,
                    slug: h.slug,
                    score: h.score,
                    title: h.title,
                    snippet_html: h.snippet_html,
                    snippet_lang: h.snippet_lang,
                })
                .collect(),
            facets: res.facets,
            relaxed: res.relaxed,
        })
    }

    async fn suggest(&self, prefix: &str, lang: &str, limit: usize) -> CoreResult<Vec<String>> {
        if !self.ready.load(Ordering::Acquire) {
            return Err(CoreError::SearchUnavailable("indexing".into()));
        }
        let (index, prefix, lang) = (self.index.clone(), prefix.to_string(), lang.to_string());
        tokio::task::spawn_blocking(move || index.suggest(&prefix, &lang, limit))
            .await
            .map_err(join_error)
    }

    fn status(&self) -> SearchStatus {
        SearchStatus {
            ready: self.ready.load(Ordering::Acquire),
            documents: self.index.num_docs(),
            applied_outbox_id: self.applied.load(Ordering::Acquire),
        }
    }
}

/// Progress of a rebuild: (indexed so far, expected total).
pub type Progress = Box<dyn FnMut(usize, usize) + Send>;

/// Keeps one [`Engine`] in step with the database behind one [`Hub`].
pub struct Indexer {
    hub: Arc<Hub>,
    engine: Arc<Engine>,
    wake: Arc<Notify>,
    poll: Duration,
}

impl Indexer {
    pub fn new(hub: Arc<Hub>, engine: Arc<Engine>) -> Indexer {
        Indexer {
            hub,
            engine,
            wake: Arc::new(Notify::new()),
            poll: Duration::from_secs(1),
        }
    }

    /// Notify this to make the indexer look at the outbox now.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// The id of the database (created on first use), so an index built for
    /// another database is never taken for current.
    async fn instance(&self) -> CoreResult<String> {
        let repo = self.hub.repo();
        if let Some(id) = repo.meta("search_instance").await? {
            return Ok(id);
        }
        let id = mhub_core::accounts::new_secret("");
        let id: String = id.chars().take(16).collect();
        repo.set_meta("search_instance", &id).await?;
        // Two nodes starting at once may both write; whoever wrote last wins for both.
        Ok(repo.meta("search_instance").await?.unwrap_or(id))
    }

    fn stored_cursor(&self) -> Option<Cursor> {
        self.engine
            .index
            .payload()
            .and_then(|p| serde_json::from_str::<Cursor>(&p).ok())
    }

    /// Why the index must be rebuilt before use, or `None` when it can catch up.
    pub async fn rebuild_reason(&self) -> CoreResult<Option<&'static str>> {
        let Some(cursor) = self.stored_cursor() else {
            return Ok(Some("missing"));
        };
        if cursor.format != INDEX_FORMAT {
            return Ok(Some("format changed"));
        }
        if cursor.instance != self.instance().await? {
            return Ok(Some("built for another database"));
        }
        if cursor.outbox > self.hub.repo().outbox_last_id().await? {
            return Ok(Some("ahead of the database (restored?)"));
        }
        Ok(None)
    }

    /// Rebuilds the index from every practice in the database, in one commit.
    /// Changes committed meanwhile are picked up by the next catch-up, which
    /// starts from the outbox id read before the first practice.
    pub async fn rebuild(&self, mut progress: Progress) -> CoreResult<usize> {
        let repo = self.hub.repo().clone();
        let cursor = Cursor {
            format: INDEX_FORMAT,
            instance: self.instance().await?,
            outbox: repo.outbox_last_id().await?,
        };
        let all = PracticeFilter {
            status: Status::ALL.to_vec(),
            ..Default::default()
        };
        let expected = repo
            .list_practices(&all, PracticeSort::UpdatedDesc, 1, 0)
            .await?
            .total
            .max(0) as usize;
        progress(0, expected);
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Practice>>(4);
        let index = self.engine.index.clone();
        let catalog = self.hub.catalog();
        let payload =
            serde_json::to_string(&cursor).map_err(|e| CoreError::Storage(e.to_string()))?;
        let writer = tokio::task::spawn_blocking(move || {
            let docs = Batches {
                rx,
                current: Vec::new().into_iter(),
                expected,
            };
            index.rebuild_with_payload(
                docs,
                &catalog,
                |n| progress(n, expected.max(n)),
                Some(&payload),
            )
        });
        let mut after = 0;
        let mut read_error = None;
        loop {
            let batch = match repo.practices_after(after, REBUILD_BATCH).await {
                Ok(b) => b,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            let Some(last) = batch.last() else { break };
            after = last.id;
            if tx.send(batch).is_err() {
                break; // the writer failed; its error is reported below
            }
        }
        drop(tx);
        if let Some(e) = read_error {
            // The writer saw a short stream and committed it: clear the cursor
            // so this partial index is never taken for complete.
            let _ = writer.await;
            let index = self.engine.index.clone();
            let _ =
                tokio::task::spawn_blocking(move || index.commit_with_payload(Some("{}"))).await;
            return Err(e);
        }
        let n = writer.await.map_err(join_error)?.map_err(to_core)?;
        self.engine.applied.store(cursor.outbox, Ordering::Release);
        Ok(n)
    }

    /// Applies up to one batch of outbox rows; returns how many it read.
    async fn apply_batch(&self) -> CoreResult<usize> {
        let repo = self.hub.repo();
        let Some(mut cursor) = self.stored_cursor() else {
            return Err(CoreError::SearchUnavailable("index has no cursor".into()));
        };
        let entries = repo.outbox_after(cursor.outbox, OUTBOX_BATCH).await?;
        let Some(last) = entries.last().map(|e| e.id) else {
            self.engine.applied.store(cursor.outbox, Ordering::Release);
            return Ok(0);
        };
        let ids: BTreeSet<i64> = entries
            .iter()
            .filter(|e| e.entity == "practice")
            .map(|e| e.entity_id)
            .collect();
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            changes.push((id, repo.practice_by_id(id).await?));
        }
        cursor.outbox = last;
        let payload =
            serde_json::to_string(&cursor).map_err(|e| CoreError::Storage(e.to_string()))?;
        let index = self.engine.index.clone();
        let catalog = self.hub.catalog();
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            for (id, practice) in changes {
                match practice {
                    Some(p) => index.upsert(&p, &catalog)?,
                    None => index.delete(id)?,
                }
            }
            index.commit_with_payload(Some(&payload))
        })
        .await
        .map_err(join_error)?
        .map_err(to_core)?;
        self.engine.applied.store(last, Ordering::Release);
        Ok(entries.len())
    }

    /// Applies every pending outbox row, then marks the engine ready.
    pub async fn catch_up(&self) -> CoreResult<()> {
        while self.apply_batch().await? as i64 == OUTBOX_BATCH {}
        self.engine.ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Rebuilds when needed (see [`Indexer::rebuild_reason`]), catches up, then
    /// tails the outbox forever. Failures are logged and retried.
    pub async fn run(self, mut progress: Option<Progress>) {
        loop {
            match self.start(progress.take()).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::error!(error = %e, "search index start-up failed; retrying in 5 s");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
        loop {
            tokio::select! {
                _ = tokio::time::sleep(self.poll) => {}
                _ = self.wake.notified() => {}
            }
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "applying outbox to the search index failed; retrying");
            }
        }
    }

    async fn start(&self, progress: Option<Progress>) -> CoreResult<()> {
        if let Some(reason) = self.rebuild_reason().await? {
            tracing::info!(reason, "rebuilding the search index");
            let started = std::time::Instant::now();
            let n = self
                .rebuild(progress.unwrap_or_else(|| Box::new(|_, _| {})))
                .await?;
            tracing::info!(
                documents = n,
                secs = started.elapsed().as_secs_f64(),
                "search index rebuilt"
            );
        }
        self.catch_up().await?;
        tracing::info!(
            documents = self.engine.index.num_docs(),
            "search index ready"
        );
        Ok(())
    }
}

/// Practices arriving in batches from the async reader, as one iterator whose
/// size hint sizes the writer.
struct Batches {
    rx: std::sync::mpsc::Receiver<Vec<Practice>>,
    current: std::vec::IntoIter<Practice>,
    expected: usize,
}

impl Iterator for Batches {
    type Item = Practice;

    fn next(&mut self) -> Option<Practice> {
        loop {
            if let Some(p) = self.current.next() {
                return Some(p);
            }
            self.current = self.rx.recv().ok()?.into_iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.expected, None)
    }
}
