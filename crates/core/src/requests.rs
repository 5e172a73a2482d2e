//! Owners' requests to change a published practice: a proposed update (a pending
//! revision) or a request to archive it. The published record stays public and
//! unchanged until a curator approves; approving applies the change, with its
//! revision or transition, in the same transaction as the decision.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::CoreResult;
use crate::practice::{Page, PracticeContent};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    Update,
    Archive,
}

impl RequestKind {
    pub const ALL: [RequestKind; 2] = [RequestKind::Update, RequestKind::Archive];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Update => "update",
            RequestKind::Archive => "archive",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Declined,
    /// The author took it back.
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [
        RequestStatus::Pending,
        RequestStatus::Approved,
        RequestStatus::Declined,
        RequestStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Approved => "approved",
            RequestStatus::Declined => "declined",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PracticeRequest {
    pub id: i64,
    pub practice_id: i64,
    pub practice_slug: String,
    pub practice_title: String,
    pub practice_country: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    /// The proposed record, for updates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<PracticeContent>,
    /// The practice version the proposal was made against.
    pub base_version: i64,
    /// A small correction an editor may approve directly.
    pub minor: bool,
    /// The author's note: what changed and why, or why to archive.
    pub note: Option<String>,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub decided_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub decided_at: Option<OffsetDateTime>,
    pub decision_reason: Option<String>,
}

/// A new request, as the service checked it.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub practice_id: i64,
    pub kind: RequestKind,
    pub content: Option<&'a PracticeContent>,
    pub base_version: i64,
    pub minor: bool,
    pub note: Option<&'a str>,
    pub author_id: i64,
}

/// A curator's decision on a pending request.
#[derive(Debug, Clone)]
pub struct RequestDecision<'a> {
    pub request_id: i64,
    pub to: RequestStatus,
    pub actor_id: Option<i64>,
    pub reason: Option<&'a str>,
}

/// The requests area of the storage port.
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// `Conflict { field: "request" }` when one of the same kind is pending.
    async fn create_request(&self, request: &NewRequest<'_>) -> CoreResult<PracticeRequest>;
    async fn request_by_id(&self, id: i64) -> CoreResult<Option<PracticeRequest>>;
    /// Pending requests of one practice.
    async fn pending_requests(&self, practice_id: i64) -> CoreResult<Vec<PracticeRequest>>;
    /// Every request of one practice, newest first.
    async fn practice_requests(&self, practice_id: i64) -> CoreResult<Vec<PracticeRequest>>;
    /// Pending requests, oldest first, optionally of one country's practices.
    async fn request_queue(
        &self,
        country: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> CoreResult<Page<PracticeRequest>>;
    /// Replaces the content of a pending update (its author revising it), made
    /// against practice version `base_version`.
    async fn revise_request(
        &self,
        id: i64,
        base_version: i64,
        content: &PracticeContent,
        minor: bool,
        note: Option<&str>,
    ) -> CoreResult<PracticeRequest>;
    /// Decides a pending request. Approving an update saves its content as the
    /// practice's next revision, refused (`practice_changed_since_proposal`) when
    /// the practice changed after the proposal was made; approving an archive request archives the
    /// practice with the request's note as the reason. `InvalidTransition` when
    /// the request is no longer pending or the practice left `published`.
    async fn decide_request(&self, decision: &RequestDecision<'_>) -> CoreResult<PracticeRequest>;
}
