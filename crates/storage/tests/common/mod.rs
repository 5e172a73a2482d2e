//! Test databases: a fresh SQLite file per test, and — when `TEST_PG_URL` is set —
//! a fresh PostgreSQL schema per test, so tests run in parallel on one server.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU64, Ordering};

use mhub_storage::Db;
use sqlx::Connection;

pub struct TestDb {
    pub db: Db,
    /// Keeps the SQLite directory alive for the test.
    pub dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Drops the PostgreSQL schema; a failed test leaves it behind for inspection.
    pub async fn finish(self) {
        self.db.close().await;
        if let Some((base, schema)) = self.pg {
            let mut c = sqlx::PgConnection::connect(&base)
                .await
                .expect("connect to drop schema");
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
                .execute(&mut c)
                .await
                .expect("drop schema");
        }
    }
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("data/hub.db").display());
    let db = Db::connect(&url).await.expect("connect sqlite");
    db.migrate().await.expect("migrate sqlite");
    TestDb {
        db,
        dir: Some(dir),
        pg: None,
    }
}

/// The PostgreSQL server to test on; without one, says so where CI logs show it.
pub fn pg_url() -> Option<String> {
    let url = std::env::var("TEST_PG_URL").ok().filter(|u| !u.is_empty());
    if url.is_none() {
        say_postgres_skipped();
    }
    url
}

/// Names the test that passes without its PostgreSQL half. Written to stderr directly:
/// libtest captures `eprintln!`, so a passing test's note would never reach the log.
pub fn say_postgres_skipped() {
    use std::io::Write as _;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test} on PostgreSQL: TEST_PG_URL is unset"
    );
}

pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{prefix}_{:x}_{:x}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Creates `CREATE SCHEMA t_...` and connects with it as the search path.
pub async fn postgres_schema() -> Option<(Db, String, String)> {
    let base = pg_url()?;
    let schema = unique_name("t");
    let mut c = sqlx::PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("TEST_PG_URL is set, but PostgreSQL is unreachable: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut c)
        .await
        .expect("create schema");
    c.close().await.ok();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options[search_path]={schema}");
    let db = Db::connect(&url).await.expect("connect postgres");
    Some((db, base, schema))
}

pub async fn postgres() -> Option<TestDb> {
    let (db, base, schema) = postgres_schema().await?;
    db.migrate().await.expect("migrate postgres");
    Some(TestDb {
        db,
        dir: None,
        pg: Some((base, schema)),
    })
}
