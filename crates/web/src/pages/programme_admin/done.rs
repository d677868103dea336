//! What the moderation page says after a decision (`?fait=…` in the address it is sent back to).

use serde::Deserialize;

/// What the page was sent back to say (`?fait=…`); any other value says nothing.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum Done {
    #[serde(rename = "masquee")]
    Hidden,
    #[serde(rename = "retablie")]
    Restored,
    #[serde(rename = "bloquee")]
    Blocked,
    #[serde(rename = "debloquee")]
    Unblocked,
    #[serde(rename = "fusionnee")]
    Merged,
    #[default]
    #[serde(other)]
    Nothing,
}

impl Done {
    pub(super) fn code(self) -> &'static str {
        match self {
            Self::Hidden => "masquee",
            Self::Restored => "retablie",
            Self::Blocked => "bloquee",
            Self::Unblocked => "debloquee",
            Self::Merged => "fusionnee",
            Self::Nothing => "",
        }
    }

    pub(super) fn words(self) -> Option<&'static str> {
        Some(match self {
            Self::Hidden => "Masqué : l'auteur est prévenu par email, avec la raison.",
            Self::Restored => {
                "Rétabli : les signalements précédents ne comptent plus, et l'auteur est prévenu \
                 par email."
            }
            Self::Blocked => {
                "Personne bloquée : elle ne peut plus contribuer, commenter ni soutenir, et elle \
                 est prévenue par email."
            }
            Self::Unblocked => {
                "Personne débloquée : elle peut de nouveau participer, et elle est prévenue par \
                 email."
            }
            Self::Merged => {
                "Contribution fusionnée : elle renvoie à la contribution conservée, ses soutiens \
                 restent où ils ont été donnés, et les personnes qui l'avaient soutenue sont \
                 prévenues par email."
            }
            Self::Nothing => return None,
        })
    }
}
