//! A group has 3 to 12 members: below 3 it is still forming; past 12 it divides, so that
//! everyone keeps a place and the movement spreads through the neighbourhood.

pub const MIN_MEMBERS: usize = 3;
pub const MAX_MEMBERS: usize = 12;
/// At most this many animators per group: enough to share the work, few enough to be a team.
pub const MAX_ANIMATORS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupStatus {
    /// Fewer than 3 members: shown, marked as forming.
    Forming,
    Active,
    /// A join would take it past 12: it must divide before anyone else comes in.
    MustSplit,
}

impl GroupStatus {
    pub fn of(members: usize) -> Self {
        match members {
            n if n < MIN_MEMBERS => Self::Forming,
            n if n <= MAX_MEMBERS => Self::Active,
            _ => Self::MustSplit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_members_make_a_group_active_and_a_thirteenth_makes_it_split() {
        assert_eq!(GroupStatus::of(2), GroupStatus::Forming);
        assert_eq!(GroupStatus::of(3), GroupStatus::Active);
        assert_eq!(GroupStatus::of(12), GroupStatus::Active);
        assert_eq!(GroupStatus::of(13), GroupStatus::MustSplit);
    }
}
