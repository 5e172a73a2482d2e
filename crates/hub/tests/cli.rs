//! The CLI as an operator uses it: the real binary on real databases.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::path::Path;
use std::process::{Command, Output};

fn mhub(dir: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mhub"))
        .current_dir(dir)
        .env("MHUB_DATABASE_URL", db)
        .env("MHUB_LOG_LEVEL", "warn")
        .env_remove("MHUB_PASSWORD")
        .args(args)
        .output()
        .expect("run mhub")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "mhub failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh PostgreSQL schema when TEST_PG_URL is set, else a fresh SQLite file.
fn second_database(dir: &Path, name: &str) -> (String, Option<String>) {
    match std::env::var("TEST_PG_URL") {
        Ok(base) if !base.is_empty() => {
            let schema = format!("cli_{name}_{}", std::process::id());
            let out = Command::new("psql")
                .args([
                    &base,
                    "-qc",
                    &format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"),
                ])
                .output()
                .expect("psql");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let sep = if base.contains('?') { '&' } else { '?' };
            (
                format!("{base}{sep}options=-csearch_path%3D{schema}"),
                Some(schema),
            )
        }
        _ => (format!("sqlite://{}/second.db", dir.display()), None),
    }
}

fn drop_schema(schema: Option<String>) {
    if let (Some(schema), Ok(base)) = (schema, std::env::var("TEST_PG_URL")) {
        let _ = Command::new("psql")
            .args([&base, "-qc", &format!("DROP SCHEMA {schema} CASCADE")])
            .output();
    }
}

#[test]
fn export_import_round_trips_into_another_database_in_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("sqlite://{}/first.db", dir.path().display());
    // The demo practices come in through the same import path operators use.
    let demo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/demo-practices.json");
    ok(mhub(
        dir.path(),
        &first,
        &["import", "practices", demo.to_str().unwrap()],
    ));
    ok(mhub(
        dir.path(),
        &first,
        &["export", "practices", "--format", "json", "-o", "all.json"],
    ));
    ok(mhub(
        dir.path(),
        &first,
        &["export", "practices", "--format", "csv", "-o", "all.csv"],
    ));
    let exported = std::fs::read_to_string(dir.path().join("all.json")).unwrap();
    let records: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 114);

    for (name, file) in [("json", "all.json"), ("csv", "all.csv")] {
        let (second, schema) = second_database(dir.path(), name);
        let out = ok(mhub(dir.path(), &second, &["import", "practices", file]));
        assert!(out.contains("imported 114 of 114"), "{out}");
        ok(mhub(
            dir.path(),
            &second,
            &[
                "export",
                "practices",
                "--format",
                "json",
                "-o",
                "again.json",
            ],
        ));
        let again: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("again.json")).unwrap())
                .unwrap();
        drop_schema(schema);
        assert_eq!(again, records, "{name} round trip lost something");
    }
}

#[test]
fn bad_rows_are_reported_and_nothing_is_written_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/hub.db", dir.path().display());
    let csv = "slug,original_language,country,title_en,summary_en,ncd_focus,reach_users\n\
               good-one,en,ES,Good,A summary,diabetes,10\n\
               bad-country,en,XX,Bad,A summary,diabetes,10\n\
               bad-number,en,ES,Bad,A summary,diabetes,lots\n\
               bad-code,en,FR,Bad,A summary,sugar,1\n";
    std::fs::write(dir.path().join("in.csv"), csv).unwrap();
    let out = mhub(dir.path(), &db, &["import", "practices", "in.csv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4: column reach_users"), "{err}");
    let out = ok(mhub(
        dir.path(),
        &db,
        &["export", "practices", "--format", "json"],
    ));
    assert_eq!(out.trim(), "[]", "nothing may be written on error");

    let out = mhub(
        dir.path(),
        &db,
        &["import", "practices", "in.csv", "--skip-invalid"],
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = ok(out);
    assert!(stdout.contains("imported 1 of 3"), "{stdout}");
    assert!(
        err.contains("bad-country") && err.contains("country: unknown_country"),
        "{err}"
    );
    assert!(
        err.contains("bad-code") && err.contains("ncd_focus[0]: unknown_code"),
        "{err}"
    );
}

#[test]
fn users_are_created_listed_and_promoted() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/hub.db", dir.path().display());
    let out = ok(mhub(
        dir.path(),
        &db,
        &[
            "user",
            "create",
            "--email",
            "Admin@Example.org",
            "--role",
            "admin",
        ],
    ));
    assert!(out.contains("created admin@example.org (admin)"), "{out}");
    assert!(
        out.contains("password: "),
        "a generated password is shown once: {out}"
    );
    let dup = mhub(
        dir.path(),
        &db,
        &["user", "create", "--email", "admin@example.org"],
    );
    assert!(!dup.status.success());
    assert!(String::from_utf8_lossy(&dup.stderr).contains("email is already taken"));
    let bad = mhub(
        dir.path(),
        &db,
        &[
            "user",
            "create",
            "--email",
            "x@example.org",
            "--role",
            "wizard",
        ],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown role 'wizard'"));
    ok(mhub(
        dir.path(),
        &db,
        &["user", "create", "--email", "rev@example.org"],
    ));
    let out = ok(mhub(
        dir.path(),
        &db,
        &[
            "user",
            "set-role",
            "--email",
            "rev@example.org",
            "--role",
            "reviewer",
        ],
    ));
    assert!(out.contains("rev@example.org is now reviewer"), "{out}");
    let list = ok(mhub(dir.path(), &db, &["user", "list"]));
    assert!(
        list.contains("reviewer") && list.contains("admin@example.org") && list.contains("2 of 2"),
        "{list}"
    );
}

#[test]
fn backup_copies_a_live_sqlite_database_and_seed_adds_synthetic_practices() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/hub.db", dir.path().display());
    let out = ok(mhub(dir.path(), &db, &["seed", "--synthetic", "50"]));
    assert!(out.contains("added 50 synthetic practices"), "{out}");
    ok(mhub(dir.path(), &db, &["backup", "copy.db"]));
    let copy = format!("sqlite://{}/copy.db", dir.path().display());
    let exported = ok(mhub(dir.path(), &copy, &["export", "practices"]));
    let records: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(records.as_array().unwrap().len(), 50);
    let again = mhub(dir.path(), &db, &["backup", "copy.db"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

/// Seeding in two runs writes the same practices on SQLite and on PostgreSQL (when
/// TEST_PG_URL is set; another SQLite file otherwise), and the search index built
/// from either holds every one. crates/storage/tests/import.rs checks the rows.
#[test]
fn seed_writes_the_same_practices_on_both_databases_and_indexes_them() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("sqlite://{}/hub.db", dir.path().display());
    let (second, schema) = second_database(dir.path(), "seed");
    let mut exports = Vec::new();
    for (i, db) in [&first, &second].into_iter().enumerate() {
        let out = ok(mhub(dir.path(), db, &["seed", "--synthetic", "250"]));
        assert!(out.contains("added 250 synthetic practices"), "{out}");
        let out = ok(mhub(dir.path(), db, &["seed", "--synthetic", "150"]));
        assert!(out.contains("(400 synthetic in total)"), "{out}");
        let index = format!("index-{i}");
        let out = ok(mhub(dir.path(), db, &["reindex", "--index-dir", &index]));
        assert!(out.contains("indexed 400 practices"), "{out}");
        let exported = ok(mhub(dir.path(), db, &["export", "practices"]));
        let mut records: Vec<serde_json::Value> = serde_json::from_str(&exported).unwrap();
        records.sort_by_key(|r| r["slug"].as_str().unwrap().to_string());
        exports.push(records);
    }
    drop_schema(schema);
    let records = &exports[0];
    assert_eq!(records.len(), 400);
    let slugs: std::collections::BTreeSet<_> = records
        .iter()
        .map(|r| r["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs.len(), 400);
    assert!(slugs.contains("synthetic-0") && slugs.contains("synthetic-399"));
    let published = records
        .iter()
        .filter(|r| r["status"] == "published")
        .count();
    assert!((300..400).contains(&published), "{published} published");
    assert_eq!(exports[0], exports[1]);
}
