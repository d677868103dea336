//! "J'en dis plus": a supporter's offer of skills (what they can do, how much time, how far they
//! travel, their consent to be contacted), and an organiser's search among the offers.
//! Both forms arrive as typed strings and leave as values that cannot be wrong.

use super::{Coded, Skill};
use crate::identity::PostalCode;
use crate::text::{parse_text, required_text};
use crate::FieldErrors;

/// How long the free text about other skills may be.
pub const MAX_OTHER: usize = 300;
/// How long an organiser's message, or the answer to it, may be.
pub const MAX_MESSAGE: usize = 2000;
/// How far a person may say they travel, in km (0: without moving, from home).
pub const TRAVEL_KM: [u32; 7] = [0, 5, 10, 20, 50, 100, 200];
/// The discs organisers search in, in km.
pub const SEARCH_RADII_KM: [u32; 6] = [5, 10, 20, 50, 100, 200];
pub const DEFAULT_SEARCH_RADIUS_KM: u32 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeAvailable {
    Occasionally,
    HoursPerMonth,
    HoursPerWeek,
}

impl TimeAvailable {
    pub const ALL: [TimeAvailable; 3] =
        [Self::Occasionally, Self::HoursPerMonth, Self::HoursPerWeek];

    /// Stable code, stored and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Self::Occasionally => "ponctuellement",
            Self::HoursPerMonth => "heures-par-mois",
            Self::HoursPerWeek => "heures-par-semaine",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Occasionally => "ponctuellement, le temps d'une action",
            Self::HoursPerMonth => "quelques heures par mois",
            Self::HoursPerWeek => "quelques heures par semaine",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code.trim())
    }
}

/// "jusqu'à 20 km", or how someone who does not travel helps.
pub fn travel_label(km: u32) -> String {
    match km {
        0 => "sans se déplacer (à distance, ou de chez soi)".into(),
        km => format!("jusqu'à {km} km"),
    }
}

/// The offer form as submitted, every field as typed.
#[derive(Debug, Clone, Default)]
pub struct SkillOfferForm {
    /// Codes of the boxes ticked.
    pub skills: Vec<String>,
    pub other: String,
    pub time_available: String,
    pub travel_km: String,
    pub postal_code: String,
    pub consent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillOffer {
    /// Sorted, without repeats.
    pub skills: Vec<Skill>,
    pub other: Option<String>,
    pub time_available: TimeAvailable,
    pub travel_km: u32,
    pub postal_code: PostalCode,
}

impl SkillOfferForm {
    pub fn has_skill(&self, code: &str) -> bool {
        self.skills.iter().any(|s| s.trim() == code)
    }

    pub fn parse(&self) -> Result<SkillOffer, FieldErrors> {
        let mut errors = FieldErrors::default();
        let skills = Skill::from_codes(&self.skills).unwrap_or_else(|_| {
            errors.add("skills", "Choisissez des compétences dans la liste.");
            Vec::new()
        });
        let other = errors.take(
            "other",
            parse_text(&self.other, "le texte libre", MAX_OTHER, true),
        );
        if skills.is_empty() && matches!(other, Some(None)) {
            errors.add(
                "skills",
                "Cochez au moins une compétence, ou décrivez en quelques mots ce que vous savez faire.",
            );
        }
        let time_available = errors.take(
            "time_available",
            TimeAvailable::parse(&self.time_available)
                .ok_or_else(|| "Indiquez combien de temps vous pouvez donner.".to_string()),
        );
        let travel_km = errors.take(
            "travel_km",
            self.travel_km
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|km| TRAVEL_KM.contains(km))
                .ok_or_else(|| "Indiquez jusqu'où vous pouvez vous déplacer.".to_string()),
        );
        let postal_code = errors.take("postal_code", parse_postal_code(&self.postal_code));
        if !self.consent {
            errors.add(
                "consent",
                "Cochez la case pour que les organisateurs puissent vous contacter.",
            );
        }
        match (other, time_available, travel_km, postal_code) {
            (Some(other), Some(time_available), Some(travel_km), Some(postal_code))
                if errors.is_empty() =>
            {
                Ok(SkillOffer {
                    skills,
                    other,
                    time_available,
                    travel_km,
                    postal_code,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_postal_code(raw: &str) -> Result<PostalCode, String> {
    if raw.trim().is_empty() {
        return Err(
            "Indiquez votre code postal : il sert à trouver les offres proches d'une action."
                .into(),
        );
    }
    PostalCode::parse(raw)
}

/// The organisers' search form (a GET form), as typed.
#[derive(Debug, Clone, Default)]
pub struct SkillSearchForm {
    /// A skill code, or empty for every skill.
    pub skill: String,
    pub postal_code: String,
    pub radius_km: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillSearch {
    pub skill: Option<Skill>,
    pub postal_code: PostalCode,
    pub radius_km: u32,
}

impl SkillSearchForm {
    pub fn parse(&self) -> Result<SkillSearch, FieldErrors> {
        let mut errors = FieldErrors::default();
        let skill = errors.take(
            "skill",
            match self.skill.trim() {
                "" => Ok(None),
                code => Skill::from_code(code)
                    .map(Some)
                    .ok_or_else(|| "Choisissez une compétence dans la liste.".to_string()),
            },
        );
        let postal_code = errors.take(
            "postal_code",
            if self.postal_code.trim().is_empty() {
                Err("Indiquez le code postal autour duquel chercher.".into())
            } else {
                PostalCode::parse(&self.postal_code)
            },
        );
        let radius_km = errors.take(
            "radius_km",
            match self.radius_km.trim() {
                "" => Ok(DEFAULT_SEARCH_RADIUS_KM),
                typed => typed
                    .parse::<u32>()
                    .ok()
                    .filter(|km| SEARCH_RADII_KM.contains(km))
                    .ok_or_else(|| "Choisissez une distance dans la liste.".to_string()),
            },
        );
        match (skill, postal_code, radius_km) {
            (Some(skill), Some(postal_code), Some(radius_km)) => Ok(SkillSearch {
                skill,
                postal_code,
                radius_km,
            }),
            _ => Err(errors),
        }
    }
}

/// An organiser's message to a person who offers skills, or that person's answer.
pub fn parse_message(raw: &str) -> Result<String, String> {
    required_text(raw, "votre message", MAX_MESSAGE, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SkillOfferForm {
        SkillOfferForm {
            skills: vec!["video".into(), "traduction".into(), "video".into()],
            other: "  couture ".into(),
            time_available: "heures-par-mois".into(),
            travel_km: "20".into(),
            postal_code: "75011".into(),
            consent: true,
        }
    }

    #[test]
    fn a_complete_offer_parses() {
        let offer = valid().parse().unwrap();
        assert_eq!(offer.skills, vec![Skill::Video, Skill::Translation]);
        assert_eq!(offer.other.as_deref(), Some("couture"));
        assert_eq!(offer.time_available, TimeAvailable::HoursPerMonth);
        assert_eq!(offer.travel_km, 20);
        assert_eq!(offer.postal_code.as_str(), "75011");
    }

    #[test]
    fn free_text_alone_is_enough_but_nothing_at_all_is_not() {
        let only_text = SkillOfferForm {
            skills: vec![],
            ..valid()
        };
        assert_eq!(only_text.parse().unwrap().skills, vec![]);
        let only_skill = SkillOfferForm {
            other: " ".into(),
            ..valid()
        };
        assert_eq!(only_skill.parse().unwrap().other, None);
        let nothing = SkillOfferForm {
            skills: vec![],
            other: "".into(),
            ..valid()
        };
        assert!(nothing.parse().unwrap_err().get("skills").is_some());
    }

    #[test]
    fn consent_is_required() {
        let form = SkillOfferForm {
            consent: false,
            ..valid()
        };
        assert_eq!(
            form.parse().unwrap_err().get("consent"),
            Some("Cochez la case pour que les organisateurs puissent vous contacter.")
        );
    }

    #[test]
    fn every_bad_field_gets_a_message() {
        let form = SkillOfferForm {
            skills: vec!["jonglage".into()],
            other: "x".repeat(MAX_OTHER + 1),
            time_available: "toujours".into(),
            travel_km: "15".into(),
            postal_code: "7501".into(),
            consent: false,
        };
        let errors = form.parse().unwrap_err();
        for field in [
            "skills",
            "other",
            "time_available",
            "travel_km",
            "postal_code",
            "consent",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(SkillOfferForm::default()
            .parse()
            .unwrap_err()
            .get("postal_code")
            .unwrap()
            .contains("Indiquez votre code postal"));
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for time in TimeAvailable::ALL {
            assert_eq!(TimeAvailable::parse(time.code()), Some(time));
        }
        assert_eq!(travel_label(50), "jusqu'à 50 km");
        assert!(travel_label(0).contains("sans se déplacer"));
    }

    #[test]
    fn a_search_needs_a_place_and_takes_a_skill_and_a_radius_from_the_lists() {
        let search = SkillSearchForm {
            skill: "".into(),
            postal_code: "69001".into(),
            radius_km: "".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(search.skill, None);
        assert_eq!(search.radius_km, DEFAULT_SEARCH_RADIUS_KM);
        let search = SkillSearchForm {
            skill: "droit".into(),
            postal_code: "69001".into(),
            radius_km: "100".into(),
        }
        .parse()
        .unwrap();
        assert_eq!((search.skill, search.radius_km), (Some(Skill::Law), 100));
        let errors = SkillSearchForm {
            skill: "magie".into(),
            postal_code: "".into(),
            radius_km: "7".into(),
        }
        .parse()
        .unwrap_err();
        for field in ["skill", "postal_code", "radius_km"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn messages_are_required_and_bounded() {
        assert_eq!(parse_message(" Bonjour \r\n"), Ok("Bonjour".into()));
        assert_eq!(parse_message(""), Err("Indiquez votre message.".into()));
        assert!(parse_message(&"m".repeat(MAX_MESSAGE + 1)).is_err());
    }
}
