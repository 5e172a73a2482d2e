//! Owners keep published practices current through requests a curator decides:
//! a proposed update, or a request to archive.

use serde::Serialize;

use super::{Hub, MAX_LIMIT, page_bounds};
use crate::accounts::Actor;
use crate::authz::{Action, authorize};
use crate::curation::Status;
use crate::diff::{FieldChange, diff};
use crate::error::{CoreError, CoreResult, FieldError};
use crate::practice::{Page, PracticeContent};
use crate::requests::{NewRequest, PracticeRequest, RequestDecision, RequestKind, RequestStatus};

pub const MAX_NOTE_CHARS: usize = 10_000;

/// A request with what it would change.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub request: PracticeRequest,
    /// For updates: the published record against the proposal.
    pub changes: Vec<FieldChange>,
    pub can_decide: bool,
    pub can_withdraw: bool,
}

fn clean_note(note: Option<String>, field: &str, required: bool) -> CoreResult<Option<String>> {
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    match &note {
        None if required => Err(CoreError::field(field, "required")),
        Some(n) if n.chars().count() > MAX_NOTE_CHARS => Err(CoreError::Validation(vec![
            FieldError::new(field, "too_long").with("max", MAX_NOTE_CHARS),
        ])),
        _ => Ok(note),
    }
}

impl Hub {
    /// Proposes an update of a published practice. The published record stays as
    /// it is; the author's own pending proposal is revised instead of duplicated.
    /// `based_on` is the version the author's form was made from: a proposal made
    /// on an older version would undo the changes since, so it is refused.
    pub async fn propose_update(
        &self,
        actor: &Actor,
        slug: &str,
        based_on: Option<i64>,
        content: PracticeContent,
        note: Option<String>,
        minor: bool,
    ) -> CoreResult<PracticeRequest> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::ProposeUpdate(&facts))?;
        if practice.status != Status::Published {
            return Err(CoreError::InvalidTransition {
                from: practice.status.as_str().into(),
                to: "update".into(),
                reason: "only_published_take_update_requests".into(),
            });
        }
        if based_on.is_some_and(|v| v != practice.version) {
            return Err(CoreError::StaleVersion {
                current: practice.version,
            });
        }
        let note = clean_note(note, "note", false)?;
        self.check_content(&content)?;
        self.check_owners(actor, &content, Some(&practice.content))
            .await?;
        let pending = self.repo.pending_requests(practice.id).await?;
        if let Some(mine) = pending
            .iter()
            .find(|r| r.kind == RequestKind::Update && r.author_id == actor.id())
        {
            return self
                .repo
                .revise_request(mine.id, practice.version, &content, minor, note.as_deref())
                .await;
        }
        self.repo
            .create_request(&NewRequest {
                practice_id: practice.id,
                kind: RequestKind::Update,
                content: Some(&content),
                base_version: practice.version,
                minor,
                note: note.as_deref(),
                author_id: actor.id().unwrap_or_default(),
            })
            .await
    }

    /// Asks an editor to archive a published practice; the reason is required.
    pub async fn request_archive(
        &self,
        actor: &Actor,
        slug: &str,
        reason: Option<String>,
    ) -> CoreResult<PracticeRequest> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::RequestArchive(&facts))?;
        if practice.status != Status::Published {
            return Err(CoreError::InvalidTransition {
                from: practice.status.as_str().into(),
                to: "archive".into(),
                reason: "only_published_take_archive_requests".into(),
            });
        }
        let reason = clean_note(reason, "reason", true)?;
        self.repo
            .create_request(&NewRequest {
                practice_id: practice.id,
                kind: RequestKind::Archive,
                content: None,
                base_version: practice.version,
                minor: false,
                note: reason.as_deref(),
                author_id: actor.id().unwrap_or_default(),
            })
            .await
    }

    /// Requests of one practice, newest first: for its owners and curators.
    pub async fn practice_requests(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> CoreResult<Vec<PracticeRequest>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::ReadCuration(&facts))?;
        self.repo.practice_requests(practice.id).await
    }

    pub async fn request(&self, actor: &Actor, id: i64) -> CoreResult<RequestView> {
        let request = self
            .repo
            .request_by_id(id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let practice = self
            .repo
            .practice_by_id(request.practice_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts)).map_err(|_| CoreError::NotFound)?;
        authorize(actor, Action::ReadCuration(&facts)).map_err(|_| CoreError::NotFound)?;
        let changes = match &request.content {
            Some(proposed) => diff(&practice.content, proposed),
            None => Vec::new(),
        };
        let pending = request.status == RequestStatus::Pending;
        Ok(RequestView {
            can_decide: pending && authorize(actor, Action::DecideRequest(&facts)).is_ok(),
            can_withdraw: pending && request.author_id.is_some() && request.author_id == actor.id(),
            changes,
            request,
        })
    }

    /// Approves or declines. Declining needs a reason; so does approving an update
    /// that is not marked minor, since it stands for a review of the change.
    pub async fn decide_request(
        &self,
        actor: &Actor,
        id: i64,
        approve: bool,
        reason: Option<String>,
    ) -> CoreResult<PracticeRequest> {
        let view = self.request(actor, id).await?;
        let practice = self
            .repo
            .practice_by_id(view.request.practice_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::DecideRequest(&facts))?;
        let needs_reason =
            !approve || (view.request.kind == RequestKind::Update && !view.request.minor);
        let reason = clean_note(reason, "reason", needs_reason)?;
        if approve && let Some(content) = &view.request.content {
            // The catalog may have changed since the proposal was made.
            self.check_content(content)?;
        }
        self.repo
            .decide_request(&RequestDecision {
                request_id: id,
                to: if approve {
                    RequestStatus::Approved
                } else {
                    RequestStatus::Declined
                },
                actor_id: actor.id(),
                reason: reason.as_deref(),
            })
            .await
    }

    /// The author takes a pending request back.
    pub async fn withdraw_request(&self, actor: &Actor, id: i64) -> CoreResult<PracticeRequest> {
        let view = self.request(actor, id).await?;
        if !view.can_withdraw {
            return Err(CoreError::Refused(crate::authz::Refusal::NotOwner));
        }
        self.repo
            .decide_request(&RequestDecision {
                request_id: id,
                to: RequestStatus::Withdrawn,
                actor_id: actor.id(),
                reason: None,
            })
            .await
    }

    /// Pending requests, oldest first: every country for editors.
    pub async fn request_queue(
        &self,
        actor: &Actor,
        page: i64,
    ) -> CoreResult<Page<PracticeRequest>> {
        authorize(actor, Action::ReadQueue(None))?;
        let (limit, offset) = page_bounds(MAX_LIMIT, page)?;
        self.repo.request_queue(None, limit, offset).await
    }
}
