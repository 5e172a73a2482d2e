//! Text analysis: one analyzer per supported language, a plain one for the rest.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, TokenStream,
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
}
