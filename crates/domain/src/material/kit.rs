//! The starter kit: free, once per confirmed supporter and once per support group, and not twice
//! to the same street and postal code unless staff said why. The store enforces the first two
//! with unique indexes (two tabs at the same moment cannot both get one); this says what a
//! refusal means to the person, and what staff type to fill the kit or lift the address rule.

use super::item::MAX_QUANTITY;
use crate::identity::Email;
use crate::text::required_text;
use crate::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitRefusal {
    /// No signature at all (an account made by a gift, say): the kit is for supporters.
    NotSigned,
    /// The signature is not confirmed yet: confirm first.
    NotConfirmed,
    AlreadyForPerson,
    AlreadyForGroup,
    AlreadyAtAddress,
}

impl KitRefusal {
    pub fn message(self) -> &'static str {
        match self {
            Self::NotSigned => {
                "Le kit de démarrage est offert aux personnes qui soutiennent la candidature : \
                 appuyez-la d'abord, depuis la page d'accueil."
            }
            Self::NotConfirmed => {
                "Le kit de démarrage est offert aux personnes qui soutiennent la candidature : \
                 confirmez d'abord votre signature avec le lien reçu par email."
            }
            Self::AlreadyForPerson => {
                "Vous avez déjà commandé votre kit de démarrage : il est offert une fois par \
                 personne. Le reste du panier est gardé."
            }
            Self::AlreadyForGroup => {
                "Ce groupe a déjà reçu son kit de démarrage : il est offert une fois par groupe. \
                 Le reste du panier est gardé."
            }
            Self::AlreadyAtAddress => {
                "Un kit de démarrage a déjà été envoyé à cette adresse. Si vous êtes plusieurs à \
                 militer sous le même toit, écrivez à l'équipe : elle peut autoriser un second \
                 kit. Le reste du panier est gardé."
            }
        }
    }
}

/// How many of an item the kit holds, as staff type it: empty is 0 (not in the kit).
pub fn parse_kit_quantity(raw: &str) -> Result<i64, String> {
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.is_empty() {
        return Ok(0);
    }
    match cleaned.parse::<i64>() {
        Ok(n) if (0..=MAX_QUANTITY).contains(&n) => Ok(n),
        _ => Err(format!(
            "Indiquez un nombre entier de 0 à {MAX_QUANTITY} (0 ou vide : pas dans le kit)."
        )),
    }
}

/// Staff lift the one-kit-per-address rule for one person: who (their email) and why, so that
/// the exception can be explained later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitOverride {
    pub email: Email,
    pub reason: String,
}

/// A reason shorter than this says nothing ("ok", "vu").
const REASON_MIN_CHARS: usize = 5;
const REASON_MAX_CHARS: usize = 300;

impl KitOverride {
    pub fn parse(email: &str, reason: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = if email.trim().is_empty() {
            errors.add(
                "email",
                "Indiquez l'adresse email de la personne (celle de sa signature).",
            );
            None
        } else {
            errors.take("email", Email::parse(email))
        };
        let reason = errors.take(
            "reason",
            required_text(reason, "la raison", REASON_MAX_CHARS, false).and_then(|reason| {
                if reason.chars().count() < REASON_MIN_CHARS {
                    Err(format!(
                        "Expliquez la raison en quelques mots ({REASON_MIN_CHARS} caractères au \
                         moins) : par exemple « colocation de trois militants »."
                    ))
                } else {
                    Ok(reason)
                }
            }),
        );
        match (email, reason) {
            (Some(email), Some(reason)) => Ok(Self { email, reason }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_quantities_are_whole_numbers_and_empty_is_none() {
        assert_eq!(parse_kit_quantity(""), Ok(0));
        assert_eq!(parse_kit_quantity(" 200 "), Ok(200));
        assert_eq!(parse_kit_quantity("1 000"), Ok(1000));
        for bad in ["-1", "2,5", "abc", "10001"] {
            assert!(parse_kit_quantity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_override_needs_an_email_and_a_reason() {
        let granted = KitOverride::parse(" Zoe@Exemple.fr ", "Colocation militante").unwrap();
        assert_eq!(granted.email.normalized(), "zoe@exemple.fr");
        let errors = KitOverride::parse("", "ok").unwrap_err();
        assert!(errors.get("email").is_some());
        assert!(errors.get("reason").unwrap().contains("5 caractères"));
        let errors = KitOverride::parse("pas-une-adresse", "").unwrap_err();
        assert!(errors.get("email").is_some() && errors.get("reason").is_some());
    }
}
