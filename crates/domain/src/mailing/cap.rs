//! At most N mailings per person per week: notification overload was the incumbents' most
//! common complaint. The window is sliding: a mailing is queued to someone only if fewer than
//! N others are due to them within seven days before or after its own send time, so that no
//! span of seven days ever holds more than N (the last one queued saw all the others).

/// Seven days, in seconds.
pub const WEEK_SECS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyCap(u32);

impl WeeklyCap {
    /// A cap of 0 would silence every mailing: it is read as 1.
    pub fn new(per_week: u32) -> Self {
        Self(per_week.max(1))
    }

    pub fn per_week(self) -> u32 {
        self.0
    }

    /// The send times that count against a mailing sent at `send_at`: strictly inside
    /// (`send_at - 7 days`, `send_at + 7 days`).
    pub fn window(send_at: i64) -> (i64, i64) {
        (send_at - WEEK_SECS, send_at + WEEK_SECS)
    }

    /// Whether one more mailing may go to someone who already has `others` in the window.
    pub fn allows(self, others: u32) -> bool {
        others < self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn zero_is_read_as_one() {
        assert_eq!(WeeklyCap::new(0).per_week(), 1);
        assert!(WeeklyCap::new(0).allows(0));
        assert!(!WeeklyCap::new(0).allows(1));
    }

    proptest! {
        /// Whatever the order mailings are queued in, no span of seven days holds more than
        /// the cap for one person, when each is accepted by `allows` over its window.
        #[test]
        fn no_week_ever_holds_more_than_the_cap(
            cap in 1u32..4,
            sends in proptest::collection::vec(0i64..(60 * 24 * 3600), 1..40),
        ) {
            let cap = WeeklyCap::new(cap);
            let mut accepted: Vec<i64> = Vec::new();
            for send_at in sends {
                let (from, to) = WeeklyCap::window(send_at);
                let others = accepted.iter().filter(|t| **t > from && **t < to).count() as u32;
                if cap.allows(others) {
                    accepted.push(send_at);
                }
            }
            accepted.sort_unstable();
            for (i, start) in accepted.iter().enumerate() {
                let within = accepted[i..].iter().take_while(|t| **t < start + WEEK_SECS).count();
                prop_assert!(within as u32 <= cap.per_week(), "{within} in the week from {start}");
            }
        }
    }
}
