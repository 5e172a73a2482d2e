//! Lockout recovery. Throttling must never lock an owner out for good: a person
//! whose sign-in is refused asks for a one-use link by e-mail, and the link signs
//! them in. Whoever guesses the password keeps waiting, since only the owner
//! reads the owner's mail.

use time::Duration;

use super::{Hub, SESSION_LIFETIME, SignedIn};
use crate::accounts::{self, EmailLinkPurpose};
use crate::authz::Refusal;
use crate::error::{CoreError, CoreResult};
use crate::throttle::LoginKeys;

/// Short, because the link is as good as the password.
pub const UNLOCK_LINK_LIFETIME: Duration = Duration::hours(1);
/// At most this many unlock links per account within `UNLOCK_MAIL_WINDOW`, so
/// nobody can fill an owner's mailbox by asking for them.
pub const UNLOCK_MAILS_PER_WINDOW: i64 = 3;
pub const UNLOCK_MAIL_WINDOW: Duration = Duration::hours(1);

impl Hub {
    /// Mails a sign-in link to the account with this address, if there is one.
    /// It answers the same whether or not the address has an account, so it
    /// cannot be used to find out who has one. `lang` picks the link's language.
    pub async fn request_unlock_link(&self, email: &str, lang: &str) -> CoreResult<()> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Err(CoreError::field("email", "required"));
        }
        if !super::valid_email(&email) {
            return Err(CoreError::field("email", "invalid_email"));
        }
        let Some((account, _)) = self.repo.account_by_email(&email).await? else {
            return Ok(());
        };
        if account.disabled {
            return Ok(());
        }
        // Wall-clock time, like the link's `created_at` that storage stamps.
        let now = time::OffsetDateTime::now_utc();
        let recent = self
            .repo
            .email_links_since(
                account.id,
                EmailLinkPurpose::UnlockSignIn,
                now - UNLOCK_MAIL_WINDOW,
            )
            .await?;
        if recent >= UNLOCK_MAILS_PER_WINDOW {
            tracing::info!(account = account.id, "unlock link not sent: enough were");
            return Ok(());
        }
        let secret = accounts::new_secret("");
        self.repo
            .create_email_link(
                &accounts::hash_secret(&secret),
                account.id,
                EmailLinkPurpose::UnlockSignIn,
                now + UNLOCK_LINK_LIFETIME,
            )
            .await?;
        let lang = if lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()) {
            lang
        } else {
            "en"
        };
        self.mail(
            &account.email,
            "Sign in to the mHealth Hub",
            &format!(
                "Someone asked for a sign-in link for this address, after sign-in was \
                 refused for too many attempts. Open this link to sign in:\n{}\n\n\
                 It works once and expires in {} minutes. If you did not ask for it, \
                 someone may be guessing your password: you can ignore this message, \
                 and they still cannot sign in without it.",
                self.link(&format!("/{lang}/sign-in/unlock/{secret}")),
                UNLOCK_LINK_LIFETIME.whole_minutes()
            ),
        )
        .await;
        Ok(())
    }

    /// Follows an unlock link once: a new session for its account, whose sign-in
    /// throttle is lifted for this address. Counters of other addresses stay, so
    /// a guesser elsewhere keeps waiting. `NotFound` when the link is unknown,
    /// used or expired.
    pub async fn sign_in_with_unlock_link(
        &self,
        secret: &str,
        address: &str,
    ) -> CoreResult<SignedIn> {
        let account_id = self
            .repo
            .use_email_link(
                &accounts::hash_secret(secret),
                EmailLinkPurpose::UnlockSignIn,
            )
            .await?
            .ok_or(CoreError::NotFound)?;
        let account = self
            .repo
            .account_by_id(account_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        if account.disabled {
            return Err(CoreError::Refused(Refusal::AccountDisabled));
        }
        let keys = LoginKeys::new(&account.email, address);
        self.repo
            .update_login_counters(&keys.keys, &mut |stored| {
                // Pair and account forgotten; the address counter stays.
                Some(vec![None, None, stored.get(2).copied().flatten()])
            })
            .await?;
        let session_token = accounts::new_secret("");
        let csrf_token = accounts::new_secret("");
        self.repo
            .create_session(
                &accounts::hash_secret(&session_token),
                account.id,
                &csrf_token,
                self.now() + SESSION_LIFETIME,
            )
            .await?;
        Ok(SignedIn {
            account,
            session_token,
            csrf_token,
        })
    }
}
