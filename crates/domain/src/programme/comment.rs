//! Comments under a contribution: flat, with replies one level deep (a reply to a reply is a
//! reply to the same comment), so that a thread stays readable on a phone.

use crate::text::required_text;

/// Comments a person may post in an hour: a lively discussion stays well under it, a flood does
/// not (contributions have their own limit, `contribution::PER_DAY`).
pub const PER_HOUR: i64 = 30;

pub const MIN: usize = 2;
pub const MAX: usize = 2_000;

pub fn parse_comment(raw: &str) -> Result<String, String> {
    let text = required_text(raw, "votre commentaire", MAX, true)?;
    if text.chars().count() < MIN {
        return Err(format!("Un commentaire fait {MIN} caractères au moins."));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_has_two_to_two_thousand_characters() {
        assert!(parse_comment(" ").is_err());
        assert!(parse_comment("a").is_err());
        assert_eq!(parse_comment(" Oui ").unwrap(), "Oui");
        assert!(parse_comment(&"é".repeat(2000)).is_ok());
        assert!(parse_comment(&"é".repeat(2001)).is_err());
    }
}
