//! Submitting and editing a practice: one form in sections with inline help,
//! errors next to each field and in a summary at the top, nothing typed lost.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mhub_core::completeness::completeness;
use mhub_core::practice::{
    Link, MeasuredOutcome, OrganisationLink, OrganisationRole, PracticeContent, Publication,
};
use mhub_core::reference::{self as r, Catalog};
use mhub_core::{CoreError, FieldError};
use mhub_i18n::Lang;

use super::account::require_sign_in;
use super::forms::{self, SummaryError};
use super::pages::{SelectOption, lang_or_404};
use super::{Chrome, HtmlError, OrPage, Ui, html};
use crate::AppState;
use crate::extract::actor::Auth;
use crate::extract::{CurrentActor, QueryPairs};

type PageResult = Result<Response, HtmlError>;

pub struct FormField {
    pub id: &'static str,
    pub label: String,
    pub help: String,
    /// text, textarea, select, multi, checks, radio, number, url
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<SelectOption>,
    pub rows: u8,
    pub required: bool,
    pub error: Option<String>,
}

pub struct Section {
    pub id: &'static str,
    pub heading: String,
    pub intro: String,
    pub fields: Vec<FormField>,
}

#[derive(Template)]
#[template(path = "editor.html")]
struct EditorPage {
    chrome: Chrome,
    heading: String,
    action: String,
    csrf: String,
    version: Option<i64>,
    sections: Vec<Section>,
    errors: Vec<SummaryError>,
    completeness: u8,
    missing: Vec<String>,
    note: String,
    notice: Option<String>,
    submit_action: Option<String>,
    practice_href: Option<String>,
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// Reads the form into `base` (the stored record when editing, so fields the form
/// does not show are kept). Numbers that do not parse are field errors.
fn content_from_form(
    form: &QueryPairs,
    mut c: PracticeContent,
) -> (PracticeContent, Vec<FieldError>) {
    let mut errors = Vec::new();
    let t = |n: &str| forms::text(form, n);
    let lang = t("original_language");
    let old_lang = c.original_language.clone();
    let mut text = c.texts.get(&old_lang).cloned().unwrap_or_default();
    text.title = t("title");
    text.summary = t("summary");
    text.description = t("description");
    text.lessons_learned = t("lessons_learned");
    text.transferability = t("transferability");
    if c.texts.is_empty() || old_lang.is_empty() {
        c.texts.clear();
    }
    c.texts.insert(lang.clone(), text);
    c.original_language = lang;
    c.country = t("country");
    c.regions = t("regions")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut orgs = Vec::new();
    for (field, role) in [
        ("org_owner", OrganisationRole::Owner),
        ("org_partners", OrganisationRole::Partner),
        ("org_funders", OrganisationRole::Funder),
    ] {
        for name in lines(&t(field)) {
            let country = c
                .organisations
                .iter()
                .find(|o| o.name == name && o.role == role)
                .and_then(|o| o.country.clone());
            orgs.push(OrganisationLink {
                name,
                role,
                country,
            });
        }
    }
    c.organisations = orgs;
    c.ncd_focus = forms::all(form, "ncd_focus");
    c.channels = forms::all(form, "channels");
    c.cdhi_v2 = forms::all(form, "cdhi_v2");
    c.application_types = forms::all(form, "application_types");
    c.health_system_challenges = forms::all(form, "health_system_challenges");
    c.interoperability = forms::all(form, "interoperability");
    c.target_population = opt(t("target_population"));
    c.stage = opt(t("stage"));
    c.lifecycle = opt(t("lifecycle"));
    c.start_date = opt(t("start_date"));
    c.end_date = opt(t("end_date"));
    let mut number = |name: &'static str, field: &str| -> Option<i64> {
        let v = t(name).replace([' ', '\u{a0}', ','], "");
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                errors.push(FieldError::new(field, "not_an_integer"));
                None
            }
        }
    };
    c.reach.users = number("reach_users", "reach.users");
    c.reach.professionals = number("reach_professionals", "reach.professionals");
    c.reach.facilities = number("reach_facilities", "reach.facilities");
    c.reach.scope = opt(t("reach_scope"));
    c.reach.note = opt(t("reach_note"));
    c.evidence.level = opt(t("evidence_level"));
    c.evidence.study_design = opt(t("study_design"));
    c.evidence.note = opt(t("evidence_note"));
    c.evidence.outcomes = lines(&t("outcomes"))
        .into_iter()
        .map(|l| match l.split_once(':') {
            Some((m, v)) if !v.trim().is_empty() => MeasuredOutcome {
                measure: m.trim().to_string(),
                value: Some(v.trim().to_string()),
            },
            _ => MeasuredOutcome {
                measure: l,
                value: None,
            },
        })
        .collect();
    c.evidence.publications = lines(&t("publications"))
        .into_iter()
        .map(|l| {
            let (citation, url) = match l.rsplit_once(' ') {
                Some((a, u)) if u.starts_with("http://") || u.starts_with("https://") => {
                    (a.trim().to_string(), Some(u.to_string()))
                }
                _ => (l.clone(), None),
            };
            let doi = c
                .evidence
                .publications
                .iter()
                .find(|p| p.citation == citation)
                .and_then(|p| p.doi.clone());
            Publication { citation, url, doi }
        })
        .collect();
    c.funding.government_investment = opt(t("government_investment"));
    let yes_no = |v: String| match v.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    c.funding.reimbursed = yes_no(t("reimbursed"));
    c.licensing.open_source = yes_no(t("open_source"));
    c.licensing.licence = opt(t("licence"));
    c.licensing.repository = opt(t("repository"));
    c.links = lines(&t("links"))
        .into_iter()
        .map(|l| {
            let (url, title) = match l.split_once(char::is_whitespace) {
                Some((u, rest)) => (u.to_string(), opt(rest.trim().to_string())),
                None => (l.clone(), None),
            };
            let kind = c
                .links
                .iter()
                .find(|x| x.url == url)
                .map(|x| x.kind.clone())
                .unwrap_or_else(|| "website".into());
            Link { url, title, kind }
        })
        .collect();
    (c, errors)
}

/// Which input an error from validation belongs to.
fn input_for(field: &str) -> &'static str {
    if let Some(rest) = field.strip_prefix("texts.") {
        return match rest.rsplit('.').next() {
            Some("title") => "title",
            Some("summary") => "summary",
            Some("description") => "description",
            Some("lessons_learned") => "lessons_learned",
            Some("transferability") => "transferability",
            _ => "original_language",
        };
    }
    let head = field.split('[').next().unwrap_or(field);
    match head {
        "texts" | "original_language" => "original_language",
        "country" => "country",
        "regions" => "regions",
        "organisations" => "org_owner",
        "ncd_focus" => "ncd_focus",
        "channels" => "channels",
        "cdhi_v1" | "cdhi_v2" => "cdhi_v2",
        "application_types" => "application_types",
        "health_system_challenges" => "health_system_challenges",
        "interoperability" => "interoperability",
        "target_population" => "target_population",
        "stage" => "stage",
        "lifecycle" => "lifecycle",
        "start_date" => "start_date",
        "end_date" => "end_date",
        "reach.users" => "reach_users",
        "reach.professionals" => "reach_professionals",
        "reach.facilities" => "reach_facilities",
        "reach.scope" => "reach_scope",
        "reach.note" => "reach_note",
        "evidence.level" => "evidence_level",
        "evidence.study_design" => "study_design",
        "evidence.outcomes" => "outcomes",
        "evidence.publications" => "publications",
        "evidence.note" => "evidence_note",
        "funding.government_investment" => "government_investment",
        "funding.reimbursed" => "reimbursed",
        "licensing.open_source" => "open_source",
        "licensing.licence" => "licence",
        "licensing.repository" => "repository",
        "links" => "links",
        _ => "title",
    }
}

fn choices(catalog: &Catalog, vocab: &str, l: &str, chosen: &[String]) -> Vec<SelectOption> {
    super::pages::options(
        catalog.terms(vocab).iter().map(|t| {
            let label = if vocab == r::CDHI_V2 || vocab == r::CDHI_V1 {
                format!("{} {}", t.code, t.label(l))
            } else {
                t.label(l).to_string()
            };
            (t.code.clone(), label)
        }),
        chosen,
    )
}

fn sections(ui: Ui, catalog: &Catalog, c: &PracticeContent) -> Vec<Section> {
    let l = ui.code();
    let text = c
        .texts
        .get(&c.original_language)
        .cloned()
        .unwrap_or_default();
    let one = |v: &Option<String>| v.clone().into_iter().collect::<Vec<_>>();
    let f = |id: &'static str, kind: &'static str, value: String| FormField {
        id,
        label: ui.t(&format!("form-{}", id.replace('_', "-"))),
        help: {
            let key = format!("form-{}-help", id.replace('_', "-"));
            if mhub_i18n::has(Lang::default(), &key) {
                ui.t(&key)
            } else {
                String::new()
            }
        },
        kind,
        value,
        options: Vec::new(),
        rows: 4,
        required: false,
        error: None,
    };
    let with = |mut field: FormField, options: Vec<SelectOption>| {
        field.options = options;
        field
    };
    let rows = |mut field: FormField, n: u8| {
        field.rows = n;
        field
    };
    let required = |mut field: FormField| {
        field.required = true;
        field
    };
    let orgs = |role: OrganisationRole| {
        c.organisations
            .iter()
            .filter(|o| o.role == role)
            .map(|o| o.name.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let yes_no = |v: Option<bool>| {
        let chosen = match v {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        [
            ("yes", "value-yes"),
            ("no", "value-no"),
            ("", "value-unknown"),
        ]
        .iter()
        .map(|(v, k)| SelectOption {
            value: v.to_string(),
            label: ui.t(k),
            selected: *v == chosen,
        })
        .collect::<Vec<_>>()
    };
    let mut languages: Vec<SelectOption> = mhub_i18n::LANGUAGES
        .iter()
        .map(|code| SelectOption {
            value: code.to_string(),
            label: super::pages::language_name(ui, code),
            selected: *code == c.original_language,
        })
        .collect();
    if !c.original_language.is_empty()
        && !mhub_i18n::LANGUAGES.contains(&c.original_language.as_str())
    {
        languages.push(SelectOption {
            value: c.original_language.clone(),
            label: c.original_language.clone(),
            selected: true,
        });
    }
    let mut countries = super::pages::options(
        catalog
            .countries()
            .iter()
            .map(|x| (x.iso2.clone(), x.name(l).to_string())),
        std::slice::from_ref(&c.country),
    );
    countries.sort_by(|a, b| a.label.cmp(&b.label));
    let scopes = ["national", "subnational"]
        .iter()
        .map(|s| SelectOption {
            value: s.to_string(),
            label: ui.t(&format!("scope-{s}")),
            selected: c.reach.scope.as_deref() == Some(s),
        })
        .collect();
    vec![
        Section {
            id: "describe",
            heading: ui.t("form-section-describe"),
            intro: ui.t("form-section-describe-help"),
            fields: vec![
                required(with(
                    f("original_language", "select", String::new()),
                    languages,
                )),
                required(f("title", "text", text.title.clone())),
                rows(required(f("summary", "textarea", text.summary.clone())), 3),
                rows(f("description", "textarea", text.description.clone()), 10),
                rows(
                    f("lessons_learned", "textarea", text.lessons_learned.clone()),
                    4,
                ),
                rows(
                    f("transferability", "textarea", text.transferability.clone()),
                    4,
                ),
            ],
        },
        Section {
            id: "where",
            heading: ui.t("form-section-where"),
            intro: ui.t("form-section-where-help"),
            fields: vec![
                required(with(f("country", "select", String::new()), countries)),
                f("regions", "text", c.regions.join(", ")),
                rows(f("org_owner", "textarea", orgs(OrganisationRole::Owner)), 2),
                rows(
                    f("org_partners", "textarea", orgs(OrganisationRole::Partner)),
                    3,
                ),
                rows(
                    f("org_funders", "textarea", orgs(OrganisationRole::Funder)),
                    2,
                ),
                f(
                    "target_population",
                    "text",
                    c.target_population.clone().unwrap_or_default(),
                ),
            ],
        },
        Section {
            id: "what",
            heading: ui.t("form-section-what"),
            intro: ui.t("form-section-what-help"),
            fields: vec![
                with(
                    f("ncd_focus", "checks", String::new()),
                    choices(catalog, r::NCD_FOCUS, l, &c.ncd_focus),
                ),
                with(
                    f("channels", "checks", String::new()),
                    choices(catalog, r::CHANNEL, l, &c.channels),
                ),
                rows(
                    with(
                        f("cdhi_v2", "multi", String::new()),
                        choices(catalog, r::CDHI_V2, l, &c.cdhi_v2),
                    ),
                    8,
                ),
                rows(
                    with(
                        f("application_types", "multi", String::new()),
                        choices(catalog, r::APPLICATION_TYPE, l, &c.application_types),
                    ),
                    6,
                ),
                rows(
                    with(
                        f("health_system_challenges", "multi", String::new()),
                        choices(catalog, r::CHALLENGE, l, &c.health_system_challenges),
                    ),
                    6,
                ),
            ],
        },
        Section {
            id: "when",
            heading: ui.t("form-section-when"),
            intro: ui.t("form-section-when-help"),
            fields: vec![
                with(
                    f("stage", "select", String::new()),
                    choices(catalog, r::STAGE, l, &one(&c.stage)),
                ),
                with(
                    f("lifecycle", "select", String::new()),
                    choices(catalog, r::LIFECYCLE, l, &one(&c.lifecycle)),
                ),
                f(
                    "start_date",
                    "text",
                    c.start_date.clone().unwrap_or_default(),
                ),
                f("end_date", "text", c.end_date.clone().unwrap_or_default()),
                f(
                    "reach_users",
                    "number",
                    c.reach.users.map(|n| n.to_string()).unwrap_or_default(),
                ),
                f(
                    "reach_professionals",
                    "number",
                    c.reach
                        .professionals
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
                f(
                    "reach_facilities",
                    "number",
                    c.reach
                        .facilities
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                ),
                with(f("reach_scope", "select", String::new()), scopes),
                f(
                    "reach_note",
                    "text",
                    c.reach.note.clone().unwrap_or_default(),
                ),
            ],
        },
        Section {
            id: "evidence",
            heading: ui.t("form-section-evidence"),
            intro: ui.t("form-section-evidence-help"),
            fields: vec![
                with(
                    f("evidence_level", "select", String::new()),
                    choices(catalog, r::EVIDENCE_LEVEL, l, &one(&c.evidence.level)),
                ),
                f(
                    "study_design",
                    "text",
                    c.evidence.study_design.clone().unwrap_or_default(),
                ),
                rows(
                    f(
                        "outcomes",
                        "textarea",
                        c.evidence
                            .outcomes
                            .iter()
                            .map(|o| match &o.value {
                                Some(v) => format!("{}: {v}", o.measure),
                                None => o.measure.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    3,
                ),
                rows(
                    f(
                        "publications",
                        "textarea",
                        c.evidence
                            .publications
                            .iter()
                            .map(|p| match &p.url {
                                Some(u) => format!("{} {u}", p.citation),
                                None => p.citation.clone(),
                            })
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    3,
                ),
                rows(
                    f(
                        "evidence_note",
                        "textarea",
                        c.evidence.note.clone().unwrap_or_default(),
                    ),
                    2,
                ),
            ],
        },
        Section {
            id: "funding",
            heading: ui.t("form-section-funding"),
            intro: ui.t("form-section-funding-help"),
            fields: vec![
                with(
                    f("government_investment", "select", String::new()),
                    choices(
                        catalog,
                        r::GOVERNMENT_INVESTMENT,
                        l,
                        &one(&c.funding.government_investment),
                    ),
                ),
                with(
                    f("reimbursed", "radio", String::new()),
                    yes_no(c.funding.reimbursed),
                ),
                with(
                    f("open_source", "radio", String::new()),
                    yes_no(c.licensing.open_source),
                ),
                f(
                    "licence",
                    "text",
                    c.licensing.licence.clone().unwrap_or_default(),
                ),
                f(
                    "repository",
                    "url",
                    c.licensing.repository.clone().unwrap_or_default(),
                ),
                with(
                    f("interoperability", "checks", String::new()),
                    choices(catalog, r::INTEROPERABILITY, l, &c.interoperability),
                ),
            ],
        },
        Section {
            id: "links",
            heading: ui.t("form-section-links"),
            intro: ui.t("form-section-links-help"),
            fields: vec![rows(
                f(
                    "links",
                    "textarea",
                    c.links
                        .iter()
                        .map(|x| match &x.title {
                            Some(t) => format!("{} {t}", x.url),
                            None => x.url.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                4,
            )],
        },
    ]
}

fn csrf_of(actor: &CurrentActor) -> String {
    match &actor.auth {
        Auth::Session { csrf, .. } => csrf.clone(),
        _ => String::new(),
    }
}

struct Editing<'a> {
    slug: Option<&'a str>,
    version: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    ui: Ui,
    actor: &CurrentActor,
    catalog: &Catalog,
    content: &PracticeContent,
    editing: Editing<'_>,
    errors: &[FieldError],
    note: String,
    notice: Option<String>,
    can_submit: bool,
) -> EditorPage {
    let l = ui.code();
    let mut secs = sections(ui, catalog, content);
    let mut summary = Vec::new();
    for e in errors {
        let id = input_for(&e.field);
        let msg = forms::message(ui, e);
        let mut label = String::new();
        for s in &mut secs {
            for f in &mut s.fields {
                if f.id == id {
                    label = f.label.clone();
                    f.error = Some(match f.error.take() {
                        Some(prev) if prev != msg => format!("{prev} {msg}"),
                        _ => msg.clone(),
                    });
                }
            }
        }
        let href = format!("#{id}");
        let text = format!("{label}: {msg}");
        if !summary.iter().any(|s: &SummaryError| s.text == text) {
            summary.push(SummaryError { href, text });
        }
    }
    let score = completeness(content);
    let (heading, action, path) = match editing.slug {
        Some(slug) => (
            ui.t("editor-edit-title"),
            format!("/{l}/practices/{slug}/edit"),
            format!("/practices/{slug}/edit"),
        ),
        None => (
            ui.t("editor-new-title"),
            format!("/{l}/submit"),
            "/submit".to_string(),
        ),
    };
    EditorPage {
        chrome: Chrome::new(ui.lang, heading.clone(), &path)
            .with(actor)
            .section("submit"),
        heading,
        action,
        csrf: csrf_of(actor),
        version: editing.version,
        sections: secs,
        errors: summary,
        completeness: score.score,
        missing: score
            .missing
            .iter()
            .map(|f| ui.t(&format!("completeness-{}", f.replace('.', "-"))))
            .collect(),
        note,
        notice,
        submit_action: editing
            .slug
            .filter(|_| can_submit)
            .map(|s| format!("/{l}/practices/{s}/transition")),
        practice_href: editing.slug.map(|s| format!("/{l}/practices/{s}")),
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/submit") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let content = PracticeContent {
        original_language: lang.code().to_string(),
        ..Default::default()
    };
    let page = editor_page(
        ui,
        &actor,
        &state.hub.catalog(),
        &content,
        Editing {
            slug: None,
            version: None,
        },
        &[],
        String::new(),
        None,
        false,
    );
    Ok(html(StatusCode::OK, page.render()))
}

pub async fn create(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    actor.require().or_page(lang)?;
    let form = forms::parse(&body);
    let (content, mut errors) = content_from_form(&form, PracticeContent::default());
    let note = forms::text(&form, "note");
    if errors.is_empty() {
        match state
            .hub
            .create_practice(&actor.actor, content.clone(), opt(note.clone()))
            .await
        {
            Ok(p) => {
                return Ok(forms::see_other(&format!(
                    "/{}/practices/{}/edit?done=created",
                    lang.code(),
                    p.slug
                )));
            }
            Err(CoreError::Validation(errs)) => errors = errs,
            Err(e) => {
                return Err(HtmlError {
                    lang,
                    err: e.into(),
                });
            }
        }
    }
    let page = editor_page(
        ui,
        &actor,
        &state.hub.catalog(),
        &content,
        Editing {
            slug: None,
            version: None,
        },
        &errors,
        note,
        None,
        false,
    );
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
}

pub async fn edit_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/practices/{slug}/edit")) {
        return Ok(r);
    }
    let ui = Ui { lang };
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    if !view.can_edit {
        return Err(HtmlError {
            lang,
            err: CoreError::Forbidden.into(),
        });
    }
    let notice = match q.one("done").ok().flatten().as_deref() {
        Some("created") => Some(ui.t("notice-created")),
        Some("saved") => Some(ui.t("notice-saved")),
        _ => None,
    };
    let page = editor_page(
        ui,
        &actor,
        &state.hub.catalog(),
        &view.practice.content,
        Editing {
            slug: Some(&slug),
            version: Some(view.practice.version),
        },
        &[],
        String::new(),
        notice,
        view.practice.status.owner_may_edit(),
    );
    Ok(html(StatusCode::OK, page.render()))
}

pub async fn update(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    let form = forms::parse(&body);
    let version = forms::text(&form, "version").parse::<i64>().ok();
    let (content, mut errors) = content_from_form(&form, view.practice.content.clone());
    let note = forms::text(&form, "note");
    if errors.is_empty() {
        match state
            .hub
            .update_practice(
                &actor.actor,
                &slug,
                version,
                content.clone(),
                opt(note.clone()),
            )
            .await
        {
            Ok(p) => {
                return Ok(forms::see_other(&format!(
                    "/{}/practices/{}/edit?done=saved",
                    lang.code(),
                    p.slug
                )));
            }
            Err(CoreError::Validation(errs)) => errors = errs,
            Err(CoreError::StaleVersion { .. }) => {
                errors = vec![FieldError::new("title", "stale_version")];
            }
            Err(e) => {
                return Err(HtmlError {
                    lang,
                    err: e.into(),
                });
            }
        }
    }
    let page = editor_page(
        ui,
        &actor,
        &state.hub.catalog(),
        &content,
        Editing {
            slug: Some(&slug),
            version,
        },
        &errors,
        note,
        None,
        false,
    );
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
}
