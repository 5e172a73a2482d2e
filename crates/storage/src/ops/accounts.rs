//! Account administration and e-mail links. Compiled twice, like ops.rs.

use mhub_core::CoreError;
use mhub_core::accounts::{Account, EmailLinkPurpose, Role};
use mhub_core::practice::Page;
use time::OffsetDateTime;

use super::DB;
use super::ops::{AccountRow, begin, limit_offset};
use crate::error::StorageError;
use crate::{now_us, to_us};

type Pool = sqlx::Pool<DB>;
type R<T> = Result<T, StorageError>;

const COLUMNS: &str = "a.id, a.email, a.display_name, a.role, a.country, a.created_at, \
                       a.email_confirmed_at, a.disabled_at";

/// Accounts (not erased) with one of `roles`, by id, through `account_role`.
pub(crate) async fn accounts_with_roles(pool: &Pool, roles: &[Role]) -> R<Vec<Account>> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = sqlx::QueryBuilder::<DB>::new(format!(
        "SELECT {COLUMNS} FROM account a WHERE a.erased_at IS NULL AND a.role IN ("
    ));
    let mut list = q.separated(", ");
    for role in roles {
        list.push_bind(role.as_str());
    }
    q.push(") ORDER BY a.id");
    let rows: Vec<AccountRow> = q.build_query_as().fetch_all(pool).await?;
    rows.into_iter().map(AccountRow::into_account).collect()
}

/// Accounts whose e-mail or name contains `q` (case-insensitive), by id.
pub(crate) async fn search_accounts(
    pool: &Pool,
    q: &str,
    limit: i64,
    offset: i64,
) -> R<Page<Account>> {
    let (limit, offset) = limit_offset(limit, offset);
    // LIKE wildcards in the query are taken literally.
    let pattern = format!(
        "%{}%",
        q.trim()
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let filter = "a.erased_at IS NULL AND (LOWER(a.email) LIKE $1 ESCAPE '\\' \
                  OR LOWER(a.display_name) LIKE $1 ESCAPE '\\')";
    let mut c = pool.acquire().await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM account a WHERE {filter}"
    )))
    .bind(&pattern)
    .fetch_one(&mut *c)
    .await?;
    let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM account a WHERE {filter} ORDER BY a.id LIMIT $2 OFFSET $3"
    )))
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(AccountRow::into_account)
            .collect::<R<_>>()?,
        total,
        limit,
        offset,
    })
}

/// Disabling also ends every session and revokes every token, in one transaction.
pub(crate) async fn set_account_disabled(pool: &Pool, account_id: i64, disabled: bool) -> R<()> {
    let mut tx = begin(pool).await?;
    let done = sqlx::query(
        "UPDATE account SET disabled_at = CASE WHEN $1 THEN COALESCE(disabled_at, $2) ELSE NULL END \
         WHERE id = $3 AND erased_at IS NULL",
    )
    .bind(disabled)
    .bind(now_us())
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    if disabled {
        for sql in [
            "DELETE FROM session WHERE account_id = $1",
            "DELETE FROM api_token WHERE account_id = $1",
        ] {
            sqlx::query(sql).bind(account_id).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn set_account_country(
    pool: &Pool,
    account_id: i64,
    country: Option<&str>,
) -> R<()> {
    let done = sqlx::query("UPDATE account SET country = $1 WHERE id = $2")
        .bind(country)
        .bind(account_id)
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    Ok(())
}

pub(crate) async fn create_email_link(
    pool: &Pool,
    token_hash: &str,
    account_id: i64,
    purpose: EmailLinkPurpose,
    expires_at: OffsetDateTime,
) -> R<()> {
    sqlx::query(
        "INSERT INTO email_link (token_hash, account_id, purpose, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(purpose.as_str())
    .bind(now_us())
    .bind(to_us(expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

/// Uses a link once; `None` when it is unknown, of another purpose, used or expired.
pub(crate) async fn use_email_link(
    pool: &Pool,
    token_hash: &str,
    purpose: EmailLinkPurpose,
) -> R<Option<i64>> {
    let now = now_us();
    Ok(sqlx::query_scalar(
        "UPDATE email_link SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_str())
    .fetch_optional(pool)
    .await?)
}

/// Served by the `email_link_account` index on (account_id, purpose).
pub(crate) async fn email_links_since(
    pool: &Pool,
    account_id: i64,
    purpose: EmailLinkPurpose,
    since: OffsetDateTime,
) -> R<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM email_link WHERE account_id = $1 AND purpose = $2 \
         AND created_at >= $3",
    )
    .bind(account_id)
    .bind(purpose.as_str())
    .bind(to_us(since))
    .fetch_one(pool)
    .await?)
}

/// Uses a confirmation link once and marks the address confirmed; `None` when the
/// link is unknown, used or expired.
pub(crate) async fn confirm_email(pool: &Pool, token_hash: &str) -> R<Option<i64>> {
    let mut tx = begin(pool).await?;
    let now = now_us();
    let account_id: Option<i64> = sqlx::query_scalar(
        "UPDATE email_link SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 RETURNING account_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(EmailLinkPurpose::ConfirmEmail.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = account_id {
        sqlx::query(
            "UPDATE account SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(account_id)
}
