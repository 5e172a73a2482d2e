//! Sign-in throttling: the policy, as pure functions over counters the
//! repository keeps. `Hub::sign_in` asks the repository to read the counters of
//! one attempt under a lock (one transaction, serialized per key across nodes),
//! apply [`admit`] and write the result, *before* it verifies the password; so
//! a burst of concurrent guesses can never verify more than the budget.
//!
//! Three counters per attempt (docs/ARCHITECTURE.md, "Sign-in throttling"):
//!
//! - **pair** (account, client address): [`PAIR_FREE_ATTEMPTS`] free attempts, then each
//!   one waits `2^k` seconds after the previous (k = 1, 2, ...), at most
//!   [`PAIR_MAX_DELAY`]. Only that address waits: an attacker cannot lock the owner out.
//! - **account**, all addresses together: at most [`ACCOUNT_BUDGET`] attempts per
//!   [`ACCOUNT_WINDOW`], which slows a distributed guesser to 14,400 guesses a day while
//!   the owner on a fresh address waits at most the rest of one window.
//! - **address**, all accounts together: at most [`ADDRESS_BUDGET`] per
//!   [`ADDRESS_WINDOW`] (credential stuffing from one address).
//!
//! An attempt is counted when admitted (a refused one is not), stays counted when the
//! password is wrong, and is credited back when it is right (the pair starts over).

use std::net::IpAddr;

use time::{Duration, OffsetDateTime};

/// Attempts a pair (account, address) makes before delays start.
pub const PAIR_FREE_ATTEMPTS: i64 = 5;
/// Longest delay between two attempts of one pair.
pub const PAIR_MAX_DELAY: Duration = Duration::minutes(15);
/// A pair quiet this long starts over.
pub const PAIR_MEMORY: Duration = Duration::hours(24);
/// Attempts on one account from all addresses per window.
pub const ACCOUNT_BUDGET: i64 = 10;
pub const ACCOUNT_WINDOW: Duration = Duration::minutes(1);
/// Attempts from one address on all accounts per window.
pub const ADDRESS_BUDGET: i64 = 30;
pub const ADDRESS_WINDOW: Duration = Duration::minutes(15);

/// One stored counter. A missing row reads as `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginCounter {
    /// Attempts counted: in the window (account, address) or in the streak (pair).
    pub attempts: i64,
    /// Start of the current window (account, address); first attempt of the streak (pair).
    pub window_start: OffsetDateTime,
    /// The last admitted attempt.
    pub last_at: OffsetDateTime,
}

/// What `Repository::update_login_counters` applies to the stored counters: their new
/// values (`None`: delete), or `None` to write nothing.
pub type CounterUpdate<'a> =
    dyn FnMut(&[Option<LoginCounter>]) -> Option<Vec<Option<LoginCounter>>> + Send + 'a;

/// The keys of one attempt, in the order [`admit`] and [`settle`] expect: pair,
/// account, address. An IPv6 address counts by its /64 (one subscriber's prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginKeys {
    pub keys: [String; 3],
}

impl LoginKeys {
    /// `email` already trimmed and lower-cased.
    pub fn new(email: &str, address: &str) -> LoginKeys {
        let address = address_key(address);
        LoginKeys {
            keys: [
                format!("pair:{email}|{address}"),
                account_key(email),
                format!("addr:{address}"),
            ],
        }
    }
}

/// The account's own counter key; pairs of the account start with `pair:<email>|`.
pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

fn address_key(address: &str) -> String {
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.chars().take(64).collect(),
    }
}

/// The verdict on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Admitted,
    /// Refused; try again after this many seconds. `account_wide` when the account's
    /// budget (not this address's) refused: the hook for a lockout-recovery link.
    Refused {
        retry_after_secs: u64,
        account_wide: bool,
    },
}

/// The delay a pair owes after `attempts` counted attempts.
pub fn pair_delay(attempts: i64) -> Duration {
    if attempts < PAIR_FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let k = (attempts - PAIR_FREE_ATTEMPTS + 1).min(30) as u32;
    Duration::seconds(1i64 << k).min(PAIR_MAX_DELAY)
}

fn ceil_secs(d: Duration) -> u64 {
    let ms = d.whole_milliseconds().max(0) as u64;
    ms.div_ceil(1000).max(1)
}

/// A window counter as of `now`: a new window once the old one is over.
fn windowed(c: Option<LoginCounter>, window: Duration, now: OffsetDateTime) -> LoginCounter {
    match c {
        Some(c) if now < c.window_start + window && now >= c.window_start => c,
        _ => LoginCounter {
            attempts: 0,
            window_start: now,
            last_at: now,
        },
    }
}

fn streak(c: Option<LoginCounter>, now: OffsetDateTime) -> LoginCounter {
    match c {
        Some(c) if now < c.last_at + PAIR_MEMORY => c,
        _ => LoginCounter {
            attempts: 0,
            window_start: now,
            last_at: now,
        },
    }
}

/// Decides one attempt from the stored counters (pair, account, address) and returns
/// the counters to store when it is admitted (`None`: write nothing).
pub fn admit(
    stored: &[Option<LoginCounter>],
    now: OffsetDateTime,
) -> (Admission, Option<Vec<Option<LoginCounter>>>) {
    let get = |i: usize| stored.get(i).copied().flatten();
    let mut pair = streak(get(0), now);
    let mut account = windowed(get(1), ACCOUNT_WINDOW, now);
    let mut address = windowed(get(2), ADDRESS_WINDOW, now);
    let mut wait = Duration::ZERO;
    let mut account_wide = false;
    if pair.attempts > 0 {
        let ready = pair.last_at + pair_delay(pair.attempts);
        if now < ready {
            wait = wait.max(ready - now);
        }
    }
    if account.attempts >= ACCOUNT_BUDGET {
        wait = wait.max(account.window_start + ACCOUNT_WINDOW - now);
        account_wide = true;
    }
    if address.attempts >= ADDRESS_BUDGET {
        wait = wait.max(address.window_start + ADDRESS_WINDOW - now);
    }
    if wait > Duration::ZERO {
        return (
            Admission::Refused {
                retry_after_secs: ceil_secs(wait),
                account_wide,
            },
            None,
        );
    }
    for c in [&mut pair, &mut account, &mut address] {
        c.attempts += 1;
        c.last_at = now;
    }
    (
        Admission::Admitted,
        Some(vec![Some(pair), Some(account), Some(address)]),
    )
}

/// What to store after an admitted attempt ends. `signed_in`: the password was right,
/// so the pair starts over and the attempt is credited to the account and address;
/// otherwise (the check could not run) the attempt is only credited back.
pub fn settle(stored: &[Option<LoginCounter>], signed_in: bool) -> Vec<Option<LoginCounter>> {
    let credit = |c: Option<LoginCounter>| {
        c.map(|c| LoginCounter {
            attempts: (c.attempts - 1).max(0),
            ..c
        })
    };
    let get = |i: usize| stored.get(i).copied().flatten();
    vec![
        if signed_in { None } else { credit(get(0)) },
        credit(get(1)),
        credit(get(2)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    /// Runs one attempt against `state`, storing what `admit` writes.
    fn attempt(state: &mut Vec<Option<LoginCounter>>, now: OffsetDateTime) -> Admission {
        let (a, write) = admit(state, now);
        if let Some(w) = write {
            *state = w;
        }
        a
    }

    #[test]
    fn pair_delays_grow_and_are_capped() {
        let d: Vec<i64> = (0..16).map(|n| pair_delay(n).whole_seconds()).collect();
        assert_eq!(
            d,
            [0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
        );
    }

    #[test]
    fn a_pair_waits_after_its_free_attempts() {
        let mut s = vec![None, None, None];
        for _ in 0..PAIR_FREE_ATTEMPTS {
            assert_eq!(attempt(&mut s, t0()), Admission::Admitted);
        }
        assert_eq!(
            attempt(&mut s, t0()),
            Admission::Refused {
                retry_after_secs: 2,
                account_wide: false
            }
        );
        // Refusals are not counted: the wait does not grow while refused.
        assert_eq!(s[0].unwrap().attempts, PAIR_FREE_ATTEMPTS);
        let later = t0() + Duration::seconds(2);
        assert_eq!(attempt(&mut s, later), Admission::Admitted);
        assert_eq!(
            attempt(&mut s, later + Duration::seconds(1)),
            Admission::Refused {
                retry_after_secs: 3,
                account_wide: false
            }
        );
        // A day of quiet starts over.
        let mut s2 = s.clone();
        assert_eq!(attempt(&mut s2, later + PAIR_MEMORY), Admission::Admitted);
        assert_eq!(s2[0].unwrap().attempts, 1);
    }

    #[test]
    fn the_account_budget_spans_addresses_and_windows_end() {
        let mut account = None;
        let mut admitted = 0;
        for i in 0..50 {
            let addr = format!("10.0.0.{i}");
            let keys = LoginKeys::new("a@example.org", &addr);
            assert_eq!(keys.keys[1], "account:a@example.org");
            let mut s = vec![None, account, None];
            let a = attempt(&mut s, t0());
            account = s[1];
            if a == Admission::Admitted {
                admitted += 1;
            } else {
                assert_eq!(
                    a,
                    Admission::Refused {
                        retry_after_secs: 60,
                        account_wide: true
                    }
                );
            }
        }
        assert_eq!(admitted, ACCOUNT_BUDGET);
        let mut s = vec![None, account, None];
        assert_eq!(attempt(&mut s, t0() + ACCOUNT_WINDOW), Admission::Admitted);
    }

    #[test]
    fn success_clears_the_pair_and_credits_the_attempt() {
        let mut s = vec![None, None, None];
        for _ in 0..3 {
            attempt(&mut s, t0());
        }
        let after = settle(&s, true);
        assert_eq!(after[0], None);
        assert_eq!(after[1].unwrap().attempts, 2);
        assert_eq!(after[2].unwrap().attempts, 2);
        let after = settle(&s, false);
        assert_eq!(after[0].unwrap().attempts, 2);
    }

    #[test]
    fn keys_group_ipv6_by_prefix() {
        let a = LoginKeys::new("x@y.z", "2001:db8:1:2:aaaa::1");
        let b = LoginKeys::new("x@y.z", "2001:db8:1:2:bbbb::9");
        assert_eq!(a, b);
        assert_eq!(a.keys[2], "addr:2001:db8:1:2::/64");
        assert_eq!(
            LoginKeys::new("x@y.z", "::ffff:1.2.3.4").keys[2],
            "addr:1.2.3.4"
        );
        assert_eq!(
            LoginKeys::new("x@y.z", "1.2.3.4").keys[0],
            "pair:x@y.z|1.2.3.4"
        );
    }
}
