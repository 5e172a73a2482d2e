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
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::FACETS;

/// Selected facets beyond this many are refused earlier (one bit each).
pub const MAX_SELECTED_FACETS: usize = 32;

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
    /// Per selected facet (bit i): its name and the encoded facets selected.
    selections: Vec<(&'static str, BTreeSet<Vec<u8>>)>,
    rank: Rank,
    limit: usize,
    offset: usize,
}

impl ResultCollector {
    /// `selections`: facet name → selected values (names are those of [`FACETS`];
    /// others and empty selections are ignored).
    pub fn new(
        field: &str,
        selections: &BTreeMap<String, Vec<String>>,
        rank: Rank,
        limit: usize,
        offset: usize,
    ) -> ResultCollector {
        let selections = selections
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .filter_map(|(name, values)| {
                let name = *FACETS.iter().find(|f| **f == name.as_str())?;
                let encoded = values
                    .iter()
                    .map(|v| {
                        Facet::from_path([name, v.as_str()])
                            .encoded_str()
                            .as_bytes()
                            .to_vec()
                    })
                    .collect();
                Some((name, encoded))
            })
            .take(MAX_SELECTED_FACETS)
            .collect();
        ResultCollector {
            field: field.to_string(),
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
    doc: DocAddress,
}

impl Ranked {
    /// Better first: higher key, then lower address (stable across runs).
    fn better(&self, other: &Ranked) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
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
    facets: FacetReader,
    updated: Option<Column<i64>>,
    /// Facet ordinal → bit of its facet among the selections (0: not selected facet).
    facet_bit: Vec<u32>,
    /// Facet ordinal → bit when the value is selected, else 0.
    selected_bit: Vec<u32>,
    /// Facet ordinal → whether it is one of [`FACETS`] (counted).
    counted: Vec<bool>,
    required: u32,
    counts: Vec<u64>,
    total: u64,
    keep: usize,
    heap: BinaryHeap<Ranked>,
    ords: Vec<u64>,
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
        let n = facets.num_facets();
        let mut facet_bit = vec![0u32; n];
        let mut selected_bit = vec![0u32; n];
        let mut counted = vec![false; n];
        let mut stream = facets.facet_dict().stream()?;
        while stream.advance() {
            let ord = stream.term_ord() as usize;
            let key = stream.key();
            let name = key.split(|b| *b == 0).next().unwrap_or_default();
            if ord >= n {
                continue;
            }
            counted[ord] = FACETS.iter().any(|f| f.as_bytes() == name);
            for (i, (facet, values)) in self.selections.iter().enumerate() {
                if facet.as_bytes() == name {
                    facet_bit[ord] = 1 << i;
                    if values.contains(key) {
                        selected_bit[ord] = 1 << i;
                    }
                }
            }
        }
        let updated = match self.rank {
            Rank::Newest => Some(reader.fast_fields().i64("updated_at")?),
            Rank::Score => None,
        };
        let required = match self.selections.len() {
            0 => 0,
            k => u32::MAX >> (32 - k),
        };
        Ok(SegmentResults {
            segment,
            facets,
            updated,
            facet_bit,
            selected_bit,
            counted,
            required,
            counts: vec![0; n],
            total: 0,
            keep: self.keep(),
            heap: BinaryHeap::with_capacity(self.keep().min(1_024) + 1),
            ords: Vec::with_capacity(32),
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
        self.ords.clear();
        let mut satisfied = 0u32;
        for ord in self.facets.facet_ords(doc) {
            // Ordinals come from this segment's own dictionary.
            let i = ord as usize;
            if i < self.selected_bit.len() {
                satisfied |= self.selected_bit[i];
                self.ords.push(ord);
            }
        }
        let missing = self.required & !satisfied;
        if missing == 0 {
            self.total += 1;
            for &ord in &self.ords {
                self.counts[ord as usize] += 1;
            }
            if self.keep > 0 {
                let key = match &self.updated {
                    Some(column) => column.first(doc).unwrap_or(i64::MIN) as f64,
                    None => f64::from(score),
                };
                let candidate = Ranked {
                    key,
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
            for &ord in &self.ords {
                if self.facet_bit[ord as usize] == missing {
                    self.counts[ord as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentFruit {
        let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        let dict = self.facets.facet_dict();
        let mut bytes = Vec::new();
        for (ord, &n) in self.counts.iter().enumerate() {
            if n == 0 || !self.counted[ord] {
                continue;
            }
            bytes.clear();
            if !dict.ord_to_term(ord as u64, &mut bytes).unwrap_or(false) {
                continue;
            }
            let mut parts = bytes.splitn(2, |b| *b == 0);
            let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            // Values are one path segment; a deeper path is not ours.
            if value.contains(&0) {
                continue;
            }
            let (Ok(name), Ok(value)) = (std::str::from_utf8(name), std::str::from_utf8(value))
            else {
                continue;
            };
            *counts
                .entry(name.to_string())
                .or_default()
                .entry(value.to_string())
                .or_default() += n;
        }
        SegmentFruit {
            total: self.total,
            heap: self.heap.into_vec(),
            counts,
        }
    }
}
