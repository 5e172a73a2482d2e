//! The Hub's interface languages: Fluent messages, negotiation, plurals.
//! Content (practice text) is data and lives in the database, not here.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Isolation marks break HTML attributes and copy-paste; names are wrapped in <bdi> instead.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// UI languages, in the order the language switcher shows them.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "de", "ru", "es"];
pub const DEFAULT_LANGUAGE: &str = "en";

/// A supported UI language code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        LANGUAGES
            .iter()
            .find(|l| l.eq_ignore_ascii_case(code))
            .map(|l| Lang(l))
    }
    pub fn code(self) -> &'static str {
        self.0
    }
    pub fn all() -> impl Iterator<Item = Lang> {
        LANGUAGES.iter().map(|l| Lang(l))
    }
    fn id(self) -> LanguageIdentifier {
        self.0.parse().unwrap_or_default()
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang(DEFAULT_LANGUAGE)
    }
}

/// Picks the best UI language from an `Accept-Language` header (q-values honoured).
pub fn negotiate(accept_language: &str) -> Option<Lang> {
    let mut ranked: Vec<(f32, usize, Lang)> = accept_language
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next()?;
            Lang::parse(primary).filter(|_| q > 0.0).map(|l| (q, i, l))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|(_, _, l)| *l)
}

/// A message in `lang`; falls back to English, then to the key itself.
pub fn t(lang: Lang, key: &str) -> String {
    LOCALES
        .try_lookup(&lang.id(), key)
        .unwrap_or_else(|| key.to_string())
}

/// A message with arguments; numbers select CLDR plural forms.
pub fn t_args(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Str(s) => FluentValue::from(s.as_str()),
            };
            (Cow::Owned(k.to_string()), value)
        })
        .collect();
    LOCALES
        .try_lookup_with_args(&lang.id(), key, &map)
        .unwrap_or_else(|| key.to_string())
}

/// Whether the key exists in this very language (no fallback).
pub fn has(lang: Lang, key: &str) -> bool {
    LOCALES
        .lookup_single_language::<&str>(&lang.id(), key, None)
        .is_ok()
}

#[derive(Debug, Clone)]
pub enum Arg {
    Num(f64),
    Str(String),
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n as f64)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_honours_quality() {
        assert_eq!(negotiate("de-CH,de;q=0.9,en;q=0.8"), Lang::parse("de"));
        assert_eq!(negotiate("it,fr;q=0.5,en;q=0.7"), Lang::parse("en"));
        assert_eq!(negotiate("it"), None);
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("ru-RU"), Lang::parse("ru"));
    }

    #[test]
    fn russian_plurals_use_cldr_categories() {
        let ru = Lang::parse("ru").unwrap();
        let one = t_args(ru, "practice-count", &[("count", 1i64.into())]);
        let few = t_args(ru, "practice-count", &[("count", 3i64.into())]);
        let many = t_args(ru, "practice-count", &[("count", 5i64.into())]);
        assert!(one.contains("практика"), "{one}");
        assert!(few.contains("практики"), "{few}");
        assert!(
            many.contains("практик") && !many.contains("практики"),
            "{many}"
        );
    }
}
