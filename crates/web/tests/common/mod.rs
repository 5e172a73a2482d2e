//! Test helpers: an app on an in-memory SQLite database with a few practices.
#![allow(dead_code)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use mhub_core::accounts::{Account, Actor, Role, TokenScopes};
use mhub_core::curation::{Outcome, Status};
use mhub_core::hub::Hub;
use mhub_core::practice::{PracticeContent, PracticeText};
use mhub_core::reference::ReferenceData;
use mhub_core::repo::PracticeRecord;
use mhub_web::{AppState, WebConfig};
use serde_json::Value;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery";

pub struct App {
    pub router: Router,
    pub hub: Arc<Hub>,
    /// Where the Hub's mail goes, as `.eml` files.
    pub mail: tempfile::TempDir,
}

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// Asserts a problem document with this status and code.
    pub fn problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            "application/problem+json",
            "{}",
            self.text()
        );
        let v = self.json();
        assert_eq!(v["code"], code, "{v}");
        assert_eq!(v["status"], status);
        assert_eq!(v["type"], format!("https://mhealth-hub.eu/problems/{code}"));
        assert!(
            v["title"]
                .as_str()
                .is_some_and(|t| !t.is_empty() && !t.starts_with("error-")),
            "{v}"
        );
        v
    }
}

pub fn content(country: &str, lang: &str, title: &str) -> PracticeContent {
    let mut c = PracticeContent {
        original_language: lang.into(),
        country: country.into(),
        ..Default::default()
    };
    c.texts.insert(
        lang.into(),
        PracticeText {
            title: title.into(),
            summary: format!("Summary of {title}"),
            ..Default::default()
        },
    );
    c
}

pub fn records() -> Vec<PracticeRecord> {
    let mut es = content("ES", "en", "Diabetes SMS coaching");
    es.texts.insert(
        "es".into(),
        PracticeText {
            title: "Coaching de diabetes por SMS".into(),
            summary: "Resumen".into(),
            ..Default::default()
        },
    );
    es.ncd_focus = vec!["diabetes".into()];
    es.channels = vec!["sms".into()];
    es.cdhi_v2 = vec!["4.4.3".into()];
    es.texts.get_mut("en").unwrap().description =
        "Text with **bold** and <script>alert(1)</script>".into();
    let mut fr = content("FR", "fr", "Application cardiaque");
    fr.ncd_focus = vec!["cardiovascular".into()];
    fr.channels = vec!["mobile_app".into()];
    fr.cdhi_v1 = vec!["3.4.5".into()];
    let de = content("DE", "de", "Entwurf");
    vec![
        PracticeRecord {
            slug: "es-diabetes-sms".into(),
            status: Status::Published,
            outcome: Some(Outcome::Best),
            content: es,
        },
        PracticeRecord {
            slug: "fr-heart-app".into(),
            status: Status::Published,
            outcome: Some(Outcome::Promising),
            content: fr,
        },
        PracticeRecord {
            slug: "de-draft".into(),
            status: Status::Draft,
            outcome: None,
            content: de,
        },
    ]
}

pub async fn app() -> App {
    app_with(WebConfig {
        secure_cookies: false,
        metrics: Some(mhub_web::install_metrics()),
        ..WebConfig::default()
    })
    .await
}

pub async fn app_with(config: WebConfig) -> App {
    let db = mhub_storage::Db::connect("sqlite::memory:")
        .await
        .expect("connect");
    db.migrate().await.expect("migrate");
    let reference = ReferenceData::embedded().expect("reference");
    let hub = Arc::new(Hub::open(Arc::new(db), &reference).await.expect("hub"));
    hub.import_practices(&Actor::system(), records(), false)
        .await
        .expect("import");
    let mail = tempfile::tempdir().expect("mail dir");
    hub.set_mailer(Arc::new(mhub_core::mail::FolderMailer::new(
        mail.path(),
        "http://hub.test",
        "hub@hub.test",
    )));
    let router = mhub_web::router(AppState {
        hub: hub.clone(),
        config,
    });
    App { router, hub, mail }
}

impl App {
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Res {
        let mut req = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if body.is_some()
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            req = req.header("content-type", "application/json");
        }
        let req = req
            .body(
                body.map(|b| Body::from(b.to_string()))
                    .unwrap_or_else(Body::empty),
            )
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Res {
            status,
            headers,
            body,
        }
    }

    /// The path of the newest link containing `part` mailed to `to`.
    pub fn mailed_link(&self, to: &str, part: &str) -> String {
        let mut mails: Vec<_> = std::fs::read_dir(self.mail.path())
            .expect("mail dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        mails.sort();
        mails
            .iter()
            .rev()
            .map(|p| std::fs::read_to_string(p).expect("mail"))
            .filter(|m| m.contains(&format!("To: {to}")))
            .find_map(|m| {
                let start = m.find(part)?;
                let link = m[start..].split_whitespace().next()?;
                Some(link.to_string())
            })
            .unwrap_or_else(|| panic!("no mail to {to} with {part}"))
    }

    /// Follows the confirmation link mailed to `email`.
    pub async fn confirm_email(&self, email: &str) {
        let link = self.mailed_link(email, "/en/confirm-email/");
        let res = self.get(&link).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    }

    pub async fn get(&self, uri: &str) -> Res {
        self.call(Method::GET, uri, &[], None).await
    }

    pub async fn account(&self, email: &str, role: Role) -> Account {
        self.hub
            .register(
                &Actor::system(),
                email,
                email.split('@').next().unwrap(),
                PASSWORD,
                role,
            )
            .await
            .unwrap()
    }

    /// An account with a personal API token of every scope; returns (account, "Bearer <secret>").
    pub async fn bearer(&self, email: &str, role: Role) -> (Account, String) {
        self.scoped_bearer(email, role, TokenScopes::all()).await
    }

    /// An account with a personal API token of these scopes.
    pub async fn scoped_bearer(
        &self,
        email: &str,
        role: Role,
        scopes: TokenScopes,
    ) -> (Account, String) {
        let account = self.account(email, role).await;
        let actor = Actor {
            account: Some(account.clone()),
            ..Actor::default()
        };
        let (_, secret) = self
            .hub
            .create_api_token(&actor, "test", scopes)
            .await
            .unwrap();
        (account, format!("Bearer {secret}"))
    }

    /// Signs in through the API; returns (Cookie header value, CSRF token).
    pub async fn session(&self, email: &str) -> (String, String) {
        let res = self
            .call(
                Method::POST,
                "/api/v1/session",
                &[],
                Some(&format!(r#"{{"email":"{email}","password":"{PASSWORD}"}}"#)),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        let cookie = res
            .header("set-cookie")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        (
            cookie,
            res.json()["csrf_token"].as_str().unwrap().to_string(),
        )
    }
}

pub fn practice_json(country: &str, title: &str) -> String {
    serde_json::json!({
        "original_language": "en",
        "texts": {"en": {"title": title, "summary": "A summary"}},
        "country": country,
        "ncd_focus": ["diabetes"],
        "channels": ["sms"],
        "reach": {"users": 1200}
    })
    .to_string()
}

pub fn review_json(recommendation: &str) -> String {
    let scores: Vec<Value> = mhub_core::curation::CRITERIA
        .iter()
        .map(|(c, g)| match g {
            mhub_core::curation::CriterionGroup::Exclusion => {
                serde_json::json!({"criterion": c, "passed": true})
            }
            _ => serde_json::json!({"criterion": c, "score": 4}),
        })
        .collect();
    serde_json::json!({"scores": scores, "recommendation": recommendation, "comment": "Solid"})
        .to_string()
}
