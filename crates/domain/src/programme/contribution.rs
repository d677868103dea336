//! What a supporter proposes on an axis: a title, a text, a département if it is local; and what
//! they may add once people have supported or discussed it (an addendum, never an edit).

use crate::identity::parse_departement;
use crate::text::required_text;
use crate::FieldErrors;

pub const TITLE_MAX: usize = 150;
pub const BODY_MIN: usize = 10;
pub const BODY_MAX: usize = 5_000;
pub const ADDENDUM_MAX: usize = 2_000;

/// Contributions a person may publish in 24 hours: enough for anyone writing in good faith,
/// too few to flood an axis.
pub const PER_DAY: i64 = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContributionDraft {
    pub title: String,
    pub body: String,
    /// "75", "2A", "971"… when the contribution is about a place.
    pub departement: Option<String>,
}

pub fn parse_contribution(
    title: &str,
    body: &str,
    departement: &str,
) -> Result<ContributionDraft, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = errors.take(
        "title",
        required_text(title, "le titre de votre contribution", TITLE_MAX, false),
    );
    let body = errors.take("body", parse_body(body));
    let departement = errors.take("departement", parse_departement(departement));
    match (title, body, departement) {
        (Some(title), Some(body), Some(departement)) => Ok(ContributionDraft {
            title,
            body,
            departement,
        }),
        _ => Err(errors),
    }
}

fn parse_body(raw: &str) -> Result<String, String> {
    let body = required_text(raw, "le texte de votre contribution", BODY_MAX, true)?;
    if body.chars().count() < BODY_MIN {
        return Err(format!(
            "Développez un peu votre contribution ({BODY_MIN} caractères au moins)."
        ));
    }
    Ok(body)
}

/// Text appended to a contribution that can no longer be edited.
pub fn parse_addendum(raw: &str) -> Result<String, String> {
    let text = required_text(raw, "le complément", ADDENDUM_MAX, true)?;
    if text.chars().count() < BODY_MIN {
        return Err(format!(
            "Un complément fait {BODY_MIN} caractères au moins."
        ));
    }
    Ok(text)
}

/// How the author is shown: their first name and initial if they agreed to it when they
/// contributed, otherwise nothing that points to them.
pub fn author_label(first_name: &str, last_name: &str, show_name: bool) -> Option<String> {
    show_name.then(|| crate::identity::short_name(first_name, last_name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_has_a_title_a_text_of_ten_characters_and_maybe_a_departement() {
        let draft = parse_contribution(
            " Référendum d'initiative citoyenne ",
            "Permettre aux citoyens de proposer une loi.",
            "2a",
        )
        .unwrap();
        assert_eq!(draft.title, "Référendum d'initiative citoyenne");
        assert_eq!(draft.departement.as_deref(), Some("2A"));

        let errors = parse_contribution(&"t".repeat(151), "trop court", "99").unwrap_err();
        assert!(errors.get("title").is_some());
        assert!(errors.get("body").is_none(), "10 characters are enough");
        assert!(errors.get("departement").is_some());
        let errors = parse_contribution("Titre", "court", "").unwrap_err();
        assert!(errors.get("body").unwrap().contains("10 caractères"));
        assert!(parse_contribution("Titre", &"x".repeat(5001), "").is_err());
        assert_eq!(
            parse_contribution("Titre", "Dix lettres!", "")
                .unwrap()
                .departement,
            None
        );
    }

    #[test]
    fn the_author_is_shown_only_with_their_consent() {
        assert_eq!(
            author_label("Louise", "Michel", true).as_deref(),
            Some("Louise M.")
        );
        assert_eq!(author_label("Louise", "Michel", false), None);
    }

    #[test]
    fn an_addendum_is_bounded() {
        assert!(parse_addendum("   ").is_err());
        assert!(parse_addendum("Précision : 2027.").is_ok());
        assert!(parse_addendum(&"a".repeat(2001)).is_err());
    }
}
