//! Curation in the browser: the panel on a practice page for its owners,
//! reviewers and editors; submitting, assigning reviewers, scoring against the
//! criteria, deciding; the reviewer's queue; the revision history with diffs.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use mhub_core::CoreError;
use mhub_core::accounts::Role;
use mhub_core::curation::{
    CRITERIA, CriterionGroup, CriterionScore, Outcome, Recommendation, ReviewInput, Status,
    TransitionAction, TransitionRecord,
};
use mhub_core::hub::PracticeView;

use super::account::{date, require_sign_in};
use super::forms::{self, SummaryError};
use super::pages::{PracticeItem, SelectOption, lang_or_404, status_class};
use super::{Chrome, HtmlError, OrPage, Ui, html};
use crate::AppState;
use crate::extract::{CurrentActor, QueryPairs};

type PageResult = Result<Response, HtmlError>;

pub struct ScoreView {
    pub criterion: String,
    pub value: String,
    pub comment: String,
}

pub struct ReviewView {
    pub reviewer: String,
    pub recommendation: String,
    pub comment: String,
    pub submitted: String,
    pub scores: Vec<ScoreView>,
}

pub struct TransitionView {
    pub from: String,
    pub to: String,
    pub by: String,
    pub reason: String,
    pub outcome: String,
    pub at: String,
}

/// A workflow step offered as its own button (archive, reopen, start review):
/// one POST form each; `confirm` ones first show a confirmation page.
pub struct WorkflowAction {
    pub action: &'static str,
    pub label: String,
    pub help: String,
    pub danger: bool,
}

fn workflow_action(ui: Ui, action: TransitionAction) -> Option<WorkflowAction> {
    let (label, help, danger) = match action {
        TransitionAction::StartReview => (
            ui.t("workflow-start-review"),
            ui.t("workflow-start-review-help"),
            false,
        ),
        TransitionAction::Archive => (
            ui.t("workflow-archive"),
            ui.t("workflow-archive-help"),
            true,
        ),
        TransitionAction::Reopen => (ui.t("workflow-reopen"), ui.t("workflow-reopen-help"), false),
        TransitionAction::Restore => (
            ui.t("workflow-restore"),
            ui.t("workflow-restore-help"),
            false,
        ),
        // Submitting and deciding have their own forms on the panel.
        _ => return None,
    };
    Some(WorkflowAction {
        action: action.as_str(),
        label,
        help,
        danger,
    })
}

async fn is_assigned_reviewer(state: &AppState, actor: &CurrentActor, slug: &str) -> bool {
    state
        .hub
        .review_queue(&actor.actor)
        .await
        .is_ok_and(|q| q.iter().any(|p| p.slug == slug))
}

/// Accounts an editor may assign as reviewers. Only curators get the list.
async fn reviewer_options(state: &AppState, actor: &CurrentActor) -> Option<Vec<SelectOption>> {
    let reviewers = state.hub.reviewers(&actor.actor).await.ok()?;
    Some(
        reviewers
            .into_iter()
            .map(|a| SelectOption {
                value: a.id.to_string(),
                label: format!("{} <{}>", a.display_name, a.email),
                selected: false,
            })
            .collect(),
    )
}

pub async fn panel(
    state: &AppState,
    actor: &CurrentActor,
    ui: Ui,
    view: &PracticeView,
    q: &QueryPairs,
) -> Result<super::pages::Curation, HtmlError> {
    let lang = ui.lang;
    let l = ui.code();
    let p = &view.practice;
    let reviews = state
        .hub
        .reviews(&actor.actor, &p.slug)
        .await
        .or_page(lang)?;
    let transitions = state
        .hub
        .transitions(&actor.actor, &p.slug)
        .await
        .or_page(lang)?;
    let available = state
        .hub
        .available_transitions(&actor.actor, &p.slug)
        .await
        .or_page(lang)?;
    let assigned = is_assigned_reviewer(state, actor, &p.slug).await;
    let in_review = p.status == Status::InReview;
    let assign = if matches!(p.status, Status::Submitted | Status::InReview) {
        reviewer_options(state, actor).await
    } else {
        None
    };
    let notice = match q.one("done").ok().flatten().as_deref() {
        Some("saved") => Some(ui.t("notice-saved")),
        Some("submit") => Some(ui.t("notice-submitted")),
        Some("assigned") => Some(ui.t("notice-assigned")),
        Some("review") => Some(ui.t("notice-reviewed")),
        Some("decided") => Some(ui.t("notice-decided")),
        Some("archived") => Some(ui.t("notice-archived")),
        Some("reopened") => Some(ui.t("notice-reopened")),
        Some("review_started") => Some(ui.t("notice-review-started")),
        Some("restored") => Some(ui.t("notice-restored")),
        Some("proposed") => Some(ui.t("notice-proposed")),
        Some("archive_requested") => Some(ui.t("notice-archive-requested")),
        Some("update_approved") => Some(ui.t("notice-update-approved")),
        Some("request_closed") => Some(ui.t("notice-request-closed")),
        _ => None,
    };
    let error = q
        .one("problem")
        .ok()
        .flatten()
        .filter(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(|k| {
            let key = format!("transition-{}", k.replace('_', "-"));
            if mhub_i18n::has(mhub_i18n::Lang::default(), &key) {
                ui.t(&key)
            } else {
                ui.t(&format!("error-{k}"))
            }
        });
    Ok(super::pages::Curation {
        status: ui.t(&format!("status-{}", p.status.as_str())),
        status_class: status_class(p.status),
        completeness: view.completeness.score,
        missing: view
            .completeness
            .missing
            .iter()
            .map(|f| ui.t(&format!("completeness-{}", f.replace('.', "-"))))
            .collect(),
        edit_href: view
            .can_edit
            .then(|| format!("/{l}/practices/{}/edit", p.slug)),
        propose_href: view
            .can_propose_update
            .then(|| format!("/{l}/practices/{}/edit", p.slug)),
        pending: view
            .pending_requests
            .iter()
            .map(|r| {
                (
                    format!("/{l}/requests/{}", r.id),
                    ui.ts(
                        &format!("request-kind-{}", r.kind.as_str()),
                        "author",
                        r.author_name.as_deref().unwrap_or(""),
                    ),
                )
            })
            .collect(),
        history_href: format!("/{l}/practices/{}/history", p.slug),
        can_submit: available.contains(&TransitionAction::Submit),
        transition_action: format!("/{l}/practices/{}/transition", p.slug),
        csrf: forms::csrf_of(actor),
        review_href: (assigned && in_review).then(|| format!("/{l}/practices/{}/review", p.slug)),
        can_decide: available.contains(&TransitionAction::Publish),
        workflow: available
            .iter()
            .filter_map(|a| workflow_action(ui, *a))
            .chain(view.can_request_archive.then(|| WorkflowAction {
                action: "request_archive",
                label: ui.t("workflow-request-archive"),
                help: ui.t("workflow-request-archive-help"),
                danger: true,
            }))
            .collect(),
        assign,
        assign_action: format!("/{l}/practices/{}/assign", p.slug),
        reviews: reviews
            .iter()
            .map(|r| ReviewView {
                reviewer: r
                    .reviewer_name
                    .clone()
                    .unwrap_or_else(|| ui.t("review-anonymous")),
                recommendation: ui.t(&format!("recommendation-{}", r.recommendation.as_str())),
                comment: r.comment.clone(),
                submitted: date(r.submitted_at),
                scores: r
                    .scores
                    .iter()
                    .map(|s| ScoreView {
                        criterion: ui.t(&format!("criterion-{}", s.criterion.replace('_', "-"))),
                        value: match (s.passed, s.score) {
                            (Some(true), _) => ui.t("review-pass"),
                            (Some(false), _) => ui.t("review-fail"),
                            (_, Some(n)) => format!("{n} / 5"),
                            _ => String::new(),
                        },
                        comment: s.comment.clone(),
                    })
                    .collect(),
            })
            .collect(),
        transitions: transition_views(ui, &transitions),
        version: p.version,
        notice,
        error,
    })
}

/// The workflow steps of a practice, oldest first, as the panel and the history show them.
fn transition_views(ui: Ui, transitions: &[TransitionRecord]) -> Vec<TransitionView> {
    transitions
        .iter()
        .map(|t| TransitionView {
            from: ui.t(&format!("status-{}", t.from.as_str())),
            to: ui.t(&format!("status-{}", t.to.as_str())),
            by: t.actor_name.clone().unwrap_or_default(),
            reason: t.reason.clone().unwrap_or_default(),
            // Archiving keeps the outcome; it is news only where a review gave it.
            outcome: t
                .outcome
                .filter(|_| t.to == Status::Published)
                .map(|o| ui.t(&format!("outcome-{}", o.as_str())))
                .unwrap_or_default(),
            at: date(t.at),
        })
        .collect()
}

/// Back to the practice page, saying what happened or why it could not.
fn back(l: &str, slug: &str, result: Result<&str, CoreError>) -> Response {
    match result {
        Ok(done) => forms::see_other(&format!("/{l}/practices/{slug}?done={done}#curation")),
        Err(e) => {
            let code = match &e {
                CoreError::InvalidTransition { reason, .. } => reason.clone(),
                CoreError::Validation(errs) => errs
                    .first()
                    .map(|e| format!("{}_{}", e.field, e.code))
                    .unwrap_or_default(),
                _ => "forbidden".to_string(),
            };
            let code: String = code
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            forms::see_other(&format!("/{l}/practices/{slug}?problem={code}#curation"))
        }
    }
}

#[derive(Template)]
#[template(path = "confirm_transition.html")]
struct ConfirmPage {
    chrome: Chrome,
    heading: String,
    intro: String,
    action: &'static str,
    submit: String,
    form_action: String,
    practice_href: String,
    csrf: String,
    error: Option<String>,
}

/// Which destructive step a confirmation page is for: its form action and the
/// keys of its texts.
struct Confirming {
    action: &'static str,
    title: &'static str,
    intro: &'static str,
    submit: &'static str,
}

impl Confirming {
    fn archive() -> Self {
        Confirming {
            action: "archive",
            title: "workflow-archive-confirm-title",
            intro: "workflow-archive-confirm-intro",
            submit: "workflow-archive-confirm-submit",
        }
    }
    fn request_archive() -> Self {
        Confirming {
            action: "request_archive",
            title: "workflow-request-archive-confirm-title",
            intro: "workflow-request-archive-confirm-intro",
            submit: "workflow-request-archive-confirm-submit",
        }
    }
}

/// An owner asks an editor to archive a published practice: confirmed, with a
/// reason, like archiving itself.
async fn request_archive(
    state: &AppState,
    actor: &CurrentActor,
    ui: Ui,
    slug: &str,
    form: &QueryPairs,
    reason: Option<String>,
) -> PageResult {
    if forms::text(form, "confirm") != "yes" {
        return confirm_page(state, actor, ui, slug, Confirming::request_archive(), None).await;
    }
    match state.hub.request_archive(&actor.actor, slug, reason).await {
        Ok(_) => Ok(back(ui.code(), slug, Ok("archive_requested"))),
        Err(CoreError::Validation(errs)) => {
            let msg = errs.first().map(|e| forms::message(ui, e));
            confirm_page(state, actor, ui, slug, Confirming::request_archive(), msg).await
        }
        Err(e @ (CoreError::InvalidTransition { .. } | CoreError::Conflict { .. })) => {
            Ok(back(ui.code(), slug, Err(e)))
        }
        Err(e) => Err(HtmlError {
            lang: ui.lang,
            err: e.into(),
        }),
    }
}

/// The confirmation step of a destructive action, a page of its own so it works without
/// JavaScript; its form posts the action again with `confirm=yes`.
async fn confirm_page(
    state: &AppState,
    actor: &CurrentActor,
    ui: Ui,
    slug: &str,
    confirming: Confirming,
    error: Option<String>,
) -> PageResult {
    let l = ui.code();
    let view = state
        .hub
        .practice(&actor.actor, slug)
        .await
        .or_page(ui.lang)?;
    let title = view
        .practice
        .content
        .text_for(l)
        .map(|(_, t, _)| t.title.clone())
        .unwrap_or_else(|| slug.to_string());
    let heading = ui.ts(confirming.title, "title", &title);
    let page = ConfirmPage {
        chrome: Chrome::new(ui.lang, heading.clone(), &format!("/practices/{slug}"))
            .with(actor)
            .section("practices"),
        heading,
        intro: ui.t(confirming.intro),
        action: confirming.action,
        submit: ui.t(confirming.submit),
        form_action: format!("/{l}/practices/{slug}/transition"),
        practice_href: format!("/{l}/practices/{slug}#curation"),
        csrf: forms::csrf_of(actor),
        error,
    };
    let status = if page.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(status, page.render()))
}

/// Every workflow step, one form field `action`: submit, start review, publish,
/// request changes, reject, archive (after a confirmation page), reopen.
pub async fn transition(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let form = forms::parse(&body);
    let reason = forms::text(&form, "reason");
    let reason = (!reason.is_empty()).then_some(reason);
    let (action, outcome, done) = match forms::text(&form, "action").as_str() {
        "submit" => (TransitionAction::Submit, None, "submit"),
        "start_review" => (TransitionAction::StartReview, None, "review_started"),
        "publish_best" => (TransitionAction::Publish, Some(Outcome::Best), "decided"),
        "publish_promising" => (
            TransitionAction::Publish,
            Some(Outcome::Promising),
            "decided",
        ),
        "request_changes" => (TransitionAction::RequestChanges, None, "decided"),
        "reject" => (TransitionAction::Reject, None, "decided"),
        "archive" => (TransitionAction::Archive, None, "archived"),
        "reopen" => (TransitionAction::Reopen, None, "reopened"),
        "restore" => (TransitionAction::Restore, None, "restored"),
        "request_archive" => {
            return request_archive(&state, &actor, Ui { lang }, &slug, &form, reason).await;
        }
        _ => {
            return Ok(back(
                lang.code(),
                &slug,
                Err(CoreError::field("action", "required")),
            ));
        }
    };
    // Archiving hides a public record: ask first, unless it cannot be done anyway
    // (then the Hub's refusal is shown on the panel).
    if action == TransitionAction::Archive
        && forms::text(&form, "confirm") != "yes"
        && state
            .hub
            .available_transitions(&actor.actor, &slug)
            .await
            .or_page(lang)?
            .contains(&action)
    {
        return confirm_page(
            &state,
            &actor,
            Ui { lang },
            &slug,
            Confirming::archive(),
            None,
        )
        .await;
    }
    let result = state
        .hub
        .transition(&actor.actor, &slug, action, outcome, reason)
        .await;
    match result {
        Ok(_) => Ok(back(lang.code(), &slug, Ok(done))),
        // A confirmed archive without its reason: ask again on the same page.
        Err(CoreError::Validation(errs)) if action == TransitionAction::Archive => {
            let msg = errs.first().map(|e| forms::message(Ui { lang }, e));
            confirm_page(
                &state,
                &actor,
                Ui { lang },
                &slug,
                Confirming::archive(),
                msg,
            )
            .await
        }
        Err(e @ (CoreError::InvalidTransition { .. } | CoreError::Validation(_))) => {
            Ok(back(lang.code(), &slug, Err(e)))
        }
        Err(e) => Err(HtmlError {
            lang,
            err: e.into(),
        }),
    }
}

pub async fn assign(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let form = forms::parse(&body);
    let ids: Vec<i64> = forms::all(&form, "reviewer")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    match state.hub.assign_reviewers(&actor.actor, &slug, &ids).await {
        Ok(_) => Ok(back(lang.code(), &slug, Ok("assigned"))),
        Err(e @ (CoreError::InvalidTransition { .. } | CoreError::Validation(_))) => {
            Ok(back(lang.code(), &slug, Err(e)))
        }
        Err(e) => Err(HtmlError {
            lang,
            err: e.into(),
        }),
    }
}

// ------------------------------------------------------------ review form

pub struct CriterionInput {
    pub name: String,
    pub label: String,
    pub help: String,
    pub exclusion: bool,
    pub value: String,
    pub comment: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    chrome: Chrome,
    title: String,
    practice_href: String,
    action: String,
    csrf: String,
    groups: Vec<(String, String, Vec<CriterionInput>)>,
    recommendations: Vec<SelectOption>,
    recommendation_error: Option<String>,
    comment: String,
    errors: Vec<SummaryError>,
}

fn criteria_inputs(ui: Ui, form: Option<&QueryPairs>) -> Vec<CriterionInput> {
    CRITERIA
        .iter()
        .map(|(c, g)| {
            let key = c.replace('_', "-");
            CriterionInput {
                name: c.to_string(),
                label: ui.t(&format!("criterion-{key}")),
                help: ui.t(&format!("criterion-{key}-help")),
                exclusion: *g == CriterionGroup::Exclusion,
                value: form
                    .map(|f| forms::text(f, &format!("score_{c}")))
                    .unwrap_or_default(),
                comment: form
                    .map(|f| forms::text(f, &format!("comment_{c}")))
                    .unwrap_or_default(),
                error: None,
            }
        })
        .collect()
}

fn review_page(
    ui: Ui,
    actor: &CurrentActor,
    view: &PracticeView,
    inputs: Vec<CriterionInput>,
    recommendation: &str,
    comment: String,
    recommendation_error: Option<String>,
) -> ReviewPage {
    let l = ui.code();
    let p = &view.practice;
    let title = p
        .content
        .text_for(l)
        .map(|(_, t, _)| t.title.clone())
        .unwrap_or_else(|| p.slug.clone());
    let mut errors: Vec<SummaryError> = inputs
        .iter()
        .filter_map(|i| {
            i.error.as_ref().map(|e| SummaryError {
                href: format!(
                    "#score-{}-{}",
                    i.name,
                    if i.exclusion { "pass" } else { "1" }
                ),
                text: format!("{}: {e}", i.label),
            })
        })
        .collect();
    if let Some(e) = &recommendation_error {
        errors.push(SummaryError {
            href: "#recommendation-best".into(),
            text: format!("{}: {e}", ui.t("review-recommendation")),
        });
    }
    let mut groups: Vec<(String, String, Vec<CriterionInput>)> = vec![
        (
            ui.t("review-group-exclusion"),
            ui.t("review-group-exclusion-help"),
            vec![],
        ),
        (
            ui.t("review-group-core"),
            ui.t("review-group-core-help"),
            vec![],
        ),
        (
            ui.t("review-group-qualifier"),
            ui.t("review-group-qualifier-help"),
            vec![],
        ),
    ];
    for (input, (_, g)) in inputs.into_iter().zip(CRITERIA.iter()) {
        let i = match g {
            CriterionGroup::Exclusion => 0,
            CriterionGroup::Core => 1,
            CriterionGroup::Qualifier => 2,
        };
        groups[i].2.push(input);
    }
    ReviewPage {
        chrome: Chrome::new(
            ui.lang,
            ui.ts("review-title", "title", &title),
            &format!("/practices/{}/review", p.slug),
        )
        .with(actor)
        .section("review"),
        title,
        practice_href: format!("/{l}/practices/{}", p.slug),
        action: format!("/{l}/practices/{}/review", p.slug),
        csrf: forms::csrf_of(actor),
        groups,
        recommendations: ["best", "promising", "changes_requested", "reject"]
            .iter()
            .map(|r| SelectOption {
                value: r.to_string(),
                label: ui.t(&format!("recommendation-{r}")),
                selected: *r == recommendation,
            })
            .collect(),
        recommendation_error,
        comment,
        errors,
    }
}

pub async fn review_form(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/practices/{slug}/review")) {
        return Ok(r);
    }
    let ui = Ui { lang };
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    let page = review_page(
        ui,
        &actor,
        &view,
        criteria_inputs(ui, None),
        "",
        String::new(),
        None,
    );
    Ok(html(StatusCode::OK, page.render()))
}

pub async fn review(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    let ui = Ui { lang };
    let form = forms::parse(&body);
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    let mut inputs = criteria_inputs(ui, Some(&form));
    let mut scores = Vec::new();
    for i in &mut inputs {
        let (passed, score) = if i.exclusion {
            match i.value.as_str() {
                "pass" => (Some(true), None),
                "fail" => (Some(false), None),
                _ => (None, None),
            }
        } else {
            (None, i.value.parse::<i32>().ok())
        };
        if passed.is_none() && score.is_none() {
            i.error = Some(ui.t(if i.exclusion {
                "field-error-pass_fail_required"
            } else {
                "review-score-required"
            }));
        }
        scores.push(CriterionScore {
            criterion: i.name.clone(),
            passed,
            score,
            comment: i.comment.clone(),
        });
    }
    let rec_text = forms::text(&form, "recommendation");
    let recommendation = Recommendation::parse(&rec_text);
    let comment = forms::text(&form, "comment");
    let rec_error = recommendation
        .is_none()
        .then(|| ui.t("field-error-required"));
    if let (Some(recommendation), false) =
        (recommendation, inputs.iter().any(|i| i.error.is_some()))
    {
        let input = ReviewInput {
            scores,
            recommendation,
            comment: comment.clone(),
        };
        match state.hub.submit_review(&actor.actor, &slug, input).await {
            Ok(_) => return Ok(back(lang.code(), &slug, Ok("review"))),
            Err(CoreError::Validation(errs)) => {
                for e in &errs {
                    // `scores[3].score` → the fourth criterion.
                    let idx = e
                        .field
                        .strip_prefix("scores[")
                        .and_then(|r| r.split(']').next())
                        .and_then(|n| n.parse::<usize>().ok());
                    match idx.and_then(|i| inputs.get_mut(i)) {
                        Some(input) => input.error = Some(forms::message(ui, e)),
                        None => {
                            if let Some(first) = inputs.first_mut() {
                                first.error = Some(forms::message(ui, e));
                            }
                        }
                    }
                }
            }
            Err(e @ CoreError::InvalidTransition { .. }) => {
                return Ok(back(lang.code(), &slug, Err(e)));
            }
            Err(e) => {
                return Err(HtmlError {
                    lang,
                    err: e.into(),
                });
            }
        }
    }
    let page = review_page(ui, &actor, &view, inputs, &rec_text, comment, rec_error);
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()))
}

// ------------------------------------------------------------ queue

pub struct QueueRow {
    pub item: PracticeItem,
    pub status: String,
    pub status_class: &'static str,
    pub review_href: String,
    pub submitted: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    chrome: Chrome,
    mine: Vec<QueueRow>,
    waiting: Option<Vec<QueueRow>>,
    /// Owners' pending requests, for editors: (link, practice title, kind, author, date).
    requests: Option<Vec<RequestRow>>,
}

pub struct RequestRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub author: String,
    pub created: String,
}

pub async fn queue(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path(lang): Path<String>,
    headers: HeaderMap,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, "/review") {
        return Ok(r);
    }
    let ui = Ui { lang };
    let l = lang.code();
    let catalog = state.hub.catalog();
    let row = |p: &mhub_core::practice::Practice| QueueRow {
        item: PracticeItem::new(p, ui, &catalog),
        status: ui.t(&format!("status-{}", p.status.as_str())),
        status_class: status_class(p.status),
        review_href: format!("/{l}/practices/{}#curation", p.slug),
        submitted: date(p.updated_at),
    };
    let mine: Vec<QueueRow> = state
        .hub
        .review_queue(&actor.actor)
        .await
        .or_page(lang)?
        .iter()
        .map(row)
        .collect();
    // Editors also see what waits for reviewers to be assigned; a focal point
    // sees it for their own country.
    let account = actor.actor.account.as_ref();
    let focal_country = account
        .filter(|a| a.role == Role::FocalPoint)
        .and_then(|a| a.country.clone());
    let waiting = if actor.actor.role().is_some_and(Role::is_curator) || focal_country.is_some() {
        let q = mhub_core::hub::PracticeQuery {
            status: vec!["submitted".into(), "in_review".into()],
            country: focal_country.into_iter().collect(),
            sort: Some("updated".into()),
            limit: Some(100),
            ..Default::default()
        };
        Some(
            state
                .hub
                .practices_page(&actor.actor, &q)
                .await
                .or_page(lang)?
                .iter()
                .map(row)
                .collect(),
        )
    } else {
        None
    };
    let page = QueuePage {
        chrome: Chrome::new(lang, ui.t("queue-title"), "/review")
            .with(&actor)
            .section("review"),
        mine,
        waiting,
        requests: request_rows(&state, &actor, ui).await?,
    };
    Ok(html(StatusCode::OK, page.render()))
}

/// Owners' pending requests, oldest first, for the people who decide them.
async fn request_rows(
    state: &AppState,
    actor: &CurrentActor,
    ui: Ui,
) -> Result<Option<Vec<RequestRow>>, HtmlError> {
    if !actor.actor.role().is_some_and(Role::is_curator) {
        return Ok(None);
    }
    let page = state
        .hub
        .request_queue(&actor.actor, 1)
        .await
        .or_page(ui.lang)?;
    Ok(Some(
        page.items
            .iter()
            .map(|r| RequestRow {
                href: format!("/{}/requests/{}", ui.code(), r.id),
                title: r.practice_title.clone(),
                kind: ui.t(&format!("request-{}", r.kind.as_str())),
                author: r.author_name.clone().unwrap_or_default(),
                created: date(r.created_at),
            })
            .collect(),
    ))
}

// ------------------------------------------------------------ history

pub struct RevisionRow {
    pub number: i64,
    pub author: String,
    pub at: String,
    pub note: String,
    pub href: Option<String>,
    pub current: bool,
}

pub struct ChangeRow {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage {
    chrome: Chrome,
    title: String,
    practice_href: String,
    revisions: Vec<RevisionRow>,
    shown: Option<i64>,
    changes: Vec<ChangeRow>,
    /// Workflow steps with their reasons (archiving, restoring, decisions).
    steps: Vec<TransitionView>,
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) if a.iter().all(|x| x.is_string()) => a
            .iter()
            .filter_map(|x| x.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

pub async fn history(
    State(state): State<AppState>,
    actor: CurrentActor,
    Path((lang, slug)): Path<(String, String)>,
    headers: HeaderMap,
    q: QueryPairs,
) -> PageResult {
    let lang = lang_or_404(&lang, &headers)?;
    if let Some(r) = require_sign_in(lang, &actor, &format!("/practices/{slug}/history")) {
        return Ok(r);
    }
    let ui = Ui { lang };
    let l = lang.code();
    let view = state
        .hub
        .practice(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    let mut revisions = state
        .hub
        .revisions(&actor.actor, &slug)
        .await
        .or_page(lang)?;
    revisions.sort_by_key(|r| std::cmp::Reverse(r.number));
    let latest = revisions.first().map(|r| r.number);
    let shown = q.int("revision").ok().flatten().or(latest);
    let changes = match shown {
        Some(n) if n > 1 => state
            .hub
            .revision_diff(&actor.actor, &slug, n - 1, n)
            .await
            .or_page(lang)?
            .iter()
            .map(|c| ChangeRow {
                field: c.field.clone(),
                before: show(&c.before),
                after: show(&c.after),
            })
            .collect(),
        _ => Vec::new(),
    };
    let title = view
        .practice
        .content
        .text_for(l)
        .map(|(_, t, _)| t.title.clone())
        .unwrap_or_else(|| slug.clone());
    let page = HistoryPage {
        chrome: Chrome::new(
            lang,
            ui.ts("history-title", "title", &title),
            &format!("/practices/{slug}/history"),
        )
        .with(&actor)
        .section("practices"),
        practice_href: format!("/{l}/practices/{slug}"),
        revisions: revisions
            .iter()
            .map(|r| RevisionRow {
                number: r.number,
                author: r.author_name.clone().unwrap_or_default(),
                at: date(r.created_at),
                note: r.note.clone().unwrap_or_default(),
                href: (r.number > 1)
                    .then(|| format!("/{l}/practices/{slug}/history?revision={}", r.number)),
                current: Some(r.number) == shown,
            })
            .collect(),
        shown,
        changes,
        steps: transition_views(
            ui,
            &state
                .hub
                .transitions(&actor.actor, &slug)
                .await
                .or_page(lang)?,
        ),
        title,
    };
    Ok(html(StatusCode::OK, page.render()))
}
