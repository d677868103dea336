//! What the group page says after an action: each action redirects to `/groupes/{id}?info=…`
//! (`?ok=1` once the group's details are saved), and the page reads the code back here. An
//! unknown code says nothing, as a mistyped address should.

use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::GroupId;
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Info {
    #[serde(rename = "ok")]
    Saved,
    #[serde(rename = "rejoint")]
    Joined,
    #[serde(rename = "deja")]
    AlreadyMember,
    #[serde(rename = "attente")]
    WaitingForSplit,
    #[serde(rename = "quitte")]
    Left,
    #[serde(rename = "message")]
    MessageSent,
    #[serde(rename = "divise")]
    Divided,
    #[serde(rename = "animation")]
    AnimatorsChanged,
    #[serde(rename = "refus")]
    AnimatorsRefused,
    #[serde(rename = "division")]
    SplitChanged,
    #[serde(rename = "ferme")]
    Closed,
    /// Any other code: no message.
    #[serde(other)]
    Unknown,
}

impl Info {
    /// The code in the address: the `rename` above, which reads it back.
    fn code(self) -> &'static str {
        match self {
            Self::Saved => "ok",
            Self::Joined => "rejoint",
            Self::AlreadyMember => "deja",
            Self::WaitingForSplit => "attente",
            Self::Left => "quitte",
            Self::MessageSent => "message",
            Self::Divided => "divise",
            Self::AnimatorsChanged => "animation",
            Self::AnimatorsRefused => "refus",
            Self::SplitChanged => "division",
            Self::Closed => "ferme",
            Self::Unknown => "",
        }
    }

    pub fn message(self) -> Option<&'static str> {
        Some(match self {
            Self::Saved => "Les informations du groupe sont enregistrées.",
            Self::Joined => "Bienvenue dans le groupe ! Il apparaît désormais dans « Mon espace ».",
            Self::AlreadyMember => "Vous faites déjà partie de ce groupe.",
            Self::WaitingForSplit => "Le groupe est complet : votre demande est gardée, et le groupe va se diviser en deux pour que chacun ait sa place. Vous recevrez un email quand ce sera fait.",
            Self::Left => "C'est fait.",
            Self::MessageSent => "Votre message part vers les membres du groupe.",
            Self::Divided => "Le groupe est divisé : chaque membre reçoit un email qui lui dit quel groupe est désormais le sien.",
            Self::AnimatorsChanged => "L'équipe d'animation est mise à jour.",
            Self::AnimatorsRefused => "Ce changement n'est pas possible : un groupe a au plus deux animateurs, choisis parmi ses membres.",
            Self::SplitChanged => "La proposition de division est mise à jour.",
            Self::Closed => "Ce groupe est fermé : tous ses membres l'ont quitté.",
            Self::Unknown => return None,
        })
    }
}

/// `?ok=1`: the group's details were saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
enum Saved {
    #[serde(rename = "1")]
    Yes,
    #[serde(other)]
    No,
}

/// The query of the group page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InfoQuery {
    ok: Option<Saved>,
    info: Option<Info>,
}

impl InfoQuery {
    pub fn info(&self) -> Option<Info> {
        if self.ok == Some(Saved::Yes) {
            Some(Info::Saved)
        } else {
            self.info
        }
    }
}

/// Back to the group's page, saying what was done.
pub fn back(group: GroupId, info: Info) -> Response {
    Redirect::to(&format!("/groupes/{group}?info={}", info.code())).into_response()
}

/// Back to the group's page once its details are saved.
pub fn saved(group: GroupId) -> Response {
    Redirect::to(&format!("/groupes/{group}?ok=1")).into_response()
}

#[cfg(test)]
mod tests {
    use axum::extract::Query;
    use axum::http::Uri;

    use super::*;

    fn info_of(query: &str) -> Option<Info> {
        let uri: Uri = format!("/groupes/1?{query}").parse().unwrap();
        Query::<InfoQuery>::try_from_uri(&uri)
            .map(|Query(q)| q)
            .unwrap_or_default()
            .info()
    }

    #[test]
    fn every_code_written_is_read_back() {
        for info in [
            Info::Saved,
            Info::Joined,
            Info::AlreadyMember,
            Info::WaitingForSplit,
            Info::Left,
            Info::MessageSent,
            Info::Divided,
            Info::AnimatorsChanged,
            Info::AnimatorsRefused,
            Info::SplitChanged,
            Info::Closed,
        ] {
            assert_eq!(info_of(&format!("info={}", info.code())), Some(info));
            assert!(info.message().is_some());
        }
    }

    #[test]
    fn saved_details_say_so_and_unknown_codes_say_nothing() {
        assert_eq!(info_of("ok=1"), Some(Info::Saved));
        assert_eq!(info_of("ok=1&info=deja"), Some(Info::Saved));
        assert_eq!(info_of("ok=2&info=deja"), Some(Info::AlreadyMember));
        assert_eq!(info_of("info=inconnu").and_then(Info::message), None);
        assert_eq!(info_of("info=").and_then(Info::message), None);
        assert_eq!(info_of(""), None);
        // A repeated field is no query at all, as before.
        assert_eq!(info_of("info=deja&info=rejoint"), None);
    }
}
