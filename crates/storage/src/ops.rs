//! Every query of the repository, written once. This file is compiled twice, as
//! `sqlite::ops` and `pg::ops`, so `DB` is a concrete driver in each copy.
//!
//! Rule for the single-connection SQLite pools: a function that holds a
//! connection or transaction never asks its pool for another one.

use std::collections::{BTreeSet, HashMap};

use mhub_core::accounts::{Account, ApiToken, Role, TokenScopes};
use mhub_core::authz::PracticeFacts;
use mhub_core::curation::{Outcome, Recommendation, Review, ReviewInput, Status, TransitionRecord};
use mhub_core::practice::{
    Page, Practice, PracticeContent, PracticeFilter, PracticeSort, Revision, SaveContext,
};
use mhub_core::reference::{self, CdhiMapping, Country, ReferenceData, Term};
use mhub_core::repo::{OutboxEntry, PracticeRecord, SessionRecord};
use mhub_core::throttle::{CounterUpdate, LoginCounter};
use mhub_core::{CoreError, FieldError};
use serde_json::json;
use sqlx::{FromRow, QueryBuilder};
use time::OffsetDateTime;

use super::{DB, IS_PG};
use crate::error::StorageError;
use crate::{from_us, now_us, to_us};

type Pool = sqlx::Pool<DB>;
type Conn = <DB as sqlx::Database>::Connection;
type Tx = sqlx::Transaction<'static, DB>;
type R<T> = Result<T, StorageError>;

const REFERENCE_VERSION: &str = "reference_version";

/// Starts a write transaction. On SQLite `BEGIN IMMEDIATE` takes the write lock
/// up front, so a transaction never fails half-way upgrading a read lock.
pub(super) async fn begin(pool: &Pool) -> R<Tx> {
    Ok(pool
        .begin_with(if IS_PG { "BEGIN" } else { "BEGIN IMMEDIATE" })
        .await?)
}

pub(super) fn corrupt(what: &str, value: &str) -> StorageError {
    StorageError::Corrupt(format!("{what} {value:?}"))
}

pub(super) fn none_if_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

pub(super) fn limit_offset(limit: i64, offset: i64) -> (i64, i64) {
    (limit.max(0), offset.max(0))
}

fn rfc3339(us: i64) -> R<String> {
    from_us(us)?
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| StorageError::Corrupt(format!("timestamp {us}: {e}")))
}

// ---------------------------------------------------------------- operations

pub(crate) async fn ping(pool: &Pool) -> R<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

pub(crate) async fn backup(pool: &Pool, path: &str) -> R<()> {
    if IS_PG {
        return Err(CoreError::Validation(vec![FieldError::new("backend", "use_pg_dump")]).into());
    }
    if std::path::Path::new(path).exists() {
        return Err(CoreError::field("path", "exists").into());
    }
    sqlx::query("VACUUM INTO $1")
        .bind(path)
        .execute(pool)
        .await?;
    Ok(())
}

// ------------------------------------------------------------ reference data

pub(crate) async fn sync_reference(pool: &Pool, reference: &ReferenceData) -> R<bool> {
    let mut tx = begin(pool).await?;
    let stored: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(REFERENCE_VERSION)
        .fetch_optional(&mut *tx)
        .await?;
    if stored
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|v| v >= reference.version)
    {
        return Ok(false);
    }
    sqlx::query("DELETE FROM country").execute(&mut *tx).await?;
    sqlx::query("DELETE FROM taxonomy_term")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM cdhi_map")
        .execute(&mut *tx)
        .await?;
    for (seq, c) in (0i64..).zip(&reference.countries) {
        sqlx::query(
            "INSERT INTO country (iso2, iso3, numeric_code, names, eu_member, seq) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&c.iso2)
        .bind(&c.iso3)
        .bind(&c.numeric)
        .bind(serde_json::to_string(&c.names)?)
        .bind(c.eu_member)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    }
    for (seq, t) in (0i64..).zip(&reference.terms) {
        sqlx::query(
            "INSERT INTO taxonomy_term (vocabulary, code, parent, position, level, labels, seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&t.vocabulary)
        .bind(&t.code)
        .bind(&t.parent)
        .bind(i64::from(t.position))
        .bind(&t.level)
        .bind(serde_json::to_string(&t.labels)?)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    }
    for (seq, m) in (0i64..).zip(&reference.cdhi_map) {
        sqlx::query("INSERT INTO cdhi_map (v1, v2, seq) VALUES ($1, $2, $3)")
            .bind(&m.v1)
            .bind(&m.v2)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
    }
    put_meta(&mut tx, REFERENCE_VERSION, &reference.version.to_string()).await?;
    tx.commit().await?;
    Ok(true)
}

pub(crate) async fn load_reference(pool: &Pool) -> R<ReferenceData> {
    let mut c = pool.acquire().await?;
    let version: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(REFERENCE_VERSION)
        .fetch_optional(&mut *c)
        .await?;
    let version = match version {
        Some(v) => v.parse().map_err(|_| corrupt("reference_version", &v))?,
        None => 0,
    };
    let rows: Vec<(String, String, String, String, bool)> = sqlx::query_as(
        "SELECT iso2, iso3, numeric_code, names, eu_member FROM country ORDER BY seq",
    )
    .fetch_all(&mut *c)
    .await?;
    let mut countries = Vec::with_capacity(rows.len());
    for (iso2, iso3, numeric, names, eu_member) in rows {
        countries.push(Country {
            iso2,
            iso3,
            numeric,
            names: serde_json::from_str(&names)?,
            eu_member,
        });
    }
    type TermRow = (String, String, Option<String>, i64, Option<String>, String);
    let rows: Vec<TermRow> = sqlx::query_as(
        "SELECT vocabulary, code, parent, position, level, labels FROM taxonomy_term ORDER BY seq",
    )
    .fetch_all(&mut *c)
    .await?;
    let mut terms = Vec::with_capacity(rows.len());
    for (vocabulary, code, parent, position, level, labels) in rows {
        let position =
            i32::try_from(position).map_err(|_| corrupt("position", &position.to_string()))?;
        terms.push(Term {
            vocabulary,
            code,
            parent,
            position,
            level,
            labels: serde_json::from_str(&labels)?,
        });
    }
    let cdhi_map =
        sqlx::query_as::<_, (String, String)>("SELECT v1, v2 FROM cdhi_map ORDER BY seq")
            .fetch_all(&mut *c)
            .await?
            .into_iter()
            .map(|(v1, v2)| CdhiMapping { v1, v2 })
            .collect();
    Ok(ReferenceData {
        version,
        countries,
        terms,
        cdhi_map,
    })
}

pub(crate) async fn published_counts_by_country(pool: &Pool) -> R<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT country, COUNT(*) FROM practice WHERE status = 'published' GROUP BY country ORDER BY country",
    )
    .fetch_all(pool)
    .await?)
}

pub(crate) async fn meta(pool: &Pool, key: &str) -> R<Option<String>> {
    Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await?)
}

pub(crate) async fn set_meta(pool: &Pool, key: &str, value: &str) -> R<()> {
    let mut c = pool.acquire().await?;
    put_meta(&mut c, key, value).await
}

async fn put_meta(c: &mut Conn, key: &str, value: &str) -> R<()> {
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&mut *c)
        .await?;
    Ok(())
}

// ----------------------------------------------------------------- practices

macro_rules! practice_cols {
    () => {
        "p.id, p.slug, p.status, p.outcome, p.version, p.created_by, p.created_at, p.updated_at, \
         p.published_at, p.content"
    };
}

#[derive(FromRow)]
struct PracticeRow {
    id: i64,
    slug: String,
    status: String,
    outcome: Option<String>,
    version: i64,
    created_by: Option<i64>,
    created_at: i64,
    updated_at: i64,
    published_at: Option<i64>,
    content: String,
}

impl PracticeRow {
    fn into_practice(self) -> R<Practice> {
        Ok(Practice {
            id: self.id,
            status: parse_status(&self.status)?,
            outcome: parse_outcome(self.outcome.as_deref())?,
            version: self.version,
            created_by: self.created_by,
            created_at: from_us(self.created_at)?,
            updated_at: from_us(self.updated_at)?,
            published_at: self.published_at.map(from_us).transpose()?,
            content: serde_json::from_str(&self.content).map_err(|e| {
                StorageError::Corrupt(format!("content of practice {}: {e}", self.slug))
            })?,
            slug: self.slug,
        })
    }
}

pub(super) fn parse_status(s: &str) -> R<Status> {
    Status::parse(s).ok_or_else(|| corrupt("status", s))
}

fn parse_outcome(s: Option<&str>) -> R<Option<Outcome>> {
    s.map(|s| Outcome::parse(s).ok_or_else(|| corrupt("outcome", s)))
        .transpose()
}

fn into_practices(rows: Vec<PracticeRow>) -> R<Vec<Practice>> {
    rows.into_iter().map(PracticeRow::into_practice).collect()
}

pub(super) async fn load_practice(c: &mut Conn, id: i64) -> R<Option<Practice>> {
    let row: Option<PracticeRow> = sqlx::query_as(concat!(
        "SELECT ",
        practice_cols!(),
        " FROM practice p WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    row.map(PracticeRow::into_practice).transpose()
}

pub(crate) async fn practice_by_id(pool: &Pool, id: i64) -> R<Option<Practice>> {
    let mut c = pool.acquire().await?;
    load_practice(&mut c, id).await
}

/// Ids per statement: far below either driver's limit on bound parameters.
pub(super) const IDS_PER_QUERY: usize = 500;

pub(crate) async fn practices_by_ids(pool: &Pool, ids: &[i64]) -> R<Vec<Practice>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let mut q = QueryBuilder::<DB>::new(concat!(
            "SELECT ",
            practice_cols!(),
            " FROM practice p WHERE p.id IN ("
        ));
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        let rows: Vec<PracticeRow> = q.build_query_as().fetch_all(pool).await?;
        out.extend(into_practices(rows)?);
    }
    Ok(out)
}

pub(crate) async fn practice_by_slug(pool: &Pool, slug: &str) -> R<Option<Practice>> {
    let row: Option<PracticeRow> = sqlx::query_as(concat!(
        "SELECT ",
        practice_cols!(),
        " FROM practice p WHERE p.slug = $1"
    ))
    .bind(slug)
    .fetch_optional(pool)
    .await?;
    row.map(PracticeRow::into_practice).transpose()
}

/// Columns of `practice` derived from the content, for filtering and sorting.
pub(super) struct Derived {
    pub(super) content: String,
    pub(super) country: String,
    pub(super) stage: Option<String>,
    pub(super) evidence_level: Option<String>,
    pub(super) start_year: Option<i64>,
}

pub(super) fn derive(content: &PracticeContent) -> R<Derived> {
    Ok(Derived {
        content: serde_json::to_string(content)?,
        country: content.country.clone(),
        stage: content.stage.clone(),
        evidence_level: content.evidence.level.clone(),
        start_year: content.start_year().map(i64::from),
    })
}

/// State of one write transaction: its timestamp, and the organisation and region
/// ids already looked up (imports mention the same ones again and again).
pub(super) struct SaveState {
    pub(super) now: i64,
    pub(super) organisations: HashMap<String, i64>,
    pub(super) regions: HashMap<(String, String), i64>,
}

impl SaveState {
    pub(super) fn new() -> Self {
        SaveState {
            now: now_us(),
            organisations: HashMap::new(),
            regions: HashMap::new(),
        }
    }
}

async fn insert_practice(
    c: &mut Conn,
    cache: &mut SaveState,
    record: &PracticeRecord,
    ctx: &SaveContext,
) -> R<i64> {
    let now = cache.now;
    let d = derive(&record.content)?;
    let published_at = (record.status == Status::Published).then_some(now);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO practice (slug, status, outcome, version, original_language, country, stage, evidence_level, \
         start_year, created_by, created_at, updated_at, published_at, content) \
         VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12) RETURNING id",
    )
    .bind(&record.slug)
    .bind(record.status.as_str())
    .bind(record.outcome.map(Outcome::as_str))
    .bind(&record.content.original_language)
    .bind(&d.country)
    .bind(&d.stage)
    .bind(&d.evidence_level)
    .bind(d.start_year)
    .bind(ctx.actor_id)
    .bind(now)
    .bind(published_at)
    .bind(&d.content)
    .fetch_one(&mut *c)
    .await?;
    insert_revision(c, id, 1, ctx, now, &d.content).await?;
    write_projections(c, cache, id, &record.content, true).await?;
    write_outbox(c, id, now).await?;
    Ok(id)
}

async fn insert_revision(
    c: &mut Conn,
    id: i64,
    number: i64,
    ctx: &SaveContext,
    now: i64,
    content: &str,
) -> R<()> {
    sqlx::query(
        "INSERT INTO practice_revision (practice_id, number, author_id, created_at, note, content) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(number)
    .bind(ctx.actor_id)
    .bind(now)
    .bind(&ctx.note)
    .bind(content)
    .execute(&mut *c)
    .await?;
    Ok(())
}

async fn next_revision(c: &mut Conn, id: i64) -> R<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM practice_revision WHERE practice_id = $1",
    )
    .bind(id)
    .fetch_one(&mut *c)
    .await?)
}

/// A practice's `practice_tag` rows as (vocabulary, code). A set: the same code
/// twice in a list must not violate the primary key.
pub(super) fn tag_set(content: &PracticeContent) -> BTreeSet<(&'static str, &str)> {
    let lists: [(&'static str, &Vec<String>); 7] = [
        (reference::NCD_FOCUS, &content.ncd_focus),
        (reference::CDHI_V1, &content.cdhi_v1),
        (reference::CDHI_V2, &content.cdhi_v2),
        (reference::CHANNEL, &content.channels),
        (reference::CHALLENGE, &content.health_system_challenges),
        (reference::APPLICATION_TYPE, &content.application_types),
        (reference::INTEROPERABILITY, &content.interoperability),
    ];
    lists
        .into_iter()
        .flat_map(|(v, codes)| codes.iter().map(move |code| (v, code.as_str())))
        .collect()
}

/// Rewrites the tag, translation, organisation and region rows of a practice.
async fn write_projections(
    c: &mut Conn,
    cache: &mut SaveState,
    id: i64,
    content: &PracticeContent,
    fresh: bool,
) -> R<()> {
    if !fresh {
        sqlx::query("DELETE FROM practice_tag WHERE practice_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM practice_translation WHERE practice_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM practice_organisation WHERE practice_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM practice_region WHERE practice_id = $1")
            .bind(id)
            .execute(&mut *c)
            .await?;
    }

    let tags = tag_set(content);
    if !tags.is_empty() {
        let mut qb =
            QueryBuilder::<DB>::new("INSERT INTO practice_tag (practice_id, vocabulary, code) ");
        qb.push_values(tags, |mut b, (vocabulary, code)| {
            b.push_bind(id).push_bind(vocabulary).push_bind(code);
        });
        qb.build().execute(&mut *c).await?;
    }

    if !content.texts.is_empty() {
        let mut qb = QueryBuilder::<DB>::new(
            "INSERT INTO practice_translation \
             (practice_id, lang, title, summary, description, lessons_learned, transferability) ",
        );
        qb.push_values(&content.texts, |mut b, (lang, t)| {
            b.push_bind(id)
                .push_bind(lang)
                .push_bind(&t.title)
                .push_bind(&t.summary)
                .push_bind(&t.description)
                .push_bind(&t.lessons_learned)
                .push_bind(&t.transferability);
        });
        qb.build().execute(&mut *c).await?;
    }

    let mut links = BTreeSet::new();
    for link in &content.organisations {
        let country = link.country.as_deref().unwrap_or(&content.country);
        let org = organisation_id(c, cache, &link.name, Some(country)).await?;
        links.insert((org, link.role.as_str()));
    }
    if !links.is_empty() {
        let mut qb = QueryBuilder::<DB>::new(
            "INSERT INTO practice_organisation (practice_id, organisation_id, role) ",
        );
        qb.push_values(links, |mut b, (org, role)| {
            b.push_bind(id).push_bind(org).push_bind(role);
        });
        qb.build().execute(&mut *c).await?;
    }

    let mut regions = BTreeSet::new();
    for name in &content.regions {
        regions.insert(region_id(c, cache, &content.country, name).await?);
    }
    if !regions.is_empty() {
        let mut qb =
            QueryBuilder::<DB>::new("INSERT INTO practice_region (practice_id, region_id) ");
        qb.push_values(regions, |mut b, region| {
            b.push_bind(id).push_bind(region);
        });
        qb.build().execute(&mut *c).await?;
    }
    Ok(())
}

/// The organisation with this name's slug, created on first mention.
pub(super) async fn organisation_id(
    c: &mut Conn,
    cache: &mut SaveState,
    name: &str,
    country: Option<&str>,
) -> R<i64> {
    let slug = mhub_core::slug::name_slug(name);
    if let Some(id) = cache.organisations.get(&slug) {
        return Ok(*id);
    }
    let find = async |c: &mut Conn, slug: &str| -> R<Option<i64>> {
        Ok(
            // A merged organisation's name still names the one it was merged into.
            sqlx::query_scalar(
                "SELECT COALESCE(merged_into, id) FROM organisation WHERE slug = $1",
            )
            .bind(slug)
            .fetch_optional(&mut *c)
            .await?,
        )
    };
    let id = match find(c, &slug).await? {
        Some(id) => id,
        None => {
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO organisation (slug, name, country, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (slug) DO NOTHING RETURNING id",
            )
            .bind(&slug)
            .bind(name.trim())
            .bind(country)
            .bind(cache.now)
            .fetch_optional(&mut *c)
            .await?;
            match inserted {
                Some(id) => id,
                // Created concurrently (PostgreSQL) between our look-up and insert.
                None => find(c, &slug)
                    .await?
                    .ok_or_else(|| corrupt("organisation vanished", &slug))?,
            }
        }
    };
    cache.organisations.insert(slug, id);
    Ok(id)
}

async fn region_id(c: &mut Conn, cache: &mut SaveState, country: &str, name: &str) -> R<i64> {
    let key = (country.to_string(), mhub_core::slug::name_slug(name));
    if let Some(id) = cache.regions.get(&key) {
        return Ok(*id);
    }
    let find = async |c: &mut Conn, (country, slug): &(String, String)| -> R<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM region WHERE country = $1 AND slug = $2")
                .bind(country)
                .bind(slug)
                .fetch_optional(&mut *c)
                .await?,
        )
    };
    let id = match find(c, &key).await? {
        Some(id) => id,
        None => {
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO region (country, slug, name) VALUES ($1, $2, $3) \
                 ON CONFLICT (country, slug) DO NOTHING RETURNING id",
            )
            .bind(&key.0)
            .bind(&key.1)
            .bind(name.trim())
            .fetch_optional(&mut *c)
            .await?;
            match inserted {
                Some(id) => id,
                None => find(c, &key)
                    .await?
                    .ok_or_else(|| corrupt("region vanished", &key.1))?,
            }
        }
    };
    cache.regions.insert(key, id);
    Ok(id)
}

/// Records the change for the search index; PostgreSQL also wakes listeners
/// (delivered on commit, so they never see an uncommitted row).
pub(super) async fn write_outbox(c: &mut Conn, practice_id: i64, now: i64) -> R<()> {
    if IS_PG {
        // Consumers read `id > cursor`. Without this lock a transaction could take
        // id 8 and commit after another one's id 9 was read, and 8 would be skipped.
        // Held until commit, so outbox ids become visible in order (SQLite already
        // has a single writer).
        sqlx::query("SELECT pg_advisory_xact_lock(7210001)")
            .execute(&mut *c)
            .await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO outbox (entity, entity_id, operation, created_at) VALUES ('practice', $1, 'upsert', $2) \
         RETURNING id",
    )
    .bind(practice_id)
    .bind(now)
    .fetch_one(&mut *c)
    .await?;
    if IS_PG {
        sqlx::query("SELECT pg_notify('mhub_outbox', $1)")
            .bind(id.to_string())
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub(crate) async fn create_practice(
    pool: &Pool,
    record: &PracticeRecord,
    ctx: &SaveContext,
) -> R<Practice> {
    let mut tx = begin(pool).await?;
    let id = insert_practice(&mut tx, &mut SaveState::new(), record, ctx).await?;
    let practice = load_practice(&mut tx, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(practice)
}

/// Saves new content as the next revision. `status` (imports) also sets the
/// status and outcome. The version check happens in the UPDATE itself, so a
/// concurrent save cannot slip in between check and write.
pub(super) async fn save_content(
    c: &mut Conn,
    cache: &mut SaveState,
    id: i64,
    expected_version: Option<i64>,
    content: &PracticeContent,
    status: Option<(Status, Option<Outcome>)>,
    ctx: &SaveContext,
) -> R<()> {
    let now = cache.now;
    let d = derive(content)?;
    let updated = if let Some((status, outcome)) = status {
        sqlx::query(
            "UPDATE practice SET version = version + 1, original_language = $1, country = $2, stage = $3, \
             evidence_level = $4, start_year = $5, updated_at = $6, content = $7, status = $8, outcome = $9, \
             published_at = CASE WHEN $8 = 'published' THEN COALESCE(published_at, $6) ELSE published_at END \
             WHERE id = $10",
        )
        .bind(&content.original_language)
        .bind(&d.country)
        .bind(&d.stage)
        .bind(&d.evidence_level)
        .bind(d.start_year)
        .bind(now)
        .bind(&d.content)
        .bind(status.as_str())
        .bind(outcome.map(Outcome::as_str))
        .bind(id)
        .execute(&mut *c)
        .await?
    } else {
        sqlx::query(
            "UPDATE practice SET version = version + 1, original_language = $1, country = $2, stage = $3, \
             evidence_level = $4, start_year = $5, updated_at = $6, content = $7 \
             WHERE id = $8 AND version = COALESCE($9, version)",
        )
        .bind(&content.original_language)
        .bind(&d.country)
        .bind(&d.stage)
        .bind(&d.evidence_level)
        .bind(d.start_year)
        .bind(now)
        .bind(&d.content)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *c)
        .await?
    };
    if updated.rows_affected() == 0 {
        let current: Option<i64> = sqlx::query_scalar("SELECT version FROM practice WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *c)
            .await?;
        return Err(match current {
            Some(current) => CoreError::StaleVersion { current },
            None => CoreError::NotFound,
        }
        .into());
    }
    let number = next_revision(c, id).await?;
    insert_revision(c, id, number, ctx, now, &d.content).await?;
    write_projections(c, cache, id, content, false).await?;
    write_outbox(c, id, now).await
}

pub(crate) async fn update_practice(
    pool: &Pool,
    id: i64,
    expected_version: Option<i64>,
    content: &PracticeContent,
    ctx: &SaveContext,
) -> R<Practice> {
    let mut tx = begin(pool).await?;
    save_content(
        &mut tx,
        &mut SaveState::new(),
        id,
        expected_version,
        content,
        None,
        ctx,
    )
    .await?;
    let practice = load_practice(&mut tx, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(practice)
}

pub(crate) async fn practice_facts(pool: &Pool, practice: &Practice) -> R<PracticeFacts> {
    let mut c = pool.acquire().await?;
    let row: Option<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT status, created_by, country FROM practice WHERE id = $1")
            .bind(practice.id)
            .fetch_optional(&mut *c)
            .await?;
    let (status, created_by, country) = row.ok_or(CoreError::NotFound)?;
    let owners: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT po.organisation_id, o.confirmed FROM practice_organisation po \
         JOIN organisation o ON o.id = po.organisation_id \
         WHERE po.practice_id = $1 AND po.role = 'owner' ORDER BY po.organisation_id",
    )
    .bind(practice.id)
    .fetch_all(&mut *c)
    .await?;
    let owner_organisation_ids = owners.iter().map(|(id, _)| *id).collect();
    let unconfirmed_organisation_ids = owners
        .iter()
        .filter(|(_, confirmed)| !confirmed)
        .map(|(id, _)| *id)
        .collect();
    let assigned_reviewer_ids = sqlx::query_scalar(
        "SELECT reviewer_id FROM review_assignment WHERE practice_id = $1 ORDER BY reviewer_id",
    )
    .bind(practice.id)
    .fetch_all(&mut *c)
    .await?;
    Ok(PracticeFacts {
        status: parse_status(&status)?,
        created_by,
        owner_organisation_ids,
        unconfirmed_organisation_ids,
        assigned_reviewer_ids,
        country,
    })
}

fn push_in(qb: &mut QueryBuilder<DB>, values: &[String]) {
    qb.push("(");
    let mut list = qb.separated(", ");
    for v in values {
        list.push_bind(v.clone());
    }
    qb.push(")");
}

/// The WHERE clause shared by the page query and its count: AND across fields,
/// OR (IN) within one. Linked rows are matched with `p.id IN (SELECT ...)`, not
/// `EXISTS`: SQLite 3.51 gave a wrong page for an EXISTS over an IN list with an
/// OFFSET (page 3 of 20 repeated the last row of page 2).
fn push_filter(qb: &mut QueryBuilder<DB>, f: &PracticeFilter) {
    // An empty status list matches nothing rather than everything.
    qb.push(" WHERE p.status IN ");
    let statuses: Vec<String> = f.status.iter().map(|s| s.as_str().to_string()).collect();
    if statuses.is_empty() {
        qb.push("(NULL)");
    } else {
        push_in(qb, &statuses);
    }
    for (column, values) in [
        ("p.country", &f.country),
        ("p.stage", &f.stage),
        ("p.evidence_level", &f.evidence),
    ] {
        if !values.is_empty() {
            qb.push(format_args!(" AND {column} IN "));
            push_in(qb, values);
        }
    }
    for (vocabulary, values) in [
        (reference::NCD_FOCUS, &f.ncd),
        (reference::CHANNEL, &f.channel),
    ] {
        if !values.is_empty() {
            qb.push(
                " AND p.id IN (SELECT pt.practice_id FROM practice_tag pt WHERE pt.vocabulary = ",
            );
            qb.push_bind(vocabulary).push(" AND pt.code IN ");
            push_in(qb, values);
            qb.push(")");
        }
    }
    // One CDHI filter in two code systems: a practice tagged in either version matches.
    let cdhi: Vec<(&str, &Vec<String>)> = [
        (reference::CDHI_V1, &f.cdhi_v1),
        (reference::CDHI_V2, &f.cdhi_v2),
    ]
    .into_iter()
    .filter(|(_, values)| !values.is_empty())
    .collect();
    if !cdhi.is_empty() {
        qb.push(" AND p.id IN (SELECT pt.practice_id FROM practice_tag pt WHERE (");
        for (i, (vocabulary, values)) in cdhi.into_iter().enumerate() {
            if i > 0 {
                qb.push(" OR ");
            }
            qb.push("(pt.vocabulary = ")
                .push_bind(vocabulary)
                .push(" AND pt.code IN ");
            push_in(qb, values);
            qb.push(")");
        }
        qb.push("))");
    }
    if !f.region.is_empty() {
        qb.push(
            " AND p.id IN (SELECT pr.practice_id FROM practice_region pr \
             JOIN region r ON r.id = pr.region_id WHERE r.slug IN ",
        );
        push_in(qb, &f.region);
        qb.push(")");
    }
    if !f.organisation.is_empty() {
        qb.push(
            " AND p.id IN (SELECT po.practice_id FROM practice_organisation po \
             JOIN organisation o ON o.id = po.organisation_id WHERE o.slug IN ",
        );
        push_in(qb, &f.organisation);
        qb.push(")");
    }
    if let Some(since) = f.updated_since {
        qb.push(" AND p.updated_at >= ").push_bind(to_us(since));
    }
    // A union of index look-ups: an OR of the three made every owner's list
    // scan the whole practice table.
    if let Some(account) = f.visible_to_owner {
        qb.push(" AND p.id IN (SELECT mine.id FROM practice mine WHERE mine.created_by = ")
            .push_bind(account);
        qb.push(
            " UNION SELECT po.practice_id FROM practice_organisation po JOIN membership m \
             ON m.organisation_id = po.organisation_id \
             WHERE po.role = 'owner' AND m.status = 'active' AND m.account_id = ",
        );
        qb.push_bind(account);
        if let Some(country) = &f.curated_country {
            qb.push(" UNION SELECT cur.id FROM practice cur WHERE cur.country = ")
                .push_bind(country.clone());
        }
        qb.push(")");
    }
}

pub(crate) async fn list_practices(
    pool: &Pool,
    filter: &PracticeFilter,
    sort: PracticeSort,
    limit: i64,
    offset: i64,
) -> R<Page<Practice>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;

    let mut count = QueryBuilder::<DB>::new("SELECT COUNT(*) FROM practice p");
    push_filter(&mut count, filter);
    let total: i64 = count.build_query_scalar().fetch_one(&mut *c).await?;
    Ok(Page {
        items: page_on(&mut c, filter, sort, limit, offset).await?,
        total,
        limit,
        offset,
    })
}

pub(crate) async fn practices_page(
    pool: &Pool,
    filter: &PracticeFilter,
    sort: PracticeSort,
    limit: i64,
    offset: i64,
) -> R<Vec<Practice>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;
    page_on(&mut c, filter, sort, limit, offset).await
}

/// The ids of the page are chosen first and only then are their records read:
/// sorting carried every matching record's content along before, which made a
/// page of a big country cost what the whole country weighs.
async fn page_on(
    c: &mut Conn,
    filter: &PracticeFilter,
    sort: PracticeSort,
    limit: i64,
    offset: i64,
) -> R<Vec<Practice>> {
    // (sort key, descending); ties go by id in the same direction.
    let (key, desc) = match sort {
        PracticeSort::UpdatedDesc => ("p.updated_at", true),
        PracticeSort::UpdatedAsc => ("p.updated_at", false),
        PracticeSort::TitleAsc => ("LOWER(COALESCE(tr.title, ''))", false),
        PracticeSort::TitleDesc => ("LOWER(COALESCE(tr.title, ''))", true),
        PracticeSort::CreatedDesc => ("p.created_at", true),
        PracticeSort::StartDesc => ("p.start_year", true),
    };
    let dir = if desc { "DESC" } else { "ASC" };
    // `IS NULL` first: unknown start years last on both engines.
    let nulls = if sort == PracticeSort::StartDesc {
        "(p.start_year IS NULL) ASC, "
    } else {
        ""
    };
    let title = matches!(sort, PracticeSort::TitleAsc | PracticeSort::TitleDesc);
    // The title in the language the record was written in.
    let join = if title {
        " LEFT JOIN practice_translation tr ON tr.practice_id = p.id AND tr.lang = p.original_language"
    } else {
        ""
    };
    let order = format!(" ORDER BY {nulls}{key} {dir}, p.id {dir}");
    let mut qb = QueryBuilder::<DB>::new(format!(
        "SELECT {} FROM practice p{join} WHERE p.id IN (SELECT p.id FROM practice p{join}",
        practice_cols!()
    ));
    push_filter(&mut qb, filter);
    qb.push(&order);
    qb.push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    qb.push(")").push(&order);
    let rows: Vec<PracticeRow> = qb.build_query_as().fetch_all(&mut *c).await?;
    into_practices(rows)
}

pub(crate) async fn transition_practice(
    pool: &Pool,
    id: i64,
    from: Status,
    to: Status,
    outcome: Option<Outcome>,
    actor_id: Option<i64>,
    reason: Option<&str>,
) -> R<Practice> {
    let mut tx = begin(pool).await?;
    let step = Transition {
        id,
        from,
        to,
        outcome,
        actor_id,
        reason,
        now: now_us(),
    };
    transition_in(&mut tx, &step).await?;
    let practice = load_practice(&mut tx, id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(practice)
}

/// One move through the workflow, inside a caller's transaction.
pub(super) struct Transition<'a> {
    pub(super) id: i64,
    pub(super) from: Status,
    pub(super) to: Status,
    pub(super) outcome: Option<Outcome>,
    pub(super) actor_id: Option<i64>,
    pub(super) reason: Option<&'a str>,
    pub(super) now: i64,
}

/// Moves the practice (refused when it is no longer in `from`), records the audit
/// row and queues it for the index.
pub(super) async fn transition_in(c: &mut Conn, t: &Transition<'_>) -> R<()> {
    let updated = sqlx::query(
        "UPDATE practice SET status = $1, outcome = $2, version = version + 1, updated_at = $3, \
         published_at = CASE WHEN $1 = 'published' THEN $3 ELSE published_at END \
         WHERE id = $4 AND status = $5",
    )
    .bind(t.to.as_str())
    .bind(t.outcome.map(Outcome::as_str))
    .bind(t.now)
    .bind(t.id)
    .bind(t.from.as_str())
    .execute(&mut *c)
    .await?;
    if updated.rows_affected() == 0 {
        let current: Option<String> =
            sqlx::query_scalar("SELECT status FROM practice WHERE id = $1")
                .bind(t.id)
                .fetch_optional(&mut *c)
                .await?;
        return Err(match current {
            None => CoreError::NotFound,
            Some(current) => CoreError::InvalidTransition {
                from: current,
                to: t.to.as_str().to_string(),
                reason: "status_changed".to_string(),
            },
        }
        .into());
    }
    sqlx::query(
        "INSERT INTO practice_transition (practice_id, from_status, to_status, outcome, actor_id, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(t.id)
    .bind(t.from.as_str())
    .bind(t.to.as_str())
    .bind(t.outcome.map(Outcome::as_str))
    .bind(t.actor_id)
    .bind(t.reason)
    .bind(t.now)
    .execute(&mut *c)
    .await?;
    write_outbox(c, t.id, t.now).await
}

/// Oldest first: the audit trail reads as a timeline.
pub(crate) async fn transitions(pool: &Pool, practice_id: i64) -> R<Vec<TransitionRecord>> {
    type Row = (
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT t.from_status, t.to_status, t.actor_id, a.display_name, t.reason, t.outcome, t.at \
         FROM practice_transition t LEFT JOIN account a ON a.id = t.actor_id \
         WHERE t.practice_id = $1 ORDER BY t.id",
    )
    .bind(practice_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(from, to, actor_id, actor_name, reason, outcome, at)| {
            Ok(TransitionRecord {
                from: parse_status(&from)?,
                to: parse_status(&to)?,
                actor_id,
                actor_name: none_if_empty(actor_name),
                reason,
                outcome: parse_outcome(outcome.as_deref())?,
                at: from_us(at)?,
            })
        })
        .collect()
}

type RevisionRow = (
    i64,
    Option<i64>,
    Option<String>,
    i64,
    Option<String>,
    String,
);

fn into_revision(
    (number, author_id, author_name, created_at, note, content): RevisionRow,
) -> R<Revision> {
    Ok(Revision {
        number,
        author_id,
        author_name: none_if_empty(author_name),
        created_at: from_us(created_at)?,
        note,
        content: serde_json::from_str(&content)?,
    })
}

pub(crate) async fn revisions(pool: &Pool, practice_id: i64) -> R<Vec<Revision>> {
    let rows: Vec<RevisionRow> = sqlx::query_as(
        "SELECT r.number, r.author_id, a.display_name, r.created_at, r.note, r.content \
         FROM practice_revision r LEFT JOIN account a ON a.id = r.author_id \
         WHERE r.practice_id = $1 ORDER BY r.number DESC",
    )
    .bind(practice_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_revision).collect()
}

pub(crate) async fn revision(pool: &Pool, practice_id: i64, number: i64) -> R<Option<Revision>> {
    let row: Option<RevisionRow> = sqlx::query_as(
        "SELECT r.number, r.author_id, a.display_name, r.created_at, r.note, r.content \
         FROM practice_revision r LEFT JOIN account a ON a.id = r.author_id \
         WHERE r.practice_id = $1 AND r.number = $2",
    )
    .bind(practice_id)
    .bind(number)
    .fetch_optional(pool)
    .await?;
    row.map(into_revision).transpose()
}

// -------------------------------------------------------------------- review

pub(crate) async fn assign_reviewers(
    pool: &Pool,
    practice_id: i64,
    reviewer_ids: &[i64],
    assigned_by: i64,
) -> R<()> {
    let mut tx = begin(pool).await?;
    let now = now_us();
    for reviewer in reviewer_ids {
        sqlx::query(
            "INSERT INTO review_assignment (practice_id, reviewer_id, assigned_by, assigned_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (practice_id, reviewer_id) DO NOTHING",
        )
        .bind(practice_id)
        .bind(reviewer)
        .bind(assigned_by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

type ReviewRow = (i64, Option<String>, String, String, String, i64);

fn into_review(
    (reviewer_id, reviewer_name, scores, recommendation, comment, submitted_at): ReviewRow,
) -> R<Review> {
    Ok(Review {
        reviewer_id,
        reviewer_name: none_if_empty(reviewer_name),
        scores: serde_json::from_str(&scores)?,
        recommendation: Recommendation::parse(&recommendation)
            .ok_or_else(|| corrupt("recommendation", &recommendation))?,
        comment,
        submitted_at: from_us(submitted_at)?,
    })
}

macro_rules! review_select {
    () => {
        "SELECT r.reviewer_id, a.display_name, r.scores, r.recommendation, r.comment, r.submitted_at \
         FROM review r LEFT JOIN account a ON a.id = r.reviewer_id "
    };
}

pub(crate) async fn save_review(
    pool: &Pool,
    practice_id: i64,
    reviewer_id: i64,
    input: &ReviewInput,
) -> R<Review> {
    let mut tx = begin(pool).await?;
    sqlx::query(
        "INSERT INTO review (practice_id, reviewer_id, scores, recommendation, comment, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (practice_id, reviewer_id) DO UPDATE SET \
         scores = excluded.scores, recommendation = excluded.recommendation, comment = excluded.comment, \
         submitted_at = excluded.submitted_at",
    )
    .bind(practice_id)
    .bind(reviewer_id)
    .bind(serde_json::to_string(&input.scores)?)
    .bind(input.recommendation.as_str())
    .bind(&input.comment)
    .bind(now_us())
    .execute(&mut *tx)
    .await?;
    let row: ReviewRow = sqlx::query_as(concat!(
        review_select!(),
        "WHERE r.practice_id = $1 AND r.reviewer_id = $2"
    ))
    .bind(practice_id)
    .bind(reviewer_id)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    into_review(row)
}

pub(crate) async fn reviews(pool: &Pool, practice_id: i64) -> R<Vec<Review>> {
    let rows: Vec<ReviewRow> = sqlx::query_as(concat!(
        review_select!(),
        "WHERE r.practice_id = $1 ORDER BY r.submitted_at, r.reviewer_id"
    ))
    .bind(practice_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(into_review).collect()
}

/// Oldest change first: the longest-waiting record heads the queue.
pub(crate) async fn review_queue(pool: &Pool, reviewer_id: i64) -> R<Vec<Practice>> {
    let rows: Vec<PracticeRow> = sqlx::query_as(concat!(
        "SELECT ",
        practice_cols!(),
        " FROM practice p JOIN review_assignment ra ON ra.practice_id = p.id \
         WHERE ra.reviewer_id = $1 AND p.status IN ('submitted', 'in_review') \
         ORDER BY p.updated_at ASC, p.id ASC"
    ))
    .bind(reviewer_id)
    .fetch_all(pool)
    .await?;
    into_practices(rows)
}

// Organisations and memberships: ops/organisations.rs.

// ------------------------------------------------------------------ accounts

macro_rules! account_cols {
    () => {
        "a.id, a.email, a.display_name, a.role, a.country, a.created_at, \
         a.email_confirmed_at, a.disabled_at"
    };
}

#[derive(FromRow)]
pub(super) struct AccountRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    country: Option<String>,
    created_at: i64,
    email_confirmed_at: Option<i64>,
    disabled_at: Option<i64>,
}

impl AccountRow {
    pub(super) fn into_account(self) -> R<Account> {
        Ok(Account {
            id: self.id,
            role: Role::parse(&self.role).ok_or_else(|| corrupt("role", &self.role))?,
            email: self.email,
            display_name: self.display_name,
            country: self.country,
            created_at: from_us(self.created_at)?,
            email_confirmed: self.email_confirmed_at.is_some(),
            disabled: self.disabled_at.is_some(),
        })
    }
}

pub(super) async fn load_account(c: &mut Conn, id: i64) -> R<Option<Account>> {
    let row: Option<AccountRow> = sqlx::query_as(concat!(
        "SELECT ",
        account_cols!(),
        " FROM account a WHERE a.id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await?;
    row.map(AccountRow::into_account).transpose()
}

pub(crate) async fn create_account(
    pool: &Pool,
    email: &str,
    display_name: &str,
    password_hash: &str,
    role: Role,
) -> R<Account> {
    let row: AccountRow = sqlx::query_as(concat!(
        "INSERT INTO account (email, display_name, password_hash, role, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING ",
        "id, email, display_name, role, country, created_at, email_confirmed_at, disabled_at"
    ))
    .bind(email.trim().to_lowercase())
    .bind(display_name)
    .bind(password_hash)
    .bind(role.as_str())
    .bind(now_us())
    .fetch_one(pool)
    .await?;
    row.into_account()
}

pub(crate) async fn account_by_email(pool: &Pool, email: &str) -> R<Option<(Account, String)>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        account: AccountRow,
        password_hash: String,
    }
    let row: Option<Row> = sqlx::query_as(concat!(
        "SELECT ",
        account_cols!(),
        ", a.password_hash FROM account a WHERE a.email = $1 AND a.erased_at IS NULL"
    ))
    .bind(email.trim().to_lowercase())
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.account.into_account()?, r.password_hash)))
        .transpose()
}

/// Erased accounts are still found by id: their contributions keep pointing at them.
pub(crate) async fn account_by_id(pool: &Pool, id: i64) -> R<Option<Account>> {
    let mut c = pool.acquire().await?;
    load_account(&mut c, id).await
}

pub(crate) async fn list_accounts(pool: &Pool, limit: i64, offset: i64) -> R<Page<Account>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM account WHERE erased_at IS NULL")
        .fetch_one(&mut *c)
        .await?;
    let rows: Vec<AccountRow> = sqlx::query_as(concat!(
        "SELECT ",
        account_cols!(),
        " FROM account a WHERE a.erased_at IS NULL ORDER BY a.id LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    let items = rows
        .into_iter()
        .map(AccountRow::into_account)
        .collect::<R<Vec<_>>>()?;
    Ok(Page {
        items,
        total,
        limit,
        offset,
    })
}

pub(crate) async fn set_role(pool: &Pool, account_id: i64, role: Role) -> R<()> {
    let done = sqlx::query("UPDATE account SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(account_id)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn personal_data(pool: &Pool, account_id: i64) -> R<serde_json::Value> {
    let mut c = pool.acquire().await?;
    let account = load_account(&mut c, account_id)
        .await?
        .ok_or(CoreError::NotFound)?;

    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT o.slug, o.name, m.role, m.status, m.created_at FROM membership m \
         JOIN organisation o ON o.id = m.organisation_id WHERE m.account_id = $1 ORDER BY o.slug",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    let mut memberships = Vec::new();
    for (slug, name, role, status, since) in rows {
        memberships.push(json!({
            "organisation": slug, "name": name, "role": role, "status": status,
            "since": rfc3339(since)?,
        }));
    }

    // ApiToken carries no hash, so it can be exported as is.
    let api_tokens = serde_json::to_value(api_tokens_on(&mut c, account_id).await?)?;

    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT slug, status, created_at FROM practice WHERE created_by = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    let mut practices = Vec::new();
    for (slug, status, at) in rows {
        practices.push(json!({ "slug": slug, "status": status, "created_at": rfc3339(at)? }));
    }

    let rows: Vec<(String, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT p.slug, r.number, r.created_at, r.note FROM practice_revision r \
         JOIN practice p ON p.id = r.practice_id WHERE r.author_id = $1 ORDER BY r.created_at, p.id, r.number",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    let mut revisions = Vec::new();
    for (slug, number, at, note) in rows {
        revisions
            .push(json!({ "slug": slug, "number": number, "date": rfc3339(at)?, "note": note }));
    }

    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.slug, r.recommendation, r.comment, r.scores, r.submitted_at FROM review r \
         JOIN practice p ON p.id = r.practice_id WHERE r.reviewer_id = $1 ORDER BY r.submitted_at, p.id",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    let mut reviews = Vec::new();
    for (slug, recommendation, comment, scores, at) in rows {
        let scores: serde_json::Value = serde_json::from_str(&scores)?;
        reviews.push(
            json!({ "slug": slug, "recommendation": recommendation, "comment": comment,
                             "scores": scores, "submitted_at": rfc3339(at)? }),
        );
    }

    let rows: Vec<(String, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT p.slug, t.from_status, t.to_status, t.reason, t.at FROM practice_transition t \
         JOIN practice p ON p.id = t.practice_id WHERE t.actor_id = $1 ORDER BY t.id",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    let mut transitions = Vec::new();
    for (slug, from, to, reason, at) in rows {
        transitions.push(
            json!({ "slug": slug, "from": from, "to": to, "reason": reason, "at": rfc3339(at)? }),
        );
    }

    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session WHERE account_id = $1")
        .bind(account_id)
        .fetch_one(&mut *c)
        .await?;

    Ok(json!({
        "account": account,
        "memberships": memberships,
        "api_tokens": api_tokens,
        "active_sessions": sessions,
        "practices_created": practices,
        "revisions_authored": revisions,
        "reviews_written": reviews,
        "transitions_made": transitions,
    }))
}

pub(crate) async fn erase_account(pool: &Pool, account_id: i64) -> R<()> {
    let mut tx = begin(pool).await?;
    let email: Option<String> = sqlx::query_scalar("SELECT email FROM account WHERE id = $1")
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
    let email = email.ok_or(CoreError::NotFound)?;
    for sql in [
        "DELETE FROM session WHERE account_id = $1",
        "DELETE FROM api_token WHERE account_id = $1",
        "DELETE FROM membership WHERE account_id = $1",
        "DELETE FROM email_link WHERE account_id = $1",
    ] {
        sqlx::query(sql).bind(account_id).execute(&mut *tx).await?;
    }
    delete_login_counters(&mut tx, &email).await?;
    sqlx::query(
        "UPDATE account SET email = $1, display_name = '', password_hash = '', country = NULL, \
         erased_at = COALESCE(erased_at, $2) WHERE id = $3",
    )
    .bind(format!("erased-{account_id}@invalid"))
    .bind(now_us())
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

// ------------------------------------------------------- sessions and tokens

pub(crate) async fn create_session(
    pool: &Pool,
    token_hash: &str,
    account_id: i64,
    csrf_token: &str,
    expires_at: OffsetDateTime,
) -> R<()> {
    sqlx::query(
        "INSERT INTO session (token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(csrf_token)
    .bind(now_us())
    .bind(to_us(expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(crate) async fn session(pool: &Pool, token_hash: &str) -> R<Option<SessionRecord>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        account: AccountRow,
        csrf_token: String,
        expires_at: i64,
    }
    let row: Option<Row> = sqlx::query_as(concat!(
        "SELECT ",
        account_cols!(),
        ", s.csrf_token, s.expires_at FROM session s JOIN account a ON a.id = s.account_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.erased_at IS NULL \
         AND a.disabled_at IS NULL"
    ))
    .bind(token_hash)
    .bind(now_us())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(SessionRecord {
            account: r.account.into_account()?,
            csrf_token: r.csrf_token,
            expires_at: from_us(r.expires_at)?,
        })
    })
    .transpose()
}

pub(crate) async fn delete_session(pool: &Pool, token_hash: &str) -> R<()> {
    sqlx::query("DELETE FROM session WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

type TokenRow = (i64, String, String, i64, Option<i64>, String);

fn scopes_of(text: &str) -> R<TokenScopes> {
    TokenScopes::parse_text(text)
        .ok_or_else(|| StorageError::Corrupt(format!("api_token.scopes {text:?}")))
}

fn into_token((id, name, prefix, created_at, last_used_at, scopes): TokenRow) -> R<ApiToken> {
    Ok(ApiToken {
        id,
        name,
        prefix,
        created_at: from_us(created_at)?,
        last_used_at: last_used_at.map(from_us).transpose()?,
        scopes: scopes_of(&scopes)?,
    })
}

pub(crate) async fn create_api_token(
    pool: &Pool,
    account_id: i64,
    name: &str,
    token_hash: &str,
    prefix: &str,
    scopes: TokenScopes,
) -> R<ApiToken> {
    let row: TokenRow = sqlx::query_as(
        "INSERT INTO api_token (account_id, name, token_hash, prefix, created_at, scopes) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         RETURNING id, name, prefix, created_at, last_used_at, scopes",
    )
    .bind(account_id)
    .bind(name)
    .bind(token_hash)
    .bind(prefix)
    .bind(now_us())
    .bind(scopes.to_text())
    .fetch_one(pool)
    .await?;
    into_token(row)
}

async fn api_tokens_on(c: &mut Conn, account_id: i64) -> R<Vec<ApiToken>> {
    let rows: Vec<TokenRow> = sqlx::query_as(
        "SELECT id, name, prefix, created_at, last_used_at, scopes FROM api_token WHERE account_id = $1 ORDER BY id",
    )
    .bind(account_id)
    .fetch_all(&mut *c)
    .await?;
    rows.into_iter().map(into_token).collect()
}

pub(crate) async fn api_tokens(pool: &Pool, account_id: i64) -> R<Vec<ApiToken>> {
    let mut c = pool.acquire().await?;
    api_tokens_on(&mut c, account_id).await
}

pub(crate) async fn account_by_api_token(
    pool: &Pool,
    token_hash: &str,
) -> R<Option<(Account, TokenScopes)>> {
    let mut c = pool.acquire().await?;
    let found: Option<(i64, String)> = sqlx::query_as(
        "UPDATE api_token SET last_used_at = $1 WHERE token_hash = $2 RETURNING account_id, scopes",
    )
    .bind(now_us())
    .bind(token_hash)
    .fetch_optional(&mut *c)
    .await?;
    let Some((account_id, scopes)) = found else {
        return Ok(None);
    };
    let scopes = scopes_of(&scopes)?;
    let row: Option<AccountRow> = sqlx::query_as(concat!(
        "SELECT ",
        account_cols!(),
        " FROM account a WHERE a.id = $1 AND a.erased_at IS NULL AND a.disabled_at IS NULL"
    ))
    .bind(account_id)
    .fetch_optional(&mut *c)
    .await?;
    row.map(|r| r.into_account().map(|a| (a, scopes)))
        .transpose()
}

pub(crate) async fn delete_api_token(pool: &Pool, account_id: i64, token_id: i64) -> R<bool> {
    let done = sqlx::query("DELETE FROM api_token WHERE id = $1 AND account_id = $2")
        .bind(token_id)
        .bind(account_id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

// ------------------------------------------------------------ login throttle

/// Reads the counters of `keys`, lets `update` decide, and writes what it returns,
/// in one transaction that holds every key: SQLite's `BEGIN IMMEDIATE` takes the
/// database's write lock, PostgreSQL takes a transaction advisory lock per key (in
/// key order, so two callers never wait on each other crosswise). Concurrent calls
/// on a key, from any node, therefore see each other's writes.
pub(crate) async fn update_login_counters(
    pool: &Pool,
    keys: &[String],
    update: &mut CounterUpdate<'_>,
) -> R<()> {
    let mut tx = begin(pool).await?;
    if IS_PG {
        let mut sorted: Vec<&String> = keys.iter().collect();
        sorted.sort();
        sorted.dedup();
        for key in sorted {
            // The two-key form: a lock space apart from the outbox's one-key lock.
            sqlx::query("SELECT pg_advisory_xact_lock(1819240295, hashtext($1))")
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
    }
    let mut stored = Vec::with_capacity(keys.len());
    for key in keys {
        let row: Option<(i64, i64, i64)> = sqlx::query_as(
            "SELECT attempts, window_start, last_at FROM login_throttle WHERE key = $1",
        )
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        stored.push(match row {
            Some((attempts, window_start, last_at)) => Some(LoginCounter {
                attempts,
                window_start: from_us(window_start)?,
                last_at: from_us(last_at)?,
            }),
            None => None,
        });
    }
    let Some(write) = update(&stored) else {
        tx.rollback().await?;
        return Ok(());
    };
    for (key, counter) in keys.iter().zip(write) {
        match counter {
            Some(c) => {
                sqlx::query(
                    "INSERT INTO login_throttle (key, attempts, window_start, last_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET \
                     attempts = excluded.attempts, window_start = excluded.window_start, \
                     last_at = excluded.last_at",
                )
                .bind(key)
                .bind(c.attempts)
                .bind(to_us(c.window_start))
                .bind(to_us(c.last_at))
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM login_throttle WHERE key = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes the counters whose last attempt is older than `before`; returns how many.
pub(crate) async fn prune_login_counters(pool: &Pool, before: OffsetDateTime) -> R<u64> {
    let done = sqlx::query("DELETE FROM login_throttle WHERE last_at < $1")
        .bind(to_us(before))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Forgets the account's counter and those of its (account, address) pairs.
pub(crate) async fn clear_login_counters(pool: &Pool, email: &str) -> R<()> {
    let mut tx = begin(pool).await?;
    delete_login_counters(&mut tx, email).await?;
    tx.commit().await?;
    Ok(())
}

async fn delete_login_counters(c: &mut Conn, email: &str) -> R<()> {
    let pair_prefix = format!("pair:{email}|");
    sqlx::query(
        "DELETE FROM login_throttle WHERE key = $1 \
         OR substr(key, 1, CAST($2 AS INTEGER)) = $3",
    )
    .bind(mhub_core::throttle::account_key(email))
    .bind(pair_prefix.chars().count() as i64)
    .bind(&pair_prefix)
    .execute(&mut *c)
    .await?;
    Ok(())
}

// -------------------------------------------------------------------- outbox

pub(crate) async fn outbox_after(pool: &Pool, after_id: i64, limit: i64) -> R<Vec<OutboxEntry>> {
    let rows: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT id, entity, entity_id, operation, created_at FROM outbox WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, entity, entity_id, operation, created_at)| {
            Ok(OutboxEntry {
                id,
                entity,
                entity_id,
                operation,
                created_at: from_us(created_at)?,
            })
        })
        .collect()
}

pub(crate) async fn outbox_last_id(pool: &Pool) -> R<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM outbox")
        .fetch_one(pool)
        .await?;
    Ok(id.unwrap_or(0))
}

/// Practices in every state with `id > after_id`, in id order (keyset pagination
/// for rebuilding projections).
pub(crate) async fn practices_after(pool: &Pool, after_id: i64, limit: i64) -> R<Vec<Practice>> {
    let rows: Vec<PracticeRow> = sqlx::query_as(concat!(
        "SELECT ",
        practice_cols!(),
        " FROM practice p WHERE p.id > $1 ORDER BY p.id LIMIT $2"
    ))
    .bind(after_id)
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    into_practices(rows)
}
