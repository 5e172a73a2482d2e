//! Two `mhub serve` processes on one PostgreSQL, each with its own search
//! index: an edit saved through node A is found by a search on node B, through
//! the outbox (NOTIFY wakes B's indexer; the 1 s poll is the fallback).
//! Runs when TEST_PG_URL is set; otherwise prints why it skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::io::Write as _;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn mhub(dir: &Path, db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mhub"));
    c.current_dir(dir)
        .env("MHUB_DATABASE_URL", db)
        .env("MHUB_LOG_LEVEL", "warn")
        .env("MHUB_LOAD_DEMO", "false");
    c
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn psql(base: &str, sql: &str) {
    ok(Command::new("psql")
        .args([base, "-qc", sql])
        .output()
        .expect("psql"));
}

/// `curl` with the status code appended, so the test needs no HTTP client crate.
fn curl(args: &[&str]) -> (u16, String) {
    let out = Command::new("curl")
        .args(["-sS", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl");
    // A refused connection (node still starting) is status 0.
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, status) = out.rsplit_once('\n').unwrap_or(("", "0"));
    (status.trim().parse().unwrap_or(0), body.to_string())
}

fn wait_ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let (status, _) = curl(&[&format!("http://127.0.0.1:{port}/readyz")]);
        if status == 200 {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("node on port {port} never became ready");
}

fn content(title: &str) -> serde_json::Value {
    serde_json::json!({
        "original_language": "en",
        "texts": {"en": {"title": title, "summary": "A practice for the two-node test"}},
        "country": "ES",
        "ncd_focus": ["diabetes"],
        "channels": ["sms"]
    })
}

#[test]
fn an_edit_through_one_node_is_found_on_the_other() {
    let base = match std::env::var("TEST_PG_URL") {
        Ok(b) if !b.is_empty() => b,
        _ => {
            // Past libtest's capture of eprintln!, so the log shows what did not run.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: set TEST_PG_URL to run the two-node search test"
            );
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let schema = format!("two_nodes_{}", std::process::id());
    psql(
        &base,
        &format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"),
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    let db = format!("{base}{sep}options=-csearch_path%3D{schema}");

    let records = serde_json::json!([{
        "slug": "two-node-practice",
        "status": "published",
        "outcome": "best",
        "content": content("Original title of the practice"),
    }]);
    std::fs::write(dir.path().join("p.json"), records.to_string()).unwrap();
    ok(mhub(dir.path(), &db)
        .args(["import", "practices", "p.json"])
        .output()
        .unwrap());
    ok(mhub(dir.path(), &db)
        .env("MHUB_PASSWORD", "two nodes password")
        .args([
            "user",
            "create",
            "--email",
            "ed@example.org",
            "--role",
            "admin",
        ])
        .output()
        .unwrap());

    let start = |name: &str| {
        let port = free_port();
        let child = mhub(dir.path(), &db)
            .env("MHUB_INDEX_DIR", dir.path().join(format!("index-{name}")))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::null())
            .spawn()
            .expect("start mhub");
        (Node(child), port)
    };
    let (_a, port_a) = start("a");
    let (_b, port_b) = start("b");
    wait_ready(port_a);
    wait_ready(port_b);
    let search_b = format!("http://127.0.0.1:{port_b}/api/v1/practices?q=zeppelin");
    let (status, body) = curl(&[&search_b]);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"total\":0"), "{body}");

    // Sign in on node A and save a new revision there.
    let jar = dir.path().join("cookies");
    let jar = jar.to_str().unwrap();
    let (status, body) = curl(&[
        "-c",
        jar,
        "-H",
        "content-type: application/json",
        "-d",
        r#"{"email":"ed@example.org","password":"two nodes password"}"#,
        &format!("http://127.0.0.1:{port_a}/api/v1/session"),
    ]);
    assert_eq!(status, 200, "{body}");
    let session: serde_json::Value = serde_json::from_str(&body).unwrap();
    let csrf = session["csrf_token"].as_str().unwrap();
    let (status, body) = curl(&[
        "-b",
        jar,
        "-X",
        "PUT",
        "-H",
        "content-type: application/json",
        "-H",
        "if-match: *",
        "-H",
        &format!("x-csrf-token: {csrf}"),
        "-d",
        &content("Zeppelin telemonitoring of glucose").to_string(),
        &format!("http://127.0.0.1:{port_a}/api/v1/practices/two-node-practice"),
    ]);
    assert_eq!(status, 200, "{body}");
    let saved = Instant::now();

    // Node B finds it, well within the 2 s promised.
    let mut found = None;
    while saved.elapsed() < Duration::from_secs(5) {
        let (status, body) = curl(&[&search_b]);
        assert_eq!(status, 200, "{body}");
        if body.contains("two-node-practice") {
            found = Some(saved.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop((_a, _b));
    psql(&base, &format!("DROP SCHEMA {schema} CASCADE"));
    let found = found.expect("node B never found the edit made through node A");
    eprintln!(
        "node B found the edit {} ms after node A saved it",
        found.as_millis()
    );
    assert!(found < Duration::from_secs(2), "took {found:?}");
}
