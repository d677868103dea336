//! News about registering to vote — the reminders before a ballot's online deadline — and about
//! proxies: a volunteer proposed to someone, both sides agreed, one withdrew. The words are in
//! `essaim_mail::wording::electoral`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ElectoralNews {
    /// To a supporter who has not said they are registered: the deadlines, written as days
    /// ("2 mars 2022"), and the days left to register online.
    Reminder {
        ballot: String,
        first_round: String,
        online: String,
        town_hall: String,
        days_left: i64,
    },
    /// To a volunteer: someone in `commune` asks for a holder for `rounds` ("1er tour").
    ProxyProposed {
        ballot: String,
        commune: String,
        rounds: String,
    },
    /// To both sides: both accepted; the contacts are on the page.
    ProxyAgreed { ballot: String, rounds: String },
    /// To the other side of an agreed proxy: it was withdrawn.
    ProxyWithdrawn { ballot: String, rounds: String },
}
