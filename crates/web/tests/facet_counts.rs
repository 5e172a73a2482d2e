//! Facet counts of the search engine against brute force from the database:
//! the demo practices (some moved out of public view) are stored in SQLite —
//! and in PostgreSQL when `TEST_PG_URL` is set — and indexed; for a set of
//! queries and selections every facet's counts must equal (a) counts over the
//! practices read back from the database, filtered in plain Rust, and (b) for
//! the facets the database can filter, one SQL-backed list total per value.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::process::Command;
use std::sync::Arc;

use mhub_core::accounts::Actor;
use mhub_core::curation::{Outcome, Status};
use mhub_core::hub::{Hub, PracticeQuery, SearchParams};
use mhub_core::practice::Practice;
use mhub_core::reference::ReferenceData;
use mhub_core::repo::PracticeRecord;
use mhub_core::slug::name_slug;
use mhub_search::{Engine, Indexer, SearchIndex};

static DEMO: &str = include_str!("../../../data/reference/demo-practices.json");

/// Selections as the search facets name them.
type Selections = BTreeMap<&'static str, Vec<String>>;

/// The facet values of a stored practice, written here independently of the index.
fn values(p: &Practice, facet: &str) -> BTreeSet<String> {
    let c = &p.content;
    let set = |v: &[String]| v.iter().cloned().collect::<BTreeSet<_>>();
    match facet {
        "country" => BTreeSet::from([c.country.to_ascii_uppercase()]),
        "region" => c.regions.iter().map(|r| name_slug(r)).collect(),
        "ncd_focus" => set(&c.ncd_focus),
        "cdhi_group" => c
            .cdhi_v2
            .iter()
            .filter_map(|code| code.split('.').next().map(str::to_string))
            .collect(),
        "cdhi" => c.cdhi_v1.iter().chain(&c.cdhi_v2).cloned().collect(),
        "cdhi_v1" => set(&c.cdhi_v1),
        "cdhi_v2" => set(&c.cdhi_v2),
        "channel" => set(&c.channels),
        "stage" => c.stage.iter().cloned().collect(),
        "evidence" => c.evidence.level.iter().cloned().collect(),
        "year" => c
            .start_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .filter(|y| y.parse::<u16>().is_ok())
            .map(str::to_string)
            .into_iter()
            .collect(),
        "outcome" => p
            .outcome
            .map(|o| o.as_str().to_string())
            .into_iter()
            .collect(),
        "status" => BTreeSet::from([p.status.as_str().to_string()]),
        "lifecycle" => c.lifecycle.iter().cloned().collect(),
        other => panic!("no brute force for facet {other}"),
    }
}

fn satisfies(p: &Practice, selections: &Selections, except: Option<&str>) -> bool {
    selections
        .iter()
        .filter(|(name, _)| Some(**name) != except)
        .all(|(name, wanted)| {
            let have = values(p, name);
            wanted.iter().any(|w| have.contains(w))
        })
}

/// Counts per value of `facet` over `pool`, each facet ignoring its own selection.
fn brute(pool: &[&Practice], facet: &str, selections: &Selections) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for p in pool
        .iter()
        .filter(|p| satisfies(p, selections, Some(facet)))
    {
        for v in values(p, facet) {
            *counts.entry(v).or_insert(0) += 1;
        }
    }
    counts
}

fn query_of(selections: &Selections) -> (PracticeQuery, SearchParams) {
    let mut list = PracticeQuery::default();
    let mut params = SearchParams {
        lang: "en".into(),
        ..Default::default()
    };
    for (name, values) in selections {
        let values = values.clone();
        match *name {
            "country" => list.country = values,
            "region" => list.region = values,
            "ncd_focus" => list.ncd = values,
            "channel" => list.channel = values,
            "stage" => list.stage = values,
            "evidence" => list.evidence = values,
            "year" => params.year = values,
            "outcome" => params.outcome = values,
            "cdhi_group" => params.cdhi_group = values,
            other => panic!("not a search parameter: {other}"),
        }
    }
    (list, params)
}

/// The `n`-th most common value of `facet` among `pool`.
fn common(pool: &[&Practice], facet: &str, n: usize) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in pool {
        for v in values(p, facet) {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .get(n)
        .map(|(v, _)| v.clone())
        .unwrap_or_else(|| panic!("fewer than {} values of {facet}", n + 1))
}

/// Every hit of a query, all pages.
async fn all_hits(hub: &Hub, q: &str) -> BTreeSet<i64> {
    let mut ids = BTreeSet::new();
    for page in 1.. {
        let list = PracticeQuery {
            limit: Some(100),
            page: Some(page),
            ..Default::default()
        };
        let params = SearchParams {
            q: q.into(),
            lang: "en".into(),
            ..Default::default()
        };
        let res = hub
            .search_practices(&Actor::anonymous(), &list, &params)
            .await
            .expect("search");
        ids.extend(res.hits.iter().map(|h| h.practice.id));
        if res.hits.len() < 100 {
            break;
        }
    }
    ids
}

async fn check(hub: Arc<Hub>) {
    let mut records: Vec<PracticeRecord> = serde_json::from_str(DEMO).expect("demo practices");
    assert!(records.len() >= 100);
    // The demo set has no evidence levels or review outcomes: give some, so
    // those facets are exercised too. Some practices leave public view: the
    // counts must not see them.
    let levels = ["none_reported", "descriptive_observational", "rct"];
    for (i, r) in records.iter_mut().enumerate() {
        if i % 4 != 0 {
            r.content.evidence.level = Some(levels[i % levels.len()].to_string());
        }
        r.outcome = match i % 5 {
            0 | 1 => Some(Outcome::Best),
            2 => Some(Outcome::Promising),
            _ => None,
        };
        if i % 7 == 3 {
            r.status = Status::Draft;
            r.outcome = None;
        } else if i % 11 == 5 {
            r.status = Status::Archived;
            r.outcome = None;
        }
    }
    hub.import_practices(&Actor::system(), records, false)
        .await
        .expect("import");
    let engine = Engine::new(SearchIndex::in_memory().expect("index"));
    hub.set_search_engine(engine.clone());
    let indexer = Indexer::new(hub.clone(), engine);
    indexer.rebuild(Box::new(|_, _| {})).await.expect("rebuild");
    indexer.catch_up().await.expect("catch up");

    // The same database without an engine: what the Hub answers from SQL alone.
    let reference = ReferenceData::embedded().expect("reference");
    let db_hub = Hub::open(hub.repo().clone(), &reference)
        .await
        .expect("hub");

    let stored = hub.repo().practices_after(0, 10_000).await.expect("read");
    let public: Vec<&Practice> = stored
        .iter()
        .filter(|p| p.status == Status::Published)
        .collect();
    assert!(public.len() < stored.len() && public.len() > 50);

    let pick = |facet: &str, n: usize| common(&public, facet, n);
    let scenarios: Vec<(&str, Selections)> = vec![
        ("", Selections::new()),
        (
            "",
            Selections::from([("country", vec![pick("country", 0)])]),
        ),
        (
            "",
            Selections::from([
                ("ncd_focus", vec![pick("ncd_focus", 0)]),
                ("channel", vec![pick("channel", 0), pick("channel", 1)]),
            ]),
        ),
        (
            "",
            Selections::from([
                ("country", vec![pick("country", 0), pick("country", 1)]),
                ("stage", vec![pick("stage", 0)]),
                ("evidence", vec![pick("evidence", 0), pick("evidence", 2)]),
            ]),
        ),
        (
            "",
            Selections::from([
                ("outcome", vec![pick("outcome", 0)]),
                ("cdhi_group", vec![pick("cdhi_group", 0)]),
                (
                    "year",
                    vec![pick("year", 0), pick("year", 1), pick("year", 2)],
                ),
            ]),
        ),
        // Selections most practices pass: the query leaves them to the collector.
        (
            "",
            Selections::from([
                (
                    "ncd_focus",
                    vec![
                        pick("ncd_focus", 0),
                        pick("ncd_focus", 1),
                        pick("ncd_focus", 2),
                    ],
                ),
                (
                    "channel",
                    vec![pick("channel", 0), pick("channel", 1), pick("channel", 2)],
                ),
            ]),
        ),
        ("diabetes", Selections::new()),
        (
            "telemonitoring heart",
            Selections::from([("ncd_focus", vec![pick("ncd_focus", 1)])]),
        ),
        (
            "app",
            Selections::from([
                ("channel", vec![pick("channel", 0)]),
                ("country", vec![pick("country", 2), pick("country", 3)]),
            ]),
        ),
    ];

    for (q, selections) in &scenarios {
        let hits = if q.is_empty() {
            public.iter().map(|p| p.id).collect()
        } else {
            all_hits(&hub, q).await
        };
        assert!(!hits.is_empty(), "{q:?} finds nothing");
        let pool: Vec<&Practice> = public
            .iter()
            .copied()
            .filter(|p| hits.contains(&p.id))
            .collect();
        let (list, params) = query_of(selections);
        let params = SearchParams {
            q: q.to_string(),
            ..params
        };
        let res = hub
            .search_practices(&Actor::anonymous(), &list, &params)
            .await
            .expect("search");
        let expected_total = pool
            .iter()
            .filter(|p| satisfies(p, selections, None))
            .count();
        assert_eq!(res.total as usize, expected_total, "{q:?} {selections:?}");
        for facet in mhub_search::FACETS {
            let got: BTreeMap<String, u64> = res.facets[facet]
                .iter()
                .filter(|(_, n)| *n > 0)
                .cloned()
                .collect();
            assert_eq!(
                got,
                brute(&pool, facet, selections),
                "{facet} for {q:?} {selections:?}"
            );
        }

        // The database's own filters (SQL) agree where it has them.
        if !q.is_empty() {
            continue;
        }
        let db_total = db_hub
            .list_practices(&Actor::anonymous(), &list)
            .await
            .expect("list")
            .total;
        if !selections
            .keys()
            .any(|n| ["year", "outcome", "cdhi_group"].contains(n))
        {
            assert_eq!(res.total, db_total, "{selections:?}");
            same_lists(&hub, &db_hub, &list).await;
            for facet in [
                "country",
                "region",
                "ncd_focus",
                "channel",
                "stage",
                "evidence",
            ] {
                for (value, count) in &res.facets[facet] {
                    let mut one = selections.clone();
                    one.insert(facet, vec![value.clone()]);
                    let (one, _) = query_of(&one);
                    let sql = db_hub
                        .list_practices(&Actor::anonymous(), &one)
                        .await
                        .expect("list")
                        .total;
                    assert_eq!(
                        *count as i64, sql,
                        "{facet}={value} under {selections:?}: engine vs SQL"
                    );
                }
            }
        }
    }

    // Counts for the country pages and charts: the engine's facets and the
    // database's aggregate agree, for the region and for single countries.
    for country in [None, Some(pick("country", 0)), Some(pick("country", 3))] {
        let from_engine = hub
            .practice_counts(country.as_deref())
            .await
            .expect("counts");
        let from_db = db_hub
            .practice_counts(country.as_deref())
            .await
            .expect("counts");
        assert_eq!(from_engine, from_db, "{country:?}");
        let expected = public
            .iter()
            .filter(|p| country.as_ref().is_none_or(|c| *c == p.content.country))
            .count();
        assert_eq!(from_engine.total as usize, expected, "{country:?}");
        assert!(
            from_engine.values.contains_key("ncd_focus"),
            "{from_engine:?}"
        );
    }
}

/// A public list answered by the engine has the database's order, page by page.
async fn same_lists(hub: &Hub, db_hub: &Hub, list: &PracticeQuery) {
    for page in 1..=3 {
        let q = PracticeQuery {
            limit: Some(7),
            page: Some(page),
            ..list.clone()
        };
        let slugs = |p: mhub_core::practice::Page<Practice>| {
            (
                p.total,
                p.items.into_iter().map(|p| p.slug).collect::<Vec<_>>(),
            )
        };
        let indexed = slugs(
            hub.list_practices(&Actor::anonymous(), &q)
                .await
                .expect("list"),
        );
        let sql = slugs(
            db_hub
                .list_practices(&Actor::anonymous(), &q)
                .await
                .expect("list"),
        );
        assert_eq!(indexed, sql, "page {page} of {list:?}");
    }
}

async fn open(url: &str) -> Arc<Hub> {
    let db = mhub_storage::Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let reference = ReferenceData::embedded().expect("reference");
    Arc::new(Hub::open(Arc::new(db), &reference).await.expect("hub"))
}

#[tokio::test]
async fn facet_counts_match_the_database_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("hub.db").display());
    check(open(&url).await).await;
}

#[tokio::test]
async fn facet_counts_match_the_database_on_postgresql() {
    let Some(base) = std::env::var("TEST_PG_URL").ok().filter(|u| !u.is_empty()) else {
        // Past libtest's capture of eprintln!, so the log shows what did not run.
        let _ = writeln!(
            std::io::stderr(),
            "TEST_PG_URL not set: PostgreSQL facet counts skipped"
        );
        return;
    };
    let schema = format!(
        "t_facets_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default()
    );
    let psql = |sql: String| {
        let out = Command::new("psql")
            .args([base.as_str(), "-qc", sql.as_str()])
            .output()
            .expect("psql");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    psql(format!("CREATE SCHEMA {schema}"));
    let sep = if base.contains('?') { '&' } else { '?' };
    check(open(&format!("{base}{sep}options[search_path]={schema}")).await).await;
    psql(format!("DROP SCHEMA {schema} CASCADE"));
}
