//! Organisations, memberships, invitations and the organisation audit trail.
//! Compiled twice, like ops.rs (`sqlite::organisations`, `pg::organisations`).

use mhub_core::CoreError;
use mhub_core::accounts::{Membership, Organisation};
use mhub_core::organisations::{
    Invitation, Member, MemberRole, MembershipChange, MembershipStatus, OrganisationEvent,
    OrganisationEventKind as Event,
};
use mhub_core::practice::Page;
use sqlx::FromRow;
use time::OffsetDateTime;

use super::DB;
use super::ops::{SaveState, begin, corrupt, limit_offset, organisation_id, write_outbox};
use crate::error::StorageError;
use crate::{from_us, now_us, to_us};

type Pool = sqlx::Pool<DB>;
type Conn = <DB as sqlx::Database>::Connection;
type R<T> = Result<T, StorageError>;

macro_rules! organisation_select {
    () => {
        "SELECT o.id, o.slug, o.name, o.country, o.confirmed, \
         (SELECT m.slug FROM organisation m WHERE m.id = o.merged_into) AS merged_into, \
         (SELECT COUNT(DISTINCT po.practice_id) FROM practice_organisation po \
          JOIN practice pp ON pp.id = po.practice_id \
          WHERE po.organisation_id = o.id AND pp.status = 'published') AS practice_count \
         FROM organisation o "
    };
}

#[derive(FromRow)]
struct OrganisationRow {
    id: i64,
    slug: String,
    name: String,
    country: Option<String>,
    practice_count: i64,
    confirmed: bool,
    merged_into: Option<String>,
}

impl From<OrganisationRow> for Organisation {
    fn from(r: OrganisationRow) -> Self {
        Organisation {
            id: r.id,
            slug: r.slug,
            name: r.name,
            country: r.country,
            practice_count: r.practice_count,
            confirmed: r.confirmed,
            merged_into: r.merged_into,
        }
    }
}

fn parse_role(s: &str) -> R<MemberRole> {
    MemberRole::parse(s).ok_or_else(|| corrupt("organisation role", s))
}

fn parse_membership_status(s: &str) -> R<MembershipStatus> {
    MembershipStatus::parse(s).ok_or_else(|| corrupt("membership status", s))
}

async fn load_organisation(c: &mut Conn, id: i64) -> R<Organisation> {
    let row: OrganisationRow = sqlx::query_as(concat!(organisation_select!(), "WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(row.into())
}

/// The audit row of a change, in the caller's transaction.
async fn record(
    c: &mut Conn,
    organisation_id: i64,
    account_id: Option<i64>,
    actor_id: Option<i64>,
    kind: Event,
    detail: Option<&str>,
) -> R<()> {
    sqlx::query(
        "INSERT INTO organisation_event (organisation_id, account_id, actor_id, action, detail, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(organisation_id)
    .bind(account_id)
    .bind(actor_id)
    .bind(kind.as_str())
    .bind(detail)
    .bind(now_us())
    .execute(&mut *c)
    .await?;
    Ok(())
}

async fn load_membership(
    c: &mut Conn,
    organisation_id: i64,
    account_id: i64,
) -> R<Option<Membership>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT role, status FROM membership WHERE organisation_id = $1 AND account_id = $2",
    )
    .bind(organisation_id)
    .bind(account_id)
    .fetch_optional(&mut *c)
    .await?;
    let Some((role, status)) = row else {
        return Ok(None);
    };
    Ok(Some(Membership {
        organisation: load_organisation(c, organisation_id).await?,
        role: parse_role(&role)?,
        status: parse_membership_status(&status)?,
    }))
}

/// Public listings leave out organisations merged into another.
pub(crate) async fn list_organisations(
    pool: &Pool,
    limit: i64,
    offset: i64,
) -> R<Page<Organisation>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;
    let total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM organisation WHERE merged_into IS NULL")
            .fetch_one(&mut *c)
            .await?;
    let rows: Vec<OrganisationRow> = sqlx::query_as(concat!(
        organisation_select!(),
        "WHERE o.merged_into IS NULL ORDER BY LOWER(o.name), o.id LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    Ok(Page {
        items: rows.into_iter().map(Organisation::from).collect(),
        total,
        limit,
        offset,
    })
}

pub(crate) async fn unconfirmed_organisations(
    pool: &Pool,
    limit: i64,
    offset: i64,
) -> R<Page<Organisation>> {
    let (limit, offset) = limit_offset(limit, offset);
    let mut c = pool.acquire().await?;
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM organisation WHERE confirmed = FALSE AND merged_into IS NULL",
    )
    .fetch_one(&mut *c)
    .await?;
    let rows: Vec<OrganisationRow> = sqlx::query_as(concat!(
        organisation_select!(),
        "WHERE o.confirmed = FALSE AND o.merged_into IS NULL \
         ORDER BY o.created_at, o.id LIMIT $1 OFFSET $2"
    ))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *c)
    .await?;
    Ok(Page {
        items: rows.into_iter().map(Organisation::from).collect(),
        total,
        limit,
        offset,
    })
}

pub(crate) async fn organisation_by_slug(pool: &Pool, slug: &str) -> R<Option<Organisation>> {
    let row: Option<OrganisationRow> =
        sqlx::query_as(concat!(organisation_select!(), "WHERE o.slug = $1"))
            .bind(slug)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Organisation::from))
}

/// `(slug, current slug)` of the organisations among `slugs`, one statement
/// through the unique index on `slug`.
pub(crate) async fn organisation_slugs(pool: &Pool, slugs: &[String]) -> R<Vec<(String, String)>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = sqlx::QueryBuilder::<DB>::new(
        "SELECT o.slug, COALESCE(m.slug, o.slug) FROM organisation o \
         LEFT JOIN organisation m ON m.id = o.merged_into WHERE o.slug IN (",
    );
    let mut list = q.separated(", ");
    for slug in slugs {
        list.push_bind(slug.clone());
    }
    q.push(")");
    Ok(q.build_query_as().fetch_all(pool).await?)
}

pub(crate) async fn organisation_by_id(pool: &Pool, id: i64) -> R<Option<Organisation>> {
    let row: Option<OrganisationRow> =
        sqlx::query_as(concat!(organisation_select!(), "WHERE o.id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(Organisation::from))
}

/// An active membership made by the operator (CLI, imports, tests): no consent step.
pub(crate) async fn join_organisation(
    pool: &Pool,
    account_id: i64,
    name: &str,
    country: Option<&str>,
    role: MemberRole,
) -> R<Membership> {
    let mut tx = begin(pool).await?;
    let org = organisation_id(&mut tx, &mut SaveState::new(), name, country).await?;
    sqlx::query(
        "INSERT INTO membership (account_id, organisation_id, role, status, created_at) \
         VALUES ($1, $2, $3, 'active', $4) \
         ON CONFLICT (account_id, organisation_id) DO UPDATE SET role = excluded.role, status = 'active'",
    )
    .bind(account_id)
    .bind(org)
    .bind(role.as_str())
    .bind(now_us())
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        org,
        Some(account_id),
        None,
        Event::Approved,
        Some(role.as_str()),
    )
    .await?;
    let membership = load_membership(&mut tx, org, account_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(membership)
}

pub(crate) async fn create_organisation(
    pool: &Pool,
    account_id: i64,
    name: &str,
    country: Option<&str>,
) -> R<Membership> {
    let slug = mhub_core::slug::name_slug(name);
    let mut tx = begin(pool).await?;
    let now = now_us();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO organisation (slug, name, country, created_at, confirmed, created_by) \
         VALUES ($1, $2, $3, $4, FALSE, $5) ON CONFLICT (slug) DO NOTHING RETURNING id",
    )
    .bind(&slug)
    .bind(name.trim())
    .bind(country)
    .bind(now)
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Err(CoreError::Conflict {
            field: "name".into(),
        }
        .into());
    };
    sqlx::query(
        "INSERT INTO membership (account_id, organisation_id, role, status, created_at) \
         VALUES ($1, $2, 'manager', 'active', $3)",
    )
    .bind(account_id)
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        id,
        Some(account_id),
        Some(account_id),
        Event::Created,
        None,
    )
    .await?;
    let membership = load_membership(&mut tx, id, account_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(membership)
}

/// The person's memberships in every status, by organisation name.
pub(crate) async fn memberships(pool: &Pool, account_id: i64) -> R<Vec<Membership>> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        organisation: OrganisationRow,
        membership_role: String,
        membership_status: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT o.id, o.slug, o.name, o.country, o.confirmed, \
         (SELECT mo.slug FROM organisation mo WHERE mo.id = o.merged_into) AS merged_into, \
         m.role AS membership_role, m.status AS membership_status, \
         (SELECT COUNT(DISTINCT po.practice_id) FROM practice_organisation po \
          JOIN practice pp ON pp.id = po.practice_id \
          WHERE po.organisation_id = o.id AND pp.status = 'published') AS practice_count \
         FROM membership m JOIN organisation o ON o.id = m.organisation_id \
         WHERE m.account_id = $1 ORDER BY LOWER(o.name), o.id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Membership {
                role: parse_role(&r.membership_role)?,
                status: parse_membership_status(&r.membership_status)?,
                organisation: r.organisation.into(),
            })
        })
        .collect()
}

pub(crate) async fn membership(
    pool: &Pool,
    organisation_id: i64,
    account_id: i64,
) -> R<Option<Membership>> {
    let mut c = pool.acquire().await?;
    load_membership(&mut c, organisation_id, account_id).await
}

pub(crate) async fn request_membership(
    pool: &Pool,
    organisation_id: i64,
    account_id: i64,
) -> R<Membership> {
    let mut tx = begin(pool).await?;
    let current = load_membership(&mut tx, organisation_id, account_id).await?;
    match current {
        Some(m) if m.status != MembershipStatus::Declined => return Ok(m),
        Some(_) => {
            sqlx::query(
                "UPDATE membership SET status = 'pending', role = 'member', created_at = $1 \
                 WHERE organisation_id = $2 AND account_id = $3",
            )
            .bind(now_us())
            .bind(organisation_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query(
                "INSERT INTO membership (account_id, organisation_id, role, status, created_at) \
                 VALUES ($1, $2, 'member', 'pending', $3)",
            )
            .bind(account_id)
            .bind(organisation_id)
            .bind(now_us())
            .execute(&mut *tx)
            .await?;
        }
    }
    record(
        &mut tx,
        organisation_id,
        Some(account_id),
        Some(account_id),
        Event::Requested,
        None,
    )
    .await?;
    let m = load_membership(&mut tx, organisation_id, account_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(m)
}

pub(crate) async fn decide_membership(
    pool: &Pool,
    change: &MembershipChange,
    to: MembershipStatus,
) -> R<()> {
    let mut tx = begin(pool).await?;
    let updated = sqlx::query(
        "UPDATE membership SET status = $1 WHERE organisation_id = $2 AND account_id = $3 \
         AND status = 'pending'",
    )
    .bind(to.as_str())
    .bind(change.organisation_id)
    .bind(change.account_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::InvalidTransition {
            from: "not_pending".into(),
            to: to.as_str().into(),
            reason: "membership_not_pending".into(),
        }
        .into());
    }
    record(
        &mut tx,
        change.organisation_id,
        Some(change.account_id),
        change.actor_id,
        change.kind,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn set_member_role(
    pool: &Pool,
    change: &MembershipChange,
    role: MemberRole,
) -> R<()> {
    let mut tx = begin(pool).await?;
    let updated = sqlx::query(
        "UPDATE membership SET role = $1 WHERE organisation_id = $2 AND account_id = $3 \
         AND status = 'active'",
    )
    .bind(role.as_str())
    .bind(change.organisation_id)
    .bind(change.account_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    record(
        &mut tx,
        change.organisation_id,
        Some(change.account_id),
        change.actor_id,
        change.kind,
        Some(role.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn remove_member(pool: &Pool, change: &MembershipChange) -> R<()> {
    let mut tx = begin(pool).await?;
    let deleted =
        sqlx::query("DELETE FROM membership WHERE organisation_id = $1 AND account_id = $2")
            .bind(change.organisation_id)
            .bind(change.account_id)
            .execute(&mut *tx)
            .await?;
    if deleted.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    record(
        &mut tx,
        change.organisation_id,
        Some(change.account_id),
        change.actor_id,
        change.kind,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn members(pool: &Pool, organisation_id: i64) -> R<Vec<Member>> {
    type Row = (i64, String, String, String, String, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.display_name, a.email, m.role, m.status, m.created_at \
         FROM membership m JOIN account a ON a.id = m.account_id \
         WHERE m.organisation_id = $1 \
         ORDER BY CASE m.role WHEN 'manager' THEN 0 ELSE 1 END, LOWER(a.display_name), a.id",
    )
    .bind(organisation_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(account_id, display_name, email, role, status, since)| {
            Ok(Member {
                account_id,
                display_name,
                email,
                role: parse_role(&role)?,
                status: parse_membership_status(&status)?,
                since: from_us(since)?,
            })
        })
        .collect()
}

pub(crate) async fn create_invitation(
    pool: &Pool,
    token_hash: &str,
    organisation_id: i64,
    email: &str,
    role: MemberRole,
    invited_by: i64,
    expires_at: OffsetDateTime,
) -> R<Invitation> {
    let mut tx = begin(pool).await?;
    sqlx::query(
        "INSERT INTO invitation (token_hash, organisation_id, email, role, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash)
    .bind(organisation_id)
    .bind(email)
    .bind(role.as_str())
    .bind(invited_by)
    .bind(now_us())
    .bind(to_us(expires_at))
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        organisation_id,
        None,
        Some(invited_by),
        Event::Invited,
        Some(email),
    )
    .await?;
    let invitation = load_invitation(&mut tx, token_hash)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(invitation)
}

async fn load_invitation(c: &mut Conn, token_hash: &str) -> R<Option<Invitation>> {
    type Row = (i64, String, String, Option<i64>, i64, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT organisation_id, email, role, invited_by, expires_at, accepted_at \
         FROM invitation WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(&mut *c)
    .await?;
    let Some((organisation_id, email, role, invited_by, expires_at, accepted_at)) = row else {
        return Ok(None);
    };
    Ok(Some(Invitation {
        organisation: load_organisation(c, organisation_id).await?,
        email,
        role: parse_role(&role)?,
        invited_by,
        expires_at: from_us(expires_at)?,
        accepted_at: accepted_at.map(from_us).transpose()?,
    }))
}

pub(crate) async fn invitation(pool: &Pool, token_hash: &str) -> R<Option<Invitation>> {
    let mut c = pool.acquire().await?;
    load_invitation(&mut c, token_hash).await
}

pub(crate) async fn accept_invitation(
    pool: &Pool,
    token_hash: &str,
    account_id: i64,
) -> R<Membership> {
    let mut tx = begin(pool).await?;
    let now = now_us();
    // Taken in the UPDATE itself, so two accounts racing for one link cannot both win.
    let used: Option<(i64, String)> = sqlx::query_as(
        "UPDATE invitation SET accepted_at = $1, accepted_by = $2 \
         WHERE token_hash = $3 AND accepted_at IS NULL AND expires_at > $1 \
         RETURNING organisation_id, role",
    )
    .bind(now)
    .bind(account_id)
    .bind(token_hash)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((organisation_id, role)) = used else {
        return Err(CoreError::InvalidTransition {
            from: "invitation".into(),
            to: "member".into(),
            reason: "invitation_used_or_expired".into(),
        }
        .into());
    };
    let role = parse_role(&role)?;
    let current = load_membership(&mut tx, organisation_id, account_id).await?;
    let role = match current {
        Some(m) if m.status == MembershipStatus::Active && m.role == MemberRole::Manager => {
            MemberRole::Manager
        }
        _ => role,
    };
    sqlx::query(
        "INSERT INTO membership (account_id, organisation_id, role, status, created_at) \
         VALUES ($1, $2, $3, 'active', $4) \
         ON CONFLICT (account_id, organisation_id) DO UPDATE SET role = excluded.role, status = 'active'",
    )
    .bind(account_id)
    .bind(organisation_id)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        organisation_id,
        Some(account_id),
        Some(account_id),
        Event::JoinedByInvitation,
        Some(role.as_str()),
    )
    .await?;
    let m = load_membership(&mut tx, organisation_id, account_id)
        .await?
        .ok_or(CoreError::NotFound)?;
    tx.commit().await?;
    Ok(m)
}

pub(crate) async fn confirm_organisation(
    pool: &Pool,
    organisation_id: i64,
    actor_id: i64,
) -> R<()> {
    let mut tx = begin(pool).await?;
    let updated = sqlx::query(
        "UPDATE organisation SET confirmed = TRUE WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(organisation_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(CoreError::NotFound.into());
    }
    record(
        &mut tx,
        organisation_id,
        None,
        Some(actor_id),
        Event::Confirmed,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn merge_organisations(pool: &Pool, from: i64, into: i64, actor_id: i64) -> R<()> {
    let mut tx = begin(pool).await?;
    let from_org = load_organisation(&mut tx, from).await?;
    let into_org = load_organisation(&mut tx, into).await?;
    // Merging into an unconfirmed organisation would take published practices away
    // from their owners; merging into a merged one would make a chain.
    if from == into
        || from_org.merged_into.is_some()
        || into_org.merged_into.is_some()
        || !into_org.confirmed
    {
        return Err(CoreError::InvalidTransition {
            from: from_org.slug,
            to: into_org.slug,
            reason: "cannot_merge".into(),
        }
        .into());
    }
    let moved: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT practice_id FROM practice_organisation WHERE organisation_id = $1 \
         ORDER BY practice_id",
    )
    .bind(from)
    .fetch_all(&mut *tx)
    .await?;
    let now = now_us();
    // Links the other organisation already has would collide: keep theirs.
    sqlx::query(
        "INSERT INTO practice_organisation (practice_id, organisation_id, role) \
         SELECT practice_id, $2, role FROM practice_organisation WHERE organisation_id = $1 \
         ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM practice_organisation WHERE organisation_id = $1")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    // Nobody becomes a member of the organisation kept by being in the duplicate
    // (anyone can create a look-alike and manage it): its people arrive as requests
    // that the managers of the one kept decide. Memberships there stay as they are.
    sqlx::query(
        "INSERT INTO organisation_event (organisation_id, account_id, actor_id, action, detail, at) \
         SELECT $2, m.account_id, $3, 'requested', $4, $5 FROM membership m \
         WHERE m.organisation_id = $1 AND m.status <> 'declined' AND NOT EXISTS \
         (SELECT 1 FROM membership k WHERE k.organisation_id = $2 AND k.account_id = m.account_id)",
    )
    .bind(from)
    .bind(into)
    .bind(actor_id)
    .bind(&from_org.slug)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO membership (account_id, organisation_id, role, status, created_at) \
         SELECT account_id, $2, 'member', 'pending', $3 FROM membership \
         WHERE organisation_id = $1 AND status <> 'declined' \
         ON CONFLICT DO NOTHING",
    )
    .bind(from)
    .bind(into)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM membership WHERE organisation_id = $1")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    // Unused invitations of the duplicate end: they must not open the one kept.
    sqlx::query(
        "UPDATE invitation SET expires_at = $2 WHERE organisation_id = $1 AND accepted_at IS NULL",
    )
    .bind(from)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    // Checked in the UPDATE, so two merges racing (A into B, B into A) cannot both win.
    let merged = sqlx::query(
        "UPDATE organisation SET merged_into = $2 WHERE id = $1 AND merged_into IS NULL",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    // Earlier merges into `from` now point at the final one, so redirects take one hop.
    sqlx::query("UPDATE organisation SET merged_into = $2 WHERE merged_into = $1")
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
    if merged.rows_affected() == 0 {
        return Err(CoreError::InvalidTransition {
            from: from_org.slug,
            to: into_org.slug,
            reason: "cannot_merge".into(),
        }
        .into());
    }
    record(
        &mut tx,
        from,
        None,
        Some(actor_id),
        Event::MergedAway,
        Some(&into_org.slug),
    )
    .await?;
    record(
        &mut tx,
        into,
        None,
        Some(actor_id),
        Event::MergedIn,
        Some(&from_org.slug),
    )
    .await?;
    for practice_id in moved {
        write_outbox(&mut tx, practice_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

async fn events(pool: &Pool, column: &str, id: i64, limit: i64) -> R<Vec<OrganisationEvent>> {
    type Row = (
        i64,
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<String>,
        i64,
    );
    let sql = format!(
        "SELECT e.id, e.organisation_id, o.name, o.slug, e.action, e.account_id, a.display_name, \
         e.actor_id, b.display_name, e.detail, e.at \
         FROM organisation_event e JOIN organisation o ON o.id = e.organisation_id \
         LEFT JOIN account a ON a.id = e.account_id LEFT JOIN account b ON b.id = e.actor_id \
         WHERE e.{column} = $1 ORDER BY e.id DESC LIMIT $2"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(limit.clamp(1, 500))
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(
            |(
                id,
                organisation_id,
                name,
                slug,
                action,
                account_id,
                account_name,
                actor_id,
                actor_name,
                detail,
                at,
            )| {
                Ok(OrganisationEvent {
                    id,
                    organisation_id,
                    organisation_name: name,
                    organisation_slug: slug,
                    kind: Event::parse(&action)
                        .ok_or_else(|| corrupt("organisation event", &action))?,
                    account_id,
                    account_name: account_name.filter(|n| !n.is_empty()),
                    actor_id,
                    actor_name: actor_name.filter(|n| !n.is_empty()),
                    detail,
                    at: from_us(at)?,
                })
            },
        )
        .collect()
}

pub(crate) async fn organisation_events(
    pool: &Pool,
    organisation_id: i64,
    limit: i64,
) -> R<Vec<OrganisationEvent>> {
    events(pool, "organisation_id", organisation_id, limit).await
}

pub(crate) async fn account_events(
    pool: &Pool,
    account_id: i64,
    limit: i64,
) -> R<Vec<OrganisationEvent>> {
    events(pool, "account_id", account_id, limit).await
}
