//! The index schema and how a practice becomes a document.

use std::collections::BTreeMap;

use mhub_core::practice::Practice;
use mhub_core::reference::{self as r, Catalog};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::{TantivyDocument, Term};

use crate::analysis::{LANGS, OTHER, analyzer_name, field_lang, label_analyzer_name};
use crate::slug::slugify;

/// Facet names accepted in `SearchRequest::filters` and returned with counts.
pub const FACETS: [&str; 14] = [
    "country",
    "region",
    "ncd_focus",
    "cdhi_group",
    "cdhi",
    "cdhi_v1",
    "cdhi_v2",
    "channel",
    "stage",
    "evidence",
    "year",
    "outcome",
    "status",
    "lifecycle",
];

/// How many times the title and the summary are indexed in a language's text
/// field (the description, lessons and transferability once). Repeating a part
/// weights its term frequencies before BM25 saturates them, as BM25F does: one
/// posting list per word and language instead of one per part, which halved
/// what a broad query reads, while the title still counts most.
pub const TITLE_REPEAT: usize = 3;
pub const SUMMARY_REPEAT: usize = 2;

/// Text fields of one language.
#[derive(Clone, Copy, Debug)]
pub struct LangFields {
    /// Title, summary, description, lessons learned and transferability
    /// (see [`TITLE_REPEAT`]).
    pub text: Field,
    /// Catalog labels of the practice's tags and country, in this language.
    pub labels: Field,
}

#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub slug: Field,
    pub updated_at: Field,
    pub facets: Field,
    /// `vocabulary:code` tags, the target of vocabulary expansion: one field
    /// per vocabulary (see [`Fields::tag_term`]).
    pub tags: Vec<(&'static str, Field)>,
    /// Tags of any other vocabulary.
    pub tag: Field,
    /// Suffix (`en` ... `xx`) → fields.
    pub langs: Vec<(&'static str, LangFields)>,
    /// Organisation and region names, plain analysis.
    pub names: Field,
    /// Everything, plain analysis, no positions: target of typo and prefix matching.
    pub all: Field,
    /// Titles in every language, plain: autocomplete.
    pub title_plain: Field,
    /// Stored JSON of the texts for display and snippets.
    pub display: Field,
}

/// Vocabularies whose tags have a field of their own. A concept clause scores
/// by BM25, whose length normalization then weighs a practice's focus within
/// one vocabulary (one NCD rather than four), not how many CDHI codes it lists.
const TAG_VOCABULARIES: [&str; 10] = [
    "country",
    "region",
    r::NCD_FOCUS,
    r::CHANNEL,
    r::APPLICATION_TYPE,
    r::CHALLENGE,
    r::INTEROPERABILITY,
    r::CDHI_V1,
    r::CDHI_V2,
    r::LIFECYCLE,
];

impl Fields {
    /// The field of a `vocabulary:code` tag.
    pub fn tag_field(&self, tag: &str) -> Field {
        let vocabulary = tag.split(':').next().unwrap_or_default();
        self.tags
            .iter()
            .find(|(v, _)| *v == vocabulary)
            .map_or(self.tag, |(_, f)| *f)
    }

    pub fn tag_term(&self, tag: &str) -> Term {
        Term::from_field_text(self.tag_field(tag), tag)
    }

    pub fn lang(&self, suffix: &str) -> LangFields {
        // `langs` holds every suffix `field_lang` can return.
        self.langs
            .iter()
            .find(|(l, _)| *l == suffix)
            .map_or(self.langs[self.langs.len() - 1].1, |(_, f)| *f)
    }
}

pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |suffix: &str, positions: bool| {
        let option = if positions {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(suffix))
                .set_index_option(option),
        )
    };
    // Same tokens as `text(suffix, true)`, from an analyzer that remembers labels.
    let labels = |suffix: &str| {
        let name = if suffix == OTHER {
            analyzer_name(suffix)
        } else {
            label_analyzer_name(suffix)
        };
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&name)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let id = b.add_i64_field("id", INDEXED | STORED | FAST);
    let slug = b.add_text_field("slug", STRING | STORED);
    let updated_at = b.add_i64_field("updated_at", FAST);
    let facets = b.add_facet_field("facets", FacetOptions::default());
    // Raw tags with frequencies and lengths, so concept clauses score by BM25.
    let raw = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true),
    );
    let tag = b.add_text_field("tag", raw.clone());
    let tags = TAG_VOCABULARIES
        .iter()
        .map(|v| (*v, b.add_text_field(&format!("tag_{v}"), raw.clone())))
        .collect();
    let mut langs = Vec::new();
    for suffix in LANGS.iter().copied().chain([OTHER]) {
        langs.push((
            suffix,
            LangFields {
                text: b.add_text_field(&format!("text_{suffix}"), text(suffix, true)),
                labels: b.add_text_field(&format!("labels_{suffix}"), labels(suffix)),
            },
        ));
    }
    let names = b.add_text_field("names", text(OTHER, true));
    let all = b.add_text_field("all", text(OTHER, false));
    let title_plain = b.add_text_field("title_plain", text(OTHER, false));
    let display = b.add_text_field("display", STORED);
    (
        b.build(),
        Fields {
            id,
            slug,
            updated_at,
            facets,
            tags,
            tag,
            langs,
            names,
            all,
            title_plain,
            display,
        },
    )
}

/// What a hit shows, kept in the index so a search needs no database round trip.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Display {
    /// Original language.
    pub o: String,
    /// Language → [title, summary, description].
    pub t: BTreeMap<String, [String; 3]>,
}

impl Display {
    /// Title in `lang`, else in the original language, else any.
    pub fn title(&self, lang: &str) -> &str {
        self.t
            .get(lang)
            .or_else(|| self.t.get(&self.o))
            .or_else(|| self.t.values().next())
            .map_or("", |t| t[0].as_str())
    }
}

fn ancestors(code: &str) -> impl Iterator<Item = &str> {
    code.match_indices('.')
        .map(move |(i, _)| &code[..i])
        .chain([code])
}

pub fn facet(name: &str, value: &str) -> Facet {
    Facet::from_path([name, value])
}

/// The facet values of a practice, as (facet name, value) pairs.
pub fn facet_values(p: &Practice) -> Vec<(&'static str, String)> {
    let c = &p.content;
    let mut out: Vec<(&'static str, String)> = Vec::new();
    out.push(("country", c.country.to_ascii_uppercase()));
    out.extend(c.regions.iter().map(|n| ("region", slugify(n))));
    out.extend(c.ncd_focus.iter().map(|v| ("ncd_focus", v.clone())));
    for code in &c.cdhi_v2 {
        if let Some(group) = code.split('.').next() {
            out.push(("cdhi_group", group.to_string()));
        }
    }
    out.extend(
        c.cdhi_v1
            .iter()
            .chain(&c.cdhi_v2)
            .map(|v| ("cdhi", v.clone())),
    );
    out.extend(c.cdhi_v1.iter().map(|v| ("cdhi_v1", v.clone())));
    out.extend(c.cdhi_v2.iter().map(|v| ("cdhi_v2", v.clone())));
    out.extend(c.channels.iter().map(|v| ("channel", v.clone())));
    out.extend(c.stage.iter().map(|v| ("stage", v.clone())));
    out.extend(c.evidence.level.iter().map(|v| ("evidence", v.clone())));
    out.extend(c.start_year().map(|y| ("year", y.to_string())));
    out.extend(p.outcome.map(|o| ("outcome", o.as_str().to_string())));
    out.push(("status", p.status.as_str().to_string()));
    out.extend(c.lifecycle.iter().map(|v| ("lifecycle", v.clone())));
    out.sort();
    out.dedup();
    out
}

/// The tags of a practice: every code it carries, CDHI codes with their ancestors
/// so a concept may name a whole category.
pub fn tags(p: &Practice) -> Vec<String> {
    let c = &p.content;
    let mut out = vec![format!("country:{}", c.country.to_ascii_uppercase())];
    out.extend(c.regions.iter().map(|n| format!("region:{}", slugify(n))));
    let simple: [(&str, &Vec<String>); 5] = [
        (r::NCD_FOCUS, &c.ncd_focus),
        (r::CHANNEL, &c.channels),
        (r::APPLICATION_TYPE, &c.application_types),
        (r::CHALLENGE, &c.health_system_challenges),
        (r::INTEROPERABILITY, &c.interoperability),
    ];
    for (vocab, codes) in simple {
        out.extend(codes.iter().map(|code| format!("{vocab}:{code}")));
    }
    for (vocab, codes) in [(r::CDHI_V1, &c.cdhi_v1), (r::CDHI_V2, &c.cdhi_v2)] {
        for code in codes {
            out.extend(ancestors(code).map(|a| format!("{vocab}:{a}")));
        }
    }
    out.extend(c.lifecycle.iter().map(|v| format!("{}:{v}", r::LIFECYCLE)));
    out.sort();
    out.dedup();
    out
}

/// Catalog labels of the practice's tags and country, per language.
fn labels(p: &Practice, catalog: &Catalog) -> BTreeMap<String, Vec<String>> {
    let c = &p.content;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(country) = catalog.country(&c.country) {
        for (lang, name) in &country.names {
            out.entry(lang.clone()).or_default().push(name.clone());
        }
    }
    let mut add = |vocab: &str, code: &str| {
        if let Some(term) = catalog.term(vocab, code) {
            for (lang, label) in &term.labels {
                out.entry(lang.clone()).or_default().push(label.clone());
            }
        }
    };
    for (vocab, codes) in [
        (r::NCD_FOCUS, &c.ncd_focus),
        (r::CHANNEL, &c.channels),
        (r::APPLICATION_TYPE, &c.application_types),
        (r::CHALLENGE, &c.health_system_challenges),
    ] {
        for code in codes {
            add(vocab, code);
        }
    }
    for (vocab, codes) in [(r::CDHI_V1, &c.cdhi_v1), (r::CDHI_V2, &c.cdhi_v2)] {
        let mut seen: Vec<&str> = codes.iter().flat_map(|c| ancestors(c)).collect();
        seen.sort_unstable();
        seen.dedup();
        for code in seen {
            add(vocab, code);
        }
    }
    if let Some(l) = &c.lifecycle {
        add(r::LIFECYCLE, l);
    }
    out
}

pub fn to_document(
    p: &Practice,
    catalog: &Catalog,
    f: &Fields,
) -> Result<TantivyDocument, serde_json::Error> {
    let c = &p.content;
    let mut doc = TantivyDocument::default();
    doc.add_i64(f.id, p.id);
    doc.add_text(f.slug, &p.slug);
    doc.add_i64(f.updated_at, p.updated_at.unix_timestamp());
    for (name, value) in facet_values(p) {
        doc.add_facet(f.facets, facet(name, &value));
    }
    for t in tags(p) {
        doc.add_text(f.tag_field(&t), &t);
    }
    let mut display = Display {
        o: c.original_language.clone(),
        t: BTreeMap::new(),
    };
    for (lang, t) in &c.texts {
        let lf = f.lang(field_lang(lang));
        let parts = std::iter::repeat_n(&t.title, TITLE_REPEAT)
            .chain(std::iter::repeat_n(&t.summary, SUMMARY_REPEAT))
            .chain([&t.description, &t.lessons_learned, &t.transferability]);
        for part in parts {
            if !part.is_empty() {
                doc.add_text(lf.text, part);
            }
        }
        doc.add_text(f.title_plain, &t.title);
        for s in [
            &t.title,
            &t.summary,
            &t.description,
            &t.lessons_learned,
            &t.transferability,
        ] {
            if !s.is_empty() {
                doc.add_text(f.all, s);
            }
        }
        display.t.insert(
            lang.clone(),
            [t.title.clone(), t.summary.clone(), t.description.clone()],
        );
    }
    for (lang, list) in labels(p, catalog) {
        let suffix = field_lang(&lang);
        if suffix == OTHER {
            continue;
        }
        let lf = f.lang(suffix);
        for label in list {
            doc.add_text(lf.labels, &label);
            doc.add_text(f.all, &label);
        }
    }
    for name in c.organisations.iter().map(|o| &o.name).chain(&c.regions) {
        doc.add_text(f.names, name);
        doc.add_text(f.all, name);
    }
    doc.add_text(f.display, serde_json::to_string(&display)?);
    Ok(doc)
}
