//! Reference data shipped with the Hub: countries and controlled vocabularies.
//! The files in `data/reference/` are the project's own conversion of the
//! sourced data (see scripts/convert-reference.py); they are embedded so the
//! binary needs nothing beside it.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Country {
    pub iso2: String,
    pub iso3: String,
    pub numeric: String,
    /// Name per UI language.
    pub names: BTreeMap<String, String>,
    pub eu_member: bool,
}

impl Country {
    pub fn name(&self, lang: &str) -> &str {
        self.names
            .get(lang)
            .or_else(|| self.names.get("en"))
            .map(String::as_str)
            .unwrap_or(&self.iso2)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub vocabulary: String,
    pub code: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub position: i32,
    /// `group`, `category`, `intervention` ... where the vocabulary is a tree.
    #[serde(default)]
    pub level: Option<String>,
    pub labels: BTreeMap<String, String>,
}

impl Term {
    pub fn label(&self, lang: &str) -> &str {
        self.labels
            .get(lang)
            .or_else(|| self.labels.get("en"))
            .map(String::as_str)
            .unwrap_or(&self.code)
    }
}

/// The vocabularies a practice is tagged with, by field.
pub const NCD_FOCUS: &str = "ncd_focus";
pub const CHANNEL: &str = "channel";
pub const CDHI_V1: &str = "cdhi_v1";
pub const CDHI_V2: &str = "cdhi_v2";
pub const CHALLENGE: &str = "health_system_challenge";
pub const APPLICATION_TYPE: &str = "application_type";
pub const STAGE: &str = "implementation_stage";
pub const EVIDENCE_LEVEL: &str = "evidence_level";
pub const INTEROPERABILITY: &str = "interoperability_standard";
pub const GOVERNMENT_INVESTMENT: &str = "government_investment";
pub const LIFECYCLE: &str = "lifecycle";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CdhiMapping {
    pub v1: String,
    pub v2: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceData {
    /// Raised whenever the shipped files change; a Hub with an older version upgrades in place.
    pub version: i64,
    pub countries: Vec<Country>,
    pub terms: Vec<Term>,
    pub cdhi_map: Vec<CdhiMapping>,
}

static REFERENCE_JSON: &str = include_str!("../../../data/reference/reference.json");

impl ReferenceData {
    pub fn embedded() -> Result<Self, serde_json::Error> {
        serde_json::from_str(REFERENCE_JSON)
    }
}

/// Reference data indexed for validation, labels and CDHI expansion.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    countries: Vec<Country>,
    by_iso2: HashMap<String, usize>,
    terms: BTreeMap<String, Vec<Term>>,
    codes: HashSet<(String, String)>,
    v1_to_v2: HashMap<String, Vec<String>>,
    v2_to_v1: HashMap<String, Vec<String>>,
}

impl Catalog {
    pub fn new(reference: ReferenceData) -> Self {
        let mut c = Catalog::default();
        for (i, country) in reference.countries.iter().enumerate() {
            c.by_iso2.insert(country.iso2.clone(), i);
        }
        c.countries = reference.countries;
        for t in reference.terms {
            c.codes.insert((t.vocabulary.clone(), t.code.clone()));
            c.terms.entry(t.vocabulary.clone()).or_default().push(t);
        }
        for list in c.terms.values_mut() {
            list.sort_by_key(|t| t.position);
        }
        for m in reference.cdhi_map {
            c.v1_to_v2
                .entry(m.v1.clone())
                .or_default()
                .push(m.v2.clone());
            c.v2_to_v1.entry(m.v2).or_default().push(m.v1);
        }
        c
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Accepts upper- or lower-case codes.
    pub fn country(&self, iso2: &str) -> Option<&Country> {
        self.by_iso2
            .get(&iso2.to_ascii_uppercase())
            .map(|&i| &self.countries[i])
    }

    pub fn vocabularies(&self) -> impl Iterator<Item = &str> {
        self.terms.keys().map(String::as_str)
    }

    pub fn terms(&self, vocabulary: &str) -> &[Term] {
        self.terms.get(vocabulary).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn term(&self, vocabulary: &str, code: &str) -> Option<&Term> {
        self.terms(vocabulary).iter().find(|t| t.code == code)
    }

    pub fn has(&self, vocabulary: &str, code: &str) -> bool {
        self.codes
            .contains(&(vocabulary.to_string(), code.to_string()))
    }

    pub fn cdhi_v2_for_v1(&self, v1: &str) -> &[String] {
        self.v1_to_v2.get(v1).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn cdhi_v1_for_v2(&self, v2: &str) -> &[String] {
        self.v2_to_v1.get(v2).map(Vec::as_slice).unwrap_or(&[])
    }
}
