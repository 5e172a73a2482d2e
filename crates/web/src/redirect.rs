//! The one rule for every redirect whose target a request can influence
//! (`next=` after sign-in, the language switcher, the "reload the form" link):
//! only a path on this site, never another origin and never a 500.

use axum::http::{HeaderValue, Uri};
use mhub_i18n::Lang;

/// How many rounds of percent-decoding are inspected (`%2509` hides `%09`).
const DECODE_ROUNDS: usize = 3;

/// `candidate` when it is a same-origin path that is safe in a `Location` header:
/// a single leading `/`, no scheme, no authority (`//`), no backslash, and no
/// control character or whitespace, neither as such nor percent-encoded.
pub fn local_path(candidate: &str) -> Option<&str> {
    // Visible ASCII only: no control characters, no whitespace, no raw non-ASCII.
    if !candidate.starts_with('/')
        || candidate.starts_with("//")
        || candidate.contains('\\')
        || !candidate.bytes().all(|b| b.is_ascii_graphic())
    {
        return None;
    }
    let mut decoded = candidate.as_bytes().to_vec();
    for _ in 0..DECODE_ROUNDS {
        let next = percent_decode(&decoded);
        let text = String::from_utf8_lossy(&next);
        if next.starts_with(b"//")
            || next.contains(&b'\\')
            || text.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return None;
        }
        if next == decoded {
            break;
        }
        decoded = next;
    }
    let uri: Uri = candidate.parse().ok()?;
    if uri.scheme().is_some() || uri.authority().is_some() || !uri.path().starts_with('/') {
        return None;
    }
    HeaderValue::from_str(candidate).ok()?;
    Some(candidate)
}

/// `candidate` when [`local_path`] accepts it, else the language's home page.
pub fn local_or_home(lang: Lang, candidate: &str) -> String {
    local_path(candidate)
        .map(str::to_string)
        .unwrap_or_else(|| format!("/{}/", lang.code()))
}

/// One round of `%XY` decoding; malformed escapes stay as they are.
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%'
            && let (Some(h), Some(l)) = (
                input.get(i + 1).copied().and_then(hex),
                input.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(input[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evil_targets_are_refused() {
        let evil = [
            "",
            "evil.example",
            "https://evil.example/",
            "http:/evil.example",
            "javascript:alert(1)",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "\\\\evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/\t/evil.example/",
            "/%09/evil.example/",
            "/%0a",
            "/%0A",
            "/%0d%0aSet-Cookie:%20a=b",
            "/\r\nSet-Cookie: a=b",
            "/\n",
            "/%00",
            "/%7f",
            "/ /evil.example",
            "/%20/evil.example",
            "/%2509/evil.example",
            "/%252F/evil.example",
            "/%C2%A0evil",
            "/%E2%80%A8",
            "/caf\u{e9}",
            " /en/",
            "/en/\u{0}",
        ];
        for target in evil {
            assert_eq!(local_path(target), None, "{target:?} must be refused");
            assert_eq!(local_or_home(Lang::default(), target), "/en/", "{target:?}");
        }
    }

    #[test]
    fn local_paths_pass_unchanged() {
        for good in [
            "/",
            "/en/account",
            "/fr/practices?country=FR&q=diab%C3%A8te",
            "/de/practices/es-diabetes-sms/edit#curation",
            "/en/search?q=a%2Bb",
            "/es/practices/caf%C3%A9",
        ] {
            assert_eq!(local_path(good), Some(good));
        }
    }
}
