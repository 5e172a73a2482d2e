//! An import writes new practices many rows per statement; the rows must be the
//! very rows `create_practice` writes one practice at a time. Runs on SQLite, and
//! on PostgreSQL when `TEST_PG_URL` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::BTreeMap;

use mhub_core::accounts::Role;
use mhub_core::curation::{Outcome, Status};
use mhub_core::organisations::OrganisationStore;
use mhub_core::practice::{
    OrganisationLink, OrganisationRole, PracticeContent, PracticeFilter, PracticeSort,
    PracticeText, SaveContext,
};
use mhub_core::repo::{PracticeRecord, Repository};
use mhub_storage::Db;

/// Enough records that every table's rows take more than one statement.
const RECORDS: usize = 1_300;

fn ctx() -> SaveContext {
    SaveContext {
        actor_id: None,
        note: Some("import".into()),
    }
}

fn text(title: String) -> PracticeText {
    PracticeText {
        summary: format!("About {title}"),
        description: "Described".into(),
        title,
        ..Default::default()
    }
}

/// Varied records: shared and repeated organisations and regions, a code twice in
/// a list, translations, every status.
fn records(prefix: &str, n: usize) -> Vec<PracticeRecord> {
    const COUNTRIES: [&str; 4] = ["ES", "FR", "DE", "PL"];
    const NCDS: [&str; 3] = ["diabetes", "cancer", "cardiovascular"];
    (0..n)
        .map(|i| {
            let country = COUNTRIES[i % 4];
            let mut texts = BTreeMap::from([("en".to_string(), text(format!("Practice {i}")))]);
            if i % 3 == 0 {
                texts.insert("fr".into(), text(format!("Pratique {i}")));
            }
            let mut organisations = vec![OrganisationLink {
                name: format!("Health Service {}", i % 41),
                role: OrganisationRole::Owner,
                country: None,
            }];
            if i % 5 == 0 {
                organisations.push(OrganisationLink {
                    name: format!(" Partner {} ", i % 7),
                    role: OrganisationRole::Partner,
                    country: Some("BE".into()),
                });
                // The same organisation twice in one role counts once.
                organisations.push(organisations[0].clone());
            }
            let content = PracticeContent {
                original_language: "en".into(),
                texts,
                country: country.into(),
                regions: match i % 4 {
                    0 => vec![],
                    1 => vec![format!("Region {}", i % 9)],
                    _ => vec![format!("Region {}", i % 9), "Capital".into()],
                },
                organisations,
                ncd_focus: vec![NCDS[i % 3].into(), NCDS[(i + 1) % 3].into()],
                channels: vec!["sms".into(), "sms".into(), "web".into()],
                cdhi_v1: vec!["1.1.1".into()],
                stage: (i % 2 == 0).then(|| (i % 10 + 1).to_string()),
                start_date: Some((2010 + i % 15).to_string()),
                ..Default::default()
            };
            let status = [Status::Published, Status::Draft, Status::Submitted][i % 3];
            PracticeRecord {
                slug: format!("{prefix}-{i}"),
                status,
                outcome: (status == Status::Published && i % 2 == 0).then_some(Outcome::Promising),
                content,
            }
        })
        .collect()
}

/// Every row an import writes, timestamps left out, one string a row.
async fn dump(db: &Db, dir: Option<&std::path::Path>) -> Vec<String> {
    const TABLES: [&str; 9] = [
        "SELECT 'practice ' || id || ' ' || slug || ' ' || status || ' ' || COALESCE(outcome, '-') || ' ' || version \
         || ' ' || original_language || ' ' || country || ' ' || COALESCE(stage, '-') || ' ' \
         || COALESCE(evidence_level, '-') || ' ' || COALESCE(CAST(start_year AS TEXT), '-') || ' ' \
         || COALESCE(CAST(created_by AS TEXT), '-') || ' ' || CAST(created_at = updated_at AS TEXT) || ' ' \
         || CASE WHEN published_at IS NULL THEN '-' ELSE 'published' END || ' ' || content FROM practice ORDER BY id",
        "SELECT 'revision ' || practice_id || ' ' || number || ' ' || COALESCE(CAST(author_id AS TEXT), '-') || ' ' \
         || COALESCE(note, '-') || ' ' || content FROM practice_revision ORDER BY practice_id, number",
        "SELECT 'tag ' || practice_id || ' ' || vocabulary || ' ' || code FROM practice_tag \
         ORDER BY practice_id, vocabulary, code",
        "SELECT 'text ' || practice_id || ' ' || lang || ' ' || title || ' ' || summary || ' ' || description \
         || ' ' || lessons_learned || ' ' || transferability FROM practice_translation ORDER BY practice_id, lang",
        "SELECT 'link ' || practice_id || ' ' || organisation_id || ' ' || role FROM practice_organisation \
         ORDER BY practice_id, organisation_id, role",
        "SELECT 'place ' || practice_id || ' ' || region_id FROM practice_region ORDER BY practice_id, region_id",
        "SELECT 'organisation ' || id || ' ' || slug || ' ' || name || ' ' || COALESCE(country, '-') \
         FROM organisation ORDER BY id",
        "SELECT 'region ' || id || ' ' || country || ' ' || slug || ' ' || name FROM region ORDER BY id",
        "SELECT 'outbox ' || id || ' ' || entity || ' ' || entity_id || ' ' || operation FROM outbox ORDER BY id",
    ];
    let mut out = Vec::new();
    match (db.pg_pool(), dir) {
        (Some(pool), _) => {
            for sql in TABLES {
                out.extend(
                    sqlx::query_scalar::<_, String>(sql)
                        .fetch_all(pool)
                        .await
                        .unwrap(),
                );
            }
        }
        (None, Some(dir)) => {
            let url = format!("sqlite://{}?mode=ro", dir.join("data/hub.db").display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            for sql in TABLES {
                out.extend(
                    sqlx::query_scalar::<_, String>(sql)
                        .fetch_all(&pool)
                        .await
                        .unwrap(),
                );
            }
            pool.close().await;
        }
        (None, None) => panic!("no database to read"),
    }
    out
}

/// The records imported in three files (the second mixes existing slugs into new
/// ones) into `bulk`, and written one at a time into `single`.
async fn same_rows(
    bulk: &Db,
    bulk_dir: Option<&std::path::Path>,
    single: &Db,
    single_dir: Option<&std::path::Path>,
) {
    let first = records("p", RECORDS);
    // Existing slugs among new ones: runs of new records on both sides of each.
    let mut second = records("q", 300);
    for (at, i) in [(0, 7), (150, 8), (299, 9)] {
        let mut again = first[i].clone();
        again.status = Status::Published;
        again.outcome = Some(Outcome::Best);
        again.content.texts.get_mut("en").unwrap().title = format!("Practice {i}, revised");
        again.content.regions = vec!["Elsewhere".into()];
        second.insert(at, again);
    }
    let third = records("r", 1);

    for file in [&first, &second, &third] {
        assert_eq!(
            bulk.import_practices(file, &ctx()).await.unwrap(),
            file.len()
        );
        for record in file {
            if single
                .practice_by_slug(&record.slug)
                .await
                .unwrap()
                .is_some()
            {
                single
                    .import_practices(std::slice::from_ref(record), &ctx())
                    .await
                    .unwrap();
            } else {
                single.create_practice(record, &ctx()).await.unwrap();
            }
        }
    }
    let (a, b) = (dump(bulk, bulk_dir).await, dump(single, single_dir).await);
    assert_eq!(a.len(), b.len());
    for (a, b) in a.iter().zip(&b) {
        assert_eq!(a, b);
    }
    // What the rows add up to, so the comparison cannot pass on two empty tables.
    let count = |prefix: &str| a.iter().filter(|r| r.starts_with(prefix)).count();
    let total = RECORDS + 300 + 1;
    assert_eq!(count("practice "), total);
    assert_eq!(count("outbox "), total + 3);
    assert_eq!(count("revision "), total + 3);
    // Two NCDs, sms and web once each, one CDHI code.
    assert_eq!(count("tag "), total * 5);
    assert_eq!(count("organisation "), 41 + 7);
    let seven = bulk.practice_by_slug("p-7").await.unwrap().unwrap();
    assert_eq!(
        (seven.version, seven.status, seven.outcome),
        (2, Status::Published, Some(Outcome::Best))
    );
}

#[tokio::test]
async fn sqlite_import_writes_the_rows_of_single_creates() {
    let (bulk, single) = (common::sqlite().await, common::sqlite().await);
    same_rows(
        &bulk.db,
        bulk.dir.as_ref().map(|d| d.path()),
        &single.db,
        single.dir.as_ref().map(|d| d.path()),
    )
    .await;
    bulk.finish().await;
    single.finish().await;
}

#[tokio::test]
async fn postgres_import_writes_the_rows_of_single_creates() {
    let (Some(bulk), Some(single)) = (common::postgres().await, common::postgres().await) else {
        return;
    };
    same_rows(&bulk.db, None, &single.db, None).await;
    bulk.finish().await;
    single.finish().await;
}

/// A later import finds the organisations and regions of an earlier one, and a
/// merged organisation's name links to the one it was merged into.
#[tokio::test]
async fn sqlite_import_finds_existing_and_merged_organisations() {
    let t = common::sqlite().await;
    finds_existing(&t.db).await;
    t.finish().await;
}

#[tokio::test]
async fn postgres_import_finds_existing_and_merged_organisations() {
    let Some(t) = common::postgres().await else {
        return;
    };
    finds_existing(&t.db).await;
    t.finish().await;
}

async fn finds_existing(db: &Db) {
    db.import_practices(&records("a", 6), &ctx()).await.unwrap();
    let from = db.organisation_by_slug("partner-0").await.unwrap().unwrap();
    let into = db
        .organisation_by_slug("health-service-0")
        .await
        .unwrap()
        .unwrap();
    let editor = db
        .create_account("ed@example.org", "Ed", "hash", Role::Editor)
        .await
        .unwrap();
    db.merge_organisations(from.id, into.id, editor.id)
        .await
        .unwrap();
    db.import_practices(&records("b", 6), &ctx()).await.unwrap();
    // Health Service 0..5 and Partner 5 (Partner 0 is merged); nothing created twice.
    assert_eq!(db.list_organisations(100, 0).await.unwrap().total, 7);
    let of = |organisation: &str| {
        let filter = PracticeFilter {
            status: Status::ALL.to_vec(),
            organisation: vec![organisation.to_string()],
            ..Default::default()
        };
        async move {
            let page = db
                .list_practices(&filter, PracticeSort::TitleAsc, 100, 0)
                .await
                .unwrap();
            page.items.into_iter().map(|p| p.slug).collect::<Vec<_>>()
        }
    };
    // b-0 names Partner 0 and Health Service 0, now one organisation.
    assert_eq!(of("health-service-0").await, ["a-0", "b-0"]);
    let region = PracticeFilter {
        status: Status::ALL.to_vec(),
        region: vec!["region-1".into()],
        ..Default::default()
    };
    let page = db
        .list_practices(&region, PracticeSort::TitleAsc, 100, 0)
        .await
        .unwrap();
    assert_eq!(page.total, 2, "a-1 and b-1 share one region row");
}
