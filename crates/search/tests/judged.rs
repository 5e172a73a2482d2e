//! Ranking quality on a judged query set: recall@10 and nDCG@10 (binary
//! relevance), printed, with floors set from the measured values.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::BTreeSet;

use mhub_search::SearchRequest;
use serde::Deserialize;

#[derive(Deserialize)]
struct Judged {
    queries: Vec<JudgedQuery>,
}

#[derive(Deserialize)]
struct JudgedQuery {
    q: String,
    lang: String,
    relevant: Vec<String>,
}

/// Floors a little under what the engine measured when the set was written
/// (see the crate's report); a drop below them is a regression.
const MIN_RECALL: f64 = 0.85;
const MIN_NDCG: f64 = 0.85;

#[test]
fn judged_queries_recall_and_ndcg_at_10() {
    let judged: Judged = serde_json::from_str(include_str!("judged.json")).expect("judged.json");
    assert!(judged.queries.len() >= 40);
    let (idx, _, _) = common::index();
    let (mut recall_sum, mut ndcg_sum) = (0.0, 0.0);
    for jq in &judged.queries {
        let req = SearchRequest {
            q: jq.q.clone(),
            lang: jq.lang.clone(),
            limit: 10,
            ..Default::default()
        };
        let res = idx.search(&req).expect("search");
        let relevant: BTreeSet<&str> = jq.relevant.iter().map(String::as_str).collect();
        let found = res
            .hits
            .iter()
            .filter(|h| relevant.contains(h.slug.as_str()))
            .count();
        let recall = found as f64 / relevant.len().min(10) as f64;
        let dcg: f64 = res
            .hits
            .iter()
            .enumerate()
            .filter(|(_, h)| relevant.contains(h.slug.as_str()))
            .map(|(i, _)| 1.0 / ((i + 2) as f64).log2())
            .sum();
        let ideal: f64 = (0..relevant.len().min(10))
            .map(|i| 1.0 / ((i + 2) as f64).log2())
            .sum();
        let ndcg = dcg / ideal;
        println!("{recall:5.2} {ndcg:5.2} total={:3} {}", res.total, jq.q);
        recall_sum += recall;
        ndcg_sum += ndcg;
    }
    let n = judged.queries.len() as f64;
    let (recall, ndcg) = (recall_sum / n, ndcg_sum / n);
    println!(
        "queries={} recall@10={recall:.3} nDCG@10={ndcg:.3}",
        judged.queries.len()
    );
    assert!(recall >= MIN_RECALL, "recall@10 {recall:.3} < {MIN_RECALL}");
    assert!(ndcg >= MIN_NDCG, "nDCG@10 {ndcg:.3} < {MIN_NDCG}");
}
