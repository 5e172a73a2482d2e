//! Migration 0003 gives the tokens made before scopes existed every scope,
//! so no running integration breaks on upgrade.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::path::Path;

use mhub_core::accounts::TokenScopes;
use mhub_core::repo::Repository;
use mhub_storage::Db;
use sqlx::Connection;
use sqlx::migrate::Migrator;

#[tokio::test]
async fn tokens_made_before_scopes_keep_every_scope() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    // The schema as it was before 0003, with one token in it.
    let mut before = Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite"))
        .await
        .unwrap();
    before.migrations = before
        .migrations
        .iter()
        .filter(|m| m.version < 3)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    assert!(!before.migrations.is_empty());
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    before.run(&mut c).await.unwrap();
    sqlx::query(
        "INSERT INTO account (email, display_name, password_hash, role, created_at) \
         VALUES ('old@example.org', 'Old', 'x', 'contributor', 0)",
    )
    .execute(&mut c)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO api_token (account_id, name, token_hash, prefix, created_at) \
         VALUES (1, 'legacy', 'legacy-hash', 'mhub_le', 0)",
    )
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();

    let db = Db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let (account, scopes) = db
        .account_by_api_token("legacy-hash")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.email, "old@example.org");
    assert_eq!(scopes, TokenScopes::all());
    assert_eq!(
        db.api_tokens(account.id).await.unwrap()[0].scopes,
        TokenScopes::all()
    );
    db.close().await;
}
