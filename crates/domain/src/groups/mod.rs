//! Groupes d'appui: the group form, size rules, how a group that grows too big divides and
//! what is proposed to its animators when it must.

pub mod form;
pub mod proposal;
pub mod size;
pub mod split;
pub mod standing;

pub use form::{Frequency, GroupDetails, GroupForm};
pub use proposal::{
    main_commune, new_group_name, propose_animators, propose_split, SplitPlace, SplitProposal,
    SplitRefusal, Whereabouts,
};
pub use size::{GroupStatus, MAX_ANIMATORS, MAX_MEMBERS, MIN_MEMBERS};
pub use split::{split_group, Member, Split};
pub use standing::Standing;
