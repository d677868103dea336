//! Email addresses, and the normalised form that makes one person sign once.

use std::str::FromStr;

/// A syntactically valid address. `as_typed` is where mail goes; `normalized` is the identity
/// key: two addresses with the same key reach the same mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    as_typed: String,
    normalized: String,
}

pub const MAX_EMAIL_LEN: usize = 254;

/// Providers that ignore dots in the local part and deliver `name+tag@` to `name@`.
const DOTS_AND_TAGS_IGNORED: &[&str] = &["gmail.com", "googlemail.com"];
/// Providers that deliver `name+tag@` to `name@` but where dots do matter.
const TAGS_IGNORED: &[&str] = &[
    "outlook.com",
    "outlook.fr",
    "hotmail.com",
    "hotmail.fr",
    "live.com",
    "live.fr",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "icloud.com",
    "me.com",
    "fastmail.com",
];

impl Email {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("Indiquez votre adresse email.".into());
        }
        if trimmed.len() > MAX_EMAIL_LEN {
            return Err(format!(
                "Cette adresse email est trop longue ({MAX_EMAIL_LEN} caractères au plus)."
            ));
        }
        let valid = email_address::EmailAddress::from_str(trimmed)
            .ok()
            .filter(|_| !trimmed.contains(['<', '>', ' ', '"']))
            .filter(|e| e.domain().contains('.') && !e.domain().starts_with('['));
        let Some(valid) = valid else {
            return Err(
                "Cette adresse email n'est pas valide (exemple : prenom.nom@exemple.fr).".into(),
            );
        };
        let domain = valid.domain().to_lowercase();
        let local = valid.local_part().to_string();
        let as_typed = format!("{local}@{domain}");
        Ok(Self {
            normalized: normalize(&local, &domain),
            as_typed,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.as_typed
    }

    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

fn normalize(local: &str, domain: &str) -> String {
    let local = local.to_lowercase();
    if DOTS_AND_TAGS_IGNORED.contains(&domain) {
        let untagged = local.split('+').next().unwrap_or_default();
        return format!("{}@gmail.com", untagged.replace('.', ""));
    }
    if TAGS_IGNORED.contains(&domain) {
        let untagged = local.split('+').next().unwrap_or_default();
        return format!("{untagged}@{domain}");
    }
    format!("{local}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_dots_tags_and_case_are_one_person() {
        let a = Email::parse("Jean.Dupont+jlm@GMail.com").unwrap();
        let b = Email::parse("jeandupont@googlemail.com").unwrap();
        assert_eq!(a.normalized(), "jeandupont@gmail.com");
        assert_eq!(a.normalized(), b.normalized());
        assert_eq!(a.as_str(), "Jean.Dupont+jlm@gmail.com");
    }

    #[test]
    fn other_domains_keep_dots_and_tags() {
        let a = Email::parse("jean.dupont+x@exemple.fr").unwrap();
        assert_eq!(a.normalized(), "jean.dupont+x@exemple.fr");
    }

    #[test]
    fn outlook_drops_tags_but_keeps_dots() {
        let a = Email::parse("jean.dupont+x@outlook.fr").unwrap();
        assert_eq!(a.normalized(), "jean.dupont@outlook.fr");
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "   ",
            "jean",
            "jean@",
            "@exemple.fr",
            "jean@localhost",
            "a b@c.fr",
            "<a@b.fr>",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse(&format!("{}@exemple.fr", "a".repeat(250))).is_err());
    }
}
