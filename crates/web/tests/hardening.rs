//! Attacks from the "Hardening" issue, each one a test: open redirects,
//! the operations surface, cross-origin writes and token scopes.

mod common;

use axum::http::{Method, StatusCode};
use common::app;
use mhub_core::accounts::Role;

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
