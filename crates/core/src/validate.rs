//! Validation of practice content against the reference catalog. Every
//! problem is reported, field by field, so a form can show them all at once.

use std::collections::HashSet;

use crate::error::FieldError;
use crate::practice::PracticeContent;
use crate::reference::{self as r, Catalog};

pub const MAX_TITLE: usize = 300;
pub const MAX_SUMMARY: usize = 3_000;
pub const MAX_LONG_TEXT: usize = 50_000;
pub const MAX_SHORT_TEXT: usize = 2_000;
pub const MAX_LIST: usize = 50;
pub const MAX_URL: usize = 2_000;

struct Check<'a> {
    catalog: &'a Catalog,
    errors: Vec<FieldError>,
}

impl Check<'_> {
    fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        if required && value.trim().is_empty() {
            self.errors.push(FieldError::new(field, "required"));
        }
        if value.chars().count() > max {
            self.errors
                .push(FieldError::new(field, "too_long").with("max", max));
        }
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.errors
                .push(FieldError::new(field, "control_characters"));
        }
    }

    fn opt_text(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, false, max);
        }
    }

    fn codes(&mut self, field: &str, vocabulary: &str, codes: &[String]) {
        if codes.len() > MAX_LIST {
            self.errors
                .push(FieldError::new(field, "too_many").with("max", MAX_LIST));
        }
        let mut seen = HashSet::new();
        for (i, code) in codes.iter().enumerate() {
            if !self.catalog.has(vocabulary, code) {
                self.errors.push(
                    FieldError::new(format!("{field}[{i}]"), "unknown_code").with("code", code),
                );
            } else if !seen.insert(code) {
                self.errors
                    .push(FieldError::new(format!("{field}[{i}]"), "duplicate").with("code", code));
            }
        }
    }

    fn code(&mut self, field: &str, vocabulary: &str, code: &Option<String>) {
        if let Some(c) = code
            && !self.catalog.has(vocabulary, c)
        {
            self.errors
                .push(FieldError::new(field, "unknown_code").with("code", c));
        }
    }

    fn url(&mut self, field: &str, url: &str) {
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > 10
            && url.len() <= MAX_URL
            && !url.chars().any(char::is_whitespace);
        if !ok {
            self.errors.push(FieldError::new(field, "invalid_url"));
        }
    }

    fn count(&mut self, field: &str, n: Option<i64>) {
        if let Some(n) = n
            && !(0..=10_000_000_000).contains(&n)
        {
            self.errors.push(
                FieldError::new(field, "out_of_range")
                    .with("min", 0)
                    .with("max", 10_000_000_000_i64),
            );
        }
    }

    fn list_len<T>(&mut self, field: &str, list: &[T]) {
        if list.len() > MAX_LIST {
            self.errors
                .push(FieldError::new(field, "too_many").with("max", MAX_LIST));
        }
    }
}

/// A language code: two or three lower-case ASCII letters (ISO 639-1/3).
pub fn is_language_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day.
pub fn parse_partial_date(s: &str) -> Option<(i32, u8, u8)> {
    let parts: Vec<&str> = s.split('-').collect();
    let year: i32 = parts.first().filter(|p| p.len() == 4)?.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month: u8 = match parts.get(1) {
        Some(m) if m.len() == 2 => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        Some(_) => return None,
        None => 0,
    };
    let day: u8 = match parts.get(2) {
        Some(d) if d.len() == 2 => {
            let d: u8 = d.parse().ok()?;
            let m = time::Month::try_from(month).ok()?;
            (d >= 1 && d <= m.length(year)).then_some(d)?
        }
        Some(_) => return None,
        None => 0,
    };
    (parts.len() <= 3).then_some((year, month, day))
}

pub fn validate_practice(content: &PracticeContent, catalog: &Catalog) -> Vec<FieldError> {
    let mut c = Check {
        catalog,
        errors: Vec::new(),
    };

    if !is_language_code(&content.original_language) {
        c.errors
            .push(FieldError::new("original_language", "invalid_language"));
    } else if !content.texts.contains_key(&content.original_language) {
        c.errors.push(
            FieldError::new(
                format!("texts.{}.title", content.original_language),
                "required",
            )
            .with("lang", &content.original_language),
        );
    }
    if content.texts.len() > 30 {
        c.errors
            .push(FieldError::new("texts", "too_many").with("max", 30));
    }
    for (lang, t) in &content.texts {
        if !is_language_code(lang) {
            c.errors
                .push(FieldError::new(format!("texts.{lang}"), "invalid_language"));
            continue;
        }
        let original = *lang == content.original_language;
        c.text(&format!("texts.{lang}.title"), &t.title, true, MAX_TITLE);
        c.text(
            &format!("texts.{lang}.summary"),
            &t.summary,
            original,
            MAX_SUMMARY,
        );
        c.text(
            &format!("texts.{lang}.description"),
            &t.description,
            false,
            MAX_LONG_TEXT,
        );
        c.text(
            &format!("texts.{lang}.lessons_learned"),
            &t.lessons_learned,
            false,
            MAX_LONG_TEXT,
        );
        c.text(
            &format!("texts.{lang}.transferability"),
            &t.transferability,
            false,
            MAX_LONG_TEXT,
        );
    }

    if content.country.is_empty() {
        c.errors.push(FieldError::new("country", "required"));
    } else if catalog.country(&content.country).is_none()
        || content.country != content.country.to_ascii_uppercase()
    {
        c.errors
            .push(FieldError::new("country", "unknown_country").with("code", &content.country));
    }
    c.list_len("regions", &content.regions);
    for (i, region) in content.regions.iter().enumerate() {
        c.text(&format!("regions[{i}]"), region, true, 120);
    }
    c.list_len("organisations", &content.organisations);
    for (i, o) in content.organisations.iter().enumerate() {
        c.text(&format!("organisations[{i}].name"), &o.name, true, 200);
        if let Some(cc) = &o.country
            && catalog.country(cc).is_none()
        {
            // Partners may come from outside the Region; only the shape is checked then.
            if cc.len() != 2 || !cc.bytes().all(|b| b.is_ascii_uppercase()) {
                c.errors.push(FieldError::new(
                    format!("organisations[{i}].country"),
                    "unknown_country",
                ));
            }
        }
    }
    c.list_len("contacts", &content.contacts);
    for (i, contact) in content.contacts.iter().enumerate() {
        c.text(&format!("contacts[{i}].name"), &contact.name, true, 200);
        if let Some(e) = &contact.email {
            let valid = e.len() <= 254
                && e.split_once('@')
                    .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
            if !valid {
                c.errors.push(FieldError::new(
                    format!("contacts[{i}].email"),
                    "invalid_email",
                ));
            }
        }
        c.opt_text(&format!("contacts[{i}].role"), &contact.role, 200);
    }

    c.codes("ncd_focus", r::NCD_FOCUS, &content.ncd_focus);
    c.codes("cdhi_v1", r::CDHI_V1, &content.cdhi_v1);
    c.codes("cdhi_v2", r::CDHI_V2, &content.cdhi_v2);
    c.codes(
        "health_system_challenges",
        r::CHALLENGE,
        &content.health_system_challenges,
    );
    c.codes(
        "application_types",
        r::APPLICATION_TYPE,
        &content.application_types,
    );
    c.codes("channels", r::CHANNEL, &content.channels);
    c.codes(
        "interoperability",
        r::INTEROPERABILITY,
        &content.interoperability,
    );
    c.opt_text(
        "target_population",
        &content.target_population,
        MAX_SHORT_TEXT,
    );
    c.code("stage", r::STAGE, &content.stage);
    c.code("lifecycle", r::LIFECYCLE, &content.lifecycle);

    let start = content
        .start_date
        .as_deref()
        .map(|d| (d, parse_partial_date(d)));
    let end = content
        .end_date
        .as_deref()
        .map(|d| (d, parse_partial_date(d)));
    if let Some((_, None)) = start {
        c.errors.push(FieldError::new("start_date", "invalid_date"));
    }
    if let Some((_, None)) = end {
        c.errors.push(FieldError::new("end_date", "invalid_date"));
    }
    if let (Some((s, Some(_))), Some((e, Some(_)))) = (start, end)
        && e < s
        && !s.starts_with(e)
    {
        c.errors.push(FieldError::new("end_date", "before_start"));
    }

    c.count("reach.users", content.reach.users);
    c.count("reach.professionals", content.reach.professionals);
    c.count("reach.facilities", content.reach.facilities);
    if let Some(scope) = &content.reach.scope
        && scope != "national"
        && scope != "subnational"
    {
        c.errors
            .push(FieldError::new("reach.scope", "unknown_code").with("code", scope));
    }
    c.opt_text("reach.note", &content.reach.note, MAX_SHORT_TEXT);

    c.code("evidence.level", r::EVIDENCE_LEVEL, &content.evidence.level);
    c.opt_text("evidence.study_design", &content.evidence.study_design, 500);
    c.opt_text("evidence.note", &content.evidence.note, MAX_SHORT_TEXT);
    c.list_len("evidence.outcomes", &content.evidence.outcomes);
    for (i, o) in content.evidence.outcomes.iter().enumerate() {
        c.text(
            &format!("evidence.outcomes[{i}].measure"),
            &o.measure,
            true,
            500,
        );
        c.opt_text(&format!("evidence.outcomes[{i}].value"), &o.value, 500);
    }
    c.list_len("evidence.publications", &content.evidence.publications);
    for (i, p) in content.evidence.publications.iter().enumerate() {
        c.text(
            &format!("evidence.publications[{i}].citation"),
            &p.citation,
            true,
            MAX_SHORT_TEXT,
        );
        if let Some(u) = &p.url {
            c.url(&format!("evidence.publications[{i}].url"), u);
        }
        c.opt_text(&format!("evidence.publications[{i}].doi"), &p.doi, 200);
    }

    c.code(
        "funding.government_investment",
        r::GOVERNMENT_INVESTMENT,
        &content.funding.government_investment,
    );
    c.opt_text(
        "funding.cost_note",
        &content.funding.cost_note,
        MAX_SHORT_TEXT,
    );
    c.opt_text("funding.note", &content.funding.note, MAX_SHORT_TEXT);
    c.opt_text("licensing.licence", &content.licensing.licence, 200);
    if let Some(u) = &content.licensing.repository {
        c.url("licensing.repository", u);
    }

    c.list_len("assessments", &content.assessments);
    for (i, a) in content.assessments.iter().enumerate() {
        c.text(
            &format!("assessments[{i}].framework"),
            &a.framework,
            true,
            200,
        );
        c.opt_text(&format!("assessments[{i}].result"), &a.result, 500);
        if let Some(y) = a.year
            && !(1990..=2100).contains(&y)
        {
            c.errors.push(
                FieldError::new(format!("assessments[{i}].year"), "out_of_range")
                    .with("min", 1990)
                    .with("max", 2100),
            );
        }
        if let Some(u) = &a.url {
            c.url(&format!("assessments[{i}].url"), u);
        }
    }
    c.list_len("links", &content.links);
    for (i, l) in content.links.iter().enumerate() {
        c.url(&format!("links[{i}].url"), &l.url);
        c.opt_text(&format!("links[{i}].title"), &l.title, 300);
        if !["website", "source", "attachment", "video", "report"].contains(&l.kind.as_str()) {
            c.errors.push(
                FieldError::new(format!("links[{i}].kind"), "unknown_code").with("code", &l.kind),
            );
        }
    }
    c.opt_text("notes", &content.notes, MAX_SHORT_TEXT);
    c.errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates() {
        assert_eq!(parse_partial_date("2019"), Some((2019, 0, 0)));
        assert_eq!(parse_partial_date("2019-02"), Some((2019, 2, 0)));
        assert_eq!(parse_partial_date("2020-02-29"), Some((2020, 2, 29)));
        assert_eq!(parse_partial_date("2019-02-29"), None);
        assert_eq!(parse_partial_date("2019-13"), None);
        assert_eq!(parse_partial_date("19"), None);
        assert_eq!(parse_partial_date("2019-01-01-01"), None);
    }
}
