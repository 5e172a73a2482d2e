//! Text analysis: one analyzer per supported language, a plain one for the rest.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Languages with a stemmer, stop words and their own index fields.
pub const LANGS: [&str; 5] = ["en", "fr", "de", "ru", "es"];
/// Field suffix shared by every other language: tokenized plainly.
pub const OTHER: &str = "xx";
/// Tokens longer than this (bytes) are dropped: base64 blobs and URLs say nothing.
const MAX_TOKEN_BYTES: usize = 40;

/// Name of the registered analyzer of a field suffix (`en` ... `xx`).
pub fn analyzer_name(suffix: &str) -> String {
    format!("mhub_{suffix}")
}

/// `en`, `fr`, ... stay themselves; every other language code maps to [`OTHER`].
pub fn field_lang(lang: &str) -> &'static str {
    LANGS.iter().copied().find(|l| *l == lang).unwrap_or(OTHER)
}

/// The analyzer of a field suffix. Latin-script languages are ASCII-folded after
/// stemming (the stemmers expect accents), so "telemonitorización" and
/// "telemonitorizacion" meet.
pub fn analyzer(suffix: &str) -> TextAnalyzer {
    let stemmed = |language: Language, fold: bool| {
        let mut b = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .dynamic();
        if let Some(stop) = StopWordFilter::new(language) {
            b = b.filter_dynamic(stop);
        }
        b = b.filter_dynamic(Stemmer::new(language));
        if fold {
            b = b.filter_dynamic(AsciiFoldingFilter);
        }
        b.build()
    };
    match suffix {
        "en" => stemmed(Language::English, true),
        "fr" => stemmed(Language::French, true),
        "de" => stemmed(Language::German, true),
        "es" => stemmed(Language::Spanish, true),
        "ru" => stemmed(Language::Russian, false),
        _ => plain(),
    }
}

/// The analyzer registered for a language's fields: [`analyzer`], remembering
/// the last text. A practice's title is indexed three times in a row and its
/// summary twice (see `schema::TITLE_REPEAT`); analysing the same text again
/// was most of what those repeats cost a rebuild. Each indexing thread has its
/// own clone, so the memory is one text per thread.
pub fn field_analyzer(suffix: &str) -> TextAnalyzer {
    TextAnalyzer::from(LastText {
        inner: analyzer(suffix),
        text: String::new(),
        tokens: Vec::new(),
    })
}

#[derive(Clone)]
struct LastText {
    inner: TextAnalyzer,
    text: String,
    tokens: Vec<Token>,
}

impl Tokenizer for LastText {
    type TokenStream<'a> = MemoizedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoizedStream<'a> {
        if self.text != text {
            self.tokens.clear();
            let mut stream = self.inner.token_stream(text);
            while stream.advance() {
                self.tokens.push(stream.token().clone());
            }
            self.text.clear();
            self.text.push_str(text);
        }
        // The stream lends the remembered tokens themselves: tantivy's indexer
        // and snippet generator only read the final stream's tokens.
        MemoizedStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

/// Name of the analyzer of the catalog-label field of a language suffix.
pub fn label_analyzer_name(suffix: &str) -> String {
    format!("mhub_label_{suffix}")
}

/// The analyzer of a language's catalog-label field: the same tokens as
/// [`analyzer`], remembered per label. Every document repeats the labels of its
/// country and tags in five languages, so a rebuild would otherwise stem the
/// same few thousand strings millions of times (about 45% of its CPU at 100,000
/// practices). The memory is shared by the clones tantivy makes per indexing
/// thread and bounded by [`MAX_CACHED_LABELS`].
pub fn label_analyzer(suffix: &str) -> TextAnalyzer {
    TextAnalyzer::from(Memoized {
        inner: analyzer(suffix),
        cache: Arc::new(RwLock::new(HashMap::new())),
        tokens: Vec::new(),
    })
}

/// Labels remembered per language; past this, new ones are analysed each time.
const MAX_CACHED_LABELS: usize = 20_000;
/// Longer texts are not remembered (labels are short).
const MAX_CACHED_BYTES: usize = 200;

#[derive(Clone)]
struct Memoized {
    inner: TextAnalyzer,
    cache: Arc<RwLock<HashMap<String, Arc<[Token]>>>>,
    tokens: Vec<Token>,
}

impl Memoized {
    fn analyse(&mut self, text: &str) {
        let mut stream = self.inner.token_stream(text);
        while stream.advance() {
            self.tokens.push(stream.token().clone());
        }
    }
}

impl Tokenizer for Memoized {
    type TokenStream<'a> = MemoizedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoizedStream<'a> {
        self.tokens.clear();
        if text.len() > MAX_CACHED_BYTES {
            self.analyse(text);
        } else {
            let hit = match self.cache.read() {
                Ok(c) => c.get(text).cloned(),
                Err(poisoned) => poisoned.into_inner().get(text).cloned(),
            };
            match hit {
                Some(tokens) => self.tokens.extend(tokens.iter().cloned()),
                None => {
                    self.analyse(text);
                    let mut cache = match self.cache.write() {
                        Ok(c) => c,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                    if cache.len() < MAX_CACHED_LABELS {
                        cache.insert(text.to_string(), self.tokens.clone().into());
                    }
                }
            }
        }
        MemoizedStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

struct MemoizedStream<'a> {
    tokens: &'a mut Vec<Token>,
    next: usize,
}

impl TokenStream for MemoizedStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Lower-cased, ASCII-folded words; no stemming, no stop words.
pub fn plain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Tokens of `text` with their positions.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

/// All analyzers, built once per query rather than per word.
pub struct Analyzers {
    /// Indexed like [`LANGS`], then [`OTHER`] (plain).
    pub by_lang: Vec<(&'static str, TextAnalyzer)>,
    pub plain: TextAnalyzer,
}

impl Analyzers {
    pub fn new() -> Self {
        let mut by_lang: Vec<(&'static str, TextAnalyzer)> =
            LANGS.iter().map(|l| (*l, analyzer(l))).collect();
        by_lang.push((OTHER, plain()));
        Analyzers {
            by_lang,
            plain: plain(),
        }
    }

    /// The single plain token of a word, if it survives analysis.
    pub fn plain_word(&mut self, word: &str) -> Option<String> {
        tokens(&mut self.plain, word)
            .into_iter()
            .next()
            .map(|(_, t)| t)
    }
}

impl Default for Analyzers {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_folds() {
        let mut es = analyzer("es");
        let a = tokens(&mut es, "Telemonitorización");
        let b = tokens(&mut es, "telemonitorizacion");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].1, b[0].1);
        let mut en = analyzer("en");
        assert!(tokens(&mut en, "the").is_empty());
        assert_eq!(
            tokens(&mut en, "smoking")[0].1,
            tokens(&mut en, "smoke")[0].1
        );
    }

    /// `memo` gives the tokens of `analyzer(suffix)` for each text, in order.
    fn assert_same_tokens(memo: &mut TextAnalyzer, suffix: &str, texts: &[&str]) {
        let mut plain = analyzer(suffix);
        for text in texts {
            assert_eq!(
                tokens(memo, text),
                tokens(&mut plain, text),
                "{suffix} {text}"
            );
        }
    }

    #[test]
    fn field_analyzer_matches_the_language_analyzer_on_repeats_and_changes() {
        for suffix in LANGS.iter().copied().chain([OTHER]) {
            let texts = [
                "Heart failure telemonitoring",
                "Heart failure telemonitoring",
                "",
                "Télésurveillance de l'insuffisance cardiaque",
                "Heart failure telemonitoring",
            ];
            assert_same_tokens(&mut field_analyzer(suffix), suffix, &texts);
        }
    }

    #[test]
    fn label_analyzer_matches_the_language_analyzer() {
        for suffix in LANGS {
            let mut memo = label_analyzer(suffix);
            for text in [
                "Insuffisance cardiaque",
                "Text messages (SMS)",
                "",
                "Диабет 2 типа",
            ] {
                // The second time from the cache.
                assert_same_tokens(&mut memo, suffix, &[text, text]);
            }
        }
    }
}
