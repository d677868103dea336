//! The cap counts every gift of one person in the period, not each gift alone: what they gave,
//! what their monthly gift will still take before the period ends, and what they ask now.

use super::Cents;

/// What one person already stands at against the cap of the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapCheck {
    pub cap: Cents,
    /// Gifts received in the period, refunds deducted.
    pub given: Cents,
    /// Instalments of their monthly gift still to come in the period (zero when the new gift
    /// replaces that monthly gift).
    pub scheduled: Cents,
}

/// A gift refused because the person would pass the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverCap {
    pub asked: Cents,
    pub remaining: Cents,
}

impl CapCheck {
    pub fn remaining(&self) -> Cents {
        self.cap.saturating_sub(self.given + self.scheduled)
    }

    /// `asked` is what the new gift takes in the period: the amount once, or the amount times
    /// the instalments left for a monthly gift.
    pub fn allows(&self, asked: Cents) -> Result<(), OverCap> {
        if asked <= self.remaining() {
            Ok(())
        } else {
            Err(OverCap {
                asked,
                remaining: self.remaining(),
            })
        }
    }
}

impl OverCap {
    /// The message shown on the form, with what remains possible.
    pub fn message(&self, cap: Cents, per: &str) -> String {
        if self.remaining == Cents::ZERO {
            format!(
                "La loi limite les dons d'une même personne à {cap} {per}, tous dons confondus : \
                 vous avez atteint ce plafond, merci pour votre générosité."
            )
        } else {
            format!(
                "La loi limite les dons d'une même personne à {cap} {per}, tous dons confondus : \
                 ce don de {} dépasserait ce plafond. Il vous reste {} possibles.",
                self.asked, self.remaining
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(given: i64, scheduled: i64) -> CapCheck {
        CapCheck {
            cap: Cents::euros(7_500),
            given: Cents::euros(given),
            scheduled: Cents::euros(scheduled),
        }
    }

    #[test]
    fn a_person_at_7400_euros_cannot_give_200_and_is_told_100_remain() {
        let refused = at(7_400, 0).allows(Cents::euros(200)).unwrap_err();
        assert_eq!(refused.remaining, Cents::euros(100));
        let message = refused.message(Cents::euros(7_500), "par année civile");
        assert!(message.contains("100\u{a0}€"), "{message}");
        assert_eq!(at(7_400, 0).allows(Cents::euros(100)), Ok(()));
    }

    #[test]
    fn scheduled_instalments_count_against_the_cap() {
        assert!(at(7_000, 400).allows(Cents::euros(101)).is_err());
        assert_eq!(at(7_000, 400).allows(Cents::euros(100)), Ok(()));
    }

    #[test]
    fn at_the_cap_nothing_remains() {
        let refused = at(7_500, 0).allows(Cents::euros(1)).unwrap_err();
        assert_eq!(refused.remaining, Cents::ZERO);
        assert!(refused
            .message(Cents::euros(7_500), "par an")
            .contains("atteint"));
    }
}
