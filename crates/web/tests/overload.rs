//! The edge under pressure: sign-in throttling seen over HTTP (429 with
//! Retry-After, the client address behind trusted proxies only) and the in-flight
//! cap (503 `overloaded` with Retry-After, never 500).
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use common::{App, PASSWORD, Res, app_with};
use http_body::Frame;
use http_body_util::BodyExt;
use mhub_core::accounts::Role;
use mhub_core::throttle::PAIR_FREE_ATTEMPTS;
use mhub_web::WebConfig;
use mhub_web::proxy::TrustedProxies;
use tower::ServiceExt;

fn config() -> WebConfig {
    WebConfig {
        secure_cookies: false,
        ..WebConfig::default()
    }
}

/// A request as it arrives from TCP peer `peer`.
async fn from_peer(
    app: &App,
    peer: &str,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> Res {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(body).unwrap();
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    let res = app.router.clone().oneshot(req).await.unwrap();
    Res {
        status: res.status(),
        headers: res.headers().clone(),
        body: res.into_body().collect().await.unwrap().to_bytes().to_vec(),
    }
}

async fn sign_in_api(app: &App, peer: &str, xff: Option<&str>, password: &str) -> Res {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(x) = xff {
        headers.push(("x-forwarded-for", x));
    }
    let body = format!(r#"{{"email":"t@example.org","password":"{password}"}}"#);
    from_peer(
        app,
        peer,
        Method::POST,
        "/api/v1/session",
        &headers,
        Body::from(body),
    )
    .await
}

#[tokio::test]
async fn forwarded_for_from_an_untrusted_peer_is_ignored() {
    let app = app_with(config()).await;
    app.account("t@example.org", Role::Contributor).await;
    // The attacker writes a new X-Forwarded-For each time: it is not believed, so
    // every guess counts against the attacker's own address.
    for i in 0..PAIR_FREE_ATTEMPTS {
        let xff = format!("10.9.8.{i}");
        sign_in_api(&app, "203.0.113.5", Some(&xff), "wrong password")
            .await
            .problem(401, "bad_credentials");
    }
    let res = sign_in_api(&app, "203.0.113.5", Some("10.9.8.77"), "wrong password").await;
    res.problem(429, "rate_limited");
    assert!(res.header("retry-after").parse::<u64>().unwrap() >= 1);
    // Another peer is another client.
    let res = sign_in_api(&app, "203.0.113.6", None, PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
}

#[tokio::test]
async fn forwarded_for_from_a_trusted_proxy_names_the_client() {
    let app = app_with(WebConfig {
        trusted_proxies: TrustedProxies::parse(&["10.0.0.0/8"]).unwrap(),
        ..config()
    })
    .await;
    app.account("t@example.org", Role::Contributor).await;
    let proxy = "10.0.0.2";
    // Behind the proxy, the attacker's address is the right-most untrusted entry;
    // what the attacker writes on the left does not matter.
    for i in 0..PAIR_FREE_ATTEMPTS {
        let xff = format!("1.1.1.{i}, 198.51.100.9");
        sign_in_api(&app, proxy, Some(&xff), "wrong password")
            .await
            .problem(401, "bad_credentials");
    }
    sign_in_api(&app, proxy, Some("198.51.100.9"), PASSWORD)
        .await
        .problem(429, "rate_limited");
    // The owner, through the same proxy from another address, is not held up.
    let res = sign_in_api(&app, proxy, Some("192.0.2.44, 10.0.0.3"), PASSWORD).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
}

#[tokio::test]
async fn the_sign_in_page_says_how_long_to_wait() {
    let app = app_with(config()).await;
    app.account("t@example.org", Role::Contributor).await;
    let page = app.get("/fr/sign-in").await;
    let cookie = page
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = page.text();
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).unwrap() + marker.len();
    let token = &html[start..start + html[start..].find('"').unwrap()];
    let form = format!("csrf_token={token}&email=t%40example.org&password=wrong+password");
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", cookie.as_str()),
    ];
    let post = || {
        from_peer(
            &app,
            "203.0.113.5",
            Method::POST,
            "/fr/sign-in",
            &headers,
            Body::from(form.clone()),
        )
    };
    for _ in 0..PAIR_FREE_ATTEMPTS {
        assert_eq!(post().await.status, StatusCode::UNAUTHORIZED);
    }
    let res = post().await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.text());
    assert_eq!(res.header("retry-after"), "2");
    let html = res.text();
    assert!(
        html.contains("Trop de tentatives. Veuillez attendre 2 secondes"),
        "{html}"
    );
    assert!(html.contains("value=\"t@example.org\""), "e-mail kept");
}

/// A request body that arrives only when the test says so, so its request holds a
/// slot; it tells the test when the handler first asks for it (the request is in).
struct HeldBody {
    entered: Option<tokio::sync::oneshot::Sender<()>>,
    release: Option<tokio::sync::oneshot::Receiver<()>>,
}

impl HttpBody for HeldBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        if let Some(entered) = self.entered.take() {
            let _ = entered.send(());
        }
        let Some(rx) = self.release.as_mut() else {
            return Poll::Ready(None);
        };
        match Pin::new(rx).poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(_) => {
                self.release = None;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"{}")))))
            }
        }
    }
}

/// (entered, release, body)
fn held_body() -> (
    tokio::sync::oneshot::Receiver<()>,
    tokio::sync::oneshot::Sender<()>,
    Body,
) {
    let (entered_tx, entered_rx) = tokio::sync::oneshot::channel::<()>();
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let body = Body::new(HeldBody {
        entered: Some(entered_tx),
        release: Some(release_rx),
    });
    (entered_rx, release_tx, body)
}

#[tokio::test]
async fn past_the_in_flight_cap_requests_get_503_with_retry_after() {
    let app = app_with(WebConfig {
        max_in_flight: 2,
        ..config()
    })
    .await;
    // Two requests that wait for their bodies hold both slots.
    let mut releases = Vec::new();
    let mut held = Vec::new();
    for _ in 0..2 {
        let (entered, release, body) = held_body();
        releases.push(release);
        let router = app.router.clone();
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/session")
            .header("content-type", "application/json")
            .body(body)
            .unwrap();
        held.push(tokio::spawn(async move {
            router.oneshot(req).await.unwrap().status()
        }));
        entered.await.expect("the held request reached its handler");
    }
    // Everything else is turned away at once, and said so: 503 with Retry-After.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let router = app.router.clone();
        let uri = if i % 2 == 0 {
            "/api/v1/practices"
        } else {
            "/en/practices"
        };
        tasks.push(tokio::spawn(async move {
            let res = router
                .oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap();
            (
                res.status(),
                res.headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string()),
            )
        }));
    }
    for t in tasks {
        let (status, retry_after) = t.await.unwrap();
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(retry_after.as_deref(), Some("1"));
    }
    app.get("/api/v1/practices")
        .await
        .problem(503, "overloaded");
    // Probes are exempt.
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    // The held requests finish normally, and the slots come back.
    for r in releases {
        r.send(()).unwrap();
    }
    for h in held {
        let status = h.await.unwrap();
        assert!(status.is_client_error(), "{status}");
    }
    assert_eq!(app.get("/api/v1/practices").await.status, StatusCode::OK);
}
