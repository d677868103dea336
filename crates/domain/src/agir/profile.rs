//! A supporter's action profile: when they are free, what they like doing, their skills. Said
//! once (a questionnaire of checkboxes), it is what the "Agir" page matches recipes against.

use super::coded::Coded;
use super::Skill;
use crate::FieldErrors;

/// When a person can act, and so how long an action they can take on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Availability {
    Evenings,
    Weekends,
    HourPerWeek,
    DayPerMonth,
}

impl Coded for Availability {
    const ALL: &'static [Self] = &[
        Self::Evenings,
        Self::Weekends,
        Self::HourPerWeek,
        Self::DayPerMonth,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Evenings => "soirees",
            Self::Weekends => "week-ends",
            Self::HourPerWeek => "une-heure-par-semaine",
            Self::DayPerMonth => "un-jour-par-mois",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Evenings => "des soirées",
            Self::Weekends => "des week-ends",
            Self::HourPerWeek => "une heure par semaine",
            Self::DayPerMonth => "un jour par mois",
        }
    }
}

impl Availability {
    /// The longest action, in minutes, that fits in this availability.
    pub fn longest_action(self) -> u32 {
        match self {
            Self::HourPerWeek => 60,
            Self::Evenings => 180,
            Self::Weekends | Self::DayPerMonth => 480,
        }
    }
}

/// What a person likes doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Interest {
    TalkingToPeople,
    Writing,
    Drawing,
    Filming,
    Organising,
    Online,
}

impl Coded for Interest {
    const ALL: &'static [Self] = &[
        Self::TalkingToPeople,
        Self::Writing,
        Self::Drawing,
        Self::Filming,
        Self::Organising,
        Self::Online,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::TalkingToPeople => "parler",
            Self::Writing => "ecrire",
            Self::Drawing => "dessiner",
            Self::Filming => "filmer",
            Self::Organising => "organiser",
            Self::Online => "en-ligne",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::TalkingToPeople => "parler aux gens",
            Self::Writing => "écrire",
            Self::Drawing => "dessiner",
            Self::Filming => "filmer",
            Self::Organising => "organiser",
            Self::Online => "agir en ligne",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionProfile {
    /// Never empty.
    pub availability: Vec<Availability>,
    pub interests: Vec<Interest>,
    pub skills: Vec<Skill>,
}

/// Names of the questionnaire's checkboxes, one repeated name per list.
pub const AVAILABILITY_FIELD: &str = "dispo";
pub const INTEREST_FIELD: &str = "gout";
pub const SKILL_FIELD: &str = "competence";

impl ActionProfile {
    /// From the questionnaire's checked boxes. Codes we do not know (an old bookmark, a hand-typed
    /// address) are dropped rather than refused: the answer is still worth a list.
    pub fn parse<S: AsRef<str>>(
        availability: &[S],
        interests: &[S],
        skills: &[S],
    ) -> Result<Self, FieldErrors> {
        let availability = Availability::known(availability);
        if availability.is_empty() {
            let mut errors = FieldErrors::default();
            errors.add(
                AVAILABILITY_FIELD,
                "Dites-nous quand vous êtes disponible : cochez au moins une case.",
            );
            return Err(errors);
        }
        Ok(Self {
            availability,
            interests: Interest::known(interests),
            skills: Skill::known(skills),
        })
    }

    /// A profile as stored (comma-separated codes); `None` if it names no availability.
    pub fn from_stored(availability: &str, interests: &str, skills: &str) -> Option<Self> {
        let availability = Availability::from_stored(availability);
        (!availability.is_empty()).then(|| Self {
            availability,
            interests: Interest::from_stored(interests),
            skills: Skill::from_stored(skills),
        })
    }

    /// The longest action, in minutes, that one of the person's availabilities allows.
    pub fn longest_action(&self) -> u32 {
        self.availability
            .iter()
            .map(|a| a.longest_action())
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_boxes_make_a_profile_and_unknown_codes_are_dropped() {
        let profile = ActionProfile::parse(
            &["une-heure-par-semaine", "soirees", "jamais"],
            &["ecrire", "en-ligne", "ecrire"],
            &["video", "cuisine", "jonglage"],
        )
        .unwrap();
        assert_eq!(
            profile.availability,
            vec![Availability::Evenings, Availability::HourPerWeek]
        );
        assert_eq!(profile.interests, vec![Interest::Writing, Interest::Online]);
        assert_eq!(profile.skills, vec![Skill::Video, Skill::Cooking]);
        assert_eq!(profile.longest_action(), 180);
    }

    #[test]
    fn at_least_one_availability_is_needed() {
        let errors = ActionProfile::parse(&["", "toujours"], &["ecrire"], &[]).unwrap_err();
        assert!(errors
            .get(AVAILABILITY_FIELD)
            .unwrap()
            .contains("au moins une case"));
    }

    #[test]
    fn stored_profiles_round_trip() {
        let profile =
            ActionProfile::parse(&["week-ends"], &["parler", "filmer"], &["photo"]).unwrap();
        let stored = (
            Availability::stored(&profile.availability),
            Interest::stored(&profile.interests),
            Skill::stored(&profile.skills),
        );
        assert_eq!(stored.0, "week-ends");
        assert_eq!(stored.1, "parler,filmer");
        assert_eq!(
            ActionProfile::from_stored(&stored.0, &stored.1, &stored.2),
            Some(profile)
        );
        assert_eq!(ActionProfile::from_stored("", "parler", ""), None);
    }

    #[test]
    fn posted_codes_must_all_be_known() {
        assert_eq!(
            Interest::from_codes(&["filmer", "ecrire", "filmer"]),
            Ok(vec![Interest::Writing, Interest::Filming])
        );
        assert_eq!(
            Interest::from_codes(&["ecrire", "chanter"]),
            Err("chanter".to_string())
        );
    }
}
