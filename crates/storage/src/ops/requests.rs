//! Owners' requests to change published practices. Compiled twice, like ops.rs.

use mhub_core::CoreError;
use mhub_core::curation::{Outcome, Status};
use mhub_core::practice::{Page, PracticeContent, SaveContext};
use mhub_core::requests::{
    NewRequest, PracticeRequest, RequestDecision, RequestKind, RequestStatus,
};

use super::DB;
use super::ops::{
    SaveState, Transition, begin, corrupt, limit_offset, save_content, transition_in,
};
use crate::error::StorageError;
use crate::{from_us, now_us};

type Pool = sqlx::Pool<DB>;
type Conn = <DB as sqlx::Database>::Connection;
type R<T> = Result<T, StorageError>;

macro_rules! request_select {
    () => {
        "SELECT r.id, r.practice_id, p.slug, p.content AS practice_content, p.country, r.kind, \
         r.status, r.content, r.base_version, r.minor, r.note, r.author_id, \
         a.display_name AS author_name, r.created_at, r.decided_by, r.decided_at, r.decision_reason \
         FROM practice_request r JOIN practice p ON p.id = r.practice_id \
         LEFT JOIN account a ON a.id = r.author_id "
    };
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    practice_id: i64,
    slug: String,
    practice_content: String,
    country: String,
    kind: String,
    status: String,
    content: Option<String>,
    base_version: i64,
    minor: bool,
    note: Option<String>,
    author_id: Option<i64>,
    author_name: Option<String>,
    created_at: i64,
    decided_by: Option<i64>,
    decided_at: Option<i64>,
    decision_reason: Option<String>,
}

impl RequestRow {
    fn into_request(self) -> R<PracticeRequest> {
        let published: PracticeContent = serde_json::from_str(&self.practice_content)?;
        let practice_title = published
            .texts
            .get(&published.original_language)
            .or_else(|| published.texts.values().next())
            .map(|t| t.title.clone())
            .unwrap_or_default();
        Ok(PracticeRequest {
            id: self.id,
            practice_id: self.practice_id,
            practice_slug: self.slug,
            practice_title,
            practice_country: self.country,
            kind: RequestKind::parse(&self.kind)
                .ok_or_else(|| corrupt("request kind", &self.kind))?,
            status: RequestStatus::parse(&self.status)
                .ok_or_else(|| corrupt("request status", &self.status))?,
            content: self
                .content
                .as_deref()
                .map(serde_json::from_str)
                .transpose()?,
            base_version: self.base_version,
            minor: self.minor,
            note: self.note,
            author_id: self.author_id,
            author_name: self.author_name.filter(|n| !n.is_empty()),
            created_at: from_us(self.created_at)?,
            decided_by: self.decided_by,
            decided_at: self.decided_at.map(from_us).transpose()?,
            decision_reason: self.decision_reason,
        })
    }
}

async fn load(c: &mut Conn, id: i64) -> R<Option<PracticeRequest>> {
    let row: Option<RequestRow> = sqlx::query_as(concat!(request_select!(), "WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?;
    row.map(RequestRow::into_request).transpose()
}

pub(crate) async fn create_request(pool: &Pool, r: &NewRequest<'_>) -> R<PracticeRequest> {
    let mut tx = begin(pool).await?;
    let pending: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM practice_request WHERE practice_id = $1 AND kind = $2 \
         AND status = 'pending'",
    )
    .bind(r.practice_id)
    .bind(r.kind.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if pending > 0 {
        return Err(CoreError::Conflict {
            field: "request".into(),
        }
        .into());
    }
    let content = r.content.map(serde_json::to_string).transpose()?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO practice_request (practice_id, kind, status, content, base_version, minor, note, \
         author_id, created_at) VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.practice_id)
    .bind(r.kind.as_str())
    .bind(content)
    .bind(r.base_version)
    .bind(r.minor)
    .bind(r.note)
    .bind(r.author_id)
    .bind(now_us())
    .fetch_one(&mut *tx)
    .await?;
    let request = load(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(request)
}

pub(crate) async fn request_by_id(pool: &Pool, id: i64) -> R<Option<PracticeRequest>> {
    let mut c = pool.acquire().await?;
    load(&mut c, id).await
}

async fn of_practice(pool: &Pool, practice_id: i64, pending_only: bool) -> R<Vec<PracticeRequest>> {
    let rows: Vec<RequestRow> = sqlx::query_as(concat!(
        request_select!(),
        "WHERE r.practice_id = $1 AND ($2 = FALSE OR r.status = 'pending') ORDER BY r.id DESC"
    ))
    .bind(practice_id)
    .bind(pending_only)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(RequestRow::into_request).collect()
}

pub(crate) async fn pending_requests(pool: &Pool, practice_id: i64) -> R<Vec<PracticeRequest>> {
    of_practice(pool, practice_id, true).await
}

pub(crate) async fn practice_requests(pool: &Pool, practice_id: i64) -> R<Vec<PracticeRequest>> {
    of_practice(pool, practice_id, false).await
}

pub(crate) async fn request_queue(
    pool: &Pool,
    country: Option<&str>,
    limit: i64,
    offset: i64,
) -> R<Page<PracticeRequest>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM practice_request r JOIN practice p ON p.id = r.practice_id \
         WHERE r.status = 'pending' AND ($1 IS NULL OR p.country = $1)",
    )
    .bind(country)
    .fetch_one(&mut *c)
    .await?;
    let rows: Vec<RequestRow> = sqlx::query_as(concat!(
        request_select!(),
        "WHERE r.status = 'pending' AND ($1 IS NULL OR p.country = $1) \
         ORDER BY r.created_at, r.id LIMIT $2 OFFSET $3"
    ))
    .bind(country)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(RequestRow::into_request)
            .collect::<R<_>>()?,
        total,
        limit,
        offset,
    })
}

pub(crate) async fn revise_request(
    pool: &Pool,
    id: i64,
    base_version: i64,
    content: &PracticeContent,
    minor: bool,
    note: Option<&str>,
) -> R<PracticeRequest> {
    let mut tx = begin(pool).await?;
    let updated = sqlx::query(
        "UPDATE practice_request SET content = $1, minor = $2, note = $3, base_version = $4 \
         WHERE id = $5 AND status = 'pending' AND kind = 'update'",
    )
    .bind(serde_json::to_string(content)?)
    .bind(minor)
    .bind(note)
    .bind(base_version)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(not_pending());
    }
    let request = load(&mut tx, id).await?.ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(request)
}

fn not_pending() -> StorageError {
    CoreError::InvalidTransition {
        from: "decided".into(),
        to: "decided".into(),
        reason: "request_not_pending".into(),
    }
    .into()
}

pub(crate) async fn decide_request(pool: &Pool, d: &RequestDecision<'_>) -> R<PracticeRequest> {
    let mut tx = begin(pool).await?;
    let now = now_us();
    // The status check is in the UPDATE, so two curators cannot both decide it.
    let updated = sqlx::query(
        "UPDATE practice_request SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(d.to.as_str())
    .bind(d.actor_id)
    .bind(now)
    .bind(d.reason)
    .bind(d.request_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(not_pending());
    }
    let request = load(&mut tx, d.request_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    if d.to == RequestStatus::Approved {
        apply(&mut tx, &request, d, now).await?;
    }
    tx.commit().await?;
    Ok(request)
}

/// Applies an approved request to its practice, which must still be published.
async fn apply(
    c: &mut Conn,
    request: &PracticeRequest,
    d: &RequestDecision<'_>,
    now: i64,
) -> R<()> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM practice WHERE id = $1")
        .bind(request.practice_id)
        .fetch_optional(&mut *c)
        .await?;
    if status.as_deref() != Some(Status::Published.as_str()) {
        return Err(CoreError::InvalidTransition {
            from: status.unwrap_or_default(),
            to: request.kind.as_str().into(),
            reason: "practice_not_published".into(),
        }
        .into());
    }
    match request.kind {
        RequestKind::Update => {
            let version: i64 = sqlx::query_scalar("SELECT version FROM practice WHERE id = $1")
                .bind(request.practice_id)
                .fetch_one(&mut *c)
                .await?;
            // Someone changed the practice after the proposal was made: approving
            // would silently undo their change.
            if version != request.base_version {
                return Err(CoreError::InvalidTransition {
                    from: "published".into(),
                    to: "update".into(),
                    reason: "practice_changed_since_proposal".into(),
                }
                .into());
            }
            let content = request.content.as_ref().ok_or_else(|| {
                corrupt("update request without content", &request.id.to_string())
            })?;
            let mut state = SaveState::new();
            state.now = now;
            let note = match &request.note {
                Some(n) => format!("update #{} approved: {n}", request.id),
                None => format!("update #{} approved", request.id),
            };
            let ctx = SaveContext {
                actor_id: request.author_id,
                note: Some(note),
            };
            save_content(
                c,
                &mut state,
                request.practice_id,
                None,
                content,
                None,
                &ctx,
            )
            .await
        }
        RequestKind::Archive => {
            let reason = request.note.as_deref().or(d.reason);
            // Archiving keeps the review outcome, so a restore brings it back.
            let outcome: Option<String> =
                sqlx::query_scalar("SELECT outcome FROM practice WHERE id = $1")
                    .bind(request.practice_id)
                    .fetch_one(&mut *c)
                    .await?;
            transition_in(
                c,
                &Transition {
                    id: request.practice_id,
                    from: Status::Published,
                    to: Status::Archived,
                    outcome: outcome.as_deref().and_then(Outcome::parse),
                    actor_id: d.actor_id,
                    reason,
                    now,
                },
            )
            .await
        }
    }
}
