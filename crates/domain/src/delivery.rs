//! When to try an email again after a failed delivery, and when to give up on it.
//!
//! A receiving server that is down or busy answers 4xx or not at all: we try again, waiting
//! longer each time, so that a short outage delays emails by minutes and a long one by hours,
//! without hammering the server. After `max_attempts` the email becomes a dead letter that
//! staff see and may send again.

/// The retry schedule, from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first failure; it doubles after each further one.
    pub base_secs: i64,
    /// The longest wait between two attempts.
    pub max_secs: i64,
    /// Attempts after which we give up.
    pub max_attempts: i64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        // 30 s, 1 min, 2 min … capped at 6 h: twelve attempts span about a day and a half,
        // longer than any planned outage of a mail relay.
        Self {
            base_secs: 30,
            max_secs: 6 * 3600,
            max_attempts: 12,
        }
    }
}

/// What to do with an email whose delivery attempt number `attempts` (1 for the first) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(i64),
    GiveUp,
}

impl RetryPolicy {
    /// `permanent`: the receiving server refused the email for good (a 5xx answer such as
    /// "no such mailbox"); trying again would only hurt our reputation with it.
    pub fn after_failure(&self, attempts: i64, permanent: bool, now: i64) -> AfterFailure {
        if permanent || attempts >= self.max_attempts {
            return AfterFailure::GiveUp;
        }
        let doublings = (attempts - 1).clamp(0, 30) as u32;
        let wait = self
            .base_secs
            .max(1)
            .saturating_mul(1_i64 << doublings)
            .min(self.max_secs.max(1));
        AfterFailure::RetryAt(now + wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_after_each_failure_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let waits: Vec<i64> = (1..=11)
            .map(
                |attempts| match policy.after_failure(attempts, false, 1000) {
                    AfterFailure::RetryAt(at) => at - 1000,
                    AfterFailure::GiveUp => panic!("gave up too early at attempt {attempts}"),
                },
            )
            .collect();
        assert_eq!(&waits[..4], &[30, 60, 120, 240]);
        assert_eq!(waits[10], 6 * 3600, "capped");
        assert!(waits.windows(2).all(|w| w[1] >= w[0]));
    }

    #[test]
    fn gives_up_after_the_last_attempt_or_at_once_when_refused_for_good() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.after_failure(12, false, 0), AfterFailure::GiveUp);
        assert_eq!(policy.after_failure(1, true, 0), AfterFailure::GiveUp);
    }

    #[test]
    fn a_zero_base_still_waits_a_second() {
        let policy = RetryPolicy {
            base_secs: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(policy.after_failure(1, false, 5), AfterFailure::RetryAt(6));
    }
}
