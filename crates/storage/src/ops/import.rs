//! Imports (`mhub import`, `mhub seed --synthetic`): many practices in one
//! transaction. New practices are written many rows per statement: one statement
//! per row made a million synthetic practices take ten minutes on PostgreSQL,
//! most of it in round trips. The rows are the ones `create_practice` writes.
//! Compiled twice, like ops.rs (`sqlite::import`, `pg::import`).

use std::collections::{BTreeSet, HashMap, HashSet};

use mhub_core::CoreError;
use mhub_core::curation::{Outcome, Status};
use mhub_core::practice::{PracticeText, SaveContext};
use mhub_core::repo::PracticeRecord;
use mhub_core::slug::name_slug;
use sqlx::QueryBuilder;

use super::ops::{
    Derived, IDS_PER_QUERY, SaveState, begin, corrupt, derive, save_content, tag_set,
};
use super::{DB, IS_PG};
use crate::error::StorageError;

type Pool = sqlx::Pool<DB>;
type Conn = <DB as sqlx::Database>::Connection;
type R<T> = Result<T, StorageError>;

/// Bound parameters per statement: far below SQLite's 32,766 and PostgreSQL's 65,535.
const BINDS: usize = 12_000;

/// Rows of `columns` bound parameters each that fit in one statement.
const fn rows_of(columns: usize) -> usize {
    BINDS / columns
}

pub(crate) async fn import_practices(
    pool: &Pool,
    records: &[PracticeRecord],
    ctx: &SaveContext,
) -> R<usize> {
    let mut seen = HashSet::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        // The same slug twice would silently turn the first record into a revision
        // of the second; the file is wrong, so nothing of it is kept.
        if !seen.insert(record.slug.as_str()) {
            return Err(CoreError::field(&format!("records[{i}].slug"), "duplicate").into());
        }
    }
    let mut tx = begin(pool).await?;
    let mut cache = SaveState::new();
    let existing = ids_by_slug(&mut tx, records).await?;
    // New records are written a run at a time, an existing one in its place, so
    // practice ids and outbox rows follow the order of the file.
    let mut run: Vec<&PracticeRecord> = Vec::new();
    for record in records {
        match existing.get(record.slug.as_str()) {
            Some(&id) => {
                insert_practices(&mut tx, &mut cache, &run, ctx).await?;
                run.clear();
                let status = Some((record.status, record.outcome));
                save_content(&mut tx, &mut cache, id, None, &record.content, status, ctx).await?;
            }
            None => run.push(record),
        }
    }
    insert_practices(&mut tx, &mut cache, &run, ctx).await?;
    tx.commit().await?;
    Ok(records.len())
}

/// The ids of the records' slugs that exist already.
async fn ids_by_slug(c: &mut Conn, records: &[PracticeRecord]) -> R<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for chunk in records.chunks(IDS_PER_QUERY) {
        let mut q = QueryBuilder::<DB>::new("SELECT slug, id FROM practice WHERE slug IN (");
        let mut list = q.separated(", ");
        for record in chunk {
            list.push_bind(&record.slug);
        }
        q.push(")");
        let rows: Vec<(String, i64)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *c)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// New practices with their first revision, projections and outbox rows.
async fn insert_practices(
    c: &mut Conn,
    cache: &mut SaveState,
    records: &[&PracticeRecord],
    ctx: &SaveContext,
) -> R<()> {
    if records.is_empty() {
        return Ok(());
    }
    let derived = records
        .iter()
        .map(|r| derive(&r.content))
        .collect::<R<Vec<_>>>()?;
    organisations(c, cache, records).await?;
    regions(c, cache, records).await?;
    let ids = practice_rows(c, cache.now, records, &derived, ctx).await?;
    let rows: Vec<(i64, &str)> = ids
        .iter()
        .zip(&derived)
        .map(|(id, d)| (*id, d.content.as_str()))
        .collect();
    for chunk in rows.chunks(rows_of(5)) {
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO practice_revision (practice_id, number, author_id, created_at, note, content) ",
        );
        q.push_values(chunk, |mut b, (id, content)| {
            b.push_bind(*id)
                .push("1")
                .push_bind(ctx.actor_id)
                .push_bind(cache.now)
                .push_bind(&ctx.note)
                .push_bind(*content);
        });
        q.build().persistent(false).execute(&mut *c).await?;
    }
    projections(c, cache, &ids, records).await?;
    outbox(c, cache.now, &ids).await
}

/// The `practice` rows; their ids in the order of `records`.
async fn practice_rows(
    c: &mut Conn,
    now: i64,
    records: &[&PracticeRecord],
    derived: &[Derived],
    ctx: &SaveContext,
) -> R<Vec<i64>> {
    let mut by_slug = HashMap::with_capacity(records.len());
    let rows: Vec<_> = records.iter().zip(derived).collect();
    for chunk in rows.chunks(rows_of(12)) {
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO practice (slug, status, outcome, version, original_language, country, stage, \
             evidence_level, start_year, created_by, created_at, updated_at, published_at, content) ",
        );
        q.push_values(chunk, |mut b, (r, d)| {
            let published_at = (r.status == Status::Published).then_some(now);
            b.push_bind(&r.slug)
                .push_bind(r.status.as_str())
                .push_bind(r.outcome.map(Outcome::as_str))
                .push("1")
                .push_bind(&r.content.original_language)
                .push_bind(&d.country)
                .push_bind(&d.stage)
                .push_bind(&d.evidence_level)
                .push_bind(d.start_year)
                .push_bind(ctx.actor_id)
                .push_bind(now)
                .push_bind(now)
                .push_bind(published_at)
                .push_bind(&d.content);
        });
        q.push(" RETURNING slug, id");
        let ids: Vec<(String, i64)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *c)
            .await?;
        by_slug.extend(ids);
    }
    records
        .iter()
        .map(|r| {
            by_slug
                .get(&r.slug)
                .copied()
                .ok_or_else(|| corrupt("practice not inserted", &r.slug))
        })
        .collect()
}

/// The tag, translation, organisation and region rows of new practices.
async fn projections(
    c: &mut Conn,
    cache: &SaveState,
    ids: &[i64],
    records: &[&PracticeRecord],
) -> R<()> {
    let mut tags = Vec::new();
    let mut texts: Vec<(i64, &str, &PracticeText)> = Vec::new();
    let mut links = Vec::new();
    let mut regions = Vec::new();
    for (&id, record) in ids.iter().zip(records) {
        let content = &record.content;
        tags.extend(tag_set(content).into_iter().map(|(v, code)| (id, v, code)));
        texts.extend(content.texts.iter().map(|(lang, t)| (id, lang.as_str(), t)));
        let mut own = BTreeSet::new();
        for link in &content.organisations {
            let slug = name_slug(&link.name);
            let org = cache
                .organisations
                .get(&slug)
                .ok_or_else(|| corrupt("organisation not looked up", &slug))?;
            own.insert((*org, link.role.as_str()));
        }
        links.extend(own.into_iter().map(|(org, role)| (id, org, role)));
        let mut own = BTreeSet::new();
        for name in &content.regions {
            let key = (content.country.clone(), name_slug(name));
            let region = cache
                .regions
                .get(&key)
                .ok_or_else(|| corrupt("region not looked up", &key.1))?;
            own.insert(*region);
        }
        regions.extend(own.into_iter().map(|region| (id, region)));
    }
    for chunk in tags.chunks(rows_of(3)) {
        let mut q =
            QueryBuilder::<DB>::new("INSERT INTO practice_tag (practice_id, vocabulary, code) ");
        q.push_values(chunk, |mut b, (id, vocabulary, code)| {
            b.push_bind(*id).push_bind(*vocabulary).push_bind(*code);
        });
        q.build().persistent(false).execute(&mut *c).await?;
    }
    for chunk in texts.chunks(rows_of(7)) {
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO practice_translation \
             (practice_id, lang, title, summary, description, lessons_learned, transferability) ",
        );
        q.push_values(chunk, |mut b, (id, lang, t)| {
            b.push_bind(*id)
                .push_bind(*lang)
                .push_bind(&t.title)
                .push_bind(&t.summary)
                .push_bind(&t.description)
                .push_bind(&t.lessons_learned)
                .push_bind(&t.transferability);
        });
        q.build().persistent(false).execute(&mut *c).await?;
    }
    for chunk in links.chunks(rows_of(3)) {
        let mut q = QueryBuilder::<DB>::new(
            "INSERT INTO practice_organisation (practice_id, organisation_id, role) ",
        );
        q.push_values(chunk, |mut b, (id, org, role)| {
            b.push_bind(*id).push_bind(*org).push_bind(*role);
        });
        q.build().persistent(false).execute(&mut *c).await?;
    }
    for chunk in regions.chunks(rows_of(2)) {
        let mut q =
            QueryBuilder::<DB>::new("INSERT INTO practice_region (practice_id, region_id) ");
        q.push_values(chunk, |mut b, (id, region)| {
            b.push_bind(*id).push_bind(*region);
        });
        q.build().persistent(false).execute(&mut *c).await?;
    }
    Ok(())
}

/// Looks up (or creates) every organisation the records name and keeps their ids
/// in `cache`, as `ops::organisation_id` does one at a time.
async fn organisations(c: &mut Conn, cache: &mut SaveState, records: &[&PracticeRecord]) -> R<()> {
    // Each slug as first mentioned: (slug, name, country).
    let mut wanted: Vec<(String, &str, &str)> = Vec::new();
    let mut seen = HashSet::new();
    for record in records {
        for link in &record.content.organisations {
            let slug = name_slug(&link.name);
            if !cache.organisations.contains_key(&slug) && seen.insert(slug.clone()) {
                let country = link.country.as_deref().unwrap_or(&record.content.country);
                wanted.push((slug, link.name.trim(), country));
            }
        }
    }
    let find = async |c: &mut Conn, cache: &mut SaveState, slugs: &[&str]| -> R<()> {
        for chunk in slugs.chunks(IDS_PER_QUERY) {
            // A merged organisation's name still names the one it was merged into.
            let mut q = QueryBuilder::<DB>::new(
                "SELECT slug, COALESCE(merged_into, id) FROM organisation WHERE slug IN (",
            );
            let mut list = q.separated(", ");
            for slug in chunk {
                list.push_bind(*slug);
            }
            q.push(")");
            let rows: Vec<(String, i64)> = q
                .build_query_as()
                .persistent(false)
                .fetch_all(&mut *c)
                .await?;
            cache.organisations.extend(rows);
        }
        Ok(())
    };
    let slugs: Vec<&str> = wanted.iter().map(|w| w.0.as_str()).collect();
    find(c, cache, &slugs).await?;
    wanted.retain(|w| !cache.organisations.contains_key(&w.0));
    for chunk in wanted.chunks(rows_of(4)) {
        let mut q =
            QueryBuilder::<DB>::new("INSERT INTO organisation (slug, name, country, created_at) ");
        q.push_values(chunk, |mut b, (slug, name, country)| {
            b.push_bind(slug.as_str())
                .push_bind(*name)
                .push_bind(*country)
                .push_bind(cache.now);
        });
        q.push(" ON CONFLICT (slug) DO NOTHING RETURNING slug, id");
        let rows: Vec<(String, i64)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *c)
            .await?;
        cache.organisations.extend(rows);
    }
    // Created concurrently (PostgreSQL) between our look-up and insert.
    let late: Vec<&str> = wanted
        .iter()
        .map(|w| w.0.as_str())
        .filter(|slug| !cache.organisations.contains_key(*slug))
        .collect();
    find(c, cache, &late).await?;
    match late.iter().find(|s| !cache.organisations.contains_key(**s)) {
        Some(slug) => Err(corrupt("organisation vanished", slug)),
        None => Ok(()),
    }
}

/// Looks up (or creates) every region the records name, into `cache`.
async fn regions(c: &mut Conn, cache: &mut SaveState, records: &[&PracticeRecord]) -> R<()> {
    // Each (country, slug) as first mentioned, with its name.
    let mut wanted: Vec<((String, String), &str)> = Vec::new();
    let mut seen = HashSet::new();
    for record in records {
        for name in &record.content.regions {
            let key = (record.content.country.clone(), name_slug(name));
            if !cache.regions.contains_key(&key) && seen.insert(key.clone()) {
                wanted.push((key, name.trim()));
            }
        }
    }
    let find = async |c: &mut Conn, cache: &mut SaveState, keys: &[&(String, String)]| -> R<()> {
        let keys: HashSet<&(String, String)> = keys.iter().copied().collect();
        let slugs: BTreeSet<&str> = keys.iter().map(|k| k.1.as_str()).collect();
        let slugs: Vec<&str> = slugs.into_iter().collect();
        for chunk in slugs.chunks(IDS_PER_QUERY) {
            let mut q =
                QueryBuilder::<DB>::new("SELECT country, slug, id FROM region WHERE slug IN (");
            let mut list = q.separated(", ");
            for slug in chunk {
                list.push_bind(*slug);
            }
            q.push(")");
            let rows: Vec<(String, String, i64)> = q
                .build_query_as()
                .persistent(false)
                .fetch_all(&mut *c)
                .await?;
            for (country, slug, id) in rows {
                let key = (country, slug);
                if keys.contains(&key) {
                    cache.regions.insert(key, id);
                }
            }
        }
        Ok(())
    };
    let keys: Vec<&(String, String)> = wanted.iter().map(|w| &w.0).collect();
    find(c, cache, &keys).await?;
    wanted.retain(|w| !cache.regions.contains_key(&w.0));
    for chunk in wanted.chunks(rows_of(3)) {
        let mut q = QueryBuilder::<DB>::new("INSERT INTO region (country, slug, name) ");
        q.push_values(chunk, |mut b, ((country, slug), name)| {
            b.push_bind(country.as_str())
                .push_bind(slug.as_str())
                .push_bind(*name);
        });
        q.push(" ON CONFLICT (country, slug) DO NOTHING RETURNING country, slug, id");
        let rows: Vec<(String, String, i64)> = q
            .build_query_as()
            .persistent(false)
            .fetch_all(&mut *c)
            .await?;
        cache.regions.extend(
            rows.into_iter()
                .map(|(country, slug, id)| ((country, slug), id)),
        );
    }
    let late: Vec<&(String, String)> = wanted
        .iter()
        .map(|w| &w.0)
        .filter(|key| !cache.regions.contains_key(*key))
        .collect();
    find(c, cache, &late).await?;
    match late.iter().find(|key| !cache.regions.contains_key(**key)) {
        Some(key) => Err(corrupt("region vanished", &key.1)),
        None => Ok(()),
    }
}

/// One outbox row per new practice, as `ops::write_outbox` writes for one: on
/// PostgreSQL under the same lock, each row announced with its id, in order.
async fn outbox(c: &mut Conn, now: i64, ids: &[i64]) -> R<()> {
    if IS_PG {
        sqlx::query("SELECT pg_advisory_xact_lock(7210001)")
            .execute(&mut *c)
            .await?;
    }
    for chunk in ids.chunks(rows_of(2)) {
        let mut q = QueryBuilder::<DB>::new(if IS_PG { "WITH o AS (" } else { "" });
        q.push("INSERT INTO outbox (entity, entity_id, operation, created_at) ");
        q.push_values(chunk, |mut b, id| {
            b.push("'practice'")
                .push_bind(*id)
                .push("'upsert'")
                .push_bind(now);
        });
        if IS_PG {
            // pg_notify is volatile, so it runs after the sort: in id order.
            q.push(
                " RETURNING id) SELECT pg_notify('mhub_outbox', o.id::text) FROM o ORDER BY o.id",
            );
        }
        q.build().persistent(false).execute(&mut *c).await?;
    }
    Ok(())
}
