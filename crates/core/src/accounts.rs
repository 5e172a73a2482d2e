//! People, their roles and organisations, and the secrets that prove who they are.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::organisations::{MemberRole, MembershipStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Contributor,
    Reviewer,
    FocalPoint,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Member,
        Role::Contributor,
        Role::Reviewer,
        Role::FocalPoint,
        Role::Editor,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Contributor => "contributor",
            Role::Reviewer => "reviewer",
            Role::FocalPoint => "focal_point",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Editors and admins curate everything.
    pub fn is_curator(self) -> bool {
        matches!(self, Role::Editor | Role::Admin)
    }

    pub fn may_contribute(self) -> bool {
        !matches!(self, Role::Member)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// ISO alpha-2 for focal points.
    pub country: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Whether the person followed the confirmation link sent to `email`.
    pub email_confirmed: bool,
    /// A disabled account cannot sign in; its sessions and tokens are gone.
    pub disabled: bool,
}

/// What a personal API token may be used for, chosen when it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read practices (drafts one may see included), curation and reference data.
    Read,
    /// Create, edit, submit and archive practices.
    Practices,
    /// Review, assign reviewers and move records through curation.
    Curation,
    /// The account's own data: organisations, tokens (listing, revoking), export;
    /// and, for admins, other accounts. Never minting tokens nor erasing the account.
    Account,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::Read,
        Scope::Practices,
        Scope::Curation,
        Scope::Account,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Practices => "practices",
            Scope::Curation => "curation",
            Scope::Account => "account",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of [`Scope`]s; serialized as a list of their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenScopes(u8);

impl TokenScopes {
    pub fn all() -> Self {
        Self::from_iter(Scope::ALL)
    }

    pub fn contains(self, scope: Scope) -> bool {
        self.0 & scope.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Scope> {
        Scope::ALL.into_iter().filter(move |s| self.contains(*s))
    }

    /// Space-separated names, as stored: `"read practices"`.
    pub fn to_text(self) -> String {
        self.iter().map(Scope::as_str).collect::<Vec<_>>().join(" ")
    }

    /// The stored form back; unknown names are an error, so nothing is widened silently.
    pub fn parse_text(text: &str) -> Option<Self> {
        text.split_whitespace()
            .map(Scope::parse)
            .collect::<Option<Vec<_>>>()
            .map(Self::from_iter)
    }
}

impl FromIterator<Scope> for TokenScopes {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        TokenScopes(iter.into_iter().fold(0, |acc, s| acc | s.bit()))
    }
}

impl Serialize for TokenScopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Who is acting: nobody, or a signed-in account with its organisations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Actor {
    pub account: Option<Account>,
    /// The operator at the console (CLI): trusted with everything.
    pub system: bool,
    /// Ids of the organisations the account is an active member of.
    pub organisation_ids: Vec<i64>,
    /// Of those, the ones it manages.
    pub managed_organisation_ids: Vec<i64>,
    /// Organisations it asked to join that have not decided yet (id, name): the
    /// reason a refusal can name.
    pub pending_organisations: Vec<(i64, String)>,
    /// The scopes of the API token the request came with; `None` for a
    /// session (or nobody, or the console), which is limited by role only.
    pub scopes: Option<TokenScopes>,
}

impl Actor {
    pub fn anonymous() -> Self {
        Self::default()
    }
    pub fn system() -> Self {
        Self {
            system: true,
            ..Self::default()
        }
    }
    pub fn id(&self) -> Option<i64> {
        self.account.as_ref().map(|a| a.id)
    }
    pub fn role(&self) -> Option<Role> {
        self.account.as_ref().map(|a| a.role)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: Option<String>,
    pub practice_count: i64,
    /// Created by a person and not yet confirmed by an editor: it cannot own
    /// published practices until it is.
    pub confirmed: bool,
    /// Set when this organisation was merged into another: that one's slug.
    pub merged_into: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    pub organisation: Organisation,
    pub role: MemberRole,
    pub status: MembershipStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// First characters of the secret, to recognise it in a list.
    pub prefix: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// What the token may be used for.
    pub scopes: TokenScopes,
}

/// What a one-use link sent by e-mail is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailLinkPurpose {
    ConfirmEmail,
    /// Signs a person in whose sign-in is throttled: lockout recovery.
    UnlockSignIn,
}

impl EmailLinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            EmailLinkPurpose::ConfirmEmail => "confirm_email",
            EmailLinkPurpose::UnlockSignIn => "unlock_sign_in",
        }
    }
}

/// The account-administration area of the storage port.
#[async_trait::async_trait]
pub trait AccountStore: Send + Sync {
    /// Accounts whose e-mail address or name contains `q`, case-insensitively.
    async fn search_accounts(
        &self,
        q: &str,
        limit: i64,
        offset: i64,
    ) -> crate::CoreResult<crate::practice::Page<Account>>;
    /// Disabling also ends the account's sessions and revokes its tokens.
    async fn set_account_disabled(&self, account_id: i64, disabled: bool) -> crate::CoreResult<()>;
    /// The country a focal point curates (ISO alpha-2), or none.
    async fn set_account_country(
        &self,
        account_id: i64,
        country: Option<&str>,
    ) -> crate::CoreResult<()>;
    async fn create_email_link(
        &self,
        token_hash: &str,
        account_id: i64,
        purpose: EmailLinkPurpose,
        expires_at: OffsetDateTime,
    ) -> crate::CoreResult<()>;
    /// Uses a confirmation link once; the account id when it was valid.
    async fn confirm_email(&self, token_hash: &str) -> crate::CoreResult<Option<i64>>;
    /// Uses a link of `purpose` once; the account id when it was unused and unexpired.
    async fn use_email_link(
        &self,
        token_hash: &str,
        purpose: EmailLinkPurpose,
    ) -> crate::CoreResult<Option<i64>>;
    /// How many links of `purpose` were made for the account since `since`.
    async fn email_links_since(
        &self,
        account_id: i64,
        purpose: EmailLinkPurpose,
        since: OffsetDateTime,
    ) -> crate::CoreResult<i64>;
}

/// A new session or token secret: shown once, only its hash is stored.
pub fn new_secret(prefix: &str) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// SHA-256 is enough here: the secrets are 256 random bits, not passwords.
pub fn hash_secret(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Argon2id with the crate's defaults (19 MiB, t=2): slow on purpose, so run it off the async threads.
pub fn hash_password(password: &str) -> Result<String, crate::CoreError> {
    use argon2::{Argon2, PasswordHasher};
    // password-hash 0.6 draws the salt from the OS generator itself.
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| crate::CoreError::Storage(format!("password hash: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    use argon2::{Argon2, PasswordHash, PasswordVerifier};
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn scopes_round_trip_through_their_stored_form() {
        let some = TokenScopes::from_iter([Scope::Read, Scope::Curation]);
        assert_eq!(some.to_text(), "read curation");
        assert_eq!(TokenScopes::parse_text("curation read"), Some(some));
        assert_eq!(TokenScopes::parse_text(""), Some(TokenScopes::default()));
        assert_eq!(TokenScopes::parse_text("read admin"), None);
        assert_eq!(
            TokenScopes::parse_text("read practices curation account"),
            Some(TokenScopes::all())
        );
        assert_eq!(
            serde_json::to_string(&some).unwrap(),
            r#"["read","curation"]"#
        );
    }

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = new_secret("mhub_");
        assert_ne!(a, new_secret("mhub_"));
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), a);
    }
}
