//! The skills people offer ("J'en dis plus") and that recipes use: one closed list, so that a
//! search by skill finds every offer, plus free text for the rest.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skill {
    Video,
    Photo,
    GraphicDesign,
    Diy,
    Music,
    Art,
    Writing,
    Translation,
    Law,
    Computing,
    Driving,
    Cooking,
}

impl Skill {
    pub const ALL: [Skill; 12] = [
        Self::Video,
        Self::Photo,
        Self::GraphicDesign,
        Self::Diy,
        Self::Music,
        Self::Art,
        Self::Writing,
        Self::Translation,
        Self::Law,
        Self::Computing,
        Self::Driving,
        Self::Cooking,
    ];

    /// Stable code, stored and used in URLs and forms.
    pub fn code(self) -> &'static str {
        match self {
            Self::Video => "video",
            Self::Photo => "photo",
            Self::GraphicDesign => "graphisme",
            Self::Diy => "bricolage",
            Self::Music => "musique",
            Self::Art => "art",
            Self::Writing => "ecriture",
            Self::Translation => "traduction",
            Self::Law => "droit",
            Self::Computing => "informatique",
            Self::Driving => "conduite",
            Self::Cooking => "cuisine",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Video => "vidéo",
            Self::Photo => "photo",
            Self::GraphicDesign => "graphisme",
            Self::Diy => "bricolage, construction",
            Self::Music => "musique",
            Self::Art => "art, dessin",
            Self::Writing => "écriture",
            Self::Translation => "traduction",
            Self::Law => "droit",
            Self::Computing => "informatique",
            Self::Driving => "conduite (permis, véhicule)",
            Self::Cooking => "cuisine",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// "video,ecriture" → the skills it names; unknown codes are ignored.
    pub fn parse_list(codes: &str) -> Vec<Self> {
        let mut skills: Vec<Self> = codes.split(',').filter_map(Self::parse).collect();
        skills.sort();
        skills.dedup();
        skills
    }

    pub fn to_list(skills: &[Self]) -> String {
        skills
            .iter()
            .map(|s| s.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::Skill;

    #[test]
    fn lists_round_trip_and_ignore_unknown_codes() {
        let skills = Skill::parse_list("ecriture,video,inconnu,video");
        assert_eq!(skills, vec![Skill::Video, Skill::Writing]);
        assert_eq!(Skill::to_list(&skills), "video,ecriture");
        assert_eq!(Skill::parse_list(""), vec![]);
    }
}
