//! The statement budget (issue 11): one request of every page type issues a
//! constant number of database statements, whatever the size of the registry.
//! The same pages are requested against a small registry and against 20,000
//! synthetic practices (the generator of `mhub seed --synthetic`), with the
//! search index built; the statements are counted from sqlx's own events
//! (target `sqlx::query`, one per statement on either driver). A page fails
//! when it issues more than its budget, or a different number at 20,000 than
//! at the small size: a loop over pages of a listing shows as a count that
//! grows with N. No timing is asserted.
//!
//! SQLite always; PostgreSQL too when `TEST_PG_URL` is set, at 5,000 rather
//! than 20,000 practices (see [`LARGE_PG`]).

#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use mhub_core::accounts::{Actor, Role};
use mhub_core::curation::Status;
use mhub_core::hub::Hub;
use mhub_core::organisations::MemberRole;
use mhub_core::reference::ReferenceData;
use mhub_core::repo::PracticeRecord;
use mhub_core::slug::name_slug;
use mhub_search::{Engine, Indexer, SearchIndex};
use mhub_web::{AppState, WebConfig};
use tower::ServiceExt;

#[allow(dead_code)]
#[path = "../../hub/src/synthetic.rs"]
mod synthetic;

const SMALL: usize = 400;
const LARGE: usize = 20_000;
/// Seeding 20,000 practices into PostgreSQL from a debug build took about five
/// minutes on the 2-core machine; a quarter of that still shows any growth.
const LARGE_PG: usize = 5_000;
const PASSWORD: &str = "correct horse battery";

/// Statements one request may issue, per page type: what each issues now. A
/// signed-in page pays two for the session (account, memberships); the curation
/// panel of a practice reads the practice and its facts once per section.
const BUDGET: [(&str, usize); 24] = [
    ("home", 1),
    ("practices", 1),
    ("practices filtered", 1),
    ("search", 1),
    ("practice", 5),
    ("countries", 0),
    ("country", 2),
    ("organisation", 2),
    ("api list", 1),
    ("api list filtered", 1),
    ("api list by title", 2),
    ("api detail", 4),
    ("api search", 1),
    ("api suggest", 0),
    ("api countries", 0),
    ("api organisations", 2),
    ("signed in: account", 5),
    ("signed in: my practices", 3),
    ("signed in: review queue", 6),
    ("signed in: practice with curation", 23),
    ("signed in: admin accounts", 4),
    ("signed in: admin organisations", 4),
    ("signed in: members", 5),
    ("signed in: api review queue", 3),
];

// ------------------------------------------------------------ counting

static COUNTING: AtomicBool = AtomicBool::new(false);
static STATEMENTS: AtomicUsize = AtomicUsize::new(0);
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A subscriber that only wants sqlx's statement events, and counts them.
struct StatementCounter;

struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_string();
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" && self.0.is_empty() {
            self.0 = format!("{value:?}");
        }
    }
}

impl tracing::Subscriber for StatementCounter {
    fn register_callsite(
        &self,
        meta: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        if meta.target() == "sqlx::query" {
            tracing::subscriber::Interest::always()
        } else {
            tracing::subscriber::Interest::never()
        }
    }
    fn enabled(&self, meta: &tracing::Metadata<'_>) -> bool {
        meta.target() == "sqlx::query"
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if !COUNTING.load(Ordering::SeqCst) || event.metadata().target() != "sqlx::query" {
            return;
        }
        STATEMENTS.fetch_add(1, Ordering::SeqCst);
        let mut summary = Summary(String::new());
        event.record(&mut summary);
        if let Ok(mut seen) = SEEN.lock() {
            seen.push(summary.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn install_counter() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        tracing::subscriber::set_global_default(StatementCounter).expect("one subscriber");
    });
}

/// One registry at a time: the counter is global, and another test's seeding
/// would count too.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

// ------------------------------------------------------------ a registry

struct Registry {
    router: Router,
    /// A published practice, and the country and organisation it belongs to.
    slug: String,
    country: String,
    organisation: String,
    /// Cookie headers of a contributor who manages that organisation, an editor and an admin.
    contributor: String,
    editor: String,
    admin: String,
}

async fn registry(url: &str, n: usize) -> Registry {
    let db = mhub_storage::Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let reference = ReferenceData::embedded().expect("reference");
    let hub = Arc::new(Hub::open(Arc::new(db), &reference).await.expect("hub"));
    let countries: Vec<String> = hub
        .catalog()
        .countries()
        .iter()
        .map(|c| c.iso2.clone())
        .collect();
    let mut generator = synthetic::Generator::new(7, &countries);
    let mut first: Option<PracticeRecord> = None;
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(2_000);
        let records: Vec<PracticeRecord> =
            (0..batch).map(|i| generator.practice(done + i)).collect();
        if first.is_none() {
            first = records
                .iter()
                .find(|r| r.status == Status::Published)
                .cloned();
        }
        hub.import_practices(&Actor::system(), records, false)
            .await
            .expect("import");
        done += batch;
    }
    let first = first.expect("a published practice");
    let organisation = first.content.organisations[0].name.clone();

    let engine = Engine::new(SearchIndex::in_memory().expect("index"));
    hub.set_search_engine(engine.clone());
    let indexer = Indexer::new(hub.clone(), engine);
    indexer.rebuild(Box::new(|_, _| {})).await.expect("rebuild");
    indexer.catch_up().await.expect("catch up");

    let mut accounts = Vec::new();
    for (email, role) in [
        ("contributor@example.org", Role::Contributor),
        ("editor@example.org", Role::Editor),
        ("admin@example.org", Role::Admin),
    ] {
        let account = hub
            .register(&Actor::system(), email, "Someone", PASSWORD, role)
            .await
            .expect("register");
        accounts.push((email, account));
    }
    hub.repo()
        .join_organisation(accounts[0].1.id, &organisation, None, MemberRole::Manager)
        .await
        .expect("join");
    let router = mhub_web::router(AppState {
        hub: hub.clone(),
        config: WebConfig {
            secure_cookies: false,
            response_cache: false,
            ..WebConfig::default()
        },
    });
    let mut cookies = Vec::new();
    for (email, _) in &accounts {
        let body = format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#);
        let res = call(&router, Method::POST, "/api/v1/session", "", Some(body)).await;
        assert_eq!(res.0, StatusCode::OK, "{}", res.2);
        cookies.push(res.1.split(';').next().unwrap_or_default().to_string());
    }
    Registry {
        router,
        slug: first.slug,
        country: first.content.country,
        organisation: name_slug(&organisation),
        contributor: cookies[0].clone(),
        editor: cookies[1].clone(),
        admin: cookies[2].clone(),
    }
}

/// (status, Set-Cookie, body)
async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    cookie: &str,
    body: Option<String>,
) -> (StatusCode, String, String) {
    let mut req = Request::builder().method(method).uri(uri);
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .expect("request");
    let res = router.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        set_cookie,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// Statements each page type issues, with what they were.
async fn measure(r: &Registry) -> BTreeMap<&'static str, (usize, Vec<String>)> {
    let country = r.country.clone();
    let lower = country.to_ascii_lowercase();
    let pages: Vec<(&'static str, String, &str)> = vec![
        ("home", "/en/".into(), ""),
        ("practices", "/en/practices".into(), ""),
        (
            "practices filtered",
            "/en/practices?ncd=diabetes&ncd=tobacco&channel=mobile_app&page=2".into(),
            "",
        ),
        ("search", "/en/practices?q=diabetes+app".into(), ""),
        ("practice", format!("/en/practices/{}", r.slug), ""),
        ("countries", "/en/countries".into(), ""),
        ("country", format!("/en/countries/{lower}"), ""),
        (
            "organisation",
            format!("/en/organisations/{}", r.organisation),
            "",
        ),
        ("api list", "/api/v1/practices".into(), ""),
        (
            "api list filtered",
            "/api/v1/practices?ncd=diabetes,tobacco&channel=mobile_app&page=2".into(),
            "",
        ),
        (
            "api list by title",
            format!("/api/v1/practices?country={country}&sort=title"),
            "",
        ),
        ("api detail", format!("/api/v1/practices/{}", r.slug), ""),
        ("api search", "/api/v1/practices?q=diabetes".into(), ""),
        ("api suggest", "/api/v1/search/suggest?q=diab".into(), ""),
        ("api countries", "/api/v1/countries".into(), ""),
        ("api organisations", "/api/v1/organisations".into(), ""),
        ("signed in: account", "/en/account".into(), &r.contributor),
        (
            "signed in: my practices",
            "/en/account/practices".into(),
            &r.contributor,
        ),
        ("signed in: review queue", "/en/review".into(), &r.editor),
        (
            "signed in: practice with curation",
            format!("/en/practices/{}", r.slug),
            &r.editor,
        ),
        (
            "signed in: admin accounts",
            "/en/admin/accounts".into(),
            &r.admin,
        ),
        (
            "signed in: admin organisations",
            "/en/admin/organisations".into(),
            &r.editor,
        ),
        (
            "signed in: members",
            format!("/en/organisations/{}/members", r.organisation),
            &r.contributor,
        ),
        (
            "signed in: api review queue",
            "/api/v1/reviews/queue".into(),
            &r.editor,
        ),
    ];
    let mut out = BTreeMap::new();
    for (name, uri, cookie) in pages {
        if let Ok(mut seen) = SEEN.lock() {
            seen.clear();
        }
        STATEMENTS.store(0, Ordering::SeqCst);
        COUNTING.store(true, Ordering::SeqCst);
        let (status, _, body) = call(&r.router, Method::GET, &uri, cookie, None).await;
        COUNTING.store(false, Ordering::SeqCst);
        assert_eq!(
            status,
            StatusCode::OK,
            "{name} {uri}: {}",
            body.chars().take(600).collect::<String>()
        );
        let seen = SEEN.lock().map(|s| s.clone()).unwrap_or_default();
        out.insert(name, (STATEMENTS.load(Ordering::SeqCst), seen));
    }
    out
}

async fn check(small_url: &str, large_url: &str, large_n: usize) {
    install_counter();
    let _alone = ONE_AT_A_TIME.lock().await;
    let small = measure(&registry(small_url, SMALL).await).await;
    let large = measure(&registry(large_url, large_n).await).await;
    let mut failures = Vec::new();
    for (name, budget) in BUDGET {
        let (Some((at_small, _)), Some((at_large, statements))) =
            (small.get(name), large.get(name))
        else {
            failures.push(format!("{name}: not measured"));
            continue;
        };
        println!("{name:36} {at_small:3} at {SMALL}, {at_large:3} at {large_n}, budget {budget}");
        if at_large > &budget || at_small > &budget || at_small != at_large {
            failures.push(format!(
                "{name}: {at_small} statements at {SMALL} practices, {at_large} at {large_n}, \
                 budget {budget}: {statements:#?}"
            ));
        }
    }
    assert_eq!(small.len(), BUDGET.len(), "every page type has a budget");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_page_type_keeps_its_statement_budget_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    check(&url("small.db"), &url("large.db"), LARGE).await;
}

#[tokio::test]
async fn every_page_type_keeps_its_statement_budget_on_postgresql() {
    let Some(base) = std::env::var("TEST_PG_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("TEST_PG_URL not set: skipped");
        return;
    };
    let psql = |sql: String| {
        let out = Command::new("psql")
            .args([base.as_str(), "-qc", sql.as_str()])
            .output()
            .expect("psql");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let stamp = format!(
        "{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default()
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    let schemas = [format!("t_budget_s_{stamp}"), format!("t_budget_l_{stamp}")];
    for s in &schemas {
        psql(format!("CREATE SCHEMA {s}"));
    }
    let url = |s: &str| format!("{base}{sep}options[search_path]={s}");
    check(&url(&schemas[0]), &url(&schemas[1]), LARGE_PG).await;
    for s in &schemas {
        psql(format!("DROP SCHEMA {s} CASCADE"));
    }
}
