//! What Essaim proposes when a full group must divide: who goes to the new group (by where
//! people live, `split_group`), who animates each half, and the new group's name; and whether
//! a proposal, once the animators have changed it, can be carried out.
//!
//! Where a postal code lies and which commune it names come from the caller (`Whereabouts`):
//! the rules stay plain functions, tested here without the map.

use std::collections::HashMap;

use serde::Serialize;

use super::split::{split_group, Member};
use super::{MAX_ANIMATORS, MAX_MEMBERS, MIN_MEMBERS};
use crate::ids::PersonId;

/// One person's place in a proposed split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitPlace {
    pub person_id: PersonId,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: Option<String>,
    /// Goes to the new group.
    pub leaves: bool,
    /// Proposed animator of their half.
    pub animator: bool,
    /// Not yet a member: asked to join the full group.
    pub requester: bool,
    /// When they joined (or asked to), for proposing animators.
    pub since: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitProposal {
    pub new_name: String,
    pub places: Vec<SplitPlace>,
}

/// Why a split cannot be carried out (nothing changes then).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitRefusal {
    /// No split is in progress for this group (already confirmed, or no longer needed).
    NoneInProgress,
    /// The group no longer exists.
    GroupGone,
    /// The animators' changes left a half outside `MIN_MEMBERS..=MAX_MEMBERS` people.
    HalvesOutOfRange { staying: usize, leaving: usize },
}

/// Where people live, as far as a split needs to know: the map is the caller's.
pub trait Whereabouts {
    /// The point (latitude, longitude) of a postal code.
    fn point_of(&self, postal_code: &str) -> Option<(f64, f64)>;
    /// The name of the commune a postal code stands for.
    fn commune_of(&self, postal_code: &str) -> Option<&str>;
}

/// The proposal for a full group named `group_name`, meeting in `group_commune`, whose
/// members and waiting requesters are `places` (halves and animators unset). `None` when
/// they are too many (or too few) to make two groups.
pub fn propose_split(
    group_name: &str,
    group_commune: &str,
    mut places: Vec<SplitPlace>,
    whereabouts: &impl Whereabouts,
) -> Option<SplitProposal> {
    let members: Vec<Member> = places
        .iter()
        .map(|p| Member {
            id: p.person_id.get(),
            position: p
                .postal_code
                .as_deref()
                .and_then(|code| whereabouts.point_of(code)),
        })
        .collect();
    let split = split_group(&members)?;
    for place in &mut places {
        place.leaves = split.leave.contains(&place.person_id.get());
    }
    propose_animators(&mut places);
    let commune = main_commune(&places, group_commune, whereabouts);
    Some(SplitProposal {
        new_name: new_group_name(group_name, commune),
        places,
    })
}

/// Each half keeps the animators it holds (two at most); a half without one is proposed its
/// longest-standing member (members before requesters, then by id).
pub fn propose_animators(places: &mut [SplitPlace]) {
    for leaves in [false, true] {
        let mut kept = 0;
        for place in places.iter_mut().filter(|p| p.leaves == leaves) {
            if place.animator && kept < MAX_ANIMATORS {
                kept += 1;
            } else {
                place.animator = false;
            }
        }
        if kept == 0 {
            let senior = places
                .iter_mut()
                .filter(|p| p.leaves == leaves)
                .min_by_key(|p| (p.requester, p.since, p.person_id));
            if let Some(senior) = senior {
                senior.animator = true;
            }
        }
    }
}

/// The commune where most of the leaving half lives (ties: the first name in alphabetical
/// order), unless it is the group's own.
pub fn main_commune<'w>(
    places: &[SplitPlace],
    own: &str,
    whereabouts: &'w impl Whereabouts,
) -> Option<&'w str> {
    let mut counts: HashMap<&'w str, usize> = HashMap::new();
    for place in places.iter().filter(|p| p.leaves) {
        if let Some(commune) = place
            .postal_code
            .as_deref()
            .and_then(|code| whereabouts.commune_of(code))
        {
            *counts.entry(commune).or_default() += 1;
        }
    }
    let mut counts: Vec<(&'w str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .first()
        .map(|(name, _)| *name)
        .filter(|name| *name != own)
}

/// The name proposed for the group born of a split: the old name with the commune where most
/// of the leaving half lives when it differs, otherwise numbered. At most 80 characters.
pub fn new_group_name(name: &str, commune: Option<&str>) -> String {
    let suffix = match commune {
        Some(commune) if !name.to_lowercase().contains(&commune.to_lowercase()) => {
            format!(" – {commune}")
        }
        _ => " (2)".to_string(),
    };
    let room = super::form::MAX_GROUP_NAME.saturating_sub(suffix.chars().count());
    let base: String = name.chars().take(room).collect();
    format!("{}{suffix}", base.trim_end())
}

impl SplitProposal {
    /// Both halves must be groups of `MIN_MEMBERS..=MAX_MEMBERS` people to be carried out.
    pub fn check_halves(&self) -> Result<(), SplitRefusal> {
        let leaving = self.places.iter().filter(|p| p.leaves).count();
        let staying = self.places.len() - leaving;
        let range = MIN_MEMBERS..=MAX_MEMBERS;
        if range.contains(&leaving) && range.contains(&staying) {
            Ok(())
        } else {
            Err(SplitRefusal::HalvesOutOfRange { staying, leaving })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two neighbouring towns, each a postal code at its own point.
    struct TwoTowns;

    impl Whereabouts for TwoTowns {
        fn point_of(&self, postal_code: &str) -> Option<(f64, f64)> {
            match postal_code {
                "93260" => Some((48.880, 2.418)),
                "93100" => Some((48.861, 2.443)),
                _ => None,
            }
        }

        fn commune_of(&self, postal_code: &str) -> Option<&str> {
            match postal_code {
                "93260" => Some("Les Lilas"),
                "93100" => Some("Montreuil"),
                _ => None,
            }
        }
    }

    fn place(id: i64, postal_code: &str, since: i64) -> SplitPlace {
        SplitPlace {
            person_id: PersonId::new(id),
            first_name: format!("P{id}"),
            last_name: "Test".into(),
            postal_code: Some(postal_code.into()),
            leaves: false,
            animator: false,
            requester: false,
            since,
        }
    }

    fn animators(places: &[SplitPlace], leaves: bool) -> Vec<i64> {
        places
            .iter()
            .filter(|p| p.leaves == leaves && p.animator)
            .map(|p| p.person_id.get())
            .collect()
    }

    #[test]
    fn a_thirteenth_person_divides_the_group_along_its_two_towns() {
        let mut places: Vec<SplitPlace> = (1..=6).map(|i| place(i, "93260", i)).collect();
        places.extend((7..=13).map(|i| place(i, "93100", i)));
        places[0].animator = true;
        places[12].requester = true;
        let proposal = propose_split("Groupe des Lilas", "Les Lilas", places, &TwoTowns).unwrap();
        let leaving: Vec<i64> = proposal
            .places
            .iter()
            .filter(|p| p.leaves)
            .map(|p| p.person_id.get())
            .collect();
        assert_eq!(
            leaving,
            (7..=13).collect::<Vec<_>>(),
            "Montreuil leaves together"
        );
        assert_eq!(proposal.new_name, "Groupe des Lilas – Montreuil");
        assert_eq!(
            animators(&proposal.places, false),
            [1],
            "the animator stays"
        );
        assert_eq!(
            animators(&proposal.places, true),
            [7],
            "the senior leaver animates"
        );
        assert_eq!(proposal.check_halves(), Ok(()));
    }

    #[test]
    fn too_many_people_cannot_be_proposed_a_split() {
        let places: Vec<SplitPlace> = (1..=25).map(|i| place(i, "93260", i)).collect();
        assert_eq!(propose_split("G", "Les Lilas", places, &TwoTowns), None);
    }

    #[test]
    fn each_half_keeps_two_animators_at_most_and_gets_one_if_it_has_none() {
        let mut places: Vec<SplitPlace> = (1..=8).map(|i| place(i, "93260", 100 - i)).collect();
        for p in &mut places[..3] {
            p.animator = true;
        }
        for p in &mut places[4..] {
            p.leaves = true;
        }
        // The longest-standing leaver is 8 (since 92), but a requester comes after members.
        places[7].requester = true;
        propose_animators(&mut places);
        assert_eq!(animators(&places, false), [1, 2]);
        assert_eq!(animators(&places, true), [7]);
    }

    #[test]
    fn seniority_ties_go_to_the_lowest_id() {
        let mut places = vec![place(5, "93260", 10), place(3, "93260", 10)];
        propose_animators(&mut places);
        assert_eq!(animators(&places, false), [3]);
    }

    #[test]
    fn the_main_commune_is_the_most_common_among_leavers_unless_it_is_the_groups_own() {
        let mut places = vec![
            place(1, "93100", 1),
            place(2, "93260", 2),
            place(3, "93260", 3),
            place(4, "99999", 4),
        ];
        for p in &mut places {
            p.leaves = true;
        }
        assert_eq!(main_commune(&places, "Paris", &TwoTowns), Some("Les Lilas"));
        assert_eq!(main_commune(&places, "Les Lilas", &TwoTowns), None);
        places[1].leaves = false;
        // One each: the alphabetical first.
        assert_eq!(main_commune(&places, "Paris", &TwoTowns), Some("Les Lilas"));
        places[2].leaves = false;
        assert_eq!(main_commune(&places, "Paris", &TwoTowns), Some("Montreuil"));
    }

    #[test]
    fn a_half_outside_three_to_twelve_is_refused_with_the_sizes() {
        let mut places: Vec<SplitPlace> = (1..=13).map(|i| place(i, "93260", i)).collect();
        for p in &mut places[..2] {
            p.leaves = true;
        }
        let proposal = SplitProposal {
            new_name: "G (2)".into(),
            places,
        };
        assert_eq!(
            proposal.check_halves(),
            Err(SplitRefusal::HalvesOutOfRange {
                staying: 11,
                leaving: 2
            })
        );
    }

    #[test]
    fn the_new_name_says_where_or_numbers() {
        assert_eq!(
            new_group_name("Les Lilas", Some("Bagnolet")),
            "Les Lilas – Bagnolet"
        );
        assert_eq!(
            new_group_name("Les Lilas", Some("Les Lilas")),
            "Les Lilas (2)"
        );
        assert_eq!(new_group_name("Les Lilas", None), "Les Lilas (2)");
        let long = "x".repeat(80);
        assert_eq!(new_group_name(&long, Some("Paris")).chars().count(), 80);
    }
}
