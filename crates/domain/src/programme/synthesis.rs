//! A coordinator's synthesis of an axis: Markdown, and the contributions it drew on (by their
//! numbers), which then show "retenue dans la synthèse".

use crate::ids::ContributionId;
use crate::text::required_text;
use crate::FieldErrors;

pub const BODY_MAX: usize = 30_000;
/// More links than any synthesis can honestly draw on; bounds the work of one save.
pub const LINKS_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthesisDraft {
    pub body: String,
    pub contributions: Vec<ContributionId>,
}

/// `links` is the numbers typed or ticked: "12, 45 #7" — any separator, an optional '#'.
pub fn parse_synthesis(body: &str, links: &str) -> Result<SynthesisDraft, FieldErrors> {
    let mut errors = FieldErrors::default();
    let body = errors.take(
        "body",
        required_text(body, "le texte de la synthèse", BODY_MAX, true),
    );
    let contributions = errors.take("links", parse_links(links));
    match (body, contributions) {
        (Some(body), Some(contributions)) => Ok(SynthesisDraft {
            body,
            contributions,
        }),
        _ => Err(errors),
    }
}

fn parse_links(raw: &str) -> Result<Vec<ContributionId>, String> {
    let mut ids = Vec::new();
    for token in raw
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        let number = token.trim_start_matches('#');
        let id: ContributionId = number
            .parse()
            .map_err(|_| format!("« {token} » n'est pas un numéro de contribution."))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > LINKS_MAX {
        return Err(format!("{LINKS_MAX} contributions au plus."));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_numbers_with_any_separator_once_each() {
        let draft = parse_synthesis("Nous retenons…", "12, 45 #7;12").unwrap();
        assert_eq!(
            draft.contributions,
            vec![
                ContributionId::new(12),
                ContributionId::new(45),
                ContributionId::new(7)
            ]
        );
        assert!(parse_synthesis("Texte", "")
            .unwrap()
            .contributions
            .is_empty());
        let errors = parse_synthesis("", "12, douze").unwrap_err();
        assert!(errors.get("body").is_some());
        assert!(errors.get("links").unwrap().contains("douze"));
    }
}
