//! The SQLite and PostgreSQL schemas must not drift apart: same migration files,
//! same tables, same columns. The PostgreSQL half runs when `TEST_PG_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sqlx::Connection;

type Schema = BTreeMap<String, BTreeSet<String>>;

/// Tables owned by tools rather than by our migrations.
fn ours(table: &str) -> bool {
    !table.starts_with("sqlite_") && table != "_sqlx_migrations"
}

fn migration_files(backend: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn migration_folders_have_the_same_files() {
    let sqlite = migration_files("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_files("postgres"));
}

async fn sqlite_schema() -> Schema {
    let t = common::sqlite().await;
    let path = t.dir.as_ref().unwrap().path().join("data/hub.db");
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut c)
            .await
            .unwrap();
    let mut schema = Schema::new();
    for table in tables.into_iter().filter(|t| ours(t)) {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(&mut c)
            .await
            .unwrap();
        schema.insert(table, columns.into_iter().collect());
    }
    c.close().await.unwrap();
    t.finish().await;
    schema
}

#[tokio::test]
async fn sqlite_schema_has_the_expected_tables() {
    let schema = sqlite_schema().await;
    for table in [
        "practice",
        "practice_tag",
        "practice_revision",
        "account",
        "outbox",
        "meta",
        "country",
    ] {
        assert!(schema.contains_key(table), "missing {table}: {schema:?}");
    }
}

#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let Some(pg) = common::postgres().await else {
        return;
    };
    let pool = pg.db.pg_pool().unwrap().clone();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema()",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut postgres = Schema::new();
    for (table, column) in rows.into_iter().filter(|(t, _)| ours(t)) {
        postgres.entry(table).or_default().insert(column);
    }
    pg.finish().await;

    let sqlite = sqlite_schema().await;
    assert_eq!(
        sqlite.keys().collect::<Vec<_>>(),
        postgres.keys().collect::<Vec<_>>(),
        "tables differ"
    );
    for (table, columns) in &sqlite {
        assert_eq!(columns, &postgres[table], "columns of {table} differ");
    }
}
