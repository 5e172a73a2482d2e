//! The practice record: the heart of the registry.
//!
//! `PracticeContent` is everything an owner edits. It is the shape of the API's
//! create/update body, of every revision snapshot and of the import/export
//! files, so a record round-trips through all of them unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::curation::{Outcome, Status};

/// Text fields written per language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeText {
    pub title: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub summary: String,
    /// Markdown.
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub lessons_learned: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub transferability: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationRole {
    Owner,
    Partner,
    Funder,
}

impl OrganisationRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationRole::Owner => "owner",
            OrganisationRole::Partner => "partner",
            OrganisationRole::Funder => "funder",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "owner" => Some(Self::Owner),
            "partner" => Some(Self::Partner),
            "funder" => Some(Self::Funder),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationLink {
    pub name: String,
    pub role: OrganisationRole,
    /// ISO alpha-2; defaults to the practice's country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Shown to signed-in users only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub professionals: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilities: Option<i64>,
    /// `national` or `subnational`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuredOutcome {
    pub measure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    pub citation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Code of the `evidence_level` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_design: Option<String>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub outcomes: Vec<MeasuredOutcome>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub publications: Vec<Publication>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Code of the `government_investment` vocabulary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_investment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reimbursed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licensing {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_source: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentLabel {
    pub framework: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `website`, `source`, `attachment`, `video`, `report`.
    #[serde(default = "default_link_kind", deserialize_with = "null_as_link_kind")]
    pub kind: String,
}

fn default_link_kind() -> String {
    "website".to_string()
}

/// `null` for an optional field means the same as leaving it out: the API
/// documents these fields as nullable, and clients that serialize absent
/// values as `null` should not be refused.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn null_as_link_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_else(default_link_kind))
}

/// Everything an owner edits; see the module comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeContent {
    /// Language the record was written in; its text must be present.
    pub original_language: String,
    /// Text per language code (en, fr, de, ru, es or any other ISO 639-1).
    pub texts: BTreeMap<String, PracticeText>,
    /// ISO alpha-2 of one of the 53 countries.
    pub country: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub regions: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub organisations: Vec<OrganisationLink>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub contacts: Vec<Contact>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub ncd_focus: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub cdhi_v1: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub cdhi_v2: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub health_system_challenges: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub application_types: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub channels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_population: Option<String>,
    /// Code of `implementation_stage` ("1".."10").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// Code of `lifecycle` (pilot, scale_up, routine, ended).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub reach: Reach,
    #[serde(default, deserialize_with = "null_as_default")]
    pub evidence: Evidence,
    #[serde(default, deserialize_with = "null_as_default")]
    pub funding: Funding,
    #[serde(default, deserialize_with = "null_as_default")]
    pub licensing: Licensing,
    /// Codes of `interoperability_standard`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub interoperability: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub assessments: Vec<AssessmentLabel>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub links: Vec<Link>,
    /// Curator notes on uncertain facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl PracticeContent {
    /// Text in `lang`, else in the original language; the flag says whether it fell back.
    pub fn text_for(&self, lang: &str) -> Option<(&str, &PracticeText, bool)> {
        if let Some((l, t)) = self.texts.get_key_value(lang) {
            return Some((l.as_str(), t, false));
        }
        self.texts
            .get_key_value(&self.original_language)
            .or_else(|| self.texts.iter().next())
            .map(|(l, t)| (l.as_str(), t, true))
    }

    pub fn start_year(&self) -> Option<i32> {
        self.start_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok())
    }
}

/// A stored practice: content plus what the Hub keeps about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Practice {
    pub id: i64,
    pub slug: String,
    pub status: Status,
    pub outcome: Option<Outcome>,
    /// Increases on every save; the ETag of the record.
    pub version: i64,
    pub created_by: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
    pub content: PracticeContent,
}

/// Filters of the practice list. Codes are already validated by the service.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PracticeFilter {
    pub country: Vec<String>,
    /// Region slugs.
    pub region: Vec<String>,
    pub ncd: Vec<String>,
    /// CDHI v1 codes; a practice matches when it has any of these OR any of `cdhi_v2`
    /// (the service expands each requested code through the v1→v2 map).
    pub cdhi_v1: Vec<String>,
    /// v2 codes to match (the service expands v1 codes through the map).
    pub cdhi_v2: Vec<String>,
    pub channel: Vec<String>,
    pub stage: Vec<String>,
    pub evidence: Vec<String>,
    /// Statuses to include; the service always sets it (published for the public).
    pub status: Vec<Status>,
    /// Organisation slugs.
    pub organisation: Vec<String>,
    pub updated_since: Option<OffsetDateTime>,
    /// Owner view: only practices created by this account or owned by the
    /// organisations it is an active member of...
    pub visible_to_owner: Option<i64>,
    /// ...or, for a focal point, practices of their country.
    pub curated_country: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PracticeSort {
    #[default]
    UpdatedDesc,
    UpdatedAsc,
    TitleAsc,
    TitleDesc,
    CreatedDesc,
    StartDesc,
}

impl PracticeSort {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "-updated" | "updated_desc" => Self::UpdatedDesc,
            "updated" | "updated_asc" => Self::UpdatedAsc,
            "title" | "title_asc" => Self::TitleAsc,
            "-title" | "title_desc" => Self::TitleDesc,
            "-created" | "created_desc" => Self::CreatedDesc,
            "-start" | "start_desc" => Self::StartDesc,
            _ => return None,
        })
    }
}

/// Counts over the published practices (of one country, or all), per facet
/// value: what the country pages and their charts show. The search engine's
/// facets give them in one pass; without it, one aggregate statement does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PracticeCounts {
    pub total: i64,
    /// Facet (`country`, `ncd_focus`, `channel`, `stage`, `year`, `outcome`) →
    /// value → practices; values nobody has are absent.
    pub values: BTreeMap<String, BTreeMap<String, i64>>,
}

impl PracticeCounts {
    /// Facets the counts cover, named as the search engine names them.
    pub const FACETS: [&'static str; 6] = [
        "country",
        "ncd_focus",
        "channel",
        "stage",
        "year",
        "outcome",
    ];

    pub fn of(&self, facet: &str, value: &str) -> i64 {
        self.values
            .get(facet)
            .and_then(|v| v.get(value))
            .copied()
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

/// One save of a practice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub number: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub note: Option<String>,
    pub content: PracticeContent,
}

/// Who saves, and why; recorded on the revision.
#[derive(Debug, Clone)]
pub struct SaveContext {
    pub actor_id: Option<i64>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_means_absent() {
        let json = r#"{
            "original_language": "en",
            "texts": {"en": {"title": "T", "summary": null, "description": null,
                             "lessons_learned": null, "transferability": null}},
            "country": "ES",
            "regions": null, "organisations": null, "contacts": null, "ncd_focus": null,
            "cdhi_v1": null, "cdhi_v2": null, "health_system_challenges": null,
            "application_types": null, "channels": null, "target_population": null,
            "stage": null, "lifecycle": null, "start_date": null, "end_date": null,
            "reach": null, "evidence": {"outcomes": null, "publications": null},
            "funding": null, "licensing": null, "interoperability": null,
            "assessments": null, "links": [{"url": "https://example.org", "kind": null}],
            "notes": null
        }"#;
        let c: PracticeContent = serde_json::from_str(json).unwrap();
        assert_eq!(c.texts["en"].summary, "");
        assert!(c.regions.is_empty());
        assert_eq!(c.evidence, Evidence::default());
        assert_eq!(c.funding, Funding::default());
        assert_eq!(c.licensing, Licensing::default());
        assert_eq!(c.links[0].kind, "website");
    }
}
