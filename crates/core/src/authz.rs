//! Authorization: one function decides every permission, and every service
//! path goes through it.

use crate::accounts::{Account, Actor, Role, Scope};
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
    /// Propose an update of a published practice, reviewed before it replaces it.
    ProposeUpdate(&'a PracticeFacts),
    /// Ask an editor to archive a published practice.
    RequestArchive(&'a PracticeFacts),
    /// Approve or decline an owner's request.
    DecideRequest(&'a PracticeFacts),
    Transition(&'a PracticeFacts, TransitionAction),
    AssignReviewers(&'a PracticeFacts),
    /// See who may be assigned as a reviewer.
    ListReviewers,
    Review(&'a PracticeFacts),
    /// See the reviews and revision history of a practice.
    ReadCuration(&'a PracticeFacts),
    /// See the practices waiting for curation in a country (`None`: everywhere).
    ReadQueue(Option<&'a str>),
    ManageAccounts,
    ManageOwnAccount,
    /// Ask to join an organisation, or create one.
    JoinOrganisation,
    /// Decide requests, invite, remove members and hand roles on in an organisation.
    ManageOrganisation(i64),
    /// Confirm new organisations and merge duplicates.
    CurateOrganisations,
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
        | Action::ReadCuration(_)
        | Action::ReadQueue(_) => Scope::Read,
        Action::CreatePractice
        | Action::EditPractice(_)
        | Action::ProposeUpdate(_)
        | Action::RequestArchive(_)
        | Action::Transition(_, TransitionAction::Submit | TransitionAction::Archive) => {
            Scope::Practices
        }
        Action::Transition(..)
        | Action::AssignReviewers(_)
        | Action::Review(_)
        | Action::DecideRequest(_)
        | Action::CurateOrganisations => Scope::Curation,
        Action::ManageAccounts
        | Action::ManageOwnAccount
        | Action::JoinOrganisation
        | Action::ManageOrganisation(_) => Scope::Account,
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
    /// Of the owners, those an editor has not confirmed yet: they own no
    /// published practice until then.
    pub unconfirmed_organisation_ids: Vec<i64>,
    pub assigned_reviewer_ids: Vec<i64>,
    pub country: String,
}

impl PracticeFacts {
    fn is_owned_by(&self, actor: &Actor) -> bool {
        let Some(id) = actor.id() else { return false };
        let published = matches!(self.status, Status::Published | Status::Archived);
        self.created_by == Some(id)
            || self.owner_organisation_ids.iter().any(|o| {
                actor.organisation_ids.contains(o)
                    && !(published && self.unconfirmed_organisation_ids.contains(o))
            })
    }
    fn is_reviewer(&self, actor: &Actor) -> bool {
        actor
            .id()
            .is_some_and(|id| self.assigned_reviewer_ids.contains(&id))
    }
    /// Why an owner's action is refused: a pending membership is named, so the
    /// person knows whom to ask.
    fn not_owner(&self, actor: &Actor) -> Refusal {
        match actor
            .pending_organisations
            .iter()
            .find(|(id, _)| self.owner_organisation_ids.contains(id))
        {
            Some((_, name)) => Refusal::MembershipPending {
                organisation: name.clone(),
            },
            None => Refusal::NotOwner,
        }
    }
}

/// Why an action was refused: the 403 page says it and what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Follow the link sent to your e-mail address first.
    EmailUnconfirmed,
    /// Your membership of this organisation waits for its managers' approval.
    MembershipPending {
        organisation: String,
    },
    NotOwner,
    /// A published practice changes through a proposed update or an archive request.
    PublishedNeedsRequest,
    CuratorsOnly,
    /// A focal point curates only the practices of their own country.
    OutsideCountry,
    AdminsOnly,
    NotAssignedReviewer,
    ManagersOnly,
    /// Members (not visitors with a reader role) contribute practices.
    ContributorsOnly,
    AccountDisabled,
    /// An invitation is consent for the address it was sent to.
    InvitationForAnotherAddress,
}

impl Refusal {
    /// Stable code, also the key of the localized explanation (`refusal-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::EmailUnconfirmed => "email_unconfirmed",
            Refusal::MembershipPending { .. } => "membership_pending",
            Refusal::NotOwner => "not_owner",
            Refusal::PublishedNeedsRequest => "published_needs_request",
            Refusal::CuratorsOnly => "curators_only",
            Refusal::OutsideCountry => "outside_country",
            Refusal::AdminsOnly => "admins_only",
            Refusal::NotAssignedReviewer => "not_assigned_reviewer",
            Refusal::ManagersOnly => "managers_only",
            Refusal::ContributorsOnly => "contributors_only",
            Refusal::AccountDisabled => "account_disabled",
            Refusal::InvitationForAnotherAddress => "invitation_for_another_address",
        }
    }
}

fn check(ok: bool, refusal: impl FnOnce() -> Refusal) -> Result<(), Refusal> {
    if ok { Ok(()) } else { Err(refusal()) }
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
    match rule(actor, account, action) {
        Ok(()) => Ok(()),
        // Do not reveal that an unpublished record exists.
        Err(_) if matches!(action, Action::ReadPractice(_)) => Err(CoreError::NotFound),
        Err(refusal) => Err(CoreError::Refused(refusal)),
    }
}

/// The role × action table of docs/ARCHITECTURE.md, for a signed-in account.
fn rule(actor: &Actor, account: &Account, action: Action<'_>) -> Result<(), Refusal> {
    let role = account.role;
    let curator = role.is_curator();
    // A focal point curates the practices of their own country, and no other.
    let focal = |country: &str| {
        role == Role::FocalPoint && account.country.as_deref().is_some_and(|c| c == country)
    };
    let curates = |country: &str| curator || focal(country);
    let curator_refusal = |country: &str| {
        if role == Role::FocalPoint && !focal(country) {
            Refusal::OutsideCountry
        } else {
            Refusal::CuratorsOnly
        }
    };
    let contributor = || {
        check(role.may_contribute(), || Refusal::ContributorsOnly)?;
        check(account.email_confirmed, || Refusal::EmailUnconfirmed)
    };
    let owner = |p: &PracticeFacts| check(p.is_owned_by(actor), || p.not_owner(actor));
    match action {
        Action::ReadPractice(p) => check(
            p.status == Status::Published
                || curates(&p.country)
                || p.is_owned_by(actor)
                || p.is_reviewer(actor),
            || Refusal::NotOwner,
        ),
        Action::ReadContacts | Action::ManageOwnAccount | Action::ManageCredentials => Ok(()),
        // The storage filter narrows non-curators to their own records.
        Action::ListUnpublished => Ok(()),
        Action::CreatePractice => contributor(),
        Action::EditPractice(p) => {
            if curator {
                return Ok(());
            }
            contributor()?;
            owner(p)?;
            match p.status {
                s if s.owner_may_edit() => Ok(()),
                Status::Published => Err(Refusal::PublishedNeedsRequest),
                _ => Err(Refusal::CuratorsOnly),
            }
        }
        Action::ProposeUpdate(p) | Action::RequestArchive(p) => {
            contributor()?;
            owner(p)
        }
        Action::DecideRequest(_) => check(curator, || Refusal::CuratorsOnly),
        Action::Transition(p, t) => match t {
            TransitionAction::Submit => {
                if curator {
                    return Ok(());
                }
                contributor()?;
                owner(p)
            }
            TransitionAction::StartReview => {
                check(curates(&p.country), || curator_refusal(&p.country))
            }
            TransitionAction::Reopen | TransitionAction::Restore => {
                check(curator, || Refusal::CuratorsOnly)
            }
            TransitionAction::Publish
            | TransitionAction::RequestChanges
            | TransitionAction::Reject => check(
                curator || (role == Role::Reviewer && p.is_reviewer(actor)),
                || Refusal::NotAssignedReviewer,
            ),
            TransitionAction::Archive => {
                if curator {
                    return Ok(());
                }
                owner(p)?;
                // An owner asks; an editor archives a published practice.
                check(p.status != Status::Published, || {
                    Refusal::PublishedNeedsRequest
                })
            }
        },
        Action::AssignReviewers(p) => check(curates(&p.country), || curator_refusal(&p.country)),
        Action::ListReviewers => check(curator || role == Role::FocalPoint, || {
            Refusal::CuratorsOnly
        }),
        Action::Review(p) => check(p.is_reviewer(actor), || Refusal::NotAssignedReviewer),
        Action::ReadCuration(p) => check(
            curates(&p.country) || p.is_owned_by(actor) || p.is_reviewer(actor),
            || Refusal::NotOwner,
        ),
        Action::ReadQueue(country) => match country {
            None => check(curator, || Refusal::CuratorsOnly),
            Some(c) => check(curates(c), || curator_refusal(c)),
        },
        Action::ManageAccounts => check(role == Role::Admin, || Refusal::AdminsOnly),
        // Speaking for an organisation, and mail sent in its name, need a
        // confirmed address.
        Action::JoinOrganisation => check(account.email_confirmed, || Refusal::EmailUnconfirmed),
        Action::ManageOrganisation(id) => {
            if curator {
                return Ok(());
            }
            check(actor.managed_organisation_ids.contains(&id), || {
                Refusal::ManagersOnly
            })?;
            check(account.email_confirmed, || Refusal::EmailUnconfirmed)
        }
        Action::CurateOrganisations => check(curator, || Refusal::CuratorsOnly),
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
                email_confirmed: true,
                disabled: false,
            }),
            organisation_ids: orgs,
            ..Actor::default()
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
            unconfirmed_organisation_ids: vec![],
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
            Err(CoreError::Refused(_))
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

    fn refusal(actor: &Actor, action: Action<'_>) -> Option<Refusal> {
        match authorize(actor, action) {
            Err(CoreError::Refused(r)) => Some(r),
            _ => None,
        }
    }

    #[test]
    fn a_pending_membership_owns_nothing_and_the_refusal_names_the_organisation() {
        let mut pending = actor(6, Role::Contributor, vec![]);
        pending.pending_organisations = vec![(10, "Servicio Andaluz de Salud".into())];
        let f = facts(Status::Draft);
        assert!(matches!(
            authorize(&pending, Action::ReadPractice(&f)),
            Err(CoreError::NotFound)
        ));
        assert_eq!(
            refusal(&pending, Action::ProposeUpdate(&facts(Status::Published))),
            Some(Refusal::MembershipPending {
                organisation: "Servicio Andaluz de Salud".into()
            })
        );
    }

    #[test]
    fn owners_change_published_practices_only_through_requests() {
        let owner = actor(2, Role::Contributor, vec![10]);
        let published = facts(Status::Published);
        assert_eq!(
            refusal(&owner, Action::EditPractice(&published)),
            Some(Refusal::PublishedNeedsRequest)
        );
        assert_eq!(
            refusal(
                &owner,
                Action::Transition(&published, TransitionAction::Archive)
            ),
            Some(Refusal::PublishedNeedsRequest)
        );
        assert!(authorize(&owner, Action::ProposeUpdate(&published)).is_ok());
        assert!(authorize(&owner, Action::RequestArchive(&published)).is_ok());
        assert_eq!(
            refusal(&owner, Action::DecideRequest(&published)),
            Some(Refusal::CuratorsOnly)
        );
        let editor = actor(9, Role::Editor, vec![]);
        assert!(authorize(&editor, Action::DecideRequest(&published)).is_ok());
        assert!(
            authorize(
                &editor,
                Action::Transition(&published, TransitionAction::Restore)
            )
            .is_ok()
        );
        assert!(
            authorize(
                &owner,
                Action::Transition(&published, TransitionAction::Restore)
            )
            .is_err()
        );
    }

    #[test]
    fn an_unconfirmed_organisation_owns_no_published_practice() {
        let member = actor(2, Role::Contributor, vec![10]);
        let mut published = facts(Status::Published);
        published.created_by = Some(99);
        published.unconfirmed_organisation_ids = vec![10];
        assert_eq!(
            refusal(&member, Action::ProposeUpdate(&published)),
            Some(Refusal::NotOwner)
        );
        let mut draft = published.clone();
        draft.status = Status::Draft;
        assert!(authorize(&member, Action::EditPractice(&draft)).is_ok());
    }

    #[test]
    fn an_unconfirmed_address_cannot_contribute() {
        let mut fresh = actor(7, Role::Contributor, vec![10]);
        if let Some(a) = fresh.account.as_mut() {
            a.email_confirmed = false;
        }
        assert_eq!(
            refusal(&fresh, Action::CreatePractice),
            Some(Refusal::EmailUnconfirmed)
        );
        assert_eq!(
            refusal(&fresh, Action::EditPractice(&facts(Status::Draft))),
            Some(Refusal::EmailUnconfirmed)
        );
        assert!(authorize(&fresh, Action::ManageOwnAccount).is_ok());
    }

    #[test]
    fn a_focal_point_curates_their_own_country_only() {
        let mut here = actor(8, Role::FocalPoint, vec![]);
        if let Some(a) = here.account.as_mut() {
            a.country = Some("ES".into());
        }
        let mut elsewhere = here.clone();
        if let Some(a) = elsewhere.account.as_mut() {
            a.country = Some("FR".into());
        }
        let submitted = facts(Status::Submitted);
        assert!(authorize(&here, Action::AssignReviewers(&submitted)).is_ok());
        assert!(
            authorize(
                &here,
                Action::Transition(&submitted, TransitionAction::StartReview)
            )
            .is_ok()
        );
        assert!(authorize(&here, Action::ReadPractice(&submitted)).is_ok());
        assert!(authorize(&here, Action::ReadQueue(Some("ES"))).is_ok());
        assert_eq!(
            refusal(&elsewhere, Action::AssignReviewers(&submitted)),
            Some(Refusal::OutsideCountry)
        );
        assert_eq!(
            refusal(&elsewhere, Action::ReadQueue(Some("ES"))),
            Some(Refusal::OutsideCountry)
        );
        assert!(authorize(&elsewhere, Action::ReadPractice(&submitted)).is_err());
        // Curating is not deciding: publishing stays with reviewers and editors.
        let in_review = facts(Status::InReview);
        assert!(
            authorize(
                &here,
                Action::Transition(&in_review, TransitionAction::Publish)
            )
            .is_err()
        );
        assert!(
            authorize(
                &here,
                Action::Transition(&submitted, TransitionAction::Restore)
            )
            .is_err()
        );
    }

    #[test]
    fn managers_manage_their_own_organisation() {
        let mut manager = actor(2, Role::Contributor, vec![10]);
        manager.managed_organisation_ids = vec![10];
        assert!(authorize(&manager, Action::ManageOrganisation(10)).is_ok());
        assert_eq!(
            refusal(&manager, Action::ManageOrganisation(11)),
            Some(Refusal::ManagersOnly)
        );
        let member = actor(3, Role::Contributor, vec![10]);
        assert!(authorize(&member, Action::ManageOrganisation(10)).is_err());
        let editor = actor(9, Role::Editor, vec![]);
        assert!(authorize(&editor, Action::ManageOrganisation(10)).is_ok());
        assert!(authorize(&editor, Action::CurateOrganisations).is_ok());
        assert!(authorize(&manager, Action::CurateOrganisations).is_err());
        assert_eq!(
            refusal(&editor, Action::ManageAccounts),
            Some(Refusal::AdminsOnly)
        );
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
            Err(CoreError::Refused(Refusal::ContributorsOnly))
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
