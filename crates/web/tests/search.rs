//! Search through the API: `?q=` with snippets and facets, suggestions, bad
//! input, readiness while the index is not built, and edits becoming visible.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::sync::Arc;

use axum::http::Method;
use common::App;
use mhub_core::accounts::Role;
use mhub_search::{Engine, Indexer, SearchIndex};

/// The test app with an in-memory index built from its database.
async fn app() -> (App, Indexer) {
    let app = common::app().await;
    let engine = Engine::new(SearchIndex::in_memory().expect("index"));
    app.hub.set_search_engine(engine.clone());
    let indexer = Indexer::new(app.hub.clone(), engine);
    indexer.rebuild(Box::new(|_, _| {})).await.expect("rebuild");
    indexer.catch_up().await.expect("catch up");
    (app, indexer)
}

fn slugs(v: &serde_json::Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn q_ranks_with_snippets_and_facets() {
    let (app, _) = app().await;
    let res = app.get("/api/v1/practices?q=diabetes%20sms&lang=en").await;
    assert_eq!(res.status, 200, "{}", res.text());
    let v = res.json();
    assert_eq!(slugs(&v), ["es-diabetes-sms"]);
    let item = &v["items"][0];
    assert!(
        item["snippet_html"].as_str().unwrap().contains("<b>"),
        "{item}"
    );
    assert_eq!(item["snippet_lang"], "en");
    assert!(item["score"].as_f64().unwrap() > 0.0);
    // The summary fields of the plain listing are all there.
    assert_eq!(item["country"], "ES");
    assert_eq!(item["outcome"], "best");
    assert_eq!(
        (v["total"].as_i64(), v["page"].as_i64(), v["pages"].as_i64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(
        v["facets"]["country"],
        serde_json::json!([{"value": "ES", "count": 1}])
    );
    assert_eq!(v["relaxed"], false);

    // The reader's language: the Spanish text is highlighted for a Spanish reader.
    let v = app.get("/api/v1/practices?q=resumen&lang=es").await.json();
    assert_eq!(v["items"][0]["snippet_lang"], "es", "{v}");
    assert_eq!(v["items"][0]["title"], "Coaching de diabetes por SMS");

    // Drafts are never found by the public.
    let v = app.get("/api/v1/practices?q=Entwurf").await.json();
    assert_eq!(v["total"], 0, "{v}");
}

#[tokio::test]
async fn facets_count_or_within_and_across() {
    let (app, _) = app().await;
    let v = app.get("/api/v1/practices?facets=true").await.json();
    assert_eq!(v["total"], 2, "{v}");
    assert_eq!(v["facets"]["ncd_focus"].as_array().unwrap().len(), 2);
    // A selected facet still counts its other values; the others follow the selection.
    let v = app
        .get("/api/v1/practices?facets=true&country=ES")
        .await
        .json();
    assert_eq!(slugs(&v), ["es-diabetes-sms"]);
    let countries = v["facets"]["country"].as_array().unwrap();
    assert_eq!(countries.len(), 2, "{v}");
    assert_eq!(
        v["facets"]["channel"],
        serde_json::json!([{"value": "sms", "count": 1}])
    );
    let v = app
        .get("/api/v1/practices?facets=true&country=ES,FR")
        .await
        .json();
    assert_eq!(v["total"], 2);
    let v = app
        .get("/api/v1/practices?facets=true&country=ES,FR&channel=mobile_app")
        .await
        .json();
    assert_eq!(slugs(&v), ["fr-heart-app"]);
    let v = app.get("/api/v1/practices?outcome=promising").await.json();
    assert_eq!(slugs(&v), ["fr-heart-app"]);
    // Without q and search-only parameters the database listing answers, as before.
    let v = app.get("/api/v1/practices").await.json();
    assert!(v.get("facets").is_none() && v["items"][0].get("snippet_html").is_none());
}

#[tokio::test]
async fn suggest_completes_terms_and_titles() {
    let (app, _) = app().await;
    let v = app.get("/api/v1/search/suggest?q=diab&lang=en").await;
    assert_eq!(v.status, 200, "{}", v.text());
    let v = v.json();
    let s: Vec<&str> = v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(s.contains(&"Diabetes SMS coaching"), "{s:?}");
    assert!(s.iter().any(|t| t.to_lowercase().starts_with("diab")));
    let v = app.get("/api/v1/search/suggest?q=").await.json();
    assert_eq!(v["suggestions"], serde_json::json!([]));
    app.get("/api/v1/search/suggest?q=a&limit=0")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/search/suggest?q=a&x=1")
        .await
        .problem(400, "invalid_query");
}

#[tokio::test]
async fn bad_input_is_a_result_or_a_clear_4xx() {
    let (app, _) = app().await;
    let enormous = "a".repeat(1001);
    let many_terms = "ab%20".repeat(10_000);
    for q in [
        "%2A",
        "%22",
        "%22unbalanced%20phrase",
        "AND",
        "OR%20NOT%20-",
        "%00%01%FF%FE",
        "title%3Afoo%20(bar)%5E3%20~2%20%5Ba%20TO%20b%5D",
        "%F0%9F%98%80",
        "%20",
    ] {
        let res = app.get(&format!("/api/v1/practices?q={q}")).await;
        assert_eq!(res.status, 200, "{q}: {}", res.text());
        let res = app.get(&format!("/api/v1/search/suggest?q={q}")).await;
        assert_eq!(res.status, 200, "{q}: {}", res.text());
    }
    let v = app
        .get(&format!("/api/v1/practices?q={enormous}"))
        .await
        .problem(400, "query_too_long");
    assert_eq!(v["errors"][0]["field"], "q");
    app.get(&format!("/api/v1/practices?q={many_terms}"))
        .await
        .problem(400, "query_too_long");
    app.get(&format!("/api/v1/search/suggest?q={enormous}"))
        .await
        .problem(400, "query_too_long");
    // Exactly at the limit, with many words and operators, it answers.
    let at_limit = "x%20".repeat(500);
    assert_eq!(
        app.get(&format!("/api/v1/practices?q={at_limit}"))
            .await
            .status,
        200
    );
    for (uri, status, code) in [
        ("/api/v1/practices?q=a&ncd=nope", 422, "validation_failed"),
        ("/api/v1/practices?q=a&year=20x1", 422, "validation_failed"),
        (
            "/api/v1/practices?q=a&cdhi_group=9",
            422,
            "validation_failed",
        ),
        ("/api/v1/practices?q=a&sort=title", 422, "validation_failed"),
        (
            "/api/v1/practices?q=a&organisation=x",
            422,
            "validation_failed",
        ),
        ("/api/v1/practices?q=a&limit=0", 422, "validation_failed"),
        (
            "/api/v1/practices?q=a&page=100000",
            422,
            "validation_failed",
        ),
        ("/api/v1/practices?q=a&facets=maybe", 400, "invalid_query"),
        ("/api/v1/practices?q=a&q=b", 400, "invalid_query"),
        ("/api/v1/practices?q=a&status=draft", 401, "unauthenticated"),
    ] {
        app.get(uri).await.problem(status, code);
    }
    let ncd = "ncd=diabetes,".repeat(201);
    app.get(&format!("/api/v1/practices?q=a&{ncd}"))
        .await
        .problem(422, "validation_failed");
}

#[tokio::test]
async fn curators_search_every_state() {
    let (app, _) = app().await;
    let (_, bearer) = app.bearer("cur@example.org", Role::Admin).await;
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices?q=Entwurf&status=draft",
            &[("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(slugs(&res.json()), ["de-draft"], "{}", res.text());
    // Contributors see only their own drafts in the listing; search refuses rather than leak.
    let (_, bearer) = app.bearer("c@example.org", Role::Contributor).await;
    app.call(
        Method::GET,
        "/api/v1/practices?q=Entwurf&status=draft",
        &[("authorization", &bearer)],
        None,
    )
    .await
    .problem(422, "validation_failed");
}

#[tokio::test]
async fn an_edit_is_found_after_the_outbox_is_applied() {
    let (app, indexer) = app().await;
    let (_, bearer) = app.bearer("cur@example.org", Role::Admin).await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/practices/es-diabetes-sms",
            &[("authorization", &bearer), ("if-match", "*")],
            Some(&common::practice_json("ES", "Zanzibar glucose reminders")),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text());
    indexer.catch_up().await.unwrap();
    let v = app.get("/api/v1/practices?q=zanzibar").await.json();
    assert_eq!(slugs(&v), ["es-diabetes-sms"]);
    let v = app
        .get("/api/v1/practices?q=%22diabetes%20sms%20coaching%22")
        .await
        .json();
    assert_eq!(v["total"], 0, "{v}");
}

#[tokio::test]
async fn not_ready_until_indexed() {
    let app = common::app().await;
    let engine = Engine::new(SearchIndex::in_memory().unwrap());
    app.hub.set_search_engine(engine.clone());
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert_eq!(res.json(), serde_json::json!({"status": "indexing"}));
    let v = app
        .get("/api/v1/practices?q=diabetes")
        .await
        .problem(503, "search_unavailable");
    assert!(v["title"].as_str().is_some());
    // The database listing keeps working meanwhile.
    assert_eq!(app.get("/api/v1/practices").await.status, 200);
    let indexer = Indexer::new(app.hub.clone(), Arc::clone(&engine));
    indexer.rebuild(Box::new(|_, _| {})).await.unwrap();
    indexer.catch_up().await.unwrap();
    assert_eq!(app.get("/readyz").await.status, 200);
    assert_eq!(app.get("/api/v1/practices?q=diabetes").await.status, 200);
}
