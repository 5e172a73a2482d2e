//! The trust contract (organisations by consent, owners' requests, account
//! administration): every test runs on SQLite, and on PostgreSQL when
//! `TEST_PG_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/test`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::BTreeMap;

use mhub_core::CoreError;
use mhub_core::accounts::{Account, AccountStore, EmailLinkPurpose, Role, TokenScopes};
use mhub_core::curation::{Outcome, Status};
use mhub_core::organisations::{
    MemberRole, MembershipChange, MembershipStatus, OrganisationEventKind as Event,
    OrganisationStore,
};
use mhub_core::practice::{
    OrganisationLink, OrganisationRole, Practice, PracticeContent, PracticeFilter, PracticeSort,
    PracticeText, SaveContext,
};
use mhub_core::repo::{PracticeRecord, Repository};
use mhub_core::requests::{NewRequest, RequestDecision, RequestKind, RequestStatus, RequestStore};
use mhub_storage::Db;
use time::{Duration, OffsetDateTime};

/// Generates `sqlite::<name>` and `postgres::<name>` for each contract function.
macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let t = crate::common::sqlite().await;
                    crate::$name(&t.db).await;
                    t.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(t) = crate::common::postgres().await else {
                        eprintln!("skipped postgres::{}: TEST_PG_URL is unset", stringify!($name));
                        return;
                    };
                    crate::$name(&t.db).await;
                    t.finish().await;
                }
            )*
        }
    };
}

contract!(
    organisation_creation_and_confirmation,
    membership_requests_and_decisions,
    roles_removal_and_account_events,
    invitations,
    merges,
    update_requests,
    archive_requests,
    approval_needs_a_published_practice,
    request_queue_by_country,
    account_search,
    disabling_and_country,
    email_confirmation_links,
    owner_visibility_needs_active_membership,
);

// ------------------------------------------------------------------ fixtures

fn ctx(actor: Option<i64>) -> SaveContext {
    SaveContext {
        actor_id: actor,
        note: None,
    }
}

fn content(title: &str, country: &str) -> PracticeContent {
    PracticeContent {
        original_language: "en".into(),
        texts: BTreeMap::from([(
            "en".to_string(),
            PracticeText {
                title: title.to_string(),
                summary: format!("About {title}"),
                ..Default::default()
            },
        )]),
        country: country.into(),
        ..Default::default()
    }
}

/// Content naming `organisation` as its owner.
fn owned_content(title: &str, country: &str, organisation: &str) -> PracticeContent {
    let mut c = content(title, country);
    c.organisations = vec![OrganisationLink {
        name: organisation.into(),
        role: OrganisationRole::Owner,
        country: None,
    }];
    c
}

fn record(slug: &str, status: Status, content: PracticeContent) -> PracticeRecord {
    PracticeRecord {
        slug: slug.into(),
        status,
        outcome: None,
        content,
    }
}

async fn account(db: &Db, email: &str) -> Account {
    db.create_account(
        email,
        &format!("Name of {email}"),
        "hash",
        Role::Contributor,
    )
    .await
    .expect("create account")
}

async fn published(db: &Db, slug: &str, c: PracticeContent) -> Practice {
    db.create_practice(&record(slug, Status::Published, c), &ctx(None))
        .await
        .expect("create practice")
}

fn change(
    organisation_id: i64,
    account_id: i64,
    actor: Option<i64>,
    kind: Event,
) -> MembershipChange {
    MembershipChange {
        organisation_id,
        account_id,
        actor_id: actor,
        kind,
    }
}

fn title(p: &Practice) -> &str {
    &p.content.texts["en"].title
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn yesterday() -> OffsetDateTime {
    OffsetDateTime::now_utc() - Duration::days(1)
}

#[track_caller]
fn assert_invalid_transition<T: std::fmt::Debug>(r: Result<T, CoreError>) {
    assert!(
        matches!(r, Err(CoreError::InvalidTransition { .. })),
        "expected InvalidTransition, got {r:?}"
    );
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(r: Result<T, CoreError>) {
    assert!(
        matches!(r, Err(CoreError::NotFound)),
        "expected NotFound, got {r:?}"
    );
}

#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(r: Result<T, CoreError>, on: &str) {
    assert!(
        matches!(&r, Err(CoreError::Conflict { field }) if field == on),
        "expected Conflict {{ field: {on:?} }}, got {r:?}"
    );
}

async fn kinds(db: &Db, organisation_id: i64) -> Vec<Event> {
    db.organisation_events(organisation_id, 100)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

async fn slugs(db: &Db, filter: &PracticeFilter) -> Vec<String> {
    let page = db
        .list_practices(filter, PracticeSort::CreatedDesc, 100, 0)
        .await
        .expect("list");
    page.items.into_iter().map(|p| p.slug).collect()
}

fn all_statuses() -> PracticeFilter {
    PracticeFilter {
        status: Status::ALL.to_vec(),
        ..Default::default()
    }
}

// --------------------------------------------------------------- organisations

async fn organisation_creation_and_confirmation(db: &Db) {
    let alice = account(db, "alice@example.org").await;
    let bob = account(db, "bob@example.org").await;
    let editor = account(db, "editor@example.org").await;
    // An organisation that exists before (made by a practice) is confirmed.
    db.join_organisation(editor.id, "Old Trusted Org", None, MemberRole::Member)
        .await
        .unwrap();

    let m = db
        .create_organisation(alice.id, "  Clínica Nueva ", Some("ES"))
        .await
        .unwrap();
    assert_eq!(
        (m.role, m.status),
        (MemberRole::Manager, MembershipStatus::Active)
    );
    let org = m.organisation.clone();
    assert_eq!(org.slug, "clinica-nueva");
    assert_eq!(org.name, "Clínica Nueva");
    assert_eq!(org.country.as_deref(), Some("ES"));
    assert!(!org.confirmed);
    assert_eq!(org.merged_into, None);
    assert_eq!(
        db.organisation_by_id(org.id).await.unwrap(),
        Some(org.clone())
    );
    assert_eq!(db.organisation_by_id(org.id + 1000).await.unwrap(), None);
    assert_eq!(
        db.membership(org.id, alice.id).await.unwrap(),
        Some(m.clone())
    );
    assert_eq!(db.membership(org.id, bob.id).await.unwrap(), None);

    // Same slug, whatever the case and accents: the name is taken, nothing is written.
    assert_conflict(
        db.create_organisation(bob.id, "CLINICA NUEVA", None).await,
        "name",
    );
    assert_conflict(
        db.create_organisation(bob.id, "Old Trusted Org", None)
            .await,
        "name",
    );
    assert_eq!(db.membership(org.id, bob.id).await.unwrap(), None);
    assert!(db.memberships(bob.id).await.unwrap().is_empty());

    let second = db
        .create_organisation(bob.id, "Second Org", None)
        .await
        .unwrap()
        .organisation;
    let page = db.unconfirmed_organisations(1, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
    assert_eq!(page.items[0].id, org.id, "oldest first");
    let rest = db.unconfirmed_organisations(1, 1).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].id, second.id);

    db.confirm_organisation(org.id, editor.id).await.unwrap();
    assert!(
        db.organisation_by_id(org.id)
            .await
            .unwrap()
            .unwrap()
            .confirmed
    );
    let page = db.unconfirmed_organisations(10, 0).await.unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(
        page.items.iter().map(|o| o.id).collect::<Vec<_>>(),
        [second.id]
    );
    assert_not_found(db.confirm_organisation(org.id + 1000, editor.id).await);

    let events = db.organisation_events(org.id, 10).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [Event::Confirmed, Event::Created],
        "newest first"
    );
    let created = &events[1];
    assert_eq!(
        (created.account_id, created.actor_id),
        (Some(alice.id), Some(alice.id))
    );
    assert_eq!(created.organisation_slug, "clinica-nueva");
    assert_eq!(created.organisation_name, "Clínica Nueva");
    assert_eq!(
        created.account_name.as_deref(),
        Some("Name of alice@example.org")
    );
    let confirmed = &events[0];
    assert_eq!(
        (confirmed.account_id, confirmed.actor_id),
        (None, Some(editor.id))
    );
    assert_eq!(
        confirmed.actor_name.as_deref(),
        Some("Name of editor@example.org")
    );
    assert!(confirmed.id > created.id);
    assert!(confirmed.at >= created.at);
    // The limit is honoured.
    assert_eq!(db.organisation_events(org.id, 1).await.unwrap().len(), 1);
}

async fn membership_requests_and_decisions(db: &Db) {
    let zed = account(db, "zed@example.org").await;
    let amy = account(db, "amy@example.org").await;
    let ben = account(db, "ben@example.org").await;
    let org = db
        .create_organisation(zed.id, "Requested Org", Some("FR"))
        .await
        .unwrap()
        .organisation;

    let m = db.request_membership(org.id, amy.id).await.unwrap();
    assert_eq!(
        (m.role, m.status, m.organisation.id),
        (MemberRole::Member, MembershipStatus::Pending, org.id)
    );
    // Asking again changes nothing and writes no second event.
    let again = db.request_membership(org.id, amy.id).await.unwrap();
    assert_eq!(again, m);
    assert_eq!(kinds(db, org.id).await, [Event::Requested, Event::Created]);
    // An active manager asking is returned unchanged.
    let manager = db.request_membership(org.id, zed.id).await.unwrap();
    assert_eq!(
        (manager.role, manager.status),
        (MemberRole::Manager, MembershipStatus::Active)
    );

    db.decide_membership(
        &change(org.id, amy.id, Some(zed.id), Event::Declined),
        MembershipStatus::Declined,
    )
    .await
    .unwrap();
    assert_eq!(
        db.membership(org.id, amy.id).await.unwrap().unwrap().status,
        MembershipStatus::Declined
    );
    // Deciding a membership that is no longer pending fails and writes nothing.
    assert_invalid_transition(
        db.decide_membership(
            &change(org.id, amy.id, Some(zed.id), Event::Approved),
            MembershipStatus::Active,
        )
        .await,
    );
    assert_invalid_transition(
        db.decide_membership(
            &change(org.id, ben.id, Some(zed.id), Event::Approved),
            MembershipStatus::Active,
        )
        .await,
    );
    assert_eq!(
        db.membership(org.id, amy.id).await.unwrap().unwrap().status,
        MembershipStatus::Declined
    );

    // After a refusal the person may ask again.
    let renewed = db.request_membership(org.id, amy.id).await.unwrap();
    assert_eq!(renewed.status, MembershipStatus::Pending);
    db.decide_membership(
        &change(org.id, amy.id, Some(zed.id), Event::Approved),
        MembershipStatus::Active,
    )
    .await
    .unwrap();
    assert_eq!(
        db.membership(org.id, amy.id).await.unwrap().unwrap().status,
        MembershipStatus::Active
    );
    assert_invalid_transition(
        db.decide_membership(
            &change(org.id, amy.id, Some(zed.id), Event::Declined),
            MembershipStatus::Declined,
        )
        .await,
    );
    let events = db.organisation_events(org.id, 100).await.unwrap();
    assert_eq!(
        events.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            Event::Approved,
            Event::Requested,
            Event::Declined,
            Event::Requested,
            Event::Created
        ]
    );
    assert_eq!(
        (events[0].account_id, events[0].actor_id),
        (Some(amy.id), Some(zed.id))
    );

    // `memberships` lists every status.
    let other = db
        .create_organisation(zed.id, "Another Org", None)
        .await
        .unwrap()
        .organisation;
    db.request_membership(other.id, ben.id).await.unwrap();
    db.request_membership(org.id, ben.id).await.unwrap();
    db.decide_membership(
        &change(org.id, ben.id, Some(zed.id), Event::Declined),
        MembershipStatus::Declined,
    )
    .await
    .unwrap();
    let ms = db.memberships(ben.id).await.unwrap();
    let statuses: Vec<(i64, MembershipStatus)> =
        ms.iter().map(|m| (m.organisation.id, m.status)).collect();
    assert_eq!(
        statuses,
        [
            (other.id, MembershipStatus::Pending),
            (org.id, MembershipStatus::Declined)
        ],
        "by organisation name"
    );

    // Managers first, then by name: zed (manager) before amy and ben.
    let members = db.members(org.id).await.unwrap();
    let list: Vec<(i64, MemberRole, MembershipStatus)> = members
        .iter()
        .map(|m| (m.account_id, m.role, m.status))
        .collect();
    assert_eq!(
        list,
        [
            (zed.id, MemberRole::Manager, MembershipStatus::Active),
            (amy.id, MemberRole::Member, MembershipStatus::Active),
            (ben.id, MemberRole::Member, MembershipStatus::Declined),
        ]
    );
    assert_eq!(members[1].email, "amy@example.org");
    assert_eq!(members[1].display_name, "Name of amy@example.org");
    assert!(db.members(org.id + 1000).await.unwrap().is_empty());
}

async fn roles_removal_and_account_events(db: &Db) {
    let zed = account(db, "zed@example.org").await;
    let amy = account(db, "amy@example.org").await;
    let ben = account(db, "ben@example.org").await;
    let org = db
        .create_organisation(zed.id, "Role Org", None)
        .await
        .unwrap()
        .organisation;
    db.request_membership(org.id, amy.id).await.unwrap();
    // A pending membership has no role to change.
    assert_not_found(
        db.set_member_role(
            &change(org.id, amy.id, Some(zed.id), Event::RoleChanged),
            MemberRole::Manager,
        )
        .await,
    );
    db.decide_membership(
        &change(org.id, amy.id, Some(zed.id), Event::Approved),
        MembershipStatus::Active,
    )
    .await
    .unwrap();
    db.set_member_role(
        &change(org.id, amy.id, Some(zed.id), Event::RoleChanged),
        MemberRole::Manager,
    )
    .await
    .unwrap();
    assert_eq!(
        db.membership(org.id, amy.id).await.unwrap().unwrap().role,
        MemberRole::Manager
    );
    let ev = &db.organisation_events(org.id, 1).await.unwrap()[0];
    assert_eq!(
        (ev.kind, ev.detail.as_deref(), ev.account_id, ev.actor_id),
        (
            Event::RoleChanged,
            Some("manager"),
            Some(amy.id),
            Some(zed.id)
        )
    );
    // Both managers now, by name.
    let ids: Vec<i64> = db
        .members(org.id)
        .await
        .unwrap()
        .iter()
        .map(|m| m.account_id)
        .collect();
    assert_eq!(ids, [amy.id, zed.id]);
    assert_not_found(
        db.set_member_role(
            &change(org.id, ben.id, Some(zed.id), Event::RoleChanged),
            MemberRole::Manager,
        )
        .await,
    );

    // Removed by a manager, then leaving on one's own.
    db.remove_member(&change(org.id, amy.id, Some(zed.id), Event::Removed))
        .await
        .unwrap();
    assert_eq!(db.membership(org.id, amy.id).await.unwrap(), None);
    assert_not_found(
        db.remove_member(&change(org.id, amy.id, Some(zed.id), Event::Removed))
            .await,
    );
    db.request_membership(org.id, ben.id).await.unwrap();
    // Any status can be removed: a pending request is withdrawn by leaving.
    db.remove_member(&change(org.id, ben.id, Some(ben.id), Event::Left))
        .await
        .unwrap();
    assert_eq!(db.membership(org.id, ben.id).await.unwrap(), None);
    let ev = db.organisation_events(org.id, 3).await.unwrap();
    assert_eq!(
        ev.iter()
            .map(|e| (e.kind, e.account_id, e.actor_id))
            .collect::<Vec<_>>(),
        [
            (Event::Left, Some(ben.id), Some(ben.id)),
            (Event::Requested, Some(ben.id), Some(ben.id)),
            (Event::Removed, Some(amy.id), Some(zed.id)),
        ]
    );
    assert_eq!(db.members(org.id).await.unwrap().len(), 1);

    // What happened to amy, newest first; nothing about the others.
    let mine = db.account_events(amy.id, 100).await.unwrap();
    assert_eq!(
        mine.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            Event::Removed,
            Event::RoleChanged,
            Event::Approved,
            Event::Requested
        ]
    );
    assert!(mine.iter().all(|e| e.account_id == Some(amy.id)));
    assert!(mine.windows(2).all(|w| w[0].id > w[1].id));
    assert_eq!(mine[0].organisation_slug, "role-org");
    assert_eq!(
        mine[0].actor_name.as_deref(),
        Some("Name of zed@example.org")
    );
    assert_eq!(db.account_events(amy.id, 2).await.unwrap().len(), 2);
    assert_eq!(
        db.account_events(zed.id, 100)
            .await
            .unwrap()
            .iter()
            .map(|e| e.kind)
            .collect::<Vec<_>>(),
        [Event::Created]
    );
}

async fn invitations(db: &Db) {
    let zed = account(db, "zed@example.org").await;
    let amy = account(db, "amy@example.org").await;
    let ben = account(db, "ben@example.org").await;
    let org = db
        .create_organisation(zed.id, "Inviting Org", None)
        .await
        .unwrap()
        .organisation;
    let expires = (now() + Duration::days(14)).replace_nanosecond(0).unwrap();

    let inv = db
        .create_invitation(
            "inv-1",
            org.id,
            "amy@example.org",
            MemberRole::Member,
            zed.id,
            expires,
        )
        .await
        .unwrap();
    assert_eq!(
        (
            inv.organisation.id,
            inv.email.as_str(),
            inv.role,
            inv.invited_by,
            inv.expires_at,
            inv.accepted_at
        ),
        (
            org.id,
            "amy@example.org",
            MemberRole::Member,
            Some(zed.id),
            expires,
            None
        )
    );
    assert_eq!(db.invitation("inv-1").await.unwrap(), Some(inv.clone()));
    assert_eq!(db.invitation("unknown").await.unwrap(), None);
    let ev = &db.organisation_events(org.id, 1).await.unwrap()[0];
    assert_eq!(
        (ev.kind, ev.detail.as_deref(), ev.account_id, ev.actor_id),
        (Event::Invited, Some("amy@example.org"), None, Some(zed.id))
    );

    let m = db.accept_invitation("inv-1", amy.id).await.unwrap();
    assert_eq!(
        (m.organisation.id, m.role, m.status),
        (org.id, MemberRole::Member, MembershipStatus::Active)
    );
    assert!(
        db.invitation("inv-1")
            .await
            .unwrap()
            .unwrap()
            .accepted_at
            .is_some()
    );
    // Once only, by anyone.
    assert_invalid_transition(db.accept_invitation("inv-1", amy.id).await);
    assert_invalid_transition(db.accept_invitation("inv-1", ben.id).await);
    assert_eq!(db.membership(org.id, ben.id).await.unwrap(), None);
    assert_invalid_transition(db.accept_invitation("unknown", ben.id).await);
    let ev = &db.organisation_events(org.id, 1).await.unwrap()[0];
    assert_eq!(
        (ev.kind, ev.account_id, ev.actor_id),
        (Event::JoinedByInvitation, Some(amy.id), Some(amy.id))
    );

    // Expired: refused, the invitation stays unused, no membership.
    db.create_invitation(
        "inv-old",
        org.id,
        "ben@example.org",
        MemberRole::Manager,
        zed.id,
        yesterday(),
    )
    .await
    .unwrap();
    assert_invalid_transition(db.accept_invitation("inv-old", ben.id).await);
    assert_eq!(
        db.invitation("inv-old").await.unwrap().unwrap().accepted_at,
        None
    );
    assert_eq!(db.membership(org.id, ben.id).await.unwrap(), None);

    // A pending request is made active by an invitation, with the invited role.
    db.request_membership(org.id, ben.id).await.unwrap();
    db.create_invitation(
        "inv-2",
        org.id,
        "ben@example.org",
        MemberRole::Manager,
        zed.id,
        expires,
    )
    .await
    .unwrap();
    let m = db.accept_invitation("inv-2", ben.id).await.unwrap();
    assert_eq!(
        (m.role, m.status),
        (MemberRole::Manager, MembershipStatus::Active)
    );

    // A manager invited as a member keeps the higher role.
    db.create_invitation(
        "inv-3",
        org.id,
        "zed@example.org",
        MemberRole::Member,
        zed.id,
        expires,
    )
    .await
    .unwrap();
    let m = db.accept_invitation("inv-3", zed.id).await.unwrap();
    assert_eq!(
        (m.role, m.status),
        (MemberRole::Manager, MembershipStatus::Active)
    );
    assert_eq!(
        db.membership(org.id, zed.id).await.unwrap().unwrap().role,
        MemberRole::Manager
    );
    let ev = &db.organisation_events(org.id, 1).await.unwrap()[0];
    assert_eq!(
        (ev.kind, ev.detail.as_deref()),
        (Event::JoinedByInvitation, Some("manager"))
    );
    assert_eq!(
        kinds(db, org.id).await,
        [
            Event::JoinedByInvitation,
            Event::Invited,
            Event::JoinedByInvitation,
            Event::Invited,
            Event::Requested,
            Event::Invited,
            Event::JoinedByInvitation,
            Event::Invited,
            Event::Created,
        ]
    );
}

async fn merges(db: &Db) {
    let alice = account(db, "alice@example.org").await;
    let bob = account(db, "bob@example.org").await;
    let carol = account(db, "carol@example.org").await;
    let editor = account(db, "editor@example.org").await;

    let from = db
        .create_organisation(alice.id, "From Org", Some("ES"))
        .await
        .unwrap()
        .organisation;
    // `into` exists already; alice is a plain member there, carol too.
    let into = db
        .join_organisation(alice.id, "Into Org", Some("ES"), MemberRole::Member)
        .await
        .unwrap()
        .organisation;
    db.join_organisation(carol.id, "Into Org", None, MemberRole::Member)
        .await
        .unwrap();
    db.request_membership(from.id, bob.id).await.unwrap();

    let p1 = published(db, "p1", owned_content("Merged one", "ES", "From Org")).await;
    let imported = db
        .import_practices(
            &[record(
                "p2",
                Status::Draft,
                owned_content("Merged two", "ES", "FROM ORG"),
            )],
            &ctx(None),
        )
        .await
        .unwrap();
    assert_eq!(imported, 1);
    let untouched = published(db, "p3", content("Unrelated", "ES")).await;
    let p2 = db.practice_by_slug("p2").await.unwrap().unwrap();
    let by_org = |slug: &str| PracticeFilter {
        organisation: vec![slug.to_string()],
        ..all_statuses()
    };
    assert_eq!(slugs(db, &by_org("from-org")).await, ["p2", "p1"]);
    assert!(slugs(db, &by_org("into-org")).await.is_empty());
    let orgs_before = db.list_organisations(100, 0).await.unwrap().total;
    let last = db.outbox_last_id().await.unwrap();

    db.merge_organisations(from.id, into.id, editor.id)
        .await
        .unwrap();

    // Practices moved.
    assert!(slugs(db, &by_org("from-org")).await.is_empty());
    assert_eq!(slugs(db, &by_org("into-org")).await, ["p2", "p1"]);
    let into_now = db.organisation_by_id(into.id).await.unwrap().unwrap();
    assert_eq!(into_now.practice_count, 1, "p1 is the published one");
    assert_eq!(into_now.merged_into, None);
    // `from` redirects and is listed nowhere.
    let from_now = db.organisation_by_slug("from-org").await.unwrap().unwrap();
    assert_eq!(from_now.merged_into.as_deref(), Some("into-org"));
    assert_eq!(from_now.practice_count, 0);
    let listed = db.list_organisations(100, 0).await.unwrap();
    assert_eq!(listed.total, orgs_before - 1);
    assert!(listed.items.iter().all(|o| o.id != from.id));
    assert!(listed.items.iter().any(|o| o.id == into.id));
    let unconfirmed = db.unconfirmed_organisations(100, 0).await.unwrap();
    assert!(unconfirmed.items.iter().all(|o| o.id != from.id));
    assert_eq!(unconfirmed.total, 0);

    // Memberships of the duplicate never raise a role or a status in the one kept
    // (anyone can create a look-alike and manage it): alice stays a plain member
    // there, bob's request stays a request.
    assert!(db.members(from.id).await.unwrap().is_empty());
    let alice_m = db.membership(into.id, alice.id).await.unwrap().unwrap();
    assert_eq!(
        (alice_m.role, alice_m.status),
        (MemberRole::Member, MembershipStatus::Active)
    );
    let bob_m = db.membership(into.id, bob.id).await.unwrap().unwrap();
    assert_eq!(
        (bob_m.role, bob_m.status),
        (MemberRole::Member, MembershipStatus::Pending)
    );
    let carol_m = db.membership(into.id, carol.id).await.unwrap().unwrap();
    assert_eq!(
        (carol_m.role, carol_m.status),
        (MemberRole::Member, MembershipStatus::Active)
    );
    assert_eq!(
        db.memberships(alice.id)
            .await
            .unwrap()
            .iter()
            .map(|m| m.organisation.id)
            .collect::<Vec<_>>(),
        [into.id]
    );

    // The moved practices are queued for re-indexing, and only they.
    let mut queued: Vec<i64> = db
        .outbox_after(last, 100)
        .await
        .unwrap()
        .iter()
        .map(|e| e.entity_id)
        .collect();
    queued.sort_unstable();
    let mut expected = vec![p1.id, p2.id];
    expected.sort_unstable();
    assert_eq!(queued, expected);
    assert!(!queued.contains(&untouched.id));

    // Audit rows on both sides.
    let away = &db.organisation_events(from.id, 1).await.unwrap()[0];
    assert_eq!(
        (away.kind, away.detail.as_deref(), away.actor_id),
        (Event::MergedAway, Some("into-org"), Some(editor.id))
    );
    let in_ = &db.organisation_events(into.id, 1).await.unwrap()[0];
    assert_eq!(
        (in_.kind, in_.detail.as_deref(), in_.actor_id),
        (Event::MergedIn, Some("from-org"), Some(editor.id))
    );

    // Once only; not into itself; nothing is queued by a refused merge.
    let last = db.outbox_last_id().await.unwrap();
    assert_invalid_transition(db.merge_organisations(from.id, into.id, editor.id).await);
    assert_invalid_transition(db.merge_organisations(into.id, from.id, editor.id).await);
    assert_invalid_transition(db.merge_organisations(into.id, into.id, editor.id).await);
    assert_not_found(
        db.merge_organisations(into.id + 1000, into.id, editor.id)
            .await,
    );
    assert_eq!(db.outbox_last_id().await.unwrap(), last);
    assert_eq!(
        kinds(db, into.id).await.first(),
        Some(&Event::MergedIn),
        "a refused merge writes no event"
    );

    // Saving a practice that still names the old organisation links the new one.
    db.update_practice(
        p2.id,
        None,
        &owned_content("Merged two, edited", "ES", "From Org"),
        &ctx(None),
    )
    .await
    .unwrap();
    published(db, "p4", owned_content("Named later", "ES", "From Org")).await;
    assert!(slugs(db, &by_org("from-org")).await.is_empty());
    assert_eq!(slugs(db, &by_org("into-org")).await, ["p4", "p2", "p1"]);
    assert_eq!(
        db.list_organisations(100, 0).await.unwrap().total,
        orgs_before - 1,
        "no organisation was created for the old name"
    );
    assert_eq!(
        db.organisation_by_id(into.id)
            .await
            .unwrap()
            .unwrap()
            .practice_count,
        2
    );
}

// ------------------------------------------------------------ practice requests

fn new_request<'a>(
    practice: &Practice,
    kind: RequestKind,
    content: Option<&'a PracticeContent>,
    note: Option<&'a str>,
    author: i64,
) -> NewRequest<'a> {
    NewRequest {
        practice_id: practice.id,
        kind,
        content,
        base_version: practice.version,
        minor: false,
        note,
        author_id: author,
    }
}

fn decision(
    request_id: i64,
    to: RequestStatus,
    actor: i64,
    reason: Option<&str>,
) -> RequestDecision<'_> {
    RequestDecision {
        request_id,
        to,
        actor_id: Some(actor),
        reason,
    }
}

async fn update_requests(db: &Db) {
    let owner = account(db, "owner@example.org").await;
    let curator = account(db, "curator@example.org").await;
    let p = published(db, "req-update", content("Original title", "ES")).await;
    let proposed = content("Proposed title", "ES");

    let r = db
        .create_request(&new_request(
            &p,
            RequestKind::Update,
            Some(&proposed),
            Some("fix the title"),
            owner.id,
        ))
        .await
        .unwrap();
    assert_eq!(
        (r.practice_id, r.kind, r.status, r.base_version, r.minor),
        (
            p.id,
            RequestKind::Update,
            RequestStatus::Pending,
            p.version,
            false
        )
    );
    assert_eq!(r.content.as_ref(), Some(&proposed));
    assert_eq!(
        (
            r.practice_slug.as_str(),
            r.practice_title.as_str(),
            r.practice_country.as_str()
        ),
        ("req-update", "Original title", "ES")
    );
    assert_eq!(r.note.as_deref(), Some("fix the title"));
    assert_eq!(
        (r.author_id, r.author_name.as_deref()),
        (Some(owner.id), Some("Name of owner@example.org"))
    );
    assert_eq!(
        (r.decided_by, r.decided_at, r.decision_reason.clone()),
        (None, None, None)
    );
    assert_eq!(db.request_by_id(r.id).await.unwrap(), Some(r.clone()));
    assert_eq!(db.request_by_id(r.id + 1000).await.unwrap(), None);
    // The published record is untouched while the request waits.
    assert_eq!(
        title(&db.practice_by_id(p.id).await.unwrap().unwrap()),
        "Original title"
    );

    // One pending update at a time.
    assert_conflict(
        db.create_request(&new_request(
            &p,
            RequestKind::Update,
            Some(&proposed),
            None,
            curator.id,
        ))
        .await,
        "request",
    );
    assert_eq!(db.practice_requests(p.id).await.unwrap().len(), 1);

    // The author revises it.
    let revised_content = content("Revised title", "ES");
    let revised = db
        .revise_request(
            r.id,
            r.base_version,
            &revised_content,
            true,
            Some("typo only"),
        )
        .await
        .unwrap();
    assert_eq!(revised.id, r.id);
    assert_eq!(revised.content.as_ref(), Some(&revised_content));
    assert!(revised.minor);
    assert_eq!(revised.note.as_deref(), Some("typo only"));
    assert_eq!(revised.status, RequestStatus::Pending);
    assert_eq!(db.request_by_id(r.id).await.unwrap(), Some(revised.clone()));
    assert_eq!(
        db.pending_requests(p.id).await.unwrap(),
        std::slice::from_ref(&revised)
    );

    // Approving saves the content as the next revision.
    let revisions_before = db.revisions(p.id).await.unwrap().len();
    let decided = db
        .decide_request(&decision(
            r.id,
            RequestStatus::Approved,
            curator.id,
            Some("looks right"),
        ))
        .await
        .unwrap();
    assert_eq!(decided.status, RequestStatus::Approved);
    assert_eq!(decided.decided_by, Some(curator.id));
    assert!(decided.decided_at.is_some());
    assert_eq!(decided.decision_reason.as_deref(), Some("looks right"));
    let after = db.practice_by_id(p.id).await.unwrap().unwrap();
    assert_eq!(title(&after), "Revised title");
    assert_eq!(after.content, revised_content);
    assert_eq!(after.status, Status::Published);
    assert!(after.version > p.version);
    let revisions = db.revisions(p.id).await.unwrap();
    assert_eq!(revisions.len(), revisions_before + 1);
    assert_eq!(revisions[0].content, revised_content);
    let note = revisions[0].note.clone().unwrap_or_default();
    assert!(
        note.contains(&format!("#{}", r.id)) && note.contains("typo only"),
        "revision note names the request: {note:?}"
    );
    assert_eq!(revisions[0].author_id, Some(owner.id));

    // Decided: neither decided again nor revised, and nothing more is saved.
    assert_invalid_transition(
        db.decide_request(&decision(r.id, RequestStatus::Declined, curator.id, None))
            .await,
    );
    assert_invalid_transition(
        db.decide_request(&decision(r.id, RequestStatus::Approved, curator.id, None))
            .await,
    );
    assert_invalid_transition(
        db.revise_request(r.id, r.base_version, &proposed, false, None)
            .await,
    );
    assert_eq!(
        db.revisions(p.id).await.unwrap().len(),
        revisions_before + 1
    );
    assert_eq!(
        db.request_by_id(r.id).await.unwrap().unwrap().status,
        RequestStatus::Approved
    );
    assert!(db.pending_requests(p.id).await.unwrap().is_empty());

    // A new update may be proposed now; declining it changes nothing.
    let after = db.practice_by_id(p.id).await.unwrap().unwrap();
    let r2 = db
        .create_request(&new_request(
            &after,
            RequestKind::Update,
            Some(&proposed),
            None,
            owner.id,
        ))
        .await
        .unwrap();
    assert_eq!(r2.practice_title, "Revised title");
    let declined = db
        .decide_request(&decision(
            r2.id,
            RequestStatus::Declined,
            curator.id,
            Some("no"),
        ))
        .await
        .unwrap();
    assert_eq!(declined.status, RequestStatus::Declined);
    assert_eq!(
        db.practice_by_id(p.id).await.unwrap().unwrap().version,
        after.version
    );
    let all = db.practice_requests(p.id).await.unwrap();
    assert_eq!(
        all.iter().map(|r| (r.id, r.status)).collect::<Vec<_>>(),
        [
            (r2.id, RequestStatus::Declined),
            (r.id, RequestStatus::Approved)
        ],
        "newest first"
    );
}

async fn archive_requests(db: &Db) {
    let owner = account(db, "owner@example.org").await;
    let curator = account(db, "curator@example.org").await;
    let p = db
        .create_practice(
            &PracticeRecord {
                outcome: Some(Outcome::Best),
                ..record(
                    "req-archive",
                    Status::Published,
                    content("To archive", "ES"),
                )
            },
            &ctx(None),
        )
        .await
        .unwrap();
    assert_eq!(p.outcome, Some(Outcome::Best));
    let proposed = content("Proposed", "ES");

    let a = db
        .create_request(&new_request(
            &p,
            RequestKind::Archive,
            None,
            Some("the service closed"),
            owner.id,
        ))
        .await
        .unwrap();
    assert_eq!(
        (a.kind, a.status, a.content.clone()),
        (RequestKind::Archive, RequestStatus::Pending, None)
    );
    assert_conflict(
        db.create_request(&new_request(&p, RequestKind::Archive, None, None, owner.id))
            .await,
        "request",
    );
    // An update may wait next to an archive request: the kinds differ.
    let u = db
        .create_request(&new_request(
            &p,
            RequestKind::Update,
            Some(&proposed),
            None,
            owner.id,
        ))
        .await
        .unwrap();
    // Only updates carry content to revise.
    assert_invalid_transition(
        db.revise_request(a.id, a.base_version, &proposed, false, None)
            .await,
    );
    assert_eq!(db.request_by_id(a.id).await.unwrap().unwrap().content, None);
    let pending: Vec<i64> = db
        .pending_requests(p.id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(pending, [u.id, a.id]);

    let decided = db
        .decide_request(&decision(
            a.id,
            RequestStatus::Approved,
            curator.id,
            Some("agreed"),
        ))
        .await
        .unwrap();
    assert_eq!(decided.status, RequestStatus::Approved);
    let after = db.practice_by_id(p.id).await.unwrap().unwrap();
    assert_eq!(after.status, Status::Archived);
    assert_eq!(
        after.outcome,
        Some(Outcome::Best),
        "archiving keeps the outcome"
    );
    assert_eq!(after.content, p.content);
    let transitions = db.transitions(p.id).await.unwrap();
    let archived = transitions
        .iter()
        .find(|t| t.to == Status::Archived)
        .expect("an archive transition");
    assert_eq!(archived.from, Status::Published);
    assert_eq!(archived.reason.as_deref(), Some("the service closed"));
    assert_eq!(archived.actor_id, Some(curator.id));
    assert_eq!(archived.outcome, Some(Outcome::Best));
    assert_invalid_transition(
        db.decide_request(&decision(a.id, RequestStatus::Approved, curator.id, None))
            .await,
    );
    assert_eq!(
        db.transitions(p.id)
            .await
            .unwrap()
            .iter()
            .filter(|t| t.to == Status::Archived)
            .count(),
        1
    );

    // The waiting update can no longer be approved: the practice left `published`.
    let revisions = db.revisions(p.id).await.unwrap().len();
    assert_invalid_transition(
        db.decide_request(&decision(u.id, RequestStatus::Approved, curator.id, None))
            .await,
    );
    assert_eq!(
        db.request_by_id(u.id).await.unwrap().unwrap().status,
        RequestStatus::Pending
    );
    assert_eq!(db.revisions(p.id).await.unwrap().len(), revisions);
}

async fn approval_needs_a_published_practice(db: &Db) {
    let owner = account(db, "owner@example.org").await;
    let curator = account(db, "curator@example.org").await;
    let p = published(db, "req-gone", content("Soon gone", "ES")).await;
    let proposed = content("Never applied", "ES");
    let u = db
        .create_request(&new_request(
            &p,
            RequestKind::Update,
            Some(&proposed),
            Some("please"),
            owner.id,
        ))
        .await
        .unwrap();
    let a = db
        .create_request(&new_request(
            &p,
            RequestKind::Archive,
            None,
            Some("closing"),
            owner.id,
        ))
        .await
        .unwrap();
    let archived = db
        .transition_practice(
            p.id,
            Status::Published,
            Status::Archived,
            None,
            Some(curator.id),
            Some("archived by hand"),
        )
        .await
        .unwrap();
    let revisions = db.revisions(p.id).await.unwrap().len();
    let transitions = db.transitions(p.id).await.unwrap().len();

    for id in [u.id, a.id] {
        assert_invalid_transition(
            db.decide_request(&decision(
                id,
                RequestStatus::Approved,
                curator.id,
                Some("ok"),
            ))
            .await,
        );
        // Nothing half-written: the request is still pending and undecided.
        let r = db.request_by_id(id).await.unwrap().unwrap();
        assert_eq!(
            (r.status, r.decided_by, r.decided_at, r.decision_reason),
            (RequestStatus::Pending, None, None, None)
        );
    }
    let now_p = db.practice_by_id(p.id).await.unwrap().unwrap();
    assert_eq!(now_p.version, archived.version);
    assert_eq!(now_p.status, Status::Archived);
    assert_eq!(title(&now_p), "Soon gone");
    assert_eq!(db.revisions(p.id).await.unwrap().len(), revisions);
    assert_eq!(db.transitions(p.id).await.unwrap().len(), transitions);
    assert_eq!(db.pending_requests(p.id).await.unwrap().len(), 2);

    // Declining still works: it applies nothing.
    let declined = db
        .decide_request(&decision(
            u.id,
            RequestStatus::Declined,
            curator.id,
            Some("gone"),
        ))
        .await
        .unwrap();
    assert_eq!(declined.status, RequestStatus::Declined);
    assert_eq!(declined.decision_reason.as_deref(), Some("gone"));
    assert_eq!(db.pending_requests(p.id).await.unwrap().len(), 1);
}

async fn request_queue_by_country(db: &Db) {
    let owner = account(db, "owner@example.org").await;
    let curator = account(db, "curator@example.org").await;
    let es1 = published(db, "es-one", content("Spanish one", "ES")).await;
    let es2 = published(db, "es-two", content("Spanish two", "ES")).await;
    let fr = published(db, "fr-one", content("French one", "FR")).await;
    let upd = content("Updated", "ES");
    let r1 = db
        .create_request(&new_request(
            &es1,
            RequestKind::Update,
            Some(&upd),
            None,
            owner.id,
        ))
        .await
        .unwrap();
    let r2 = db
        .create_request(&new_request(
            &fr,
            RequestKind::Archive,
            None,
            None,
            owner.id,
        ))
        .await
        .unwrap();
    let r3 = db
        .create_request(&new_request(
            &es2,
            RequestKind::Archive,
            None,
            None,
            owner.id,
        ))
        .await
        .unwrap();
    let r4 = db
        .create_request(&new_request(
            &es2,
            RequestKind::Update,
            Some(&upd),
            None,
            owner.id,
        ))
        .await
        .unwrap();

    let ids = |p: &mhub_core::practice::Page<mhub_core::requests::PracticeRequest>| {
        p.items.iter().map(|r| r.id).collect::<Vec<_>>()
    };
    let all = db.request_queue(None, 10, 0).await.unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(ids(&all), [r1.id, r2.id, r3.id, r4.id], "oldest first");
    let es = db.request_queue(Some("ES"), 10, 0).await.unwrap();
    assert_eq!(es.total, 3);
    assert_eq!(ids(&es), [r1.id, r3.id, r4.id]);
    assert!(es.items.iter().all(|r| r.practice_country == "ES"));
    let fr_q = db.request_queue(Some("FR"), 10, 0).await.unwrap();
    assert_eq!((fr_q.total, ids(&fr_q)), (1, vec![r2.id]));
    let de = db.request_queue(Some("DE"), 10, 0).await.unwrap();
    assert_eq!((de.total, de.items.len()), (0, 0));
    // Paging keeps the total.
    let page = db.request_queue(Some("ES"), 2, 1).await.unwrap();
    assert_eq!((page.total, ids(&page)), (3, vec![r3.id, r4.id]));

    // Decided requests leave the queue.
    db.decide_request(&decision(r1.id, RequestStatus::Declined, curator.id, None))
        .await
        .unwrap();
    let es = db.request_queue(Some("ES"), 10, 0).await.unwrap();
    assert_eq!((es.total, ids(&es)), (2, vec![r3.id, r4.id]));
    assert_eq!(db.request_queue(None, 10, 0).await.unwrap().total, 3);
    assert!(db.pending_requests(es1.id).await.unwrap().is_empty());
    assert_eq!(db.practice_requests(es1.id).await.unwrap().len(), 1);
    let es2_pending: Vec<i64> = db
        .pending_requests(es2.id)
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(es2_pending, [r4.id, r3.id]);
}

// ----------------------------------------------------------------- accounts

async fn account_search(db: &Db) {
    let make = async |email: &str, name: &str| {
        db.create_account(email, name, "hash", Role::Member)
            .await
            .unwrap()
    };
    let alice = make("alice@example.org", "Alice Smith").await;
    let bob = make("bob@example.org", "Bob ALICEson").await;
    let sale = make("sale@example.org", "50% off").await;
    let under = make("under_score@example.org", "Under Score").await;
    let plain = make("plain@example.net", "Plain").await;

    let ids =
        |p: &mhub_core::practice::Page<Account>| p.items.iter().map(|a| a.id).collect::<Vec<_>>();
    // E-mail and name, either case.
    let found = db.search_accounts("aLiCe", 10, 0).await.unwrap();
    assert_eq!((found.total, ids(&found)), (2, vec![alice.id, bob.id]));
    let found = db.search_accounts("SMITH", 10, 0).await.unwrap();
    assert_eq!(ids(&found), [alice.id]);
    let found = db.search_accounts("BOB@EXAMPLE", 10, 0).await.unwrap();
    assert_eq!(ids(&found), [bob.id]);
    let found = db.search_accounts("example.net", 10, 0).await.unwrap();
    assert_eq!(ids(&found), [plain.id]);
    // LIKE wildcards are taken literally.
    let found = db.search_accounts("%", 10, 0).await.unwrap();
    assert_eq!((found.total, ids(&found)), (1, vec![sale.id]));
    let found = db.search_accounts("0% o", 10, 0).await.unwrap();
    assert_eq!(ids(&found), [sale.id]);
    let found = db.search_accounts("_", 10, 0).await.unwrap();
    assert_eq!((found.total, ids(&found)), (1, vec![under.id]));
    let found = db.search_accounts("e_o", 10, 0).await.unwrap();
    assert_eq!(
        found.total, 0,
        "`_` must not match any character (e.g. `example.org`)"
    );
    let found = db.search_accounts("\\", 10, 0).await.unwrap();
    assert_eq!(found.total, 0);
    let found = db.search_accounts("nobody", 10, 0).await.unwrap();
    assert_eq!((found.total, found.items.len()), (0, 0));
    // Pages, by id.
    let page = db.search_accounts("example", 2, 0).await.unwrap();
    assert_eq!((page.total, ids(&page)), (5, vec![alice.id, bob.id]));
    let page = db.search_accounts("example", 2, 2).await.unwrap();
    assert_eq!((page.total, ids(&page)), (5, vec![sale.id, under.id]));
    let page = db.search_accounts("example", 2, 4).await.unwrap();
    assert_eq!((page.total, ids(&page)), (5, vec![plain.id]));
    // Disabled accounts are still found, and say so.
    db.set_account_disabled(bob.id, true).await.unwrap();
    let found = db.search_accounts("bob", 10, 0).await.unwrap();
    assert_eq!(ids(&found), [bob.id]);
    assert!(found.items[0].disabled);
}

async fn disabling_and_country(db: &Db) {
    let a = account(db, "a@example.org").await;
    let b = account(db, "b@example.org").await;
    assert!(!a.disabled);
    let later = now() + Duration::hours(2);
    db.create_session("sess-a", a.id, "csrf-a", later)
        .await
        .unwrap();
    db.create_session("sess-b", b.id, "csrf-b", later)
        .await
        .unwrap();
    db.create_api_token(a.id, "ci", "tok-a", "mhub_a", TokenScopes::all())
        .await
        .unwrap();
    db.create_api_token(b.id, "ci", "tok-b", "mhub_b", TokenScopes::all())
        .await
        .unwrap();
    assert!(db.session("sess-a").await.unwrap().is_some());

    db.set_account_disabled(a.id, true).await.unwrap();
    assert_eq!(db.session("sess-a").await.unwrap(), None);
    assert_eq!(db.account_by_api_token("tok-a").await.unwrap(), None);
    assert!(db.api_tokens(a.id).await.unwrap().is_empty());
    assert!(db.account_by_id(a.id).await.unwrap().unwrap().disabled);
    // Only that account.
    assert!(db.session("sess-b").await.unwrap().is_some());
    assert_eq!(
        db.account_by_api_token("tok-b")
            .await
            .unwrap()
            .map(|x| x.0.id),
        Some(b.id)
    );
    assert!(!db.account_by_id(b.id).await.unwrap().unwrap().disabled);
    // Disabling twice is harmless; enabling clears the flag.
    db.set_account_disabled(a.id, true).await.unwrap();
    db.set_account_disabled(a.id, false).await.unwrap();
    assert!(!db.account_by_id(a.id).await.unwrap().unwrap().disabled);
    assert_not_found(db.set_account_disabled(b.id + 1000, true).await);

    assert_eq!(a.country, None);
    db.set_account_country(a.id, Some("ES")).await.unwrap();
    assert_eq!(
        db.account_by_id(a.id)
            .await
            .unwrap()
            .unwrap()
            .country
            .as_deref(),
        Some("ES")
    );
    assert_eq!(db.account_by_id(b.id).await.unwrap().unwrap().country, None);
    db.set_account_country(a.id, None).await.unwrap();
    assert_eq!(db.account_by_id(a.id).await.unwrap().unwrap().country, None);
    assert_not_found(db.set_account_country(b.id + 1000, Some("FR")).await);
}

async fn email_confirmation_links(db: &Db) {
    let a = account(db, "a@example.org").await;
    let b = account(db, "b@example.org").await;
    assert!(!a.email_confirmed, "a new account starts unconfirmed");
    let later = now() + Duration::hours(24);
    db.create_email_link("link-a", a.id, EmailLinkPurpose::ConfirmEmail, later)
        .await
        .unwrap();
    db.create_email_link(
        "link-old",
        b.id,
        EmailLinkPurpose::ConfirmEmail,
        yesterday(),
    )
    .await
    .unwrap();
    assert!(
        db.create_email_link("link-a", b.id, EmailLinkPurpose::ConfirmEmail, later)
            .await
            .is_err(),
        "a token hash is unique"
    );

    // Expired: refused, the account stays unconfirmed.
    assert_eq!(db.confirm_email("link-old").await.unwrap(), None);
    assert!(
        !db.account_by_id(b.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    assert_eq!(db.confirm_email("unknown").await.unwrap(), None);

    assert!(
        !db.account_by_id(a.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    assert_eq!(db.confirm_email("link-a").await.unwrap(), Some(a.id));
    assert!(
        db.account_by_id(a.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    // Once only.
    assert_eq!(db.confirm_email("link-a").await.unwrap(), None);
    assert!(
        db.account_by_id(a.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
    assert!(
        !db.account_by_id(b.id)
            .await
            .unwrap()
            .unwrap()
            .email_confirmed
    );
}

// --------------------------------------------------------------- visibility

async fn owner_visibility_needs_active_membership(db: &Db) {
    let manager = account(db, "manager@example.org").await;
    let pending = account(db, "pending@example.org").await;
    let declined = account(db, "declined@example.org").await;
    let outsider = account(db, "outsider@example.org").await;
    let org = db
        .create_organisation(manager.id, "Clinic Org", Some("ES"))
        .await
        .unwrap()
        .organisation;
    db.create_practice(
        &record(
            "clinic-draft",
            Status::Draft,
            owned_content("Clinic draft", "ES", "Clinic Org"),
        ),
        &ctx(None),
    )
    .await
    .unwrap();
    db.create_practice(
        &record("french-draft", Status::Draft, content("French draft", "FR")),
        &ctx(None),
    )
    .await
    .unwrap();
    db.request_membership(org.id, pending.id).await.unwrap();
    db.request_membership(org.id, declined.id).await.unwrap();
    db.decide_membership(
        &change(org.id, declined.id, Some(manager.id), Event::Declined),
        MembershipStatus::Declined,
    )
    .await
    .unwrap();

    let drafts_of = |account: i64, country: Option<&str>| PracticeFilter {
        visible_to_owner: Some(account),
        status: vec![Status::Draft],
        curated_country: country.map(str::to_string),
        ..Default::default()
    };
    assert_eq!(
        slugs(db, &drafts_of(manager.id, None)).await,
        ["clinic-draft"]
    );
    assert!(slugs(db, &drafts_of(pending.id, None)).await.is_empty());
    assert!(slugs(db, &drafts_of(declined.id, None)).await.is_empty());
    assert!(slugs(db, &drafts_of(outsider.id, None)).await.is_empty());

    // A focal point sees their country's drafts, and only those.
    assert_eq!(
        slugs(db, &drafts_of(outsider.id, Some("ES"))).await,
        ["clinic-draft"]
    );
    assert_eq!(
        slugs(db, &drafts_of(outsider.id, Some("FR"))).await,
        ["french-draft"]
    );

    // Once approved, the member sees the organisation's draft.
    db.decide_membership(
        &change(org.id, pending.id, Some(manager.id), Event::Approved),
        MembershipStatus::Active,
    )
    .await
    .unwrap();
    assert_eq!(
        slugs(db, &drafts_of(pending.id, None)).await,
        ["clinic-draft"]
    );
    // Removed again: hidden again.
    db.remove_member(&change(
        org.id,
        pending.id,
        Some(manager.id),
        Event::Removed,
    ))
    .await
    .unwrap();
    assert!(slugs(db, &drafts_of(pending.id, None)).await.is_empty());
}
