//! The cross-lingual vocabulary: words people type, in any language, mapped to
//! the tags practices carry. It is data (`data/vocabulary/synonyms.json`) so
//! editors can extend it without touching code.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use crate::analysis::{Analyzers, OTHER, tokens};

static EMBEDDED: &str = include_str!("../../../data/vocabulary/synonyms.json");

/// Longest vocabulary phrase matched, in tokens.
const MAX_NGRAM: usize = 6;

#[derive(Debug, Clone, Deserialize)]
struct File {
    concepts: Vec<ConceptSpec>,
}

#[derive(Debug, Clone, Deserialize)]
struct ConceptSpec {
    concept: String,
    #[serde(default)]
    tags: Vec<String>,
    terms: BTreeMap<String, Vec<String>>,
}

/// One concept: its id (itself a tag such as `ncd_focus:tobacco`), the further
/// tags it stands for, and its terms per language.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub id: String,
    pub tags: Vec<String>,
    pub terms: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    concepts: Vec<Concept>,
    /// (analyzer suffix, tokens joined by a space) → concept indexes.
    exact: HashMap<(&'static str, String), Vec<usize>>,
    /// Single-word terms in plain form, for typo-tolerant matching.
    singles: Vec<(Vec<char>, usize)>,
}

/// Concepts a query matched, and which of its words each match covered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Matches {
    /// Word index → tags to add for that word.
    pub by_word: BTreeMap<usize, BTreeSet<String>>,
    /// Word ranges (first, last) matched as one multi-word term: "quit smoking"
    /// is one thing to look for, not two.
    pub spans: Vec<(usize, usize)>,
}

impl Vocabulary {
    /// The vocabulary shipped with the Hub.
    pub fn embedded() -> Result<Self, serde_json::Error> {
        Self::from_json(EMBEDDED)
    }

    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        let file: File = serde_json::from_str(json)?;
        let mut v = Vocabulary::default();
        let mut an = Analyzers::new();
        for spec in file.concepts {
            let idx = v.concepts.len();
            let mut tags = vec![spec.concept.clone()];
            tags.extend(spec.tags.iter().cloned());
            tags.dedup();
            for (lang, terms) in &spec.terms {
                for term in terms {
                    // Keyed by the term's own language's analysis, and plainly so a
                    // query in another analyzer still meets it word for word.
                    for (suffix, analyzer) in an.by_lang.iter_mut() {
                        if *suffix == lang.as_str() || *suffix == OTHER {
                            let toks: Vec<String> =
                                tokens(analyzer, term).into_iter().map(|(_, t)| t).collect();
                            if !toks.is_empty() && toks.len() <= MAX_NGRAM {
                                let list = v.exact.entry((*suffix, toks.join(" "))).or_default();
                                if !list.contains(&idx) {
                                    list.push(idx);
                                }
                            }
                        }
                    }
                    let plain: Vec<String> = tokens(&mut an.plain, term)
                        .into_iter()
                        .map(|(_, t)| t)
                        .collect();
                    if let [one] = plain.as_slice()
                        && one.chars().count() >= 5
                    {
                        v.singles.push((one.chars().collect(), idx));
                    }
                }
            }
            v.concepts.push(Concept {
                id: spec.concept,
                tags,
                terms: spec.terms,
            });
        }
        Ok(v)
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// Terms of every concept in `lang` (for autocomplete).
    pub fn terms_in(&self, lang: &str) -> impl Iterator<Item = &str> {
        self.concepts
            .iter()
            .flat_map(move |c| c.terms.get(lang).into_iter().flatten().map(String::as_str))
    }

    /// Matches the words of a query (already split, in order) against every
    /// language's terms: longest phrases first, then single words with a typo.
    pub fn match_words(&self, words: &[String], an: &mut Analyzers) -> Matches {
        let mut m = Matches::default();
        let mut exactly_matched = BTreeSet::new();
        for (suffix, analyzer) in an.by_lang.iter_mut() {
            // (word index, token) for the words that survive this language's analysis.
            let seq: Vec<(usize, String)> = words
                .iter()
                .enumerate()
                .filter_map(|(i, w)| tokens(analyzer, w).into_iter().next().map(|(_, t)| (i, t)))
                .collect();
            for start in 0..seq.len() {
                for len in (1..=MAX_NGRAM.min(seq.len() - start)).rev() {
                    let window = &seq[start..start + len];
                    let key = window
                        .iter()
                        .map(|(_, t)| t.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    if let Some(ids) = self.exact.get(&(*suffix, key)) {
                        if let (Some((first, _)), Some((last, _))) = (window.first(), window.last())
                            && first != last
                        {
                            m.spans.push((*first, *last));
                        }
                        for &ci in ids {
                            for (wi, _) in window {
                                exactly_matched.insert(*wi);
                                m.by_word
                                    .entry(*wi)
                                    .or_default()
                                    .extend(self.concepts[ci].tags.iter().cloned());
                            }
                        }
                    }
                }
            }
        }
        for (wi, w) in words.iter().enumerate() {
            if exactly_matched.contains(&wi) {
                continue;
            }
            let Some(p) = an.plain_word(w) else { continue };
            let p: Vec<char> = p.chars().collect();
            let max = typo_distance(p.len());
            if max == 0 {
                continue;
            }
            for (term, ci) in &self.singles {
                if term.len().abs_diff(p.len()) <= max as usize
                    && levenshtein(term, &p) <= max as usize
                {
                    m.by_word
                        .entry(wi)
                        .or_default()
                        .extend(self.concepts[*ci].tags.iter().cloned());
                }
            }
        }
        m
    }
}

/// Edits tolerated for a word of `chars` characters: none below 5, one up to 7, two from 8.
pub fn typo_distance(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

/// Damerau-free Levenshtein distance over chars (the vocabulary is small).
pub fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::LANGS;

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn embedded_parses_and_covers_five_languages() {
        let v = Vocabulary::embedded().expect("vocabulary");
        assert!(v.concepts().len() >= 30);
        for c in v.concepts() {
            if c.id.starts_with("region:") {
                continue;
            }
            for l in LANGS {
                assert!(
                    c.terms.get(l).is_some_and(|t| !t.is_empty()),
                    "{} lacks {l}",
                    c.id
                );
            }
        }
    }

    #[test]
    fn matches_across_languages_and_typos() {
        let v = Vocabulary::embedded().expect("vocabulary");
        let mut an = Analyzers::new();
        let m = v.match_words(&words("Herzinsuffizienz Telemonitoring"), &mut an);
        assert!(m.by_word[&0].contains("ncd_focus:cardiovascular"), "{m:?}");
        assert!(
            m.by_word[&1].contains("channel:telemonitoring_device"),
            "{m:?}"
        );
        let m = v.match_words(&words("бросить курить"), &mut an);
        assert!(m.by_word[&0].contains("ncd_focus:tobacco"));
        let m = v.match_words(&words("insuffisance cardiaque"), &mut an);
        assert!(m.by_word[&1].contains("ncd_focus:cardiovascular"));
        let m = v.match_words(&words("diabtes"), &mut an);
        assert!(m.by_word[&0].contains("ncd_focus:diabetes"), "{m:?}");
        let m = v.match_words(&words("text messages"), &mut an);
        assert!(m.by_word[&0].contains("channel:sms"));
    }
}
