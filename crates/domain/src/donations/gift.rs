//! What a person chooses on the gift form: how much, once or every month.

use super::amount::Cents;
use crate::FieldErrors;

/// The amounts offered as buttons; any other is typed in `other_amount`.
pub const SUGGESTED_EUROS: [i64; 5] = [5, 10, 20, 50, 100];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Once,
    Monthly,
}

impl Frequency {
    pub fn code(self) -> &'static str {
        match self {
            Self::Once => "ponctuel",
            Self::Monthly => "mensuel",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "ponctuel" => Some(Self::Once),
            "mensuel" => Some(Self::Monthly),
            _ => None,
        }
    }
}

/// The form's strings: `amount` is one of the suggested euros or `autre`.
#[derive(Debug, Clone, Default)]
pub struct GiftForm {
    pub amount: String,
    pub other_amount: String,
    pub frequency: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewGift {
    pub amount: Cents,
    pub frequency: Frequency,
}

impl GiftForm {
    /// `maximum` is the legal cap: no single gift can be above it.
    pub fn parse(&self, maximum: Cents, errors: &mut FieldErrors) -> Option<NewGift> {
        let amount = match self.amount.trim() {
            "" | "autre" if !self.other_amount.trim().is_empty() => errors.take(
                "other_amount",
                Cents::parse_euros(&self.other_amount, maximum),
            ),
            "autre" => {
                errors.add("other_amount", "Indiquez le montant de votre don.");
                None
            }
            "" => {
                errors.add("amount", "Choisissez un montant.");
                None
            }
            chosen => match chosen.parse::<i64>() {
                Ok(euros) if SUGGESTED_EUROS.contains(&euros) => Some(Cents::euros(euros)),
                _ => {
                    errors.add(
                        "amount",
                        "Choisissez un des montants proposés, ou « autre ».",
                    );
                    None
                }
            },
        };
        let frequency = Frequency::parse(self.frequency.trim());
        if frequency.is_none() {
            errors.add("frequency", "Choisissez un don ponctuel ou mensuel.");
        }
        Some(NewGift {
            amount: amount?,
            frequency: frequency?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(amount: &str, other: &str, frequency: &str) -> Result<NewGift, FieldErrors> {
        let mut errors = FieldErrors::default();
        let form = GiftForm {
            amount: amount.into(),
            other_amount: other.into(),
            frequency: frequency.into(),
        };
        let gift = form.parse(Cents::euros(7_500), &mut errors);
        gift.filter(|_| errors.is_empty()).ok_or(errors)
    }

    #[test]
    fn a_suggested_or_typed_amount_once_or_monthly() {
        assert_eq!(
            parse("20", "", "ponctuel").unwrap(),
            NewGift {
                amount: Cents::euros(20),
                frequency: Frequency::Once
            }
        );
        assert_eq!(
            parse("autre", "12,50", "mensuel").unwrap(),
            NewGift {
                amount: Cents::new(1250),
                frequency: Frequency::Monthly
            }
        );
        assert_eq!(parse("", "7", "ponctuel").unwrap().amount, Cents::euros(7));
    }

    #[test]
    fn a_missing_or_forged_choice_is_named() {
        assert!(parse("", "", "ponctuel")
            .unwrap_err()
            .get("amount")
            .is_some());
        assert!(parse("37", "", "ponctuel")
            .unwrap_err()
            .get("amount")
            .is_some());
        assert!(parse("autre", "", "ponctuel")
            .unwrap_err()
            .get("other_amount")
            .is_some());
        assert!(parse("autre", "0,5", "ponctuel")
            .unwrap_err()
            .get("other_amount")
            .is_some());
        assert!(parse("20", "", "").unwrap_err().get("frequency").is_some());
        assert!(parse("20", "", "annuel")
            .unwrap_err()
            .get("frequency")
            .is_some());
    }
}
