//! Authorization: one function decides every permission, and every service
//! path goes through it.

use crate::accounts::{Actor, Role, Scope};
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
    /// Mint API tokens or erase the account: a session only, never a token.
    ManageCredentials,
}

/// The token scope an action needs; `None` when no token may do it at all.
fn scope_needed(action: &Action<'_>) -> Option<Scope> {
    Some(match action {
        Action::ReadPractice(_)
        | Action::ReadContacts
        | Action::ListUnpublished
        | Action::ListReviewers
        | Action::ReadCuration(_) => Scope::Read,
        Action::CreatePractice
        | Action::EditPractice(_)
        | Action::Transition(_, TransitionAction::Submit | TransitionAction::Archive) => {
            Scope::Practices
        }
        Action::Transition(..) | Action::AssignReviewers(_) | Action::Review(_) => Scope::Curation,
        Action::ManageAccounts | Action::ManageOwnAccount => Scope::Account,
        Action::ManageCredentials => return None,
    })
}

/// A token's limits, before its account's role is asked: what the token's
/// scopes do not cover it may still do if anyone may (read published records).
fn check_scopes(actor: &Actor, action: Action<'_>) -> CoreResult<()> {
    let Some(scopes) = actor.scopes else {
        return Ok(());
    };
    let Some(needed) = scope_needed(&action) else {
        return Err(CoreError::SessionRequired);
    };
    // Writing practices or curating includes reading what one works on.
    let granted = scopes.contains(needed)
        || (needed == Scope::Read
            && (scopes.contains(Scope::Practices) || scopes.contains(Scope::Curation)));
    if granted {
        return Ok(());
    }
    authorize(&Actor::anonymous(), action).map_err(|e| match e {
        CoreError::NotFound => CoreError::NotFound,
        _ => CoreError::MissingScope(needed),
    })
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
    check_scopes(actor, action)?;
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
        Action::ReadContacts | Action::ManageOwnAccount | Action::ManageCredentials => true,
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
            scopes: None,
        }
    }

    fn token(id: i64, role: Role, scopes: &[Scope]) -> Actor {
        Actor {
            scopes: Some(scopes.iter().copied().collect()),
            ..actor(id, role, vec![])
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

    #[test]
    fn tokens_do_only_what_their_scopes_say() {
        use crate::accounts::TokenScopes;
        let draft = facts(Status::Draft);
        let reader = token(1, Role::Contributor, &[Scope::Read]);
        assert!(authorize(&reader, Action::ReadPractice(&draft)).is_ok());
        assert!(authorize(&reader, Action::ReadCuration(&draft)).is_ok());
        assert!(matches!(
            authorize(&reader, Action::CreatePractice),
            Err(CoreError::MissingScope(Scope::Practices))
        ));
        assert!(matches!(
            authorize(&reader, Action::EditPractice(&draft)),
            Err(CoreError::MissingScope(Scope::Practices))
        ));
        assert!(matches!(
            authorize(&reader, Action::ManageOwnAccount),
            Err(CoreError::MissingScope(Scope::Account))
        ));
        // Writing includes reading what one writes.
        let writer = token(1, Role::Contributor, &[Scope::Practices]);
        assert!(authorize(&writer, Action::CreatePractice).is_ok());
        assert!(authorize(&writer, Action::EditPractice(&draft)).is_ok());
        assert!(authorize(&writer, Action::ReadPractice(&draft)).is_ok());
        assert!(
            authorize(
                &writer,
                Action::Transition(&draft, TransitionAction::Submit)
            )
            .is_ok()
        );
        // Without a scope a token is as anyone: published records only, drafts stay hidden.
        let account_only = token(1, Role::Contributor, &[Scope::Account]);
        assert!(
            authorize(
                &account_only,
                Action::ReadPractice(&facts(Status::Published))
            )
            .is_ok()
        );
        assert!(matches!(
            authorize(&account_only, Action::ReadPractice(&draft)),
            Err(CoreError::NotFound)
        ));
        // Scopes never raise a role.
        let member = token(7, Role::Member, &Scope::ALL);
        assert!(matches!(
            authorize(&member, Action::CreatePractice),
            Err(CoreError::Forbidden)
        ));
        let f = facts(Status::InReview);
        let reviewer = token(3, Role::Reviewer, &[Scope::Read, Scope::Practices]);
        assert!(matches!(
            authorize(&reviewer, Action::Review(&f)),
            Err(CoreError::MissingScope(Scope::Curation))
        ));
        let reviewer = token(3, Role::Reviewer, &[Scope::Curation]);
        assert!(authorize(&reviewer, Action::Review(&f)).is_ok());
        assert!(authorize(&reviewer, Action::Transition(&f, TransitionAction::Publish)).is_ok());
        // Empty scopes: nothing beyond what anyone may do.
        let none = Actor {
            scopes: Some(TokenScopes::default()),
            ..actor(1, Role::Admin, vec![])
        };
        assert!(authorize(&none, Action::ManageAccounts).is_err());
    }

    #[test]
    fn minting_tokens_and_erasing_need_a_session() {
        let all = token(1, Role::Admin, &Scope::ALL);
        assert!(matches!(
            authorize(&all, Action::ManageCredentials),
            Err(CoreError::SessionRequired)
        ));
        assert!(authorize(&all, Action::ManageOwnAccount).is_ok());
        let session = actor(1, Role::Member, vec![]);
        assert!(authorize(&session, Action::ManageCredentials).is_ok());
        assert!(matches!(
            authorize(&Actor::anonymous(), Action::ManageCredentials),
            Err(CoreError::Unauthenticated)
        ));
    }
}
