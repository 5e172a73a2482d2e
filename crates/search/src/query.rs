//! User text → tantivy query. The text is never handed to tantivy's
//! QueryParser: we split it ourselves, so no character has a syntax meaning
//! except `"` (phrases), and nothing a user types can make parsing fail.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use crate::SearchError;
use crate::analysis::{Analyzers, OTHER, tokens};
use crate::schema::Fields;
use crate::vocabulary::{Matches, Vocabulary, typo_distance};

/// Longer queries are refused: nobody types them, and each word costs dozens of clauses.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Words beyond this are ignored.
pub const MAX_TERMS: usize = 32;

/// Title over summary over description is weighted inside the text field
/// (`schema::TITLE_REPEAT`).
const TEXT_BOOST: f32 = 1.0;
const LABELS_BOOST: f32 = 1.0;
const NAMES_BOOST: f32 = 1.5;
/// A concept hit is worth about one summary mention: it says what the practice
/// is about, whatever language its text is in, but should not outrank the text.
/// It is BM25 over the practice's tags, so a rarer concept weighs more and a
/// practice with few tags (focused on the concept) more than one tagged with
/// everything; this orders the many practices a cross-lingual query finds by
/// concept alone.
const CONCEPT_BOOST: f32 = 1.5;
const FUZZY_SCORE: f32 = 0.5;
const PREFIX_SCORE: f32 = 1.0;
/// Languages of the same word are alternatives; a little credit for agreeing ones.
const TIE_BREAKER: f32 = 0.1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Index into `Parsed::words`.
    Word(usize),
    /// A quoted phrase of two or more words.
    Phrase(Vec<usize>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    pub units: Vec<Unit>,
    /// The last word is still being typed: match it as a prefix.
    pub prefix_last: bool,
}

/// Splits the text into words (runs of letters and digits, like the index's
/// tokenizer) and quoted phrases. Control characters, operators and any other
/// punctuation are separators; an unclosed quote is ignored.
pub fn parse(q: &str) -> Result<Parsed, SearchError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::QueryTooLong {
            max: MAX_QUERY_CHARS,
        });
    }
    let mut p = Parsed::default();
    let mut cur = String::new();
    let mut in_quote = false;
    let mut quoted: Vec<usize> = Vec::new();
    let mut full = false;
    let flush = |cur: &mut String,
                 p: &mut Parsed,
                 in_quote: bool,
                 quoted: &mut Vec<usize>,
                 full: &mut bool| {
        if cur.is_empty() {
            return;
        }
        if p.words.len() >= MAX_TERMS {
            *full = true;
            cur.clear();
            return;
        }
        p.words.push(std::mem::take(cur));
        let i = p.words.len() - 1;
        if in_quote {
            quoted.push(i);
        } else {
            p.units.push(Unit::Word(i));
        }
    };
    for ch in q.chars() {
        if full {
            break;
        }
        if ch.is_alphanumeric() {
            cur.push(ch);
            continue;
        }
        flush(&mut cur, &mut p, in_quote, &mut quoted, &mut full);
        if ch == '"' {
            if in_quote {
                match quoted.len() {
                    0 => {}
                    1 => p.units.push(Unit::Word(quoted[0])),
                    _ => p.units.push(Unit::Phrase(quoted.clone())),
                }
                quoted.clear();
            }
            in_quote = !in_quote;
        }
    }
    flush(&mut cur, &mut p, in_quote, &mut quoted, &mut full);
    // Unbalanced quote: its words count as plain words.
    p.units.extend(quoted.iter().map(|&i| Unit::Word(i)));
    p.prefix_last = !full
        && q.chars().last().is_some_and(char::is_alphanumeric)
        && matches!(p.units.last(), Some(Unit::Word(i)) if *i + 1 == p.words.len());
    Ok(p)
}

fn term_query(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ));
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn phrase_query(field: Field, toks: &[(usize, String)], boost: f32) -> Box<dyn Query> {
    if let [(_, only)] = toks {
        return term_query(field, only, boost);
    }
    let base = toks.first().map_or(0, |(p, _)| *p);
    let terms = toks
        .iter()
        .map(|(p, t)| (p - base, Term::from_field_text(field, t)))
        .collect();
    Box::new(BoostQuery::new(
        Box::new(PhraseQuery::new_with_offset(terms)),
        boost,
    ))
}

fn union(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// Documents matching every `must` and at least `min` of `should` (at least
/// one when there is no `must`); the scores add up.
fn at_least(must: Vec<Box<dyn Query>>, should: Vec<Box<dyn Query>>, min: usize) -> Box<dyn Query> {
    Box::new(BooleanQuery::with_minimum_required_clauses(
        must.into_iter()
            .map(|q| (Occur::Must, q))
            .chain(should.into_iter().map(|q| (Occur::Should, q)))
            .collect(),
        min,
    ))
}

/// Fields of one language group with their boosts; the plain group also
/// covers organisation and region names.
/// `labels`: whether to look in the catalog labels too; not for a word that
/// matched a vocabulary concept: its concept clause already finds every
/// practice tagged with it, and the labels of five languages, which every
/// practice carries, would read those practices five times more (half of a
/// broad query's time at a million).
fn group_fields(f: &Fields, suffix: &str, labels: bool) -> Vec<(Field, f32)> {
    let lf = f.lang(suffix);
    let mut out = vec![(lf.text, TEXT_BOOST)];
    if suffix == OTHER {
        out.push((f.names, NAMES_BOOST));
    } else if labels {
        out.push((lf.labels, LABELS_BOOST));
    }
    out
}

fn concept_clause(f: &Fields, tags: &BTreeSet<String>) -> Option<Box<dyn Query>> {
    if tags.is_empty() {
        return None;
    }
    let terms: Vec<Box<dyn Query>> = tags
        .iter()
        .map(|t| {
            Box::new(TermQuery::new(f.tag_term(t), IndexRecordOption::WithFreqs)) as Box<dyn Query>
        })
        .collect();
    Some(Box::new(BoostQuery::new(
        Box::new(DisjunctionMaxQuery::new(terms)),
        CONCEPT_BOOST,
    )))
}

/// Terms of `field` that start with `word` and are longer. `word` is one token
/// of the plain analyzer, so letters and digits only: nothing to escape.
fn longer_words(field: Field, word: &str) -> Option<Box<dyn Query>> {
    if !word.chars().all(char::is_alphanumeric) {
        return None;
    }
    RegexQuery::from_pattern(&format!("{word}.+"), field)
        .ok()
        .map(|q| Box::new(q) as Box<dyn Query>)
}

/// A word that some language drops as a stop word ("the", "de", "und") carries
/// no meaning in any of them; requiring it would fail documents in the others.
fn is_stop_word(word: &str, an: &mut Analyzers) -> bool {
    an.by_lang
        .iter_mut()
        .any(|(_, a)| tokens(a, word).is_empty())
}

/// A word matched loosely: within `distance` edits (transpositions count one),
/// or, when `prefix`, as the start of a longer word (within `distance` edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loose {
    /// Plainly analysed (lower case, ASCII-folded).
    pub word: Vec<char>,
    pub distance: u8,
    pub prefix: bool,
}

/// How word `i` (plainly analysed: `plain`) is matched loosely, if at all: the
/// word being typed as a prefix, an unknown word with typo tolerance. A word
/// the index knows well is no typo: tolerating one would only add
/// near-spellings of it at a high cost.
fn loose_match(p: &Parsed, i: usize, plain: &str, known: bool) -> Option<Loose> {
    let n = plain.chars().count();
    let distance = if known { 0 } else { typo_distance(n) };
    let prefix = p.prefix_last && i + 1 == p.words.len() && n >= 3;
    (prefix || distance > 0).then(|| Loose {
        word: plain.chars().collect(),
        distance,
        prefix,
    })
}

/// The words of a query that [`build`] matches loosely (for highlighting what
/// they matched).
pub fn loose_words(p: &Parsed, an: &mut Analyzers, known: &dyn Fn(&str) -> bool) -> Vec<Loose> {
    let mut out = Vec::new();
    for unit in &p.units {
        if let Unit::Word(i) = unit {
            let word = &p.words[*i];
            if is_stop_word(word, an) {
                continue;
            }
            if let Some(plain) = an.plain_word(word)
                && let Some(l) = loose_match(p, *i, &plain, known(&plain))
            {
                out.push(l);
            }
        }
    }
    out
}

impl Loose {
    /// Whether a plainly analysed token of a text is what this word matched.
    pub fn matches(&self, token: &[char]) -> bool {
        let d = usize::from(self.distance);
        if self.prefix {
            // Some start of the token is within `distance` of the word.
            let shortest = self.word.len().saturating_sub(d).max(1);
            let longest = (self.word.len() + d).min(token.len());
            (shortest..=longest).any(|k| edit_distance(&token[..k], &self.word) <= d)
        } else {
            edit_distance(token, &self.word) <= d
        }
    }
}

/// Levenshtein distance where swapping two neighbouring letters counts one,
/// as in the index's typo matching.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// Builds the text query and its number of optional words, or `None` when
/// nothing searchable is left.
/// `relaxed`: any one word suffices (used when requiring most words found nothing).
/// `known`: whether a plainly analysed word is common enough in the index to be
/// taken as correctly spelt.
pub fn build(
    p: &Parsed,
    vocabulary: &Vocabulary,
    f: &Fields,
    an: &mut Analyzers,
    relaxed: bool,
    known: &dyn Fn(&str) -> bool,
) -> Option<(Box<dyn Query>, usize)> {
    let matches: Matches = vocabulary.match_words(&p.words, an);
    let empty = BTreeSet::new();
    // Words joined by a multi-word vocabulary match count as one word.
    let mut group: Vec<usize> = (0..p.words.len()).collect();
    let mut spans = matches.spans.clone();
    spans.sort_unstable();
    for (first, last) in spans {
        let g = group.get(first).copied().unwrap_or(first);
        for slot in group.iter_mut().take(last + 1).skip(first) {
            *slot = g;
        }
    }
    // Tags that every word of a multi-word group carries (the group's concept):
    // asked once for the group rather than once per word, since each ask
    // reads the same, often long, posting lists again.
    let mut shared: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (i, &g) in group.iter().enumerate() {
        if group.iter().filter(|&&x| x == g).count() < 2 {
            continue;
        }
        let tags = matches.by_word.get(&i).cloned().unwrap_or_default();
        shared
            .entry(g)
            .and_modify(|c| c.retain(|t| tags.contains(t)))
            .or_insert(tags);
    }
    let mut groups: Vec<(usize, Vec<Box<dyn Query>>)> = Vec::new();
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    for unit in &p.units {
        match unit {
            Unit::Word(i) => {
                let word = &p.words[*i];
                if is_stop_word(word, an) {
                    continue;
                }
                let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                let mut per_lang: Vec<Box<dyn Query>> = Vec::new();
                let g = group.get(*i).copied().unwrap_or(*i);
                let conceptual = matches.by_word.get(i).is_some_and(|t| !t.is_empty());
                for (suffix, analyzer) in an.by_lang.iter_mut() {
                    let toks = tokens(analyzer, word);
                    let Some((_, tok)) = toks.first() else {
                        continue;
                    };
                    let clauses = group_fields(f, suffix, !conceptual)
                        .into_iter()
                        .map(|(field, b)| term_query(field, tok, b))
                        .collect();
                    per_lang.push(union(clauses));
                }
                if !per_lang.is_empty() {
                    alternatives.push(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                        per_lang,
                        TIE_BREAKER,
                    )));
                }
                let mut own = matches.by_word.get(i).cloned().unwrap_or_default();
                if let Some(common) = shared.get(&g) {
                    own.retain(|t| !common.contains(t));
                }
                alternatives.extend(concept_clause(f, &own));
                if let Some(plain) = an.plain_word(word) {
                    let is_known = known(&plain);
                    if let Some(l) = loose_match(p, *i, &plain, is_known) {
                        let term = Term::from_field_text(f.all, &plain);
                        let (q, score): (Option<Box<dyn Query>>, f32) = match (l.prefix, is_known) {
                            // Only longer words: the word itself is matched
                            // above, and reading its (often long) postings
                            // again cost more than the rest of a broad query.
                            (true, true) => (longer_words(f.all, &plain), PREFIX_SCORE),
                            (true, false) => (
                                Some(Box::new(FuzzyTermQuery::new_prefix(term, l.distance, true))),
                                PREFIX_SCORE,
                            ),
                            (false, _) => (
                                Some(Box::new(FuzzyTermQuery::new(term, l.distance, true))),
                                FUZZY_SCORE,
                            ),
                        };
                        alternatives.extend(
                            q.map(|q| Box::new(ConstScoreQuery::new(q, score)) as Box<dyn Query>),
                        );
                    }
                }
                if !alternatives.is_empty() {
                    match groups.iter_mut().find(|(id, _)| *id == g) {
                        Some((_, list)) => list.push(union(alternatives)),
                        None => groups.push((g, vec![union(alternatives)])),
                    }
                }
            }
            Unit::Phrase(idx) => {
                let text = idx
                    .iter()
                    .map(|&i| p.words[i].as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                // Only concepts matched by the whole phrase stand for it.
                let mut common: Option<BTreeSet<String>> = None;
                for i in idx {
                    let tags = matches.by_word.get(i).cloned().unwrap_or_default();
                    common = Some(match common {
                        None => tags,
                        Some(c) => c.intersection(&tags).cloned().collect(),
                    });
                }
                let conceptual = common.as_ref().is_some_and(|c| !c.is_empty());
                let mut per_lang: Vec<Box<dyn Query>> = Vec::new();
                for (suffix, analyzer) in an.by_lang.iter_mut() {
                    let toks = tokens(analyzer, &text);
                    if toks.is_empty() {
                        continue;
                    }
                    let clauses = group_fields(f, suffix, !conceptual)
                        .into_iter()
                        .map(|(field, b)| phrase_query(field, &toks, b))
                        .collect();
                    per_lang.push(union(clauses));
                }
                let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
                if !per_lang.is_empty() {
                    alternatives.push(Box::new(DisjunctionMaxQuery::with_tie_breaker(
                        per_lang,
                        TIE_BREAKER,
                    )));
                }
                alternatives.extend(concept_clause(f, common.as_ref().unwrap_or(&empty)));
                if !alternatives.is_empty() {
                    must.push(union(alternatives));
                }
            }
        }
    }
    // A group matches by its concept, or by all of its words.
    let should: Vec<Box<dyn Query>> = groups
        .into_iter()
        .filter_map(|(g, list)| {
            let words = match list.len() {
                0 => None,
                1 => list.into_iter().next(),
                n => Some(at_least(Vec::new(), list, n)),
            };
            match (
                shared.get(&g).and_then(|tags| concept_clause(f, tags)),
                words,
            ) {
                (Some(concept), Some(words)) => Some(union(vec![concept, words])),
                (Some(concept), None) => Some(concept),
                (None, words) => words,
            }
        })
        .collect();
    if should.is_empty() && must.is_empty() {
        return None;
    }
    let words = should.len();
    let required = if relaxed {
        words.min(1)
    } else {
        required_words(words)
    };
    Some((at_least(must, should, required), words))
}

/// How many of `n` words a document must match: all of one or two, then a
/// growing share of the rest, so a stray word in a long query does not empty
/// the result list while short queries stay precise.
pub fn required_words(n: usize) -> usize {
    match n {
        0..=2 => n,
        3..=4 => n - 1,
        _ => n / 2 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_words_match_like_the_index() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("diabtes"), &chars("diabetes")), 1);
        assert_eq!(edit_distance(&chars("daibetes"), &chars("diabetes")), 1);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        let typo = Loose {
            word: chars("diabtes"),
            distance: 1,
            prefix: false,
        };
        assert!(typo.matches(&chars("diabetes")));
        assert!(!typo.matches(&chars("diabetic")));
        let typing = Loose {
            word: chars("telemo"),
            distance: 1,
            prefix: true,
        };
        assert!(typing.matches(&chars("telemonitoring")));
        assert!(typing.matches(&chars("telmonitoring")));
        assert!(!typing.matches(&chars("television")));
        assert!(!typing.matches(&chars("te")));
    }

    #[test]
    fn parses_words_phrases_and_junk() {
        let p = parse(r#"heart "text messages" AND -*: "unclosed"#).expect("parse");
        assert_eq!(p.words, ["heart", "text", "messages", "AND", "unclosed"]);
        assert_eq!(
            p.units,
            [
                Unit::Word(0),
                Unit::Phrase(vec![1, 2]),
                Unit::Word(3),
                Unit::Word(4)
            ]
        );
        assert!(p.prefix_last);
        let p = parse("diabetes ").expect("parse");
        assert!(!p.prefix_last);
        assert!(parse(&"a".repeat(MAX_QUERY_CHARS + 1)).is_err());
        let p = parse(&"word ".repeat(150)).expect("parse");
        assert_eq!(p.words.len(), MAX_TERMS);
        assert!(!p.prefix_last);
        assert!(parse("\u{0}\u{7}\"\"").expect("parse").units.is_empty());
    }
}
