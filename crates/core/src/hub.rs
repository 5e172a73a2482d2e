//! The Hub's services: every use case the web edge and the CLI offer. Each
//! method decides authorization through `authz::authorize`, validates, then
//! makes one atomic repository call.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::accounts::{self, Account, Actor, ApiToken, EmailLinkPurpose, Role};
use crate::authz::{Action, PracticeFacts, Refusal, authorize};
use crate::completeness::{Completeness, completeness};
use crate::curation::{
    self, Outcome, Review, ReviewInput, Status, TransitionAction, TransitionRecord,
};
use crate::diff::{FieldChange, diff};
use crate::error::{CoreError, CoreResult, FieldError};
use crate::mail::{Mail, Mailer};
use crate::organisations::{MemberRole, MembershipStatus};
use crate::practice::{
    Page, Practice, PracticeContent, PracticeFilter, PracticeSort, Revision, SaveContext,
};
use crate::reference::{self as r, Catalog, ReferenceData};
use crate::repo::{PracticeRecord, Repository};
use crate::requests::{PracticeRequest, RequestKind};
use crate::search::{
    MAX_FILTER_VALUES, MAX_QUERY_CHARS, MAX_SEARCH_OFFSET, MAX_SUGGESTIONS, SearchEngine,
    SearchHit, SearchPage, SearchQuery, SearchSort, SearchStatus,
};
use crate::slug::slugify;
use crate::throttle::{self, Admission, LoginKeys};
use crate::validate::validate_practice;
use crate::work::WorkGate;

/// What the services read the time from; tests freeze it.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

mod listing;
mod organisations;
mod recovery;
mod requests;

pub use organisations::{JoinOutcome, OrganisationAdmin};
pub use recovery::{UNLOCK_LINK_LIFETIME, UNLOCK_MAIL_WINDOW, UNLOCK_MAILS_PER_WINDOW};
pub use requests::RequestView;

pub const DEFAULT_LIMIT: i64 = 20;
/// How long an e-mail confirmation link stays valid.
pub const EMAIL_LINK_LIFETIME: Duration = Duration::days(7);
pub const MAX_LIMIT: i64 = 100;
pub const SESSION_LIFETIME: Duration = Duration::days(14);
pub const MIN_PASSWORD: usize = 10;

/// List parameters as the edge received them, still unvalidated strings.
#[derive(Debug, Clone, Default)]
pub struct PracticeQuery {
    pub country: Vec<String>,
    pub region: Vec<String>,
    pub ncd: Vec<String>,
    /// v1 or v2 codes.
    pub cdhi: Vec<String>,
    pub channel: Vec<String>,
    pub stage: Vec<String>,
    pub evidence: Vec<String>,
    pub status: Vec<String>,
    pub organisation: Vec<String>,
    /// RFC 3339 or `YYYY-MM-DD`.
    pub updated_since: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<i64>,
    /// 1-based.
    pub page: Option<i64>,
}

/// A practice as a reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeView {
    pub practice: Practice,
    pub completeness: Completeness,
    /// Whether the reader may edit it, and whether they may see its curation.
    pub can_edit: bool,
    /// Why the reader may not edit, when a reason can be told.
    #[serde(skip)]
    pub edit_refusal: Option<Refusal>,
    pub can_see_curation: bool,
    /// For owners of a published practice: they change it through requests.
    pub can_propose_update: bool,
    pub can_request_archive: bool,
    /// Pending requests, for the readers who may see curation.
    pub pending_requests: Vec<PracticeRequest>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SignedIn {
    pub account: Account,
    /// Secret for the session cookie; only its hash is stored.
    pub session_token: String,
    pub csrf_token: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportProblem {
    /// 0-based index of the record in the file.
    pub index: usize,
    pub slug: String,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub written: usize,
    pub skipped: Vec<ImportProblem>,
}

pub struct Hub {
    repo: Arc<dyn Repository>,
    catalog: RwLock<Arc<Catalog>>,
    /// Searches and Argon2 (~19 MiB and tens of ms a hash) take turns here: one
    /// per core at a time, a bounded queue, `CoreError::Busy` past it.
    work: WorkGate,
    clock: OnceLock<Clock>,
    /// Sign-ins so far: every 256th prunes stale throttle counters.
    sign_ins: AtomicU64,
    /// Set once at start-up by the binary; absent in tools that need no search.
    search: OnceLock<Arc<dyn SearchEngine>>,
    /// Set at start-up; without one, messages are only logged.
    mailer: OnceLock<Arc<dyn Mailer>>,
}

/// Search-only parameters, beside the list filters of [`PracticeQuery`].
#[derive(Debug, Clone, Default)]
pub struct SearchParams {
    pub q: String,
    /// Reader's language for titles and snippets.
    pub lang: String,
    pub year: Vec<String>,
    pub outcome: Vec<String>,
    /// Top-level CDHI v2 groups (`1` ... `4`).
    pub cdhi_group: Vec<String>,
}

impl Hub {
    /// Syncs the shipped reference data into the store when it is newer, then loads it.
    pub async fn open(repo: Arc<dyn Repository>, reference: &ReferenceData) -> CoreResult<Hub> {
        repo.sync_reference(reference).await?;
        let catalog = Catalog::new(repo.load_reference().await?);
        Ok(Hub {
            repo,
            catalog: RwLock::new(Arc::new(catalog)),
            work: WorkGate::for_cores(),
            clock: OnceLock::new(),
            sign_ins: AtomicU64::new(0),
            search: OnceLock::new(),
            mailer: OnceLock::new(),
        })
    }

    /// Plugs in the mailer; a second call is ignored.
    pub fn set_mailer(&self, mailer: Arc<dyn Mailer>) {
        let _ = self.mailer.set(mailer);
    }

    /// An absolute link to a path of the Hub, for messages.
    fn link(&self, path: &str) -> String {
        match self.mailer.get() {
            Some(m) => format!("{}{path}", m.base_url()),
            None => path.to_string(),
        }
    }

    /// Sends a message. A mail that cannot be sent is logged and does not undo
    /// the action that caused it: the person can ask for the link again.
    async fn mail(&self, to: &str, subject: &str, body: &str) {
        let Some(mailer) = self.mailer.get() else {
            tracing::info!(to, subject, "no mailer configured; message not sent");
            return;
        };
        let mail = Mail {
            to: to.to_string(),
            subject: subject.to_string(),
            body: body.to_string(),
        };
        if let Err(e) = mailer.send(mail).await {
            tracing::warn!(to, subject, error = %e, "mail not sent");
        }
    }

    /// Bounds CPU-heavy work: `workers` at a time, `queue` more waiting (crate::work).
    pub fn with_work_limits(mut self, workers: usize, queue: usize) -> Hub {
        self.work = WorkGate::new(workers, queue);
        self
    }

    pub fn work_limits(&self) -> (usize, usize) {
        (self.work.workers(), self.work.queue())
    }

    /// Replaces the wall clock (tests); a second call is ignored.
    pub fn set_clock(&self, clock: Clock) {
        let _ = self.clock.set(clock);
    }

    fn now(&self) -> OffsetDateTime {
        match self.clock.get() {
            Some(c) => c(),
            None => OffsetDateTime::now_utc(),
        }
    }

    /// Plugs in the search engine; a second call is ignored.
    pub fn set_search_engine(&self, engine: Arc<dyn SearchEngine>) {
        let _ = self.search.set(engine);
    }

    pub fn search_status(&self) -> Option<SearchStatus> {
        self.search.get().map(|e| e.status())
    }

    fn engine(&self) -> CoreResult<&Arc<dyn SearchEngine>> {
        self.search
            .get()
            .ok_or_else(|| CoreError::SearchUnavailable("no search engine configured".into()))
    }

    pub fn repo(&self) -> &Arc<dyn Repository> {
        &self.repo
    }

    pub fn catalog(&self) -> Arc<Catalog> {
        match self.catalog.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub async fn reload_catalog(&self) -> CoreResult<()> {
        let catalog = Arc::new(Catalog::new(self.repo.load_reference().await?));
        match self.catalog.write() {
            Ok(mut c) => *c = catalog,
            Err(poisoned) => *poisoned.into_inner() = catalog,
        }
        Ok(())
    }

    // ------------------------------------------------------------ practices

    async fn facts(&self, practice: &Practice) -> CoreResult<PracticeFacts> {
        self.repo.practice_facts(practice).await
    }

    async fn find(&self, slug: &str) -> CoreResult<Practice> {
        self.repo
            .practice_by_slug(slug)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// Turns raw list parameters into a checked filter: unknown codes are field errors.
    pub fn practice_filter(
        &self,
        actor: &Actor,
        q: &PracticeQuery,
    ) -> CoreResult<(PracticeFilter, PracticeSort, i64, i64)> {
        let catalog = self.catalog();
        let mut errors = Vec::new();
        let mut f = PracticeFilter::default();
        for c in &q.country {
            match catalog.country(c) {
                Some(country) => f.country.push(country.iso2.clone()),
                None => errors.push(FieldError::new("country", "unknown_country").with("code", c)),
            }
        }
        let mut codes = |field: &str, vocab: &str, values: &[String], out: &mut Vec<String>| {
            for v in values {
                if catalog.has(vocab, v) {
                    out.push(v.clone());
                } else {
                    errors.push(FieldError::new(field, "unknown_code").with("code", v));
                }
            }
        };
        codes("ncd", r::NCD_FOCUS, &q.ncd, &mut f.ncd);
        codes("channel", r::CHANNEL, &q.channel, &mut f.channel);
        codes("stage", r::STAGE, &q.stage, &mut f.stage);
        codes("evidence", r::EVIDENCE_LEVEL, &q.evidence, &mut f.evidence);
        for code in &q.cdhi {
            let (in_v1, in_v2) = (catalog.has(r::CDHI_V1, code), catalog.has(r::CDHI_V2, code));
            if !in_v1 && !in_v2 {
                errors.push(FieldError::new("cdhi", "unknown_code").with("code", code));
            }
            // The same code string may exist in both versions; each expands through the map.
            if in_v1 {
                f.cdhi_v1.push(code.clone());
                f.cdhi_v2
                    .extend(catalog.cdhi_v2_for_v1(code).iter().cloned());
            }
            if in_v2 {
                f.cdhi_v2.push(code.clone());
                f.cdhi_v1
                    .extend(catalog.cdhi_v1_for_v2(code).iter().cloned());
            }
        }
        f.cdhi_v1.sort();
        f.cdhi_v1.dedup();
        f.cdhi_v2.sort();
        f.cdhi_v2.dedup();
        f.region = q.region.iter().map(|s| s.to_ascii_lowercase()).collect();
        f.organisation = q
            .organisation
            .iter()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        if let Some(since) = &q.updated_since {
            match parse_instant(since) {
                Some(t) => f.updated_since = Some(t),
                None => errors.push(FieldError::new("updated_since", "invalid_date")),
            }
        }
        for s in &q.status {
            match Status::parse(s) {
                Some(st) => f.status.push(st),
                None => errors.push(FieldError::new("status", "unknown_code").with("code", s)),
            }
        }
        if f.status.is_empty() {
            f.status.push(Status::Published);
        } else if f.status.iter().any(|s| *s != Status::Published) {
            authorize(actor, Action::ListUnpublished)?;
            if !actor.role().is_some_and(Role::is_curator) {
                f.visible_to_owner = actor.id();
                if let Some(a) = actor
                    .account
                    .as_ref()
                    .filter(|a| a.role == Role::FocalPoint)
                {
                    f.curated_country = a.country.clone();
                }
            }
        }
        let sort = match &q.sort {
            None => PracticeSort::default(),
            Some(s) => PracticeSort::parse(s).unwrap_or_else(|| {
                errors.push(FieldError::new("sort", "unknown_code").with("code", s));
                PracticeSort::default()
            }),
        };
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.push(
                FieldError::new("limit", "out_of_range")
                    .with("min", 1)
                    .with("max", MAX_LIMIT),
            );
        }
        let page = q.page.unwrap_or(1);
        if !(1..=1_000_000).contains(&page) {
            errors.push(
                FieldError::new("page", "out_of_range")
                    .with("min", 1)
                    .with("max", 1_000_000),
            );
        }
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        Ok((f, sort, limit, (page - 1) * limit))
    }

    pub async fn list_practices(
        &self,
        actor: &Actor,
        q: &PracticeQuery,
    ) -> CoreResult<Page<Practice>> {
        let (filter, sort, limit, offset) = self.practice_filter(actor, q)?;
        let mut page = match self.list_from_index(&filter, sort, limit, offset).await? {
            Some(page) => page,
            None => {
                self.repo
                    .list_practices(&filter, sort, limit, offset)
                    .await?
            }
        };
        if actor.account.is_none() {
            for p in &mut page.items {
                p.content.contacts.clear();
            }
        }
        Ok(page)
    }

    pub async fn practice(&self, actor: &Actor, slug: &str) -> CoreResult<PracticeView> {
        let mut practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        if authorize(actor, Action::ReadContacts).is_err() {
            practice.content.contacts.clear();
        }
        let can_see_curation = authorize(actor, Action::ReadCuration(&facts)).is_ok();
        let published = practice.status == Status::Published;
        let pending_requests = if can_see_curation && published {
            self.repo.pending_requests(practice.id).await?
        } else {
            Vec::new()
        };
        let pending_archive = pending_requests
            .iter()
            .any(|r| r.kind == RequestKind::Archive);
        let edit = authorize(actor, Action::EditPractice(&facts));
        Ok(PracticeView {
            completeness: completeness(&practice.content),
            can_edit: edit.is_ok(),
            edit_refusal: match edit {
                Err(CoreError::Refused(r)) => Some(r),
                _ => None,
            },
            can_propose_update: published
                && authorize(actor, Action::ProposeUpdate(&facts)).is_ok(),
            can_request_archive: published
                && !pending_archive
                && !actor.role().is_some_and(Role::is_curator)
                && authorize(actor, Action::RequestArchive(&facts)).is_ok(),
            can_see_curation,
            pending_requests,
            practice,
        })
    }

    fn check_content(&self, content: &PracticeContent) -> CoreResult<()> {
        let errors = validate_practice(content, &self.catalog());
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Validation(errors))
        }
    }

    /// Naming an organisation that exists as a practice's owner speaks for it: only
    /// its active members (and curators) may. A new name is fine: it creates the
    /// organisation, which nobody speaks for until its members are approved.
    async fn check_owners(
        &self,
        actor: &Actor,
        content: &PracticeContent,
        before: Option<&PracticeContent>,
    ) -> CoreResult<()> {
        if actor.system || actor.role().is_some_and(Role::is_curator) {
            return Ok(());
        }
        let mut errors = Vec::new();
        for (i, link) in content.organisations.iter().enumerate() {
            if link.role != crate::practice::OrganisationRole::Owner {
                continue;
            }
            // Owners the record already had stay, whoever saves it.
            let slug = crate::slug::name_slug(&link.name);
            let kept = before.is_some_and(|b| {
                b.organisations.iter().any(|o| {
                    o.role == crate::practice::OrganisationRole::Owner
                        && crate::slug::name_slug(&o.name) == slug
                })
            });
            if kept || slug.is_empty() {
                continue;
            }
            let named = match self.repo.organisation_by_slug(&slug).await? {
                // A merged name stands for the organisation it became.
                Some(o) => match &o.merged_into {
                    Some(target) => self.repo.organisation_by_slug(target).await?,
                    None => Some(o),
                },
                None => None,
            };
            if let Some(org) = named
                && !actor.organisation_ids.contains(&org.id)
            {
                errors.push(
                    FieldError::new(format!("organisations[{i}].name"), "not_a_member")
                        .with("organisation", &org.name),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(CoreError::Validation(errors))
        }
    }

    /// A free slug from the title: `title-words`, then `title-words-2`, ...
    async fn new_slug(&self, content: &PracticeContent) -> CoreResult<String> {
        let title = content
            .texts
            .get(&content.original_language)
            .map(|t| t.title.as_str())
            .unwrap_or("");
        let mut base = slugify(&format!("{} {}", content.country, title), 80);
        if base.len() < 4 {
            base = format!("{}-practice", content.country.to_ascii_lowercase());
        }
        for n in 1..1000 {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if self.repo.practice_by_slug(&candidate).await?.is_none() {
                return Ok(candidate);
            }
        }
        Ok(format!(
            "{base}-{}",
            accounts::new_secret("").get(..8).unwrap_or("x")
        ))
    }

    /// Whether the actor may create a practice now, asked before showing an empty
    /// form, so nobody fills one in only to be refused.
    pub fn may_create_practice(&self, actor: &Actor) -> CoreResult<()> {
        authorize(actor, Action::CreatePractice)
    }

    pub async fn create_practice(
        &self,
        actor: &Actor,
        content: PracticeContent,
        note: Option<String>,
    ) -> CoreResult<Practice> {
        authorize(actor, Action::CreatePractice)?;
        self.check_content(&content)?;
        self.check_owners(actor, &content, None).await?;
        let record = PracticeRecord {
            slug: self.new_slug(&content).await?,
            status: Status::Draft,
            outcome: None,
            content,
        };
        let ctx = SaveContext {
            actor_id: actor.id(),
            note,
        };
        match self.repo.create_practice(&record, &ctx).await {
            // Two creators raced for the same slug: the second gets the next free one.
            Err(CoreError::Conflict { .. }) => {
                let record = PracticeRecord {
                    slug: self.new_slug(&record.content).await?,
                    ..record
                };
                self.repo.create_practice(&record, &ctx).await
            }
            other => other,
        }
    }

    pub async fn update_practice(
        &self,
        actor: &Actor,
        slug: &str,
        expected_version: Option<i64>,
        content: PracticeContent,
        note: Option<String>,
    ) -> CoreResult<Practice> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::EditPractice(&facts))?;
        self.check_content(&content)?;
        self.check_owners(actor, &content, Some(&practice.content))
            .await?;
        self.repo
            .update_practice(
                practice.id,
                expected_version,
                &content,
                &SaveContext {
                    actor_id: actor.id(),
                    note,
                },
            )
            .await
    }

    /// Moves a practice through the workflow. Decisions need a reason (and publishing an outcome).
    pub async fn transition(
        &self,
        actor: &Actor,
        slug: &str,
        action: TransitionAction,
        outcome: Option<Outcome>,
        reason: Option<String>,
    ) -> CoreResult<Practice> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::Transition(&facts, action))?;
        let to = curation::next_status(practice.status, action).map_err(|why| {
            CoreError::InvalidTransition {
                from: practice.status.as_str().into(),
                to: action.as_str().into(),
                reason: why.into(),
            }
        })?;
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        let mut errors = Vec::new();
        if let Some(r) = &reason
            && r.chars().count() > 10_000
        {
            errors.push(FieldError::new("reason", "too_long").with("max", 10_000));
        }
        match action {
            TransitionAction::Publish if outcome.is_none() => {
                errors.push(FieldError::new("outcome", "required"))
            }
            TransitionAction::RequestChanges
            | TransitionAction::Reject
            | TransitionAction::Archive
                if reason.is_none() =>
            {
                errors.push(FieldError::new("reason", "required"))
            }
            _ => {}
        }
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        let invalid = |why: &str| CoreError::InvalidTransition {
            from: practice.status.as_str().into(),
            to: to.as_str().into(),
            reason: why.into(),
        };
        if action == TransitionAction::StartReview && facts.assigned_reviewer_ids.is_empty() {
            return Err(invalid("no_reviewers_assigned"));
        }
        let decision = matches!(
            action,
            TransitionAction::Publish | TransitionAction::RequestChanges | TransitionAction::Reject
        );
        if decision && self.repo.reviews(practice.id).await?.is_empty() {
            return Err(invalid("no_review_submitted"));
        }
        // An archived practice keeps its review outcome, so a restore brings both back.
        let (to, outcome) = match action {
            TransitionAction::Restore => (
                self.status_before_archiving(practice.id).await?,
                practice.outcome,
            ),
            TransitionAction::Archive => (to, practice.outcome),
            _ if to == Status::Published => (to, outcome),
            _ => (to, None),
        };
        self.repo
            .transition_practice(
                practice.id,
                practice.status,
                to,
                outcome,
                actor.id(),
                reason.as_deref(),
            )
            .await
    }

    /// The status a practice had when it was last archived: what a restore
    /// brings back, with no new review.
    async fn status_before_archiving(&self, practice_id: i64) -> CoreResult<Status> {
        let trail = self.repo.transitions(practice_id).await?;
        Ok(trail
            .iter()
            .rev()
            .find(|t| t.to == Status::Archived)
            // Archived by an import, with no step recorded: back to draft, to be reviewed.
            .map_or(Status::Draft, |t| t.from))
    }

    /// The workflow actions `actor` may take on the practice now, in workflow order:
    /// allowed by authorization, possible from its status, and with their
    /// preconditions met (reviewers assigned to start a review, a review to decide).
    pub async fn available_transitions(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> CoreResult<Vec<TransitionAction>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        let mut reviewed = None;
        let mut available = Vec::new();
        for action in TransitionAction::ALL {
            if curation::next_status(practice.status, action).is_err()
                || authorize(actor, Action::Transition(&facts, action)).is_err()
            {
                continue;
            }
            let ready = match action {
                TransitionAction::StartReview => !facts.assigned_reviewer_ids.is_empty(),
                TransitionAction::Publish
                | TransitionAction::RequestChanges
                | TransitionAction::Reject => match reviewed {
                    Some(r) => r,
                    None => {
                        let r = !self.repo.reviews(practice.id).await?.is_empty();
                        reviewed = Some(r);
                        r
                    }
                },
                _ => true,
            };
            if ready {
                available.push(action);
            }
        }
        Ok(available)
    }

    /// Assigns reviewers; a submitted practice then enters review.
    pub async fn assign_reviewers(
        &self,
        actor: &Actor,
        slug: &str,
        reviewer_ids: &[i64],
    ) -> CoreResult<Practice> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::AssignReviewers(&facts))?;
        if reviewer_ids.is_empty() || reviewer_ids.len() > 10 {
            return Err(CoreError::field("reviewer_ids", "required"));
        }
        for (i, id) in reviewer_ids.iter().enumerate() {
            let ok = self
                .repo
                .account_by_id(*id)
                .await?
                .is_some_and(|a| matches!(a.role, Role::Reviewer | Role::Editor | Role::Admin));
            if !ok {
                return Err(CoreError::field(
                    &format!("reviewer_ids[{i}]"),
                    "not_a_reviewer",
                ));
            }
        }
        if !matches!(practice.status, Status::Submitted | Status::InReview) {
            return Err(CoreError::InvalidTransition {
                from: practice.status.as_str().into(),
                to: Status::InReview.as_str().into(),
                reason: "only_submitted_can_enter_review".into(),
            });
        }
        self.repo
            .assign_reviewers(practice.id, reviewer_ids, actor.id().unwrap_or_default())
            .await?;
        if practice.status == Status::Submitted {
            return self
                .repo
                .transition_practice(
                    practice.id,
                    Status::Submitted,
                    Status::InReview,
                    None,
                    actor.id(),
                    None,
                )
                .await;
        }
        self.find(slug).await
    }

    pub async fn submit_review(
        &self,
        actor: &Actor,
        slug: &str,
        input: ReviewInput,
    ) -> CoreResult<Review> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::Review(&facts))?;
        if practice.status != Status::InReview {
            return Err(CoreError::InvalidTransition {
                from: practice.status.as_str().into(),
                to: "review".into(),
                reason: "decision_needs_in_review".into(),
            });
        }
        let errors = curation::validate_review(&input);
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        self.repo
            .save_review(practice.id, actor.id().unwrap_or_default(), &input)
            .await
    }

    /// Reviews of a practice: for its owners, reviewers and curators. Reviewer identities
    /// are hidden from owners so reviews stay candid.
    pub async fn reviews(&self, actor: &Actor, slug: &str) -> CoreResult<Vec<Review>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::ReadCuration(&facts))?;
        let mut reviews = self.repo.reviews(practice.id).await?;
        let sees_names = actor.role().is_some_and(Role::is_curator)
            || facts
                .assigned_reviewer_ids
                .contains(&actor.id().unwrap_or(-1));
        if !sees_names {
            for r in &mut reviews {
                r.reviewer_name = None;
                r.reviewer_id = 0;
            }
        }
        Ok(reviews)
    }

    /// Accounts an editor may assign as reviewers (reviewers, editors, admins).
    pub async fn reviewers(&self, actor: &Actor) -> CoreResult<Vec<Account>> {
        authorize(actor, Action::ListReviewers)?;
        self.repo
            .accounts_with_roles(&[Role::Reviewer, Role::Editor, Role::Admin])
            .await
    }

    /// Published practices per country (iso2); public.
    pub async fn published_counts_by_country(&self) -> CoreResult<Vec<(String, i64)>> {
        self.repo.published_counts_by_country().await
    }

    /// Whether the database answers (readiness).
    pub async fn ping(&self) -> CoreResult<()> {
        self.repo.ping().await
    }

    pub fn pool_status(&self) -> crate::repo::PoolStatus {
        self.repo.pool_status()
    }

    pub async fn review_queue(&self, actor: &Actor) -> CoreResult<Vec<Practice>> {
        let id = actor.id().ok_or(CoreError::Unauthenticated)?;
        self.repo.review_queue(id).await
    }

    /// The public audit trail of curation decisions.
    pub async fn transitions(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> CoreResult<Vec<TransitionRecord>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        let mut records = self.repo.transitions(practice.id).await?;
        if authorize(actor, Action::ReadCuration(&facts)).is_err() {
            for t in &mut records {
                t.actor_name = None;
                t.actor_id = None;
            }
        }
        Ok(records)
    }

    pub async fn revisions(&self, actor: &Actor, slug: &str) -> CoreResult<Vec<Revision>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::ReadCuration(&facts))?;
        self.repo.revisions(practice.id).await
    }

    /// Field-level changes from revision `from` to revision `to`.
    pub async fn revision_diff(
        &self,
        actor: &Actor,
        slug: &str,
        from: i64,
        to: i64,
    ) -> CoreResult<Vec<FieldChange>> {
        let practice = self.find(slug).await?;
        let facts = self.facts(&practice).await?;
        authorize(actor, Action::ReadPractice(&facts))?;
        authorize(actor, Action::ReadCuration(&facts))?;
        let a = self
            .repo
            .revision(practice.id, from)
            .await?
            .ok_or(CoreError::NotFound)?;
        let b = self
            .repo
            .revision(practice.id, to)
            .await?
            .ok_or(CoreError::NotFound)?;
        Ok(diff(&a.content, &b.content))
    }

    /// Validates every record first; writes nothing when one is bad unless `skip_invalid`.
    pub async fn import_practices(
        &self,
        actor: &Actor,
        records: Vec<PracticeRecord>,
        skip_invalid: bool,
    ) -> CoreResult<ImportReport> {
        authorize(actor, Action::ManageAccounts)?;
        let catalog = self.catalog();
        let mut good = Vec::with_capacity(records.len());
        let mut problems = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, record) in records.into_iter().enumerate() {
            let mut errors = validate_practice(&record.content, &catalog);
            if record.slug.is_empty()
                || record.slug.len() > 120
                || slugify(&record.slug, 120) != record.slug
            {
                errors.push(FieldError::new("slug", "invalid_slug"));
            }
            if !seen.insert(record.slug.clone()) {
                errors.push(FieldError::new("slug", "duplicate"));
            }
            if (record.status == Status::Published) != record.outcome.is_some()
                && record.outcome.is_some()
            {
                errors.push(FieldError::new("outcome", "only_when_published"));
            }
            if errors.is_empty() {
                good.push(record);
            } else {
                problems.push(ImportProblem {
                    index,
                    slug: record.slug,
                    errors,
                });
            }
        }
        if !problems.is_empty() && !skip_invalid {
            return Err(CoreError::Validation(
                problems
                    .iter()
                    .flat_map(|p| {
                        p.errors.iter().map(move |e| FieldError {
                            field: format!("[{}].{}", p.index, e.field),
                            ..e.clone()
                        })
                    })
                    .collect(),
            ));
        }
        let written = self
            .repo
            .import_practices(
                &good,
                &SaveContext {
                    actor_id: actor.id(),
                    note: Some("import".into()),
                },
            )
            .await?;
        Ok(ImportReport {
            written,
            skipped: problems,
        })
    }

    /// Every practice in every state, in the import shape.
    pub async fn export_practices(&self, actor: &Actor) -> CoreResult<Vec<PracticeRecord>> {
        authorize(actor, Action::ManageAccounts)?;
        let filter = PracticeFilter {
            status: Status::ALL.to_vec(),
            ..Default::default()
        };
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let page = self
                .repo
                .list_practices(&filter, PracticeSort::UpdatedAsc, 500, offset)
                .await?;
            let n = page.items.len() as i64;
            out.extend(page.items.into_iter().map(|p| PracticeRecord {
                slug: p.slug,
                status: p.status,
                outcome: p.outcome,
                content: p.content,
            }));
            offset += n;
            if n == 0 || offset >= page.total {
                break;
            }
        }
        Ok(out)
    }

    // ------------------------------------------------------------ search

    /// Full-text search with the list filters: checks the parameters like
    /// [`Hub::list_practices`], scopes the statuses to what the reader may see,
    /// asks the engine, then reads each hit from the database (the truth: a hit
    /// whose state changed since it was indexed is dropped if no longer visible).
    pub async fn search_practices(
        &self,
        actor: &Actor,
        list: &PracticeQuery,
        params: &SearchParams,
    ) -> CoreResult<SearchPage> {
        if params.q.chars().count() > MAX_QUERY_CHARS {
            return Err(CoreError::BadQuery {
                code: "query_too_long",
                field: "q".into(),
                max: Some(MAX_QUERY_CHARS),
            });
        }
        let mut errors = Vec::new();
        let unsorted = PracticeQuery {
            sort: None,
            ..list.clone()
        };
        let checked = match self.practice_filter(actor, &unsorted) {
            Ok(c) => Some(c),
            Err(CoreError::Validation(e)) => {
                errors.extend(e);
                None
            }
            Err(other) => return Err(other),
        };
        let sort = match list.sort.as_deref() {
            None | Some("relevance") => SearchSort::Relevance,
            Some("newest" | "-updated" | "updated_desc") => SearchSort::Newest,
            Some(other) => {
                errors.push(FieldError::new("sort", "unknown_code").with("code", other));
                SearchSort::Relevance
            }
        };
        for (field, given) in [
            ("organisation", !list.organisation.is_empty()),
            ("updated_since", list.updated_since.is_some()),
        ] {
            if given {
                errors.push(FieldError::new(field, "not_searchable"));
            }
        }
        for y in &params.year {
            if !(y.len() == 4 && y.parse::<u16>().is_ok_and(|n| (1900..=2100).contains(&n))) {
                errors.push(FieldError::new("year", "invalid_year").with("code", y));
            }
        }
        for o in &params.outcome {
            if Outcome::parse(o).is_none() {
                errors.push(FieldError::new("outcome", "unknown_code").with("code", o));
            }
        }
        let catalog = self.catalog();
        for g in &params.cdhi_group {
            if g.contains('.') || !catalog.has(r::CDHI_V2, g) {
                errors.push(FieldError::new("cdhi_group", "unknown_code").with("code", g));
            }
        }
        let Some((filter, _, limit, offset)) = checked else {
            return Err(CoreError::Validation(errors));
        };
        if filter.visible_to_owner.is_some() {
            // The index knows states, not owners: only curators search unpublished work.
            errors.push(FieldError::new("status", "not_searchable"));
        }
        if offset as usize > MAX_SEARCH_OFFSET {
            errors.push(
                FieldError::new("page", "out_of_range")
                    .with("min", 1)
                    .with("max", MAX_SEARCH_OFFSET as i64 / limit + 1),
            );
        }
        let mut filters: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut cdhi = filter.cdhi_v1.clone();
        cdhi.extend(filter.cdhi_v2.iter().cloned());
        for (name, values) in [
            ("country", filter.country.clone()),
            ("region", filter.region.clone()),
            ("ncd_focus", filter.ncd.clone()),
            ("cdhi", cdhi),
            ("channel", filter.channel.clone()),
            ("stage", filter.stage.clone()),
            ("evidence", filter.evidence.clone()),
            ("year", params.year.clone()),
            ("outcome", params.outcome.clone()),
            ("cdhi_group", params.cdhi_group.clone()),
        ] {
            if !values.is_empty() {
                filters.insert(name.to_string(), values);
            }
        }
        if filters.values().map(Vec::len).sum::<usize>() > MAX_FILTER_VALUES {
            errors
                .push(FieldError::new("filters", "too_many_values").with("max", MAX_FILTER_VALUES));
        }
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        let statuses: Vec<String> = filter
            .status
            .iter()
            .map(|s| s.as_str().to_string())
            .collect();
        let engine = self.engine()?;
        let turn = self.work.enter().await?;
        let results = engine
            .search(SearchQuery {
                q: params.q.clone(),
                lang: params.lang.clone(),
                filters,
                statuses,
                sort,
                limit: limit as usize,
                offset: offset as usize,
            })
            .await?;
        drop(turn);
        let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        let mut found = self.practices_by_id(&ids).await?;
        let mut hits = Vec::with_capacity(results.hits.len());
        for hit in results.hits {
            let Some(mut practice) = found.remove(&hit.id) else {
                continue;
            };
            if !filter.status.contains(&practice.status) {
                continue;
            }
            if actor.account.is_none() {
                practice.content.contacts.clear();
            }
            hits.push(SearchHit {
                practice,
                score: hit.score,
                snippet_html: hit.snippet_html,
                snippet_lang: hit.snippet_lang,
            });
        }
        Ok(SearchPage {
            total: i64::try_from(results.total).unwrap_or(i64::MAX),
            hits,
            facets: results.facets,
            relaxed: results.relaxed,
            limit,
            offset,
        })
    }

    /// The practices with these ids (from a search), keyed by id to put them in
    /// the engine's order.
    pub(crate) async fn practices_by_id(&self, ids: &[i64]) -> CoreResult<HashMap<i64, Practice>> {
        Ok(self
            .repo
            .practices_by_ids(ids)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }

    /// Completions of what is being typed: vocabulary terms and titles of published practices.
    pub async fn suggest(&self, prefix: &str, lang: &str, limit: i64) -> CoreResult<Vec<String>> {
        if prefix.chars().count() > MAX_QUERY_CHARS {
            return Err(CoreError::BadQuery {
                code: "query_too_long",
                field: "q".into(),
                max: Some(MAX_QUERY_CHARS),
            });
        }
        if !(1..=MAX_SUGGESTIONS as i64).contains(&limit) {
            return Err(CoreError::Validation(vec![
                FieldError::new("limit", "out_of_range")
                    .with("min", 1)
                    .with("max", MAX_SUGGESTIONS),
            ]));
        }
        if prefix.trim().is_empty() {
            return Ok(Vec::new());
        }
        let engine = self.engine()?;
        let _turn = self.work.enter().await?;
        engine.suggest(prefix, lang, limit as usize).await
    }

    // ------------------------------------------------------------ accounts

    async fn hash(&self, password: String) -> CoreResult<String> {
        self.work
            .run(move || accounts::hash_password(&password))
            .await?
    }

    async fn verify(&self, password: String, hash: String) -> CoreResult<bool> {
        self.work
            .run(move || accounts::verify_password(&password, &hash))
            .await
    }

    /// Registration for anyone; `role` other than contributor needs an admin (or the CLI).
    pub async fn register(
        &self,
        actor: &Actor,
        email: &str,
        display_name: &str,
        password: &str,
        role: Role,
    ) -> CoreResult<Account> {
        if role != Role::Contributor {
            authorize(actor, Action::ManageAccounts)?;
        }
        let email = email.trim().to_lowercase();
        let display_name = display_name.trim();
        let mut errors = Vec::new();
        if email.is_empty() {
            errors.push(FieldError::new("email", "required"));
        } else if !valid_email(&email) {
            errors.push(FieldError::new("email", "invalid_email"));
        }
        if display_name.is_empty() {
            errors.push(FieldError::new("display_name", "required"));
        } else if display_name.chars().count() > 100 {
            errors.push(FieldError::new("display_name", "too_long").with("max", 100));
        }
        let len = password.chars().count();
        if len < MIN_PASSWORD {
            errors.push(FieldError::new("password", "too_short").with("min", MIN_PASSWORD));
        } else if len > 1024 {
            errors.push(FieldError::new("password", "too_long").with("max", 1024));
        }
        if !errors.is_empty() {
            return Err(CoreError::Validation(errors));
        }
        if self.repo.account_by_email(&email).await?.is_some() {
            return Err(CoreError::Conflict {
                field: "email".into(),
            });
        }
        let hash = self.hash(password.to_string()).await?;
        let account = self
            .repo
            .create_account(&email, display_name, &hash, role)
            .await?;
        let secret = accounts::new_secret("");
        self.repo
            .create_email_link(
                &accounts::hash_secret(&secret),
                account.id,
                EmailLinkPurpose::ConfirmEmail,
                OffsetDateTime::now_utc() + EMAIL_LINK_LIFETIME,
            )
            .await?;
        if actor.system {
            // The operator at the console vouches for the address.
            self.repo
                .confirm_email(&accounts::hash_secret(&secret))
                .await?;
            return self
                .repo
                .account_by_id(account.id)
                .await?
                .ok_or(CoreError::NotFound);
        }
        self.send_confirmation(&account.email, &secret).await;
        Ok(account)
    }

    async fn send_confirmation(&self, email: &str, secret: &str) {
        self.mail(
            email,
            "Confirm your e-mail address for the mHealth Hub",
            &format!(
                "Please confirm this address to start submitting practices:\n{}\n\n\
                 The link works once and expires in {} days. If you did not create an \
                 account on the mHealth Hub, ignore this message.",
                self.link(&format!("/en/confirm-email/{secret}")),
                EMAIL_LINK_LIFETIME.whole_days()
            ),
        )
        .await;
    }

    /// Sends a new confirmation link to the signed-in account's address.
    pub async fn resend_confirmation(&self, actor: &Actor) -> CoreResult<()> {
        authorize(actor, Action::ManageOwnAccount)?;
        let account = actor.account.as_ref().ok_or(CoreError::Unauthenticated)?;
        if account.email_confirmed {
            return Ok(());
        }
        let secret = accounts::new_secret("");
        self.repo
            .create_email_link(
                &accounts::hash_secret(&secret),
                account.id,
                EmailLinkPurpose::ConfirmEmail,
                OffsetDateTime::now_utc() + EMAIL_LINK_LIFETIME,
            )
            .await?;
        self.send_confirmation(&account.email, &secret).await;
        Ok(())
    }

    /// Follows a confirmation link; `NotFound` when it is unknown, used or expired.
    pub async fn confirm_email(&self, secret: &str) -> CoreResult<Account> {
        let id = self
            .repo
            .confirm_email(&accounts::hash_secret(secret))
            .await?
            .ok_or(CoreError::NotFound)?;
        self.repo
            .account_by_id(id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// Checks the password, throttled (crate::throttle) per (account, address) pair,
    /// per account and per address. The attempt is counted in the database before the
    /// password is verified, so concurrent guesses, on any number of nodes, never
    /// verify more than the budget allows; refused ones get `RateLimited`.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: &str,
    ) -> CoreResult<SignedIn> {
        let email = email.trim().to_lowercase();
        let now = self.now();
        let keys = LoginKeys::new(&email, address);
        if self.sign_ins.fetch_add(1, Ordering::Relaxed) % 256 == 255
            && let Err(e) = self
                .repo
                .prune_login_counters(now - throttle::PAIR_MEMORY)
                .await
        {
            tracing::warn!(error = %e, "pruning sign-in counters failed");
        }
        let mut admission = Admission::Refused {
            retry_after_secs: 1,
            account_wide: false,
        };
        self.repo
            .update_login_counters(&keys.keys, &mut |stored| {
                let (verdict, write) = throttle::admit(stored, now);
                admission = verdict;
                write
            })
            .await?;
        if let Admission::Refused {
            retry_after_secs,
            account_wide,
        } = admission
        {
            if account_wide {
                // The account's budget (all addresses) is spent, so its owner waits
                // too, until they follow a mailed unlock link (hub/recovery.rs).
                tracing::warn!(retry_after_secs, "sign-in budget of an account spent");
            }
            return Err(CoreError::RateLimited { retry_after_secs });
        }
        let found = self.repo.account_by_email(&email).await;
        let checked = match found {
            Ok(found) => {
                // Verify against a dummy hash when the account is unknown so timing does not reveal it.
                let (account, hash) = match found {
                    Some((a, h)) => (Some(a), h),
                    None => (None, dummy_hash().to_string()),
                };
                self.verify(password.to_string(), hash)
                    .await
                    .map(|ok| account.filter(|_| ok))
            }
            Err(e) => Err(e),
        };
        let account = match checked {
            Ok(Some(account)) => account,
            // A wrong password: the attempt stays counted.
            Ok(None) => return Err(CoreError::BadCredentials),
            // Not checked (busy, storage): the attempt is credited back.
            Err(e) => {
                self.repo
                    .update_login_counters(&keys.keys, &mut |stored| {
                        Some(throttle::settle(stored, false))
                    })
                    .await?;
                return Err(e);
            }
        };
        self.repo
            .update_login_counters(&keys.keys, &mut |stored| {
                Some(throttle::settle(stored, true))
            })
            .await?;
        // Told only to whoever knows the password.
        if account.disabled {
            return Err(CoreError::Refused(Refusal::AccountDisabled));
        }
        let session_token = accounts::new_secret("");
        let csrf_token = accounts::new_secret("");
        self.repo
            .create_session(
                &accounts::hash_secret(&session_token),
                account.id,
                &csrf_token,
                now + SESSION_LIFETIME,
            )
            .await?;
        Ok(SignedIn {
            account,
            session_token,
            csrf_token,
        })
    }

    /// Forgets the sign-in throttle of an account and its addresses: for a caller that
    /// has proved the owner's identity otherwise (the lockout-recovery link).
    pub async fn lift_sign_in_throttle(&self, email: &str) -> CoreResult<()> {
        self.repo
            .clear_login_counters(&email.trim().to_lowercase())
            .await
    }

    pub async fn sign_out(&self, session_token: &str) -> CoreResult<()> {
        self.repo
            .delete_session(&accounts::hash_secret(session_token))
            .await
    }

    /// Only active memberships let a person act for an organisation.
    async fn actor_for(&self, account: Account) -> CoreResult<Actor> {
        let memberships = self.repo.memberships(account.id).await?;
        let active = || {
            memberships
                .iter()
                .filter(|m| m.status == MembershipStatus::Active)
        };
        Ok(Actor {
            organisation_ids: active().map(|m| m.organisation.id).collect(),
            managed_organisation_ids: active()
                .filter(|m| m.role == MemberRole::Manager)
                .map(|m| m.organisation.id)
                .collect(),
            pending_organisations: memberships
                .iter()
                .filter(|m| m.status == MembershipStatus::Pending)
                .map(|m| (m.organisation.id, m.organisation.name.clone()))
                .collect(),
            account: Some(account),
            system: false,
            scopes: None,
        })
    }

    /// The actor behind a session cookie, with the session's CSRF token.
    pub async fn session_actor(&self, session_token: &str) -> CoreResult<Option<(Actor, String)>> {
        match self
            .repo
            .session(&accounts::hash_secret(session_token))
            .await?
        {
            Some(s) => Ok(Some((self.actor_for(s.account).await?, s.csrf_token))),
            None => Ok(None),
        }
    }

    /// The actor behind a personal API token (`Authorization: Bearer mhub_...`),
    /// limited to the token's scopes.
    pub async fn token_actor(&self, token: &str) -> CoreResult<Option<Actor>> {
        match self
            .repo
            .account_by_api_token(&accounts::hash_secret(token))
            .await?
        {
            Some((a, scopes)) => Ok(Some(Actor {
                scopes: Some(scopes),
                ..self.actor_for(a).await?
            })),
            None => Ok(None),
        }
    }

    /// Returns the token record and the secret, shown once. Needs a session.
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        scopes: accounts::TokenScopes,
    ) -> CoreResult<(ApiToken, String)> {
        authorize(actor, Action::ManageCredentials)?;
        if scopes.is_empty() {
            return Err(CoreError::field("scopes", "required"));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(CoreError::field(
                "name",
                if name.is_empty() {
                    "required"
                } else {
                    "too_long"
                },
            ));
        }
        let secret = accounts::new_secret("mhub_");
        let prefix = secret.get(..12).unwrap_or(&secret).to_string();
        let token = self
            .repo
            .create_api_token(
                actor.id().unwrap_or_default(),
                name,
                &accounts::hash_secret(&secret),
                &prefix,
                scopes,
            )
            .await?;
        Ok((token, secret))
    }

    pub async fn api_tokens(&self, actor: &Actor) -> CoreResult<Vec<ApiToken>> {
        authorize(actor, Action::ManageOwnAccount)?;
        self.repo.api_tokens(actor.id().unwrap_or_default()).await
    }

    pub async fn delete_api_token(&self, actor: &Actor, token_id: i64) -> CoreResult<()> {
        authorize(actor, Action::ManageOwnAccount)?;
        if self
            .repo
            .delete_api_token(actor.id().unwrap_or_default(), token_id)
            .await?
        {
            Ok(())
        } else {
            Err(CoreError::NotFound)
        }
    }

    pub async fn personal_data(&self, actor: &Actor) -> CoreResult<serde_json::Value> {
        authorize(actor, Action::ManageOwnAccount)?;
        self.repo
            .personal_data(actor.id().unwrap_or_default())
            .await
    }

    /// Needs a session, never a token.
    pub async fn erase_account(&self, actor: &Actor) -> CoreResult<()> {
        authorize(actor, Action::ManageCredentials)?;
        self.repo
            .erase_account(actor.id().unwrap_or_default())
            .await
    }

    pub async fn accounts(
        &self,
        actor: &Actor,
        limit: i64,
        page: i64,
    ) -> CoreResult<Page<Account>> {
        authorize(actor, Action::ManageAccounts)?;
        let (limit, offset) = page_bounds(limit, page)?;
        self.repo.list_accounts(limit, offset).await
    }

    /// Accounts matching `q` in e-mail or name (all when empty), for admins.
    pub async fn search_accounts(
        &self,
        actor: &Actor,
        q: &str,
        page: i64,
    ) -> CoreResult<Page<Account>> {
        authorize(actor, Action::ManageAccounts)?;
        let (limit, offset) = page_bounds(DEFAULT_LIMIT, page)?;
        if q.chars().count() > 200 {
            return Err(CoreError::Validation(vec![
                FieldError::new("q", "too_long").with("max", 200),
            ]));
        }
        self.repo.search_accounts(q, limit, offset).await
    }

    /// Disabling ends the account's sessions and revokes its tokens at once.
    pub async fn set_account_disabled(
        &self,
        actor: &Actor,
        account_id: i64,
        disabled: bool,
    ) -> CoreResult<Account> {
        authorize(actor, Action::ManageAccounts)?;
        if disabled && actor.id() == Some(account_id) {
            return Err(CoreError::field("account", "cannot_disable_self"));
        }
        self.repo.set_account_disabled(account_id, disabled).await?;
        self.repo
            .account_by_id(account_id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    pub async fn set_role_by_id(
        &self,
        actor: &Actor,
        account_id: i64,
        role: Role,
        country: Option<&str>,
    ) -> CoreResult<Account> {
        authorize(actor, Action::ManageAccounts)?;
        if role == Role::FocalPoint && country.is_none_or(|c| self.catalog().country(c).is_none()) {
            return Err(CoreError::field("country", "required"));
        }
        if actor.id() == Some(account_id) && role != Role::Admin {
            return Err(CoreError::field("role", "cannot_demote_self"));
        }
        let country = if role == Role::FocalPoint {
            country.map(str::to_ascii_uppercase)
        } else {
            None
        };
        self.repo.set_role(account_id, role).await?;
        self.repo
            .set_account_country(account_id, country.as_deref())
            .await?;
        self.repo
            .account_by_id(account_id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// `country` is the one a focal point curates, required for that role.
    pub async fn set_role(
        &self,
        actor: &Actor,
        email: &str,
        role: Role,
        country: Option<&str>,
    ) -> CoreResult<Account> {
        authorize(actor, Action::ManageAccounts)?;
        let (account, _) = self
            .repo
            .account_by_email(&email.trim().to_lowercase())
            .await?
            .ok_or(CoreError::NotFound)?;
        self.set_role_by_id(actor, account.id, role, country).await
    }
}

/// A real Argon2id hash of a random secret, to spend the same time on unknown accounts.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| accounts::hash_password(&accounts::new_secret("")).unwrap_or_default())
}

/// A plausible e-mail address: one `@`, a dotted domain, no spaces.
pub(crate) fn valid_email(email: &str) -> bool {
    email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.contains('@')
                && b.contains('.')
                && !b.starts_with('.')
                && !b.ends_with('.')
        })
}

fn page_bounds(limit: i64, page: i64) -> CoreResult<(i64, i64)> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(CoreError::Validation(vec![
            FieldError::new("limit", "out_of_range")
                .with("min", 1)
                .with("max", MAX_LIMIT),
        ]));
    }
    if !(1..=1_000_000).contains(&page) {
        return Err(CoreError::Validation(vec![
            FieldError::new("page", "out_of_range")
                .with("min", 1)
                .with("max", 1_000_000),
        ]));
    }
    Ok((limit, (page - 1) * limit))
}

/// RFC 3339 instant or a plain date (midnight UTC).
pub fn parse_instant(s: &str) -> Option<OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    let (y, m, d) = crate::validate::parse_partial_date(s)?;
    let month = time::Month::try_from(m).ok()?;
    let date = time::Date::from_calendar_date(y, month, d).ok()?;
    Some(date.midnight().assume_utc())
}
