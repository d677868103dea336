//! News: what happened that a person must be told of (a group to split, an event published, a
//! place freed on a waiting list, someone asking for a skill…), as typed facts.
//!
//! The store queues a `News` in the outbox inside the very transaction that made it true, so
//! the email cannot be lost nor sent for something that did not happen; the French words are
//! written from it by one layer only, `essaim_mail::wording`, when the email is composed.

use serde::{Deserialize, Serialize};

pub mod donations;
pub mod electoral;
pub mod events;
pub mod groups;
pub mod material;
pub mod programme;
pub mod skills;

pub use donations::DonationNews;
pub use electoral::ElectoralNews;
pub use events::EventNews;
pub use groups::GroupNews;
pub use material::MaterialNews;
pub use programme::ProgrammeNews;
pub use skills::SkillNews;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum News {
    Group(GroupNews),
    Event(EventNews),
    Skill(SkillNews),
    Donation(DonationNews),
    Material(MaterialNews),
    Programme(ProgrammeNews),
    Electoral(ElectoralNews),
}
