//! Listes électorales: the ballots staff enter (`ballots.rs`) and the status supporters record
//! for their own registration (`statuses.rs`), the reminders before the deadlines
//! (`reminders.rs`), the groups' registration drives (`drives.rs`), and the procurations
//! (`proxies.rs`, `proxy_answers.rs`, `proxy_lists.rs`).

mod ballots;
mod drives;
mod proxies;
mod proxy_answers;
mod proxy_lists;
mod reminders;
mod statuses;

pub use ballots::{Ballot, NextBallot};
pub use drives::{DriveLine, DriveTotal, GroupDrive};
pub use proxies::{AcceptOutcome, NewProxyOffer, NewProxyRequest, ProxyRefusal};
pub(crate) use proxy_answers::withdraw_all_of;
pub use proxy_lists::{MyProxyOffer, MyProxyRequest, ProxyProposal};
pub use statuses::ElectoralStatus;
