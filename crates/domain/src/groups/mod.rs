//! Groupes d'appui: size rules and how a group that grows too big divides.

pub mod size;
pub mod split;

pub use size::{GroupStatus, MAX_MEMBERS, MIN_MEMBERS};
pub use split::{split_group, Member, Split};
