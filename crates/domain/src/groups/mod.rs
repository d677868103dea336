//! Groupes d'appui: the group form, size rules and how a group that grows too big divides.

pub mod form;
pub mod size;
pub mod split;

pub use form::{Frequency, GroupDetails, GroupForm};
pub use size::{GroupStatus, MAX_MEMBERS, MIN_MEMBERS};
pub use split::{new_group_name, split_group, Member, Split};
