//! Submitting and editing a practice: one form in sections with inline help,
//! errors next to each field and in a summary at the top, nothing typed lost.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mhub_core::completeness::completeness;
use mhub_core::practice::{
    AssessmentLabel, Contact, Link, MeasuredOutcome, OrganisationLink, OrganisationRole,
    PracticeContent, PracticeText, Publication,
};
use mhub_core::reference::{self as r, Catalog};
use mhub_core::requests::RequestKind;
use mhub_core::validate::{MAX_LIST, is_language_code, validate_practice};
use mhub_core::{CoreError, FieldError};
use mhub_i18n::Lang;

use super::account::require_sign_in;
use super::forms::{self, SummaryError};
use super::pages::{SelectOption, lang_or_404};
use super::{Chrome, HtmlError, OrPage, Ui, html};
use crate::AppState;
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
    pub groups: Vec<RowGroup>,
}

/// One input of a repeating group or a translation; its id is also its name.
pub struct RowInput {
    pub id: String,
    pub label: String,
    pub help: String,
    /// text, textarea, select, checkbox, url, email, number
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<SelectOption>,
    /// Label of a first, empty option of a select; none when a value is always chosen.
    pub empty_option: Option<String>,
    pub rows: u8,
    pub required: bool,
    /// Language of a translation's text.
    pub lang: Option<String>,
    pub error: Option<String>,
}

/// One entry of a group (an organisation, a contact, a translation…): a fieldset.
pub struct Row {
    pub legend: String,
    /// Hidden inputs as (name, value).
    pub hidden: Vec<(String, String)>,
    pub inputs: Vec<RowInput>,
}

/// Entries of one kind: the stored ones, then empty rows to add more.
pub struct RowGroup {
    pub heading: String,
    pub help: String,
    pub rows: Vec<Row>,
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
    /// An owner proposing an update of a published practice, not saving it.
    propose: bool,
    minor: bool,
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The text fields of a language, in the order the form shows them.
const TEXT_FIELDS: [&str; 5] = [
    "title",
    "summary",
    "description",
    "lessons_learned",
    "transferability",
];

/// Empty rows shown under the entries of each repeating group, to add more without JavaScript.
const EMPTY_ROWS: usize = 2;

/// Repeating groups: the form name of each, its columns, and the core field path of its entries.
const ORGANISATIONS: (&str, [&str; 3]) = ("organisations", ["name", "role", "country"]);
const CONTACTS: (&str, [&str; 3]) = ("contacts", ["name", "email", "role"]);
const OUTCOMES: (&str, [&str; 2]) = ("outcomes", ["measure", "value"]);
const PUBLICATIONS: (&str, [&str; 3]) = ("publications", ["citation", "url", "doi"]);
const ASSESSMENTS: (&str, [&str; 4]) = ("assessments", ["framework", "result", "year", "url"]);
const LINKS: (&str, [&str; 3]) = ("links", ["url", "title", "kind"]);
const LINK_KINDS: [&str; 5] = ["website", "source", "attachment", "video", "report"];

/// The input name of a group cell: `contacts-2-email`.
fn cell(group: &str, row: usize, column: &str) -> String {
    format!("{group}-{row}-{column}")
}

/// The rows of a group as posted, in order, each as its column values; rows whose
/// `filled` columns are all empty are left out (select columns always have a value).
/// One more row than validation allows is kept, so that "too many" is reported.
fn posted_rows(
    form: &QueryPairs,
    group: &str,
    columns: &[&str],
    filled: &[&str],
) -> Vec<BTreeMap<String, String>> {
    let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
    for (k, v) in &form.0 {
        if let Some((n, column)) = k
            .strip_prefix(group)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| r.split_once('-'))
            && columns.contains(&column)
            && let Ok(n) = n.parse::<usize>()
        {
            rows.entry(n)
                .or_default()
                .entry(column.to_string())
                .or_insert_with(|| v.trim().to_string());
        }
    }
    rows.into_values()
        .filter(|row| {
            filled
                .iter()
                .any(|c| row.get(*c).is_some_and(|v| !v.is_empty()))
        })
        .take(MAX_LIST + 1)
        .collect()
}

fn column(row: &BTreeMap<String, String>, name: &str) -> String {
    row.get(name).cloned().unwrap_or_default()
}

/// The five texts posted under `prefix` (`texts-fr` → `texts-fr-title`, …).
fn posted_text(form: &QueryPairs, prefix: &str) -> PracticeText {
    let t = |f: &str| forms::text(form, &format!("{prefix}-{f}"));
    PracticeText {
        title: t("title"),
        summary: t("summary"),
        description: t("description"),
        lessons_learned: t("lessons_learned"),
        transferability: t("transferability"),
    }
}

fn text_field(t: &PracticeText, field: &str) -> String {
    match field {
        "title" => t.title.clone(),
        "summary" => t.summary.clone(),
        "description" => t.description.clone(),
        "lessons_learned" => t.lessons_learned.clone(),
        _ => t.transferability.clone(),
    }
}

fn is_blank(t: &PracticeText) -> bool {
    TEXT_FIELDS.iter().all(|f| text_field(t, f).is_empty())
}

/// What the form said: the record, the errors found while reading it, and typed
/// values the record cannot hold (a year that is not a number), by input id, so
/// the page shows them again as typed.
struct Posted {
    content: PracticeContent,
    errors: Vec<FieldError>,
    typed: BTreeMap<String, String>,
}

/// Reads the form into `base` (the stored record when editing). The form shows
/// every field of the record, so what it posts is what is saved; the texts are
/// exactly the original and the translations shown.
fn content_from_form(form: &QueryPairs, mut c: PracticeContent) -> Posted {
    let mut errors = Vec::new();
    let mut typed = BTreeMap::new();
    let t = |n: &str| forms::text(form, n);
    let old_lang = c.original_language.clone();
    let mut lang = t("original_language");
    let original = PracticeText {
        title: t("title"),
        summary: t("summary"),
        description: t("description"),
        lessons_learned: t("lessons_learned"),
        transferability: t("transferability"),
    };
    // Translations shown on the form, each named by a hidden `translations` input.
    let mut texts = BTreeMap::new();
    let mut shown = Vec::new();
    for code in forms::all(form, "translations") {
        if !is_language_code(&code) || shown.contains(&code) || shown.len() > MAX_LIST {
            continue;
        }
        shown.push(code.clone());
        let prefix = format!("texts-{code}");
        let text = posted_text(form, &prefix);
        if t(&format!("{prefix}-remove")) == "yes" || is_blank(&text) {
            continue;
        }
        texts.insert(code, text);
    }
    if texts.contains_key(&lang) {
        // The original cannot take the place of a translation still on the form.
        errors.push(FieldError::new("original_language", "translation_exists"));
        typed.insert("original_language".to_string(), lang.clone());
        lang = old_lang;
    }
    // A translation added in the empty fieldset.
    let added = posted_text(form, "texts-new");
    if !is_blank(&added) {
        let code = t("texts-new-language");
        let problem = if code.is_empty() {
            Some("required")
        } else if !is_language_code(&code) {
            Some("invalid_language")
        } else if code == lang || texts.contains_key(&code) {
            Some("translation_exists")
        } else {
            None
        };
        match problem {
            None => {
                texts.insert(code, added);
            }
            Some(problem) => {
                errors.push(FieldError::new("texts.new.language", problem));
                typed.insert("texts-new-language".to_string(), code);
                for f in TEXT_FIELDS {
                    typed.insert(format!("texts-new-{f}"), text_field(&added, f));
                }
            }
        }
    }
    texts.insert(lang.clone(), original);
    c.texts = texts;
    c.original_language = lang;
    c.country = t("country");
    c.regions = t("regions")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let (group, columns) = ORGANISATIONS;
    c.organisations = posted_rows(form, group, &columns, &["name", "country"])
        .iter()
        .map(|row| OrganisationLink {
            name: column(row, "name"),
            role: OrganisationRole::parse(&column(row, "role"))
                .unwrap_or(OrganisationRole::Partner),
            country: opt(column(row, "country").to_ascii_uppercase()),
        })
        .collect();
    let (group, columns) = CONTACTS;
    c.contacts = posted_rows(form, group, &columns, &columns)
        .iter()
        .map(|row| Contact {
            name: column(row, "name"),
            email: opt(column(row, "email")),
            role: opt(column(row, "role")),
        })
        .collect();
    c.ncd_focus = forms::all(form, "ncd_focus");
    c.channels = forms::all(form, "channels");
    c.cdhi_v1 = forms::all(form, "cdhi_v1");
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
        let raw = t(name);
        let v = raw.replace([' ', '\u{a0}', ','], "");
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => {
                errors.push(FieldError::new(field, "not_an_integer"));
                typed.insert(name.to_string(), raw);
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
    let (group, columns) = OUTCOMES;
    c.evidence.outcomes = posted_rows(form, group, &columns, &columns)
        .iter()
        .map(|row| MeasuredOutcome {
            measure: column(row, "measure"),
            value: opt(column(row, "value")),
        })
        .collect();
    let (group, columns) = PUBLICATIONS;
    c.evidence.publications = posted_rows(form, group, &columns, &columns)
        .iter()
        .map(|row| Publication {
            citation: column(row, "citation"),
            url: opt(column(row, "url")),
            doi: opt(column(row, "doi")),
        })
        .collect();
    c.funding.government_investment = opt(t("government_investment"));
    let yes_no = |v: String| match v.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    c.funding.reimbursed = yes_no(t("reimbursed"));
    c.funding.cost_note = opt(t("cost_note"));
    c.funding.note = opt(t("funding_note"));
    c.licensing.open_source = yes_no(t("open_source"));
    c.licensing.licence = opt(t("licence"));
    c.licensing.repository = opt(t("repository"));
    let (group, columns) = ASSESSMENTS;
    c.assessments = posted_rows(form, group, &columns, &columns)
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let raw = column(row, "year");
            let year = match raw.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) if raw.is_empty() => None,
                Err(_) => {
                    errors.push(FieldError::new(
                        format!("assessments[{i}].year"),
                        "not_an_integer",
                    ));
                    typed.insert(cell(group, i, "year"), raw);
                    None
                }
            };
            AssessmentLabel {
                framework: column(row, "framework"),
                result: opt(column(row, "result")),
                year,
                url: opt(column(row, "url")),
            }
        })
        .collect();
    let (group, columns) = LINKS;
    c.links = posted_rows(form, group, &columns, &["url", "title"])
        .iter()
        .map(|row| Link {
            url: column(row, "url"),
            title: opt(column(row, "title")),
            kind: opt(column(row, "kind")).unwrap_or_else(|| "website".into()),
        })
        .collect();
    c.notes = opt(t("notes"));
    Posted {
        content: c,
        errors,
        typed,
    }
}

/// Which input an error from validation belongs to: the id of the input, which is
/// also its name. `original` is the record's original language, whose texts have
/// the inputs `title`, `summary`, …; other languages' texts are `texts-fr-title`.
fn input_for(field: &str, original: &str) -> String {
    if let Some(rest) = field.strip_prefix("texts.") {
        let (lang, part) = rest.split_once('.').unwrap_or((rest, "title"));
        let part = if TEXT_FIELDS.contains(&part) || part == "language" {
            part
        } else {
            "title"
        };
        return if lang == original && part != "language" {
            part.to_string()
        } else {
            format!("texts-{lang}-{part}")
        };
    }
    let path = field.strip_prefix("evidence.").unwrap_or(field);
    let groups: [(&str, &str); 6] = [
        (ORGANISATIONS.0, "name"),
        (CONTACTS.0, "name"),
        (OUTCOMES.0, "measure"),
        (PUBLICATIONS.0, "citation"),
        (ASSESSMENTS.0, "framework"),
        (LINKS.0, "url"),
    ];
    for (group, first) in groups {
        if path == group {
            // The whole list, e.g. too many entries: its first input.
            return cell(group, 0, first);
        }
        if let Some((n, column)) = path
            .strip_prefix(group)
            .and_then(|r| r.strip_prefix('['))
            .and_then(|r| r.split_once("]."))
        {
            return format!("{group}-{n}-{column}");
        }
    }
    let head = field.split('[').next().unwrap_or(field);
    match head {
        "texts" | "original_language" => "original_language",
        "country" => "country",
        "regions" => "regions",
        "ncd_focus" => "ncd_focus",
        "channels" => "channels",
        "cdhi_v1" => "cdhi_v1",
        "cdhi_v2" => "cdhi_v2",
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
        "evidence.note" => "evidence_note",
        "funding.government_investment" => "government_investment",
        "funding.reimbursed" => "reimbursed",
        "funding.cost_note" => "cost_note",
        "funding.note" => "funding_note",
        "licensing.open_source" => "open_source",
        "licensing.licence" => "licence",
        "licensing.repository" => "repository",
        "notes" => "notes",
        _ => "title",
    }
    .to_string()
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

/// A column of a repeating group: how each of its cells is shown.
struct Column {
    name: &'static str,
    label: String,
    help: String,
    kind: &'static str,
    options: Vec<SelectOption>,
    rows: u8,
}

fn column_of(name: &'static str, label: String, kind: &'static str) -> Column {
    Column {
        name,
        label,
        help: String::new(),
        kind,
        options: Vec::new(),
        rows: 2,
    }
}

fn row_input(id: String, label: String, kind: &'static str, value: String) -> RowInput {
    RowInput {
        id,
        label,
        help: String::new(),
        kind,
        value,
        options: Vec::new(),
        empty_option: None,
        rows: 3,
        required: false,
        lang: None,
        error: None,
    }
}

/// The rows of a group: one per entry (its values in column order), then
/// `EMPTY_ROWS` empty ones whose selects start at `defaults`.
fn group_rows(
    group: &str,
    columns: &[Column],
    entries: Vec<Vec<String>>,
    defaults: Vec<String>,
    legend: impl Fn(i64) -> String,
) -> Vec<Row> {
    let empty = std::iter::repeat_n(defaults, EMPTY_ROWS);
    entries
        .into_iter()
        .chain(empty)
        .enumerate()
        .map(|(i, values)| Row {
            legend: legend(i as i64 + 1),
            hidden: Vec::new(),
            inputs: columns
                .iter()
                .zip(values.into_iter().chain(std::iter::repeat(String::new())))
                .map(|(col, value)| RowInput {
                    help: col.help.clone(),
                    options: col
                        .options
                        .iter()
                        .map(|o| SelectOption {
                            selected: o.value == value,
                            ..o.clone()
                        })
                        .collect(),
                    rows: col.rows,
                    ..row_input(cell(group, i, col.name), col.label.clone(), col.kind, value)
                })
                .collect(),
        })
        .collect()
}

fn text_inputs(ui: Ui, prefix: &str, text: &PracticeText, lang: Option<&str>) -> Vec<RowInput> {
    let labels = [
        ui.t("form-title"),
        ui.t("form-summary"),
        ui.t("form-description"),
        ui.t("form-lessons-learned"),
        ui.t("form-transferability"),
    ];
    TEXT_FIELDS
        .iter()
        .zip(labels)
        .map(|(f, label)| {
            let kind = if *f == "title" { "text" } else { "textarea" };
            RowInput {
                rows: if *f == "description" { 6 } else { 3 },
                lang: lang.map(str::to_string),
                ..row_input(format!("{prefix}-{f}"), label, kind, text_field(text, f))
            }
        })
        .collect()
}

/// One fieldset per translation, then an empty one to add a translation.
fn translation_rows(ui: Ui, c: &PracticeContent) -> Vec<Row> {
    let mut rows: Vec<Row> = c
        .texts
        .iter()
        .filter(|(code, _)| **code != c.original_language)
        .map(|(code, text)| {
            let mut inputs = text_inputs(ui, &format!("texts-{code}"), text, Some(code));
            if let Some(title) = inputs.first_mut() {
                title.required = true;
            }
            inputs.push(RowInput {
                value: "yes".into(),
                ..row_input(
                    format!("texts-{code}-remove"),
                    ui.t("form-translation-remove"),
                    "checkbox",
                    String::new(),
                )
            });
            let name = super::pages::language_name(ui, code);
            Row {
                // Languages without a name in the interface are shown by their code.
                legend: if name == *code {
                    name
                } else {
                    format!("{name} ({code})")
                },
                hidden: vec![("translations".into(), code.clone())],
                inputs,
            }
        })
        .collect();
    let mut inputs = vec![RowInput {
        help: ui.t("form-translation-language-help"),
        options: mhub_i18n::LANGUAGES
            .iter()
            .filter(|code| !c.texts.contains_key(**code))
            .map(|code| SelectOption {
                value: code.to_string(),
                label: super::pages::language_name(ui, code),
                selected: false,
            })
            .collect(),
        empty_option: Some(ui.t("form-choose")),
        ..row_input(
            "texts-new-language".into(),
            ui.t("form-translation-language"),
            "select",
            String::new(),
        )
    }];
    inputs.extend(text_inputs(ui, "texts-new", &PracticeText::default(), None));
    rows.push(Row {
        legend: ui.t("form-translation-new"),
        hidden: Vec::new(),
        inputs,
    });
    rows
}

fn sections(ui: Ui, catalog: &Catalog, c: &PracticeContent) -> Vec<Section> {
    let l = ui.code();
    let text = c
        .texts
        .get(&c.original_language)
        .cloned()
        .unwrap_or_default();
    let one = |v: &Option<String>| v.clone().into_iter().collect::<Vec<_>>();
    let val = |v: &Option<String>| v.clone().unwrap_or_default();
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

    let organisations = {
        let roles = [
            ("owner", ui.t("form-organisation-role-owner")),
            ("partner", ui.t("form-organisation-role-partner")),
            ("funder", ui.t("form-organisation-role-funder")),
        ];
        let columns = [
            column_of("name", ui.t("form-organisation-name"), "text"),
            Column {
                options: roles
                    .iter()
                    .map(|(v, label)| SelectOption {
                        value: v.to_string(),
                        label: label.clone(),
                        selected: false,
                    })
                    .collect(),
                ..column_of("role", ui.t("form-organisation-role"), "select")
            },
            Column {
                help: ui.t("form-organisation-country-help"),
                ..column_of("country", ui.t("form-organisation-country"), "text")
            },
        ];
        let has_owner = c
            .organisations
            .iter()
            .any(|o| o.role == OrganisationRole::Owner);
        let default_role = if has_owner { "partner" } else { "owner" };
        RowGroup {
            heading: ui.t("form-organisations"),
            help: ui.t("form-organisations-help"),
            rows: group_rows(
                ORGANISATIONS.0,
                &columns,
                c.organisations
                    .iter()
                    .map(|o| vec![o.name.clone(), o.role.as_str().to_string(), val(&o.country)])
                    .collect(),
                vec![String::new(), default_role.to_string()],
                |n| ui.tn("form-organisation-row", n),
            ),
        }
    };
    let contacts = {
        let columns = [
            column_of("name", ui.t("form-contact-name"), "text"),
            column_of("email", ui.t("form-contact-email"), "email"),
            column_of("role", ui.t("form-contact-role"), "text"),
        ];
        RowGroup {
            heading: ui.t("form-contacts"),
            help: ui.t("form-contacts-help"),
            rows: group_rows(
                CONTACTS.0,
                &columns,
                c.contacts
                    .iter()
                    .map(|x| vec![x.name.clone(), val(&x.email), val(&x.role)])
                    .collect(),
                Vec::new(),
                |n| ui.tn("form-contact-row", n),
            ),
        }
    };
    let outcomes = {
        let columns = [
            column_of("measure", ui.t("form-outcome-measure"), "text"),
            Column {
                help: ui.t("form-outcome-value-help"),
                ..column_of("value", ui.t("form-outcome-value"), "text")
            },
        ];
        RowGroup {
            heading: ui.t("form-outcomes"),
            help: ui.t("form-outcomes-group-help"),
            rows: group_rows(
                OUTCOMES.0,
                &columns,
                c.evidence
                    .outcomes
                    .iter()
                    .map(|o| vec![o.measure.clone(), val(&o.value)])
                    .collect(),
                Vec::new(),
                |n| ui.tn("form-outcome-row", n),
            ),
        }
    };
    let publications = {
        let columns = [
            column_of("citation", ui.t("form-publication-citation"), "textarea"),
            column_of("url", ui.t("form-publication-url"), "url"),
            Column {
                help: ui.t("form-publication-doi-help"),
                ..column_of("doi", ui.t("form-publication-doi"), "text")
            },
        ];
        RowGroup {
            heading: ui.t("form-publications"),
            help: ui.t("form-publications-group-help"),
            rows: group_rows(
                PUBLICATIONS.0,
                &columns,
                c.evidence
                    .publications
                    .iter()
                    .map(|p| vec![p.citation.clone(), val(&p.url), val(&p.doi)])
                    .collect(),
                Vec::new(),
                |n| ui.tn("form-publication-row", n),
            ),
        }
    };
    let assessments = {
        let columns = [
            Column {
                help: ui.t("form-assessment-framework-help"),
                ..column_of("framework", ui.t("form-assessment-framework"), "text")
            },
            column_of("result", ui.t("form-assessment-result"), "text"),
            column_of("year", ui.t("form-assessment-year"), "number"),
            column_of("url", ui.t("form-assessment-url"), "url"),
        ];
        RowGroup {
            heading: ui.t("form-assessments"),
            help: ui.t("form-assessments-help"),
            rows: group_rows(
                ASSESSMENTS.0,
                &columns,
                c.assessments
                    .iter()
                    .map(|a| {
                        vec![
                            a.framework.clone(),
                            val(&a.result),
                            a.year.map(|y| y.to_string()).unwrap_or_default(),
                            val(&a.url),
                        ]
                    })
                    .collect(),
                Vec::new(),
                |n| ui.tn("form-assessment-row", n),
            ),
        }
    };
    let links = {
        let kinds = [
            ui.t("form-link-kind-website"),
            ui.t("form-link-kind-source"),
            ui.t("form-link-kind-attachment"),
            ui.t("form-link-kind-video"),
            ui.t("form-link-kind-report"),
        ];
        let columns = [
            column_of("url", ui.t("form-link-url"), "url"),
            column_of("title", ui.t("form-link-title"), "text"),
            Column {
                options: LINK_KINDS
                    .iter()
                    .zip(kinds)
                    .map(|(v, label)| SelectOption {
                        value: v.to_string(),
                        label,
                        selected: false,
                    })
                    .collect(),
                ..column_of("kind", ui.t("form-link-kind"), "select")
            },
        ];
        RowGroup {
            heading: ui.t("form-links"),
            help: ui.t("form-links-group-help"),
            rows: group_rows(
                LINKS.0,
                &columns,
                c.links
                    .iter()
                    .map(|x| vec![x.url.clone(), val(&x.title), x.kind.clone()])
                    .collect(),
                vec![String::new(), String::new(), "website".to_string()],
                |n| ui.tn("form-link-row", n),
            ),
        }
    };
    let translations = RowGroup {
        heading: ui.t("form-translations"),
        help: ui.t("form-translations-help"),
        rows: translation_rows(ui, c),
    };

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
            groups: Vec::new(),
        },
        Section {
            id: "translations",
            heading: ui.t("form-section-translations"),
            intro: ui.t("form-section-translations-help"),
            fields: Vec::new(),
            groups: vec![translations],
        },
        Section {
            id: "where",
            heading: ui.t("form-section-where"),
            intro: ui.t("form-section-where-help"),
            fields: vec![
                required(with(f("country", "select", String::new()), countries)),
                f("regions", "text", c.regions.join(", ")),
                f("target_population", "text", val(&c.target_population)),
            ],
            groups: vec![organisations],
        },
        Section {
            id: "contacts",
            heading: ui.t("form-section-contacts"),
            intro: ui.t("form-section-contacts-help"),
            fields: Vec::new(),
            groups: vec![contacts],
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
                        f("cdhi_v1", "multi", String::new()),
                        choices(catalog, r::CDHI_V1, l, &c.cdhi_v1),
                    ),
                    6,
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
            groups: Vec::new(),
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
                f("start_date", "text", val(&c.start_date)),
                f("end_date", "text", val(&c.end_date)),
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
                f("reach_note", "text", val(&c.reach.note)),
            ],
            groups: Vec::new(),
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
                f("study_design", "text", val(&c.evidence.study_design)),
                rows(f("evidence_note", "textarea", val(&c.evidence.note)), 2),
            ],
            groups: vec![outcomes, publications, assessments],
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
                rows(f("cost_note", "textarea", val(&c.funding.cost_note)), 2),
                rows(f("funding_note", "textarea", val(&c.funding.note)), 2),
                with(
                    f("open_source", "radio", String::new()),
                    yes_no(c.licensing.open_source),
                ),
                f("licence", "text", val(&c.licensing.licence)),
                f("repository", "url", val(&c.licensing.repository)),
                with(
                    f("interoperability", "checks", String::new()),
                    choices(catalog, r::INTEROPERABILITY, l, &c.interoperability),
                ),
            ],
            groups: Vec::new(),
        },
        Section {
            id: "links",
            heading: ui.t("form-section-links"),
            intro: ui.t("form-section-links-help"),
            fields: Vec::new(),
            groups: vec![links],
        },
        Section {
            id: "notes",
            heading: ui.t("form-section-notes"),
            intro: ui.t("form-section-notes-help"),
            fields: vec![rows(f("notes", "textarea", val(&c.notes)), 3)],
            groups: Vec::new(),
        },
    ]
}

struct Editing<'a> {
    slug: Option<&'a str>,
    version: Option<i64>,
    /// Proposing an update (and whether it is marked minor).
    propose: Option<bool>,
}

fn add_error(error: &mut Option<String>, msg: &str) {
    *error = Some(match error.take() {
        Some(prev) if prev != msg => format!("{prev} {msg}"),
        _ => msg.to_string(),
    });
}

/// Puts an error next to the input `id`; returns how the summary names that input.
fn place_error(secs: &mut [Section], id: &str, msg: &str) -> Option<String> {
    for s in secs {
        for f in &mut s.fields {
            if f.id == id {
                add_error(&mut f.error, msg);
                return Some(f.label.clone());
            }
        }
        for row in s.groups.iter_mut().flat_map(|g| g.rows.iter_mut()) {
            for input in &mut row.inputs {
                if input.id == id {
                    add_error(&mut input.error, msg);
                    return Some(format!("{} – {}", row.legend, input.label));
                }
            }
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn editor_page(
    ui: Ui,
    actor: &CurrentActor,
    catalog: &Catalog,
    content: &PracticeContent,
    editing: Editing<'_>,
    errors: &[FieldError],
    typed: &BTreeMap<String, String>,
    note: String,
    notice: Option<String>,
    can_submit: bool,
) -> EditorPage {
    let l = ui.code();
    let mut secs = sections(ui, catalog, content);
    // Typed values the record could not hold are shown as typed.
    for s in &mut secs {
        for f in &mut s.fields {
            if let Some(v) = typed.get(f.id) {
                f.value = v.clone();
                for o in &mut f.options {
                    o.selected = o.value == *v;
                }
            }
        }
        for input in s
            .groups
            .iter_mut()
            .flat_map(|g| g.rows.iter_mut())
            .flat_map(|r| r.inputs.iter_mut())
        {
            if let Some(v) = typed.get(&input.id) {
                input.value = v.clone();
                for o in &mut input.options {
                    o.selected = o.value == *v;
                }
            }
        }
    }
    // The summary lists the errors in the order of the inputs on the page.
    let order: Vec<String> = secs
        .iter()
        .flat_map(|s| {
            s.fields.iter().map(|f| f.id.to_string()).chain(
                s.groups
                    .iter()
                    .flat_map(|g| g.rows.iter())
                    .flat_map(|r| r.inputs.iter())
                    .map(|i| i.id.clone()),
            )
        })
        .collect();
    let mut summary = Vec::new();
    for e in errors {
        let msg = forms::message(ui, e);
        let mut id = input_for(&e.field, &content.original_language);
        let mut label = place_error(&mut secs, &id, &msg);
        if label.is_none() {
            id = "title".to_string();
            label = place_error(&mut secs, &id, &msg);
        }
        let href = format!("#{id}");
        let text = format!("{}: {msg}", label.unwrap_or_default());
        if !summary.iter().any(|s: &SummaryError| s.text == text) {
            summary.push(SummaryError { href, text });
        }
    }
    summary.sort_by_key(|s| {
        order
            .iter()
            .position(|id| s.href.strip_prefix('#') == Some(id.as_str()))
    });
    let score = completeness(content);
    let (heading, action, path) = match editing.slug {
        Some(slug) if editing.propose.is_some() => (
            ui.t("propose-title"),
            format!("/{l}/practices/{slug}/edit"),
            format!("/practices/{slug}/edit"),
        ),
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
        csrf: forms::csrf_of(actor),
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
        propose: editing.propose.is_some(),
        minor: editing.propose.unwrap_or(false),
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
    state.hub.may_create_practice(&actor.actor).or_page(lang)?;
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
            propose: None,
        },
        &[],
        &BTreeMap::new(),
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
    let Posted {
        content,
        mut errors,
        typed,
    } = content_from_form(&form, PracticeContent::default());
    if !errors.is_empty() {
        // Show the record's own problems beside those of reading the form, all at once.
        errors.extend(validate_practice(&content, &state.hub.catalog()));
    }
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
            propose: None,
        },
        &errors,
        &typed,
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
    // The owner of a published practice proposes an update instead, starting
    // from their own pending proposal when there is one.
    let proposing = !view.can_edit && view.can_propose_update;
    if !view.can_edit && !proposing {
        let err = view
            .edit_refusal
            .clone()
            .map_or(CoreError::Forbidden, CoreError::Refused);
        return Err(HtmlError {
            lang,
            err: err.into(),
        });
    }
    let mine = view
        .pending_requests
        .iter()
        .find(|r| r.kind == RequestKind::Update && r.author_id == actor.actor.id());
    let content = match mine.and_then(|r| r.content.as_ref()) {
        Some(c) if proposing => c,
        _ => &view.practice.content,
    };
    let notice = match q.one("done").ok().flatten().as_deref() {
        Some("created") => Some(ui.t("notice-created")),
        Some("saved") => Some(ui.t("notice-saved")),
        _ => None,
    };
    let page = editor_page(
        ui,
        &actor,
        &state.hub.catalog(),
        content,
        Editing {
            slug: Some(&slug),
            version: Some(view.practice.version),
            propose: proposing.then(|| mine.is_some_and(|r| r.minor)),
        },
        &[],
        &BTreeMap::new(),
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
    let Posted {
        content,
        mut errors,
        typed,
    } = content_from_form(&form, view.practice.content.clone());
    if !errors.is_empty() {
        // Show the record's own problems beside those of reading the form, all at once.
        errors.extend(validate_practice(&content, &state.hub.catalog()));
    }
    let note = forms::text(&form, "note");
    let proposing = !view.can_edit && view.can_propose_update;
    let minor = !forms::text(&form, "minor").is_empty();
    if errors.is_empty() && proposing {
        match state
            .hub
            .propose_update(
                &actor.actor,
                &slug,
                version,
                content.clone(),
                opt(note.clone()),
                minor,
            )
            .await
        {
            Ok(_) => {
                return Ok(forms::see_other(&format!(
                    "/{}/practices/{slug}?done=proposed",
                    lang.code()
                )));
            }
            Err(CoreError::Validation(errs)) => errors = errs,
            // Changed since the form was opened: say so on the form, keep what was typed.
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
    } else if errors.is_empty() {
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
            propose: proposing.then_some(minor),
        },
        &errors,
        &typed,
        note,
        None,
        false,
    );
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
}
