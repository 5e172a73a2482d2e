//! Every English message is used somewhere: by its literal key in the code or
//! the templates of the other crates, or through a key built from a prefix and
//! a code (`format!("status-{}", ...)` with the code `"published"` written
//! somewhere). A key nothing uses fails here, so dead strings do not pile up in
//! five languages.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crates/")
        .to_path_buf()
}

/// Rust sources and templates of every crate, without tests and messages.
fn sources(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            if !matches!(name.as_str(), "tests" | "locales" | "target" | "benches") {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") || name.ends_with(".html") {
            out.push(std::fs::read_to_string(&path).expect("read source"));
        }
    }
}

fn english_keys() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en");
    let mut keys = BTreeSet::new();
    for e in std::fs::read_dir(dir).expect("locales/en").flatten() {
        let text = std::fs::read_to_string(e.path()).expect("ftl");
        for line in text.lines() {
            if let Some((k, _)) = line.split_once(" =")
                && k.starts_with(|c: char| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                keys.insert(k.to_string());
            }
        }
    }
    keys
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// `word` as a whole token: not part of a longer key.
fn has_token(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        !text[..i].ends_with(is_key_char) && !text[i + word.len()..].starts_with(is_key_char)
    })
}

/// A code as the program writes it: `in_review`, `evidence.level`, `intervention_characteristics`.
fn code_written(text: &str, code: &str) -> bool {
    [
        code.to_string(),
        code.replace('-', "_"),
        code.replace('-', "."),
    ]
    .iter()
    .any(|v| text.contains(&format!("\"{v}\"")))
}

fn used(text: &str, key: &str) -> bool {
    if has_token(text, key) {
        return true;
    }
    let bare = key.strip_suffix("-help").unwrap_or(key);
    // A prefix with the code appended: format!("status-{}", s.as_str()).
    for (i, _) in bare.match_indices('-') {
        let (prefix, code) = (&bare[..=i], &bare[i + 1..]);
        if text.contains(&format!("\"{prefix}{{")) && code_written(text, code) {
            return true;
        }
    }
    // A code with a suffix appended: format!("{prefix}-title"), format!("{prefix}-h{n}").
    if let Some((head, tail)) = key.split_once('-') {
        let numbered = tail.trim_end_matches(|c: char| c.is_ascii_digit());
        let suffix_built = text.contains(&format!("}}-{tail}\""))
            || (numbered.len() < tail.len() && text.contains(&format!("}}-{numbered}{{")));
        if suffix_built && text.contains(&format!("\"{head}\"")) {
            return true;
        }
    }
    false
}

#[test]
fn every_english_message_is_used() {
    let mut files = Vec::new();
    sources(&crates_dir(), &mut files);
    assert!(files.len() > 30, "sources found: {}", files.len());
    let text = files.join("\n");
    let keys = english_keys();
    assert!(keys.len() > 300, "{} keys", keys.len());
    let unused: Vec<&String> = keys.iter().filter(|k| !used(&text, k)).collect();
    assert!(
        unused.is_empty(),
        "messages nothing uses (remove them from every locale):\n{}",
        unused
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_tells_used_from_unused() {
    let text = r#"ui.t("nav-home"); format!("status-{}", s); "in_review"; format!("{prefix}-h{n}"); "about""#;
    assert!(used(text, "nav-home"));
    assert!(used(text, "status-in_review"));
    assert!(used(text, "about-h3"));
    assert!(!used(text, "nav-homely"));
    assert!(!used(text, "status-lost"));
    assert!(!used(text, "privacy-h1"));
    assert!(!used(text, "sort-title"));
}
