//! Counts over the published practices for the country pages and charts, when
//! the search engine (which counts them from its facets) is not there.
//! Compiled twice, like ops.rs.

use std::collections::BTreeMap;

use mhub_core::practice::PracticeCounts;
use mhub_core::reference;

use super::DB;
use crate::error::StorageError;

type Pool = sqlx::Pool<DB>;
type R<T> = Result<T, StorageError>;

/// Every facet of [`PracticeCounts`] in one statement: one scan of the
/// published practices (of one country through `practice_country`).
pub(crate) async fn published_practice_counts(
    pool: &Pool,
    country: Option<&str>,
) -> R<PracticeCounts> {
    let scope = if country.is_some() {
        "p.status = 'published' AND p.country = $1"
    } else {
        "p.status = 'published'"
    };
    let sql = format!(
        // The tag vocabularies are named as the search engine names its facets.
        "SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM practice p WHERE {scope} \
         UNION ALL SELECT 'country', p.country, COUNT(*) FROM practice p WHERE {scope} \
           GROUP BY p.country \
         UNION ALL SELECT 'stage', p.stage, COUNT(*) FROM practice p \
           WHERE {scope} AND p.stage IS NOT NULL GROUP BY p.stage \
         UNION ALL SELECT 'year', CAST(p.start_year AS TEXT), COUNT(*) FROM practice p \
           WHERE {scope} AND p.start_year IS NOT NULL GROUP BY p.start_year \
         UNION ALL SELECT 'outcome', p.outcome, COUNT(*) FROM practice p \
           WHERE {scope} AND p.outcome IS NOT NULL GROUP BY p.outcome \
         UNION ALL SELECT pt.vocabulary, pt.code, COUNT(*) FROM practice_tag pt \
           JOIN practice p ON p.id = pt.practice_id \
           WHERE {scope} AND pt.vocabulary IN ('{}', '{}') GROUP BY pt.vocabulary, pt.code",
        reference::NCD_FOCUS,
        reference::CHANNEL,
    );
    let mut query = sqlx::query_as::<_, (String, String, i64)>(sqlx::AssertSqlSafe(sql));
    if let Some(country) = country {
        query = query.bind(country);
    }
    let rows = query.fetch_all(pool).await?;
    let mut counts = PracticeCounts::default();
    for (facet, value, n) in rows {
        if facet == "total" {
            counts.total = n;
            continue;
        }
        counts
            .values
            .entry(facet)
            .or_insert_with(BTreeMap::new)
            .insert(value, n);
    }
    Ok(counts)
}

/// Organisations linked to the published practices of a country, read from
/// the link table's index, never from the practices' records.
pub(crate) async fn published_organisation_count(pool: &Pool, country: &str) -> R<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(DISTINCT po.organisation_id) FROM practice p \
         JOIN practice_organisation po ON po.practice_id = p.id \
         WHERE p.country = $1 AND p.status = 'published'",
    )
    .bind(country)
    .fetch_one(pool)
    .await?)
}
