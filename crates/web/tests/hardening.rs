//! Attacks from the "Hardening" issue, each one a test: open redirects,
//! the operations surface, cross-origin writes and token scopes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use axum::http::{Method, StatusCode};
use common::app;
use mhub_core::accounts::{Role, Scope};

const FORM: &str = "application/x-www-form-urlencoded";

fn cookie_of(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or("").to_string()
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// `next` values, as they appear percent-encoded in a query or form body, that
/// must never leave the site nor answer 500.
const EVIL_NEXT: [&str; 12] = [
    "/%09/evil.example/",
    "/%0a",
    "/%0d%0aSet-Cookie:%20a=b",
    "%2F%2Fevil.example%2F",
    "https://evil.example/",
    "https:%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F/evil.example",
    "/%2509/evil.example/",
    "/%20/evil.example",
    "javascript:alert(1)",
    "/%C2%A0/evil.example",
];

#[tokio::test]
async fn signed_in_get_of_sign_in_never_redirects_off_site() {
    let app = app().await;
    app.account("redirect@example.org", Role::Contributor).await;
    let (cookie, _) = app.session("redirect@example.org").await;
    for next in EVIL_NEXT {
        let res = app
            .call(
                Method::GET,
                &format!("/fr/sign-in?next={next}"),
                &[("cookie", &cookie)],
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.text());
        assert_eq!(res.header("location"), "/fr/", "{next}");
    }
    // A path on this site is kept.
    let res = app
        .call(
            Method::GET,
            "/fr/sign-in?next=%2Ffr%2Fpractices%3Fcountry%3DES",
            &[("cookie", &cookie)],
            None,
        )
        .await;
    assert_eq!(res.header("location"), "/fr/practices?country=ES");
}

#[tokio::test]
async fn sign_in_post_never_redirects_off_site() {
    let app = app().await;
    app.account("post@example.org", Role::Contributor).await;
    let page = app.get("/de/sign-in").await;
    let form_cookie = cookie_of(page.header("set-cookie"));
    let token = hidden(&page.text(), "csrf_token");
    let sign_in = |next: String| {
        let body = format!(
            "csrf_token={token}&email=post%40example.org&password={}&next={next}",
            common::PASSWORD.replace(' ', "+")
        );
        let app = &app;
        let form_cookie = form_cookie.clone();
        async move {
            app.call(
                Method::POST,
                "/de/sign-in",
                &[("content-type", FORM), ("cookie", &form_cookie)],
                Some(&body),
            )
            .await
        }
    };
    for next in EVIL_NEXT {
        let res = sign_in(next.to_string()).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.text());
        assert_eq!(res.header("location"), "/de/", "{next}");
    }
    let res = sign_in("%2Fde%2Faccount%2Fpractices".into()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/de/account/practices");
}

#[tokio::test]
async fn language_switcher_keeps_to_the_site() {
    let app = app().await;
    for next in EVIL_NEXT {
        let res = app.get(&format!("/es/language?next={next}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{next}: {}", res.text());
        assert_eq!(res.header("location"), "/es/", "{next}");
    }
}

// ------------------------------------------------------------ operations surface

fn config() -> mhub_web::WebConfig {
    mhub_web::WebConfig {
        secure_cookies: false,
        metrics: Some(mhub_web::install_metrics()),
        ..mhub_web::WebConfig::default()
    }
}

async fn metrics_with(app: &common::App, auth: Option<&str>) -> common::Res {
    let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
    app.call(Method::GET, "/metrics", &headers, None).await
}

#[tokio::test]
async fn metrics_are_not_public_without_a_token() {
    let app = common::app_with(config()).await;
    metrics_with(&app, None).await.problem(404, "not_found");
    metrics_with(&app, Some("Bearer anything"))
        .await
        .problem(404, "not_found");
}

#[tokio::test]
async fn metrics_token_opens_the_public_endpoint() {
    let app = common::app_with(mhub_web::WebConfig {
        metrics_token: Some("s3cret-metrics".into()),
        ..config()
    })
    .await;
    let res = metrics_with(&app, None).await;
    res.problem(401, "unauthenticated");
    assert!(res.header("www-authenticate").starts_with("Bearer"));
    metrics_with(&app, Some("Bearer wrong"))
        .await
        .problem(401, "unauthenticated");
    metrics_with(&app, Some("Bearer s3cret-metricsX"))
        .await
        .problem(401, "unauthenticated");
    metrics_with(&app, Some("Basic s3cret-metrics"))
        .await
        .problem(401, "unauthenticated");
    let res = metrics_with(&app, Some("Bearer s3cret-metrics")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.text().contains("db_pool_connections"));
}

#[tokio::test]
async fn metrics_listen_serves_metrics_only_on_its_own_router() {
    let app = common::app_with(mhub_web::WebConfig {
        metrics_separate: true,
        metrics_token: Some("s3cret-metrics".into()),
        ..config()
    })
    .await;
    // Not on the public listener, token or not.
    metrics_with(&app, Some("Bearer s3cret-metrics"))
        .await
        .problem(404, "not_found");
    let private = |token: Option<String>| {
        let router = mhub_web::metrics_router(mhub_web::AppState {
            hub: app.hub.clone(),
            config: mhub_web::WebConfig {
                metrics_separate: true,
                metrics_token: token,
                ..config()
            },
        });
        common::App {
            router,
            hub: app.hub.clone(),
            mail: tempfile::tempdir().expect("mail dir"),
        }
    };
    let open = private(None);
    let res = metrics_with(&open, None).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text().contains("db_pool_connections"));
    let guarded = private(Some("s3cret-metrics".into()));
    assert_eq!(
        metrics_with(&guarded, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        metrics_with(&guarded, Some("Bearer s3cret-metrics"))
            .await
            .status,
        StatusCode::OK
    );
}

/// The value of `http_requests_total` for one route and status, 0 when absent.
fn requests_total(exposition: &str, route: &str, status: &str) -> u64 {
    exposition
        .lines()
        .filter(|l| l.starts_with("http_requests_total{"))
        .filter(|l| {
            l.contains(&format!("route=\"{route}\"")) && l.contains(&format!("status=\"{status}\""))
        })
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::test]
async fn cached_answers_count_under_their_route() {
    let app = common::app_with(mhub_web::WebConfig {
        response_cache: true,
        metrics_token: Some("s3cret-metrics".into()),
        ..config()
    })
    .await;
    // No other test of this binary reads /api/v1/countries.
    let before = metrics_with(&app, Some("Bearer s3cret-metrics"))
        .await
        .text();
    let before = requests_total(&before, "/api/v1/countries", "200");
    let first = app.get("/api/v1/countries").await;
    assert_eq!(first.status, StatusCode::OK);
    for _ in 0..3 {
        let res = app.get("/api/v1/countries").await;
        assert_eq!(res.header("x-cache"), "hit", "served from the cache");
    }
    let after = metrics_with(&app, Some("Bearer s3cret-metrics"))
        .await
        .text();
    assert_eq!(
        requests_total(&after, "/api/v1/countries", "200") - before,
        4,
        "{after}"
    );
}

#[tokio::test]
async fn a_request_over_the_time_limit_gets_503_with_retry_after() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = common::app_with(mhub_web::WebConfig {
        request_timeout_secs: 1,
        ..config()
    })
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    // A client that announces a body and never sends it.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/session HTTP/1.1\r\nhost: hub.test\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    let started = std::time::Instant::now();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).await.unwrap_or(0);
            answer.extend_from_slice(&buf[..n]);
            if n == 0 || String::from_utf8_lossy(&answer).contains("\"status\":503") {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 10 s");
    let answer = String::from_utf8_lossy(&answer).to_lowercase();
    assert!(answer.starts_with("http/1.1 503"), "{answer}");
    assert!(answer.contains("retry-after: 5"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(answer.contains("\"code\":\"timeout\""), "{answer}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(900));
}

// ------------------------------------------------------------ cross-origin writes

#[tokio::test]
async fn cross_site_writes_are_refused_on_the_api() {
    let app = app().await;
    app.account("xo@example.org", Role::Contributor).await;
    let (cookie, csrf) = app.session("xo@example.org").await;
    let body = common::practice_json("ES", "Cross-origin attempt");
    let post = |extra: Vec<(&'static str, &'static str)>| {
        let mut headers = vec![
            ("cookie", cookie.as_str()),
            ("x-csrf-token", csrf.as_str()),
            ("host", "hub.test"),
        ];
        headers.extend(extra);
        let body = body.clone();
        let app = &app;
        async move {
            app.call(Method::POST, "/api/v1/practices", &headers, Some(&body))
                .await
        }
    };
    post(vec![("sec-fetch-site", "cross-site")])
        .await
        .problem(403, "cross_origin");
    post(vec![("origin", "https://evil.example")])
        .await
        .problem(403, "cross_origin");
    post(vec![("origin", "null")])
        .await
        .problem(403, "cross_origin");
    // The Hub's own pages pass.
    for extra in [
        vec![],
        vec![("sec-fetch-site", "same-origin")],
        vec![("sec-fetch-site", "same-site")],
        vec![("sec-fetch-site", "none")],
        vec![
            ("origin", "http://hub.test"),
            ("sec-fetch-site", "same-origin"),
        ],
    ] {
        let res = post(extra.clone()).await;
        assert_eq!(res.status, StatusCode::CREATED, "{extra:?}: {}", res.text());
    }
    // Reads are never refused.
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices",
            &[
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn public_url_is_the_hubs_origin_when_set() {
    let app = common::app_with(mhub_web::WebConfig {
        public_url: Some("https://hub.example.org".into()),
        ..config()
    })
    .await;
    app.account("pub@example.org", Role::Contributor).await;
    let (cookie, csrf) = app.session("pub@example.org").await;
    let body = common::practice_json("ES", "Behind a proxy");
    let post = |origin: &'static str| {
        let headers = vec![
            ("cookie", cookie.as_str()),
            ("x-csrf-token", csrf.as_str()),
            ("host", "10.0.0.5:8080"),
            ("origin", origin),
        ];
        let body = body.clone();
        let app = &app;
        async move {
            app.call(Method::POST, "/api/v1/practices", &headers, Some(&body))
                .await
        }
    };
    post("http://10.0.0.5:8080")
        .await
        .problem(403, "cross_origin");
    let res = post("https://hub.example.org").await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
}

#[tokio::test]
async fn bearer_clients_without_cookies_skip_the_origin_check() {
    let app = app().await;
    let (_, bearer) = app.bearer("bot@example.org", Role::Contributor).await;
    let body = common::practice_json("ES", "From a script");
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[
                ("authorization", &bearer),
                ("origin", "https://tool.example"),
                ("sec-fetch-site", "cross-site"),
            ],
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    // With a cookie beside the token, the browser rules apply.
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[
            ("authorization", &bearer),
            ("cookie", "mhub_session=whatever"),
            ("origin", "https://tool.example"),
        ],
        Some(&body),
    )
    .await
    .problem(403, "cross_origin");
}

#[tokio::test]
async fn cross_site_forms_get_a_page_in_the_readers_language() {
    let app = app().await;
    app.account("form@example.org", Role::Contributor).await;
    let (cookie, csrf) = app.session("form@example.org").await;
    let res = app
        .call(
            Method::POST,
            "/fr/account/tokens",
            &[
                ("cookie", &cookie),
                ("content-type", FORM),
                ("host", "hub.test"),
                ("origin", "https://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
            Some(&format!("csrf_token={csrf}&token_name=stolen")),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.header("content-type").starts_with("text/html"));
    assert_eq!(res.header("cache-control"), "no-store");
    let html = res.text();
    assert!(html.contains("<html lang=\"fr\""), "{html}");
    assert!(!html.contains("error-cross_origin") && !html.contains("cross-origin-text"));
    // Nothing was made.
    let page = app
        .call(Method::GET, "/fr/account", &[("cookie", &cookie)], None)
        .await;
    assert!(!page.text().contains("stolen"));
    // The same form from the Hub's own page goes through.
    let res = app
        .call(
            Method::POST,
            "/fr/account/tokens",
            &[
                ("cookie", &cookie),
                ("content-type", FORM),
                ("host", "hub.test"),
                ("origin", "http://hub.test"),
                ("sec-fetch-site", "same-origin"),
            ],
            Some(&format!("csrf_token={csrf}&token_name=laptop&scope=read")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
}

// ------------------------------------------------------------ token scopes

/// A contributor's session and one draft of theirs: (cookie, csrf, slug).
async fn owner_with_draft(app: &common::App, email: &str) -> (String, String, String) {
    app.account(email, Role::Contributor).await;
    let (cookie, csrf) = app.session(email).await;
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            Some(&common::practice_json("ES", "Scoped draft")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let slug = res.json()["slug"].as_str().unwrap().to_string();
    (cookie, csrf, slug)
}

/// Mints a token with the session; returns the `Authorization` value.
async fn mint(app: &common::App, cookie: &str, csrf: &str, body: &str) -> String {
    let res = app
        .call(
            Method::POST,
            "/api/v1/me/tokens",
            &[("cookie", cookie), ("x-csrf-token", csrf)],
            Some(body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    format!("Bearer {}", res.json()["secret"].as_str().unwrap())
}

#[tokio::test]
async fn a_token_without_practices_cannot_create_a_practice() {
    let app = app().await;
    let (_, reader) = app
        .scoped_bearer(
            "reader@example.org",
            Role::Contributor,
            [Scope::Read, Scope::Account].into_iter().collect(),
        )
        .await;
    let body = common::practice_json("ES", "Not allowed");
    let v = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[("authorization", &reader)],
            Some(&body),
        )
        .await
        .problem(403, "insufficient_scope");
    assert_eq!(v["detail"], "needs scope practices");
    let (_, writer) = app
        .scoped_bearer(
            "writer@example.org",
            Role::Contributor,
            [Scope::Practices].into_iter().collect(),
        )
        .await;
    let res = app
        .call(
            Method::POST,
            "/api/v1/practices",
            &[("authorization", &writer)],
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
}

#[tokio::test]
async fn a_read_token_reads_its_own_drafts_but_does_not_write() {
    let app = app().await;
    let (cookie, csrf, slug) = owner_with_draft(&app, "owner@example.org").await;
    let reader = mint(&app, &cookie, &csrf, r#"{"name":"ci","scopes":["read"]}"#).await;
    let url = format!("/api/v1/practices/{slug}");
    let res = app
        .call(Method::GET, &url, &[("authorization", &reader)], None)
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "draft");
    let etag = res.header("etag").to_string();
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices?status=draft",
            &[("authorization", &reader)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.text().contains(&slug));
    app.call(
        Method::PUT,
        &url,
        &[("authorization", &reader), ("if-match", &etag)],
        Some(&common::practice_json("ES", "Changed by a reader")),
    )
    .await
    .problem(403, "insufficient_scope");
    app.call(
        Method::POST,
        &format!("{url}/transitions"),
        &[("authorization", &reader)],
        Some(r#"{"action":"submit"}"#),
    )
    .await
    .problem(403, "insufficient_scope");
    // Its own account is out of its reach too.
    app.call(
        Method::POST,
        "/api/v1/me/organisations",
        &[("authorization", &reader)],
        Some(r#"{"name":"Reader Org"}"#),
    )
    .await
    .problem(403, "insufficient_scope");
    // A token with no scope for drafts sees only what anyone sees.
    let account_only = mint(
        &app,
        &cookie,
        &csrf,
        r#"{"name":"acct","scopes":["account"]}"#,
    )
    .await;
    app.call(Method::GET, &url, &[("authorization", &account_only)], None)
        .await
        .problem(404, "not_found");
    let res = app
        .call(
            Method::GET,
            "/api/v1/practices/es-diabetes-sms",
            &[("authorization", &account_only)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

#[tokio::test]
async fn a_token_cannot_mint_tokens_nor_erase_the_account_but_a_session_can() {
    let app = app().await;
    let (cookie, csrf, _) = owner_with_draft(&app, "self@example.org").await;
    let all = mint(&app, &cookie, &csrf, r#"{"name":"everything"}"#).await;
    // Omitted scopes mean every scope; the listing shows them.
    let list = app
        .call(
            Method::GET,
            "/api/v1/me/tokens",
            &[("authorization", &all)],
            None,
        )
        .await
        .json();
    assert_eq!(
        list["items"][0]["scopes"],
        serde_json::json!(["read", "practices", "curation", "account"])
    );
    app.call(
        Method::POST,
        "/api/v1/me/tokens",
        &[("authorization", &all)],
        Some(r#"{"name":"child","scopes":["read"]}"#),
    )
    .await
    .problem(403, "session_required");
    app.call(
        Method::DELETE,
        "/api/v1/me",
        &[("authorization", &all)],
        Some(r#"{"confirm":true}"#),
    )
    .await
    .problem(403, "session_required");
    let me = app
        .call(Method::GET, "/api/v1/me", &[("authorization", &all)], None)
        .await;
    assert_eq!(me.status, StatusCode::OK, "the account is still there");
    let tokens = app
        .call(
            Method::GET,
            "/api/v1/me/tokens",
            &[("authorization", &all)],
            None,
        )
        .await
        .json();
    assert_eq!(
        tokens["items"].as_array().unwrap().len(),
        1,
        "nothing minted"
    );
    // Scopes are checked names, and at least one is needed.
    app.call(
        Method::POST,
        "/api/v1/me/tokens",
        &[("cookie", &cookie), ("x-csrf-token", &csrf)],
        Some(r#"{"name":"x","scopes":["admin"]}"#),
    )
    .await
    .problem(422, "invalid_body");
    let v = app
        .call(
            Method::POST,
            "/api/v1/me/tokens",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            Some(r#"{"name":"x","scopes":[]}"#),
        )
        .await
        .problem(422, "validation_failed");
    assert_eq!(v["errors"][0]["field"], "scopes");
    // The session mints a read token, which is listed with its scope ...
    mint(&app, &cookie, &csrf, r#"{"name":"ro","scopes":["read"]}"#).await;
    let tokens = app
        .call(
            Method::GET,
            "/api/v1/me/tokens",
            &[("cookie", &cookie)],
            None,
        )
        .await
        .json();
    assert_eq!(tokens["items"][1]["scopes"], serde_json::json!(["read"]));
    // ... and erases the account.
    let res = app
        .call(
            Method::DELETE,
            "/api/v1/me",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
            Some(r#"{"confirm":true}"#),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text());
    app.call(Method::GET, "/api/v1/me", &[("authorization", &all)], None)
        .await
        .problem(401, "unauthenticated");
}

#[tokio::test]
async fn the_account_page_chooses_and_lists_scopes() {
    let app = app().await;
    app.account("page@example.org", Role::Contributor).await;
    let (cookie, csrf) = app.session("page@example.org").await;
    let page = app
        .call(Method::GET, "/de/account", &[("cookie", &cookie)], None)
        .await
        .text();
    for scope in ["read", "practices", "curation", "account"] {
        assert!(
            page.contains(&format!("name=\"scope\" value=\"{scope}\"")),
            "{scope}: {page}"
        );
    }
    assert!(page.contains("value=\"read\" aria-describedby=\"token-scopes-help\" checked"));
    assert!(!page.contains("value=\"account\" aria-describedby=\"token-scopes-help\" checked"));
    let post = |body: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.call(
                Method::POST,
                "/de/account/tokens",
                &[("cookie", &cookie), ("content-type", FORM)],
                Some(&body),
            )
            .await
        }
    };
    let res = post(format!("csrf_token={csrf}&token_name=ci")).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "no scope ticked"
    );
    assert!(res.text().contains("field-error"));
    let res = post(format!(
        "csrf_token={csrf}&token_name=ci&scope=read&scope=curation"
    ))
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let html = res.text();
    assert!(
        html.contains(
            "<td>Praxisbeispiele lesen, auch Ihre Entwürfe, Begutachten und kuratieren</td>"
        ),
        "{html}"
    );
    // A bearer on the website cannot mint either.
    let (_, bearer) = app.bearer("bot@example.org", Role::Contributor).await;
    let res = app
        .call(
            Method::POST,
            "/de/account/tokens",
            &[("authorization", &bearer), ("content-type", FORM)],
            Some("token_name=x&scope=read"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
}

/// Item 1 of the issue: a person whose sign-in is throttled recovers through a
/// mailed link, in the browser without JavaScript, and the link works once.
#[tokio::test]
async fn a_locked_out_person_signs_in_through_the_mailed_link() {
    let app = app().await;
    let email = "locked@example.org";
    app.account(email, Role::Contributor).await;
    let page = app.get("/de/sign-in").await;
    assert!(page.text().contains("href=\"/de/sign-in/unlock\""));
    let form_cookie = cookie_of(page.header("set-cookie"));
    let token = hidden(&page.text(), "csrf_token");
    let form = [("content-type", FORM), ("cookie", form_cookie.as_str())];
    let mut refused = None;
    for _ in 0..20 {
        let res = app
            .call(
                Method::POST,
                "/de/sign-in",
                &form,
                Some(&format!(
                    "csrf_token={token}&email=locked%40example.org&password=wrong+guess+1"
                )),
            )
            .await;
        if res.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(res);
            break;
        }
    }
    let refused = refused.expect("the throttle refuses at last");
    assert!(refused.text().contains("href=\"/de/sign-in/unlock\""));

    // An address that is not one is a field error, with what was typed kept.
    let res = app
        .call(
            Method::POST,
            "/de/sign-in/unlock",
            &form,
            Some(&format!("csrf_token={token}&email=not-an-address")),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("value=\"not-an-address\""));
    assert!(res.text().contains("aria-invalid=\"true\""));
    // Without the form's token nothing is sent.
    let res = app
        .call(
            Method::POST,
            "/de/sign-in/unlock",
            &form,
            Some("csrf_token=forged&email=locked%40example.org"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let res = app
        .call(
            Method::POST,
            "/de/sign-in/unlock",
            &form,
            Some(&format!("csrf_token={token}&email=locked%40example.org")),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.text().contains("locked@example.org"));
    let link = app.mailed_link(email, "/de/sign-in/unlock/");

    // Opening the link (as a mail scanner would) spends nothing; the button does.
    for _ in 0..2 {
        let res = app
            .call(Method::GET, &link, &[("cookie", &form_cookie)], None)
            .await;
        assert_eq!(res.status, StatusCode::OK);
        assert!(res.text().contains(&format!("action=\"{link}\"")));
    }
    let follow = |csrf: String| {
        let (app, link, form) = (&app, link.clone(), form);
        async move {
            app.call(
                Method::POST,
                &link,
                &form,
                Some(&format!("csrf_token={csrf}")),
            )
            .await
        }
    };
    assert_eq!(follow("forged".into()).await.status, StatusCode::FORBIDDEN);
    let res = follow(token.clone()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    assert_eq!(res.header("location"), "/de/account");
    let session = cookie_of(res.header("set-cookie"));
    let account = app
        .call(Method::GET, "/de/account", &[("cookie", &session)], None)
        .await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.text().contains(email));
    // Once only.
    let again = follow(token).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.text().contains("href=\"/de/sign-in\""));
}

#[tokio::test]
async fn the_api_mails_unlock_links_without_revealing_accounts() {
    let app = app().await;
    app.account("api-locked@example.org", Role::Contributor)
        .await;
    let ask = |body: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/session/unlock",
                &[("content-type", "application/json")],
                Some(body),
            )
            .await
        }
    };
    let known = ask(r#"{"email":"api-locked@example.org","language":"es"}"#).await;
    let unknown = ask(r#"{"email":"nobody@example.org"}"#).await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    assert_eq!(known.body, unknown.body);
    let invalid = ask(r#"{"email":"no"}"#).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.text().contains("invalid_email"));

    let link = app.mailed_link("api-locked@example.org", "/es/sign-in/unlock/");
    let secret = link.rsplit('/').next().unwrap();
    let redeem = |secret: String| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/v1/session/unlock/redeem",
                &[("content-type", "application/json")],
                Some(&format!(r#"{{"secret":"{secret}"}}"#)),
            )
            .await
        }
    };
    let res = redeem(secret.to_string()).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.header("set-cookie").contains("mhub_session"));
    assert!(res.text().contains("api-locked@example.org"));
    let res = redeem(secret.to_string()).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        res.header("content-type")
            .starts_with("application/problem+json")
    );
}
