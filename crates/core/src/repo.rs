//! The storage port. `mhub-storage` implements it on SQLite and PostgreSQL;
//! services in this crate call it after deciding authorization and validity.
//! Every method is atomic: it commits all of its writes (record, revision,
//! audit row, outbox row) or none.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::accounts::{
    Account, AccountStore, ApiToken, Membership, Organisation, Role, TokenScopes,
};
use crate::authz::PracticeFacts;
use crate::curation::{Outcome, Review, ReviewInput, Status, TransitionRecord};
use crate::error::CoreResult;
use crate::organisations::{MemberRole, OrganisationStore};
use crate::practice::{
    Page, Practice, PracticeContent, PracticeCounts, PracticeFilter, PracticeSort, Revision,
    SaveContext,
};
use crate::reference::ReferenceData;
use crate::requests::RequestStore;
use crate::throttle::CounterUpdate;

/// One record of an import or export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeRecord {
    pub slug: String,
    #[serde(default = "default_status")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub content: PracticeContent,
}

fn default_status() -> Status {
    Status::Draft
}

/// A content change for the search index and other projections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEntry {
    pub id: i64,
    /// `practice`.
    pub entity: String,
    pub entity_id: i64,
    /// `upsert` or `delete`.
    pub operation: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A session looked up by its token hash.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub account: Account,
    pub csrf_token: String,
    pub expires_at: OffsetDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStatus {
    pub size: u32,
    pub idle: u32,
}

/// The whole port. Newer areas have their own traits (organisations, owners'
/// requests, account administration); a store implements them all.
#[async_trait]
pub trait Repository:
    OrganisationStore + RequestStore + AccountStore + Send + Sync + 'static
{
    // --- operations
    async fn ping(&self) -> CoreResult<()>;
    fn pool_status(&self) -> PoolStatus;
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// SQLite online backup into a new file; PostgreSQL answers with a pointer to pg_dump.
    async fn backup(&self, path: &str) -> CoreResult<()>;

    // --- reference data
    /// Replaces the reference data when `reference.version` is newer than the stored one.
    /// Returns whether it wrote anything.
    async fn sync_reference(&self, reference: &ReferenceData) -> CoreResult<bool>;
    async fn load_reference(&self) -> CoreResult<ReferenceData>;
    /// Published practices per country (iso2), countries without any omitted.
    async fn published_counts_by_country(&self) -> CoreResult<Vec<(String, i64)>>;
    /// A small key-value store for start-up bookkeeping (e.g. `demo_loaded`).
    async fn meta(&self, key: &str) -> CoreResult<Option<String>>;
    async fn set_meta(&self, key: &str, value: &str) -> CoreResult<()>;

    // --- practices
    /// Fails with `Conflict { field: "slug" }` when the slug is taken.
    async fn create_practice(
        &self,
        record: &PracticeRecord,
        ctx: &SaveContext,
    ) -> CoreResult<Practice>;
    /// Fails with `StaleVersion` when `expected_version` is given and differs.
    async fn update_practice(
        &self,
        id: i64,
        expected_version: Option<i64>,
        content: &PracticeContent,
        ctx: &SaveContext,
    ) -> CoreResult<Practice>;
    async fn practice_by_slug(&self, slug: &str) -> CoreResult<Option<Practice>>;
    async fn practice_by_id(&self, id: i64) -> CoreResult<Option<Practice>>;
    /// The practices of `ids` that exist, in one round trip, in no particular order.
    async fn practices_by_ids(&self, ids: &[i64]) -> CoreResult<Vec<Practice>>;
    async fn practice_facts(&self, practice: &Practice) -> CoreResult<PracticeFacts>;
    async fn list_practices(
        &self,
        filter: &PracticeFilter,
        sort: PracticeSort,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<Practice>>;
    /// The page of `list_practices` without its total, for pages that count
    /// elsewhere (the search index, [`Repository::published_practice_counts`]).
    async fn practices_page(
        &self,
        filter: &PracticeFilter,
        sort: PracticeSort,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Vec<Practice>>;
    /// Published practices (of `country`, or all) per facet value, in one
    /// statement: what the search engine's facets give when it is not there.
    async fn published_practice_counts(&self, country: Option<&str>) -> CoreResult<PracticeCounts>;
    /// Organisations linked to the published practices of `country`.
    async fn published_organisation_count(&self, country: &str) -> CoreResult<i64>;
    /// Moves `id` from `from` to `to` (refused with `InvalidTransition` if it is no longer
    /// in `from`), sets or clears the outcome, bumps the version and records the audit row.
    async fn transition_practice(
        &self,
        id: i64,
        from: Status,
        to: Status,
        outcome: Option<Outcome>,
        actor_id: Option<i64>,
        reason: Option<&str>,
    ) -> CoreResult<Practice>;
    async fn transitions(&self, practice_id: i64) -> CoreResult<Vec<TransitionRecord>>;
    /// Newest first.
    async fn revisions(&self, practice_id: i64) -> CoreResult<Vec<Revision>>;
    async fn revision(&self, practice_id: i64, number: i64) -> CoreResult<Option<Revision>>;
    /// Creates each record (or, when its slug exists, saves a new revision of it), all in
    /// one transaction.
    async fn import_practices(
        &self,
        records: &[PracticeRecord],
        ctx: &SaveContext,
    ) -> CoreResult<usize>;

    // --- review
    async fn assign_reviewers(
        &self,
        practice_id: i64,
        reviewer_ids: &[i64],
        assigned_by: i64,
    ) -> CoreResult<()>;
    /// Creates or replaces this reviewer's review of the practice.
    async fn save_review(
        &self,
        practice_id: i64,
        reviewer_id: i64,
        input: &ReviewInput,
    ) -> CoreResult<Review>;
    async fn reviews(&self, practice_id: i64) -> CoreResult<Vec<Review>>;
    /// Practices assigned to the reviewer that are submitted or in review.
    async fn review_queue(&self, reviewer_id: i64) -> CoreResult<Vec<Practice>>;

    // --- organisations
    async fn list_organisations(&self, limit: i64, offset: i64) -> CoreResult<Page<Organisation>>;
    async fn organisation_by_slug(&self, slug: &str) -> CoreResult<Option<Organisation>>;
    /// `(slug, current slug)` of the organisations among `slugs`, in one
    /// statement: a merged organisation's current slug is the one it became.
    async fn organisation_slugs(&self, slugs: &[String]) -> CoreResult<Vec<(String, String)>>;
    /// Makes the account an active member of the organisation of that name,
    /// creating it if needed, with no consent step: for the operator (CLI) and
    /// imports only. People ask through `OrganisationStore::request_membership`.
    async fn join_organisation(
        &self,
        account_id: i64,
        name: &str,
        country: Option<&str>,
        role: MemberRole,
    ) -> CoreResult<Membership>;
    /// The account's memberships in every status.
    async fn memberships(&self, account_id: i64) -> CoreResult<Vec<Membership>>;

    // --- accounts
    /// Fails with `Conflict { field: "email" }` when the e-mail is taken (case-insensitive).
    async fn create_account(
        &self,
        email: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
    ) -> CoreResult<Account>;
    /// The account and its password hash.
    async fn account_by_email(&self, email: &str) -> CoreResult<Option<(Account, String)>>;
    async fn account_by_id(&self, id: i64) -> CoreResult<Option<Account>>;
    async fn list_accounts(&self, limit: i64, offset: i64) -> CoreResult<Page<Account>>;
    /// Accounts (not erased) with one of `roles`, by id.
    async fn accounts_with_roles(&self, roles: &[Role]) -> CoreResult<Vec<Account>>;
    async fn set_role(&self, account_id: i64, role: Role) -> CoreResult<()>;
    /// Everything stored about the person, as a JSON document.
    async fn personal_data(&self, account_id: i64) -> CoreResult<serde_json::Value>;
    /// Removes personal data: sessions, tokens, memberships and login traces go; the
    /// account row is anonymised so contributions keep their organisation attribution.
    async fn erase_account(&self, account_id: i64) -> CoreResult<()>;

    // --- sessions and tokens (only hashes of secrets are stored)
    async fn create_session(
        &self,
        token_hash: &str,
        account_id: i64,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> CoreResult<()>;
    /// Unexpired sessions only.
    async fn session(&self, token_hash: &str) -> CoreResult<Option<SessionRecord>>;
    async fn delete_session(&self, token_hash: &str) -> CoreResult<()>;
    async fn create_api_token(
        &self,
        account_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        scopes: TokenScopes,
    ) -> CoreResult<ApiToken>;
    async fn api_tokens(&self, account_id: i64) -> CoreResult<Vec<ApiToken>>;
    /// The token's account and scopes; also records the use.
    async fn account_by_api_token(
        &self,
        token_hash: &str,
    ) -> CoreResult<Option<(Account, TokenScopes)>>;
    async fn delete_api_token(&self, account_id: i64, token_id: i64) -> CoreResult<bool>;

    // --- sign-in throttling (crate::throttle; keys like `pair:<email>|<ip>`)
    /// Reads the counters of `keys` (`None`: no row) and, when `update` returns
    /// `Some`, stores its entries in the same order (`None`: delete the row), all
    /// atomically: concurrent calls touching a key, on any node, run one after the
    /// other and see each other's writes.
    async fn update_login_counters(
        &self,
        keys: &[String],
        update: &mut CounterUpdate<'_>,
    ) -> CoreResult<()>;
    /// Deletes the counters whose last attempt is older than `before`; returns how many.
    async fn prune_login_counters(&self, before: OffsetDateTime) -> CoreResult<u64>;
    /// Forgets the counters of the account and of its (account, address) pairs.
    async fn clear_login_counters(&self, email: &str) -> CoreResult<()>;

    // --- outbox
    async fn outbox_after(&self, after_id: i64, limit: i64) -> CoreResult<Vec<OutboxEntry>>;
    /// The newest outbox id, 0 when the outbox is empty.
    async fn outbox_last_id(&self) -> CoreResult<i64>;
    /// Practices in every state with `id > after_id`, in id order: how projections
    /// such as the search index are rebuilt without deep offsets.
    async fn practices_after(&self, after_id: i64, limit: i64) -> CoreResult<Vec<Practice>>;
}
