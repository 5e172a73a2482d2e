//! Authorization: one function decides every permission, and every service
//! path goes through it.

use crate::accounts::{Actor, Role};
use crate::curation::{Status, TransitionAction};
use crate::error::{CoreError, CoreResult};

/// What the actor wants to do, with the facts about the target the rule needs.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    ReadPractice(&'a PracticeFacts),
    /// See contacts of a practice (signed-in users only).
    ReadContacts,
    /// See drafts and other unpublished records in lists.
    ListUnpublished,
    CreatePractice,
    EditPractice(&'a PracticeFacts),
    Transition(&'a PracticeFacts, TransitionAction),
    AssignReviewers(&'a PracticeFacts),
    /// See who may be assigned as a reviewer.
    ListReviewers,
    Review(&'a PracticeFacts),
    /// See the reviews and revision history of a practice.
    ReadCuration(&'a PracticeFacts),
    ManageAccounts,
    ManageOwnAccount,
}

/// What the rules need to know about a practice.
#[derive(Debug, Clone)]
pub struct PracticeFacts {
    pub status: Status,
    pub created_by: Option<i64>,
    pub owner_organisation_ids: Vec<i64>,
    pub assigned_reviewer_ids: Vec<i64>,
    pub country: String,
}

impl PracticeFacts {
    fn is_owned_by(&self, actor: &Actor) -> bool {
        let Some(id) = actor.id() else { return false };
        self.created_by == Some(id)
            || self
                .owner_organisation_ids
                .iter()
                .any(|o| actor.organisation_ids.contains(o))
    }
    fn is_reviewer(&self, actor: &Actor) -> bool {
        actor
            .id()
            .is_some_and(|id| self.assigned_reviewer_ids.contains(&id))
    }
}

/// The only place that answers "may this actor do this?".
pub fn authorize(actor: &Actor, action: Action<'_>) -> CoreResult<()> {
    if actor.system {
        return Ok(());
    }
    let Some(account) = &actor.account else {
        return match action {
            Action::ReadPractice(p) if p.status == Status::Published => Ok(()),
            Action::ReadPractice(_) => Err(CoreError::NotFound),
            _ => Err(CoreError::Unauthenticated),
        };
    };
    let role = account.role;
    let curator = role.is_curator();
    let allowed = match action {
        Action::ReadPractice(p) => {
            p.status == Status::Published || curator || p.is_owned_by(actor) || p.is_reviewer(actor)
        }
        Action::ReadContacts | Action::ManageOwnAccount => true,
        Action::ListUnpublished => true, // the storage filter narrows non-curators to their own
        Action::CreatePractice => role.may_contribute(),
        Action::EditPractice(p) => {
            curator || (role.may_contribute() && p.is_owned_by(actor) && p.status.owner_may_edit())
        }
        Action::Transition(p, t) => match t {
            TransitionAction::Submit => curator || (role.may_contribute() && p.is_owned_by(actor)),
            TransitionAction::StartReview | TransitionAction::Reopen => curator,
            TransitionAction::Publish
            | TransitionAction::RequestChanges
            | TransitionAction::Reject => {
                curator || (role == Role::Reviewer && p.is_reviewer(actor))
            }
            TransitionAction::Archive => curator || p.is_owned_by(actor),
        },
        Action::AssignReviewers(_) | Action::ListReviewers => curator,
        Action::Review(p) => p.is_reviewer(actor),
        Action::ReadCuration(p) => curator || p.is_owned_by(actor) || p.is_reviewer(actor),
        Action::ManageAccounts => role == Role::Admin,
    };
    if allowed {
        Ok(())
    } else if matches!(action, Action::ReadPractice(_)) {
        // Do not reveal that an unpublished record exists.
        Err(CoreError::NotFound)
    } else {
        Err(CoreError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Account;

    fn actor(id: i64, role: Role, orgs: Vec<i64>) -> Actor {
        Actor {
            account: Some(Account {
                id,
                email: format!("{id}@example.org"),
                display_name: "x".into(),
                role,
                country: None,
                created_at: time::OffsetDateTime::UNIX_EPOCH,
            }),
            organisation_ids: orgs,
            system: false,
        }
    }

    fn facts(status: Status) -> PracticeFacts {
        PracticeFacts {
            status,
            created_by: Some(1),
            owner_organisation_ids: vec![10],
            assigned_reviewer_ids: vec![3],
            country: "ES".into(),
        }
    }

    #[test]
    fn anonymous_reads_only_published() {
        let anon = Actor::anonymous();
        assert!(authorize(&anon, Action::ReadPractice(&facts(Status::Published))).is_ok());
        assert!(matches!(
            authorize(&anon, Action::ReadPractice(&facts(Status::Draft))),
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            authorize(&anon, Action::CreatePractice),
            Err(CoreError::Unauthenticated)
        ));
    }

    #[test]
    fn owners_edit_drafts_through_their_organisation_but_not_in_review() {
        let colleague = actor(2, Role::Contributor, vec![10]);
        assert!(authorize(&colleague, Action::EditPractice(&facts(Status::Draft))).is_ok());
        assert!(matches!(
            authorize(&colleague, Action::EditPractice(&facts(Status::InReview))),
            Err(CoreError::Forbidden)
        ));
        let stranger = actor(5, Role::Contributor, vec![11]);
        assert!(authorize(&stranger, Action::EditPractice(&facts(Status::Draft))).is_err());
        let member = actor(1, Role::Member, vec![]);
        assert!(authorize(&member, Action::CreatePractice).is_err());
    }

    #[test]
    fn only_assigned_reviewers_decide() {
        let f = facts(Status::InReview);
        let assigned = actor(3, Role::Reviewer, vec![]);
        let other = actor(4, Role::Reviewer, vec![]);
        assert!(authorize(&assigned, Action::Transition(&f, TransitionAction::Publish)).is_ok());
        assert!(authorize(&other, Action::Transition(&f, TransitionAction::Publish)).is_err());
        assert!(authorize(&other, Action::Review(&f)).is_err());
        let editor = actor(9, Role::Editor, vec![]);
        assert!(authorize(&editor, Action::AssignReviewers(&f)).is_ok());
        assert!(authorize(&assigned, Action::AssignReviewers(&f)).is_err());
    }
}
