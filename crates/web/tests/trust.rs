//! Trust, through HTTP, on SQLite and (when `TEST_PG_URL` is set) PostgreSQL:
//! the role × route matrix of docs/ARCHITECTURE.md for every state-changing
//! route of the trust area and the practice workflow, and the stories of
//! issue 9 — a stranger asks to join and cannot act until a manager approves;
//! an owner's update stays private until an editor approves; an owner asks to
//! archive, an editor confirms and later restores.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::io::Write as _;
use std::process::Command;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use mhub_core::accounts::{Account, Actor, Role, TokenScopes};
use mhub_core::curation::{Outcome, Status};
use mhub_core::hub::Hub;
use mhub_core::organisations::MemberRole;
use mhub_core::practice::{OrganisationLink, OrganisationRole, PracticeContent, PracticeText};
use mhub_core::reference::ReferenceData;
use mhub_core::repo::PracticeRecord;
use mhub_web::{AppState, WebConfig};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse battery";
const ORG: &str = "Servicio Andaluz de Salud";

/// Who calls, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// The `member` account role: may read, not contribute.
    Reader,
    /// Contributor with a pending request to join the owning organisation.
    Pending,
    /// Contributor, active member of the owning organisation.
    Owner,
    /// Contributor, manager of the owning organisation.
    Manager,
    /// Contributor, member of another organisation.
    Outsider,
    /// Contributor who never confirmed the e-mail address.
    Unconfirmed,
    Reviewer,
    FocalHere,
    FocalElsewhere,
    Editor,
    Admin,
}

const EVERYONE: [Who; 12] = [
    Who::Anonymous,
    Who::Reader,
    Who::Pending,
    Who::Owner,
    Who::Manager,
    Who::Outsider,
    Who::Unconfirmed,
    Who::Reviewer,
    Who::FocalHere,
    Who::FocalElsewhere,
    Who::Editor,
    Who::Admin,
];

struct Fixture {
    router: Router,
    hub: Arc<Hub>,
    tokens: Vec<(Who, String)>,
    /// Session cookie and CSRF token, for the website's forms.
    sessions: Vec<(Who, String, String)>,
    ids: Vec<(Who, i64)>,
    /// The id of an owner's pending update of the published practice.
    request_id: i64,
    _dir: tempfile::TempDir,
}

struct Res {
    status: StatusCode,
    body: Vec<u8>,
}

impl Res {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

fn content(title: &str) -> PracticeContent {
    let mut c = PracticeContent {
        original_language: "es".into(),
        country: "ES".into(),
        ..Default::default()
    };
    c.texts.insert(
        "es".into(),
        PracticeText {
            title: title.into(),
            summary: format!("Resumen de {title}"),
            ..Default::default()
        },
    );
    c.organisations = vec![OrganisationLink {
        name: ORG.into(),
        role: OrganisationRole::Owner,
        country: Some("ES".into()),
    }];
    c
}

fn record(slug: &str, status: Status) -> PracticeRecord {
    PracticeRecord {
        slug: slug.into(),
        status,
        outcome: (status == Status::Published).then_some(Outcome::Promising),
        content: content(&format!("Práctica {slug}")),
    }
}

impl Fixture {
    async fn new(url: &str, dir: tempfile::TempDir) -> Fixture {
        let db = mhub_storage::Db::connect(url).await.expect("connect");
        db.migrate().await.expect("migrate");
        let reference = ReferenceData::embedded().expect("reference");
        let hub = Arc::new(Hub::open(Arc::new(db), &reference).await.expect("hub"));
        hub.set_mailer(Arc::new(mhub_core::mail::FolderMailer::new(
            dir.path().join("mail"),
            "http://hub.test",
            "hub@hub.test",
        )));
        let system = Actor::system();
        hub.import_practices(
            &system,
            vec![
                record("draft", Status::Draft),
                record("submitted", Status::Submitted),
                record("published", Status::Published),
                record("archived", Status::Published),
            ],
            false,
        )
        .await
        .expect("import");
        hub.transition(
            &system,
            "archived",
            mhub_core::curation::TransitionAction::Archive,
            None,
            Some("Closed in 2024".into()),
        )
        .await
        .expect("archive");
        let mut f = Fixture {
            router: mhub_web::router(AppState {
                hub: hub.clone(),
                config: WebConfig {
                    secure_cookies: false,
                    ..WebConfig::default()
                },
            }),
            hub,
            tokens: Vec::new(),
            sessions: Vec::new(),
            ids: Vec::new(),
            request_id: 0,
            _dir: dir,
        };
        for who in EVERYONE.into_iter().filter(|w| *w != Who::Anonymous) {
            f.add(who).await;
        }
        let owner = f.actor(Who::Owner).await;
        let mut proposal = content("Práctica publicada, versión nueva");
        proposal.texts.get_mut("es").expect("es").summary = "Nuevo resumen".into();
        f.request_id = f
            .hub
            .propose_update(
                &owner,
                "published",
                None,
                proposal,
                Some("Nuevos datos".into()),
                false,
            )
            .await
            .expect("proposal")
            .id;
        f
    }

    async fn add(&mut self, who: Who) {
        let email = format!("{who:?}@example.org").to_lowercase();
        let role = match who {
            Who::Reader => Role::Member,
            Who::Reviewer => Role::Reviewer,
            Who::FocalHere | Who::FocalElsewhere => Role::FocalPoint,
            Who::Editor => Role::Editor,
            Who::Admin => Role::Admin,
            _ => Role::Contributor,
        };
        let registrar = if who == Who::Unconfirmed {
            Actor::anonymous()
        } else {
            Actor::system()
        };
        let account = self
            .hub
            .register(&registrar, &email, &format!("{who:?}"), PASSWORD, role)
            .await
            .expect("register");
        let system = Actor::system();
        match who {
            Who::FocalHere | Who::FocalElsewhere => {
                let country = if who == Who::FocalHere { "ES" } else { "FR" };
                self.hub
                    .set_role_by_id(&system, account.id, role, Some(country))
                    .await
                    .expect("focal point");
            }
            Who::Owner | Who::Manager => {
                let role = if who == Who::Manager {
                    MemberRole::Manager
                } else {
                    MemberRole::Member
                };
                self.hub
                    .repo()
                    .join_organisation(account.id, ORG, Some("ES"), role)
                    .await
                    .expect("join");
            }
            Who::Outsider => {
                self.hub
                    .repo()
                    .join_organisation(account.id, "Other Agency", Some("FR"), MemberRole::Member)
                    .await
                    .expect("join other");
            }
            _ => {}
        }
        if who == Who::Pending {
            let actor = self.actor_of(&account).await;
            self.hub
                .join_organisation(&actor, ORG, None)
                .await
                .expect("request");
        }
        // Minting needs a session, not a token: act as one.
        let session = Actor {
            account: Some(account.clone()),
            ..Actor::default()
        };
        let (_, secret) = self
            .hub
            .create_api_token(&session, "matrix", TokenScopes::all())
            .await
            .expect("token");
        self.tokens.push((who, format!("Bearer {secret}")));
        self.ids.push((who, account.id));
        let signed = self
            .hub
            .sign_in(&email, PASSWORD, "127.0.0.1")
            .await
            .expect("sign in");
        self.sessions.push((
            who,
            format!("mhub_session={}", signed.session_token),
            signed.csrf_token,
        ));
    }

    async fn actor_of(&self, account: &Account) -> Actor {
        let (_, secret) = self
            .hub
            .create_api_token(
                &Actor {
                    account: Some(account.clone()),
                    ..Actor::default()
                },
                "fixture",
                TokenScopes::all(),
            )
            .await
            .expect("token");
        self.hub
            .token_actor(&secret)
            .await
            .expect("actor")
            .expect("known token")
    }

    async fn actor(&self, who: Who) -> Actor {
        let account = self
            .hub
            .repo()
            .account_by_id(self.id(who))
            .await
            .expect("read")
            .expect("account");
        self.actor_of(&account).await
    }

    fn id(&self, who: Who) -> i64 {
        self.ids
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, id)| *id)
            .expect("id")
    }

    fn token(&self, who: Who) -> Option<&str> {
        self.tokens
            .iter()
            .find(|(w, _)| *w == who)
            .map(|(_, t)| t.as_str())
    }

    /// A website form posted with the caller's session (and its CSRF token).
    async fn post_form(&self, who: Who, uri: &str, form: &str) -> (Res, String) {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("content-type", "application/x-www-form-urlencoded");
        let mut body = form.to_string();
        if let Some((_, cookie, csrf)) = self.sessions.iter().find(|(w, _, _)| *w == who) {
            req = req.header("cookie", cookie.as_str());
            body = format!("csrf_token={csrf}&{form}");
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).expect("request"))
            .await
            .expect("answer");
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (Res { status, body }, location)
    }

    async fn call(&self, who: Who, method: Method, uri: &str, body: Option<Value>) -> Res {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = self.token(who) {
            req = req.header("authorization", t);
        }
        if let Some(slug) = uri
            .strip_prefix("/api/v1/practices/")
            .filter(|rest| !rest.contains('/'))
        {
            let version = self
                .hub
                .repo()
                .practice_by_slug(slug)
                .await
                .expect("read")
                .map_or(0, |p| p.version);
            req = req.header("if-match", format!("\"{version}\""));
        }
        let body = match body {
            Some(v) => {
                req = req.header("content-type", "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        let res = self
            .router
            .clone()
            .oneshot(req.body(body).expect("request"))
            .await
            .expect("answer");
        let status = res.status();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Res { status, body }
    }
}

/// One state-changing route and who may use it: an API call with a JSON body,
/// or (`form`) a website form.
struct Route {
    name: &'static str,
    method: Method,
    uri: String,
    body: Option<Value>,
    form: Option<String>,
    allowed: &'static [Who],
}

fn practice_body(title: &str) -> Value {
    json!({
        "original_language": "es",
        "texts": {"es": {"title": title, "summary": "Un resumen"}},
        "country": "ES",
        "organisations": [{"name": ORG, "role": "owner", "country": "ES"}]
    })
}

const CONTRIBUTORS: &[Who] = &[
    Who::Pending,
    Who::Owner,
    Who::Manager,
    Who::Outsider,
    Who::Reviewer,
    Who::FocalHere,
    Who::FocalElsewhere,
    Who::Editor,
    Who::Admin,
];
const OWNERS_AND_EDITORS: &[Who] = &[Who::Owner, Who::Manager, Who::Editor, Who::Admin];
const OWNERS: &[Who] = &[Who::Owner, Who::Manager];
const MANAGERS_AND_EDITORS: &[Who] = &[Who::Manager, Who::Editor, Who::Admin];
const EDITORS: &[Who] = &[Who::Editor, Who::Admin];
const CURATORS_HERE: &[Who] = &[Who::FocalHere, Who::Editor, Who::Admin];

fn routes(f: &Fixture) -> Vec<Route> {
    let org = "servicio-andaluz-de-salud";
    let pending = f.id(Who::Pending);
    let owner = f.id(Who::Owner);
    let reviewer = f.id(Who::Reviewer);
    let request = f.request_id;
    let r = |name, method, uri: String, body, allowed| Route {
        name,
        method,
        uri,
        body,
        form: None,
        allowed,
    };
    let page = |name, uri: String, form: &str, allowed| Route {
        name,
        method: Method::POST,
        uri,
        body: None,
        form: Some(form.to_string()),
        allowed,
    };
    let outsider = f.id(Who::Outsider);
    let mut website = vec![
        page(
            "form: submit a new practice",
            "/en/submit".into(),
            "original_language=es&title=Nueva&summary=Resumen&country=ES",
            CONTRIBUTORS,
        ),
        page(
            "form: save a draft",
            "/en/practices/draft/edit".into(),
            "original_language=es&title=Borrador&summary=Resumen&country=ES",
            OWNERS_AND_EDITORS,
        ),
        page(
            "form: propose or save on a published practice",
            "/en/practices/published/edit".into(),
            "original_language=es&title=Nuevo&summary=Resumen&country=ES",
            OWNERS_AND_EDITORS,
        ),
        page(
            "form: submit for review",
            "/en/practices/draft/transition".into(),
            "action=submit",
            OWNERS_AND_EDITORS,
        ),
        page(
            "form: ask to archive",
            "/en/practices/published/transition".into(),
            "action=request_archive&confirm=yes&reason=Closed",
            OWNERS,
        ),
        page(
            "form: archive",
            "/en/practices/published/transition".into(),
            "action=archive&confirm=yes&reason=Closed",
            EDITORS,
        ),
        page(
            "form: restore",
            "/en/practices/archived/transition".into(),
            "action=restore",
            EDITORS,
        ),
        page(
            "form: assign reviewers",
            "/en/practices/submitted/assign".into(),
            &format!("reviewer={reviewer}"),
            CURATORS_HERE,
        ),
        page(
            "form: decide a request",
            format!("/en/requests/{request}"),
            "do=approve&reason=Checked",
            EDITORS,
        ),
        page(
            "form: decide a membership",
            format!("/en/organisations/{org}/members/{pending}"),
            "do=approve",
            MANAGERS_AND_EDITORS,
        ),
        page(
            "form: remove a member",
            format!("/en/organisations/{org}/members/{owner}"),
            "do=remove",
            &[Who::Owner, Who::Manager, Who::Editor, Who::Admin],
        ),
        page(
            "form: invite",
            format!("/en/organisations/{org}/invitations"),
            "email=new%40example.org&role=member",
            MANAGERS_AND_EDITORS,
        ),
        page(
            "form: confirm an organisation",
            "/en/admin/organisations/confirm".into(),
            &format!("slug={org}"),
            EDITORS,
        ),
        page(
            "form: merge organisations",
            "/en/admin/organisations/merge".into(),
            &format!("from=other-agency&into={org}"),
            EDITORS,
        ),
        page(
            "form: disable an account",
            format!("/en/admin/accounts/{outsider}"),
            "do=disable",
            &[Who::Admin],
        ),
        page(
            "form: change a role",
            format!("/en/admin/accounts/{outsider}"),
            "do=role&role=reviewer",
            &[Who::Admin],
        ),
    ];
    let mut api = vec![
        r(
            "create a practice",
            Method::POST,
            "/api/v1/practices".into(),
            Some(practice_body("Nueva")),
            CONTRIBUTORS,
        ),
        r(
            "edit a draft",
            Method::PUT,
            "/api/v1/practices/draft".into(),
            Some(practice_body("Borrador")),
            OWNERS_AND_EDITORS,
        ),
        r(
            "edit a published practice",
            Method::PUT,
            "/api/v1/practices/published".into(),
            Some(practice_body("Publicada")),
            EDITORS,
        ),
        r(
            "submit a draft",
            Method::POST,
            "/api/v1/practices/draft/transitions".into(),
            Some(json!({"action": "submit"})),
            OWNERS_AND_EDITORS,
        ),
        r(
            "propose an update",
            Method::POST,
            "/api/v1/practices/published/requests".into(),
            Some(json!({"kind": "update", "content": practice_body("Propuesta")})),
            OWNERS,
        ),
        r(
            "ask to archive",
            Method::POST,
            "/api/v1/practices/published/requests".into(),
            Some(json!({"kind": "archive", "note": "Closed"})),
            OWNERS,
        ),
        r(
            "decide a request",
            Method::POST,
            format!("/api/v1/requests/{request}/decision"),
            Some(json!({"approve": true, "reason": "Checked"})),
            EDITORS,
        ),
        r(
            "assign reviewers",
            Method::POST,
            "/api/v1/practices/submitted/reviewers".into(),
            Some(json!({"reviewer_ids": [reviewer]})),
            CURATORS_HERE,
        ),
        r(
            "start a review",
            Method::POST,
            "/api/v1/practices/submitted/transitions".into(),
            Some(json!({"action": "start_review"})),
            CURATORS_HERE,
        ),
        r(
            "archive a published practice",
            Method::POST,
            "/api/v1/practices/published/transitions".into(),
            Some(json!({"action": "archive", "reason": "Closed"})),
            EDITORS,
        ),
        r(
            "restore an archived practice",
            Method::POST,
            "/api/v1/practices/archived/transitions".into(),
            Some(json!({"action": "restore"})),
            EDITORS,
        ),
        r(
            "reopen an archived practice",
            Method::POST,
            "/api/v1/practices/archived/transitions".into(),
            Some(json!({"action": "reopen"})),
            EDITORS,
        ),
        r(
            "decide a membership",
            Method::POST,
            format!("/api/v1/organisations/{org}/members/{pending}/decision"),
            Some(json!({"approve": true})),
            MANAGERS_AND_EDITORS,
        ),
        r(
            "hand the manager role on",
            Method::PUT,
            format!("/api/v1/organisations/{org}/members/{owner}"),
            Some(json!({"role": "manager"})),
            MANAGERS_AND_EDITORS,
        ),
        r(
            "remove a member",
            Method::DELETE,
            format!("/api/v1/organisations/{org}/members/{pending}"),
            None,
            &[Who::Manager, Who::Pending, Who::Editor, Who::Admin],
        ),
        r(
            "invite",
            Method::POST,
            format!("/api/v1/organisations/{org}/invitations"),
            Some(json!({"email": "new@example.org"})),
            MANAGERS_AND_EDITORS,
        ),
        r(
            "confirm an organisation",
            Method::POST,
            format!("/api/v1/organisations/{org}/confirmation"),
            None,
            EDITORS,
        ),
        r(
            "merge organisations",
            Method::POST,
            "/api/v1/organisations/other-agency/merge".into(),
            Some(json!({"into": org})),
            EDITORS,
        ),
        r(
            "change a role",
            Method::PATCH,
            format!("/api/v1/accounts/{reviewer}"),
            Some(json!({"role": "editor"})),
            &[Who::Admin],
        ),
        r(
            "disable an account",
            Method::PATCH,
            format!("/api/v1/accounts/{reviewer}"),
            Some(json!({"disabled": true})),
            &[Who::Admin],
        ),
    ];
    api.append(&mut website);
    api
}

/// Every route × every caller, each route on a fresh Hub: allowed callers are
/// never refused (401/403); everyone else is (404 where the record is hidden).
async fn matrix(open: impl AsyncFn() -> Fixture) {
    let names: Vec<&str> = routes(&open().await).iter().map(|r| r.name).collect();
    let mut failures = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let f = open().await;
        let route = routes(&f).remove(i);
        // Refused callers first: an allowed call may change what later ones meet.
        let mut callers = EVERYONE.to_vec();
        callers.sort_by_key(|w| route.allowed.contains(w));
        for who in callers {
            let (res, location) = match &route.form {
                Some(form) => f.post_form(who, &route.uri, form).await,
                None => (
                    f.call(who, route.method.clone(), &route.uri, route.body.clone())
                        .await,
                    String::new(),
                ),
            };
            // The website sends a visitor to sign in where the API answers 401.
            let refused = matches!(
                res.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
            ) || location.contains("/sign-in");
            let allowed = route.allowed.contains(&who);
            let ok = if allowed {
                !matches!(res.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                    && !res.status.is_server_error()
            } else {
                refused
            };
            if !ok {
                failures.push(format!(
                    "{name}: {who:?} got {} ({})",
                    res.status,
                    res.json()["reason"]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

async fn sqlite() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("hub.db").display());
    Fixture::new(&url, dir).await
}

/// A fresh schema on the test server, or `None` without `TEST_PG_URL`.
async fn postgres() -> Option<Fixture> {
    let base = std::env::var("TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let schema = format!(
        "t_trust_{}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_micros())
            .unwrap_or_default(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let out = Command::new("psql")
        .args([base.as_str(), "-qc", &format!("CREATE SCHEMA {schema}")])
        .output()
        .expect("psql");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options[search_path]={schema}");
    Some(Fixture::new(&url, tempfile::tempdir().expect("tempdir")).await)
}

#[tokio::test]
async fn the_role_route_matrix_holds_on_sqlite() {
    matrix(sqlite).await;
}

#[tokio::test]
async fn the_role_route_matrix_holds_on_postgresql() {
    if postgres().await.is_none() {
        // Past libtest's capture of eprintln!, so the log shows what did not run.
        let _ = writeln!(
            std::io::stderr(),
            "TEST_PG_URL not set: the PostgreSQL matrix was skipped"
        );
        return;
    }
    matrix(async || postgres().await.expect("postgres")).await;
}

/// A stranger asks to join, cannot act, is approved, proposes an update that
/// stays private until an editor approves it.
async fn membership_and_update_story(f: Fixture) {
    let org = "servicio-andaluz-de-salud";
    let stranger = f.id(Who::Outsider);
    let joined = f
        .call(
            Who::Outsider,
            Method::POST,
            "/api/v1/me/organisations",
            Some(json!({"name": ORG})),
        )
        .await;
    assert_eq!(joined.status, StatusCode::CREATED);
    assert_eq!(joined.json()["status"], "pending");
    // Not yet a member: the published practice is not theirs to change.
    let refused = f
        .call(
            Who::Outsider,
            Method::POST,
            "/api/v1/practices/published/requests",
            Some(json!({"kind": "archive", "note": "x"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["reason"], "membership_pending");
    let approved = f
        .call(
            Who::Manager,
            Method::POST,
            &format!("/api/v1/organisations/{org}/members/{stranger}/decision"),
            Some(json!({"approve": true})),
        )
        .await;
    assert_eq!(approved.status, StatusCode::NO_CONTENT);
    // Now a member: propose an update; the public record does not change.
    let mut proposal = practice_body("Título nuevo del socio");
    proposal["texts"]["es"]["summary"] = json!("Resumen nuevo");
    let created = f
        .call(
            Who::Outsider,
            Method::POST,
            "/api/v1/practices/published/requests",
            Some(json!({"kind": "update", "content": proposal, "minor": true})),
        )
        .await;
    assert_eq!(
        created.status,
        StatusCode::CONFLICT,
        "the owner's proposal is pending"
    );
    let pending = f
        .hub
        .request(&Actor::system(), f.request_id)
        .await
        .expect("request");
    assert_eq!(
        pending.request.status,
        mhub_core::requests::RequestStatus::Pending
    );
    let public = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(
        public.json()["content"]["texts"]["es"]["title"],
        "Práctica published"
    );
    let decided = f
        .call(
            Who::Editor,
            Method::POST,
            &format!("/api/v1/requests/{}/decision", f.request_id),
            Some(json!({"approve": true, "reason": "Datos verificados"})),
        )
        .await;
    assert_eq!(
        decided.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&decided.body)
    );
    let public = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(
        public.json()["content"]["texts"]["es"]["title"],
        "Práctica publicada, versión nueva"
    );
    assert_eq!(public.json()["status"], "published");
}

/// The owner asks to archive; an editor confirms; the editor restores it as published.
async fn archive_story(f: Fixture) {
    let asked = f
        .call(
            Who::Owner,
            Method::POST,
            "/api/v1/practices/published/requests",
            Some(json!({"kind": "archive", "note": "Service closed"})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED);
    let id = asked.json()["id"].as_i64().expect("id");
    let still = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(
        still.status,
        StatusCode::OK,
        "public until an editor confirms"
    );
    let confirmed = f
        .call(
            Who::Editor,
            Method::POST,
            &format!("/api/v1/requests/{id}/decision"),
            Some(json!({"approve": true})),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    let gone = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let history = f
        .hub
        .transitions(&Actor::system(), "published")
        .await
        .expect("trail");
    assert_eq!(
        history.last().and_then(|t| t.reason.as_deref()),
        Some("Service closed")
    );
    let restored = f
        .call(
            Who::Editor,
            Method::POST,
            "/api/v1/practices/published/transitions",
            Some(json!({"action": "restore"})),
        )
        .await;
    assert_eq!(
        restored.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&restored.body)
    );
    let back = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(back.json()["status"], "published");
    assert_eq!(
        back.json()["outcome"],
        "promising",
        "the outcome comes back too"
    );
}

#[tokio::test]
async fn stories_on_sqlite() {
    membership_and_update_story(sqlite().await).await;
    archive_story(sqlite().await).await;
}

#[tokio::test]
async fn stories_on_postgresql() {
    let Some(f) = postgres().await else {
        // Past libtest's capture of eprintln!, so the log shows what did not run.
        let _ = writeln!(
            std::io::stderr(),
            "TEST_PG_URL not set: the PostgreSQL stories were skipped"
        );
        return;
    };
    membership_and_update_story(f).await;
    archive_story(postgres().await.expect("postgres")).await;
}

/// An unconfirmed address cannot submit; the mailed link confirms it.
#[tokio::test]
async fn a_new_address_is_confirmed_by_the_mailed_link() {
    let f = sqlite().await;
    let refused = f
        .call(
            Who::Unconfirmed,
            Method::POST,
            "/api/v1/practices",
            Some(practice_body("Intento")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["reason"], "email_unconfirmed");
    let mail_dir = f._dir.path().join("mail");
    let mail = std::fs::read_dir(&mail_dir)
        .expect("mail folder")
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).expect("mail"))
        .find(|m| m.contains("To: unconfirmed@example.org"))
        .expect("a confirmation mail");
    let secret = mail
        .split("/en/confirm-email/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("link");
    let confirmed = f
        .call(
            Who::Anonymous,
            Method::POST,
            &format!("/api/v1/email-confirmations/{secret}"),
            None,
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK);
    assert_eq!(confirmed.json()["email_confirmed"], true);
    let again = f
        .call(
            Who::Anonymous,
            Method::POST,
            &format!("/api/v1/email-confirmations/{secret}"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a link works once");
    let created = f
        .call(
            Who::Unconfirmed,
            Method::POST,
            "/api/v1/practices",
            Some(json!({
                "original_language": "es",
                "texts": {"es": {"title": "Ahora sí", "summary": "Un resumen"}},
                "country": "ES"
            })),
        )
        .await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
}

/// Disabling an account ends its sessions and revokes its tokens at once.
#[tokio::test]
async fn a_disabled_account_loses_its_tokens() {
    let f = sqlite().await;
    let me = f.call(Who::Reviewer, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me.status, StatusCode::OK);
    let id = f.id(Who::Reviewer);
    let off = f
        .call(
            Who::Admin,
            Method::PATCH,
            &format!("/api/v1/accounts/{id}"),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK);
    assert_eq!(off.json()["disabled"], true);
    let me = f.call(Who::Reviewer, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let signin = f
        .call(
            Who::Anonymous,
            Method::POST,
            "/api/v1/session",
            Some(json!({"email": "reviewer@example.org", "password": PASSWORD})),
        )
        .await;
    assert_eq!(signin.status, StatusCode::FORBIDDEN);
    assert_eq!(signin.json()["reason"], "account_disabled");
}

/// A merged organisation's slug answers with the one it became; its practices
/// moved, its people arrive as requests.
#[tokio::test]
async fn a_merged_organisation_redirects_and_its_members_move() {
    let f = sqlite().await;
    let merged = f
        .call(
            Who::Editor,
            Method::POST,
            "/api/v1/organisations/other-agency/merge",
            Some(json!({"into": "servicio-andaluz-de-salud"})),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK);
    let old = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/organisations/other-agency",
            None,
        )
        .await;
    assert_eq!(old.json()["merged_into"], "servicio-andaluz-de-salud");
    let page = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/en/organisations/other-agency",
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::PERMANENT_REDIRECT);
    let outsider = f.actor(Who::Outsider).await;
    let org = f
        .hub
        .organisation("servicio-andaluz-de-salud")
        .await
        .expect("org");
    // Being in the duplicate makes nobody a member of the one kept: they arrive
    // as requests its managers decide.
    assert!(
        !outsider.organisation_ids.contains(&org.id),
        "not a member yet"
    );
    assert!(
        outsider
            .pending_organisations
            .iter()
            .any(|(id, _)| *id == org.id),
        "a pending request instead"
    );
}

/// An invitation works once, for the address it was sent to.
#[tokio::test]
async fn an_invitation_is_for_one_address_and_one_use() {
    let f = sqlite().await;
    let org = "servicio-andaluz-de-salud";
    let sent = f
        .call(
            Who::Manager,
            Method::POST,
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(json!({"email": "outsider@example.org", "role": "manager"})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED);
    let secret = sent.json()["secret"].as_str().expect("secret").to_string();
    let wrong = f
        .call(
            Who::Reviewer,
            Method::POST,
            &format!("/api/v1/invitations/{secret}/acceptance"),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_eq!(wrong.json()["reason"], "invitation_for_another_address");
    let ok = f
        .call(
            Who::Outsider,
            Method::POST,
            &format!("/api/v1/invitations/{secret}/acceptance"),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["role"], "manager");
    assert_eq!(ok.json()["status"], "active");
    let again = f
        .call(
            Who::Outsider,
            Method::POST,
            &format!("/api/v1/invitations/{secret}/acceptance"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let admin = f
        .call(
            Who::Manager,
            Method::GET,
            &format!("/api/v1/organisations/{org}/members"),
            None,
        )
        .await;
    let kinds: Vec<String> = admin.json()["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(kinds.contains(&"invited".to_string()), "{kinds:?}");
    assert!(
        kinds.contains(&"joined_by_invitation".to_string()),
        "{kinds:?}"
    );
}

/// An update proposed before someone else changed the practice is not applied
/// over that change; revised, it is.
#[tokio::test]
async fn a_stale_proposal_is_not_applied_over_a_later_change() {
    let f = sqlite().await;
    let edited = f
        .call(
            Who::Editor,
            Method::PUT,
            "/api/v1/practices/published",
            Some(practice_body("Corrección del editor")),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    let decision = format!("/api/v1/requests/{}/decision", f.request_id);
    let stale = f
        .call(
            Who::Editor,
            Method::POST,
            &decision,
            Some(json!({"approve": true, "reason": "ok"})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["reason"], "practice_changed_since_proposal");
    let revised = f
        .call(
            Who::Owner,
            Method::POST,
            "/api/v1/practices/published/requests",
            Some(json!({"kind": "update", "content": practice_body("Revisada")})),
        )
        .await;
    assert_eq!(revised.status, StatusCode::CREATED);
    let applied = f
        .call(
            Who::Editor,
            Method::POST,
            &decision,
            Some(json!({"approve": true, "reason": "ok"})),
        )
        .await;
    assert_eq!(applied.status, StatusCode::OK);
    let public = f
        .call(
            Who::Anonymous,
            Method::GET,
            "/api/v1/practices/published",
            None,
        )
        .await;
    assert_eq!(public.json()["content"]["texts"]["es"]["title"], "Revisada");
}

/// Naming an existing organisation as a practice's owner speaks for it: only its
/// active members may.
#[tokio::test]
async fn only_members_name_an_organisation_as_owner() {
    let f = sqlite().await;
    let refused = f
        .call(
            Who::Outsider,
            Method::POST,
            "/api/v1/practices",
            Some(practice_body("Suplantación")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["code"], "not_a_member");
    let pending = f
        .call(
            Who::Pending,
            Method::POST,
            "/api/v1/practices",
            Some(practice_body("Todavía no")),
        )
        .await;
    assert_eq!(pending.status, StatusCode::UNPROCESSABLE_ENTITY);
    let member = f
        .call(
            Who::Owner,
            Method::POST,
            "/api/v1/practices",
            Some(practice_body("Nuestra práctica")),
        )
        .await;
    assert_eq!(member.status, StatusCode::CREATED);
    let mut partner = practice_body("Con socios");
    partner["organisations"][0]["role"] = json!("partner");
    let named = f
        .call(
            Who::Outsider,
            Method::POST,
            "/api/v1/practices",
            Some(partner),
        )
        .await;
    assert_eq!(named.status, StatusCode::CREATED, "a partner is a mention");
}
