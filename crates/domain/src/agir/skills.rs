//! The skills people offer ("J'en dis plus") and that recipes use: one closed list, so that a
//! search by skill finds every offer, plus free text for the rest.

use super::coded::Coded;

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
}

impl Coded for Skill {
    const ALL: &'static [Self] = &Skill::ALL;

    fn code(self) -> &'static str {
        Skill::code(self)
    }

    fn label(self) -> &'static str {
        Skill::label(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_round_trip_and_ignore_unknown_codes() {
        let skills = Skill::from_stored("ecriture,video,inconnu,video");
        assert_eq!(skills, vec![Skill::Video, Skill::Writing]);
        assert_eq!(Skill::stored(&skills), "video,ecriture");
        assert_eq!(Skill::from_stored(""), vec![]);
    }
}
