//! Bad input never panics or hangs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::time::{Duration, Instant};

use mhub_search::{MAX_QUERY_CHARS, SearchError, SearchRequest};

/// xorshift64*: deterministic random bytes without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn run(idx: &mhub_search::SearchIndex, q: &str) {
    let start = Instant::now();
    let r = SearchRequest {
        q: q.to_string(),
        limit: 10,
        ..Default::default()
    };
    match idx.search(&r) {
        Ok(_) | Err(SearchError::QueryTooLong { .. }) => {}
        Err(e) => panic!("{q:?}: {e}"),
    }
    let _ = idx.suggest(q, "en", 5);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{q:?} took {:?}",
        start.elapsed()
    );
}

#[test]
fn hostile_queries() {
    let (idx, _, _) = common::index();
    let long_words = "word ".repeat(10_000);
    let many_short = "ab ".repeat(300);
    let cases = [
        "",
        " ",
        "AND",
        "OR NOT",
        "-",
        "*",
        ":",
        "\"",
        "\"\"\"",
        "\"unbalanced phrase",
        "title:foo AND (bar OR baz)^3 ~2 [a TO b] {c} /regex/ +must -not \\",
        "\u{0}\u{1}\u{7f}\u{202e}\u{feff}",
        "😀🎉 емодзи",
        &long_words,
        &many_short,
        &"x".repeat(MAX_QUERY_CHARS),
        &"verylongwordwithoutspaces".repeat(39),
    ];
    for q in cases {
        run(&idx, q);
    }
    let too_long = idx.search(&SearchRequest {
        q: long_words,
        ..Default::default()
    });
    assert!(matches!(too_long, Err(SearchError::QueryTooLong { .. })));
}

#[test]
fn random_bytes_never_panic() {
    let (idx, _, _) = common::index();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabet: Vec<char> = "aeiou tsrnl\"*:-()[]{}^~+!\\/ AND OR éßжы\u{0}\t\n😀"
        .chars()
        .collect();
    for i in 0..400 {
        let len = (rng.next() % 120) as usize;
        let q: String = if i % 2 == 0 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect()
        };
        run(&idx, &q);
        let mut r = SearchRequest {
            q,
            limit: 5,
            ..Default::default()
        };
        r.filters
            .insert("country".into(), vec!["\u{0}/\\".into(), String::new()]);
        r.lang = "\u{0}💥".into();
        assert!(
            idx.search(&r).is_ok()
                || matches!(idx.search(&r), Err(SearchError::QueryTooLong { .. }))
        );
    }
}
