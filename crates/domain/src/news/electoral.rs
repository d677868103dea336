//! News about registering to vote: the reminders before a ballot's online deadline. The words
//! are in `essaim_mail::wording::electoral`.

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
}
