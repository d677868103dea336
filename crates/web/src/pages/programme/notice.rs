//! What a contribution's page says when a form sends the person back to it (`?fait=…`): done,
//! already done, or refused and why.

use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::ContributionId;

use super::contribution_path;

/// What the page was sent back to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Published,
    Edited,
    Addendum,
    Supported,
    AlreadySupported,
    Withdrawn,
    NoSupport,
    /// Hidden or merged meanwhile: it takes no support.
    Closed,
    Blocked,
    Commented,
    CommentDeleted,
    Reported,
    AlreadyReported,
    /// The visitor's report was the third on a comment: it is hidden now.
    CommentHidden,
}

impl Done {
    const ALL: [Self; 14] = [
        Self::Published,
        Self::Edited,
        Self::Addendum,
        Self::Supported,
        Self::AlreadySupported,
        Self::Withdrawn,
        Self::NoSupport,
        Self::Closed,
        Self::Blocked,
        Self::Commented,
        Self::CommentDeleted,
        Self::Reported,
        Self::AlreadyReported,
        Self::CommentHidden,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Published => "publiee",
            Self::Edited => "modifiee",
            Self::Addendum => "complement",
            Self::Supported => "soutien",
            Self::AlreadySupported => "deja-soutenue",
            Self::Withdrawn => "soutien-retire",
            Self::NoSupport => "sans-soutien",
            Self::Closed => "fermee",
            Self::Blocked => "bloque",
            Self::Commented => "commentaire",
            Self::CommentDeleted => "commentaire-supprime",
            Self::Reported => "signalement",
            Self::AlreadyReported => "deja-signale",
            Self::CommentHidden => "commentaire-masque",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|done| done.code() == code)
    }

    /// The words, and whether they say something was refused.
    pub fn message(self) -> (&'static str, bool) {
        match self {
            Self::Published => ("Merci ! Votre contribution est publiée.", false),
            Self::Edited => ("Votre contribution est modifiée.", false),
            Self::Addendum => ("Votre complément est ajouté à la contribution.", false),
            Self::Supported => ("Merci ! Votre soutien est compté.", false),
            Self::AlreadySupported => ("Vous soutenez déjà cette contribution : votre soutien compte une fois.", false),
            Self::Withdrawn => ("Votre soutien est retiré.", false),
            Self::NoSupport => ("Vous ne souteniez pas cette contribution.", false),
            Self::Closed => ("Cette contribution ne reçoit plus de soutiens.", true),
            Self::Blocked => ("La modération vous a retiré la possibilité de participer au programme.", true),
            Self::Commented => ("Votre commentaire est publié.", false),
            Self::CommentDeleted => ("Votre commentaire est supprimé.", false),
            Self::Reported => ("Merci pour votre signalement : la modération en est informée.", false),
            Self::AlreadyReported => ("Vous l'aviez déjà signalé : votre signalement compte une fois.", false),
            Self::CommentHidden => ("Merci pour votre signalement. Trois personnes ont signalé ce commentaire : il est masqué en attendant la décision de la modération.", false),
        }
    }
}

/// Back to the contribution's page, saying what was done.
pub fn back(id: ContributionId, done: Done) -> Response {
    Redirect::to(&format!("{}?fait={}", contribution_path(id), done.code())).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_from_its_code() {
        for done in Done::ALL {
            assert_eq!(Done::from_code(done.code()), Some(done));
        }
        assert_eq!(Done::from_code("<script>"), None);
    }
}
