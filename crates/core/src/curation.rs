//! The curation workflow: draft → submitted → in_review → published |
//! changes_requested | rejected, then archived; and the EU best-practice
//! criteria reviewers score.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    InReview,
    Published,
    ChangesRequested,
    Rejected,
    Archived,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::Published,
        Status::ChangesRequested,
        Status::Rejected,
        Status::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::Published => "published",
            Status::ChangesRequested => "changes_requested",
            Status::Rejected => "rejected",
            Status::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// States in which the owner may still change the record.
    pub fn owner_may_edit(self) -> bool {
        matches!(self, Status::Draft | Status::ChangesRequested)
    }
}

/// Public outcome of a review that published the practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Best,
    Promising,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Best => "best",
            Outcome::Promising => "promising",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "best" => Some(Outcome::Best),
            "promising" => Some(Outcome::Promising),
            _ => None,
        }
    }
}

/// What a person asks the workflow to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionAction {
    Submit,
    /// Editor: start the review (reviewers must be assigned).
    StartReview,
    Publish,
    RequestChanges,
    Reject,
    Archive,
    /// Editor: bring an archived or rejected record back to draft.
    Reopen,
    /// Editor: bring an archived record back to the state it had before, published
    /// included, without another review.
    Restore,
}

impl TransitionAction {
    /// Every action, in workflow order.
    pub const ALL: [TransitionAction; 8] = [
        Self::Submit,
        Self::StartReview,
        Self::Publish,
        Self::RequestChanges,
        Self::Reject,
        Self::Archive,
        Self::Restore,
        Self::Reopen,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "submit" => Self::Submit,
            "start_review" => Self::StartReview,
            "publish" => Self::Publish,
            "request_changes" => Self::RequestChanges,
            "reject" => Self::Reject,
            "archive" => Self::Archive,
            "reopen" => Self::Reopen,
            "restore" => Self::Restore,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::StartReview => "start_review",
            Self::Publish => "publish",
            Self::RequestChanges => "request_changes",
            Self::Reject => "reject",
            Self::Archive => "archive",
            Self::Reopen => "reopen",
            Self::Restore => "restore",
        }
    }
}

/// The state an action leads to from `from`, or why it cannot.
pub fn next_status(from: Status, action: TransitionAction) -> Result<Status, &'static str> {
    use Status::*;
    use TransitionAction::*;
    match (from, action) {
        (Draft | ChangesRequested, Submit) => Ok(Submitted),
        (Submitted, StartReview) => Ok(InReview),
        (InReview, Publish) => Ok(Published),
        (InReview, RequestChanges) => Ok(ChangesRequested),
        (InReview, Reject) => Ok(Rejected),
        (Published | Rejected, Archive) => Ok(Archived),
        (Archived | Rejected, Reopen) => Ok(Draft),
        // The service restores the state recorded before archiving; this is the
        // usual one.
        (Archived, Restore) => Ok(Published),
        (_, Submit) => Err("only_draft_or_changes_requested_can_be_submitted"),
        (_, StartReview) => Err("only_submitted_can_enter_review"),
        (_, Publish | RequestChanges | Reject) => Err("decision_needs_in_review"),
        (_, Archive) => Err("only_published_or_rejected_can_be_archived"),
        (_, Reopen) => Err("only_archived_or_rejected_can_be_reopened"),
        (_, Restore) => Err("only_archived_can_be_restored"),
    }
}

/// A recorded transition: the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransitionRecord {
    pub from: Status,
    pub to: Status,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub reason: Option<String>,
    pub outcome: Option<Outcome>,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The criteria group a criterion belongs to decides how it is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionGroup {
    /// Pass/fail; all must pass.
    Exclusion,
    /// Scored 1..=5.
    Core,
    /// Scored 1..=5.
    Qualifier,
}

/// The EU Best Practice Portal criteria, in the order they are shown.
pub const CRITERIA: [(&str, CriterionGroup); 10] = [
    ("relevance", CriterionGroup::Exclusion),
    ("intervention_characteristics", CriterionGroup::Exclusion),
    ("evidence_and_theory_based", CriterionGroup::Exclusion),
    ("ethical_aspects", CriterionGroup::Exclusion),
    ("effectiveness_and_efficiency", CriterionGroup::Core),
    ("equity", CriterionGroup::Core),
    ("transferability", CriterionGroup::Qualifier),
    ("sustainability", CriterionGroup::Qualifier),
    ("intersectoral_collaboration", CriterionGroup::Qualifier),
    ("participation", CriterionGroup::Qualifier),
];

pub const SCALE_MAX: i32 = 5;

/// One criterion's score: `passed` for exclusion criteria, `score` for the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionScore {
    pub criterion: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i32>,
    #[serde(default)]
    pub comment: String,
}

/// A reviewer's recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    Best,
    Promising,
    ChangesRequested,
    Reject,
}

impl Recommendation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Best => "best",
            Self::Promising => "promising",
            Self::ChangesRequested => "changes_requested",
            Self::Reject => "reject",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "best" => Self::Best,
            "promising" => Self::Promising,
            "changes_requested" => Self::ChangesRequested,
            "reject" => Self::Reject,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    pub scores: Vec<CriterionScore>,
    pub recommendation: Recommendation,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub reviewer_id: i64,
    pub reviewer_name: Option<String>,
    pub scores: Vec<CriterionScore>,
    pub recommendation: Recommendation,
    pub comment: String,
    #[serde(with = "time::serde::rfc3339")]
    pub submitted_at: OffsetDateTime,
}

/// Checks a review: every criterion scored once, in the form its group needs.
pub fn validate_review(input: &ReviewInput) -> Vec<crate::FieldError> {
    use crate::FieldError;
    let mut errors = Vec::new();
    for (i, s) in input.scores.iter().enumerate() {
        let field = format!("scores[{i}]");
        match CRITERIA.iter().find(|(c, _)| *c == s.criterion) {
            None => errors.push(FieldError::new(
                format!("{field}.criterion"),
                "unknown_code",
            )),
            Some((_, CriterionGroup::Exclusion)) => {
                if s.passed.is_none() || s.score.is_some() {
                    errors.push(FieldError::new(
                        format!("{field}.passed"),
                        "pass_fail_required",
                    ));
                }
            }
            Some(_) => match s.score {
                Some(v) if (1..=SCALE_MAX).contains(&v) && s.passed.is_none() => {}
                _ => errors.push(
                    FieldError::new(format!("{field}.score"), "out_of_range")
                        .with("min", 1)
                        .with("max", SCALE_MAX),
                ),
            },
        }
        if s.comment.chars().count() > 4000 {
            errors.push(FieldError::new(format!("{field}.comment"), "too_long").with("max", 4000));
        }
        if input.scores[..i].iter().any(|o| o.criterion == s.criterion) {
            errors.push(FieldError::new(format!("{field}.criterion"), "duplicate"));
        }
    }
    for (code, _) in CRITERIA {
        if !input.scores.iter().any(|s| s.criterion == code) {
            errors.push(FieldError::new(format!("scores.{code}"), "required"));
        }
    }
    // A practice failing an exclusion criterion cannot be recommended for publication.
    let excluded = input.scores.iter().any(|s| s.passed == Some(false));
    if excluded
        && matches!(
            input.recommendation,
            Recommendation::Best | Recommendation::Promising
        )
    {
        errors.push(FieldError::new("recommendation", "excluded_by_criteria"));
    }
    if input.comment.chars().count() > 10_000 {
        errors.push(FieldError::new("comment", "too_long").with("max", 10_000));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_is_either_allowed_or_refused_with_reason() {
        let actions = [
            TransitionAction::Submit,
            TransitionAction::StartReview,
            TransitionAction::Publish,
            TransitionAction::RequestChanges,
            TransitionAction::Reject,
            TransitionAction::Archive,
            TransitionAction::Reopen,
        ];
        let mut allowed = 0;
        for s in Status::ALL {
            for a in actions {
                if next_status(s, a).is_ok() {
                    allowed += 1;
                }
            }
        }
        assert_eq!(allowed, 10);
        assert_eq!(
            next_status(Status::Draft, TransitionAction::Publish),
            Err("decision_needs_in_review")
        );
        assert_eq!(
            next_status(Status::InReview, TransitionAction::Publish),
            Ok(Status::Published)
        );
    }

    fn full_review(rec: Recommendation) -> ReviewInput {
        ReviewInput {
            scores: CRITERIA
                .iter()
                .map(|(c, g)| CriterionScore {
                    criterion: c.to_string(),
                    passed: (*g == CriterionGroup::Exclusion).then_some(true),
                    score: (*g != CriterionGroup::Exclusion).then_some(4),
                    comment: String::new(),
                })
                .collect(),
            recommendation: rec,
            comment: String::new(),
        }
    }

    #[test]
    fn complete_review_is_valid_and_gaps_are_named() {
        assert!(validate_review(&full_review(Recommendation::Best)).is_empty());
        let mut r = full_review(Recommendation::Best);
        r.scores.remove(5);
        r.scores[4].score = Some(9);
        r.scores[0].passed = Some(false);
        let errs = validate_review(&r);
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"scores.equity"), "{fields:?}");
        assert!(fields.contains(&"scores[4].score"), "{fields:?}");
        assert!(fields.contains(&"recommendation"), "{fields:?}");
    }
}
