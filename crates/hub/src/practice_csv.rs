//! The CSV form of practices (docs/IMPORT.md): one row per practice, lists
//! joined with `|`, structured lists as JSON cells, text columns per language.
//! Export and import are inverses: a file written here reads back unchanged.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use mhub_core::curation::{Outcome, Status};
use mhub_core::practice::{PracticeContent, PracticeText};
use mhub_core::repo::PracticeRecord;
use serde::Serialize;
use serde::de::DeserializeOwned;

const LANGS: [&str; 5] = ["en", "fr", "de", "ru", "es"];
const TEXT_FIELDS: [&str; 5] = [
    "title",
    "summary",
    "description",
    "lessons_learned",
    "transferability",
];

/// Columns before the per-language text columns, in file order.
const COLUMNS: [&str; 35] = [
    "slug",
    "status",
    "outcome",
    "original_language",
    "country",
    "regions",
    "organisations",
    "contacts",
    "ncd_focus",
    "cdhi_v1",
    "cdhi_v2",
    "health_system_challenges",
    "application_types",
    "channels",
    "target_population",
    "lifecycle",
    "stage",
    "start_date",
    "end_date",
    "reach_users",
    "reach_professionals",
    "reach_facilities",
    "reach_scope",
    "reach_note",
    "evidence_level",
    "evidence_study_design",
    "evidence_note",
    "evidence_outcomes",
    "evidence_publications",
    "funding_government_investment",
    "funding_reimbursed",
    "funding_cost_note",
    "funding_note",
    "licensing",
    "interoperability",
];
const TAIL_COLUMNS: [&str; 4] = ["assessments", "links", "notes", "texts_other"];

pub fn header() -> Vec<String> {
    let mut h: Vec<String> = COLUMNS.iter().map(|s| s.to_string()).collect();
    for lang in LANGS {
        for f in TEXT_FIELDS {
            h.push(format!("{f}_{lang}"));
        }
    }
    h.extend(TAIL_COLUMNS.iter().map(|s| s.to_string()));
    h
}

fn join(list: &[String]) -> String {
    list.join("|")
}

fn json<T: Serialize>(v: &T, empty: bool) -> Result<String> {
    Ok(if empty {
        String::new()
    } else {
        serde_json::to_string(v)?
    })
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub fn write(records: &[PracticeRecord]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header())?;
    for r in records {
        let c = &r.content;
        let mut row: Vec<String> = vec![
            r.slug.clone(),
            r.status.as_str().into(),
            r.outcome
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
            c.original_language.clone(),
            c.country.clone(),
            join(&c.regions),
            json(&c.organisations, c.organisations.is_empty())?,
            json(&c.contacts, c.contacts.is_empty())?,
            join(&c.ncd_focus),
            join(&c.cdhi_v1),
            join(&c.cdhi_v2),
            join(&c.health_system_challenges),
            join(&c.application_types),
            join(&c.channels),
            opt(&c.target_population),
            opt(&c.lifecycle),
            opt(&c.stage),
            opt(&c.start_date),
            opt(&c.end_date),
            opt(&c.reach.users),
            opt(&c.reach.professionals),
            opt(&c.reach.facilities),
            opt(&c.reach.scope),
            opt(&c.reach.note),
            opt(&c.evidence.level),
            opt(&c.evidence.study_design),
            opt(&c.evidence.note),
            json(&c.evidence.outcomes, c.evidence.outcomes.is_empty())?,
            json(&c.evidence.publications, c.evidence.publications.is_empty())?,
            opt(&c.funding.government_investment),
            opt(&c.funding.reimbursed),
            opt(&c.funding.cost_note),
            opt(&c.funding.note),
            json(&c.licensing, c.licensing == Default::default())?,
            join(&c.interoperability),
        ];
        for lang in LANGS {
            let t = c.texts.get(lang);
            for f in TEXT_FIELDS {
                row.push(t.map(|t| text_field(t, f).to_string()).unwrap_or_default());
            }
        }
        let other: BTreeMap<&String, &PracticeText> = c
            .texts
            .iter()
            .filter(|(l, _)| !LANGS.contains(&l.as_str()))
            .collect();
        row.push(json(&c.assessments, c.assessments.is_empty())?);
        row.push(json(&c.links, c.links.is_empty())?);
        row.push(opt(&c.notes));
        row.push(json(&other, other.is_empty())?);
        w.write_record(&row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn text_field<'a>(t: &'a PracticeText, f: &str) -> &'a str {
    match f {
        "title" => &t.title,
        "summary" => &t.summary,
        "description" => &t.description,
        "lessons_learned" => &t.lessons_learned,
        _ => &t.transferability,
    }
}

struct Row<'a> {
    cells: BTreeMap<&'a str, &'a str>,
    line: u64,
    problems: Vec<String>,
}

impl Row<'_> {
    fn s(&self, col: &str) -> String {
        self.cells
            .get(col)
            .map(|s| s.to_string())
            .unwrap_or_default()
    }
    fn opt(&self, col: &str) -> Option<String> {
        Some(self.s(col)).filter(|s| !s.is_empty())
    }
    fn list(&self, col: &str) -> Vec<String> {
        self.s(col)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }
    fn num<T: std::str::FromStr>(&mut self, col: &str) -> Option<T> {
        let v = self.opt(col)?;
        match v.trim().parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.problems.push(format!(
                    "line {}: column {col}: not a number: {v:?}",
                    self.line
                ));
                None
            }
        }
    }
    fn json<T: DeserializeOwned + Default>(&mut self, col: &str) -> T {
        match self.opt(col) {
            None => T::default(),
            Some(v) => serde_json::from_str(&v).unwrap_or_else(|e| {
                self.problems.push(format!(
                    "line {}: column {col}: invalid JSON: {e}",
                    self.line
                ));
                T::default()
            }),
        }
    }
}

/// Reads every row; rows that cannot be read are reported by line and column and left out.
pub fn read(text: &str) -> (Vec<PracticeRecord>, Vec<String>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (Vec::new(), vec![format!("line 1: unreadable header: {e}")]),
    };
    let known = header();
    for h in headers.iter() {
        if !known.iter().any(|k| k == h) {
            problems.push(format!("line 1: unknown column {h:?}"));
        }
    }
    for required in ["slug", "original_language", "country"] {
        if !headers.iter().any(|h| h == required) {
            problems.push(format!("line 1: missing column {required:?}"));
        }
    }
    if !problems.is_empty() {
        return (Vec::new(), problems);
    }
    let mut records = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                problems.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let mut row = Row {
            cells: headers.iter().zip(record.iter()).collect(),
            line,
            problems: Vec::new(),
        };
        let status = match row.opt("status") {
            None => Status::Draft,
            Some(s) => Status::parse(&s).unwrap_or_else(|| {
                row.problems
                    .push(format!("line {line}: column status: unknown value {s:?}"));
                Status::Draft
            }),
        };
        let outcome = row.opt("outcome").and_then(|s| {
            let o = Outcome::parse(&s);
            if o.is_none() {
                row.problems
                    .push(format!("line {line}: column outcome: unknown value {s:?}"));
            }
            o
        });
        let mut texts = BTreeMap::new();
        for lang in LANGS {
            let get = |f: &str| row.s(&format!("{f}_{lang}"));
            let t = PracticeText {
                title: get("title"),
                summary: get("summary"),
                description: get("description"),
                lessons_learned: get("lessons_learned"),
                transferability: get("transferability"),
            };
            if t != PracticeText::default() {
                texts.insert(lang.to_string(), t);
            }
        }
        let other: BTreeMap<String, PracticeText> = row.json("texts_other");
        texts.extend(other);
        let reimbursed = match row.opt("funding_reimbursed").as_deref() {
            None => None,
            Some("true") => Some(true),
            Some("false") => Some(false),
            Some(v) => {
                row.problems.push(format!(
                    "line {line}: column funding_reimbursed: expected true or false, got {v:?}"
                ));
                None
            }
        };
        let mut content = PracticeContent {
            original_language: row.s("original_language"),
            texts,
            country: row.s("country"),
            regions: row.list("regions"),
            organisations: row.json("organisations"),
            contacts: row.json("contacts"),
            ncd_focus: row.list("ncd_focus"),
            cdhi_v1: row.list("cdhi_v1"),
            cdhi_v2: row.list("cdhi_v2"),
            health_system_challenges: row.list("health_system_challenges"),
            application_types: row.list("application_types"),
            channels: row.list("channels"),
            target_population: row.opt("target_population"),
            lifecycle: row.opt("lifecycle"),
            stage: row.opt("stage"),
            start_date: row.opt("start_date"),
            end_date: row.opt("end_date"),
            licensing: row.json("licensing"),
            interoperability: row.list("interoperability"),
            assessments: row.json("assessments"),
            links: row.json("links"),
            notes: row.opt("notes"),
            ..Default::default()
        };
        content.reach.users = row.num("reach_users");
        content.reach.professionals = row.num("reach_professionals");
        content.reach.facilities = row.num("reach_facilities");
        content.reach.scope = row.opt("reach_scope");
        content.reach.note = row.opt("reach_note");
        content.evidence.level = row.opt("evidence_level");
        content.evidence.study_design = row.opt("evidence_study_design");
        content.evidence.note = row.opt("evidence_note");
        content.evidence.outcomes = row.json("evidence_outcomes");
        content.evidence.publications = row.json("evidence_publications");
        content.funding.government_investment = row.opt("funding_government_investment");
        content.funding.reimbursed = reimbursed;
        content.funding.cost_note = row.opt("funding_cost_note");
        content.funding.note = row.opt("funding_note");
        if row.problems.is_empty() {
            records.push(PracticeRecord {
                slug: row.s("slug"),
                status,
                outcome,
                content,
            });
        } else {
            problems.append(&mut row.problems);
        }
    }
    (records, problems)
}

/// Validation problems are numbered by record; in a CSV record 1 is on line 2.
pub fn first_record_line(file: &Path, format: Option<crate::Format>) -> usize {
    if crate::format_of(file, format) == crate::Format::Csv {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_practices_round_trip_through_csv() {
        let records: Vec<PracticeRecord> = serde_json::from_str(crate::DEMO_PRACTICES).unwrap();
        let text = write(&records).unwrap();
        let (back, problems) = read(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, records);
    }

    #[test]
    fn bad_cells_are_reported_by_line_and_column() {
        let text = "slug,original_language,country,reach_users,status\nok,en,ES,12,draft\nbad,en,ES,many,weird\n";
        let (records, problems) = read(text);
        assert_eq!(records.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("line 3: column reach_users")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("line 3: column status")),
            "{problems:?}"
        );
        let (_, header_problems) = read("slug,colour\n");
        assert!(
            header_problems
                .iter()
                .any(|p| p.contains("unknown column \"colour\""))
        );
    }
}
