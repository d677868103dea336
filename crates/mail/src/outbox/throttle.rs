//! Per-domain rates: big providers defer (4xx) or block a sender that pushes too many emails at
//! once to their users, so the emails to one domain can be held to a configured pace.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

pub(super) struct DomainThrottle {
    /// The same pace for every domain not named below; None: no limit.
    default: Option<DefaultKeyedRateLimiter<String>>,
    named: HashMap<String, DefaultDirectRateLimiter>,
    checks: AtomicU64,
}

impl DomainThrottle {
    pub fn new(default_per_second: u32, named: &BTreeMap<String, u32>) -> Self {
        let quota = |n: u32| NonZeroU32::new(n).map(Quota::per_second);
        Self {
            default: quota(default_per_second).map(RateLimiter::keyed),
            named: named
                .iter()
                .filter_map(|(domain, n)| {
                    quota(*n).map(|q| (domain.to_ascii_lowercase(), RateLimiter::direct(q)))
                })
                .collect(),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one email to `domain`, or says how long to wait before it may go.
    pub fn check(&self, domain: &str) -> Result<(), Duration> {
        let domain = domain.to_ascii_lowercase();
        let verdict = match (self.named.get(&domain), &self.default) {
            (Some(limiter), _) => limiter.check(),
            (None, Some(limiter)) => {
                // The keyed limiter keeps a slot per domain seen: forget idle ones now and then.
                if self.checks.fetch_add(1, Ordering::Relaxed) % 10_000 == 9_999 {
                    limiter.retain_recent();
                }
                limiter.check_key(&domain)
            }
            (None, None) => return Ok(()),
        };
        verdict.map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The pace of mailings, all together: their emails are queued due at that pace already; this
/// holds it when many are due at once (after the server was stopped a while, or when two
/// mailings overlap), so that a relay or a provider never sees a mailing arrive faster.
pub(super) struct MailingPace(Option<DefaultDirectRateLimiter>);

impl MailingPace {
    /// 0: no limit.
    pub fn new(per_second: u32) -> Self {
        Self(NonZeroU32::new(per_second).map(|n| RateLimiter::direct(Quota::per_second(n))))
    }

    /// Counts one mailing email, or says how long to wait before it may go.
    pub fn check(&self) -> Result<(), Duration> {
        match &self.0 {
            None => Ok(()),
            Some(limiter) => limiter
                .check()
                .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_domain_gets_its_own_pace_and_the_others_the_default() {
        let named = BTreeMap::from([("Gmail.com".to_string(), 2)]);
        let throttle = DomainThrottle::new(3, &named);
        assert!(throttle.check("gmail.com").is_ok());
        assert!(throttle.check("GMAIL.COM").is_ok());
        let wait = throttle
            .check("gmail.com")
            .expect_err("third in the same second");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1));
        for _ in 0..3 {
            assert!(throttle.check("orange.fr").is_ok());
        }
        assert!(throttle.check("orange.fr").is_err());
        assert!(
            throttle.check("free.fr").is_ok(),
            "each domain has its own count"
        );
    }

    #[test]
    fn mailings_keep_their_pace() {
        let pace = MailingPace::new(50);
        assert_eq!((0..200).filter(|_| pace.check().is_ok()).count(), 50);
        assert!((0..1000).all(|_| MailingPace::new(0).check().is_ok()));
    }

    #[test]
    fn zero_means_no_limit() {
        let throttle = DomainThrottle::new(0, &BTreeMap::new());
        assert!((0..10_000).all(|_| throttle.check("gmail.com").is_ok()));
    }
}
