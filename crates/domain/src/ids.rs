//! Typed identifiers: a `GroupId` cannot be passed where a `PersonId` is expected, so
//! `register_to_event(event, person)` cannot be called with its arguments swapped.
//!
//! They are plain numbers underneath (the database's row ids); the store turns them back
//! into `i64` when it binds them (`.get()`), and reads them with `From<i64>`. Parsing one
//! from a URL segment (`FromStr`) accepts only a positive decimal number, so a malformed
//! address is a "not found" at the edge, never a query.

use std::fmt;
use std::str::FromStr;

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(i64);

        impl $name {
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            /// The row id, for binding in a query or building a URL.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(raw: i64) -> Self {
                Self(raw)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = NotAnId;

            fn from_str(text: &str) -> Result<Self, NotAnId> {
                parse_positive(text).map(Self)
            }
        }
    )*};
}

typed_id! {
    /// A person: someone who signed, or was entered by a group on paper.
    PersonId;
    /// One signature of the support (a person signs once).
    SignatureId;
    /// A support group.
    GroupId;
    /// An event (a watch party, a street action…).
    EventId;
    /// An action recipe of Agir.
    RecipeId;
    /// A request made to a person who offered a skill.
    ContactId;
    /// An email waiting in, or gone from, the outbox.
    EmailId;
    /// A gift as asked on the form (one-off or monthly), before and after it is paid: the
    /// order sent to the payment provider.
    GiftId;
    /// One line of the donations ledger: a payment received, or a refund.
    PaymentId;
    /// A monthly gift (the provider's subscription).
    MonthlyGiftId;
    /// An item of the material catalogue (a pack of leaflets, posters, the starter kit…).
    ItemId;
    /// A picture of a catalogue item, as re-encoded and stored by us.
    PictureId;
    /// A material order.
    OrderId;
    /// A file of orders given to the logistics provider.
    BatchId;
    /// A contribution to the programme.
    ContributionId;
    /// A comment under a contribution.
    CommentId;
    /// A ballot (an election or a referendum) and its rounds.
    BallotId;
    /// A person's request for someone to carry their proxy (procuration).
    ProxyRequestId;
    /// A volunteer's offer to carry a proxy.
    ProxyOfferId;
    /// A volunteer proposed to a request, for one round.
    ProxyMatchId;
}

/// A URL segment or form value that is not a row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not an id")]
pub struct NotAnId;

/// Digits only (no sign, no spaces), at least 1, fitting an i64.
fn parse_positive(text: &str) -> Result<i64, NotAnId> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NotAnId);
    }
    text.parse::<i64>().ok().filter(|n| *n > 0).ok_or(NotAnId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_positive_decimal_number() {
        assert_eq!("42".parse::<GroupId>(), Ok(GroupId::new(42)));
        for bad in [
            "",
            "0",
            "-3",
            "+3",
            " 3",
            "3a",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(bad.parse::<GroupId>(), Err(NotAnId), "{bad:?}");
        }
    }

    #[test]
    fn an_id_shows_as_its_number() {
        assert_eq!(PersonId::new(7).to_string(), "7");
        assert_eq!(EventId::from(9).get(), 9);
    }
}
