//! The public website: every page type in every language, the keys its
//! templates use, and the form flows (sign-up, submission) without JavaScript.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use axum::http::{Method, StatusCode};
use common::app;

const LANGS: [&str; 5] = ["en", "fr", "de", "ru", "es"];

fn assert_page(path: &str, lang: &str, html: &str) {
    assert!(
        html.contains(&format!("<html lang=\"{lang}\">")),
        "{path}: lang"
    );
    assert!(html.contains("href=\"#main\""), "{path}: skip link");
    assert!(html.contains("hreflang=\"de\""), "{path}: alternates");
    // The only script is the fingerprinted htmx file on the search page.
    for piece in html.split("<script").skip(1) {
        assert!(
            piece.starts_with(" src=\"/static/htmx.") && piece.contains("></script>"),
            "{path}: script"
        );
    }
    assert!(!html.contains("style="), "{path}: inline style");
    assert!(!html.contains(" onclick"), "{path}: inline handler");
    // A key that was not found comes out as itself.
    for prefix in [
        "nav-", "form-", "field-", "home-", "map-", "chart-", "filter-", "sort-", "error-",
        "review-", "token-", "account-",
    ] {
        assert!(
            !html.contains(&format!(">{prefix}")),
            "{path}: untranslated {prefix}…"
        );
    }
}

#[tokio::test]
async fn public_pages_in_every_language() {
    let app = app().await;
    for lang in LANGS {
        for path in [
            "/",
            "/practices",
            "/practices?country=ES&ncd=diabetes&sort=-updated",
            "/practices/es-diabetes-sms",
            "/practices/fr-heart-app",
            "/countries",
            "/countries/es",
            "/countries/FR",
            "/countries/mt",
            "/about",
            "/privacy",
            "/accessibility",
            "/sign-in",
            "/sign-up",
        ] {
            let uri = format!("/{lang}{path}");
            let res = app.get(&uri).await;
            assert_eq!(res.status, StatusCode::OK, "{uri}: {}", res.text());
            assert!(res.header("content-type").starts_with("text/html"));
            assert_page(&uri, lang, &res.text());
        }
    }
}

#[tokio::test]
async fn signed_in_pages_send_visitors_to_sign_in() {
    let app = app().await;
    for path in [
        "/account",
        "/account/practices",
        "/submit",
        "/review",
        "/account/erase",
    ] {
        let res = app.get(&format!("/fr{path}")).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            res.header("location").starts_with("/fr/sign-in?next="),
            "{path}"
        );
    }
    assert_eq!(
        app.get("/en/practices/de-draft").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/en/organisations/nobody").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn maps_and_charts_are_accessible_svg() {
    let app = app().await;
    let home = app.get("/en/").await.text();
    assert!(home.contains("<svg class=\"map\""));
    assert!(home.contains("href=\"/en/countries/es\""));
    assert!(home.contains("Spain: 1 published practice"));
    let country = app.get("/de/countries/es").await.text();
    assert!(country.contains("role=\"img\""));
    assert!(country.contains("<desc id="));
    assert!(country.contains("<table>"), "numbers as a table");
}

#[tokio::test]
async fn language_switcher_remembers_the_choice_and_keeps_the_page() {
    let app = app().await;
    let html = app.get("/en/practices?country=ES").await.text();
    assert!(html.contains("/ru/language?next=%2Fpractices%3Fcountry%3DES"));
    let res = app
        .get("/ru/language?next=%2Fpractices%3Fcountry%3DES")
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), "/ru/practices?country=ES");
    assert!(res.header("set-cookie").starts_with("lang=ru"));
    let res = app.get("/ru/language?next=//evil.example").await;
    assert_eq!(res.header("location"), "/ru/");
}

#[tokio::test]
async fn pages_have_etags() {
    let app = app().await;
    let res = app.get("/en/practices").await;
    let etag = res.header("etag").to_string();
    assert!(etag.starts_with('"'));
    let res = app
        .call(
            Method::GET,
            "/en/practices",
            &[("if-none-match", &etag)],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn an_expired_form_gets_a_page_in_the_readers_language() {
    let app = app().await;
    app.account("old@example.org", mhub_core::accounts::Role::Contributor)
        .await;
    let (cookie, csrf) = app.session("old@example.org").await;
    let form = "application/x-www-form-urlencoded";
    // A token from an earlier session, posted from the account page.
    let res = app
        .call(
            Method::POST,
            "/fr/account/tokens",
            &[
                ("cookie", &cookie),
                ("content-type", form),
                ("host", "hub.example"),
                ("referer", "http://hub.example/fr/account?tab=tokens"),
            ],
            Some("csrf_token=from-an-old-session&token_name=laptop"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.header("content-type").starts_with("text/html"));
    assert_eq!(res.header("cache-control"), "no-store");
    let html = res.text();
    assert_page("/fr/account/tokens", "fr", &html);
    assert!(html.contains("<h1>Ce formulaire a expiré</h1>"), "{html}");
    assert!(html.contains("Rien n’a été enregistré."));
    assert!(
        html.contains(
            "<a class=\"button\" href=\"/fr/account?tab=tokens\">Recharger le formulaire"
        ),
        "{html}"
    );
    // Another site's page is never offered; the home page is.
    let res = app
        .call(
            Method::POST,
            "/de/sign-out",
            &[
                ("cookie", &cookie),
                ("content-type", form),
                ("host", "hub.example"),
                ("referer", "https://evil.example/de/account"),
            ],
            Some("csrf_token=wrong"),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let html = res.text();
    assert!(html.contains("Dieses Formular ist abgelaufen"), "{html}");
    assert!(html.contains("href=\"/de/\">Formular neu laden"), "{html}");
    assert!(!html.contains("evil.example"));
    // The API keeps its problem document, form or not.
    app.call(
        Method::POST,
        "/api/v1/practices",
        &[("cookie", &cookie), ("content-type", form)],
        Some("csrf_token=wrong"),
    )
    .await
    .problem(403, "csrf_failed");
    // And with the right token the same form goes through.
    let res = app
        .call(
            Method::POST,
            "/fr/account/tokens",
            &[("cookie", &cookie), ("content-type", form)],
            Some(&format!("csrf_token={csrf}&token_name=laptop")),
        )
        .await;
    assert_ne!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
}

fn cookie_of(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or("").to_string()
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {name}")) + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn sign_up_then_submit_a_practice_without_javascript() {
    let app = app().await;
    // Anonymous form: the token must match the cookie set with the form.
    let page = app.get("/en/sign-up").await;
    let form_cookie = cookie_of(page.header("set-cookie"));
    let token = hidden(&page.text(), "csrf_token");
    let form = "application/x-www-form-urlencoded";
    let res = app
        .call(
            Method::POST,
            "/en/sign-up",
            &[("content-type", form)],
            Some(&format!(
                "csrf_token={token}&email=ana%40example.org&display_name=Ana&password=long+enough+pw"
            )),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no cookie, no sign-up");
    let res = app
        .call(
            Method::POST,
            "/en/sign-up",
            &[("content-type", form), ("cookie", &form_cookie)],
            Some(&format!(
                "csrf_token={token}&email=ana%40example.org&display_name=Ana&password=short"
            )),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(html.contains("error-summary") && html.contains("href=\"#password\""));
    assert!(
        html.contains("value=\"ana@example.org\""),
        "typed values kept"
    );
    let res = app
        .call(
            Method::POST,
            "/en/sign-up",
            &[("content-type", form), ("cookie", &form_cookie)],
            Some(&format!(
                "csrf_token={token}&email=ana%40example.org&display_name=Ana&password=long+enough+pw"
            )),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let session = cookie_of(res.header("set-cookie"));
    let account = app
        .call(Method::GET, "/en/account", &[("cookie", &session)], None)
        .await;
    assert_eq!(account.status, StatusCode::OK);
    let csrf = hidden(&account.text(), "csrf_token");
    assert!(account.text().contains("Ana"));
    // Nothing can be submitted before the address is confirmed, and the page says why.
    let refused = app
        .call(Method::GET, "/en/submit", &[("cookie", &session)], None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text().contains("confirm your e-mail address"));
    assert!(
        refused.text().contains("Ana"),
        "the signed-in header is shown"
    );
    assert!(!refused.text().contains("try again later"));
    app.confirm_email("ana@example.org").await;

    // A form with a mistake comes back with the values and the errors.
    let body = format!(
        "csrf_token={csrf}&original_language=en&title={}&summary=&country=ES&reach_users=many&ncd_focus=diabetes",
        enc("SMS coaching in Seville")
    );
    let res = app
        .call(
            Method::POST,
            "/en/submit",
            &[("content-type", form), ("cookie", &session)],
            Some(&body),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text()
    );
    let html = res.text();
    assert!(
        html.contains("href=\"#reach_users\""),
        "summary links to the field"
    );
    assert!(html.contains("value=\"SMS coaching in Seville\""));
    assert!(html.contains("value=\"diabetes\" checked"));

    let body = format!(
        "csrf_token={csrf}&original_language=en&title={}&summary={}&country=ES&reach_users=1200&ncd_focus=diabetes&channels=sms",
        enc("SMS coaching in Seville"),
        enc("Text messages for people with diabetes.")
    );
    let res = app
        .call(
            Method::POST,
            "/en/submit",
            &[("content-type", form), ("cookie", &session)],
            Some(&body),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let edit = res.header("location").to_string();
    assert!(edit.ends_with("/edit?done=created"), "{edit}");
    let page = app
        .call(Method::GET, &edit, &[("cookie", &session)], None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("<meter"), "completeness meter");
    assert!(html.contains("name=\"version\""), "optimistic version");
    let slug = edit
        .trim_start_matches("/en/practices/")
        .trim_end_matches("/edit?done=created");
    let res = app
        .call(
            Method::POST,
            &format!("/en/practices/{slug}/transition"),
            &[("content-type", form), ("cookie", &session)],
            Some(&format!("csrf_token={csrf}&action=submit")),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.header("location").contains("done=submit"));
    let mine = app
        .call(
            Method::GET,
            "/en/account/practices",
            &[("cookie", &session)],
            None,
        )
        .await
        .text();
    assert!(mine.contains("SMS coaching in Seville") && mine.contains("Submitted"));
}

// ------------------------------------------------------------ search page

/// The test app with an in-memory search index built from its database.
async fn search_app() -> common::App {
    use mhub_search::{Engine, Indexer, SearchIndex};
    let app = app().await;
    let engine = Engine::new(SearchIndex::in_memory().expect("index"));
    app.hub.set_search_engine(engine.clone());
    let indexer = Indexer::new(app.hub.clone(), engine);
    indexer.rebuild(Box::new(|_, _| {})).await.expect("rebuild");
    indexer.catch_up().await.expect("catch up");
    app
}

#[tokio::test]
async fn search_page_ranks_highlights_and_counts_facets() {
    let app = search_app().await;
    let res = app.get("/en/practices?q=diabetes").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    assert_page("/en/practices?q=diabetes", "en", &html);
    // A labelled search box in a search landmark, kept filled in, and a plain GET form.
    assert!(html.contains("role=\"search\""));
    assert!(html.contains("<label for=\"f-q\">"));
    assert!(html.contains("name=\"q\" type=\"search\" value=\"diabetes\""));
    assert!(html.contains("placeholder=\"for example diabetes"));
    assert!(html.contains("<form method=\"get\" action=\"/en/practices\""));
    assert!(html.contains("1 practice matches “diabetes”"), "{html}");
    // The engine's snippet, with its <b> marks, is markup; nothing else is.
    assert!(html.contains("class=\"snippet\""), "{html}");
    assert!(html.contains("<b>"), "highlight");
    assert!(html.contains("Diabetes SMS coaching"));
    assert!(!html.contains("Application cardiaque"));
    // Relevance is the sort with words; facets are checkboxes with counts.
    assert!(html.contains("<option value=\"\" selected>Best match</option>"));
    assert!(html.contains(
        "id=\"f-country-ES\" name=\"country\" value=\"ES\"><label for=\"f-country-ES\"><bdi>Spain</bdi> <span class=\"facet-count\">1</span>"
    ), "{html}");
    for legend in ["Country", "Disease", "Channel", "Review outcome"] {
        assert!(html.contains(&format!("<legend>{legend}")), "{legend}");
    }

    // Without words: every published practice, newest first, every country counted.
    let html = app.get("/en/practices").await.text();
    assert!(html.contains("2 practices"));
    assert!(html.contains("<option value=\"\" selected>Newest</option>"));
    assert!(!html.contains("class=\"snippet\""));
    // Values of one facet are alternatives; a facet's own counts ignore its selection.
    let html = app.get("/en/practices?country=ES&country=FR").await.text();
    assert!(html.contains("2 practices"), "{html}");
    let html = app
        .get("/en/practices?country=ES&country=FR&channel=mobile_app")
        .await
        .text();
    assert!(html.contains("1 practice<"), "{html}");
    assert!(html.contains("Application cardiaque"));
    assert!(html.contains("value=\"ES\" checked>"));
    assert!(html.contains("<bdi>Spain</bdi> <span class=\"facet-count\">0</span>"));
    assert!(
        html.contains("<bdi>SMS</bdi> <span class=\"facet-count\">1</span>")
            || html.contains("value=\"sms\">")
    );
    assert!(html.contains("<legend>Country <span class=\"facet-selected\">2 selected</span>"));
    // Clearing the filters keeps the words.
    let html = app
        .get("/fr/practices?q=diab%C3%A8te&channel=mobile_app")
        .await
        .text();
    assert!(
        html.contains("href=\"/fr/practices?q=diab%C3%A8te\" class=\"clear-filters\""),
        "{html}"
    );
    // Nothing found: say so, and suggest removing filters.
    assert!(html.contains("Aucune pratique trouvée"), "{html}");
    assert!(html.contains("Essayez de retirer des filtres"));
    // A French reader finds the English-only text with a French word, and is told its language.
    let html = app.get("/fr/practices?q=diab%C3%A8te").await.text();
    assert!(
        html.contains("1 pratique correspond à « diabète »"),
        "{html}"
    );
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains("Extrait en anglais."), "{html}");
    // Bad codes are explained on the page.
    let res = app.get("/en/practices?country=ZZ").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("error-summary"));
    let res = app
        .get(&format!("/en/practices?q={}", "a".repeat(1001)))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text().contains("at most 1,000 characters"));
}

#[tokio::test]
async fn the_sort_defaults_to_relevance_with_words_and_follows_them() {
    let app = search_app().await;
    let sort = |html: &str| {
        let select = &html[html.find("<select id=\"f-sort\"").expect("sort select")..];
        select[..select.find("</select>").unwrap()].to_string()
    };
    // With words, in French as reported: best match is the selected default.
    let html = app.get("/fr/practices?q=diab%C3%A8te").await.text();
    assert!(
        sort(&html).contains("<option value=\"\" selected>Pertinence</option>"),
        "{}",
        sort(&html)
    );
    assert!(sort(&html).contains("<option value=\"newest\">Les plus récentes</option>"));
    // Without words, newest is the default; its value is empty, so typing words
    // into that form asks for the default again (relevance), not for newest.
    let html = app.get("/fr/practices").await.text();
    assert!(sort(&html).contains("<option value=\"\" selected>Les plus récentes</option>"));
    assert!(sort(&html).contains("<option value=\"relevance\">Pertinence</option>"));
    let html = app.get("/fr/practices?q=diab%C3%A8te&sort=").await.text();
    assert!(sort(&html).contains("<option value=\"\" selected>Pertinence</option>"));
    // A sort chosen on purpose stays chosen, and stays in the links.
    let html = app
        .get("/fr/practices?q=diab%C3%A8te&sort=newest")
        .await
        .text();
    assert!(sort(&html).contains("<option value=\"newest\" selected>Les plus récentes</option>"));
    assert!(html.contains("/fr/language?next=%2Fpractices%3Fq%3Ddiab%25C3%25A8te%26sort%3Dnewest"));
    // htmx replaces the select with the results, so it never shows a stale default.
    let res = app
        .call(
            Method::GET,
            "/fr/practices?q=diab%C3%A8te&sort=",
            &[("hx-request", "true")],
            None,
        )
        .await;
    let frag = res.text();
    assert!(
        frag.contains(
            "<select id=\"f-sort\" name=\"sort\" autocomplete=\"off\" data-hx-swap-oob=\"true\">"
        ),
        "{frag}"
    );
    assert!(sort(&frag).contains("<option value=\"\" selected>Pertinence</option>"));
}

#[tokio::test]
async fn search_page_in_every_language() {
    let app = search_app().await;
    for lang in LANGS {
        for path in [
            "/practices?q=diabetes",
            "/practices?q=zzzz%20nothing",
            "/practices?country=ES&year=2020&outcome=best&sort=relevance",
        ] {
            let uri = format!("/{lang}{path}");
            let res = app.get(&uri).await;
            assert_eq!(res.status, StatusCode::OK, "{uri}");
            assert_page(&uri, lang, &res.text());
        }
    }
}

#[tokio::test]
async fn htmx_gets_only_the_results_region() {
    let app = search_app().await;
    let full = app.get("/en/practices?channel=sms").await;
    assert!(full.text().contains("<script src=\"/static/htmx."));
    assert!(full.text().contains("data-hx-get=\"/en/practices\""));
    assert!(full.text().contains("hx-push-url=\"true\""));
    assert!(full.header("vary").contains("HX-Request"));
    let res = app
        .call(
            Method::GET,
            "/en/practices?channel=sms",
            &[("hx-request", "true")],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.text();
    assert!(!html.contains("<html"), "a fragment");
    assert!(!html.contains("<script"));
    assert!(html.contains("<div id=\"results\""));
    assert!(
        html.contains("id=\"result-count\" data-hx-swap-oob=\"innerHTML\">1 practice<"),
        "{html}"
    );
    assert!(html.contains("Diabetes SMS coaching"));
    assert!(html.len() < full.text().len() / 2);
    // A history restore asks for the whole page.
    let res = app
        .call(
            Method::GET,
            "/en/practices?channel=sms",
            &[
                ("hx-request", "true"),
                ("hx-history-restore-request", "true"),
            ],
            None,
        )
        .await;
    assert!(res.text().contains("<html"));
    // The script is served fingerprinted, for a year.
    let path = full
        .text()
        .split("<script src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let js = app.get(&path).await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.header("content-type").starts_with("text/javascript"));
    assert!(js.header("cache-control").contains("immutable"));
    assert_eq!(
        app.get("/static/htmx.000000000000.js").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn search_page_falls_back_to_the_listing_while_indexing() {
    // No engine yet: `search_unavailable`, so the database listing answers.
    let app = app().await;
    let res = app
        .get("/de/practices?q=diabetes&country=ES&outcome=best")
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.text();
    assert!(html.contains("Der Suchindex wird noch aufgebaut"), "{html}");
    assert!(html.contains("Coaching") || html.contains("Diabetes SMS coaching"));
    assert!(
        !html.contains("Application cardiaque"),
        "the country filter still applies"
    );
    // Facets without counts; the ticked outcome stays visible.
    assert!(html.contains("value=\"ES\" checked>"));
    assert!(!html.contains("facet-count"));
    assert!(html.contains("value=\"best\" checked>"));
    let frag = app
        .call(
            Method::GET,
            "/de/practices",
            &[("hx-request", "true")],
            None,
        )
        .await
        .text();
    assert!(frag.contains("Der Suchindex wird noch aufgebaut") && !frag.contains("<html"));
}

// ------------------------------------------------------------ practice form

/// Every visible input, select and textarea of a page has a `<label for>`.
fn assert_inputs_labelled(html: &str) {
    for tag in ["<input ", "<select ", "<textarea "] {
        for piece in html.split(tag).skip(1) {
            let attrs = &piece[..piece.find('>').unwrap_or(piece.len())];
            if attrs.contains("type=\"hidden\"") {
                continue;
            }
            let id = attrs
                .split("id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("no id: {tag}{attrs}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\">")),
                "no label for {id}"
            );
        }
    }
}

/// A contributor's session: (cookie, CSRF token).
async fn contributor(app: &common::App, email: &str) -> (String, String) {
    app.account(email, mhub_core::accounts::Role::Contributor)
        .await;
    app.session(email).await
}

async fn post_form(app: &common::App, uri: &str, session: &str, body: &str) -> common::Res {
    app.call(
        Method::POST,
        uri,
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("cookie", session),
        ],
        Some(body),
    )
    .await
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn the_form_edits_translations_contacts_assessments_and_evidence() {
    let app = app().await;
    let (session, csrf) = contributor(&app, "eva@example.org").await;
    let body = form_body(&[
        ("csrf_token", &csrf),
        ("original_language", "en"),
        ("title", "Heart failure telemonitoring"),
        ("summary", "Daily weight and symptoms sent from home."),
        ("country", "ES"),
        ("texts-new-language", "fr"),
        ("texts-new-title", "Télésurveillance cardiaque"),
        (
            "texts-new-summary",
            "Poids et symptômes envoyés chaque jour.",
        ),
        ("organisations-0-name", "Servicio Andaluz de Salud"),
        ("organisations-0-role", "owner"),
        ("organisations-1-name", "Fundación Progreso y Salud"),
        ("organisations-1-role", "funder"),
        ("organisations-1-country", "es"),
        ("contacts-0-name", "Lucía Pérez"),
        ("contacts-0-email", "lucia@example.org"),
        ("contacts-0-role", "Project lead"),
        ("contacts-1-name", ""),
        ("contacts-1-email", ""),
        ("outcomes-0-measure", "Readmissions"),
        ("outcomes-0-value", "−23 % at one year"),
        (
            "publications-0-citation",
            "Pérez L et al. Telemonitoring in Andalusia. 2021.",
        ),
        ("publications-0-url", "https://example.org/study"),
        ("publications-0-doi", "10.1000/tele.2021"),
        ("assessments-0-framework", "MAST"),
        ("assessments-0-result", "Positive"),
        ("assessments-0-year", "2022"),
        ("assessments-0-url", "https://example.org/mast"),
        ("links-0-url", "https://example.org/video"),
        ("links-0-title", "How it works"),
        ("links-0-kind", "video"),
        ("links-1-kind", "website"),
        ("cdhi_v1", "3.4.5"),
        ("cost_note", "About 40 euros per patient and month."),
        ("notes", "Reach figure from 2022, not confirmed."),
    ]);
    let res = post_form(&app, "/en/submit", &session, &body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let slug = res
        .header("location")
        .trim_start_matches("/en/practices/")
        .trim_end_matches("/edit?done=created")
        .to_string();
    let system = mhub_core::accounts::Actor::system();
    let stored = app.hub.practice(&system, &slug).await.unwrap().practice;
    let c = &stored.content;
    assert_eq!(c.texts["fr"].title, "Télésurveillance cardiaque");
    assert_eq!(c.texts.len(), 2);
    assert_eq!(c.organisations.len(), 2);
    assert_eq!(c.organisations[1].country.as_deref(), Some("ES"));
    assert_eq!(
        c.organisations[1].role,
        mhub_core::practice::OrganisationRole::Funder
    );
    assert_eq!(c.contacts.len(), 1, "the empty row is ignored");
    assert_eq!(c.contacts[0].email.as_deref(), Some("lucia@example.org"));
    assert_eq!(c.contacts[0].role.as_deref(), Some("Project lead"));
    assert_eq!(
        c.evidence.outcomes[0].value.as_deref(),
        Some("−23 % at one year")
    );
    assert_eq!(
        c.evidence.publications[0].doi.as_deref(),
        Some("10.1000/tele.2021")
    );
    assert_eq!(c.assessments[0].year, Some(2022));
    assert_eq!(
        c.assessments[0].url.as_deref(),
        Some("https://example.org/mast")
    );
    assert_eq!(c.links[0].kind, "video");
    assert_eq!(c.links.len(), 1);
    assert_eq!(c.cdhi_v1, vec!["3.4.5".to_string()]);
    assert!(c.funding.cost_note.is_some() && c.notes.is_some());

    // The edit form shows every entry, a fieldset per translation, and empty rows.
    let edit = format!("/en/practices/{slug}/edit");
    let page = app
        .call(Method::GET, &edit, &[("cookie", &session)], None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert_page(&edit, "en", &html);
    assert_inputs_labelled(&html);
    assert!(html.contains("<input type=\"hidden\" name=\"translations\" value=\"fr\">"));
    assert!(html.contains("<legend>French (fr)</legend>"), "{html}");
    assert!(
        html.contains(
            "name=\"texts-fr-title\" type=\"text\" value=\"Télésurveillance cardiaque\" lang=\"fr\""
        ),
        "{html}"
    );
    assert!(html.contains("name=\"contacts-0-email\" type=\"email\" value=\"lucia@example.org\""));
    assert!(html.contains("name=\"contacts-2-name\""), "two empty rows");
    assert!(!html.contains("name=\"contacts-3-name\""));
    assert!(html.contains(
        "name=\"assessments-0-year\" type=\"text\" inputmode=\"numeric\" value=\"2022\""
    ));
    assert!(html.contains("<option value=\"video\" selected>"));
    let version = hidden(&html, "version");

    // Edit: change the French title, add German, drop the contact, change the assessment.
    let body = form_body(&[
        ("csrf_token", &csrf),
        ("version", &version),
        ("original_language", "en"),
        ("title", "Heart failure telemonitoring"),
        ("summary", "Daily weight and symptoms sent from home."),
        ("country", "ES"),
        ("translations", "fr"),
        ("texts-fr-title", "Télésuivi cardiaque"),
        (
            "texts-fr-summary",
            "Poids et symptômes envoyés chaque jour.",
        ),
        ("texts-new-language", "de"),
        ("texts-new-title", "Telemonitoring bei Herzinsuffizienz"),
        ("contacts-0-name", ""),
        ("contacts-0-email", ""),
        ("contacts-0-role", ""),
        ("assessments-0-framework", "MAST"),
        ("assessments-0-year", "2023"),
        (
            "publications-0-citation",
            "Pérez L et al. Telemonitoring in Andalusia. 2021.",
        ),
        ("outcomes-1-measure", "Emergency visits"),
    ]);
    let res = post_form(&app, &edit, &session, &body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let c = app
        .hub
        .practice(&system, &slug)
        .await
        .unwrap()
        .practice
        .content;
    assert_eq!(c.texts["fr"].title, "Télésuivi cardiaque");
    assert_eq!(c.texts["de"].title, "Telemonitoring bei Herzinsuffizienz");
    assert!(c.contacts.is_empty());
    assert_eq!(c.assessments[0].year, Some(2023));
    assert_eq!(c.assessments[0].result, None);
    assert_eq!(c.evidence.publications[0].url, None);
    assert_eq!(c.evidence.outcomes.len(), 1);
    assert_eq!(c.evidence.outcomes[0].measure, "Emergency visits");
    // The API reads the same record.
    let (_, bearer) = app
        .bearer("api@example.org", mhub_core::accounts::Role::Editor)
        .await;
    let api = app
        .call(
            Method::GET,
            &format!("/api/v1/practices/{slug}"),
            &[("authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.text());
    assert!(api.text().contains("Telemonitoring bei Herzinsuffizienz"));

    // Removing a translation: its checkbox.
    let version = hidden(
        &app.call(Method::GET, &edit, &[("cookie", &session)], None)
            .await
            .text(),
        "version",
    );
    let body = form_body(&[
        ("csrf_token", &csrf),
        ("version", &version),
        ("original_language", "en"),
        ("title", "Heart failure telemonitoring"),
        ("summary", "Daily weight and symptoms sent from home."),
        ("country", "ES"),
        ("translations", "de"),
        ("texts-de-title", "Telemonitoring bei Herzinsuffizienz"),
        ("texts-de-remove", "yes"),
        ("translations", "fr"),
        ("texts-fr-title", "Télésuivi cardiaque"),
    ]);
    let res = post_form(&app, &edit, &session, &body).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let c = app
        .hub
        .practice(&system, &slug)
        .await
        .unwrap()
        .practice
        .content;
    assert_eq!(
        c.texts.keys().map(String::as_str).collect::<Vec<_>>(),
        ["en", "fr"]
    );
}

#[tokio::test]
async fn an_invalid_row_comes_back_with_its_values_and_a_field_error() {
    let app = app().await;
    let (session, csrf) = contributor(&app, "noe@example.org").await;
    let body = form_body(&[
        ("csrf_token", &csrf),
        ("original_language", "fr"),
        ("title", "Rappels de vaccination par SMS"),
        ("summary", "Des SMS rappellent les rendez-vous."),
        ("country", "FR"),
        ("texts-new-title", "Vaccination reminders by SMS"),
        ("contacts-0-email", "sans-nom@example.org"),
        ("contacts-1-name", "Chloé Martin"),
        ("contacts-1-email", "pas-une-adresse"),
        ("assessments-0-framework", "MAST"),
        ("assessments-0-year", "bientôt"),
        ("publications-0-url", "https://example.org/rapport"),
        ("outcomes-0-value", "12 %"),
        ("reach_users", "beaucoup"),
    ]);
    let res = post_form(&app, "/fr/submit", &session, &body).await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text()
    );
    let html = res.text();
    assert_page("/fr/submit", "fr", &html);
    assert_inputs_labelled(&html);
    for id in [
        "texts-new-language",
        "contacts-0-name",
        "contacts-1-email",
        "assessments-0-year",
        "publications-0-citation",
        "outcomes-0-measure",
        "reach_users",
    ] {
        assert!(
            html.contains(&format!("<li><a href=\"#{id}\">")),
            "summary links to {id}: {html}"
        );
        assert!(
            html.contains(&format!("id=\"{id}-error\"")),
            "error next to {id}"
        );
    }
    // Localized, naming the row and the field.
    assert!(
        html.contains("Contact 1 – Nom: Ce champ est obligatoire."),
        "{html}"
    );
    assert!(html.contains("Adresse e-mail invalide."));
    assert!(html.contains("Doit être un nombre entier."));
    // Everything typed is still there.
    for value in [
        "value=\"sans-nom@example.org\"",
        "value=\"Chloé Martin\"",
        "value=\"pas-une-adresse\"",
        "value=\"bientôt\"",
        "value=\"MAST\"",
        "value=\"https://example.org/rapport\"",
        "value=\"12 %\"",
        "value=\"beaucoup\"",
        "value=\"Vaccination reminders by SMS\"",
        "value=\"Rappels de vaccination par SMS\"",
    ] {
        assert!(html.contains(value), "kept {value}");
    }
    // Nothing was saved: the only draft is the seeded one.
    let system = mhub_core::accounts::Actor::system();
    let drafts = mhub_core::hub::PracticeQuery {
        status: vec!["draft".into()],
        ..Default::default()
    };
    let all = app.hub.list_practices(&system, &drafts).await.unwrap();
    assert_eq!(all.total, 1);
}

#[tokio::test]
async fn archive_asks_first_then_reopen_brings_a_draft_back_with_the_trail() {
    use mhub_core::curation::Status;
    let app = app().await;
    let system = mhub_core::accounts::Actor::system();
    let slug = "es-diabetes-sms";
    let page = format!("/en/practices/{slug}");
    let action = format!("/en/practices/{slug}/transition");

    // A contributor who does not own it is offered no workflow button and may not archive.
    let (member, member_csrf) = contributor(&app, "other@example.org").await;
    let html = app
        .call(Method::GET, &page, &[("cookie", &member)], None)
        .await
        .text();
    assert!(!html.contains("value=\"archive\""));
    let res = post_form(
        &app,
        &action,
        &member,
        &format!("csrf_token={member_csrf}&action=archive&confirm=yes"),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    app.account("ed@example.org", mhub_core::accounts::Role::Editor)
        .await;
    let (session, csrf) = app.session("ed@example.org").await;
    let html = app
        .call(Method::GET, &page, &[("cookie", &session)], None)
        .await
        .text();
    assert!(html.contains("<input type=\"hidden\" name=\"action\" value=\"archive\">"));
    assert!(
        !html.contains("value=\"reopen\""),
        "published: nothing to reopen"
    );

    // The first post only asks.
    let res = post_form(
        &app,
        &action,
        &session,
        &format!("csrf_token={csrf}&action=archive"),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK);
    let confirm = res.text();
    assert_page(&page, "en", &confirm);
    assert_inputs_labelled(&confirm);
    assert!(
        confirm.contains("Archive “Diabetes SMS coaching”?"),
        "{confirm}"
    );
    assert!(confirm.contains("name=\"confirm\" value=\"yes\""));
    assert!(confirm.contains(&format!("name=\"csrf_token\" value=\"{csrf}\"")));
    assert_eq!(status_of(&app, slug).await, Status::Published);

    let res = post_form(
        &app,
        &action,
        &session,
        &format!("csrf_token={csrf}&action=archive&confirm=yes&reason=Service+ended"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let back = res
        .header("location")
        .split('#')
        .next()
        .unwrap()
        .to_string();
    assert!(back.contains("done=archived"), "{back}");
    assert_eq!(status_of(&app, slug).await, Status::Archived);
    let html = app
        .call(Method::GET, &back, &[("cookie", &session)], None)
        .await
        .text();
    assert!(html.contains("The practice was archived."));
    assert!(html.contains("value=\"reopen\""));
    assert!(!html.contains("value=\"archive\""));
    assert_eq!(
        app.get(&page).await.status,
        StatusCode::NOT_FOUND,
        "gone from the public"
    );

    let res = post_form(
        &app,
        &action,
        &session,
        &format!("csrf_token={csrf}&action=reopen"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.header("location").contains("done=reopened"));
    assert_eq!(status_of(&app, slug).await, Status::Draft);
    let trail = app.hub.transitions(&system, slug).await.unwrap();
    let steps: Vec<_> = trail.iter().map(|t| (t.from, t.to)).collect();
    assert!(
        steps.ends_with(&[
            (Status::Published, Status::Archived),
            (Status::Archived, Status::Draft)
        ]),
        "{steps:?}"
    );
    let archived = &trail[trail.len() - 2];
    assert_eq!(archived.reason.as_deref(), Some("Service ended"));
    assert_eq!(archived.actor_name.as_deref(), Some("ed"));
    let html = app
        .call(Method::GET, &page, &[("cookie", &session)], None)
        .await
        .text();
    assert!(html.contains("Service ended"), "the trail on the page");
    // Reopening twice is refused with the reason on the panel.
    let res = post_form(
        &app,
        &action,
        &session,
        &format!("csrf_token={csrf}&action=reopen"),
    )
    .await;
    assert!(
        res.header("location")
            .contains("problem=only_archived_or_rejected_can_be_reopened")
    );
}

async fn status_of(app: &common::App, slug: &str) -> mhub_core::curation::Status {
    let system = mhub_core::accounts::Actor::system();
    app.hub
        .practice(&system, slug)
        .await
        .unwrap()
        .practice
        .status
}
// ------------------------------------------------------------ keys

/// Keys the templates and page code look up literally, and those built from codes.
fn used_keys() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut keys = std::collections::BTreeSet::new();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["templates", "src/html"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(e.unwrap().path());
        }
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for call in [".t(\"", ".tn(\"", ".ts(\"", ".tns(\""] {
            for piece in text.split(call).skip(1) {
                let key: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                if piece[key.len()..].starts_with('"') && !key.is_empty() {
                    keys.insert(key);
                }
            }
        }
        // Label keys handed around as tuples, e.g. ("field-country", ...).
        for piece in text.split("(\"").skip(1) {
            let key: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let known = ["field-", "group-", "chart-", "sort-", "value-", "filter-"];
            if piece[key.len()..].starts_with('"') && known.iter().any(|p| key.starts_with(p)) {
                keys.insert(key);
            }
        }
    }
    use mhub_core::curation::{CRITERIA, Status};
    for s in Status::ALL {
        keys.insert(format!("status-{}", s.as_str()));
    }
    for (c, _) in CRITERIA {
        keys.insert(format!("criterion-{}", c.replace('_', "-")));
        keys.insert(format!("criterion-{}-help", c.replace('_', "-")));
    }
    for r in ["best", "promising", "changes_requested", "reject"] {
        keys.insert(format!("recommendation-{r}"));
    }
    for r in mhub_core::accounts::Role::ALL {
        keys.insert(format!("role-{}", r.as_str()));
    }
    for k in [
        "outcome-best",
        "outcome-promising",
        "scope-national",
        "scope-subnational",
    ] {
        keys.insert(k.to_string());
    }
    let c = mhub_core::completeness::completeness(&Default::default());
    for f in c.missing {
        keys.insert(format!("completeness-{}", f.replace('.', "-")));
    }
    for (prefix, n) in [("about", 4), ("privacy", 5), ("accessibility", 4)] {
        keys.insert(format!("{prefix}-title"));
        for i in 1..=n {
            keys.insert(format!("{prefix}-p{i}"));
            keys.insert(format!("{prefix}-h{i}"));
        }
    }
    for id in [
        "original-language",
        "title",
        "summary",
        "description",
        "lessons-learned",
        "transferability",
        "country",
        "regions",
        "target-population",
        "ncd-focus",
        "channels",
        "cdhi-v2",
        "cdhi-v1",
        "cost-note",
        "funding-note",
        "notes",
        "application-types",
        "health-system-challenges",
        "stage",
        "lifecycle",
        "start-date",
        "end-date",
        "reach-users",
        "reach-professionals",
        "reach-facilities",
        "reach-scope",
        "reach-note",
        "evidence-level",
        "study-design",
        "outcomes",
        "publications",
        "evidence-note",
        "government-investment",
        "reimbursed",
        "open-source",
        "licence",
        "repository",
        "interoperability",
        "links",
    ] {
        keys.insert(format!("form-{id}"));
    }
    keys.into_iter().collect()
}

/// Message ids defined in one locale's files (no fallback to English).
fn defined_keys(code: &str) -> std::collections::BTreeSet<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../i18n/locales")
        .join(code);
    let mut out = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((k, _)) = line.split_once(" =")
                && k.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                out.insert(k.to_string());
            }
        }
    }
    out
}

#[test]
fn every_locale_has_every_key_the_pages_use() {
    let keys = used_keys();
    assert!(keys.len() > 250, "{}", keys.len());
    let mut missing = Vec::new();
    for code in LANGS {
        let defined = defined_keys(code);
        for k in &keys {
            if !defined.contains(k) {
                missing.push(format!("{code}: {k}"));
            }
        }
    }
    assert!(missing.is_empty(), "missing keys:\n{}", missing.join("\n"));
}

#[test]
fn translations_are_not_english_leftovers() {
    let en = mhub_i18n::Lang::parse("en").unwrap();
    let same_everywhere_ok = [
        "hub-name",
        "nav-api",
        "field-licence",
        "form-licence",
        "form-links",
        "field-links",
        "history-revision",
        "form-section-links",
        "completeness-links",
        "chart-col-year",
        "criterion-transferability",
        "form-transferability",
        "completeness-transferability",
        "review-comment",
        "map-legend-many",
        "form-open-source",
        "field-open-source",
        "scope-national",
    ];
    for code in ["fr", "de", "ru", "es"] {
        let lang = mhub_i18n::Lang::parse(code).unwrap();
        let mut same = Vec::new();
        for k in used_keys() {
            let args: Vec<(&str, mhub_i18n::Arg)> = vec![
                ("count", 3i64.into()),
                ("title", "T".into()),
                ("country", "C".into()),
                ("countries", 2i64.into()),
                ("name", "N".into()),
                ("date", "D".into()),
                ("email", "E".into()),
                ("organisation", "O".into()),
                ("author", "A".into()),
                ("person", "P".into()),
                ("actor", "X".into()),
                ("detail", "Y".into()),
            ];
            let a = mhub_i18n::t_args(en, &k, &args);
            let b = mhub_i18n::t_args(lang, &k, &args);
            if a == b
                && a.chars().any(|c| c.is_alphabetic())
                && !same_everywhere_ok.contains(&k.as_str())
            {
                same.push(format!("{k} = {a}"));
            }
        }
        // A few words are the same in some languages (e.g. "Description", "Region").
        assert!(
            same.len() < 25,
            "{code} looks untranslated:\n{}",
            same.join("\n")
        );
    }
}
