//! Sign-in throttling through `Hub::sign_in` on a real database (SQLite, and
//! PostgreSQL when `TEST_PG_URL` is set): concurrent bursts of guesses verify no
//! more passwords than the budget, a right password sent after the budget is spent
//! does not sign in, and an attacker's failures do not lock the owner out.
//! The clock is frozen, so the delays never depend on how fast the machine is.
#![allow(clippy::unwrap_used, clippy::expect_used)] // see clippy.toml

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use mhub_core::CoreError;
use mhub_core::accounts::{AccountStore, Actor, Role};
use mhub_core::hub::{Hub, UNLOCK_MAILS_PER_WINDOW};
use mhub_core::mail::{Mail, Mailer};
use mhub_core::reference::ReferenceData;
use mhub_core::repo::Repository;
use mhub_core::throttle::{
    ACCOUNT_BUDGET, ACCOUNT_WINDOW, LoginKeys, PAIR_FREE_ATTEMPTS, pair_delay,
};
use mhub_storage::Db;
use time::{Duration, OffsetDateTime};

const PASSWORD: &str = "correct horse battery";
const OWNER: &str = "owner@example.org";

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let t = crate::common::sqlite().await;
                    crate::$name(crate::hub(&t.db).await).await;
                    t.finish().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let Some(t) = crate::common::postgres().await else { return };
                    crate::$name(crate::hub(&t.db).await).await;
                    t.finish().await;
                }
            )*
        }
    };
}

on_both!(
    a_burst_from_one_address_verifies_only_the_free_attempts,
    a_distributed_burst_verifies_only_the_account_budget,
    a_right_password_after_the_budget_does_not_sign_in,
    an_attacker_does_not_lock_the_owner_out,
    delays_grow_and_end,
    a_locked_out_owner_signs_in_with_the_mailed_link,
    unlock_links_are_limited_and_reveal_no_accounts,
);

/// A Hub with the owner's account and a clock the test moves.
struct Fixture {
    hub: Arc<Hub>,
    db: Db,
    /// Seconds since t0.
    clock: Arc<AtomicI64>,
    mailbox: Arc<Mailbox>,
}

fn t0() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}

async fn hub(db: &Db) -> Fixture {
    let reference = ReferenceData::embedded().unwrap();
    let hub = Hub::open(Arc::new(db.clone()), &reference).await.unwrap();
    let clock = Arc::new(AtomicI64::new(0));
    let c = clock.clone();
    hub.set_clock(Arc::new(move || {
        t0() + Duration::seconds(c.load(Ordering::SeqCst))
    }));
    hub.register(
        &Actor::system(),
        OWNER,
        "Owner",
        PASSWORD,
        Role::Contributor,
    )
    .await
    .unwrap();
    let mailbox = Arc::new(Mailbox::default());
    hub.set_mailer(mailbox.clone());
    Fixture {
        hub: Arc::new(hub),
        db: db.clone(),
        clock,
        mailbox,
    }
}

/// Keeps what the Hub sends.
#[derive(Default)]
struct Mailbox(std::sync::Mutex<Vec<Mail>>);

#[async_trait::async_trait]
impl Mailer for Mailbox {
    fn base_url(&self) -> &str {
        "https://hub.example"
    }
    async fn send(&self, mail: Mail) -> mhub_core::CoreResult<()> {
        self.0.lock().unwrap().push(mail);
        Ok(())
    }
}

impl Mailbox {
    fn to(&self, address: &str) -> Vec<Mail> {
        let all = self.0.lock().unwrap();
        all.iter().filter(|m| m.to == address).cloned().collect()
    }
}

impl Fixture {
    fn advance(&self, d: Duration) {
        self.clock.fetch_add(d.whole_seconds(), Ordering::SeqCst);
    }

    /// `n` concurrent attempts; `address(i)` and `password(i)` for attempt i.
    async fn burst(
        &self,
        n: usize,
        address: impl Fn(usize) -> String,
        password: impl Fn(usize) -> &'static str,
    ) -> Vec<Result<(), CoreError>> {
        let mut tasks = Vec::new();
        for i in 0..n {
            let (hub, addr, pw) = (self.hub.clone(), address(i), password(i));
            tasks.push(tokio::spawn(async move {
                hub.sign_in(OWNER, pw, &addr).await.map(drop)
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    }

    /// Attempts of the (owner, address) pair the database has counted.
    async fn pair_attempts(&self, address: &str) -> i64 {
        let keys = LoginKeys::new(OWNER, address).keys;
        let mut n = 0;
        self.db
            .update_login_counters(&keys, &mut |s| {
                n = s[0].map_or(0, |c| c.attempts);
                None
            })
            .await
            .unwrap();
        n
    }
}

fn count(results: &[Result<(), CoreError>]) -> (usize, usize, usize) {
    let mut verified_wrong = 0;
    let mut refused = 0;
    let mut signed_in = 0;
    for r in results {
        match r {
            Ok(()) => signed_in += 1,
            Err(CoreError::BadCredentials) => verified_wrong += 1,
            Err(CoreError::RateLimited { retry_after_secs }) => {
                assert!(*retry_after_secs >= 1);
                refused += 1;
            }
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    (verified_wrong, refused, signed_in)
}

async fn a_burst_from_one_address_verifies_only_the_free_attempts(f: Fixture) {
    let results = f
        .burst(60, |_| "203.0.113.1".into(), |_| "wrong password")
        .await;
    let (wrong, refused, _) = count(&results);
    assert_eq!(wrong, PAIR_FREE_ATTEMPTS as usize, "{results:?}");
    assert_eq!(refused, 60 - PAIR_FREE_ATTEMPTS as usize);
}

async fn a_distributed_burst_verifies_only_the_account_budget(f: Fixture) {
    // One guess from each of 60 addresses: only the account's budget reaches Argon2.
    let results = f
        .burst(60, |i| format!("198.51.100.{i}"), |_| "wrong password")
        .await;
    let (wrong, refused, _) = count(&results);
    assert_eq!(wrong, ACCOUNT_BUDGET as usize, "{results:?}");
    assert_eq!(refused, 60 - ACCOUNT_BUDGET as usize);
    for r in &results {
        if let Err(CoreError::RateLimited { retry_after_secs }) = r {
            assert!(*retry_after_secs <= ACCOUNT_WINDOW.whole_seconds() as u64);
        }
    }
}

async fn a_right_password_after_the_budget_does_not_sign_in(f: Fixture) {
    // 44 wrong guesses go out at once; as soon as the database has counted the
    // budget (while those guesses may still be verifying), guess #45 is right.
    let addr = "203.0.113.7";
    let hub = f.hub.clone();
    let first = tokio::spawn(async move {
        let mut tasks = Vec::new();
        for _ in 0..44 {
            let hub = hub.clone();
            tasks.push(tokio::spawn(async move {
                hub.sign_in(OWNER, "wrong password", addr).await.map(drop)
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    let mut polls = 0;
    while f.pair_attempts(addr).await < PAIR_FREE_ATTEMPTS {
        polls += 1;
        assert!(polls < 100_000, "the budget was never counted");
        tokio::task::yield_now().await;
    }
    let right = f.hub.sign_in(OWNER, PASSWORD, addr).await;
    assert!(
        matches!(right, Err(CoreError::RateLimited { .. })),
        "{:?}",
        right.map(|s| s.account.email)
    );
    let rest = f.burst(5, |_| addr.into(), |_| "wrong password").await;
    let mut all = first.await.unwrap();
    all.extend(rest);
    let (wrong, _, signed_in) = count(&all);
    assert_eq!(signed_in, 0);
    assert_eq!(wrong, PAIR_FREE_ATTEMPTS as usize);
}

async fn an_attacker_does_not_lock_the_owner_out(f: Fixture) {
    let attacker = "192.0.2.66";
    let results = f.burst(60, |_| attacker.into(), |_| "wrong password").await;
    let (wrong, _, _) = count(&results);
    assert_eq!(wrong, PAIR_FREE_ATTEMPTS as usize);
    // The attacker's address waits ...
    assert!(matches!(
        f.hub.sign_in(OWNER, PASSWORD, attacker).await,
        Err(CoreError::RateLimited { .. })
    ));
    // ... the owner, from their own address, signs in at once, every time.
    for _ in 0..3 {
        let signed = f.hub.sign_in(OWNER, PASSWORD, "198.51.100.200").await;
        assert_eq!(signed.unwrap().account.email, OWNER);
    }
}

async fn delays_grow_and_end(f: Fixture) {
    let addr = "2001:db8:5:6::1";
    let wrong = |f: &Fixture| {
        let hub = f.hub.clone();
        async move { hub.sign_in(OWNER, "wrong password", addr).await.map(drop) }
    };
    for _ in 0..PAIR_FREE_ATTEMPTS {
        assert!(matches!(wrong(&f).await, Err(CoreError::BadCredentials)));
    }
    // After the free attempts each one waits twice as long as the one before.
    for n in PAIR_FREE_ATTEMPTS..PAIR_FREE_ATTEMPTS + 4 {
        let delay = pair_delay(n).whole_seconds() as u64;
        match wrong(&f).await {
            Err(CoreError::RateLimited { retry_after_secs }) => {
                assert_eq!(retry_after_secs, delay)
            }
            other => panic!("{other:?}"),
        }
        f.advance(Duration::seconds(delay as i64));
        assert!(matches!(wrong(&f).await, Err(CoreError::BadCredentials)));
    }
    // Another address of the same /64 is the same client.
    assert!(matches!(
        f.hub.sign_in(OWNER, PASSWORD, "2001:db8:5:6::2").await,
        Err(CoreError::RateLimited { .. })
    ));
    // Once the delay has passed the right password signs in, and the pair starts over.
    f.advance(pair_delay(PAIR_FREE_ATTEMPTS + 4) + Duration::seconds(1));
    f.hub.sign_in(OWNER, PASSWORD, addr).await.unwrap();
    assert_eq!(f.pair_attempts(addr).await, 0);
    // The recovery hook lifts the throttle of the account and its addresses.
    for _ in 0..PAIR_FREE_ATTEMPTS {
        let _ = wrong(&f).await;
    }
    assert!(matches!(
        wrong(&f).await,
        Err(CoreError::RateLimited { .. })
    ));
    f.hub.lift_sign_in_throttle(OWNER).await.unwrap();
    f.hub.sign_in(OWNER, PASSWORD, addr).await.unwrap();
}

/// The secret at the end of the newest unlock link mailed to `to`.
fn unlock_secret(f: &Fixture, to: &str) -> String {
    let mails = f.mailbox.to(to);
    let body = &mails.last().expect("an unlock mail").body;
    let start = body.find("/sign-in/unlock/").expect("an unlock link") + "/sign-in/unlock/".len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn a_locked_out_owner_signs_in_with_the_mailed_link(f: Fixture) {
    // Guessers on many addresses spend the account's budget: the owner waits too.
    let results = f
        .burst(
            ACCOUNT_BUDGET as usize + 5,
            |i| format!("198.51.100.{}", i + 1),
            |_| "wrong password",
        )
        .await;
    assert!(results.iter().any(|r| r.is_err()));
    let home = "192.0.2.7";
    assert!(matches!(
        f.hub.sign_in(OWNER, PASSWORD, home).await,
        Err(CoreError::RateLimited { .. })
    ));
    // The owner asks for a link and follows it: signed in, throttle or not.
    f.hub.request_unlock_link(OWNER, "fr").await.unwrap();
    let mails = f.mailbox.to(OWNER);
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0]
            .body
            .contains("https://hub.example/fr/sign-in/unlock/")
    );
    let secret = unlock_secret(&f, OWNER);
    assert_eq!(secret.len(), 64);
    let signed = f.hub.sign_in_with_unlock_link(&secret, home).await.unwrap();
    assert_eq!(signed.account.email, OWNER);
    let (actor, _) = f
        .hub
        .session_actor(&signed.session_token)
        .await
        .unwrap()
        .expect("a live session");
    assert_eq!(actor.account.unwrap().email, OWNER);
    // Once only.
    assert!(matches!(
        f.hub.sign_in_with_unlock_link(&secret, home).await,
        Err(CoreError::NotFound)
    ));
    // The owner's own address signs in with the password again...
    f.hub.sign_in(OWNER, PASSWORD, home).await.unwrap();
    // ...while a guesser's address that used up its free attempts keeps waiting.
    let guesser = "203.0.113.9";
    for _ in 0..PAIR_FREE_ATTEMPTS {
        let _ = f.hub.sign_in(OWNER, "wrong password", guesser).await;
    }
    assert!(matches!(
        f.hub.sign_in(OWNER, PASSWORD, guesser).await,
        Err(CoreError::RateLimited { .. })
    ));
    // A made-up secret does not sign in.
    assert!(matches!(
        f.hub.sign_in_with_unlock_link(&"0".repeat(64), home).await,
        Err(CoreError::NotFound)
    ));
}

async fn unlock_links_are_limited_and_reveal_no_accounts(f: Fixture) {
    // An unknown address answers the same and sends nothing.
    f.hub
        .request_unlock_link("nobody@example.org", "en")
        .await
        .unwrap();
    assert!(f.mailbox.to("nobody@example.org").is_empty());
    // An invalid address is a field error.
    assert!(matches!(
        f.hub.request_unlock_link("not an address", "en").await,
        Err(CoreError::Validation(_))
    ));
    // A disabled account gets no link, and its earlier links no longer sign in.
    f.hub.request_unlock_link(OWNER, "en").await.unwrap();
    let early = unlock_secret(&f, OWNER);
    let (owner, _) = f.db.account_by_email(OWNER).await.unwrap().unwrap();
    f.db.set_account_disabled(owner.id, true).await.unwrap();
    f.hub.request_unlock_link(OWNER, "en").await.unwrap();
    assert_eq!(f.mailbox.to(OWNER).len(), 1);
    assert!(matches!(
        f.hub.sign_in_with_unlock_link(&early, "192.0.2.8").await,
        Err(CoreError::Refused(_))
    ));
    f.db.set_account_disabled(owner.id, false).await.unwrap();
    // Nobody can fill the owner's mailbox: a few links an hour, then silence.
    for _ in 0..UNLOCK_MAILS_PER_WINDOW + 4 {
        f.hub.request_unlock_link(OWNER, "en").await.unwrap();
    }
    let limit = usize::try_from(UNLOCK_MAILS_PER_WINDOW).unwrap();
    assert_eq!(f.mailbox.to(OWNER).len(), limit);
    let latest = unlock_secret(&f, OWNER);
    f.hub
        .sign_in_with_unlock_link(&latest, "192.0.2.8")
        .await
        .unwrap();
}
