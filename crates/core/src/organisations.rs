//! Organisations and who speaks for them. Membership is by consent: joining an
//! existing organisation is a request its managers (or an editor) decide, or an
//! invitation a manager sends; every change is written to the organisation's
//! audit trail in the same transaction.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::accounts::{Membership, Organisation};
use crate::error::CoreResult;
use crate::practice::Page;

/// How long an invitation link stays valid.
pub const INVITATION_LIFETIME: Duration = Duration::days(14);

/// A person's role inside one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    Member,
    /// Decides requests, invites and removes members, hands the role on.
    Manager,
}

impl MemberRole {
    pub const ALL: [MemberRole; 2] = [MemberRole::Member, MemberRole::Manager];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Member => "member",
            MemberRole::Manager => "manager",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Where a membership stands. Only an active one lets a person act for the organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Requested by the person, waiting for a manager or an editor.
    Pending,
    Active,
    Declined,
}

impl MembershipStatus {
    pub const ALL: [MembershipStatus; 3] = [Self::Pending, Self::Active, Self::Declined];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One person in an organisation's member list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub account_id: i64,
    pub display_name: String,
    pub email: String,
    pub role: MemberRole,
    pub status: MembershipStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

/// What happened in an organisation, for its audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationEventKind {
    Created,
    Requested,
    Approved,
    Declined,
    Invited,
    JoinedByInvitation,
    RoleChanged,
    Removed,
    Left,
    Confirmed,
    /// This organisation was merged into another (detail: the other's slug).
    MergedAway,
    /// Another organisation was merged into this one (detail: the other's slug).
    MergedIn,
}

impl OrganisationEventKind {
    pub const ALL: [Self; 12] = [
        Self::Created,
        Self::Requested,
        Self::Approved,
        Self::Declined,
        Self::Invited,
        Self::JoinedByInvitation,
        Self::RoleChanged,
        Self::Removed,
        Self::Left,
        Self::Confirmed,
        Self::MergedAway,
        Self::MergedIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Invited => "invited",
            Self::JoinedByInvitation => "joined_by_invitation",
            Self::RoleChanged => "role_changed",
            Self::Removed => "removed",
            Self::Left => "left",
            Self::Confirmed => "confirmed",
            Self::MergedAway => "merged_away",
            Self::MergedIn => "merged_in",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationEvent {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_slug: String,
    pub kind: OrganisationEventKind,
    /// The person the event is about.
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    /// Who did it.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    /// A role, an e-mail address or a slug, depending on the kind.
    pub detail: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invitation {
    pub organisation: Organisation,
    pub email: String,
    pub role: MemberRole,
    pub invited_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
}

/// A change of membership and the audit row that goes with it.
#[derive(Debug, Clone, PartialEq)]
pub struct MembershipChange {
    pub organisation_id: i64,
    pub account_id: i64,
    pub actor_id: Option<i64>,
    pub kind: OrganisationEventKind,
}

/// The organisations area of the storage port. Every method is atomic and writes
/// its audit row in the same transaction.
#[async_trait]
pub trait OrganisationStore: Send + Sync {
    async fn organisation_by_id(&self, id: i64) -> CoreResult<Option<Organisation>>;
    /// Organisations waiting for an editor's confirmation, oldest first.
    async fn unconfirmed_organisations(
        &self,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<Organisation>>;
    /// Creates an unconfirmed organisation with `account_id` as its active manager.
    /// `Conflict { field: "name" }` when an organisation of that slug exists.
    async fn create_organisation(
        &self,
        account_id: i64,
        name: &str,
        country: Option<&str>,
    ) -> CoreResult<Membership>;
    /// The person's membership of the organisation, in any status.
    async fn membership(
        &self,
        organisation_id: i64,
        account_id: i64,
    ) -> CoreResult<Option<Membership>>;
    /// Asks to join: a new or declined membership becomes pending; an existing
    /// pending or active one is returned unchanged.
    async fn request_membership(
        &self,
        organisation_id: i64,
        account_id: i64,
    ) -> CoreResult<Membership>;
    /// Moves a pending membership to `to` (active or declined); `InvalidTransition`
    /// when it is no longer pending.
    async fn decide_membership(
        &self,
        change: &MembershipChange,
        to: MembershipStatus,
    ) -> CoreResult<()>;
    async fn set_member_role(&self, change: &MembershipChange, role: MemberRole) -> CoreResult<()>;
    /// Removes the membership (any status). `NotFound` when there is none.
    async fn remove_member(&self, change: &MembershipChange) -> CoreResult<()>;
    /// Every membership of the organisation, managers first, then by name.
    async fn members(&self, organisation_id: i64) -> CoreResult<Vec<Member>>;
    async fn create_invitation(
        &self,
        token_hash: &str,
        organisation_id: i64,
        email: &str,
        role: MemberRole,
        invited_by: i64,
        expires_at: OffsetDateTime,
    ) -> CoreResult<Invitation>;
    async fn invitation(&self, token_hash: &str) -> CoreResult<Option<Invitation>>;
    /// Uses the invitation once: the account becomes an active member with the
    /// invited role (a manager keeps the higher role). `InvalidTransition` when it
    /// was used or has expired.
    async fn accept_invitation(&self, token_hash: &str, account_id: i64) -> CoreResult<Membership>;
    async fn confirm_organisation(&self, organisation_id: i64, actor_id: i64) -> CoreResult<()>;
    /// Moves practices and memberships of `from` to `into`, marks `from` merged (its
    /// slug then redirects) and queues the moved practices for re-indexing.
    async fn merge_organisations(&self, from: i64, into: i64, actor_id: i64) -> CoreResult<()>;
    /// Newest first.
    async fn organisation_events(
        &self,
        organisation_id: i64,
        limit: i64,
    ) -> CoreResult<Vec<OrganisationEvent>>;
    /// Events about one person, newest first: how they learn what was decided.
    async fn account_events(
        &self,
        account_id: i64,
        limit: i64,
    ) -> CoreResult<Vec<OrganisationEvent>>;
}
