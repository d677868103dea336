//! A segment: who, among the supporters who accepted the news, a mailing goes to. Each filter
//! narrows (they combine with AND); within a filter that lists values, any of them will do.
//! An empty segment is everyone who accepted the news and confirmed their signature.

use crate::agir::profile::Interest;
use crate::agir::{Coded, Skill};
use crate::ids::EventId;

/// The widest distance around a place, in km (the skills search offers the same).
pub const MAX_RADIUS_KM: u32 = 200;
/// More départements than France has would be a typing accident.
const MAX_DEPARTEMENTS: usize = 110;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRole {
    /// Members of an open support group, animators included.
    Member,
    Animator,
}

impl GroupRole {
    pub fn code(self) -> &'static str {
        match self {
            Self::Member => "membres",
            Self::Animator => "animateurs",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Member, Self::Animator]
            .into_iter()
            .find(|role| role.code() == code.trim())
    }
}

/// A place and a distance around it, resolved by the caller into the postal codes it covers
/// (people are located by their postal code only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// As shown to staff: "Montreuil (93100)".
    pub label: String,
    pub radius_km: u32,
    pub postal_codes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// Codes ("93", "2A", "974"), as the signature recorded them.
    pub departements: Vec<String>,
    pub area: Option<Area>,
    pub group_role: Option<GroupRole>,
    /// Offered in "J'en dis plus" or named in the action profile.
    pub skills: Vec<Skill>,
    /// What the person likes doing (action profile).
    pub interests: Vec<Interest>,
    /// Registered (with a place) to this event.
    pub event: Option<EventId>,
    /// Gave at least once (money received).
    pub donors: bool,
}

impl Segment {
    /// The segment in French, for the list of mailings and the audit log.
    pub fn summary(&self, event_title: Option<&str>) -> String {
        let mut parts = vec!["signature confirmée et accord pour les nouvelles".to_string()];
        if !self.departements.is_empty() {
            let noun = if self.departements.len() > 1 {
                "départements"
            } else {
                "département"
            };
            parts.push(format!("{noun} {}", self.departements.join(", ")));
        }
        if let Some(area) = &self.area {
            parts.push(if area.radius_km == 0 {
                format!("à {}", area.label)
            } else {
                format!("à moins de {} km de {}", area.radius_km, area.label)
            });
        }
        match self.group_role {
            Some(GroupRole::Member) => parts.push("membres d'un groupe d'appui".into()),
            Some(GroupRole::Animator) => parts.push("animateur·ices d'un groupe d'appui".into()),
            None => {}
        }
        if !self.skills.is_empty() {
            let labels: Vec<_> = self.skills.iter().map(|s| s.label()).collect();
            parts.push(format!("compétences : {}", labels.join(" ou ")));
        }
        if !self.interests.is_empty() {
            let labels: Vec<_> = self.interests.iter().map(|i| Coded::label(*i)).collect();
            parts.push(format!("aiment : {}", labels.join(" ou ")));
        }
        if let Some(event) = self.event {
            parts.push(match event_title {
                Some(title) => format!("inscrit·es à « {title} »"),
                None => format!("inscrit·es à l'événement n° {event}"),
            });
        }
        if self.donors {
            parts.push("ont fait un don".into());
        }
        parts.join(" ; ")
    }
}

/// "93, 69 2a ; 974" → ["93", "69", "2A", "974"]: metropolitan codes (01–95, 2A, 2B) and
/// overseas ones (971–976), without repeats, in the order typed.
pub fn parse_departements(raw: &str) -> Result<Vec<String>, String> {
    let mut codes: Vec<String> = Vec::new();
    for word in raw
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let code = word.to_ascii_uppercase();
        let code = if code.len() == 1 && code.chars().all(|c| c.is_ascii_digit()) {
            format!("0{code}")
        } else {
            code
        };
        if !is_departement(&code) {
            return Err(format!(
                "« {word} » n'est pas un numéro de département (par exemple 93, 2A ou 974)."
            ));
        }
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if codes.len() > MAX_DEPARTEMENTS {
        return Err(
            "Trop de départements : laissez le champ vide pour écrire à toute la France.".into(),
        );
    }
    Ok(codes)
}

fn is_departement(code: &str) -> bool {
    match code {
        "2A" | "2B" => true,
        _ if code.len() == 2 => code
            .parse::<u32>()
            .is_ok_and(|n| (1..=95).contains(&n) && n != 20),
        _ if code.len() == 3 => code.parse::<u32>().is_ok_and(|n| (971..=976).contains(&n)),
        _ => false,
    }
}

/// The distance field: empty is 0 (the commune itself), else 0 to 200 km.
pub fn parse_radius(raw: &str) -> Result<u32, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    match raw.parse::<u32>() {
        Ok(km) if km <= MAX_RADIUS_KM => Ok(km),
        _ => Err(format!(
            "La distance est un nombre de kilomètres, de 0 à {MAX_RADIUS_KM}."
        )),
    }
}

/// Checked skill codes, as posted by the checkboxes.
pub fn parse_skills(codes: &[String]) -> Result<Vec<Skill>, String> {
    let mut skills = Vec::new();
    for code in codes {
        let skill = Skill::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .ok_or_else(|| "Choisissez les compétences dans la liste.".to_string())?;
        if !skills.contains(&skill) {
            skills.push(skill);
        }
    }
    skills.sort();
    Ok(skills)
}

pub fn parse_interests(codes: &[String]) -> Result<Vec<Interest>, String> {
    Interest::from_codes(codes).map_err(|_| "Choisissez les goûts dans la liste.".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departements_are_read_as_typed() {
        assert_eq!(
            parse_departements("93, 69 2a ; 974 93 1").unwrap(),
            ["93", "69", "2A", "974", "01"]
        );
        assert_eq!(parse_departements("  ").unwrap(), Vec::<String>::new());
        for wrong in ["20", "96", "977", "Seine", "75001", "00"] {
            let error = parse_departements(wrong).unwrap_err();
            assert!(error.contains(wrong), "{wrong}: {error}");
        }
    }

    #[test]
    fn the_radius_is_bounded() {
        assert_eq!(parse_radius(""), Ok(0));
        assert_eq!(parse_radius(" 25 "), Ok(25));
        assert!(parse_radius("201").is_err());
        assert!(parse_radius("-3").is_err());
        assert!(parse_radius("dix").is_err());
    }

    #[test]
    fn unknown_codes_are_refused() {
        assert_eq!(
            parse_skills(&["video".into(), "photo".into(), "video".into()]).unwrap(),
            [Skill::Video, Skill::Photo]
        );
        assert!(parse_skills(&["jonglage".into()]).is_err());
        assert!(parse_interests(&["nimporte".into()]).is_err());
    }

    #[test]
    fn the_summary_names_every_filter() {
        let segment = Segment {
            departements: vec!["93".into(), "69".into()],
            area: Some(Area {
                label: "Montreuil (93100)".into(),
                radius_km: 10,
                postal_codes: vec!["93100".into()],
            }),
            group_role: Some(GroupRole::Animator),
            skills: vec![Skill::Video],
            interests: vec![],
            event: Some(EventId::new(4)),
            donors: true,
        };
        let summary = segment.summary(Some("Écoute collective"));
        for part in [
            "départements 93, 69",
            "à moins de 10 km de Montreuil (93100)",
            "animateur·ices",
            "compétences : vidéo",
            "inscrit·es à « Écoute collective »",
            "ont fait un don",
        ] {
            assert!(summary.contains(part), "{part} in {summary}");
        }
        assert_eq!(
            Segment::default().summary(None),
            "signature confirmée et accord pour les nouvelles"
        );
    }
}
