//! How complete a record is, and what its owner should add next.

use serde::Serialize;

use crate::practice::PracticeContent;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completeness {
    /// 0..=100.
    pub score: u8,
    /// Field names still missing, most important first.
    pub missing: Vec<&'static str>,
}

/// Each check is a field and its weight; weights favour what readers use to judge a practice.
pub fn completeness(c: &PracticeContent) -> Completeness {
    let original = c.texts.get(&c.original_language);
    let text = |f: fn(&crate::practice::PracticeText) -> &str| {
        original.is_some_and(|t| !f(t).trim().is_empty())
    };
    let checks: [(&'static str, u32, bool); 20] = [
        ("title", 10, text(|t| &t.title)),
        ("summary", 10, text(|t| &t.summary)),
        ("description", 8, text(|t| &t.description)),
        ("country", 6, !c.country.is_empty()),
        (
            "organisations",
            6,
            c.organisations
                .iter()
                .any(|o| o.role == crate::practice::OrganisationRole::Owner),
        ),
        ("ncd_focus", 6, !c.ncd_focus.is_empty()),
        ("cdhi", 5, !c.cdhi_v1.is_empty() || !c.cdhi_v2.is_empty()),
        ("channels", 5, !c.channels.is_empty()),
        (
            "target_population",
            4,
            c.target_population
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty()),
        ),
        ("stage", 5, c.stage.is_some()),
        ("start_date", 3, c.start_date.is_some()),
        (
            "reach",
            5,
            c.reach.users.is_some()
                || c.reach.professionals.is_some()
                || c.reach.facilities.is_some(),
        ),
        ("evidence.level", 6, c.evidence.level.is_some()),
        (
            "evidence.outcomes",
            5,
            !c.evidence.outcomes.is_empty() || !c.evidence.publications.is_empty(),
        ),
        (
            "funding",
            3,
            c.funding.government_investment.is_some() || c.funding.reimbursed.is_some(),
        ),
        ("licensing", 2, c.licensing.open_source.is_some()),
        ("interoperability", 3, !c.interoperability.is_empty()),
        ("lessons_learned", 4, text(|t| &t.lessons_learned)),
        ("transferability", 4, text(|t| &t.transferability)),
        ("links", 2, !c.links.is_empty()),
    ];
    let total: u32 = checks.iter().map(|(_, w, _)| w).sum();
    let got: u32 = checks
        .iter()
        .filter(|(_, _, ok)| *ok)
        .map(|(_, w, _)| w)
        .sum();
    let mut missing: Vec<_> = checks
        .iter()
        .filter(|(_, _, ok)| !ok)
        .map(|(n, w, _)| (*n, *w))
        .collect();
    missing.sort_by_key(|m| std::cmp::Reverse(m.1));
    Completeness {
        score: (got * 100 / total) as u8,
        missing: missing.into_iter().map(|(n, _)| n).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practice::PracticeText;

    #[test]
    fn empty_record_misses_everything_and_title_raises_score() {
        let mut c = PracticeContent {
            original_language: "en".into(),
            ..Default::default()
        };
        let empty = completeness(&c);
        assert_eq!(empty.score, 0);
        assert_eq!(empty.missing.len(), 20);
        c.texts.insert(
            "en".into(),
            PracticeText {
                title: "T".into(),
                ..Default::default()
            },
        );
        c.country = "ES".into();
        let some = completeness(&c);
        assert_eq!(some.score, 15);
        assert!(!some.missing.contains(&"title"));
        assert!(some.missing.contains(&"summary"));
    }
}
