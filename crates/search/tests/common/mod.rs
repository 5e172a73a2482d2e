//! The 114 demo practices as `Practice` values, and an index over them.
#![allow(dead_code)]

use mhub_core::practice::Practice;
use mhub_core::reference::{Catalog, ReferenceData};
use mhub_core::repo::PracticeRecord;
use mhub_search::SearchIndex;
use time::{Duration, OffsetDateTime};

static DEMO: &str = include_str!("../../../../data/reference/demo-practices.json");

pub fn catalog() -> Catalog {
    Catalog::new(ReferenceData::embedded().expect("reference data"))
}

/// Ids 1..=114 in file order; practice n was updated n hours after a fixed instant.
pub fn practices() -> Vec<Practice> {
    let records: Vec<PracticeRecord> = serde_json::from_str(DEMO).expect("demo practices");
    let base = OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("time");
    records
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let id = i as i64 + 1;
            let at = base + Duration::hours(id);
            Practice {
                id,
                slug: r.slug,
                status: r.status,
                outcome: r.outcome,
                version: 1,
                created_by: None,
                created_at: at,
                updated_at: at,
                published_at: Some(at),
                content: r.content,
            }
        })
        .collect()
}

pub fn index() -> (SearchIndex, Vec<Practice>, Catalog) {
    let idx = SearchIndex::in_memory().expect("index");
    let ps = practices();
    let catalog = catalog();
    let n = idx.rebuild(ps.clone(), &catalog, |_| {}).expect("rebuild");
    assert_eq!(n, ps.len());
    (idx, ps, catalog)
}
