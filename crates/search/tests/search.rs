//! Behaviour of the engine over the 114 demo practices.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::collections::{BTreeMap, BTreeSet};

use mhub_core::curation::Status;
use mhub_core::practice::Practice;
use mhub_search::{FACETS, SearchError, SearchIndex, SearchRequest, SortOrder, region_slug};

fn req(q: &str, lang: &str) -> SearchRequest {
    SearchRequest {
        q: q.into(),
        lang: lang.into(),
        limit: 10,
        ..Default::default()
    }
}

fn slugs(idx: &SearchIndex, r: &SearchRequest) -> Vec<String> {
    idx.search(r)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

#[test]
fn issue_examples_find_relevant_practices_in_top_10() {
    let (idx, _, _) = common::index();
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "quit smoking text messages",
            "en",
            &[
                "gb-txt2stop",
                "se-nexit-junior-sms",
                "tr-alo171-online-cessation",
            ],
        ),
        (
            "Herzinsuffizienz Telemonitoring",
            "de",
            &["de-telemonitoring-herzinsuffizienz", "at-herzmobil"],
        ),
        (
            "приложение для диабета",
            "ru",
            &[
                "at-diabcare-tirol",
                "de-diga-glucura",
                "it-trec-diabete-cardio",
            ],
        ),
        (
            "télésurveillance insuffisance cardiaque",
            "fr",
            &["fr-etapes-telesurveillance", "at-herzmobil"],
        ),
        (
            "Estonia patient portal",
            "en",
            &["ee-patient-portal-digilugu"],
        ),
        (
            "Catalunya",
            "es",
            &["es-ct-la-meva-salut", "es-ct-sms-recordatorio-cribado-mama"],
        ),
    ];
    for (q, lang, expected) in cases {
        let top = slugs(&idx, &req(q, lang));
        for e in expected {
            assert!(top.iter().any(|s| s == e), "{q}: {e} not in {top:?}");
        }
    }
}

/// Brute-force facet count of `name` over `docs` matching `keep`.
fn brute(ps: &[Practice], name: &str, keep: impl Fn(&Practice) -> bool) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for p in ps.iter().filter(|p| keep(p)) {
        let c = &p.content;
        let values: BTreeSet<String> = match name {
            "country" => [c.country.clone()].into(),
            "region" => c.regions.iter().map(|r| region_slug(r)).collect(),
            "ncd_focus" => c.ncd_focus.iter().cloned().collect(),
            "channel" => c.channels.iter().cloned().collect(),
            "cdhi_group" => c
                .cdhi_v2
                .iter()
                .filter_map(|x| x.split('.').next())
                .map(str::to_string)
                .collect(),
            "cdhi" => c.cdhi_v1.iter().chain(&c.cdhi_v2).cloned().collect(),
            "cdhi_v1" => c.cdhi_v1.iter().cloned().collect(),
            "cdhi_v2" => c.cdhi_v2.iter().cloned().collect(),
            "stage" => c.stage.iter().cloned().collect(),
            "evidence" => c.evidence.level.iter().cloned().collect(),
            "year" => c.start_year().map(|y| y.to_string()).into_iter().collect(),
            "outcome" => p
                .outcome
                .map(|o| o.as_str().to_string())
                .into_iter()
                .collect(),
            "status" => [p.status.as_str().to_string()].into(),
            "lifecycle" => c.lifecycle.iter().cloned().collect(),
            other => panic!("no brute force for {other}"),
        };
        for v in values {
            *out.entry(v).or_default() += 1;
        }
    }
    out
}

fn as_map(list: &[(String, u64)]) -> BTreeMap<String, u64> {
    list.iter().filter(|(_, n)| *n > 0).cloned().collect()
}

#[test]
fn facet_counts_match_brute_force_without_filters() {
    let (idx, ps, _) = common::index();
    let res = idx
        .search(&SearchRequest {
            limit: 1,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(res.total, ps.len() as u64);
    for name in FACETS {
        assert_eq!(
            as_map(&res.facets[name]),
            brute(&ps, name, |_| true),
            "facet {name}"
        );
    }
}

#[test]
fn or_within_a_facet_and_across_facets_with_own_selection_ignored() {
    let (idx, ps, _) = common::index();
    let mut filters = BTreeMap::new();
    filters.insert(
        "ncd_focus".to_string(),
        vec!["tobacco".to_string(), "alcohol".to_string()],
    );
    filters.insert("channel".to_string(), vec!["mobile_app".to_string()]);
    let res = idx
        .search(&SearchRequest {
            filters,
            limit: 100,
            ..Default::default()
        })
        .expect("search");
    let ncd = |p: &Practice| {
        p.content
            .ncd_focus
            .iter()
            .any(|n| n == "tobacco" || n == "alcohol")
    };
    let app = |p: &Practice| p.content.channels.iter().any(|c| c == "mobile_app");
    let expected: BTreeSet<String> = ps
        .iter()
        .filter(|p| ncd(p) && app(p))
        .map(|p| p.slug.clone())
        .collect();
    assert_eq!(res.total as usize, expected.len());
    let got: BTreeSet<String> = res.hits.iter().map(|h| h.slug.clone()).collect();
    assert_eq!(got, expected);
    // A facet's counts ignore its own selection but apply the others.
    assert_eq!(
        as_map(&res.facets["ncd_focus"]),
        brute(&ps, "ncd_focus", app)
    );
    assert_eq!(as_map(&res.facets["channel"]), brute(&ps, "channel", ncd));
    assert_eq!(
        as_map(&res.facets["country"]),
        brute(&ps, "country", |p| ncd(p) && app(p))
    );
    assert_eq!(
        as_map(&res.facets["cdhi_group"]),
        brute(&ps, "cdhi_group", |p| ncd(p) && app(p))
    );
}

#[test]
fn facets_with_a_text_query_match_brute_force_over_the_hits() {
    let (idx, ps, _) = common::index();
    let mut r = req("diabetes", "en");
    r.limit = 100;
    let res = idx.search(&r).expect("search");
    let hits: BTreeSet<String> = res.hits.iter().map(|h| h.slug.clone()).collect();
    assert_eq!(hits.len() as u64, res.total);
    for name in ["country", "channel", "ncd_focus", "year", "stage"] {
        assert_eq!(
            as_map(&res.facets[name]),
            brute(&ps, name, |p| hits.contains(&p.slug)),
            "facet {name}"
        );
    }
}

#[test]
fn unknown_facet_and_bad_paging_are_client_errors() {
    let (idx, _, _) = common::index();
    let mut r = req("x", "en");
    r.filters.insert("colour".into(), vec!["red".into()]);
    assert!(matches!(idx.search(&r), Err(SearchError::UnknownFacet(_))));
    let r = SearchRequest {
        limit: 0,
        ..Default::default()
    };
    assert!(idx.search(&r).is_err_and(|e| e.is_client_error()));
    let r = SearchRequest {
        limit: 10,
        offset: 1_000_000,
        ..Default::default()
    };
    assert!(idx.search(&r).is_err_and(|e| e.code() == "out_of_range"));
}

#[test]
fn snippets_highlight_in_the_readers_language_when_it_exists() {
    let (idx, _, _) = common::index();
    let res = idx.search(&req("Herzinsuffizienz", "de")).expect("search");
    let hit = res
        .hits
        .iter()
        .find(|h| h.slug == "at-herzmobil")
        .expect("herzmobil");
    assert_eq!(hit.snippet_lang, "de");
    assert!(hit.snippet_html.contains("<b>"), "{}", hit.snippet_html);
    let res = idx.search(&req("smoking", "fr")).expect("search");
    let hit = res
        .hits
        .iter()
        .find(|h| h.slug == "gb-txt2stop")
        .expect("txt2stop");
    // No French text: the original (English) one, highlighted.
    assert_eq!(hit.snippet_lang, "en");
    assert!(hit.snippet_html.contains("<b>"), "{}", hit.snippet_html);
    assert!(!hit.title.is_empty());
}

#[test]
fn phrases_typos_and_prefixes() {
    let (idx, _, _) = common::index();
    let top = slugs(&idx, &req("\"text messages\"", "en"));
    assert!(top.contains(&"se-nexit-junior-sms".to_string()), "{top:?}");
    let top = slugs(&idx, &req("telemonitorng", "en"));
    assert!(!top.is_empty());
    // The last word is still being typed.
    let top = slugs(&idx, &req("insomn", "en"));
    assert!(top.contains(&"gb-sleepio".to_string()), "{top:?}");
}

#[test]
fn empty_query_lists_newest_first_with_exact_totals_and_paging() {
    let (idx, ps, _) = common::index();
    let all = idx
        .search(&SearchRequest {
            limit: 100,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(all.total, ps.len() as u64);
    let ids: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "updated_at grows with id in the fixture");
    let page2 = idx
        .search(&SearchRequest {
            limit: 10,
            offset: 10,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(page2.total, ps.len() as u64);
    assert_eq!(
        page2.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        ids[10..20].to_vec()
    );
    let newest = idx.search(&SearchRequest {
        q: "diabetes".into(),
        sort: SortOrder::Newest,
        limit: 50,
        ..Default::default()
    });
    let ids: Vec<i64> = newest.expect("search").hits.iter().map(|h| h.id).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]));
}

#[test]
fn statuses_scope_results_and_counts() {
    let (idx, ps, catalog) = common::index();
    let mut draft = ps[0].clone();
    draft.status = Status::Draft;
    idx.upsert(&draft, &catalog).expect("upsert");
    idx.commit().expect("commit");
    let public = idx
        .search(&SearchRequest {
            limit: 1,
            ..Default::default()
        })
        .expect("search");
    assert_eq!(public.total, ps.len() as u64 - 1);
    assert_eq!(
        as_map(&public.facets["status"]),
        BTreeMap::from([("published".to_string(), ps.len() as u64 - 1)])
    );
    let editor = SearchRequest {
        statuses: vec!["published".into(), "draft".into()],
        limit: 1,
        ..Default::default()
    };
    assert_eq!(idx.search(&editor).expect("search").total, ps.len() as u64);

    // With words too, whether visibility is left to the collector (most
    // practices are published) or also put in the query (few are drafts).
    let title = draft
        .content
        .texts
        .values()
        .next()
        .expect("text")
        .title
        .clone();
    let public = idx.search(&req(&title, "en")).expect("search");
    assert!(public.total > 0, "other practices share words of {title}");
    assert!(public.hits.iter().all(|h| h.slug != draft.slug));
    assert!(
        as_map(&public.facets["status"])
            .keys()
            .all(|s| s == "published")
    );
    let drafts = idx
        .search(&SearchRequest {
            q: title.clone(),
            statuses: vec!["draft".into()],
            ..Default::default()
        })
        .expect("search");
    assert_eq!(drafts.total, 1);
    assert_eq!(drafts.hits[0].slug, draft.slug);
    assert_eq!(
        as_map(&drafts.facets["status"]),
        BTreeMap::from([("draft".to_string(), 1)])
    );
}

#[test]
fn delete_and_upsert_are_visible_after_commit() {
    let (idx, ps, catalog) = common::index();
    let target = ps.iter().find(|p| p.slug == "gb-sleepio").expect("sleepio");
    idx.delete(target.id).expect("delete");
    // Not committed yet: still found.
    assert!(slugs(&idx, &req("insomnia", "en")).contains(&target.slug));
    idx.commit().expect("commit");
    assert!(!slugs(&idx, &req("insomnia", "en")).contains(&target.slug));
    assert_eq!(idx.num_docs(), ps.len() as u64 - 1);
    let mut changed = target.clone();
    if let Some(t) = changed.content.texts.get_mut("en") {
        t.title = "Sleepio zebrafinch edition".into();
    }
    idx.upsert(&changed, &catalog).expect("upsert");
    idx.upsert(&changed, &catalog)
        .expect("upsert twice replaces");
    idx.commit().expect("commit");
    let res = idx.search(&req("zebrafinch", "en")).expect("search");
    assert_eq!(res.total, 1);
    assert_eq!(res.hits[0].id, target.id);
    assert_eq!(idx.num_docs(), ps.len() as u64);
}

#[test]
fn suggest_offers_vocabulary_terms_and_titles() {
    let (idx, _, _) = common::index();
    let s = idx.suggest("teleme", "en", 8);
    assert!(
        s.iter()
            .any(|x| x.to_lowercase().starts_with("telemedicine")),
        "{s:?}"
    );
    let s = idx.suggest("Slee", "en", 5);
    assert!(s.iter().any(|x| x.starts_with("Sleepio")), "{s:?}");
    assert!(idx.suggest("", "en", 5).is_empty());
    assert!(idx.suggest("\"*:", "xx", 5).is_empty());
}

#[test]
fn on_disk_index_reopens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ps = common::practices();
    let catalog = common::catalog();
    {
        let idx = SearchIndex::open_or_create(dir.path()).expect("create");
        idx.rebuild(ps.clone(), &catalog, |_| {}).expect("rebuild");
    }
    let idx = SearchIndex::open_or_create(dir.path()).expect("reopen");
    assert_eq!(idx.num_docs(), ps.len() as u64);
    assert!(!slugs(&idx, &req("smoking", "en")).is_empty());
}

#[test]
fn a_known_word_being_typed_still_matches_longer_words() {
    let (idx, ps, catalog) = common::index();
    let retitle = |i: usize, title: &str| {
        let mut p = ps[i].clone();
        if let Some(t) = p.content.texts.values_mut().next() {
            t.title = title.into();
        }
        idx.upsert(&p, &catalog).expect("upsert");
        p.slug
    };
    // "zebrafinch" is in two practices (a known word), "zebrafinchery" in one.
    retitle(0, "Zebrafinch registry");
    retitle(1, "Zebrafinch reminders");
    let longer = retitle(2, "Zebrafinchery screening");
    idx.commit().expect("commit");
    // Still typing: the longer word matches too.
    let typing = slugs(&idx, &req("zebrafinch", "en"));
    assert_eq!(typing.len(), 3, "{typing:?}");
    assert!(typing.contains(&longer));
    // A finished word (followed by a space) matches only itself.
    let done = slugs(&idx, &req("zebrafinch ", "en"));
    assert_eq!(done.len(), 2, "{done:?}");
    assert!(!done.contains(&longer));
}

#[test]
fn typo_and_prefix_matches_are_highlighted_in_snippets() {
    let (idx, _, _) = common::index();
    // (query, what every highlight starts with, hits that must show one)
    for (q, wanted, at_least) in [("diabtes", "diabet", 5), ("telemo", "tel", 1)] {
        let found = idx.search(&req(q, "en")).expect("search");
        let marked: Vec<&str> = found
            .hits
            .iter()
            .filter_map(|h| h.snippet_html.split("<b>").nth(1))
            .filter_map(|rest| rest.split("</b>").next())
            .collect();
        // Hits found by a concept alone have nothing to highlight.
        assert!(
            marked.len() >= at_least,
            "{q}: {:?}",
            found
                .hits
                .iter()
                .map(|h| &h.snippet_html)
                .collect::<Vec<_>>()
        );
        assert!(
            marked.iter().all(|m| m.to_lowercase().starts_with(wanted)),
            "{q}: {marked:?}"
        );
    }
}
