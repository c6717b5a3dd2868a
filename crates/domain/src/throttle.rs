//! Login throttling: after repeated failures an account's login is paused, so a
//! password cannot be guessed by brute force. Counted per e-mail address across
//! all server instances (the attempts live in the database).

use time::{Duration, OffsetDateTime};

/// Failures allowed within [`WINDOW`] before logins for that address are paused.
pub const MAX_FAILURES: usize = 5;
/// How far back failures count, and how long the pause lasts.
pub const WINDOW: Duration = Duration::minutes(15);

/// Whether a login may be attempted now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginThrottle {
    Allowed,
    /// Too many failures: try again after this instant.
    PausedUntil(OffsetDateTime),
}

/// Decides from the failed attempts since the last successful login (any order).
pub fn login_throttle(failures_since_last_success: &[OffsetDateTime], now: OffsetDateTime) -> LoginThrottle {
    let mut recent: Vec<OffsetDateTime> = failures_since_last_success
        .iter()
        .copied()
        .filter(|at| *at > now - WINDOW && *at <= now)
        .collect();
    if recent.len() < MAX_FAILURES {
        return LoginThrottle::Allowed;
    }
    recent.sort();
    // The pause ends when enough of the failures have aged out of the window
    // that fewer than MAX_FAILURES remain.
    let index = recent.len() - MAX_FAILURES;
    LoginThrottle::PausedUntil(recent[index] + WINDOW)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-23 09:00 UTC);

    #[test]
    fn four_recent_failures_still_allow_a_login() {
        let failures: Vec<_> = (1..=4).map(|m| NOW - Duration::minutes(m)).collect();
        assert_eq!(login_throttle(&failures, NOW), LoginThrottle::Allowed);
    }

    #[test]
    fn five_recent_failures_pause_logins_until_the_oldest_ages_out() {
        let failures: Vec<_> = (1..=5).map(|m| NOW - Duration::minutes(m)).collect();
        assert_eq!(
            login_throttle(&failures, NOW),
            LoginThrottle::PausedUntil(NOW - Duration::minutes(5) + WINDOW)
        );
    }

    #[test]
    fn failures_older_than_the_window_do_not_count() {
        let failures: Vec<_> = (16..=30).map(|m| NOW - Duration::minutes(m)).collect();
        assert_eq!(login_throttle(&failures, NOW), LoginThrottle::Allowed);
    }

    proptest! {
        #[test]
        fn a_pause_always_ends_in_the_future_and_within_the_window(
            minutes_ago in proptest::collection::vec(0i64..40, 0..20),
        ) {
            let failures: Vec<_> = minutes_ago.iter().map(|m| NOW - Duration::minutes(*m)).collect();
            match login_throttle(&failures, NOW) {
                LoginThrottle::Allowed => {
                    let recent = minutes_ago.iter().filter(|m| **m < 15).count();
                    prop_assert!(recent < MAX_FAILURES);
                }
                LoginThrottle::PausedUntil(until) => {
                    prop_assert!(until > NOW);
                    prop_assert!(until <= NOW + WINDOW);
                    prop_assert_eq!(login_throttle(&failures, until), LoginThrottle::Allowed);
                }
            }
        }
    }
}
