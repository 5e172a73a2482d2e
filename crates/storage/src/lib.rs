//! Storage for the Hub: `Db` implements `mhub_core::repo::Repository` on SQLite
//! and PostgreSQL with runtime sqlx queries.
//!
//! The SQL lives once, in `ops.rs`, which is compiled twice (`sqlite::ops` and
//! `pg::ops`) against the concrete driver types; placeholders are `$n`, which
//! both engines accept, and `IS_PG` switches the few places where dialects differ.
//!
//! Encodings shared by both engines: timestamps are 64-bit unix microseconds
//! (UTC), so ordering and range filters are plain integer comparisons; JSON
//! documents (practice content, labels, review scores) are TEXT.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use mhub_core::accounts::{
    Account, AccountStore, ApiToken, EmailLinkPurpose, Membership, Organisation, Role, TokenScopes,
};
use mhub_core::authz::PracticeFacts;
use mhub_core::curation::{Outcome, Review, ReviewInput, Status, TransitionRecord};
use mhub_core::organisations::{
    Invitation, Member, MemberRole, MembershipChange, MembershipStatus, OrganisationEvent,
    OrganisationStore,
};
use mhub_core::practice::{
    Page, Practice, PracticeContent, PracticeCounts, PracticeFilter, PracticeSort, Revision,
    SaveContext,
};
use mhub_core::reference::ReferenceData;
use mhub_core::repo::{OutboxEntry, PoolStatus, PracticeRecord, Repository, SessionRecord};
use mhub_core::requests::{NewRequest, PracticeRequest, RequestDecision, RequestStore};
use mhub_core::throttle::CounterUpdate;
use mhub_core::{CoreError, CoreResult};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use time::OffsetDateTime;

mod error;
mod pg;
mod sqlite;

pub use error::StorageError;

/// Channel on which PostgreSQL announces new outbox rows (payload: the row id).
pub const OUTBOX_CHANNEL: &str = "mhub_outbox";

/// Connections of a PostgreSQL pool, all opened at start.
pub const PG_CONNECTIONS: u32 = 10;
/// Reader connections of a SQLite file database (plus one writer), all opened at start.
pub const SQLITE_READERS: u32 = 4;
/// File descriptors the pools hold: a SQLite connection has the database, its WAL
/// and its shared-memory file open; a PostgreSQL one a socket.
pub const MAX_POOL_FDS: u64 = 3 * (SQLITE_READERS as u64 + 1) + 1;

/// A connected database; cheap to clone (the pools are shared).
#[derive(Clone)]
pub struct Db {
    pool: Pool,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend())
            .field("pool", &self.pool_status())
            .finish()
    }
}

#[derive(Clone)]
enum Pool {
    /// All writes go through `writer`, a single connection, so writers queue in
    /// the pool instead of fighting over SQLite's lock. In memory both are the same
    /// one-connection pool, because every new connection would see a new database.
    Sqlite {
        writer: SqlitePool,
        reader: SqlitePool,
        shared: bool,
    },
    Pg(PgPool),
}

impl Db {
    /// `sqlite://path/hub.db` (created with its directory), `sqlite::memory:`, or
    /// `postgres://...` / `postgresql://...`.
    pub async fn connect(url: &str) -> Result<Db, StorageError> {
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url).await
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // Every connection is opened at start and kept: serving never needs a new
            // file descriptor (a broken connection is still replaced).
            let pool = PgPoolOptions::new()
                .max_connections(PG_CONNECTIONS)
                .min_connections(PG_CONNECTIONS)
                .idle_timeout(None)
                .max_lifetime(None)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Ok(Db {
                pool: Pool::Pg(pool),
            })
        } else {
            Err(StorageError::UnsupportedUrl)
        }
    }

    async fn connect_sqlite(url: &str) -> Result<Db, StorageError> {
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let opts = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .busy_timeout(Duration::from_millis(5000))
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Sorts and temporary indexes in memory: no temporary file to open.
            .pragma("temp_store", "memory");
        if memory {
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .connect_with(opts)
                .await?;
            return Ok(Db {
                pool: Pool::Sqlite {
                    writer: pool.clone(),
                    reader: pool,
                    shared: true,
                },
            });
        }
        if let Some(dir) = opts.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let opts = opts.journal_mode(SqliteJournalMode::Wal);
        // Every connection is opened here and never closed for idleness or age, so
        // serving never opens a file: when descriptors run out (too many sockets) the
        // database still answers instead of failing with "unable to open database file".
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(opts.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(SQLITE_READERS)
            .min_connections(SQLITE_READERS)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(opts)
            .await?;
        Ok(Db {
            pool: Pool::Sqlite {
                writer,
                reader,
                shared: false,
            },
        })
    }

    /// Applies the pending migrations of this backend.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        match &self.pool {
            Pool::Sqlite { writer, .. } => {
                sqlx::migrate!("./migrations/sqlite").run(writer).await?
            }
            Pool::Pg(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Closes every connection (waits for the ones in use).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite { writer, reader, .. } => {
                reader.close().await;
                writer.close().await;
            }
            Pool::Pg(pool) => pool.close().await,
        }
    }

    /// A listener woken by every committed outbox row (LISTEN on [`OUTBOX_CHANNEL`]);
    /// `None` on SQLite, where consumers just poll.
    pub async fn outbox_listener(&self) -> Result<Option<OutboxListener>, StorageError> {
        match &self.pool {
            Pool::Pg(pool) => {
                let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
                listener.listen(OUTBOX_CHANNEL).await?;
                Ok(Some(OutboxListener(listener)))
            }
            Pool::Sqlite { .. } => Ok(None),
        }
    }

    /// The PostgreSQL pool, for LISTEN on [`OUTBOX_CHANNEL`]; `None` on SQLite.
    pub fn pg_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Pg(pool) => Some(pool),
            Pool::Sqlite { .. } => None,
        }
    }
}

/// Notifications of new outbox rows (PostgreSQL only).
pub struct OutboxListener(sqlx::postgres::PgListener);

impl OutboxListener {
    /// Waits for the next notification and returns the outbox id it announces.
    /// After a lost connection it reconnects on the next call; notifications sent
    /// meanwhile are lost, so consumers must also poll.
    pub async fn recv(&mut self) -> Result<i64, StorageError> {
        let n = self.0.recv().await?;
        Ok(n.payload().parse::<i64>().unwrap_or(0))
    }
}

/// Microseconds since the epoch: the stored form of every timestamp.
pub(crate) fn to_us(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1000).unwrap_or(i64::MAX)
}

pub(crate) fn from_us(us: i64) -> Result<OffsetDateTime, StorageError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1000)
        .map_err(|e| StorageError::Corrupt(format!("timestamp {us}: {e}")))
}

pub(crate) fn now_us() -> i64 {
    to_us(OffsetDateTime::now_utc())
}

/// Runs `ops::$f` (or `$area::$f`) of the backend: reads on the reader pool,
/// writes on the writer.
macro_rules! on {
    ($self:ident, $side:ident, $area:ident :: $f:ident($($arg:expr),* $(,)?)) => {
        match &$self.pool {
            Pool::Sqlite { writer, reader, .. } => {
                let pool = if on!(@writes $side) { writer } else { reader };
                sqlite::$area::$f(pool $(, $arg)*).await
            }
            Pool::Pg(pool) => pg::$area::$f(pool $(, $arg)*).await,
        }
        .map_err(CoreError::from)
    };
    ($self:ident, $side:ident, $f:ident($($arg:expr),* $(,)?)) => {
        on!($self, $side, ops::$f($($arg),*))
    };
    (@writes read) => {
        false
    };
    (@writes write) => {
        true
    };
}

#[async_trait]
impl Repository for Db {
    async fn ping(&self) -> CoreResult<()> {
        on!(self, read, ping())
    }

    fn pool_status(&self) -> PoolStatus {
        match &self.pool {
            Pool::Sqlite {
                writer,
                reader,
                shared,
            } => {
                let mut status = PoolStatus {
                    size: writer.size(),
                    idle: writer.num_idle() as u32,
                };
                if !shared {
                    status.size += reader.size();
                    status.idle += reader.num_idle() as u32;
                }
                status
            }
            Pool::Pg(pool) => PoolStatus {
                size: pool.size(),
                idle: pool.num_idle() as u32,
            },
        }
    }

    fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite { .. } => "sqlite",
            Pool::Pg(_) => "postgres",
        }
    }

    async fn backup(&self, path: &str) -> CoreResult<()> {
        // VACUUM INTO only reads the source, so a reader connection does not hold up writes.
        on!(self, read, backup(path))
    }

    async fn sync_reference(&self, reference: &ReferenceData) -> CoreResult<bool> {
        on!(self, write, sync_reference(reference))
    }

    async fn load_reference(&self) -> CoreResult<ReferenceData> {
        on!(self, read, load_reference())
    }

    async fn published_counts_by_country(&self) -> CoreResult<Vec<(String, i64)>> {
        on!(self, read, published_counts_by_country())
    }

    async fn meta(&self, key: &str) -> CoreResult<Option<String>> {
        on!(self, read, meta(key))
    }

    async fn set_meta(&self, key: &str, value: &str) -> CoreResult<()> {
        on!(self, write, set_meta(key, value))
    }

    async fn create_practice(
        &self,
        record: &PracticeRecord,
        ctx: &SaveContext,
    ) -> CoreResult<Practice> {
        on!(self, write, create_practice(record, ctx))
    }

    async fn update_practice(
        &self,
        id: i64,
        expected_version: Option<i64>,
        content: &PracticeContent,
        ctx: &SaveContext,
    ) -> CoreResult<Practice> {
        on!(
            self,
            write,
            update_practice(id, expected_version, content, ctx)
        )
    }

    async fn practice_by_slug(&self, slug: &str) -> CoreResult<Option<Practice>> {
        on!(self, read, practice_by_slug(slug))
    }

    async fn practice_by_id(&self, id: i64) -> CoreResult<Option<Practice>> {
        on!(self, read, practice_by_id(id))
    }

    async fn practices_by_ids(&self, ids: &[i64]) -> CoreResult<Vec<Practice>> {
        on!(self, read, practices_by_ids(ids))
    }

    async fn practice_facts(&self, practice: &Practice) -> CoreResult<PracticeFacts> {
        on!(self, read, practice_facts(practice))
    }

    async fn list_practices(
        &self,
        filter: &PracticeFilter,
        sort: PracticeSort,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<Practice>> {
        on!(self, read, list_practices(filter, sort, limit, offset))
    }

    async fn practices_page(
        &self,
        filter: &PracticeFilter,
        sort: PracticeSort,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Vec<Practice>> {
        on!(self, read, practices_page(filter, sort, limit, offset))
    }

    async fn published_practice_counts(&self, country: Option<&str>) -> CoreResult<PracticeCounts> {
        on!(self, read, counts::published_practice_counts(country))
    }

    async fn published_organisation_count(&self, country: &str) -> CoreResult<i64> {
        on!(self, read, counts::published_organisation_count(country))
    }

    async fn transition_practice(
        &self,
        id: i64,
        from: Status,
        to: Status,
        outcome: Option<Outcome>,
        actor_id: Option<i64>,
        reason: Option<&str>,
    ) -> CoreResult<Practice> {
        on!(
            self,
            write,
            transition_practice(id, from, to, outcome, actor_id, reason)
        )
    }

    async fn transitions(&self, practice_id: i64) -> CoreResult<Vec<TransitionRecord>> {
        on!(self, read, transitions(practice_id))
    }

    async fn revisions(&self, practice_id: i64) -> CoreResult<Vec<Revision>> {
        on!(self, read, revisions(practice_id))
    }

    async fn revision(&self, practice_id: i64, number: i64) -> CoreResult<Option<Revision>> {
        on!(self, read, revision(practice_id, number))
    }

    async fn import_practices(
        &self,
        records: &[PracticeRecord],
        ctx: &SaveContext,
    ) -> CoreResult<usize> {
        on!(self, write, import::import_practices(records, ctx))
    }

    async fn assign_reviewers(
        &self,
        practice_id: i64,
        reviewer_ids: &[i64],
        assigned_by: i64,
    ) -> CoreResult<()> {
        on!(
            self,
            write,
            assign_reviewers(practice_id, reviewer_ids, assigned_by)
        )
    }

    async fn save_review(
        &self,
        practice_id: i64,
        reviewer_id: i64,
        input: &ReviewInput,
    ) -> CoreResult<Review> {
        on!(self, write, save_review(practice_id, reviewer_id, input))
    }

    async fn reviews(&self, practice_id: i64) -> CoreResult<Vec<Review>> {
        on!(self, read, reviews(practice_id))
    }

    async fn review_queue(&self, reviewer_id: i64) -> CoreResult<Vec<Practice>> {
        on!(self, read, review_queue(reviewer_id))
    }

    async fn list_organisations(&self, limit: i64, offset: i64) -> CoreResult<Page<Organisation>> {
        on!(self, read, organisations::list_organisations(limit, offset))
    }

    async fn organisation_by_slug(&self, slug: &str) -> CoreResult<Option<Organisation>> {
        on!(self, read, organisations::organisation_by_slug(slug))
    }

    async fn organisation_slugs(&self, slugs: &[String]) -> CoreResult<Vec<(String, String)>> {
        on!(self, read, organisations::organisation_slugs(slugs))
    }

    async fn join_organisation(
        &self,
        account_id: i64,
        name: &str,
        country: Option<&str>,
        role: MemberRole,
    ) -> CoreResult<Membership> {
        on!(
            self,
            write,
            organisations::join_organisation(account_id, name, country, role)
        )
    }

    async fn memberships(&self, account_id: i64) -> CoreResult<Vec<Membership>> {
        on!(self, read, organisations::memberships(account_id))
    }

    async fn create_account(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
    ) -> CoreResult<Account> {
        on!(
            self,
            write,
            create_account(email, display_name, password_hash, role)
        )
    }

    async fn account_by_email(&self, email: &str) -> CoreResult<Option<(Account, String)>> {
        on!(self, read, account_by_email(email))
    }

    async fn account_by_id(&self, id: i64) -> CoreResult<Option<Account>> {
        on!(self, read, account_by_id(id))
    }

    async fn list_accounts(&self, limit: i64, offset: i64) -> CoreResult<Page<Account>> {
        on!(self, read, list_accounts(limit, offset))
    }

    async fn accounts_with_roles(&self, roles: &[Role]) -> CoreResult<Vec<Account>> {
        on!(self, read, accounts::accounts_with_roles(roles))
    }

    async fn set_role(&self, account_id: i64, role: Role) -> CoreResult<()> {
        on!(self, write, set_role(account_id, role))
    }

    async fn personal_data(&self, account_id: i64) -> CoreResult<serde_json::Value> {
        on!(self, read, personal_data(account_id))
    }

    async fn erase_account(&self, account_id: i64) -> CoreResult<()> {
        on!(self, write, erase_account(account_id))
    }

    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> CoreResult<()> {
        on!(
            self,
            write,
            create_session(token_hash, account_id, csrf_token, expires_at)
        )
    }

    async fn session(&self, token_hash: &str) -> CoreResult<Option<SessionRecord>> {
        on!(self, read, session(token_hash))
    }

    async fn delete_session(&self, token_hash: &str) -> CoreResult<()> {
        on!(self, write, delete_session(token_hash))
    }

    async fn create_api_token(
        &self,
        account_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        scopes: TokenScopes,
    ) -> CoreResult<ApiToken> {
        on!(
            self,
            write,
            create_api_token(account_id, name, token_hash, prefix, scopes)
        )
    }

    async fn api_tokens(&self, account_id: i64) -> CoreResult<Vec<ApiToken>> {
        on!(self, read, api_tokens(account_id))
    }

    async fn account_by_api_token(
        &self,
        token_hash: &str,
    ) -> CoreResult<Option<(Account, TokenScopes)>> {
        // Writes last_used_at, hence the writer.
        on!(self, write, account_by_api_token(token_hash))
    }

    async fn delete_api_token(&self, account_id: i64, token_id: i64) -> CoreResult<bool> {
        on!(self, write, delete_api_token(account_id, token_id))
    }

    async fn update_login_counters(
        &self,
        keys: &[String],
        update: &mut CounterUpdate<'_>,
    ) -> CoreResult<()> {
        on!(self, write, update_login_counters(keys, update))
    }

    async fn prune_login_counters(&self, before: OffsetDateTime) -> CoreResult<u64> {
        on!(self, write, prune_login_counters(before))
    }

    async fn clear_login_counters(&self, email: &str) -> CoreResult<()> {
        on!(self, write, clear_login_counters(email))
    }

    async fn outbox_after(&self, after_id: i64, limit: i64) -> CoreResult<Vec<OutboxEntry>> {
        on!(self, read, outbox_after(after_id, limit))
    }

    async fn outbox_last_id(&self) -> CoreResult<i64> {
        on!(self, read, outbox_last_id())
    }

    async fn practices_after(&self, after_id: i64, limit: i64) -> CoreResult<Vec<Practice>> {
        on!(self, read, practices_after(after_id, limit))
    }
}

#[async_trait]
impl OrganisationStore for Db {
    async fn organisation_by_id(&self, id: i64) -> CoreResult<Option<Organisation>> {
        on!(self, read, organisations::organisation_by_id(id))
    }

    async fn unconfirmed_organisations(
        &self,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<Organisation>> {
        on!(
            self,
            read,
            organisations::unconfirmed_organisations(limit, offset)
        )
    }

    async fn create_organisation(
        &self,
        account_id: i64,
        name: &str,
        country: Option<&str>,
    ) -> CoreResult<Membership> {
        on!(
            self,
            write,
            organisations::create_organisation(account_id, name, country)
        )
    }

    async fn membership(
        &self,
        organisation_id: i64,
        account_id: i64,
    ) -> CoreResult<Option<Membership>> {
        on!(
            self,
            read,
            organisations::membership(organisation_id, account_id)
        )
    }

    async fn request_membership(
        &self,
        organisation_id: i64,
        account_id: i64,
    ) -> CoreResult<Membership> {
        on!(
            self,
            write,
            organisations::request_membership(organisation_id, account_id)
        )
    }

    async fn decide_membership(
        &self,
        change: &MembershipChange,
        to: MembershipStatus,
    ) -> CoreResult<()> {
        on!(self, write, organisations::decide_membership(change, to))
    }

    async fn set_member_role(&self, change: &MembershipChange, role: MemberRole) -> CoreResult<()> {
        on!(self, write, organisations::set_member_role(change, role))
    }

    async fn remove_member(&self, change: &MembershipChange) -> CoreResult<()> {
        on!(self, write, organisations::remove_member(change))
    }

    async fn members(&self, organisation_id: i64) -> CoreResult<Vec<Member>> {
        on!(self, read, organisations::members(organisation_id))
    }

    async fn create_invitation(
        &self,
        token_hash: &str,
        organisation_id: i64,
        email: &str,
        role: MemberRole,
        invited_by: i64,
        expires_at: OffsetDateTime,
    ) -> CoreResult<Invitation> {
        on!(
            self,
            write,
            organisations::create_invitation(
                token_hash,
                organisation_id,
                email,
                role,
                invited_by,
                expires_at
            )
        )
    }

    async fn invitation(&self, token_hash: &str) -> CoreResult<Option<Invitation>> {
        on!(self, read, organisations::invitation(token_hash))
    }

    async fn accept_invitation(&self, token_hash: &str, account_id: i64) -> CoreResult<Membership> {
        on!(
            self,
            write,
            organisations::accept_invitation(token_hash, account_id)
        )
    }

    async fn confirm_organisation(&self, organisation_id: i64, actor_id: i64) -> CoreResult<()> {
        on!(
            self,
            write,
            organisations::confirm_organisation(organisation_id, actor_id)
        )
    }

    async fn merge_organisations(&self, from: i64, into: i64, actor_id: i64) -> CoreResult<()> {
        on!(
            self,
            write,
            organisations::merge_organisations(from, into, actor_id)
        )
    }

    async fn organisation_events(
        &self,
        organisation_id: i64,
        limit: i64,
    ) -> CoreResult<Vec<OrganisationEvent>> {
        on!(
            self,
            read,
            organisations::organisation_events(organisation_id, limit)
        )
    }

    async fn account_events(
        &self,
        account_id: i64,
        limit: i64,
    ) -> CoreResult<Vec<OrganisationEvent>> {
        on!(self, read, organisations::account_events(account_id, limit))
    }
}

#[async_trait]
impl RequestStore for Db {
    async fn create_request(&self, request: &NewRequest<'_>) -> CoreResult<PracticeRequest> {
        on!(self, write, requests::create_request(request))
    }

    async fn request_by_id(&self, id: i64) -> CoreResult<Option<PracticeRequest>> {
        on!(self, read, requests::request_by_id(id))
    }

    async fn pending_requests(&self, practice_id: i64) -> CoreResult<Vec<PracticeRequest>> {
        on!(self, read, requests::pending_requests(practice_id))
    }

    async fn practice_requests(&self, practice_id: i64) -> CoreResult<Vec<PracticeRequest>> {
        on!(self, read, requests::practice_requests(practice_id))
    }

    async fn request_queue(
        &self,
        country: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<PracticeRequest>> {
        on!(self, read, requests::request_queue(country, limit, offset))
    }

    async fn revise_request(
        &self,
        id: i64,
        base_version: i64,
        content: &PracticeContent,
        minor: bool,
        note: Option<&str>,
    ) -> CoreResult<PracticeRequest> {
        on!(
            self,
            write,
            requests::revise_request(id, base_version, content, minor, note)
        )
    }

    async fn decide_request(&self, decision: &RequestDecision<'_>) -> CoreResult<PracticeRequest> {
        on!(self, write, requests::decide_request(decision))
    }
}

#[async_trait]
impl AccountStore for Db {
    async fn search_accounts(&self, q: &str, limit: i64, offset: i64) -> CoreResult<Page<Account>> {
        on!(self, read, accounts::search_accounts(q, limit, offset))
    }

    async fn set_account_disabled(&self, account_id: i64, disabled: bool) -> CoreResult<()> {
        on!(
            self,
            write,
            accounts::set_account_disabled(account_id, disabled)
        )
    }

    async fn set_account_country(&self, account_id: i64, country: Option<&str>) -> CoreResult<()> {
        on!(
            self,
            write,
            accounts::set_account_country(account_id, country)
        )
    }

    async fn create_email_link(
        &self,
        token_hash: &str,
        account_id: i64,
        purpose: EmailLinkPurpose,
        expires_at: OffsetDateTime,
    ) -> CoreResult<()> {
        on!(
            self,
            write,
            accounts::create_email_link(token_hash, account_id, purpose, expires_at)
        )
    }

    async fn confirm_email(&self, token_hash: &str) -> CoreResult<Option<i64>> {
        on!(self, write, accounts::confirm_email(token_hash))
    }

    async fn use_email_link(
        &self,
        token_hash: &str,
        purpose: EmailLinkPurpose,
    ) -> CoreResult<Option<i64>> {
        on!(self, write, accounts::use_email_link(token_hash, purpose))
    }

    async fn email_links_since(
        &self,
        account_id: i64,
        purpose: EmailLinkPurpose,
        since: OffsetDateTime,
    ) -> CoreResult<i64> {
        on!(
            self,
            read,
            accounts::email_links_since(account_id, purpose, since)
        )
    }
}
