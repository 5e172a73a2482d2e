//! The repository contract: every test runs on SQLite, and on PostgreSQL when
//! `TEST_PG_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/test`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::BTreeMap;

use mhub_core::CoreError;
use mhub_core::accounts::{Account, Role, Scope, TokenScopes};
use mhub_core::curation::{
    CRITERIA, CriterionGroup, CriterionScore, Outcome, Recommendation, ReviewInput, Status,
};
use mhub_core::organisations::MemberRole;
use mhub_core::practice::{
    Evidence, Link, OrganisationLink, OrganisationRole, Practice, PracticeContent, PracticeFilter,
    PracticeSort, PracticeText, Reach, SaveContext,
};
use mhub_core::reference::ReferenceData;
use mhub_core::repo::{PracticeRecord, Repository};
use mhub_core::throttle::LoginCounter;
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
                    let Some(t) = crate::common::postgres().await else { return };
                    crate::$name(&t.db).await;
                    t.finish().await;
                }
            )*
        }
    };
}

contract!(
    ping_and_backend,
    reference_sync,
    meta_roundtrip,
    create_update_and_revisions,
    stale_version_writes_nothing,
    filters,
    sorting_and_pagination,
    transitions_and_audit,
    reviews_and_assignments,
    organisations_and_memberships,
    accounts,
    sessions,
    api_tokens,
    throttling,
    throttling_is_atomic_under_concurrency,
    erase_and_personal_data,
    outbox_rows,
    outbox_last_id_and_practices_after,
    import_creates_and_updates,
    import_is_all_or_nothing,
    backup,
);

// ------------------------------------------------------------------ fixtures

fn ctx(actor: Option<i64>) -> SaveContext {
    SaveContext {
        actor_id: actor,
        note: None,
    }
}

fn text(title: &str) -> PracticeText {
    PracticeText {
        title: title.to_string(),
        summary: format!("About {title}"),
        ..Default::default()
    }
}

fn content(title: &str, country: &str) -> PracticeContent {
    PracticeContent {
        original_language: "en".into(),
        texts: BTreeMap::from([("en".to_string(), text(title))]),
        country: country.into(),
        ..Default::default()
    }
}

/// A record using most fields, to check that content round-trips unchanged.
fn full_content() -> PracticeContent {
    let mut c = content("Telemonitoring for heart failure", "ES");
    c.texts.insert(
        "es".into(),
        text("Telemonitorización de insuficiencia cardiaca"),
    );
    c.regions = vec!["Andalucía".into(), "Cataluña".into()];
    c.organisations = vec![
        OrganisationLink {
            name: "Servicio Andaluz de Salud".into(),
            role: OrganisationRole::Owner,
            country: None,
        },
        OrganisationLink {
            name: "Fundación Progreso".into(),
            role: OrganisationRole::Partner,
            country: Some("ES".into()),
        },
    ];
    c.ncd_focus = vec!["cardiovascular".into(), "diabetes".into()];
    c.cdhi_v1 = vec!["1.4.2".into()];
    c.cdhi_v2 = vec!["1.4.3".into()];
    c.channels = vec!["mobile_app".into()];
    c.health_system_challenges = vec!["access".into()];
    c.application_types = vec!["telemonitoring".into()];
    c.stage = Some("9".into());
    c.lifecycle = Some("scale_up".into());
    c.start_date = Some("2019-03".into());
    c.reach = Reach {
        users: Some(10_000),
        scope: Some("subnational".into()),
        ..Default::default()
    };
    c.evidence = Evidence {
        level: Some("observational".into()),
        note: Some("pilot".into()),
        ..Default::default()
    };
    c.links = vec![Link {
        url: "https://example.org".into(),
        title: None,
        kind: "website".into(),
    }];
    c.notes = Some("check the reach figure".into());
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

async fn account(db: &Db, email: &str, role: Role) -> Account {
    db.create_account(email, &format!("Name of {email}"), "hash", role)
        .await
        .expect("create account")
}

fn full_review(rec: Recommendation, score: i32) -> ReviewInput {
    ReviewInput {
        scores: CRITERIA
            .iter()
            .map(|(c, g)| CriterionScore {
                criterion: c.to_string(),
                passed: (*g == CriterionGroup::Exclusion).then_some(true),
                score: (*g != CriterionGroup::Exclusion).then_some(score),
                comment: String::new(),
            })
            .collect(),
        recommendation: rec,
        comment: format!("score {score}"),
    }
}

fn all_statuses() -> PracticeFilter {
    PracticeFilter {
        status: Status::ALL.to_vec(),
        ..Default::default()
    }
}

async fn slugs(db: &Db, filter: &PracticeFilter, sort: PracticeSort) -> Vec<String> {
    let page = db.list_practices(filter, sort, 100, 0).await.expect("list");
    page.items.into_iter().map(|p| p.slug).collect()
}

async fn outbox_len(db: &Db) -> usize {
    db.outbox_after(0, 1_000_000).await.expect("outbox").len()
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

// --------------------------------------------------------------------- tests

async fn ping_and_backend(db: &Db) {
    db.ping().await.unwrap();
    assert!(["sqlite", "postgres"].contains(&db.backend()));
    assert!(db.pool_status().size >= 1);
}

async fn reference_sync(db: &Db) {
    let embedded = ReferenceData::embedded().unwrap();
    assert_eq!(db.load_reference().await.unwrap().countries.len(), 0);
    assert!(db.sync_reference(&embedded).await.unwrap());
    assert_eq!(
        db.meta("reference_version").await.unwrap(),
        Some(embedded.version.to_string())
    );
    // Same version: nothing written.
    assert!(!db.sync_reference(&embedded).await.unwrap());
    assert_eq!(db.load_reference().await.unwrap(), embedded);

    // A lower version never replaces a higher one.
    let mut older = embedded.clone();
    older.version -= 1;
    older.countries.truncate(1);
    assert!(!db.sync_reference(&older).await.unwrap());
    assert_eq!(
        db.load_reference().await.unwrap().countries.len(),
        embedded.countries.len()
    );

    // A higher version replaces all three tables.
    let mut newer = embedded.clone();
    newer.version += 1;
    newer.countries.truncate(2);
    newer.terms.retain(|t| t.vocabulary == "ncd_focus");
    newer.cdhi_map.truncate(3);
    assert!(db.sync_reference(&newer).await.unwrap());
    assert_eq!(db.load_reference().await.unwrap(), newer);
}

async fn meta_roundtrip(db: &Db) {
    assert_eq!(db.meta("demo_loaded").await.unwrap(), None);
    db.set_meta("demo_loaded", "1").await.unwrap();
    db.set_meta("demo_loaded", "2").await.unwrap();
    assert_eq!(db.meta("demo_loaded").await.unwrap().as_deref(), Some("2"));
}

async fn create_update_and_revisions(db: &Db) {
    let author = account(db, "author@example.org", Role::Contributor).await;
    let original = full_content();
    let created = db
        .create_practice(
            &record("es-telemonitoring", Status::Draft, original.clone()),
            &ctx(Some(author.id)),
        )
        .await
        .unwrap();
    assert_eq!(created.version, 1);
    assert_eq!(created.status, Status::Draft);
    assert_eq!(created.created_by, Some(author.id));
    assert_eq!(created.published_at, None);
    assert_eq!(created.content, original);
    assert_eq!(
        db.practice_by_slug("es-telemonitoring")
            .await
            .unwrap()
            .as_ref(),
        Some(&created)
    );
    assert_eq!(
        db.practice_by_id(created.id).await.unwrap().as_ref(),
        Some(&created)
    );
    assert_eq!(db.practice_by_slug("nope").await.unwrap(), None);
    assert_eq!(db.practice_by_id(created.id + 1000).await.unwrap(), None);
    assert_eq!(
        db.practices_by_ids(&[created.id + 1000, created.id, created.id])
            .await
            .unwrap(),
        vec![created.clone()]
    );
    assert_eq!(
        db.practices_by_ids(&[]).await.unwrap(),
        Vec::<Practice>::new()
    );

    let mut changed = original.clone();
    changed.texts.get_mut("en").unwrap().title = "Heart failure telemonitoring".into();
    changed.regions = vec!["Madrid".into()];
    let save = SaveContext {
        actor_id: Some(author.id),
        note: Some("retitled".into()),
    };
    let updated = db
        .update_practice(created.id, Some(1), &changed, &save)
        .await
        .unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(updated.content, changed);
    assert!(updated.updated_at >= created.updated_at);
    assert_eq!(updated.created_at, created.created_at);

    // Without an expected version the save always goes through.
    let updated = db
        .update_practice(created.id, None, &original, &ctx(None))
        .await
        .unwrap();
    assert_eq!(updated.version, 3);

    let revisions = db.revisions(created.id).await.unwrap();
    assert_eq!(
        revisions.iter().map(|r| r.number).collect::<Vec<_>>(),
        vec![3, 2, 1]
    );
    assert_eq!(revisions[1].note.as_deref(), Some("retitled"));
    assert_eq!(revisions[1].author_id, Some(author.id));
    assert_eq!(
        revisions[1].author_name.as_deref(),
        Some("Name of author@example.org")
    );
    assert_eq!(revisions[0].author_id, None);
    let first = db.revision(created.id, 1).await.unwrap().unwrap();
    let second = db.revision(created.id, 2).await.unwrap().unwrap();
    assert_eq!(first.content, original);
    assert_eq!(second.content, changed);
    assert_ne!(
        mhub_core::diff::diff(&first.content, &second.content).len(),
        0
    );
    assert_eq!(db.revision(created.id, 9).await.unwrap(), None);

    // Region projection follows the content.
    let in_madrid = PracticeFilter {
        region: vec!["madrid".into()],
        ..all_statuses()
    };
    assert!(
        slugs(db, &in_madrid, PracticeSort::default())
            .await
            .is_empty()
    );
    let in_andalucia = PracticeFilter {
        region: vec!["andalucia".into()],
        ..all_statuses()
    };
    assert_eq!(
        slugs(db, &in_andalucia, PracticeSort::default()).await,
        vec!["es-telemonitoring"]
    );

    // Slugs are unique.
    let err = db
        .create_practice(
            &record("es-telemonitoring", Status::Draft, original),
            &ctx(None),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, CoreError::Conflict { ref field } if field == "slug"),
        "{err:?}"
    );
    let err = db
        .update_practice(created.id + 1000, None, &changed, &ctx(None))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::NotFound), "{err:?}");

    // A practice created as published gets its publication date.
    let published = db
        .create_practice(
            &record("pub", Status::Published, content("P", "FR")),
            &ctx(None),
        )
        .await
        .unwrap();
    assert!(published.published_at.is_some());
}

async fn stale_version_writes_nothing(db: &Db) {
    let p = db
        .create_practice(
            &record("stale", Status::Draft, content("Old", "DE")),
            &ctx(None),
        )
        .await
        .unwrap();
    db.update_practice(p.id, Some(1), &content("Second", "DE"), &ctx(None))
        .await
        .unwrap();
    let before = outbox_len(db).await;
    let err = db
        .update_practice(p.id, Some(1), &content("Lost update", "AT"), &ctx(None))
        .await
        .unwrap_err();
    assert!(
        matches!(err, CoreError::StaleVersion { current: 2 }),
        "{err:?}"
    );
    let now = db.practice_by_id(p.id).await.unwrap().unwrap();
    assert_eq!(now.version, 2);
    assert_eq!(now.content.texts["en"].title, "Second");
    assert_eq!(db.revisions(p.id).await.unwrap().len(), 2);
    assert_eq!(outbox_len(db).await, before);
    let austria = PracticeFilter {
        country: vec!["AT".into()],
        ..all_statuses()
    };
    assert!(
        slugs(db, &austria, PracticeSort::default())
            .await
            .is_empty()
    );
}

async fn filters(db: &Db) {
    let owner = account(db, "owner@example.org", Role::Contributor).await;
    let colleague = account(db, "colleague@example.org", Role::Contributor).await;
    let stranger = account(db, "stranger@example.org", Role::Contributor).await;
    db.join_organisation(colleague.id, "Régie Santé", Some("FR"), MemberRole::Member)
        .await
        .unwrap();

    let mut a = content("Alpha", "ES");
    a.ncd_focus = vec!["diabetes".into(), "cancer".into()];
    a.channels = vec!["sms".into()];
    a.cdhi_v1 = vec!["1.1".into()];
    a.stage = Some("3".into());
    a.evidence.level = Some("rct".into());
    a.regions = vec!["Andalucía".into()];
    a.organisations = vec![OrganisationLink {
        name: "Régie Santé".into(),
        role: OrganisationRole::Owner,
        country: None,
    }];

    let mut b = content("Beta", "FR");
    b.ncd_focus = vec!["diabetes".into()];
    b.channels = vec!["mobile_app".into()];
    b.cdhi_v2 = vec!["2.2".into()];
    b.stage = Some("9".into());
    b.regions = vec!["Île-de-France".into()];
    b.organisations = vec![OrganisationLink {
        name: "Régie Santé".into(),
        role: OrganisationRole::Partner,
        country: None,
    }];

    let mut c = content("Gamma", "DE");
    c.ncd_focus = vec!["cardiovascular".into()];
    c.channels = vec!["sms".into(), "web".into()];
    c.stage = Some("9".into());
    c.evidence.level = Some("observational".into());

    db.create_practice(&record("a", Status::Published, a), &ctx(Some(owner.id)))
        .await
        .unwrap();
    db.create_practice(&record("b", Status::Draft, b), &ctx(Some(owner.id)))
        .await
        .unwrap();
    db.create_practice(&record("c", Status::Published, c), &ctx(Some(stranger.id)))
        .await
        .unwrap();

    let f = all_statuses;
    let sorted = async |filter: PracticeFilter| {
        let mut s = slugs(db, &filter, PracticeSort::default()).await;
        s.sort();
        s
    };
    assert_eq!(sorted(f()).await, ["a", "b", "c"]);
    // Status is always applied; an empty list matches nothing.
    assert_eq!(
        sorted(PracticeFilter {
            status: vec![Status::Published],
            ..f()
        })
        .await,
        ["a", "c"]
    );
    assert!(sorted(PracticeFilter::default()).await.is_empty());
    assert_eq!(
        sorted(PracticeFilter {
            status: vec![Status::Draft, Status::Archived],
            ..f()
        })
        .await,
        ["b"]
    );
    // Columns.
    assert_eq!(
        sorted(PracticeFilter {
            country: vec!["ES".into()],
            ..f()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            country: vec!["ES".into(), "DE".into()],
            ..f()
        })
        .await,
        ["a", "c"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            stage: vec!["9".into()],
            ..f()
        })
        .await,
        ["b", "c"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            evidence: vec!["rct".into(), "observational".into()],
            ..f()
        })
        .await,
        ["a", "c"]
    );
    // Tags.
    assert_eq!(
        sorted(PracticeFilter {
            ncd: vec!["diabetes".into()],
            ..f()
        })
        .await,
        ["a", "b"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            ncd: vec!["cancer".into(), "cardiovascular".into()],
            ..f()
        })
        .await,
        ["a", "c"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            channel: vec!["sms".into()],
            ..f()
        })
        .await,
        ["a", "c"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            cdhi_v1: vec!["1.1".into()],
            ..f()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            cdhi_v2: vec!["2.2".into(), "9.9".into()],
            ..f()
        })
        .await,
        ["b"]
    );
    // Joins by slug.
    assert_eq!(
        sorted(PracticeFilter {
            region: vec!["andalucia".into()],
            ..f()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            region: vec!["andalucia".into(), "ile-de-france".into()],
            ..f()
        })
        .await,
        ["a", "b"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            organisation: vec!["regie-sante".into()],
            ..f()
        })
        .await,
        ["a", "b"]
    );
    assert!(
        sorted(PracticeFilter {
            organisation: vec!["unknown".into()],
            ..f()
        })
        .await
        .is_empty()
    );
    // AND across fields.
    assert_eq!(
        sorted(PracticeFilter {
            ncd: vec!["diabetes".into()],
            channel: vec!["sms".into()],
            ..f()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            stage: vec!["9".into()],
            country: vec!["FR".into(), "DE".into()],
            status: vec![Status::Published],
            ..f()
        })
        .await,
        ["c"]
    );
    assert!(
        sorted(PracticeFilter {
            ncd: vec!["cardiovascular".into()],
            country: vec!["ES".into()],
            ..f()
        })
        .await
        .is_empty()
    );
    // Updated since.
    assert_eq!(
        sorted(PracticeFilter {
            updated_since: Some(now() - Duration::hours(1)),
            ..f()
        })
        .await
        .len(),
        3
    );
    assert!(
        sorted(PracticeFilter {
            updated_since: Some(now() + Duration::hours(1)),
            ..f()
        })
        .await
        .is_empty()
    );
    // Owner view: created by the account, or owned by one of its organisations.
    assert_eq!(
        sorted(PracticeFilter {
            visible_to_owner: Some(owner.id),
            ..f()
        })
        .await,
        ["a", "b"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            visible_to_owner: Some(colleague.id),
            ..f()
        })
        .await,
        ["a"]
    );
    assert_eq!(
        sorted(PracticeFilter {
            visible_to_owner: Some(stranger.id),
            ..f()
        })
        .await,
        ["c"]
    );
    // Totals follow the filter.
    let page = db
        .list_practices(
            &PracticeFilter {
                ncd: vec!["diabetes".into()],
                ..f()
            },
            PracticeSort::default(),
            1,
            0,
        )
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
}

async fn sorting_and_pagination(db: &Db) {
    let mut titles = Vec::new();
    for (i, (slug, title, start)) in [
        ("p1", "Charlie", Some("2015")),
        ("p2", "alpha", Some("2020-05")),
        ("p3", "Bravo", None),
        ("p4", "Delta", Some("2018-01-01")),
        ("p5", "Bravo", Some("2020")),
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = content(title, "IT");
        c.start_date = start.map(str::to_string);
        // The title in another language must not decide the order.
        c.texts.insert("fr".into(), text(&format!("{} fr", 9 - i)));
        db.create_practice(&record(slug, Status::Published, c), &ctx(None))
            .await
            .unwrap();
        titles.push(slug);
    }
    // p1 updated last.
    let p1 = db.practice_by_slug("p1").await.unwrap().unwrap();
    db.update_practice(p1.id, None, &p1.content, &ctx(None))
        .await
        .unwrap();

    let f = PracticeFilter {
        status: vec![Status::Published],
        ..Default::default()
    };
    assert_eq!(
        slugs(db, &f, PracticeSort::TitleAsc).await,
        ["p2", "p3", "p5", "p1", "p4"]
    );
    assert_eq!(
        slugs(db, &f, PracticeSort::TitleDesc).await,
        ["p4", "p1", "p5", "p3", "p2"]
    );
    assert_eq!(
        slugs(db, &f, PracticeSort::UpdatedDesc).await,
        ["p1", "p5", "p4", "p3", "p2"]
    );
    assert_eq!(
        slugs(db, &f, PracticeSort::UpdatedAsc).await,
        ["p2", "p3", "p4", "p5", "p1"]
    );
    assert_eq!(
        slugs(db, &f, PracticeSort::CreatedDesc).await,
        ["p5", "p4", "p3", "p2", "p1"]
    );
    assert_eq!(
        slugs(db, &f, PracticeSort::StartDesc).await,
        ["p5", "p2", "p4", "p1", "p3"]
    );

    let page = db
        .list_practices(&f, PracticeSort::TitleAsc, 2, 2)
        .await
        .unwrap();
    assert_eq!(page.total, 5);
    assert_eq!((page.limit, page.offset), (2, 2));
    assert_eq!(
        page.items
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["p5", "p1"]
    );
    let page = db
        .list_practices(&f, PracticeSort::TitleAsc, 10, 4)
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (5, 1));
    let page = db
        .list_practices(&f, PracticeSort::TitleAsc, 10, 50)
        .await
        .unwrap();
    assert_eq!((page.total, page.items.len()), (5, 0));
    // Full records come back.
    assert_eq!(page.total, 5);
    let first = db
        .list_practices(&f, PracticeSort::TitleAsc, 1, 0)
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!(
        Some(first.clone()),
        db.practice_by_id(first.id).await.unwrap()
    );
}

async fn transitions_and_audit(db: &Db) {
    let editor = account(db, "editor@example.org", Role::Editor).await;
    let p = db
        .create_practice(&record("t", Status::Draft, content("T", "PT")), &ctx(None))
        .await
        .unwrap();
    let p = db
        .transition_practice(p.id, Status::Draft, Status::Submitted, None, None, None)
        .await
        .unwrap();
    assert_eq!((p.status, p.version), (Status::Submitted, 2));
    let p = db
        .transition_practice(
            p.id,
            Status::Submitted,
            Status::InReview,
            None,
            Some(editor.id),
            None,
        )
        .await
        .unwrap();
    assert_eq!(p.published_at, None);
    let p = db
        .transition_practice(
            p.id,
            Status::InReview,
            Status::Published,
            Some(Outcome::Best),
            Some(editor.id),
            Some("great"),
        )
        .await
        .unwrap();
    assert_eq!(
        (p.status, p.outcome, p.version),
        (Status::Published, Some(Outcome::Best), 4)
    );
    assert!(p.published_at.is_some());
    // Transitions do not create revisions.
    assert_eq!(db.revisions(p.id).await.unwrap().len(), 1);
    assert_eq!(
        db.published_counts_by_country().await.unwrap(),
        vec![("PT".to_string(), 1)]
    );

    // No longer in `from`: refused, nothing written.
    let err = db
        .transition_practice(p.id, Status::InReview, Status::Rejected, None, None, None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, CoreError::InvalidTransition { .. }),
        "{err:?}"
    );
    let err = db
        .transition_practice(
            p.id + 99,
            Status::Draft,
            Status::Submitted,
            None,
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::NotFound), "{err:?}");
    assert_eq!(db.practice_by_id(p.id).await.unwrap().unwrap().version, 4);

    // Archiving clears the outcome and keeps the publication date.
    let archived = db
        .transition_practice(p.id, Status::Published, Status::Archived, None, None, None)
        .await
        .unwrap();
    assert_eq!(
        (archived.outcome, archived.published_at),
        (None, p.published_at)
    );
    assert!(db.published_counts_by_country().await.unwrap().is_empty());

    let audit = db.transitions(p.id).await.unwrap();
    let steps: Vec<_> = audit.iter().map(|t| (t.from, t.to)).collect();
    assert_eq!(
        steps,
        [
            (Status::Draft, Status::Submitted),
            (Status::Submitted, Status::InReview),
            (Status::InReview, Status::Published),
            (Status::Published, Status::Archived),
        ]
    );
    assert_eq!(audit[2].actor_id, Some(editor.id));
    assert_eq!(
        audit[2].actor_name.as_deref(),
        Some("Name of editor@example.org")
    );
    assert_eq!(audit[2].reason.as_deref(), Some("great"));
    assert_eq!(audit[2].outcome, Some(Outcome::Best));
    assert_eq!(audit[0].actor_id, None);
}

async fn reviews_and_assignments(db: &Db) {
    let editor = account(db, "editor@example.org", Role::Editor).await;
    let r1 = account(db, "r1@example.org", Role::Reviewer).await;
    let r2 = account(db, "r2@example.org", Role::Reviewer).await;
    let mut c = content("Reviewed", "NL");
    c.organisations = vec![
        OrganisationLink {
            name: "Owner Org".into(),
            role: OrganisationRole::Owner,
            country: None,
        },
        OrganisationLink {
            name: "Funder Org".into(),
            role: OrganisationRole::Funder,
            country: None,
        },
    ];
    let p = db
        .create_practice(&record("r", Status::Submitted, c), &ctx(Some(editor.id)))
        .await
        .unwrap();
    let other = db
        .create_practice(
            &record("draft", Status::Draft, content("D", "NL")),
            &ctx(None),
        )
        .await
        .unwrap();

    db.assign_reviewers(p.id, &[r1.id, r2.id], editor.id)
        .await
        .unwrap();
    db.assign_reviewers(p.id, &[r1.id], editor.id)
        .await
        .unwrap(); // idempotent
    db.assign_reviewers(other.id, &[r1.id], editor.id)
        .await
        .unwrap();

    let facts = db.practice_facts(&p).await.unwrap();
    assert_eq!(facts.status, Status::Submitted);
    assert_eq!(facts.created_by, Some(editor.id));
    assert_eq!(facts.country, "NL");
    assert_eq!(facts.assigned_reviewer_ids, vec![r1.id, r2.id]);
    let owner = db.organisation_by_slug("owner-org").await.unwrap().unwrap();
    assert_eq!(facts.owner_organisation_ids, vec![owner.id]);

    // Only submitted / in-review practices are queued.
    let queue = db.review_queue(r1.id).await.unwrap();
    assert_eq!(
        queue.iter().map(|p| p.slug.as_str()).collect::<Vec<_>>(),
        ["r"]
    );
    assert!(db.review_queue(editor.id).await.unwrap().is_empty());

    let first = db
        .save_review(p.id, r1.id, &full_review(Recommendation::Promising, 3))
        .await
        .unwrap();
    assert_eq!(first.reviewer_id, r1.id);
    assert_eq!(
        first.reviewer_name.as_deref(),
        Some("Name of r1@example.org")
    );
    let replaced = db
        .save_review(p.id, r1.id, &full_review(Recommendation::Best, 5))
        .await
        .unwrap();
    assert_eq!(replaced.recommendation, Recommendation::Best);
    db.save_review(
        p.id,
        r2.id,
        &full_review(Recommendation::ChangesRequested, 2),
    )
    .await
    .unwrap();
    let reviews = db.reviews(p.id).await.unwrap();
    assert_eq!(reviews.len(), 2);
    let mine = reviews.iter().find(|r| r.reviewer_id == r1.id).unwrap();
    assert_eq!(mine.scores, full_review(Recommendation::Best, 5).scores);
    assert_eq!(mine.comment, "score 5");
    assert!(db.reviews(other.id).await.unwrap().is_empty());

    db.transition_practice(p.id, Status::Submitted, Status::InReview, None, None, None)
        .await
        .unwrap();
    assert_eq!(db.review_queue(r2.id).await.unwrap().len(), 1);
    db.transition_practice(
        p.id,
        Status::InReview,
        Status::Published,
        Some(Outcome::Best),
        None,
        None,
    )
    .await
    .unwrap();
    assert!(db.review_queue(r2.id).await.unwrap().is_empty());
}

async fn organisations_and_memberships(db: &Db) {
    let a = account(db, "a@example.org", Role::Contributor).await;
    let m = db
        .join_organisation(
            a.id,
            "Ministère de la Santé",
            Some("FR"),
            MemberRole::Manager,
        )
        .await
        .unwrap();
    assert_eq!(m.role, MemberRole::Manager);
    assert_eq!(m.organisation.slug, "ministere-de-la-sante");
    assert_eq!(m.organisation.country.as_deref(), Some("FR"));
    assert_eq!(m.organisation.practice_count, 0);
    // Same slug: same organisation; joining again updates the role.
    let again = db
        .join_organisation(a.id, "MINISTERE DE LA SANTE", None, MemberRole::Member)
        .await
        .unwrap();
    assert_eq!(again.organisation.id, m.organisation.id);
    assert_eq!(again.organisation.name, "Ministère de la Santé");
    let other = db
        .join_organisation(a.id, "Минздрав", None, MemberRole::Member)
        .await
        .unwrap();
    assert!(!other.organisation.slug.is_empty());

    let ms = db.memberships(a.id).await.unwrap();
    assert_eq!(ms.len(), 2);
    assert_eq!(
        ms.iter()
            .find(|x| x.organisation.id == m.organisation.id)
            .unwrap()
            .role,
        MemberRole::Member
    );

    // Practices create organisations by name; the count covers published ones.
    let mut c = content("Org practice", "FR");
    c.organisations = vec![
        OrganisationLink {
            name: "Ministère de la Santé".into(),
            role: OrganisationRole::Owner,
            country: None,
        },
        OrganisationLink {
            name: "Ministère de la Santé".into(),
            role: OrganisationRole::Funder,
            country: None,
        },
        OrganisationLink {
            name: "New Partner".into(),
            role: OrganisationRole::Partner,
            country: None,
        },
    ];
    db.create_practice(&record("o1", Status::Published, c.clone()), &ctx(None))
        .await
        .unwrap();
    db.create_practice(&record("o2", Status::Draft, c), &ctx(None))
        .await
        .unwrap();
    let org = db
        .organisation_by_slug("ministere-de-la-sante")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(org.practice_count, 1);
    let partner = db
        .organisation_by_slug("new-partner")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (partner.name.as_str(), partner.country.as_deref()),
        ("New Partner", Some("FR"))
    );
    assert_eq!(db.organisation_by_slug("missing").await.unwrap(), None);

    let page = db.list_organisations(2, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (3, 2));
    assert_eq!(page.items[0].slug, "ministere-de-la-sante");
    let rest = db.list_organisations(2, 2).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    // The owner organisation makes the member an owner.
    let owned = PracticeFilter {
        visible_to_owner: Some(a.id),
        ..all_statuses()
    };
    assert_eq!(
        slugs(db, &owned, PracticeSort::CreatedDesc).await,
        ["o2", "o1"]
    );
}

async fn accounts(db: &Db) {
    let a = db
        .create_account("Alice@Example.org", "Alice", "h1", Role::Contributor)
        .await
        .unwrap();
    assert_eq!(a.email, "alice@example.org");
    assert_eq!(a.role, Role::Contributor);
    let err = db
        .create_account("ALICE@example.org", "Other", "h2", Role::Member)
        .await
        .unwrap_err();
    assert!(
        matches!(err, CoreError::Conflict { ref field } if field == "email"),
        "{err:?}"
    );

    let (found, hash) = db
        .account_by_email("aLiCe@example.ORG")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found.id, hash.as_str()), (a.id, "h1"));
    assert_eq!(db.account_by_email("bob@example.org").await.unwrap(), None);
    assert_eq!(db.account_by_id(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(db.account_by_id(a.id + 100).await.unwrap(), None);

    db.set_role(a.id, Role::Editor).await.unwrap();
    assert_eq!(
        db.account_by_id(a.id).await.unwrap().unwrap().role,
        Role::Editor
    );
    assert!(matches!(
        db.set_role(a.id + 100, Role::Admin).await,
        Err(CoreError::NotFound)
    ));

    for i in 0..4 {
        account(db, &format!("u{i}@example.org"), Role::Member).await;
    }
    let page = db.list_accounts(3, 0).await.unwrap();
    assert_eq!((page.total, page.items.len()), (5, 3));
    assert_eq!(page.items[0].id, a.id);
    assert_eq!(db.list_accounts(3, 3).await.unwrap().items.len(), 2);
}

async fn sessions(db: &Db) {
    let a = account(db, "s@example.org", Role::Member).await;
    let expires = (now() + Duration::hours(2)).replace_nanosecond(0).unwrap();
    db.create_session("live", a.id, "csrf1", expires)
        .await
        .unwrap();
    db.create_session("old", a.id, "csrf2", now() - Duration::seconds(1))
        .await
        .unwrap();
    let s = db.session("live").await.unwrap().unwrap();
    assert_eq!(
        (s.account.id, s.csrf_token.as_str(), s.expires_at),
        (a.id, "csrf1", expires)
    );
    assert_eq!(db.session("old").await.unwrap(), None);
    assert_eq!(db.session("unknown").await.unwrap(), None);
    db.delete_session("live").await.unwrap();
    assert_eq!(db.session("live").await.unwrap(), None);
}

async fn api_tokens(db: &Db) {
    let a = account(db, "t@example.org", Role::Contributor).await;
    let b = account(db, "b@example.org", Role::Contributor).await;
    let t = db
        .create_api_token(a.id, "ci", "hash-1", "mhub_ab", TokenScopes::all())
        .await
        .unwrap();
    assert_eq!(
        (t.name.as_str(), t.prefix.as_str(), t.last_used_at),
        ("ci", "mhub_ab", None)
    );
    assert_eq!(t.scopes, TokenScopes::all());
    let read_only = TokenScopes::from_iter([Scope::Read]);
    db.create_api_token(a.id, "laptop", "hash-2", "mhub_cd", read_only)
        .await
        .unwrap();
    assert!(
        db.create_api_token(b.id, "dup", "hash-1", "x", read_only)
            .await
            .is_err()
    );

    let (found, scopes) = db.account_by_api_token("hash-1").await.unwrap().unwrap();
    assert_eq!((found.id, scopes), (a.id, TokenScopes::all()));
    let (_, scopes) = db.account_by_api_token("hash-2").await.unwrap().unwrap();
    assert_eq!(scopes, read_only);
    assert_eq!(db.account_by_api_token("nope").await.unwrap(), None);
    let tokens = db.api_tokens(a.id).await.unwrap();
    assert_eq!(tokens.len(), 2);
    assert!(tokens[0].last_used_at.is_some());
    assert_eq!(tokens[1].scopes, read_only);

    assert!(!db.delete_api_token(b.id, t.id).await.unwrap());
    assert!(db.delete_api_token(a.id, t.id).await.unwrap());
    assert!(!db.delete_api_token(a.id, t.id).await.unwrap());
    assert_eq!(db.account_by_api_token("hash-1").await.unwrap(), None);
    assert_eq!(db.api_tokens(a.id).await.unwrap().len(), 1);
}

/// Reads the counters of `keys` without writing.
async fn counters(db: &Db, keys: &[String]) -> Vec<Option<LoginCounter>> {
    let mut seen = Vec::new();
    db.update_login_counters(keys, &mut |stored| {
        seen = stored.to_vec();
        None
    })
    .await
    .unwrap();
    seen
}

async fn throttling(db: &Db) {
    let t0 = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    let keys: Vec<String> = ["pair:x@example.org|1.2.3.4", "account:x@example.org"]
        .map(String::from)
        .to_vec();
    assert_eq!(counters(db, &keys).await, [None, None]);
    let c = |attempts| LoginCounter {
        attempts,
        window_start: t0,
        last_at: t0 + Duration::seconds(attempts),
    };
    db.update_login_counters(&keys, &mut |_| Some(vec![Some(c(1)), Some(c(2))]))
        .await
        .unwrap();
    assert_eq!(counters(db, &keys).await, [Some(c(1)), Some(c(2))]);
    // Overwrite one, delete the other.
    db.update_login_counters(&keys, &mut |_| Some(vec![None, Some(c(3))]))
        .await
        .unwrap();
    assert_eq!(counters(db, &keys).await, [None, Some(c(3))]);
    // Clearing an account takes its pairs, not other accounts' nor prefixes of it.
    let more: Vec<String> = [
        "pair:x@example.org|1.2.3.4",
        "pair:x@example.org|::1",
        "pair:ax@example.org|1.2.3.4",
        "pair:x@example.org.evil|1.2.3.4",
        "account:y@example.org",
        "addr:1.2.3.4",
    ]
    .map(String::from)
    .to_vec();
    db.update_login_counters(&more, &mut |s| Some(vec![Some(c(1)); s.len()]))
        .await
        .unwrap();
    db.clear_login_counters("x@example.org").await.unwrap();
    assert_eq!(counters(db, &keys).await, [None, None]);
    let left = counters(db, &more).await;
    assert_eq!(
        left.iter().map(Option::is_some).collect::<Vec<_>>(),
        [false, false, true, true, true, true]
    );
    // Pruning takes the counters quiet since before the cut-off, and only those.
    let old = LoginCounter {
        attempts: 1,
        window_start: t0 - Duration::days(3),
        last_at: t0 - Duration::days(2),
    };
    db.update_login_counters(&keys, &mut |_| Some(vec![Some(old), Some(c(1))]))
        .await
        .unwrap();
    assert_eq!(
        db.prune_login_counters(t0 - Duration::days(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(counters(db, &keys).await, [None, Some(c(1))]);
    assert_eq!(counters(db, &more).await.iter().flatten().count(), 4);
}

/// Sixty concurrent callers each take one of ten slots when one is left: exactly ten
/// get one, so the read and the write of a counter are one atomic step.
async fn throttling_is_atomic_under_concurrency(db: &Db) {
    let t0 = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
    let keys: Vec<String> = ["account:burst@example.org", "addr:10.0.0.1"]
        .map(String::from)
        .to_vec();
    let mut tasks = Vec::new();
    for _ in 0..60 {
        let (db, keys) = (db.clone(), keys.clone());
        tasks.push(tokio::spawn(async move {
            let mut taken = false;
            db.update_login_counters(&keys, &mut |stored| {
                let n = stored[0].map_or(0, |c| c.attempts);
                if n >= 10 {
                    return None;
                }
                taken = true;
                let c = Some(LoginCounter {
                    attempts: n + 1,
                    window_start: t0,
                    last_at: t0,
                });
                Some(vec![c, c])
            })
            .await
            .unwrap();
            taken
        }));
    }
    let mut taken = 0;
    for t in tasks {
        if t.await.unwrap() {
            taken += 1;
        }
    }
    assert_eq!(taken, 10);
    let stored = counters(db, &keys).await;
    assert_eq!(stored[0].unwrap().attempts, 10);
    assert_eq!(stored[1].unwrap().attempts, 10);
}

async fn erase_and_personal_data(db: &Db) {
    let eve = db
        .create_account("Eve@example.org", "Eve", "secret-hash", Role::Reviewer)
        .await
        .unwrap();
    let other = account(db, "other@example.org", Role::Member).await;
    db.join_organisation(eve.id, "Eve Org", Some("SE"), MemberRole::Manager)
        .await
        .unwrap();
    db.create_api_token(
        eve.id,
        "script",
        "token-hash-eve",
        "mhub_ee",
        TokenScopes::all(),
    )
    .await
    .unwrap();
    db.create_session("sess-eve", eve.id, "csrf", now() + Duration::hours(1))
        .await
        .unwrap();
    db.create_session("sess-other", other.id, "csrf", now() + Duration::hours(1))
        .await
        .unwrap();
    let eve_keys = mhub_core::throttle::LoginKeys::new("eve@example.org", "192.0.2.1").keys;
    db.update_login_counters(&eve_keys, &mut |s| {
        Some(vec![
            Some(LoginCounter {
                attempts: 1,
                window_start: now(),
                last_at: now(),
            });
            s.len()
        ])
    })
    .await
    .unwrap();
    let p = db
        .create_practice(
            &record("eve-p", Status::Draft, content("Eve's", "SE")),
            &ctx(Some(eve.id)),
        )
        .await
        .unwrap();
    db.update_practice(p.id, None, &content("Eve's 2", "SE"), &ctx(Some(eve.id)))
        .await
        .unwrap();
    db.transition_practice(
        p.id,
        Status::Draft,
        Status::Submitted,
        None,
        Some(eve.id),
        Some("ready"),
    )
    .await
    .unwrap();
    db.assign_reviewers(p.id, &[eve.id], other.id)
        .await
        .unwrap();
    db.save_review(p.id, eve.id, &full_review(Recommendation::Promising, 4))
        .await
        .unwrap();

    let data = db.personal_data(eve.id).await.unwrap();
    assert_eq!(data["account"]["email"], "eve@example.org");
    assert_eq!(data["account"]["display_name"], "Eve");
    assert_eq!(data["memberships"][0]["organisation"], "eve-org");
    assert_eq!(data["api_tokens"][0]["name"], "script");
    assert_eq!(data["practices_created"][0]["slug"], "eve-p");
    assert_eq!(data["practices_created"][0]["status"], "submitted");
    assert_eq!(data["revisions_authored"].as_array().unwrap().len(), 2);
    assert_eq!(data["revisions_authored"][1]["number"], 2);
    assert!(data["revisions_authored"][0]["date"].is_string());
    assert_eq!(data["reviews_written"][0]["recommendation"], "promising");
    assert_eq!(data["transitions_made"][0]["to"], "submitted");
    let text = data.to_string();
    assert!(
        !text.contains("token-hash-eve") && !text.contains("secret-hash"),
        "{text}"
    );
    assert!(matches!(
        db.personal_data(eve.id + 100).await,
        Err(CoreError::NotFound)
    ));

    let outbox_before = outbox_len(db).await;
    db.erase_account(eve.id).await.unwrap();
    assert_eq!(db.account_by_email("eve@example.org").await.unwrap(), None);
    let erased = db.account_by_id(eve.id).await.unwrap().unwrap();
    assert_eq!(erased.email, format!("erased-{}@invalid", eve.id));
    assert_eq!(erased.display_name, "");
    assert_eq!(db.account_by_email(&erased.email).await.unwrap(), None);
    assert_eq!(db.session("sess-eve").await.unwrap(), None);
    assert!(db.session("sess-other").await.unwrap().is_some());
    assert!(db.api_tokens(eve.id).await.unwrap().is_empty());
    assert_eq!(
        db.account_by_api_token("token-hash-eve").await.unwrap(),
        None
    );
    assert!(db.memberships(eve.id).await.unwrap().is_empty());
    // The account's and its pairs' counters go; the address's is not personal to Eve.
    assert_eq!(
        counters(db, &eve_keys)
            .await
            .iter()
            .map(Option::is_some)
            .collect::<Vec<_>>(),
        [false, false, true]
    );
    assert!(
        db.list_accounts(10, 0)
            .await
            .unwrap()
            .items
            .iter()
            .all(|a| a.id != eve.id)
    );
    // Contributions stay, without a name.
    let revisions = db.revisions(p.id).await.unwrap();
    assert_eq!(
        (revisions[0].author_id, revisions[0].author_name.as_deref()),
        (Some(eve.id), None)
    );
    assert_eq!(db.reviews(p.id).await.unwrap()[0].reviewer_name, None);
    assert_eq!(
        db.practice_by_id(p.id).await.unwrap().unwrap().created_by,
        Some(eve.id)
    );
    assert_eq!(outbox_len(db).await, outbox_before);
    // The address is free again.
    db.create_account("eve@example.org", "Eve again", "h", Role::Member)
        .await
        .unwrap();
    assert!(matches!(
        db.erase_account(eve.id + 100).await,
        Err(CoreError::NotFound)
    ));
}

async fn outbox_rows(db: &Db) {
    let mut listener = match db.pg_pool() {
        Some(pool) => {
            let mut l = sqlx::postgres::PgListener::connect_with(pool)
                .await
                .unwrap();
            l.listen(mhub_storage::OUTBOX_CHANNEL).await.unwrap();
            Some(l)
        }
        None => None,
    };
    assert!(db.outbox_after(0, 10).await.unwrap().is_empty());
    let p = db
        .create_practice(&record("ob", Status::Draft, content("O", "BE")), &ctx(None))
        .await
        .unwrap();
    db.update_practice(p.id, Some(1), &content("O2", "BE"), &ctx(None))
        .await
        .unwrap();
    db.transition_practice(p.id, Status::Draft, Status::Submitted, None, None, None)
        .await
        .unwrap();
    db.import_practices(
        &[
            record("ob", Status::Published, content("O3", "BE")),
            record("ob2", Status::Draft, content("N", "BE")),
        ],
        &ctx(None),
    )
    .await
    .unwrap();
    let q = db.practice_by_slug("ob2").await.unwrap().unwrap();
    // Things that do not change a practice write nothing.
    let a = account(db, "x@example.org", Role::Reviewer).await;
    db.assign_reviewers(p.id, &[a.id], a.id).await.unwrap();
    db.save_review(p.id, a.id, &full_review(Recommendation::Best, 5))
        .await
        .unwrap();

    let rows = db.outbox_after(0, 100).await.unwrap();
    let ids: Vec<_> = rows.iter().map(|r| r.entity_id).collect();
    assert_eq!(ids, [p.id, p.id, p.id, p.id, q.id]);
    assert!(
        rows.iter()
            .all(|r| r.entity == "practice" && r.operation == "upsert")
    );
    assert!(rows.windows(2).all(|w| w[0].id < w[1].id));
    let tail = db.outbox_after(rows[2].id, 100).await.unwrap();
    assert_eq!(tail, rows[3..].to_vec());
    assert_eq!(db.outbox_after(0, 2).await.unwrap(), rows[..2].to_vec());

    if let Some(listener) = listener.as_mut() {
        let mut seen = Vec::new();
        while seen.len() < rows.len() {
            let n = tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
                .await
                .unwrap()
                .unwrap();
            seen.push(n.payload().parse::<i64>().unwrap());
        }
        assert_eq!(seen, rows.iter().map(|r| r.id).collect::<Vec<_>>());
    }
}

async fn import_creates_and_updates(db: &Db) {
    let editor = account(db, "imp@example.org", Role::Editor).await;
    let mut published = record("i1", Status::Published, full_content());
    published.outcome = Some(Outcome::Promising);
    let records = vec![
        published,
        record("i2", Status::Draft, content("Two", "PL")),
        record("i3", Status::Submitted, content("Three", "PL")),
    ];
    assert_eq!(
        db.import_practices(&records, &ctx(Some(editor.id)))
            .await
            .unwrap(),
        3
    );
    let i1 = db.practice_by_slug("i1").await.unwrap().unwrap();
    assert_eq!(
        (i1.status, i1.outcome, i1.version),
        (Status::Published, Some(Outcome::Promising), 1)
    );
    assert!(i1.published_at.is_some());
    assert_eq!(i1.content, full_content());
    assert_eq!(i1.created_by, Some(editor.id));
    let i2 = db.practice_by_slug("i2").await.unwrap().unwrap();
    assert_eq!(i2.published_at, None);

    // Importing over an existing slug saves a new revision and sets the status.
    let mut again = record("i2", Status::Published, content("Two, revised", "PL"));
    again.outcome = Some(Outcome::Best);
    assert_eq!(db.import_practices(&[again], &ctx(None)).await.unwrap(), 1);
    let i2 = db.practice_by_slug("i2").await.unwrap().unwrap();
    assert_eq!(
        (i2.status, i2.outcome, i2.version),
        (Status::Published, Some(Outcome::Best), 2)
    );
    assert!(i2.published_at.is_some());
    assert_eq!(i2.content.texts["en"].title, "Two, revised");
    assert_eq!(
        db.revisions(i2.id)
            .await
            .unwrap()
            .iter()
            .map(|r| r.number)
            .collect::<Vec<_>>(),
        [2, 1]
    );
    let page = db
        .list_practices(
            &PracticeFilter {
                status: vec![Status::Published],
                ..Default::default()
            },
            PracticeSort::TitleAsc,
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!(page.total, 2);
    assert_eq!(db.import_practices(&[], &ctx(None)).await.unwrap(), 0);
}

async fn import_is_all_or_nothing(db: &Db) {
    db.create_practice(
        &record("kept", Status::Draft, content("Kept", "CZ")),
        &ctx(None),
    )
    .await
    .unwrap();
    let before = outbox_len(db).await;

    // The same slug twice in one file.
    let batch = vec![
        record("n1", Status::Draft, content("N1", "CZ")),
        record("kept", Status::Published, content("Kept changed", "CZ")),
        record("n1", Status::Draft, content("N1 again", "CZ")),
    ];
    let err = db.import_practices(&batch, &ctx(None)).await.unwrap_err();
    assert!(
        matches!(err, CoreError::Validation(ref e) if e[0].field == "records[2].slug" && e[0].code == "duplicate"),
        "{err:?}"
    );
    // A constraint failure in the last record.
    let batch = vec![
        record("n2", Status::Draft, content("N2", "CZ")),
        record("", Status::Draft, content("Empty", "CZ")),
    ];
    let err = db.import_practices(&batch, &ctx(None)).await.unwrap_err();
    assert!(matches!(err, CoreError::Storage(_)), "{err:?}");

    assert_eq!(db.practice_by_slug("n1").await.unwrap(), None);
    assert_eq!(db.practice_by_slug("n2").await.unwrap(), None);
    let kept = db.practice_by_slug("kept").await.unwrap().unwrap();
    assert_eq!((kept.version, kept.status), (1, Status::Draft));
    assert_eq!(db.revisions(kept.id).await.unwrap().len(), 1);
    assert_eq!(outbox_len(db).await, before);
    assert_eq!(
        db.list_practices(&all_statuses(), PracticeSort::default(), 10, 0)
            .await
            .unwrap()
            .total,
        1
    );
    assert!(db.organisation_by_slug("n2").await.unwrap().is_none());
}

async fn backup(db: &Db) {
    db.create_practice(
        &record("b", Status::Published, content("Backed up", "IE")),
        &ctx(None),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backup.db");
    let path_str = path.to_str().unwrap();
    if db.backend() == "postgres" {
        let err = db.backup(path_str).await.unwrap_err();
        assert!(
            matches!(err, CoreError::Validation(ref e) if e[0].field == "backend" && e[0].code == "use_pg_dump"),
            "{err:?}"
        );
        return;
    }
    db.backup(path_str).await.unwrap();
    assert!(path.exists());
    let err = db.backup(path_str).await.unwrap_err();
    assert!(
        matches!(err, CoreError::Validation(ref e) if e[0].field == "path" && e[0].code == "exists"),
        "{err:?}"
    );

    let copy = Db::connect(&format!("sqlite://{path_str}")).await.unwrap();
    copy.migrate().await.unwrap();
    assert_eq!(
        copy.practice_by_slug("b")
            .await
            .unwrap()
            .unwrap()
            .content
            .texts["en"]
            .title,
        "Backed up"
    );
    copy.close().await;
}

// -------------------------------------------------------- sqlite-only checks

#[tokio::test]
async fn sqlite_in_memory_readers_see_writes() {
    let db = Db::connect("sqlite::memory:").await.unwrap();
    db.migrate().await.unwrap();
    let a = account(&db, "m@example.org", Role::Member).await;
    assert_eq!(db.account_by_id(a.id).await.unwrap(), Some(a));
    let p = db
        .create_practice(&record("m", Status::Draft, content("M", "MT")), &ctx(None))
        .await
        .unwrap();
    assert_eq!(db.practice_by_slug("m").await.unwrap(), Some(p));
    assert_eq!(db.pool_status().size, 1);
}

#[tokio::test]
async fn unsupported_url_is_refused() {
    assert!(Db::connect("mysql://localhost/x").await.is_err());
}

/// Concurrent writers queue on the single writer connection instead of failing with SQLITE_BUSY.
#[tokio::test]
async fn sqlite_concurrent_writes() {
    let t = common::sqlite().await;
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = t.db.clone();
        tasks.push(tokio::spawn(async move {
            let r = record(
                &format!("c{i}"),
                Status::Draft,
                content(&format!("C{i}"), "LU"),
            );
            db.create_practice(&r, &ctx(None)).await.unwrap();
            db.list_practices(&all_statuses(), PracticeSort::default(), 5, 0)
                .await
                .unwrap();
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(
        t.db.list_practices(&all_statuses(), PracticeSort::default(), 1, 0)
            .await
            .unwrap()
            .total,
        20
    );
    t.finish().await;
}

/// 10,000 records in one import (the size of a full export).
#[tokio::test]
async fn sqlite_import_ten_thousand() {
    let t = common::sqlite().await;
    let records: Vec<_> = (0..10_000)
        .map(|i| {
            let mut c = full_content();
            c.texts.get_mut("en").unwrap().title = format!("Practice {i}");
            c.organisations[1].name = format!("Partner {}", i % 500);
            record(
                &format!("bulk-{i}"),
                if i % 2 == 0 {
                    Status::Published
                } else {
                    Status::Draft
                },
                c,
            )
        })
        .collect();
    let started = std::time::Instant::now();
    assert_eq!(
        t.db.import_practices(&records, &ctx(None)).await.unwrap(),
        10_000
    );
    eprintln!("imported 10,000 records in {:?}", started.elapsed());
    let published = PracticeFilter {
        status: vec![Status::Published],
        ..Default::default()
    };
    assert_eq!(
        t.db.list_practices(&published, PracticeSort::TitleAsc, 10, 0)
            .await
            .unwrap()
            .total,
        5_000
    );
    t.finish().await;
}

async fn outbox_last_id_and_practices_after(db: &Db) {
    assert_eq!(db.outbox_last_id().await.unwrap(), 0);
    assert!(db.practices_after(0, 10).await.unwrap().is_empty());
    let mut ids = Vec::new();
    for (i, status) in [Status::Draft, Status::Published, Status::Archived]
        .into_iter()
        .enumerate()
    {
        let p = db
            .create_practice(
                &record(&format!("pa-{i}"), status, content(&format!("P{i}"), "BE")),
                &ctx(None),
            )
            .await
            .unwrap();
        ids.push(p.id);
    }
    let rows = db.outbox_after(0, 100).await.unwrap();
    assert_eq!(db.outbox_last_id().await.unwrap(), rows.last().unwrap().id);
    // Every state, in id order, resumable after any id.
    let all = db.practices_after(0, 100).await.unwrap();
    assert_eq!(all.iter().map(|p| p.id).collect::<Vec<_>>(), ids);
    assert_eq!(all[2].status, Status::Archived);
    assert_eq!(all[1].content, content("P1", "BE"));
    let page = db.practices_after(ids[0], 1).await.unwrap();
    assert_eq!(page.iter().map(|p| p.id).collect::<Vec<_>>(), [ids[1]]);
    assert!(db.practices_after(ids[2], 10).await.unwrap().is_empty());
    // PostgreSQL: a listener hears each new row's id.
    if let Some(mut listener) = db.outbox_listener().await.unwrap() {
        db.update_practice(ids[0], None, &content("P0b", "BE"), &ctx(None))
            .await
            .unwrap();
        let id = tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(id, db.outbox_last_id().await.unwrap());
    } else {
        assert_eq!(db.backend(), "sqlite");
    }
}
