//! The response cache in the real router: anonymous repeats are served from
//! memory, personal and written-to answers never are.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use axum::http::Method;
use mhub_core::accounts::Role;
use mhub_web::WebConfig;

#[tokio::test]
async fn anonymous_reads_hit_the_cache_and_a_write_empties_it() {
    let app = common::app_with(WebConfig {
        secure_cookies: false,
        response_cache: true,
        ..WebConfig::default()
    })
    .await;
    for uri in [
        "/api/v1/practices/es-diabetes-sms",
        "/api/v1/practices?country=ES",
        "/en/practices",
    ] {
        let first = app.get(uri).await;
        assert_eq!(first.status, 200, "{uri}");
        assert!(
            first.headers.get("x-cache").is_none(),
            "{uri}: first answer is rendered"
        );
        let second = app.get(uri).await;
        assert_eq!(
            second.headers.get("x-cache").map(|v| v.to_str().unwrap()),
            Some("hit"),
            "{uri}"
        );
        assert_eq!(second.body, first.body, "{uri}");
    }
    // A personal request is never answered from the cache.
    let (_, bearer) = app.bearer("editor@example.org", Role::Editor).await;
    let personal = app
        .call(
            Method::GET,
            "/api/v1/practices/es-diabetes-sms",
            &[("authorization", bearer.as_str())],
            None,
        )
        .await;
    assert!(personal.headers.get("x-cache").is_none());
    // A successful write empties the cache.
    let res = app
        .call(
            Method::POST,
            "/api/v1/me/organisations",
            &[
                ("authorization", bearer.as_str()),
                ("content-type", "application/json"),
            ],
            Some(r#"{"name":"Cache Test Org"}"#),
        )
        .await;
    assert!(res.status.as_u16() < 400, "{}", res.status);
    let after = app.get("/api/v1/practices/es-diabetes-sms").await;
    assert!(
        after.headers.get("x-cache").is_none(),
        "the write emptied the cache"
    );
}
