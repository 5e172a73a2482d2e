//! Engine-only search latency: opens an index directory written by `mhub reindex`
//! and times `SearchIndex::search` (with facet counts, snippets, stored fields)
//! for the query mix of `scripts/bench/search_queries.json`, one query at a time,
//! without HTTP or the database. Prints a Markdown table.
//!
//! ```sh
//! cargo run --release -p mhub-search --example query_latency -- INDEX_DIR [ROUNDS]
//! ONLY='heart failure' cargo run ...   # just the queries whose text contains it (for a profiler)
//! NEWEST=1 cargo run ...                # sorted by date instead of relevance
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use mhub_search::{SearchIndex, SearchRequest};

const KINDS: [&str; 5] = ["plain", "faceted", "typo", "phrase", "prefix"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: query_latency INDEX_DIR [ROUNDS]")?;
    let rounds: usize = args.next().map_or(Ok(20), |r| r.parse())?;
    let mix_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scripts/bench/search_queries.json"
    );
    let mix: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(mix_path)?)?;
    let index = SearchIndex::open_or_create(std::path::Path::new(&dir))?;
    println!("{} documents in {dir}\n", index.num_docs());
    let requests: Vec<(String, SearchRequest)> = mix
        .iter()
        .map(|item| {
            let mut req = SearchRequest {
                q: item["q"].as_str().unwrap_or_default().to_string(),
                lang: "en".into(),
                sort: if std::env::var("NEWEST").is_ok() {
                    mhub_search::SortOrder::Newest
                } else {
                    mhub_search::SortOrder::Relevance
                },
                ..Default::default()
            };
            if let Some(filters) = item["filters"].as_object() {
                for (name, values) in filters {
                    let facet = if name == "ncd" {
                        "ncd_focus"
                    } else {
                        name.as_str()
                    };
                    let values = values
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    req.filters.insert(facet.to_string(), values);
                }
            }
            (item["kind"].as_str().unwrap_or("?").to_string(), req)
        })
        .filter(|(_, req)| std::env::var("ONLY").map_or(true, |only| req.q.contains(&only)))
        .collect();
    let mut samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut per_query: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for round in 0..=rounds {
        for (kind, req) in &requests {
            let t = Instant::now();
            let found = index.search(req)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if round == 0 && found.total == 0 {
                eprintln!("no match: {:?} {:?}", req.q, req.filters);
            }
            if round > 0 {
                samples.entry(kind.clone()).or_default().push(ms);
                samples.entry("all".into()).or_default().push(ms);
                let label = format!("{kind}: {} {:?}", req.q, req.filters);
                per_query.entry(label).or_default().push(ms);
            }
        }
    }
    println!("| query kind | queries | p50 ms | p99 ms |");
    println!("| --- | ---: | ---: | ---: |");
    for kind in KINDS.iter().chain(&["all"]) {
        let Some(ms) = samples.get_mut(*kind) else {
            continue;
        };
        ms.sort_by(f64::total_cmp);
        let label = if *kind == "all" {
            "**all**".to_string()
        } else {
            kind.to_string()
        };
        println!(
            "| {label} | {} | {:.1} | {:.1} |",
            ms.len(),
            pct(ms, 50),
            pct(ms, 99)
        );
    }
    // Per query on stderr: which ones make the tail.
    eprintln!("\n| query | p50 ms | max ms |\n| --- | ---: | ---: |");
    for (label, ms) in &mut per_query {
        ms.sort_by(f64::total_cmp);
        eprintln!("| {label} | {:.1} | {:.1} |", pct(ms, 50), pct(ms, 100));
    }
    Ok(())
}

/// Nearest-rank percentile of sorted samples.
fn pct(sorted: &[f64], p: usize) -> f64 {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank.min(sorted.len()) - 1]
}
