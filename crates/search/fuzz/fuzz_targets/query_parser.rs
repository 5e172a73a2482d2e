//! The query parser must accept any text without panicking, and never return
//! more words than it promises to consider.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    if let Some((words, units)) = mhub_search::parse_query_for_fuzzing(&q) {
        assert!(words <= mhub_search::MAX_TERMS);
        assert!(units <= words);
    } else {
        assert!(q.chars().count() > mhub_search::MAX_QUERY_CHARS);
    }
});
