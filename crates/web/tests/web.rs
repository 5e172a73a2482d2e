//! The HTTP edge end to end, on SQLite in memory: one test binary.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use mhub_core::accounts::Role;
use serde_json::{Value, json};

// ------------------------------------------------------------ operations and layers

#[tokio::test]
async fn health_ready_and_metrics() {
    let app = app_with(mhub_web::WebConfig {
        secure_cookies: false,
        metrics: Some(mhub_web::install_metrics()),
        metrics_token: Some("metrics-secret".into()),
        ..mhub_web::WebConfig::default()
    })
    .await;
    let res = app.get("/healthz").await;
    assert_eq!((res.status, res.text().as_str()), (StatusCode::OK, "ok"));
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
    app.get("/api/v1/practices").await;
    let res = app
        .call(
            Method::GET,
            "/metrics",
            &[("authorization", "Bearer metrics-secret")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let text = res.text();
    assert!(text.contains("http_requests_total"), "{text}");
    assert!(text.contains(r#"route="/api/v1/practices""#), "{text}");
    assert!(text.contains("http_request_duration_seconds"), "{text}");
    assert!(
        text.contains(r#"db_pool_connections{state="idle"}"#),
        "{text}"
    );
}

#[tokio::test]
async fn security_headers_and_request_id() {
    let app = app().await;
    for uri in ["/en/", "/api/v1/countries", "/api/v1/nope"] {
        let res = app.get(uri).await;
        assert!(
            res.header("content-security-policy")
                .contains("default-src 'self'; script-src 'self'"),
            "{uri}"
        );
        assert!(
            res.header("content-security-policy")
                .contains("frame-ancestors 'none'")
        );
        assert_eq!(res.header("x-content-type-options"), "nosniff");
        assert_eq!(
            res.header("referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(
            res.header("strict-transport-security"),
            "",
            "no HSTS without an https public URL"
        );
        assert!(!res.header("x-request-id").is_empty());
    }
    let res = app
        .call(
            Method::GET,
            "/healthz",
            &[("x-request-id", "abc-123")],
            None,
        )
        .await;
    assert_eq!(res.header("x-request-id"), "abc-123");

    let https = app_with(mhub_web::WebConfig {
        public_url: Some("https://hub.example.org".into()),
        ..Default::default()
    })
    .await;
    assert!(
        https
            .get("/healthz")
            .await
            .header("strict-transport-security")
            .starts_with("max-age=")
    );
}

#[tokio::test]
async fn unknown_api_routes_and_methods_are_problems() {
    let app = app().await;
    app.get("/api/v1/nope").await.problem(404, "not_found");
    app.get("/api/nothing").await.problem(404, "not_found");
    app.call(Method::PATCH, "/api/v1/countries", &[], None)
        .await
        .problem(405, "method_not_allowed");
    app.get("/api/v1/me/tokens/abc")
        .await
        .problem(405, "method_not_allowed");
    app.call(Method::DELETE, "/api/v1/me/tokens/abc", &[], None)
        .await
        .problem(400, "invalid_path");
}

#[tokio::test]
async fn problems_are_localized_from_accept_language() {
    let app = app().await;
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices/nope",
            &[("accept-language", "fr-FR,fr;q=0.9")],
            None,
        )
        .await;
    let v = res.problem(404, "not_found");
    assert_eq!(v["title"], "Introuvable");
    assert_eq!(res.header("content-language"), "fr");
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices?limit=500",
            &[("accept-language", "ru")],
            None,
        )
        .await;
    let v = res.problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "limit");
    assert_eq!(v["errors"][0]["message"], "Должно быть от 1 до 100.");
    let v = app
        .get("/api/v1/practices?limit=500")
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["message"], "Must be between 1 and 100.");
}

// ------------------------------------------------------------ practices: reading

#[tokio::test]
async fn list_shows_published_practices_with_paging() {
    let app = app().await;
    let v = app.get("/api/v1/practices").await.json();
    assert_eq!(v["total"], 2);
    assert_eq!(
        (v["limit"].as_i64(), v["page"].as_i64(), v["pages"].as_i64()),
        (Some(20), Some(1), Some(1))
    );
    let first = &v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "es-diabetes-sms")
        .unwrap();
    assert_eq!(first["status"], "published");
    assert_eq!(first["outcome"], "best");
    assert_eq!(first["title"], "Diabetes SMS coaching");
    assert_eq!(first["language"], "en");
    assert_eq!(first["country"], "ES");
    assert_eq!(first["url"], "/api/v1/practices/es-diabetes-sms");
    for key in [
        "version",
        "summary",
        "regions",
        "ncd_focus",
        "channels",
        "cdhi_v1",
        "cdhi_v2",
        "stage",
        "evidence_level",
        "start_date",
        "updated_at",
    ] {
        assert!(first.get(key).is_some(), "{key} missing");
    }

    let v = app.get("/api/v1/practices?limit=1&page=2").await.json();
    assert_eq!(
        (
            v["items"].as_array().unwrap().len(),
            v["total"].as_i64(),
            v["pages"].as_i64(),
            v["page"].as_i64()
        ),
        (1, Some(2), Some(2), Some(2))
    );
    let v = app.get("/api/v1/practices?limit=100&page=5").await.json();
    assert_eq!(v["items"].as_array().unwrap().len(), 0);

    app.get("/api/v1/practices?limit=0")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/practices?limit=101")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/practices?page=0")
        .await
        .problem(422, "validation_failed");
    let v = app
        .get("/api/v1/practices?limit=ten")
        .await
        .problem(400, "invalid_query");
    assert_eq!(v["errors"][0]["field"], "limit");
    let v = app
        .get("/api/v1/practices?colour=red")
        .await
        .problem(400, "invalid_query");
    assert_eq!(v["errors"][0]["field"], "colour");
    app.get("/api/v1/practices?limit=1&limit=2")
        .await
        .problem(400, "invalid_query");
}

#[tokio::test]
async fn list_filters_combine_and_expand_cdhi() {
    let app = app().await;
    let slugs = |v: Value| -> Vec<String> {
        let mut s: Vec<String> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        slugs(app.get("/api/v1/practices?country=ES").await.json()),
        ["es-diabetes-sms"]
    );
    assert_eq!(
        slugs(app.get("/api/v1/practices?country=es").await.json()),
        ["es-diabetes-sms"]
    );
    assert_eq!(
        slugs(app.get("/api/v1/practices?country=ES,FR").await.json()),
        ["es-diabetes-sms", "fr-heart-app"]
    );
    assert_eq!(
        slugs(
            app.get("/api/v1/practices?country=ES&country=FR")
                .await
                .json()
        ),
        ["es-diabetes-sms", "fr-heart-app"]
    );
    assert_eq!(
        slugs(
            app.get("/api/v1/practices?country=ES,FR&ncd=cardiovascular")
                .await
                .json()
        ),
        ["fr-heart-app"]
    );
    assert_eq!(
        slugs(app.get("/api/v1/practices?channel=sms").await.json()),
        ["es-diabetes-sms"]
    );
    assert_eq!(
        slugs(
            app.get("/api/v1/practices?updated_since=2000-01-01")
                .await
                .json()
        )
        .len(),
        2
    );

    let v = app
        .get("/api/v1/practices?country=XX")
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "country");
    assert_eq!(v["errors"][0]["code"], "unknown_country");
    let v = app
        .get("/api/v1/practices?ncd=nope")
        .await
        .problem(422, "validation_failed");
    assert_eq!(
        (
            v["errors"][0]["field"].as_str(),
            v["errors"][0]["code"].as_str()
        ),
        (Some("ncd"), Some("unknown_code"))
    );
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("nope"));
    app.get("/api/v1/practices?cdhi=99.99")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/practices?updated_since=yesterday")
        .await
        .problem(422, "validation_failed");
    app.get("/api/v1/practices?sort=sideways")
        .await
        .problem(422, "validation_failed");
    // Unpublished states need an account.
    app.get("/api/v1/practices?status=draft")
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn cdhi_filter_matches_either_version_through_the_map() {
    let app = app().await;
    let slugs = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_string())
            .collect()
    };
    // Tagged directly.
    assert_eq!(
        slugs(app.get("/api/v1/practices?cdhi=4.4.3").await.json()),
        ["es-diabetes-sms"]
    );
    assert_eq!(
        slugs(app.get("/api/v1/practices?cdhi=3.4.5").await.json()),
        ["fr-heart-app"]
    );
    // v1 code 4.4.1 maps to v2 4.4.3, which the Spanish practice is tagged with (v2 only).
    assert_eq!(
        slugs(app.get("/api/v1/practices?cdhi=4.4.1").await.json()),
        ["es-diabetes-sms"]
    );
    // v2 code 3.4.2 maps to v1 3.4.5, which the French practice is tagged with (v1 only).
    assert_eq!(
        slugs(app.get("/api/v1/practices?cdhi=3.4.2").await.json()),
        ["fr-heart-app"]
    );
}

#[tokio::test]
async fn list_texts_follow_lang_then_accept_language() {
    let app = app().await;
    let find = |v: &Value, slug: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .cloned()
            .unwrap()
    };
    let v = app.get("/api/v1/practices?lang=es").await.json();
    assert_eq!(
        find(&v, "es-diabetes-sms")["title"],
        "Coaching de diabetes por SMS"
    );
    assert_eq!(find(&v, "es-diabetes-sms")["language"], "es");
    assert_eq!(find(&v, "fr-heart-app")["language"], "fr");
    let v = app
        .call(
            Method::GET,
            "/api/v1/practices",
            &[("accept-language", "es")],
            None,
        )
        .await
        .json();
    assert_eq!(find(&v, "es-diabetes-sms")["language"], "es");
}

#[tokio::test]
async fn one_practice_with_etag() {
    let app = app().await;
    let res = app.get("/api/v1/practices/es-diabetes-sms").await;
    assert_eq!(res.status, StatusCode::OK);
    let v = res.json();
    let etag = format!("\"{}\"", v["version"]);
    assert_eq!(res.header("etag"), etag);
    assert_eq!(v["content"]["country"], "ES");
    assert_eq!(
        v["content"]["texts"]["es"]["title"],
        "Coaching de diabetes por SMS"
    );
    assert!(v["completeness"]["score"].as_u64().is_some());
    assert!(v["completeness"]["missing"].is_array());
    assert_eq!(v["status"], "published");
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices/es-diabetes-sms",
            &[("if-none-match", &etag)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_MODIFIED);
    assert!(res.body.is_empty());
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices/es-diabetes-sms",
            &[("if-none-match", "\"999\"")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    // A draft does not exist for the public.
    app.get("/api/v1/practices/de-draft")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/practices/no-such")
        .await
        .problem(404, "not_found");
}

// ------------------------------------------------------------ practices: writing

#[tokio::test]
async fn create_checks_auth_then_body() {
    let app = app().await;
    let (_, bearer) = app.bearer("c@example.org", Role::Contributor).await;
    let auth = ("authorization", bearer.as_str());
    let body = practice_json("ES", "New practice");

    app.call(Method::POST, "/api/v1/practices", &[], Some(&body))
        .await
        .problem(401, "unauthenticated");
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[("authorization", "Bearer mhub_wrong")],
        Some(&body),
    )
    .await
    .problem(401, "unauthenticated");
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[auth],
        Some("{\"country\": "),
    )
    .await
    .problem(400, "malformed_json");
    app.call(Method::POST, "/api/v1/practices", &[auth], Some("not json"))
        .await
        .problem(400, "malformed_json");
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[auth, ("content-type", "text/plain")],
        Some(&body),
    )
    .await
    .problem(415, "unsupported_media_type");
    app.call(Method::POST, "/api/v1/practices", &[auth], None)
        .await
        .problem(415, "unsupported_media_type");

    let mut wrong: Value = serde_json::from_str(&body).unwrap();
    wrong["reach"]["users"] = json!("many");
    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(&wrong.to_string()),
        )
        .await
        .problem(422, "invalid_body");
    assert_eq!(v["errors"][0]["field"], "reach.users");
    assert_eq!(v["errors"][0]["code"], "invalid_type");

    let mut unknown: Value = serde_json::from_str(&body).unwrap();
    unknown["reach"]["patients"] = json!(3);
    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(&unknown.to_string()),
        )
        .await
        .problem(422, "invalid_body");
    assert_eq!(v["errors"][0]["field"], "reach.patients");
    assert_eq!(v["errors"][0]["code"], "unknown_field");

    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(r#"{"texts":{}, "country":"ES"}"#),
        )
        .await
        .problem(422, "invalid_body");
    assert_eq!(v["errors"][0]["field"], "original_language");
    assert_eq!(v["errors"][0]["code"], "missing_field");

    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(&practice_json("XX", "Nowhere")),
        )
        .await
        .problem(422, "validation_failed");
    assert!(
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "country" && e["code"] == "unknown_country"),
        "{v}"
    );
    let mut bad_code: Value = serde_json::from_str(&body).unwrap();
    bad_code["channels"] = json!(["sms", "pigeon"]);
    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(&bad_code.to_string()),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "channels[1]");
    assert_eq!(v["errors"][0]["code"], "unknown_code");

    let big = format!(
        r#"{{"original_language":"en","texts":{{"en":{{"title":"x","summary":"{}"}}}},"country":"ES"}}"#,
        "a".repeat(1_100_000)
    );
    app.call(Method::POST, "/api/v1/practices", &[auth], Some(&big))
        .await
        .problem(413, "body_too_large");

    let res = app
        .call(
            Method::POST,
            "/api/v1/practices?note=first",
            &[auth],
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let v = res.json();
    assert_eq!(v["status"], "draft");
    assert_eq!(
        res.header("location"),
        format!("/api/v1/practices/{}", v["slug"].as_str().unwrap())
    );
    assert_eq!(res.header("etag"), format!("\"{}\"", v["version"]));
    assert_eq!(v["content"]["reach"]["users"], 1200);
    assert_eq!(v["can_edit"], true);

    // A member may not contribute.
    let (_, member) = app.bearer("m@example.org", Role::Member).await;
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[("authorization", &member)],
        Some(&body),
    )
    .await
    .problem(403, "forbidden");
}

#[tokio::test]
async fn update_needs_if_match_and_refuses_stale_versions() {
    let app = app().await;
    let (_, bearer) = app.bearer("c@example.org", Role::Contributor).await;
    let auth = ("authorization", bearer.as_str());
    let created = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[auth],
            Some(&practice_json("ES", "Editable")),
        )
        .await
        .json();
    let slug = created["slug"].as_str().unwrap();
    let url = format!("/api/v1/practices/{slug}");
    let etag = format!("\"{}\"", created["version"]);
    let body = practice_json("ES", "Edited");

    app.call(Method::PUT, &url, &[auth], Some(&body))
        .await
        .problem(428, "precondition_required");
    app.call(
        Method::PUT,
        &url,
        &[auth, ("if-match", "garbage")],
        Some(&body),
    )
    .await
    .problem(400, "invalid_header");
    let res = app
        .call(Method::PUT, &url, &[auth, ("if-match", &etag)], Some(&body))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["content"]["texts"]["en"]["title"], "Edited");
    let new_version = res.json()["version"].as_i64().unwrap();
    assert!(new_version > created["version"].as_i64().unwrap());
    let v = app
        .call(Method::PUT, &url, &[auth, ("if-match", &etag)], Some(&body))
        .await
        .problem(412, "stale_version");
    assert_eq!(v["current_version"], new_version);

    // Someone else's draft is not theirs to edit (and is invisible to them).
    let (_, other) = app.bearer("o@example.org", Role::Contributor).await;
    app.call(
        Method::PUT,
        &url,
        &[("authorization", &other), ("if-match", "*")],
        Some(&body),
    )
    .await
    .problem(404, "not_found");
    // Published practices cannot be edited by a stranger either.
    app.call(
        Method::PUT,
        "/api/v1/practices/es-diabetes-sms",
        &[("authorization", &other), ("if-match", "*")],
        Some(&body),
    )
    .await
    .problem(403, "forbidden");
    app.call(
        Method::PUT,
        "/api/v1/practices/es-diabetes-sms",
        &[("if-match", "*")],
        Some(&body),
    )
    .await
    .problem(401, "unauthenticated");
}

#[tokio::test]
async fn session_writes_need_the_csrf_token() {
    let app = app().await;
    app.account("s@example.org", Role::Contributor).await;
    let (cookie, csrf) = app.session("s@example.org").await;
    let cookie = ("cookie", cookie.as_str());
    let body = practice_json("FR", "Via session");

    app.call(Method::POST, "/api/v1/practices", &[cookie], Some(&body))
        .await
        .problem(403, "csrf_failed");
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[cookie, ("x-csrf-token", "wrong")],
        Some(&body),
    )
    .await
    .problem(403, "csrf_failed");
    app.call(Method::DELETE, "/api/v1/session", &[cookie], None)
        .await
        .problem(403, "csrf_failed");
    // A form post carries the token as a field.
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[
                cookie,
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            Some("csrf_token=wrong"),
        )
        .await;
    res.problem(403, "csrf_failed");
    let form = format!("csrf_token={csrf}");
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[
                cookie,
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            Some(&form),
        )
        .await;
    res.problem(415, "unsupported_media_type"); // passed CSRF, then refused as not JSON
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[cookie, ("x-csrf-token", &csrf)],
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    // Reads need no token.
    let me = app.call(Method::GET, "/api/v1/me", &[cookie], None).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["csrf_token"], csrf.as_str());
    // Sign out ends the session.
    let res = app
        .call(
            Method::DELETE,
            "/api/v1/session",
            &[cookie, ("x-csrf-token", &csrf)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(res.header("set-cookie").starts_with("mhub_session=;"));
    app.call(Method::GET, "/api/v1/me", &[cookie], None)
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn cookies_are_secure_by_default() {
    let app = app_with(mhub_web::WebConfig::default()).await;
    app.account("s@example.org", Role::Contributor).await;
    let res = app
        .call(
            Method::POST,
            "/api/v1/session",
            &[],
            Some(&format!(
                r#"{{"email":"s@example.org","password":"{PASSWORD}"}}"#
            )),
        )
        .await;
    let cookie = res.header("set-cookie");
    assert!(cookie.starts_with("__Host-mhub_session="), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
}

// ------------------------------------------------------------ curation

#[tokio::test]
async fn full_flow_from_registration_to_publication() {
    let app = app().await;
    // A contributor registers and signs in through the API.
    let res = app
        .call(
            Method::POST,
            "/api/v1/accounts",
            &[],
            Some(&format!(
                r#"{{"email":"ana@example.org","display_name":"Ana","password":"{PASSWORD}"}}"#
            )),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["role"], "contributor");
    assert_eq!(res.json()["email_confirmed"], false);
    app.confirm_email("ana@example.org").await;
    let (cookie, csrf) = app.session("ana@example.org").await;
    let ana = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str())];
    let (_, editor) = app.bearer("ed@example.org", Role::Editor).await;
    let editor = [("authorization", editor.as_str())];
    let (reviewer_account, reviewer) = app.bearer("rev@example.org", Role::Reviewer).await;
    let reviewer = [("authorization", reviewer.as_str())];

    // Create, then edit once: two revisions.
    let created = app
        .call(
            Method::POST,
            "/api/v1/practices?note=first",
            &ana,
            Some(&practice_json("ES", "Flow practice")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let slug = created.json()["slug"].as_str().unwrap().to_string();
    let url = format!("/api/v1/practices/{slug}");
    let etag = created.header("etag").to_string();
    let mut headers = ana.to_vec();
    headers.push(("if-match", &etag));
    let res = app
        .call(
            Method::PUT,
            &format!("{url}?note=second"),
            &headers,
            Some(&practice_json("ES", "Flow practice, edited")),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());

    // Not public yet.
    app.get(&url).await.problem(404, "not_found");
    // Publishing a draft is not a valid step.
    let v = app
        .call(
            Method::POST,
            &format!("{url}/transitions"),
            &editor,
            Some(r#"{"action":"publish","outcome":"best"}"#),
        )
        .await
        .problem(409, "invalid_transition");
    assert_eq!(v["reason"], "decision_needs_in_review");
    assert!(
        v["detail"].as_str().is_some_and(|d| d.contains("review")),
        "{v}"
    );
    app.call(
        Method::POST,
        &format!("{url}/transitions"),
        &ana,
        Some(r#"{"action":"fly"}"#),
    )
    .await
    .problem(422, "invalid_body");

    // Submit.
    let res = app
        .call(
            Method::POST,
            &format!("{url}/transitions"),
            &ana,
            Some(r#"{"action":"submit"}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "submitted");

    // Only editors assign reviewers.
    let body = format!(r#"{{"reviewer_ids":[{}]}}"#, reviewer_account.id);
    app.call(Method::POST, &format!("{url}/reviewers"), &ana, Some(&body))
        .await
        .problem(403, "forbidden");
    let v = app
        .call(
            Method::POST,
            &format!("{url}/reviewers"),
            &editor,
            Some(r#"{"reviewer_ids":[424242]}"#),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "reviewer_ids[0]");
    let res = app
        .call(
            Method::POST,
            &format!("{url}/reviewers"),
            &editor,
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "in_review");

    // The reviewer sees it in the queue, cannot publish before reviewing, then reviews.
    let queue = app
        .call(Method::GET, "/api/v1/reviews/queue", &reviewer, None)
        .await
        .json();
    assert_eq!(queue["items"][0]["slug"], slug.as_str());
    app.get("/api/v1/reviews/queue")
        .await
        .problem(401, "unauthenticated");
    let v = app
        .call(
            Method::POST,
            &format!("{url}/transitions"),
            &reviewer,
            Some(r#"{"action":"publish","outcome":"best"}"#),
        )
        .await
        .problem(409, "invalid_transition");
    assert_eq!(v["reason"], "no_review_submitted");
    let v = app
        .call(
            Method::POST,
            &format!("{url}/reviews"),
            &reviewer,
            Some(r#"{"scores":[],"recommendation":"best"}"#),
        )
        .await
        .problem(422, "validation_failed");
    assert!(v["errors"].as_array().unwrap().len() >= 10);
    app.call(
        Method::POST,
        &format!("{url}/reviews"),
        &ana,
        Some(&review_json("best")),
    )
    .await
    .problem(403, "forbidden");
    let res = app
        .call(
            Method::POST,
            &format!("{url}/reviews"),
            &reviewer,
            Some(&review_json("best")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["recommendation"], "best");
    let reviews = app
        .call(Method::GET, &format!("{url}/reviews"), &ana, None)
        .await
        .json();
    assert_eq!(reviews["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        reviews["items"][0]["reviewer_name"],
        Value::Null,
        "owners do not see reviewer names"
    );

    // Publish needs an outcome.
    let v = app
        .call(
            Method::POST,
            &format!("{url}/transitions"),
            &reviewer,
            Some(r#"{"action":"publish"}"#),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "outcome");
    let res = app
        .call(
            Method::POST,
            &format!("{url}/transitions"),
            &reviewer,
            Some(r#"{"action":"publish","outcome":"promising"}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "published");

    // Public now.
    let public = app.get(&url).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.json()["outcome"], "promising");
    let listed = app.get("/api/v1/practices?country=ES").await.json();
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["slug"] == slug.as_str())
    );

    // The audit trail is public, without names.
    let trail = app.get(&format!("{url}/transitions")).await.json();
    let steps: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to"].as_str().unwrap())
        .collect();
    assert!(
        steps.ends_with(&["submitted", "in_review", "published"]),
        "{steps:?}"
    );
    assert_eq!(trail["items"][0]["actor_name"], Value::Null);

    // Revisions and diff, for the owner.
    let revs = app
        .call(Method::GET, &format!("{url}/revisions"), &ana, None)
        .await;
    assert_eq!(revs.status, StatusCode::OK, "{}", revs.text());
    let revs = revs.json();
    let numbers: Vec<i64> = revs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert!(numbers.contains(&1) && numbers.contains(&2), "{numbers:?}");
    let one = app
        .call(Method::GET, &format!("{url}/revisions/1"), &ana, None)
        .await
        .json();
    assert_eq!(one["content"]["texts"]["en"]["title"], "Flow practice");
    assert_eq!(one["note"], "first");
    app.call(Method::GET, &format!("{url}/revisions/99"), &ana, None)
        .await
        .problem(404, "not_found");
    app.call(Method::GET, &format!("{url}/revisions/x"), &ana, None)
        .await
        .problem(400, "invalid_path");
    let diff = app
        .call(Method::GET, &format!("{url}/diff?from=1&to=2"), &ana, None)
        .await
        .json();
    assert_eq!(diff["changes"][0]["field"], "texts.en.title");
    assert_eq!(diff["changes"][0]["before"], "Flow practice");
    assert_eq!(diff["changes"][0]["after"], "Flow practice, edited");
    app.call(Method::GET, &format!("{url}/diff?from=1"), &ana, None)
        .await
        .problem(400, "invalid_query");
    app.get(&format!("{url}/revisions"))
        .await
        .problem(401, "unauthenticated");
    let (_, stranger) = app.bearer("x@example.org", Role::Contributor).await;
    app.call(
        Method::GET,
        &format!("{url}/revisions"),
        &[("authorization", &stranger)],
        None,
    )
    .await
    .problem(403, "forbidden");
}

// ------------------------------------------------------------ reference data

#[tokio::test]
async fn countries_and_taxonomies() {
    let app = app().await;
    let v = app
        .call(
            Method::GET,
            "/api/v1/countries",
            &[("accept-language", "de")],
            None,
        )
        .await
        .json();
    assert_eq!(v["total"], 53);
    let es = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["iso2"] == "ES")
        .unwrap()
        .clone();
    assert_eq!(es["name"], "Spanien");
    assert_eq!(es["names"]["fr"], "Espagne");
    assert_eq!(es["iso3"], "ESP");
    assert_eq!(es["eu_member"], true);
    assert_eq!(es["practice_count"], 1);
    let fr = app.get("/api/v1/countries/fr").await.json();
    assert_eq!(
        (fr["iso2"].as_str(), fr["name"].as_str()),
        (Some("FR"), Some("France"))
    );
    assert_eq!(app.get("/api/v1/countries/FR").await.status, StatusCode::OK);
    app.get("/api/v1/countries/US")
        .await
        .problem(404, "not_found");

    let v = app.get("/api/v1/taxonomies").await.json();
    let names: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["vocabulary"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"ncd_focus") && names.contains(&"cdhi_v2"),
        "{names:?}"
    );
    let ncd = app
        .call(
            Method::GET,
            "/api/v1/taxonomies/ncd_focus",
            &[("accept-language", "ru")],
            None,
        )
        .await
        .json();
    assert_eq!(ncd["items"][0]["code"], "diabetes");
    assert_eq!(ncd["items"][0]["label"], "Сахарный диабет");
    let cdhi = app.get("/api/v1/taxonomies/cdhi_v1").await.json();
    assert!(
        cdhi["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["parent"].is_string() && t.get("level").is_some())
    );
    app.get("/api/v1/taxonomies/nope")
        .await
        .problem(404, "not_found");
    let map = app.get("/api/v1/cdhi-map").await.json();
    assert!(
        map["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["v1"] == "4.4.1" && m["v2"] == "4.4.3")
    );
}

// ------------------------------------------------------------ accounts

#[tokio::test]
async fn account_lifecycle() {
    let app = app().await;
    let body =
        format!(r#"{{"email":"Bo@Example.org","display_name":"Bo","password":"{PASSWORD}"}}"#);
    assert_eq!(
        app.call(Method::POST, "/api/v1/accounts", &[], Some(&body))
            .await
            .status,
        StatusCode::CREATED
    );
    let v = app
        .call(Method::POST, "/api/v1/accounts", &[], Some(&body))
        .await
        .problem(409, "conflict");
    assert_eq!(v["errors"][0]["field"], "email");
    let v = app
        .call(
            Method::POST,
            "/api/v1/accounts",
            &[],
            Some(r#"{"email":"nope","display_name":"","password":"short"}"#),
        )
        .await
        .problem(422, "validation_failed");
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "display_name", "password"]);
    app.call(
        Method::POST,
        "/api/v1/accounts",
        &[],
        Some(
            r#"{"email":"a@b.org","display_name":"A","password":"long enough pw","role":"admin"}"#,
        ),
    )
    .await
    .problem(422, "invalid_body");

    app.call(
        Method::POST,
        "/api/v1/session",
        &[],
        Some(r#"{"email":"bo@example.org","password":"wrong password"}"#),
    )
    .await
    .problem(401, "bad_credentials");
    app.get("/api/v1/me").await.problem(401, "unauthenticated");
    // Speaking for an organisation needs a confirmed address.
    app.confirm_email("bo@example.org").await;
    let (cookie, csrf) = app.session("bo@example.org").await;
    let bo = [("cookie", cookie.as_str()), ("x-csrf-token", csrf.as_str())];

    let res = app
        .call(
            Method::POST,
            "/api/v1/me/organisations",
            &bo,
            Some(r#"{"name":"Salud Digital","country":"ES"}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let org_slug = res.json()["organisation"]["slug"]
        .as_str()
        .unwrap()
        .to_string();
    app.call(
        Method::POST,
        "/api/v1/me/organisations",
        &bo,
        Some(r#"{"name":"X","country":"ZZ"}"#),
    )
    .await
    .problem(422, "validation_failed");
    let me = app.call(Method::GET, "/api/v1/me", &bo, None).await.json();
    assert_eq!(me["account"]["email"], "bo@example.org");
    assert_eq!(
        me["memberships"][0]["organisation"]["name"],
        "Salud Digital"
    );

    let orgs = app.get("/api/v1/organisations").await.json();
    assert_eq!(orgs["total"], 1);
    assert_eq!(
        app.get(&format!("/api/v1/organisations/{org_slug}"))
            .await
            .json()["name"],
        "Salud Digital"
    );
    app.get("/api/v1/organisations/nope")
        .await
        .problem(404, "not_found");
    app.get("/api/v1/organisations?limit=1000")
        .await
        .problem(422, "validation_failed");

    let res = app.call(Method::GET, "/api/v1/me/export", &bo, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-disposition").starts_with("attachment"));
    assert!(res.text().contains("bo@example.org"));

    let res = app
        .call(
            Method::POST,
            "/api/v1/me/tokens",
            &bo,
            Some(r#"{"name":"laptop"}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let secret = res.json()["secret"].as_str().unwrap().to_string();
    let token_id = res.json()["token"]["id"].as_i64().unwrap();
    let bearer = format!("Bearer {secret}");
    let list = app
        .call(
            Method::GET,
            "/api/v1/me/tokens",
            &[("authorization", &bearer)],
            None,
        )
        .await
        .json();
    assert_eq!(list["items"][0]["name"], "laptop");
    assert!(!list.to_string().contains(&secret));
    // Bearer writes need no CSRF token.
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{token_id}"),
            &[("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    app.call(
        Method::GET,
        "/api/v1/me",
        &[("authorization", &bearer)],
        None,
    )
    .await
    .problem(401, "unauthenticated");
    app.call(
        Method::DELETE,
        &format!("/api/v1/me/tokens/{token_id}"),
        &bo,
        None,
    )
    .await
    .problem(404, "not_found");

    let v = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            &bo,
            Some(r#"{"confirm":false}"#),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "confirm");
    app.call(Method::DELETE, "/api/v1/me", &bo, None)
        .await
        .problem(415, "unsupported_media_type");
    let res = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            &bo,
            Some(r#"{"confirm":true}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    app.call(Method::GET, "/api/v1/me", &bo, None)
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn sign_in_is_throttled() {
    let app = app().await;
    app.account("t@example.org", Role::Contributor).await;
    let wrong = r#"{"email":"t@example.org","password":"wrong password"}"#;
    for _ in 0..mhub_core::throttle::PAIR_FREE_ATTEMPTS {
        app.call(Method::POST, "/api/v1/session", &[], Some(wrong))
            .await
            .problem(401, "bad_credentials");
    }
    let res = app
        .call(Method::POST, "/api/v1/session", &[], Some(wrong))
        .await;
    res.problem(429, "rate_limited");
    assert!(res.header("retry-after").parse::<u64>().unwrap() > 0);
}

// ------------------------------------------------------------ OpenAPI

#[tokio::test]
async fn openapi_document() {
    let app = app().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    let v = res.json();
    assert!(
        v["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        v["openapi"]
    );
    let paths = v["paths"].as_object().unwrap();
    for p in [
        "/api/v1/practices",
        "/api/v1/practices/{slug}",
        "/api/v1/practices/{slug}/transitions",
        "/api/v1/practices/{slug}/reviewers",
        "/api/v1/practices/{slug}/reviews",
        "/api/v1/reviews/queue",
        "/api/v1/practices/{slug}/revisions",
        "/api/v1/practices/{slug}/revisions/{number}",
        "/api/v1/practices/{slug}/diff",
        "/api/v1/countries",
        "/api/v1/countries/{iso2}",
        "/api/v1/taxonomies",
        "/api/v1/taxonomies/{vocabulary}",
        "/api/v1/cdhi-map",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/accounts",
        "/api/v1/session",
        "/api/v1/me",
        "/api/v1/me/export",
        "/api/v1/me/organisations",
        "/api/v1/me/tokens",
        "/api/v1/me/tokens/{id}",
    ] {
        assert!(paths.contains_key(p), "{p} undocumented");
    }
    insta::assert_json_snapshot!("openapi", v);
}

// ------------------------------------------------------------ HTML

const LANGS: [(&str, &str); 5] = [
    ("en", "Practices"),
    ("fr", "Pratiques"),
    ("de", "Praxisbeispiele"),
    ("ru", "Практики"),
    ("es", "Prácticas"),
];

#[tokio::test]
async fn root_redirects_by_cookie_then_accept_language() {
    let app = app().await;
    let res = app.get("/").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/en/");
    let res = app
        .call(
            Method::GET,
            "/",
            &[("accept-language", "de-AT,de;q=0.9")],
            None,
        )
        .await;
    assert_eq!(res.header("location"), "/de/");
    let res = app
        .call(
            Method::GET,
            "/",
            &[("accept-language", "de"), ("cookie", "lang=ru")],
            None,
        )
        .await;
    assert_eq!(res.header("location"), "/ru/");
    let res = app.get("/fr").await;
    assert_eq!(res.header("location"), "/fr/");
}

#[tokio::test]
async fn pages_in_every_language() {
    let app = app().await;
    for (lang, practices) in LANGS {
        for path in [
            "/",
            "/practices",
            "/practices/es-diabetes-sms",
            "/countries",
            "/countries/es",
            "/countries/ES",
            "/practices?country=ES&ncd=diabetes",
        ] {
            let res = app.get(&format!("/{lang}{path}")).await;
            assert_eq!(res.status, StatusCode::OK, "/{lang}{path}: {}", res.text());
            assert!(res.header("content-type").starts_with("text/html"));
            let html = res.text();
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "/{lang}{path}"
            );
            assert!(html.contains("href=\"#main\""), "skip link");
            assert!(html.contains(practices), "/{lang}{path} lacks {practices}");
            // The only script is htmx, fingerprinted, on the search page.
            assert!(
                html.split("<script")
                    .skip(1)
                    .all(|s| s.starts_with(" src=\"/static/htmx.")),
                "/{lang}{path} has a script"
            );
            assert!(!html.contains("style="), "/{lang}{path} has inline style");
            assert!(
                !html.contains("error-") && !html.contains("field-") && !html.contains("nav-"),
                "/{lang}{path}: untranslated key\n{html}"
            );
        }
    }
    let es = app.get("/es/practices/es-diabetes-sms").await.text();
    assert!(es.contains("Coaching de diabetes por SMS"));
    let en = app.get("/en/practices/es-diabetes-sms").await.text();
    assert!(en.contains("<strong>bold</strong>"), "markdown rendered");
    assert!(!en.contains("alert(1)</script>"), "HTML sanitized");
    let de = app.get("/de/practices/fr-heart-app").await.text();
    assert!(de.contains("Application cardiaque"));
    assert!(de.contains("Originalsprache"), "fallback note shown");
    let de = app.get("/de/countries/es").await.text();
    assert!(de.contains("Spanien") && de.contains("Diabetes SMS coaching"));
}

#[tokio::test]
async fn html_errors_are_localized_pages() {
    let app = app().await;
    for (uri, lang) in [
        ("/xx/", "en"),
        ("/fr/nothing-here", "fr"),
        ("/de/practices/de-draft", "de"),
        ("/ru/countries/zz", "ru"),
        ("/EN/", "en"),
    ] {
        let res = app.get(uri).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(res.header("content-type").starts_with("text/html"), "{uri}");
        assert!(
            res.text().contains(&format!("<html lang=\"{lang}\">")),
            "{uri}"
        );
    }
    assert!(app.get("/es/nada").await.text().contains("No encontrado"));
    let res = app.get("/en/practices?country=XX").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("53 countries"));
}

#[tokio::test]
async fn stylesheet_is_fingerprinted_and_cached() {
    let app = app().await;
    let html = app.get("/en/").await.text();
    let start = html.find("/static/site.").unwrap();
    let href = &html[start..start + html[start..].find('"').unwrap()];
    let res = app.get(href).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.header("content-type").starts_with("text/css"));
    assert!(res.header("cache-control").contains("immutable"));
    assert_eq!(
        app.get("/static/site.css").await.status,
        StatusCode::NOT_FOUND
    );
}

// ------------------------------------------------------------ locales

#[test]
fn every_locale_has_every_web_key() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../i18n/locales");
    let keys = |lang: &str| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join(lang).join("web.ftl")).unwrap();
        let mut k: Vec<String> = text
            .lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once(" =").map(|(k, _)| k.to_string()))
            .collect();
        k.sort();
        k
    };
    let en = keys("en");
    assert!(en.len() > 100);
    for lang in ["fr", "de", "ru", "es"] {
        assert_eq!(keys(lang), en, "{lang}");
        let l = mhub_i18n::Lang::parse(lang).unwrap();
        for k in &en {
            let args: Vec<(&str, mhub_i18n::Arg)> = ["min", "max", "count", "page", "pages"]
                .into_iter()
                .map(|a| (a, 1i64.into()))
                .chain([("code", "x".into()), ("language", "x".into())])
                .collect();
            assert_ne!(
                mhub_i18n::t_args(l, k, &args),
                *k,
                "{lang} cannot format {k}"
            );
        }
    }
}
