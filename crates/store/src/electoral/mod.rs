//! Listes électorales: the ballots staff enter (`ballots.rs`) and the status supporters record
//! for their own registration (`statuses.rs`), the reminders before the deadlines
//! (`reminders.rs`), and the groups' registration drives (`drives.rs`).

mod ballots;
mod drives;
mod proxies;
mod reminders;
mod statuses;

pub use ballots::{Ballot, NextBallot};
pub use drives::{DriveLine, DriveTotal, GroupDrive};
pub use proxies::{AcceptOutcome, NewProxyOffer, NewProxyRequest};
pub use statuses::ElectoralStatus;
