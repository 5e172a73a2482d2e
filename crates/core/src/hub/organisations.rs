//! Organisations and membership by consent: requests, decisions, invitations,
//! roles, confirmation and merges.

use serde::Serialize;

use super::{Hub, MAX_LIMIT, page_bounds, valid_email};
use crate::accounts::{self, Actor, Membership, Organisation};
use crate::authz::{Action, Refusal, authorize};
use crate::error::{CoreError, CoreResult, FieldError};
use crate::organisations::{
    INVITATION_LIFETIME, Invitation, Member, MemberRole, MembershipChange, MembershipStatus,
    OrganisationEvent, OrganisationEventKind as Event,
};
use crate::practice::Page;

/// An organisation as its managers (and editors) see it.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationAdmin {
    pub organisation: Organisation,
    pub members: Vec<Member>,
    /// The audit trail, newest first.
    pub events: Vec<OrganisationEvent>,
}

/// What joining did: a request waits, a new organisation is the person's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinOutcome {
    Requested,
    AlreadyMember,
    Created,
}

impl Hub {
    pub async fn organisations(&self, limit: i64, page: i64) -> CoreResult<Page<Organisation>> {
        let (limit, offset) = page_bounds(limit, page)?;
        self.repo.list_organisations(limit, offset).await
    }

    /// Also finds an organisation merged into another; its `merged_into` names
    /// where it went, and the edge redirects there.
    pub async fn organisation(&self, slug: &str) -> CoreResult<Organisation> {
        self.repo
            .organisation_by_slug(&slug.to_ascii_lowercase())
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// The organisation a slug names now: a merged one's slug leads to the one
    /// it became, so nobody joins, invites into or manages a merged duplicate.
    async fn current_organisation(&self, slug: &str) -> CoreResult<Organisation> {
        let organisation = self.organisation(slug).await?;
        match &organisation.merged_into {
            Some(target) => self.organisation(target).await,
            None => Ok(organisation),
        }
    }

    /// Asks to join the organisation of that name, or creates it when there is
    /// none (the creator manages it; an editor confirms it).
    pub async fn join_organisation(
        &self,
        actor: &Actor,
        name: &str,
        country: Option<&str>,
    ) -> CoreResult<(Membership, JoinOutcome)> {
        authorize(actor, Action::JoinOrganisation)?;
        let account_id = actor.id().ok_or(CoreError::Unauthenticated)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(CoreError::field(
                "name",
                if name.is_empty() {
                    "required"
                } else {
                    "too_long"
                },
            ));
        }
        if let Some(c) = country
            && self.catalog().country(c).is_none()
        {
            return Err(CoreError::field("country", "unknown_country"));
        }
        let slug = crate::slug::name_slug(name);
        if slug.is_empty() {
            return Err(CoreError::field("name", "required"));
        }
        let existing = self.repo.organisation_by_slug(&slug).await?;
        let organisation = match existing {
            // Joining a merged name joins the organisation it became.
            Some(o) => match &o.merged_into {
                Some(target) => self.organisation(target).await?,
                None => o,
            },
            None => match self
                .repo
                .create_organisation(account_id, name, country)
                .await
            {
                Ok(m) => return Ok((m, JoinOutcome::Created)),
                // Created by someone else a moment ago: ask to join it instead.
                Err(CoreError::Conflict { .. }) => self.organisation(&slug).await?,
                Err(e) => return Err(e),
            },
        };
        match self.repo.membership(organisation.id, account_id).await? {
            Some(m) if m.status == MembershipStatus::Active => {
                return Ok((m, JoinOutcome::AlreadyMember));
            }
            // Asked already: the managers were told then, not again.
            Some(m) if m.status == MembershipStatus::Pending => {
                return Ok((m, JoinOutcome::Requested));
            }
            _ => {}
        }
        let m = self
            .repo
            .request_membership(organisation.id, account_id)
            .await?;
        self.tell_managers_of_request(&organisation, actor).await;
        Ok((m, JoinOutcome::Requested))
    }

    /// The account's memberships in every status, and what was decided about them.
    pub async fn memberships(&self, actor: &Actor) -> CoreResult<Vec<Membership>> {
        authorize(actor, Action::ManageOwnAccount)?;
        self.repo
            .memberships(actor.id().ok_or(CoreError::Unauthenticated)?)
            .await
    }

    pub async fn my_organisation_events(
        &self,
        actor: &Actor,
    ) -> CoreResult<Vec<OrganisationEvent>> {
        authorize(actor, Action::ManageOwnAccount)?;
        self.repo
            .account_events(actor.id().ok_or(CoreError::Unauthenticated)?, 20)
            .await
    }

    /// The member list and audit trail, for the organisation's managers and editors.
    pub async fn organisation_admin(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> CoreResult<OrganisationAdmin> {
        let organisation = self.current_organisation(slug).await?;
        authorize(actor, Action::ManageOrganisation(organisation.id))?;
        Ok(OrganisationAdmin {
            members: self.repo.members(organisation.id).await?,
            events: self.repo.organisation_events(organisation.id, 50).await?,
            organisation,
        })
    }

    /// Approves or declines a pending request; the person is told by mail.
    pub async fn decide_membership(
        &self,
        actor: &Actor,
        slug: &str,
        account_id: i64,
        approve: bool,
    ) -> CoreResult<()> {
        let organisation = self.current_organisation(slug).await?;
        authorize(actor, Action::ManageOrganisation(organisation.id))?;
        let (to, kind) = if approve {
            (MembershipStatus::Active, Event::Approved)
        } else {
            (MembershipStatus::Declined, Event::Declined)
        };
        self.repo
            .decide_membership(
                &MembershipChange {
                    organisation_id: organisation.id,
                    account_id,
                    actor_id: actor.id(),
                    kind,
                },
                to,
            )
            .await?;
        if let Some(person) = self.repo.account_by_id(account_id).await? {
            let verdict = if approve { "approved" } else { "declined" };
            self.mail(
                &person.email,
                &format!("Your request to join {}: {verdict}", organisation.name),
                &format!(
                    "Your request to join {} on the mHealth Hub was {verdict}.\n\n{}",
                    organisation.name,
                    self.link("/en/account")
                ),
            )
            .await;
        }
        Ok(())
    }

    /// Hands a role on (or back). An organisation keeps at least one manager
    /// unless an editor decides otherwise.
    pub async fn set_member_role(
        &self,
        actor: &Actor,
        slug: &str,
        account_id: i64,
        role: MemberRole,
    ) -> CoreResult<()> {
        let organisation = self.current_organisation(slug).await?;
        authorize(actor, Action::ManageOrganisation(organisation.id))?;
        if role == MemberRole::Member {
            self.keep_a_manager(actor, organisation.id, account_id)
                .await?;
        }
        self.repo
            .set_member_role(
                &MembershipChange {
                    organisation_id: organisation.id,
                    account_id,
                    actor_id: actor.id(),
                    kind: Event::RoleChanged,
                },
                role,
            )
            .await
    }

    /// Removes a member; anyone may leave an organisation themselves.
    pub async fn remove_member(
        &self,
        actor: &Actor,
        slug: &str,
        account_id: i64,
    ) -> CoreResult<()> {
        let organisation = self.current_organisation(slug).await?;
        let leaving = actor.id() == Some(account_id);
        if !leaving {
            authorize(actor, Action::ManageOrganisation(organisation.id))?;
        } else {
            authorize(actor, Action::ManageOwnAccount)?;
        }
        self.keep_a_manager(actor, organisation.id, account_id)
            .await?;
        self.repo
            .remove_member(&MembershipChange {
                organisation_id: organisation.id,
                account_id,
                actor_id: actor.id(),
                kind: if leaving { Event::Left } else { Event::Removed },
            })
            .await
    }

    /// Refuses to take the last active manager away, except for editors.
    async fn keep_a_manager(
        &self,
        actor: &Actor,
        organisation_id: i64,
        account_id: i64,
    ) -> CoreResult<()> {
        if actor.role().is_some_and(|r| r.is_curator()) {
            return Ok(());
        }
        let members = self.repo.members(organisation_id).await?;
        let managers: Vec<i64> = members
            .iter()
            .filter(|m| m.role == MemberRole::Manager && m.status == MembershipStatus::Active)
            .map(|m| m.account_id)
            .collect();
        if managers == [account_id] {
            return Err(CoreError::InvalidTransition {
                from: "manager".into(),
                to: "member".into(),
                reason: "last_manager".into(),
            });
        }
        Ok(())
    }

    /// Invites an address; the link is mailed and also returned, shown once.
    pub async fn invite_member(
        &self,
        actor: &Actor,
        slug: &str,
        email: &str,
        role: MemberRole,
    ) -> CoreResult<(Invitation, String)> {
        let organisation = self.current_organisation(slug).await?;
        authorize(actor, Action::ManageOrganisation(organisation.id))?;
        let email = email.trim().to_lowercase();
        if !valid_email(&email) {
            return Err(CoreError::Validation(vec![FieldError::new(
                "email",
                if email.is_empty() {
                    "required"
                } else {
                    "invalid_email"
                },
            )]));
        }
        let secret = accounts::new_secret("");
        let expires_at = time::OffsetDateTime::now_utc() + INVITATION_LIFETIME;
        let invitation = self
            .repo
            .create_invitation(
                &accounts::hash_secret(&secret),
                organisation.id,
                &email,
                role,
                actor.id().unwrap_or_default(),
                expires_at,
            )
            .await?;
        let link = self.link(&format!("/en/invitations/{secret}"));
        self.mail(
            &email,
            &format!(
                "Invitation to join {} on the mHealth Hub",
                organisation.name
            ),
            &format!(
                "You are invited to join {} on the mHealth Hub as {}.\n\n\
                 Sign in or create an account with this address, then open:\n{link}\n\n\
                 The link works once and expires in {} days.",
                organisation.name,
                role.as_str(),
                INVITATION_LIFETIME.whole_days()
            ),
        )
        .await;
        Ok((invitation, secret))
    }

    /// An invitation by its secret, for the page that offers to accept it.
    pub async fn invitation(&self, secret: &str) -> CoreResult<Invitation> {
        self.repo
            .invitation(&accounts::hash_secret(secret))
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// Accepts an invitation sent to the account's own address.
    pub async fn accept_invitation(&self, actor: &Actor, secret: &str) -> CoreResult<Membership> {
        authorize(actor, Action::ManageOwnAccount)?;
        let account = actor.account.as_ref().ok_or(CoreError::Unauthenticated)?;
        let invitation = self.invitation(secret).await?;
        // The link is consent for one address: a forwarded link does not work.
        if !invitation.email.eq_ignore_ascii_case(&account.email) {
            return Err(CoreError::Refused(Refusal::InvitationForAnotherAddress));
        }
        self.repo
            .accept_invitation(&accounts::hash_secret(secret), account.id)
            .await
    }

    pub async fn unconfirmed_organisations(
        &self,
        actor: &Actor,
        page: i64,
    ) -> CoreResult<Page<Organisation>> {
        authorize(actor, Action::CurateOrganisations)?;
        let (limit, offset) = page_bounds(MAX_LIMIT, page)?;
        self.repo.unconfirmed_organisations(limit, offset).await
    }

    pub async fn confirm_organisation(&self, actor: &Actor, slug: &str) -> CoreResult<()> {
        authorize(actor, Action::CurateOrganisations)?;
        let organisation = self.current_organisation(slug).await?;
        self.repo
            .confirm_organisation(organisation.id, actor.id().unwrap_or_default())
            .await
    }

    /// Merges a duplicate into another organisation: its practices and members
    /// move, and its slug redirects.
    pub async fn merge_organisations(
        &self,
        actor: &Actor,
        from: &str,
        into: &str,
    ) -> CoreResult<Organisation> {
        authorize(actor, Action::CurateOrganisations)?;
        let from = self
            .repo
            .organisation_by_slug(&from.trim().to_ascii_lowercase())
            .await?
            .ok_or_else(|| CoreError::field("from", "unknown_organisation"))?;
        let into = self
            .repo
            .organisation_by_slug(&into.trim().to_ascii_lowercase())
            .await?
            .ok_or_else(|| CoreError::field("into", "unknown_organisation"))?;
        if from.id == into.id {
            return Err(CoreError::field("into", "same_organisation"));
        }
        self.repo
            .merge_organisations(from.id, into.id, actor.id().unwrap_or_default())
            .await?;
        self.organisation(&into.slug).await
    }

    /// Mails each manager of the organisation that someone asked to join.
    async fn tell_managers_of_request(&self, organisation: &Organisation, actor: &Actor) {
        let Ok(members) = self.repo.members(organisation.id).await else {
            return;
        };
        let who = actor
            .account
            .as_ref()
            .map(|a| format!("{} <{}>", a.display_name, a.email))
            .unwrap_or_default();
        for m in members
            .iter()
            .filter(|m| m.role == MemberRole::Manager && m.status == MembershipStatus::Active)
        {
            self.mail(
                &m.email,
                &format!("Request to join {}", organisation.name),
                &format!(
                    "{who} asks to join {} on the mHealth Hub.\n\nApprove or decline:\n{}",
                    organisation.name,
                    self.link(&format!("/en/organisations/{}/members", organisation.slug))
                ),
            )
            .await;
        }
    }
}
