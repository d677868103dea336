//! Moderation decisions on the programme, each logged with who, when and why, and told to the
//! author.

use crate::text::required_text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Decision {
    /// The third distinct report hid it; no one decided yet.
    AutoHidden,
    Hidden,
    /// Shown again; the reports so far no longer count.
    Restored,
    /// The author may no longer contribute, comment or support.
    Blocked,
    Unblocked,
    /// A duplicate pointed to the contribution kept.
    Merged,
}

impl Decision {
    pub const ALL: [Self; 6] = [
        Self::AutoHidden,
        Self::Hidden,
        Self::Restored,
        Self::Blocked,
        Self::Unblocked,
        Self::Merged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AutoHidden => "auto_hidden",
            Self::Hidden => "hidden",
            Self::Restored => "restored",
            Self::Blocked => "blocked",
            Self::Unblocked => "unblocked",
            Self::Merged => "merged",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AutoHidden => "Masqué après 3 signalements",
            Self::Hidden => "Masqué",
            Self::Restored => "Rétabli",
            Self::Blocked => "Auteur bloqué",
            Self::Unblocked => "Auteur débloqué",
            Self::Merged => "Fusionné",
        }
    }
}

pub const REASON_MAX: usize = 1_000;

/// A moderator says why: the author is told, and the log keeps it.
pub fn parse_reason(raw: &str) -> Result<String, String> {
    required_text(raw, "la raison de la décision", REASON_MAX, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_back_from_their_codes_and_need_a_reason() {
        for decision in Decision::ALL {
            assert_eq!(Decision::from_code(decision.code()), Some(decision));
        }
        assert!(parse_reason("").is_err());
        assert!(parse_reason("Propos injurieux envers une personne.").is_ok());
    }
}
