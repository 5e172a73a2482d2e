//! Attacks from the "Hardening" issue, each one a test.

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
