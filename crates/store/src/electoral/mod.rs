//! Listes électorales: the ballots staff enter (`ballots.rs`) and the status supporters record
//! for their own registration (`statuses.rs`), the reminders before the deadlines
//! (`reminders.rs`).

mod ballots;
mod reminders;
mod statuses;

pub use ballots::{Ballot, NextBallot};
pub use statuses::ElectoralStatus;
