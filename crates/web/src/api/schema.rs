//! OpenAPI descriptions of the domain types the API sends and receives. The
//! domain crate knows nothing of OpenAPI, so its shapes are mirrored here for
//! documentation only; the real (de)serialization uses the domain types.
#![allow(dead_code)]

use std::collections::BTreeMap;

use utoipa::ToSchema;

/// Text fields written in one language.
#[derive(ToSchema)]
#[schema(as = PracticeText)]
pub struct PracticeTextDoc {
    title: String,
    #[schema(default = "")]
    summary: Option<String>,
    /// Markdown.
    description: Option<String>,
    lessons_learned: Option<String>,
    transferability: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = OrganisationLink)]
pub struct OrganisationLinkDoc {
    name: String,
    #[schema(pattern = "^(owner|partner|funder)$")]
    role: String,
    /// ISO 3166-1 alpha-2; defaults to the practice's country.
    country: Option<String>,
}

/// Contacts are shown to signed-in users only.
#[derive(ToSchema)]
#[schema(as = Contact)]
pub struct ContactDoc {
    name: String,
    email: Option<String>,
    role: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Reach)]
pub struct ReachDoc {
    users: Option<i64>,
    professionals: Option<i64>,
    facilities: Option<i64>,
    /// `national` or `subnational`.
    scope: Option<String>,
    note: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = MeasuredOutcome)]
pub struct MeasuredOutcomeDoc {
    measure: String,
    value: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Publication)]
pub struct PublicationDoc {
    citation: String,
    url: Option<String>,
    doi: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Evidence)]
pub struct EvidenceDoc {
    /// Code of the `evidence_level` vocabulary.
    level: Option<String>,
    study_design: Option<String>,
    outcomes: Option<Vec<MeasuredOutcomeDoc>>,
    publications: Option<Vec<PublicationDoc>>,
    note: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Funding)]
pub struct FundingDoc {
    /// Code of the `government_investment` vocabulary.
    government_investment: Option<String>,
    reimbursed: Option<bool>,
    cost_note: Option<String>,
    note: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Licensing)]
pub struct LicensingDoc {
    open_source: Option<bool>,
    licence: Option<String>,
    repository: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = AssessmentLabel)]
pub struct AssessmentLabelDoc {
    framework: String,
    result: Option<String>,
    year: Option<i32>,
    url: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Link)]
pub struct LinkDoc {
    url: String,
    title: Option<String>,
    /// `website`, `source`, `attachment`, `video` or `report`.
    #[schema(default = "website")]
    kind: Option<String>,
}

/// Everything an owner edits: the body of create and update, and the `content`
/// of a practice. Unknown fields are refused.
#[derive(ToSchema)]
#[schema(as = PracticeContent)]
pub struct PracticeContentDoc {
    /// Language the record was written in; its text must be present.
    original_language: String,
    /// Text per language code.
    texts: BTreeMap<String, PracticeTextDoc>,
    /// ISO 3166-1 alpha-2 of one of the 53 countries.
    country: String,
    regions: Option<Vec<String>>,
    organisations: Option<Vec<OrganisationLinkDoc>>,
    contacts: Option<Vec<ContactDoc>>,
    /// Codes of the `ncd_focus` vocabulary.
    ncd_focus: Option<Vec<String>>,
    /// Codes of the WHO Classification of Digital Health Interventions v1.
    cdhi_v1: Option<Vec<String>>,
    /// Codes of the WHO Classification of Digital Interventions, Services and Applications (v2).
    cdhi_v2: Option<Vec<String>>,
    health_system_challenges: Option<Vec<String>>,
    application_types: Option<Vec<String>>,
    channels: Option<Vec<String>>,
    target_population: Option<String>,
    /// Code of `implementation_stage` ("1".."10").
    stage: Option<String>,
    /// Code of `lifecycle`.
    lifecycle: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    start_date: Option<String>,
    end_date: Option<String>,
    reach: Option<ReachDoc>,
    evidence: Option<EvidenceDoc>,
    funding: Option<FundingDoc>,
    licensing: Option<LicensingDoc>,
    interoperability: Option<Vec<String>>,
    assessments: Option<Vec<AssessmentLabelDoc>>,
    links: Option<Vec<LinkDoc>>,
    notes: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Completeness)]
pub struct CompletenessDoc {
    /// 0..=100.
    score: u8,
    /// Fields still missing, most important first.
    missing: Vec<String>,
}

#[derive(ToSchema)]
#[schema(as = CriterionScore)]
pub struct CriterionScoreDoc {
    criterion: String,
    /// For exclusion criteria.
    passed: Option<bool>,
    /// 1..=5 for core and qualifier criteria.
    score: Option<i32>,
    comment: Option<String>,
}

/// A reviewer's assessment against the EU best-practice criteria.
#[derive(ToSchema)]
#[schema(as = ReviewInput)]
pub struct ReviewInputDoc {
    scores: Vec<CriterionScoreDoc>,
    #[schema(pattern = "^(best|promising|changes_requested|reject)$")]
    recommendation: String,
    comment: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Review)]
pub struct ReviewDoc {
    /// 0 when hidden from the reader.
    reviewer_id: i64,
    reviewer_name: Option<String>,
    scores: Vec<CriterionScoreDoc>,
    recommendation: String,
    comment: String,
    submitted_at: String,
}

#[derive(ToSchema)]
#[schema(as = TransitionRecord)]
pub struct TransitionRecordDoc {
    from: String,
    to: String,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    reason: Option<String>,
    outcome: Option<String>,
    at: String,
}

#[derive(ToSchema)]
#[schema(as = FieldChange)]
pub struct FieldChangeDoc {
    /// Dotted path, e.g. `texts.en.title`.
    field: String,
    before: serde_json::Value,
    after: serde_json::Value,
}

#[derive(ToSchema)]
#[schema(as = Account)]
pub struct AccountDoc {
    id: i64,
    email: String,
    display_name: String,
    #[schema(pattern = "^(member|contributor|reviewer|focal_point|editor|admin)$")]
    role: String,
    country: Option<String>,
    created_at: String,
    /// Whether the person followed the confirmation link sent to `email`.
    email_confirmed: bool,
    disabled: bool,
}

#[derive(ToSchema)]
#[schema(as = Organisation)]
pub struct OrganisationDoc {
    id: i64,
    slug: String,
    name: String,
    country: Option<String>,
    practice_count: i64,
    /// False while an editor has not confirmed an organisation a person created.
    confirmed: bool,
    /// The slug of the organisation this one was merged into.
    merged_into: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = Membership)]
pub struct MembershipDoc {
    organisation: OrganisationDoc,
    #[schema(pattern = "^(member|manager)$")]
    role: String,
    /// Only an `active` membership lets the person act for the organisation.
    #[schema(pattern = "^(pending|active|declined)$")]
    status: String,
}

#[derive(ToSchema)]
#[schema(as = ApiToken)]
pub struct ApiTokenDoc {
    id: i64,
    name: String,
    /// First characters of the secret.
    prefix: String,
    created_at: String,
    last_used_at: Option<String>,
    /// What the token may be used for.
    scopes: Vec<ScopeDoc>,
}

/// A token scope. `read`: practices (with one's own drafts), curation and
/// reference data; `practices`: create, edit, submit and archive practices;
/// `curation`: reviews, reviewer assignment and curation transitions;
/// `account`: one's organisations, token list and revocation, data export (and,
/// for admins, other accounts). `practices` and `curation` include `read`.
/// No scope lets a token mint tokens or erase the account: that needs a session.
#[derive(serde::Serialize, ToSchema)]
#[schema(as = Scope)]
#[allow(dead_code)]
#[serde(rename_all = "snake_case")]
pub enum ScopeDoc {
    Read,
    Practices,
    Curation,
    Account,
}

#[derive(ToSchema)]
#[schema(as = Member)]
pub struct MemberDoc {
    account_id: i64,
    display_name: String,
    email: String,
    #[schema(pattern = "^(member|manager)$")]
    role: String,
    #[schema(pattern = "^(pending|active|declined)$")]
    status: String,
    since: String,
}

#[derive(ToSchema)]
#[schema(as = OrganisationEvent)]
pub struct OrganisationEventDoc {
    id: i64,
    organisation_id: i64,
    organisation_name: String,
    organisation_slug: String,
    /// created, requested, approved, declined, invited, joined_by_invitation,
    /// role_changed, removed, left, confirmed, merged_away, merged_in.
    kind: String,
    account_id: Option<i64>,
    account_name: Option<String>,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    detail: Option<String>,
    at: String,
}

#[derive(ToSchema)]
#[schema(as = OrganisationAdmin)]
pub struct OrganisationAdminDoc {
    organisation: OrganisationDoc,
    members: Vec<MemberDoc>,
    /// Newest first.
    events: Vec<OrganisationEventDoc>,
}

#[derive(ToSchema)]
#[schema(as = Invitation)]
pub struct InvitationDoc {
    organisation: OrganisationDoc,
    email: String,
    #[schema(pattern = "^(member|manager)$")]
    role: String,
    invited_by: Option<i64>,
    expires_at: String,
    accepted_at: Option<String>,
}

/// An owner's proposed update of a published practice, or request to archive it.
#[derive(ToSchema)]
#[schema(as = PracticeRequest)]
pub struct PracticeRequestDoc {
    id: i64,
    practice_id: i64,
    practice_slug: String,
    practice_title: String,
    practice_country: String,
    #[schema(pattern = "^(update|archive)$")]
    kind: String,
    #[schema(pattern = "^(pending|approved|declined|withdrawn)$")]
    status: String,
    /// The proposed record, for updates.
    content: Option<PracticeContentDoc>,
    base_version: i64,
    minor: bool,
    note: Option<String>,
    author_id: Option<i64>,
    author_name: Option<String>,
    created_at: String,
    decided_by: Option<i64>,
    decided_at: Option<String>,
    decision_reason: Option<String>,
}

#[derive(ToSchema)]
#[schema(as = RequestView)]
pub struct RequestViewDoc {
    request: PracticeRequestDoc,
    /// For updates: the published record against the proposal.
    changes: Vec<FieldChangeDoc>,
    can_decide: bool,
    can_withdraw: bool,
}
