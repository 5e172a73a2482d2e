//! The index: open/create, write (upsert, delete, bulk rebuild) and search.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use mhub_core::practice::Practice;
use mhub_core::reference::Catalog;
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{
    Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term,
};

use crate::analysis::{
    Analyzers, LANGS, OTHER, analyzer_name, field_analyzer, field_lang, label_analyzer,
    label_analyzer_name, plain, tokens,
};
use crate::collect::{FacetTables, Rank, ResultCollector};
use crate::query::{self, Loose};
use crate::schema::{Display, FACETS, Fields, build_schema, facet, to_document};
use crate::vocabulary::Vocabulary;
use crate::{Hit, SearchError, SearchRequest, SearchResults, SortOrder};

pub const MAX_LIMIT: usize = 100;
/// Deep pages cost a heap of offset + limit entries; nobody reads page 1,000.
pub const MAX_OFFSET: usize = 10_000;
/// Filter values per request, all facets together.
pub const MAX_FILTER_VALUES: usize = 200;
/// Heap of the long-lived writer that applies single changes.
const SMALL_WRITER_HEAP: usize = 50_000_000;
const SNIPPET_CHARS: usize = 200;
const FACET_FIELD: &str = "facets";
/// A word found in at least this many documents is taken as correctly spelt
/// (no typo expansion); rarer words may well be someone else's typo.
const KNOWN_WORD_DOCS: u64 = 2;

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// One writer per index (tantivy locks the directory); created on first use
    /// and replaced by a bigger one during a rebuild.
    writer: Mutex<Option<IndexWriter>>,
    vocabulary: RwLock<Arc<Vocabulary>>,
    facet_tables: Arc<FacetTables>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when missing. An index written with
    /// another schema is a stale projection: it is wiped and recreated empty,
    /// and [`SearchIndex::num_docs`] then answers 0 so the caller rebuilds.
    pub fn open_or_create(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = build_schema();
        let index = match Index::open_or_create(MmapDirectory::open(dir)?, schema.clone()) {
            Ok(index) => index,
            Err(TantivyError::SchemaError(why)) => {
                tracing::warn!(%why, dir = %dir.display(), "search index schema changed; recreating it");
                wipe(dir)?;
                Index::create_in_dir(dir, schema)?
            }
            Err(e) => return Err(e.into()),
        };
        Self::from_index(index, fields)
    }

    /// Like [`SearchIndex::open_or_create`], but an index that cannot be opened
    /// (corrupt files) is wiped and recreated empty instead of failing.
    pub fn open_or_recreate(dir: &Path) -> Result<Self, SearchError> {
        match Self::open_or_create(dir) {
            Ok(index) => Ok(index),
            Err(e) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; recreating it");
                wipe(dir)?;
                Self::open_or_create(dir)
            }
        }
    }

    /// The payload of the last commit (the indexer's bookkeeping), if any.
    pub fn payload(&self) -> Option<String> {
        self.index.load_metas().ok()?.payload
    }

    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = build_schema();
        Self::from_index(Index::create_in_ram(schema), fields)
    }

    fn from_index(mut index: Index, fields: Fields) -> Result<Self, SearchError> {
        // One query's segments are searched in parallel: latency, not throughput,
        // is what a reader waits on.
        let threads = search_threads();
        if threads > 1 {
            index.set_multithread_executor(threads)?;
        }
        for suffix in LANGS.iter().copied().chain([OTHER]) {
            index
                .tokenizers()
                .register(&analyzer_name(suffix), field_analyzer(suffix));
        }
        for suffix in LANGS {
            index
                .tokenizers()
                .register(&label_analyzer_name(suffix), label_analyzer(suffix));
        }
        // Manual reload: changes become visible exactly when `commit` returns.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let facet_tables = Arc::new(FacetTables::default());
        facet_tables.refresh(&reader.searcher(), FACET_FIELD)?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
            vocabulary: RwLock::new(Arc::new(Vocabulary::embedded()?)),
            facet_tables,
        })
    }

    /// Replaces the vocabulary used for query expansion (takes effect on the next search).
    pub fn set_vocabulary(&self, vocabulary: Vocabulary) {
        let v = Arc::new(vocabulary);
        match self.vocabulary.write() {
            Ok(mut g) => *g = v,
            Err(poisoned) => *poisoned.into_inner() = v,
        }
    }

    fn vocabulary(&self) -> Arc<Vocabulary> {
        match self.vocabulary.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Makes the last commit visible and drops what merged-away segments left.
    fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        self.facet_tables
            .refresh(&self.reader.searcher(), FACET_FIELD)?;
        Ok(())
    }

    /// Segments of the committed index (a rebuild leaves one per search thread).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Committed documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>, SearchError> {
        // A panic while holding the lock leaves the writer usable: tantivy rolls
        // back uncommitted work itself, so a poisoned lock is recovered.
        let mut guard = match self.writer.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if guard.is_none() {
            *guard = Some(self.index.writer(SMALL_WRITER_HEAP)?);
        }
        Ok(guard)
    }

    fn id_term(&self, id: i64) -> Term {
        Term::from_field_i64(self.fields.id, id)
    }

    /// Adds or replaces the practice; visible after [`SearchIndex::commit`].
    pub fn upsert(&self, practice: &Practice, catalog: &Catalog) -> Result<(), SearchError> {
        let doc = to_document(practice, catalog, &self.fields)?;
        let guard = self.writer()?;
        if let Some(w) = guard.as_ref() {
            w.delete_term(self.id_term(practice.id));
            w.add_document(doc)?;
        }
        Ok(())
    }

    pub fn delete(&self, id: i64) -> Result<(), SearchError> {
        let guard = self.writer()?;
        if let Some(w) = guard.as_ref() {
            w.delete_term(self.id_term(id));
        }
        Ok(())
    }

    pub fn commit(&self) -> Result<(), SearchError> {
        self.commit_with_payload(None)
    }

    /// Commits and stores `payload` with the commit, atomically with the documents.
    pub fn commit_with_payload(&self, payload: Option<&str>) -> Result<(), SearchError> {
        let mut guard = self.writer()?;
        if let Some(w) = guard.as_mut() {
            let mut prepared = w.prepare_commit()?;
            if let Some(p) = payload {
                prepared.set_payload(p);
            }
            prepared.commit()?;
        }
        self.reload()?;
        Ok(())
    }

    /// Replaces the whole index with `practices`, committing once. `progress`
    /// gets the number indexed so far every 1,000 documents and at the end.
    /// Returns the number of documents indexed.
    pub fn rebuild<I, P>(
        &self,
        practices: I,
        catalog: &Catalog,
        progress: P,
    ) -> Result<usize, SearchError>
    where
        I: IntoIterator<Item = Practice>,
        P: FnMut(usize),
    {
        self.rebuild_with_payload(practices, catalog, progress, None)
    }

    /// [`SearchIndex::rebuild`], storing `payload` with the single commit.
    pub fn rebuild_with_payload<I, P>(
        &self,
        practices: I,
        catalog: &Catalog,
        mut progress: P,
        payload: Option<&str>,
    ) -> Result<usize, SearchError>
    where
        I: IntoIterator<Item = Practice>,
        P: FnMut(usize),
    {
        let practices = practices.into_iter();
        let expected = practices.size_hint().0;
        let mut guard = match self.writer.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Only one writer may exist: drop the small one (discarding anything
        // uncommitted, which the rebuild supersedes) before taking a big one.
        if let Some(old) = guard.take() {
            drop(old);
        }
        let (threads, heap) = rebuild_budget(expected);
        let mut writer: IndexWriter = self.index.writer_with_num_threads(threads, heap)?;
        // No merging while indexing (it took cores from the indexing threads);
        // the segments are merged once at the end, see `balance`.
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.delete_all_documents()?;
        let mut n = 0;
        // Where the time goes, logged at the end (waiting = for the reader).
        let (mut waiting, mut building, mut adding) =
            (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        let mut practices = practices;
        loop {
            let t0 = Instant::now();
            let Some(p) = practices.next() else { break };
            let t1 = Instant::now();
            let doc = to_document(&p, catalog, &self.fields)?;
            let t2 = Instant::now();
            writer.add_document(doc)?;
            let t3 = Instant::now();
            waiting += t1 - t0;
            building += t2 - t1;
            adding += t3 - t2;
            n += 1;
            if n % 1_000 == 0 {
                progress(n);
            }
        }
        let t = Instant::now();
        let mut prepared = writer.prepare_commit()?;
        if let Some(p) = payload {
            prepared.set_payload(p);
        }
        prepared.commit()?;
        let committing = t.elapsed();
        let t = Instant::now();
        merge_balanced(&self.index, &mut writer, search_threads())?;
        writer.wait_merging_threads()?;
        let merging = t.elapsed();
        self.reload()?;
        tracing::info!(
            documents = n,
            threads,
            heap_mb = heap / 1_000_000,
            waiting_s = waiting.as_secs_f64(),
            building_s = building.as_secs_f64(),
            adding_s = adding.as_secs_f64(),
            committing_s = committing.as_secs_f64(),
            merging_s = merging.as_secs_f64(),
            "search index rebuild timings"
        );
        progress(n);
        Ok(n)
    }

    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(SearchError::OutOfRange {
                field: "limit",
                max: MAX_LIMIT,
            });
        }
        if req.offset > MAX_OFFSET {
            return Err(SearchError::OutOfRange {
                field: "offset",
                max: MAX_OFFSET,
            });
        }
        let mut n_values = 0;
        for (name, values) in &req.filters {
            if !FACETS.contains(&name.as_str()) {
                return Err(SearchError::UnknownFacet(name.chars().take(64).collect()));
            }
            n_values += values.len();
        }
        if n_values > MAX_FILTER_VALUES {
            return Err(SearchError::TooManyFilters {
                max: MAX_FILTER_VALUES,
            });
        }
        let lang = reader_lang(&req.lang);
        let parsed = query::parse(&req.q)?;
        let vocabulary = self.vocabulary();
        let mut an = Analyzers::new();
        let searcher = self.reader.searcher();
        let known = |plain: &str| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.all, plain))
                .is_ok_and(|n| n >= KNOWN_WORD_DOCS)
        };
        let loose = query::loose_words(&parsed, &mut an, &known);
        let built = query::build(&parsed, &vocabulary, &self.fields, &mut an, false, &known);
        let words = built.as_ref().map_or(0, |(_, n)| *n);
        let mut results = self.run(&searcher, req, &lang, built.map(|(q, _)| q), &loose)?;
        // Requiring most words found nothing: show what matches any of them rather than an empty page.
        if results.total == 0 && words > 1 {
            let relaxed = query::build(&parsed, &vocabulary, &self.fields, &mut an, true, &known)
                .map(|(q, _)| q);
            results = self.run(&searcher, req, &lang, relaxed, &loose)?;
            results.relaxed = true;
        }
        Ok(results)
    }

    fn run(
        &self,
        searcher: &Searcher,
        req: &SearchRequest,
        lang: &str,
        text: Option<Box<dyn Query>>,
        loose: &[Loose],
    ) -> Result<SearchResults, SearchError> {
        let sort = if text.is_none() {
            SortOrder::Newest
        } else {
            req.sort
        };
        let f = &self.fields;
        let statuses: Vec<String> = if req.statuses.is_empty() {
            vec!["published".to_string()]
        } else {
            req.statuses.clone()
        };
        // The collector checks visibility and sorts out the selections (see
        // `collect`). The query repeats a check only where it is selective (an
        // editor's queue; a small country): intersecting a broad text union
        // with a clause most documents pass made the union seek through
        // nearly all of them, which cost more than the documents it skipped.
        let docs = searcher.num_docs();
        let selective = |matching: u64| matching.saturating_mul(2) < docs;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            text.as_ref()
                .map_or_else(|| Box::new(AllQuery) as Box<dyn Query>, |q| q.box_clone()),
        )];
        if selective(self.values_docs(searcher, "status", &statuses)) {
            clauses.push((Occur::Must, self.values_filter("status", &statuses)));
        }
        let selected: Vec<(&String, &Vec<String>)> =
            req.filters.iter().filter(|(_, v)| !v.is_empty()).collect();
        // Documents failing two or more selections count nowhere; at most
        // sum(matches) / (k - 1) documents pass k - 1 of k selections.
        let k = selected.len();
        let passing = selected
            .iter()
            .map(|(name, values)| self.values_docs(searcher, name, values))
            .fold(0, u64::saturating_add)
            / (k.max(2) as u64 - 1);
        if k >= 2 && selective(passing) {
            clauses.push((
                Occur::Must,
                Box::new(BooleanQuery::with_minimum_required_clauses(
                    selected
                        .iter()
                        .map(|(name, values)| (Occur::Should, self.values_filter(name, values)))
                        .collect(),
                    k - 1,
                )),
            ));
        }
        let base = BooleanQuery::new(clauses);

        let rank = match sort {
            SortOrder::Relevance => Rank::Score,
            SortOrder::Newest => Rank::Newest,
        };
        let selections: BTreeMap<String, Vec<String>> = req
            .filters
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(name, values)| (name.clone(), values.iter().map(|v| clean(v)).collect()))
            .collect();
        let collector = ResultCollector::new(
            FACET_FIELD,
            self.facet_tables.clone(),
            &statuses,
            &selections,
            rank,
            req.limit,
            req.offset,
        );
        let found = searcher.search(&base, &collector)?;
        let mut facets: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
        for name in FACETS {
            let selected = selections.get(name).map(Vec::as_slice).unwrap_or(&[]);
            facets.insert(
                name.to_string(),
                facet_list(found.counts.get(name), selected),
            );
        }
        let docs = found.page;
        let total = found.total;

        let mut snippets = Snippets::new(searcher, text.as_deref(), f, loose);
        let mut hits = Vec::with_capacity(docs.len());
        for (score, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let id = doc
                .get_first(f.id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default();
            let slug = doc
                .get_first(f.slug)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let display: Display = doc
                .get_first(f.display)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default();
            let (snippet_html, snippet_lang) = snippets.snippet(&display, lang)?;
            hits.push(Hit {
                id,
                slug,
                score,
                title: display.title(lang).to_string(),
                snippet_html,
                snippet_lang,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
            relaxed: false,
        })
    }

    /// How many documents carry `values` of facet `name` (an upper bound when
    /// a document may carry several; deleted ones included).
    fn values_docs(&self, searcher: &Searcher, name: &str, values: &[String]) -> u64 {
        values
            .iter()
            .map(|v| {
                let term = Term::from_facet(self.fields.facets, &facet(name, &clean(v)));
                searcher.doc_freq(&term).unwrap_or(u64::MAX)
            })
            .fold(0, u64::saturating_add)
    }

    /// Documents carrying any of `values` of facet `name` (no score).
    fn values_filter(&self, name: &str, values: &[String]) -> Box<dyn Query> {
        let terms: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|v| {
                let term = Term::from_facet(self.fields.facets, &facet(name, &clean(v)));
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(ConstScoreQuery::new(
            Box::new(BooleanQuery::new(terms)),
            0.0,
        ))
    }

    /// Completions for what is being typed: vocabulary terms in the reader's
    /// language that start with it, then titles of published practices whose
    /// words do. Never fails; an index error yields no titles.
    pub fn suggest(&self, prefix: &str, lang: &str, limit: usize) -> Vec<String> {
        let limit = limit.min(MAX_LIMIT);
        let Ok(parsed) = query::parse(prefix) else {
            return Vec::new();
        };
        if parsed.words.is_empty() || limit == 0 {
            return Vec::new();
        }
        let lang = reader_lang(lang);
        let mut an = Analyzers::new();
        let wanted: Vec<String> = parsed
            .words
            .iter()
            .filter_map(|w| an.plain_word(w))
            .collect();
        let mut out: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut push = |s: &str, out: &mut Vec<String>| {
            if out.len() < limit && seen.insert(s.to_lowercase()) {
                out.push(s.to_string());
            }
        };
        let vocabulary = self.vocabulary();
        let vocab_lang = if LANGS.contains(&lang.as_str()) {
            lang.as_str()
        } else {
            "en"
        };
        for term in vocabulary.terms_in(vocab_lang) {
            let words: Vec<String> = tokens(&mut an.plain, term)
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            if starts_with_words(&words, &wanted) && out.len() < limit.div_ceil(2) {
                push(term, &mut out);
            }
        }
        if let Ok(titles) = self.title_suggestions(&wanted, &lang, limit) {
            for t in titles {
                push(&t, &mut out);
            }
        }
        out
    }

    fn title_suggestions(
        &self,
        words: &[String],
        lang: &str,
        limit: usize,
    ) -> Result<Vec<String>, SearchError> {
        let Some((last, rest)) = words.split_last() else {
            return Ok(Vec::new());
        };
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = rest
            .iter()
            .map(|w| {
                let t = Term::from_field_text(f.title_plain, w);
                (
                    Occur::Must,
                    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>,
                )
            })
            .collect();
        let prefix =
            FuzzyTermQuery::new_prefix(Term::from_field_text(f.title_plain, last), 0, true);
        clauses.push((Occur::Must, Box::new(prefix)));
        clauses.push((
            Occur::Must,
            self.values_filter("status", &["published".to_string()]),
        ));
        let searcher = self.reader.searcher();
        let docs = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (_, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(d) = doc
                .get_first(f.display)
                .and_then(|v| v.as_str())
                .and_then(|s| serde_json::from_str::<Display>(s).ok())
            {
                out.push(d.title(lang).to_string());
            }
        }
        Ok(out)
    }
}

/// Whether `words` (a vocabulary term) starts with the typed words, the last typed one as a prefix.
fn starts_with_words(words: &[String], typed: &[String]) -> bool {
    let Some((last, rest)) = typed.split_last() else {
        return false;
    };
    words.len() > rest.len()
        && words.iter().zip(rest).all(|(a, b)| a == b)
        && words
            .get(rest.len())
            .is_some_and(|w| w.starts_with(last.as_str()))
}

/// `de-AT`, `DE` → `de`; anything odd → `en`.
fn reader_lang(lang: &str) -> String {
    let base: String = lang
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if (2..=3).contains(&base.len()) && base.chars().all(|c| c.is_ascii_lowercase()) {
        base
    } else {
        "en".into()
    }
}

/// Threads that search one query's segments.
fn search_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
}

/// The segments of a fresh rebuild in `k` groups of about as many documents,
/// each to be merged into one: a query then searches `k` equal segments on its
/// `k` threads, instead of one thread finishing a big segment while the other
/// idles (a million practices used to end as two segments of 352,000 and seven
/// of about 44,000).
fn balance(mut segments: Vec<SegmentMeta>, k: usize) -> Vec<Vec<SegmentId>> {
    segments.sort_by_key(|s| std::cmp::Reverse(s.num_docs()));
    let mut groups: Vec<(u64, Vec<SegmentId>)> = vec![(0, Vec::new()); k.max(1)];
    for s in segments {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(docs, _)| *docs) {
            lightest.0 += u64::from(s.num_docs());
            lightest.1.push(s.id());
        }
    }
    groups.into_iter().map(|(_, ids)| ids).collect()
}

/// Merges the committed segments into at most `k` of about equal size (see
/// [`balance`]), the merges running side by side.
fn merge_balanced(index: &Index, writer: &mut IndexWriter, k: usize) -> Result<(), SearchError> {
    let merges: Vec<_> = balance(index.searchable_segment_metas()?, k)
        .iter()
        .filter(|g| g.len() > 1)
        .map(|g| writer.merge(g))
        .collect();
    for merge in merges {
        merge.wait()?;
    }
    Ok(())
}

/// Upper bound of the rebuild writer's indexing memory (all threads together).
/// It bounds the peak memory of a rebuild, which `mhub serve` may run at start-up;
/// more heap only means fewer, bigger segments to merge (measured in
/// docs/BENCHMARKS.md).
pub const REBUILD_HEAP: usize = 128_000_000;

/// (threads, heap bytes) for a rebuild of about `expected` documents: up to
/// [`REBUILD_HEAP`] over one thread per core (at most 8), a couple of small
/// arenas for a demo.
fn rebuild_budget(expected: usize) -> (usize, usize) {
    const PER_THREAD_MIN: usize = 25_000_000;
    let heap = expected
        .saturating_mul(40_000)
        .clamp(2 * PER_THREAD_MIN, REBUILD_HEAP);
    let cpus = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let threads = (heap / PER_THREAD_MIN).clamp(1, cpus);
    (threads, heap)
}

/// Removes a tantivy index's files from `dir`, only if it holds one.
fn wipe(dir: &Path) -> Result<(), SearchError> {
    if !dir.join("meta.json").exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// A facet value as the index holds it: control characters cannot occur.
fn clean(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// A facet's values by count, then value; selected values stay listed, even at
/// zero, so the reader can unselect them.
fn facet_list(counts: Option<&BTreeMap<String, u64>>, selected: &[String]) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = counts
        .into_iter()
        .flatten()
        .map(|(v, n)| (v.clone(), *n))
        .collect();
    for v in selected {
        if !list.iter().any(|(x, _)| x == v) {
            list.push((v.clone(), 0));
        }
    }
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// Snippet generators per language, created on first need.
struct Snippets<'a> {
    searcher: &'a Searcher,
    query: Option<&'a dyn Query>,
    fields: &'a Fields,
    generators: HashMap<&'static str, Option<SnippetGenerator>>,
    /// Words matched with typos or as prefixes: the generators, which know
    /// only the query's own terms, cannot highlight what they matched.
    loose: &'a [Loose],
    plain: TextAnalyzer,
}

impl<'a> Snippets<'a> {
    fn new(
        searcher: &'a Searcher,
        query: Option<&'a dyn Query>,
        fields: &'a Fields,
        loose: &'a [Loose],
    ) -> Self {
        Snippets {
            searcher,
            query,
            fields,
            generators: HashMap::new(),
            loose,
            plain: plain(),
        }
    }

    fn generators(
        &mut self,
        suffix: &'static str,
    ) -> Result<Option<&SnippetGenerator>, SearchError> {
        let Some(query) = self.query else {
            return Ok(None);
        };
        if !self.generators.contains_key(suffix) {
            let lf = self.fields.lang(suffix);
            let mut generator = SnippetGenerator::create(self.searcher, query, lf.text)?;
            generator.set_max_num_chars(SNIPPET_CHARS);
            self.generators.insert(suffix, Some(generator));
        }
        Ok(self.generators.get(suffix).and_then(Option::as_ref))
    }

    /// The reader's language if the practice has it, else the original; a
    /// translation with a highlight wins over one without.
    fn snippet(&mut self, d: &Display, lang: &str) -> Result<(String, String), SearchError> {
        let first = if d.t.contains_key(lang) {
            lang.to_string()
        } else {
            d.o.clone()
        };
        let mut order = vec![first.clone()];
        order.extend(d.t.keys().filter(|k| **k != first).cloned());
        for l in &order {
            let Some(texts) = d.t.get(l) else { continue };
            if let Some(g) = self.generators(field_lang(l))? {
                for text in [&texts[1], &texts[2]] {
                    let s = g.snippet(text);
                    if !s.highlighted().is_empty() {
                        return Ok((s.to_html(), l.clone()));
                    }
                }
            }
        }
        if !self.loose.is_empty() {
            for l in &order {
                let Some(texts) = d.t.get(l) else { continue };
                for text in [&texts[1], &texts[2]] {
                    if let Some(html) = highlight_loose(text, self.loose, &mut self.plain) {
                        return Ok((html, l.clone()));
                    }
                }
            }
        }
        let text = d.t.get(&first).map_or("", |t| t[1].as_str());
        Ok((escape(&truncate(text, SNIPPET_CHARS)), first))
    }
}

/// A snippet of `text` around the words that `loose` matched, in `<b>`, or
/// `None` when it has none. Offsets come from the plain analyzer's tokens.
fn highlight_loose(text: &str, loose: &[Loose], plain: &mut TextAnalyzer) -> Option<String> {
    let mut hits: Vec<std::ops::Range<usize>> = Vec::new();
    let mut stream = plain.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        let chars: Vec<char> = t.text.chars().collect();
        if loose.iter().any(|l| l.matches(&chars)) {
            hits.push(t.offset_from..t.offset_to);
        }
    }
    let first = hits.first()?.start;
    // Start a little before the first match, at a word.
    let mut start = first.saturating_sub(SNIPPET_CHARS / 4);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0
        && let Some(space) = text.get(start..first).and_then(|s| s.find(' '))
    {
        start += space + 1;
    }
    let end = text
        .get(start..)
        .and_then(|rest| rest.char_indices().nth(SNIPPET_CHARS))
        .map_or(text.len(), |(i, _)| start + i);
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut at = start;
    for h in &hits {
        if h.start < at || h.end > end {
            continue;
        }
        html.push_str(&escape(text.get(at..h.start)?));
        html.push_str("<b>");
        html.push_str(&escape(text.get(h.clone())?));
        html.push_str("</b>");
        at = h.end;
    }
    html.push_str(&escape(text.get(at..end)?));
    if end < text.len() {
        html.push('…');
    }
    Some(html)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    // Cut at a word boundary when one is near.
    let cut = cut
        .rfind(' ')
        .filter(|i| *i > max / 2)
        .map_or(cut.as_str(), |i| &cut[..i])
        .to_string();
    format!("{cut}…")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_lang_normalizes() {
        assert_eq!(reader_lang("de-AT"), "de");
        assert_eq!(reader_lang("\u{0}xx<script>"), "en");
        assert_eq!(reader_lang(""), "en");
    }

    #[test]
    fn balance_makes_groups_of_about_equal_size() {
        let (schema, _) = build_schema();
        let index = Index::create_in_ram(schema);
        let sizes = [
            352_000, 352_000, 44_000, 44_000, 44_000, 44_000, 44_000, 41_000, 33_000,
        ];
        let metas: Vec<SegmentMeta> = sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect();
        let docs: HashMap<SegmentId, u32> = metas.iter().map(|m| (m.id(), m.num_docs())).collect();
        let groups = balance(metas, 2);
        assert_eq!(groups.len(), 2);
        let totals: Vec<u32> = groups
            .iter()
            .map(|g| g.iter().map(|id| docs[id]).sum())
            .collect();
        assert_eq!(totals.iter().sum::<u32>(), sizes.iter().sum::<u32>());
        assert!(totals[0].abs_diff(totals[1]) <= 44_000, "{totals:?}");
        assert_eq!(balance(Vec::new(), 2).concat(), Vec::<SegmentId>::new());
    }

    #[test]
    fn merge_balanced_leaves_k_segments_and_every_document() {
        let idx = SearchIndex::in_memory().expect("index");
        let mut writer: IndexWriter = idx
            .index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        for batch in 0..7i64 {
            for i in 0..(batch + 1) * 10 {
                let mut doc = TantivyDocument::default();
                doc.add_i64(idx.fields.id, batch * 1_000 + i);
                writer.add_document(doc).expect("add");
            }
            writer.commit().expect("commit");
        }
        idx.reload().expect("reload");
        assert_eq!(idx.num_segments(), 7);
        merge_balanced(&idx.index, &mut writer, 2).expect("merge");
        writer.wait_merging_threads().expect("merges");
        idx.reload().expect("reload");
        assert_eq!(idx.num_segments(), 2);
        assert_eq!(idx.num_docs(), (1..=7).map(|b| b * 10).sum::<u64>());
    }

    #[test]
    fn budget_scales() {
        let (t, h) = rebuild_budget(100);
        assert!(h >= 50_000_000 && t >= 1);
        let (_, h) = rebuild_budget(1_000_000);
        assert_eq!(h, REBUILD_HEAP);
    }
}
