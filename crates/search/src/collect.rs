//! One pass over the matches of a search that yields the page of hits, the
//! exact total and every facet's counts ("drill sideways").
//!
//! The query given to tantivy holds the text and the visibility but not the
//! facet selections. For each matching document the collector checks which
//! selected facets it satisfies: a document that satisfies all is a result
//! (counted in the total, ranked for the page, and counted in every facet); a
//! document that fails exactly one selected facet still counts in that facet
//! alone, which is how each facet's counts ignore its own selection while
//! following all the others. One pass replaces one search per selected facet.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::schema::FACETS;

/// Selected facets get one bit each; [`FACETS`] has fewer than this many.
pub const MAX_SELECTED_FACETS: usize = 32;

/// Counters per facet ordinal. Consecutive documents mostly share values
/// (every one has a status), so with one counter each increment waited for the
/// previous one's store; with a counter per lane (document number modulo
/// `LANES`) neighbouring documents count independently (about a fifth off the
/// engine's p50 at a million).
const LANES: usize = 4;

/// Not one of [`FACETS`] (never counted).
const UNCOUNTED: u8 = u8::MAX;

/// A segment's facet dictionary, decoded once: segments never change, and
/// reading the compressed dictionary on every query cost more than counting.
pub struct FacetTable {
    /// Ordinal → index in [`FACETS`], or [`UNCOUNTED`].
    facet: Vec<u8>,
    /// Ordinal → value.
    value: Vec<Box<str>>,
    /// Encoded facet (`name\0value`) → ordinal.
    ord: HashMap<Box<[u8]>, u32>,
    /// Each document's ordinals, flattened: counting reads plain memory instead
    /// of unpacking the column (the larger part of a search at a million).
    doc_ords: DocOrds,
    /// Each document's `status` ordinal ([`NO_STATUS`] if none): visibility is
    /// checked here rather than intersected in the query, where it made every
    /// broad text union seek through nine documents in ten.
    status: Vec<u32>,
}

const NO_STATUS: u32 = u32::MAX;

/// Document → facet ordinals, in two bytes each when the segment has few values.
enum DocOrds {
    Narrow(Flat<u16>),
    Wide(Flat<u32>),
}

/// Every document's ordinals in one array, `start[doc]..start[doc + 1]`.
struct Flat<T> {
    start: Vec<u32>,
    ords: Vec<T>,
}

impl<T: Copy + Into<u32>> Flat<T> {
    fn load(reader: &FacetReader, max_doc: u32, narrow: impl Fn(u64) -> T) -> Flat<T> {
        let mut start = Vec::with_capacity(max_doc as usize + 1);
        start.push(0u32);
        let mut ords = Vec::new();
        for doc in 0..max_doc {
            ords.extend(reader.facet_ords(doc).map(&narrow));
            start.push(ords.len() as u32);
        }
        ords.shrink_to_fit();
        Flat { start, ords }
    }

    #[inline]
    fn each(&self, doc: DocId, mut f: impl FnMut(usize)) {
        let d = doc as usize;
        if let (Some(&a), Some(&b)) = (self.start.get(d), self.start.get(d + 1))
            && let Some(list) = self.ords.get(a as usize..b as usize)
        {
            list.iter().for_each(|&o| f(o.into() as usize));
        }
    }
}

impl DocOrds {
    fn load(reader: &FacetReader, max_doc: u32, num_facets: usize) -> DocOrds {
        if num_facets <= usize::from(u16::MAX) {
            DocOrds::Narrow(Flat::load(reader, max_doc, |o| o as u16))
        } else {
            DocOrds::Wide(Flat::load(reader, max_doc, |o| o as u32))
        }
    }

    /// Calls `f` with each ordinal of `doc`.
    #[inline]
    fn each(&self, doc: DocId, f: impl FnMut(usize)) {
        match self {
            DocOrds::Narrow(flat) => flat.each(doc, f),
            DocOrds::Wide(flat) => flat.each(doc, f),
        }
    }
}

impl FacetTable {
    fn load(reader: &FacetReader, max_doc: u32) -> tantivy::Result<FacetTable> {
        let n = reader.num_facets();
        let mut table = FacetTable {
            facet: vec![UNCOUNTED; n],
            value: vec![Box::from(""); n],
            ord: HashMap::with_capacity(n),
            doc_ords: DocOrds::load(reader, max_doc, n),
            status: Vec::new(),
        };
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            let ord = stream.term_ord() as usize;
            if ord >= n {
                continue;
            }
            let key = stream.key();
            let mut parts = key.splitn(2, |b| *b == 0);
            let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            table.ord.insert(Box::from(key), ord as u32);
            // Values are one path segment; a deeper path is not ours.
            if value.contains(&0) {
                continue;
            }
            if let (Some(i), Ok(value)) = (
                FACETS.iter().position(|f| f.as_bytes() == name),
                std::str::from_utf8(value),
            ) {
                table.facet[ord] = i as u8;
                table.value[ord] = Box::from(value);
            }
        }
        let status_facet = FACETS.iter().position(|f| *f == "status").map(|i| i as u8);
        table.status = (0..max_doc)
            .map(|doc| {
                let mut found = NO_STATUS;
                table.doc_ords.each(doc, |ord| {
                    if table.facet.get(ord).copied() == status_facet {
                        found = ord as u32;
                    }
                });
                found
            })
            .collect();
        Ok(table)
    }
}

/// Facet tables of the live segments, shared by all searches of one index.
#[derive(Default)]
pub struct FacetTables {
    by_segment: Mutex<HashMap<SegmentId, Arc<FacetTable>>>,
}

impl FacetTables {
    fn get(
        &self,
        segment: &SegmentReader,
        reader: &FacetReader,
    ) -> tantivy::Result<Arc<FacetTable>> {
        let id = segment.segment_id();
        if let Some(t) = self.lock().get(&id) {
            return Ok(t.clone());
        }
        // Decoded outside the lock; two searches may both decode a new segment once.
        let table = Arc::new(FacetTable::load(reader, segment.max_doc())?);
        self.lock().insert(id, table.clone());
        Ok(table)
    }

    /// Forgets the tables of segments `searcher` no longer has (merged away)
    /// and decodes those of new segments, so no reader waits for that.
    pub fn refresh(&self, searcher: &Searcher, field: &str) -> tantivy::Result<()> {
        let live: HashSet<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.lock().retain(|id, _| live.contains(id));
        for segment in searcher.segment_readers() {
            self.get(segment, &segment.facet_reader(field)?)?;
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<FacetTable>>> {
        match self.by_segment.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// How the page is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    Score,
    /// By the `updated_at` fast field, newest first.
    Newest,
}

/// What the collector returns.
#[derive(Debug, Default)]
pub struct Collected {
    /// Documents satisfying every selection.
    pub total: u64,
    /// The page (after `offset`), best first, with the score (0 when ranked by date).
    pub page: Vec<(Score, DocAddress)>,
    /// Facet name → value → count.
    pub counts: BTreeMap<String, BTreeMap<String, u64>>,
}

pub struct ResultCollector {
    field: String,
    tables: Arc<FacetTables>,
    /// Encoded `status` facets a document needs to be seen at all.
    visible: Vec<Vec<u8>>,
    /// Per selected facet (bit i): its index in [`FACETS`] and the encoded facets selected.
    selections: Vec<(usize, Vec<Vec<u8>>)>,
    rank: Rank,
    limit: usize,
    offset: usize,
}

impl ResultCollector {
    /// `visible`: the statuses a document must have to count anywhere.
    /// `selections`: facet name → selected values (names are those of [`FACETS`];
    /// others and empty selections are ignored).
    pub fn new(
        field: &str,
        tables: Arc<FacetTables>,
        visible: &[String],
        selections: &BTreeMap<String, Vec<String>>,
        rank: Rank,
        limit: usize,
        offset: usize,
    ) -> ResultCollector {
        let encode = |name: &str, value: &str| {
            Facet::from_path([name, value])
                .encoded_str()
                .as_bytes()
                .to_vec()
        };
        let visible = visible.iter().map(|v| encode("status", v)).collect();
        let selections = selections
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .filter_map(|(name, values)| {
                let i = FACETS.iter().position(|f| *f == name.as_str())?;
                let encoded = values.iter().map(|v| encode(FACETS[i], v)).collect();
                Some((i, encoded))
            })
            .take(MAX_SELECTED_FACETS)
            .collect();
        ResultCollector {
            field: field.to_string(),
            tables,
            visible,
            selections,
            rank,
            limit,
            offset,
        }
    }

    fn keep(&self) -> usize {
        self.limit.saturating_add(self.offset)
    }
}

/// A ranked candidate; the heap keeps the worst on top.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    key: f64,
    /// Between equal keys: the practice id when ranked by date (higher first,
    /// as the database lists them), else 0.
    tie: i64,
    doc: DocAddress,
}

impl Ranked {
    /// Better first: higher key, then higher tie, then lower address (stable across runs).
    fn better(&self, other: &Ranked) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then_with(|| other.tie.cmp(&self.tie))
            .then_with(|| self.doc.cmp(&other.doc))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.better(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// "Greater" = worse, so the max-heap's top is the candidate to drop.
    fn cmp(&self, other: &Self) -> Ordering {
        self.better(other)
    }
}

pub struct SegmentResults {
    segment: SegmentOrdinal,
    table: Arc<FacetTable>,
    updated: Option<Column<i64>>,
    /// Practice ids, read when ranking by date.
    ids: Option<Column<i64>>,
    /// Index in [`FACETS`] → bit of that facet among the selections (0: not selected).
    facet_bit: [u32; FACETS.len()],
    /// Ordinal → bit of its facet when the value is selected, else 0
    /// (empty when nothing is selected).
    selected_bit: Vec<u32>,
    /// Ordinal of a `status` value → whether it is visible.
    visible_ord: Vec<bool>,
    required: u32,
    /// `LANES` counters per ordinal, interleaved (see [`LANES`]).
    counts: Vec<u32>,
    total: u64,
    keep: usize,
    heap: BinaryHeap<Ranked>,
}

pub struct SegmentFruit {
    total: u64,
    heap: Vec<Ranked>,
    counts: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Collector for ResultCollector {
    type Fruit = Collected;
    type Child = SegmentResults;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentResults> {
        let facets = reader.facet_reader(&self.field)?;
        let table = self.tables.get(reader, &facets)?;
        let mut facet_bit = [0u32; FACETS.len()];
        let mut selected_bit = Vec::new();
        if !self.selections.is_empty() {
            selected_bit = vec![0u32; table.facet.len()];
        }
        for (i, (facet, values)) in self.selections.iter().enumerate() {
            facet_bit[*facet] = 1 << i;
            for v in values {
                if let Some(&ord) = table.ord.get(v.as_slice()) {
                    selected_bit[ord as usize] = 1 << i;
                }
            }
        }
        let mut visible_ord = vec![false; table.facet.len()];
        for v in &self.visible {
            if let Some(&ord) = table.ord.get(v.as_slice()) {
                visible_ord[ord as usize] = true;
            }
        }
        let (updated, ids) = match self.rank {
            Rank::Newest => (
                Some(reader.fast_fields().i64("updated_at")?),
                Some(reader.fast_fields().i64("id")?),
            ),
            Rank::Score => (None, None),
        };
        let required = match self.selections.len() {
            0 => 0,
            k => u32::MAX >> (32 - k),
        };
        Ok(SegmentResults {
            segment,
            counts: vec![0; table.facet.len() * LANES],
            table,
            updated,
            ids,
            facet_bit,
            selected_bit,
            visible_ord,
            required,
            total: 0,
            keep: self.keep(),
            heap: BinaryHeap::with_capacity(self.keep().min(1_024) + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.rank == Rank::Score
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Collected> {
        let mut out = Collected::default();
        let mut all: Vec<Ranked> = Vec::new();
        for fruit in fruits {
            out.total += fruit.total;
            all.extend(fruit.heap);
            for (name, values) in fruit.counts {
                let merged = out.counts.entry(name).or_default();
                for (value, n) in values {
                    *merged.entry(value).or_default() += n;
                }
            }
        }
        all.sort_by(Ranked::better);
        out.page = all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|r| (r.key as Score, r.doc))
            .collect();
        Ok(out)
    }
}

impl SegmentCollector for SegmentResults {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let table = &*self.table;
        let status = table.status.get(doc as usize).copied().unwrap_or(NO_STATUS);
        if !self
            .visible_ord
            .get(status as usize)
            .copied()
            .unwrap_or(false)
        {
            return;
        }
        let mut satisfied = 0u32;
        if self.required != 0 {
            table.doc_ords.each(doc, |ord| {
                if let Some(bit) = self.selected_bit.get(ord) {
                    satisfied |= bit;
                }
            });
        }
        let missing = self.required & !satisfied;
        if missing == 0 {
            self.total += 1;
            let counts = &mut self.counts;
            let lane = doc as usize % LANES;
            table.doc_ords.each(doc, |ord| {
                if let Some(c) = counts.get_mut(ord * LANES + lane) {
                    *c += 1;
                }
            });
            if self.keep > 0 {
                let key = match &self.updated {
                    Some(column) => column.first(doc).unwrap_or(i64::MIN) as f64,
                    None => f64::from(score),
                };
                let tie = self
                    .ids
                    .as_ref()
                    .and_then(|column| column.first(doc))
                    .unwrap_or(0);
                let candidate = Ranked {
                    key,
                    tie,
                    doc: DocAddress::new(self.segment, doc),
                };
                if self.heap.len() < self.keep {
                    self.heap.push(candidate);
                } else if let Some(worst) = self.heap.peek()
                    && candidate.better(worst) == Ordering::Less
                {
                    self.heap.pop();
                    self.heap.push(candidate);
                }
            }
        } else if missing & (missing - 1) == 0 {
            // Fails one selection only: it counts for that facet's other values.
            let counts = &mut self.counts;
            let lane = doc as usize % LANES;
            let facet_bit = &self.facet_bit;
            table.doc_ords.each(doc, |ord| {
                let facet = table.facet.get(ord).copied().unwrap_or(UNCOUNTED);
                if facet_bit.get(usize::from(facet)) == Some(&missing)
                    && let Some(c) = counts.get_mut(ord * LANES + lane)
                {
                    *c += 1;
                }
            });
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for (ord, lanes) in self.counts.chunks_exact(LANES).enumerate() {
            let n: u64 = lanes.iter().map(|&c| u64::from(c)).sum();
            let facet = self.table.facet[ord];
            if n == 0 || facet == UNCOUNTED {
                continue;
            }
            *counts
                .entry(FACETS[facet as usize].to_string())
                .or_default()
                .entry(self.table.value[ord].to_string())
                .or_default() += n;
        }
        SegmentFruit {
            total: self.total,
            heap: self.heap.into_vec(),
            counts,
        }
    }
}
