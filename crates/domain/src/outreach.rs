//! Sign-ups gathered off the internet (on paper, by phone) and entered by a group member:
//! who the person is, how to reach them, and the consent basis (who collected it, how, when).

use crate::identity::{Email, PersonName, Phone, PostalCode};
use crate::text::parse_text;

/// One row as typed in the entry form or read from a CSV file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfflineRow {
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
    pub email: String,
    pub phone: String,
    pub postal_address: String,
}

impl OfflineRow {
    pub fn is_blank(&self) -> bool {
        [
            &self.first_name,
            &self.last_name,
            &self.postal_code,
            &self.email,
            &self.phone,
            &self.postal_address,
        ]
        .iter()
        .all(|field| field.trim().is_empty())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectionMethod {
    Paper,
    Phone,
}

impl CollectionMethod {
    pub fn code(self) -> &'static str {
        match self {
            Self::Paper => "papier",
            Self::Phone => "telephone",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Paper => "sur papier",
            Self::Phone => "par téléphone",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Paper, Self::Phone]
            .into_iter()
            .find(|m| m.code() == code.trim())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineSignup {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub postal_code: PostalCode,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub postal_address: Option<String>,
}

impl OfflineSignup {
    /// What identifies this person when no email does: the phone number when given, else the
    /// name and postal code (folded: "Louise MICHEL" and "louise michel" are the same person).
    pub fn match_keys(&self) -> (Option<String>, String) {
        let folded = |text: &str| {
            text.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        (
            self.phone.as_ref().map(|p| p.as_str().to_string()),
            format!(
                "{}|{}|{}",
                folded(self.first_name.as_str()),
                folded(self.last_name.as_str()),
                self.postal_code.as_str()
            ),
        )
    }
}

impl OfflineRow {
    /// Checks one row; the error lists every problem of the row, in French.
    pub fn parse(&self) -> Result<OfflineSignup, String> {
        let mut problems = Vec::new();
        let first_name = keep(
            &mut problems,
            PersonName::parse(&self.first_name, "prénom").map_err(third_person),
        );
        let last_name = keep(
            &mut problems,
            PersonName::parse(&self.last_name, "nom").map_err(third_person),
        );
        let postal_code = keep(
            &mut problems,
            PostalCode::parse(&self.postal_code).map_err(|message| {
                if self.postal_code.trim().is_empty() {
                    "Code postal manquant.".into()
                } else {
                    message
                }
            }),
        );
        let email = match self.email.trim() {
            "" => Some(None),
            raw => keep(&mut problems, Email::parse(raw).map(Some)),
        };
        let phone = match self.phone.trim() {
            "" => Some(None),
            raw => keep(&mut problems, Phone::parse(raw).map(Some)),
        };
        let postal_address = keep(
            &mut problems,
            parse_text(&self.postal_address, "l'adresse postale", 200, false),
        );
        if let (Some(None), Some(None), Some(None)) = (&email, &phone, &postal_address) {
            problems.push("Il faut un moyen de recontacter la personne : email, téléphone ou adresse postale.".into());
        }
        match (
            first_name,
            last_name,
            postal_code,
            email,
            phone,
            postal_address,
        ) {
            (
                Some(first_name),
                Some(last_name),
                Some(postal_code),
                Some(email),
                Some(phone),
                Some(postal_address),
            ) if problems.is_empty() => Ok(OfflineSignup {
                first_name,
                last_name,
                postal_code,
                email,
                phone,
                postal_address,
            }),
            _ => Err(problems.join(" ")),
        }
    }
}

/// The value of `result`, or its message added to `problems`.
fn keep<T>(problems: &mut Vec<String>, result: Result<T, String>) -> Option<T> {
    result.map_err(|message| problems.push(message)).ok()
}

/// The messages of `PersonName` speak to the signer ("votre prénom"); here a volunteer types
/// someone else's details.
fn third_person(message: String) -> String {
    message
        .replace("Indiquez votre", "Indiquez le")
        .replace("Votre", "Le")
}

/// A collection date typed as `AAAA-MM-JJ` (what a date field sends) or `JJ/MM/AAAA`, checked
/// against `today` (also `AAAA-MM-JJ`): not in the future, not before 2016.
pub fn parse_collection_date(raw: &str, today: &str) -> Result<String, String> {
    let raw = raw.trim();
    let invalid = || "Date invalide (exemple : 2026-11-26 ou 26/11/2026).".to_string();
    let parts: Vec<&str> = if raw.contains('/') {
        raw.split('/').rev().collect()
    } else {
        raw.split('-').collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(if raw.is_empty() {
            "Indiquez la date de la collecte.".into()
        } else {
            invalid()
        });
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return Err(invalid());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(invalid()),
    };
    if d == 0 || d > days {
        return Err(invalid());
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    if y < 2016 {
        return Err("Cette date est trop ancienne.".into());
    }
    if date.as_str() > today {
        return Err("La date de la collecte ne peut pas être dans le futur.".into());
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> OfflineRow {
        OfflineRow {
            first_name: "Louise".into(),
            last_name: "Michel".into(),
            postal_code: "75018".into(),
            email: "".into(),
            phone: "06 12 34 56 78".into(),
            postal_address: "".into(),
        }
    }

    #[test]
    fn a_row_with_a_phone_is_enough() {
        let signup = row().parse().unwrap();
        assert_eq!(signup.phone.unwrap().as_str(), "+33612345678");
        assert!(signup.email.is_none());
    }

    #[test]
    fn a_row_needs_a_way_to_reach_the_person() {
        let message = OfflineRow {
            phone: "".into(),
            ..row()
        }
        .parse()
        .unwrap_err();
        assert!(message.contains("moyen de recontacter"), "{message}");
    }

    #[test]
    fn every_problem_of_a_row_is_listed() {
        let message = OfflineRow {
            first_name: "".into(),
            postal_code: "7501".into(),
            email: "pas-un-email".into(),
            ..row()
        }
        .parse()
        .unwrap_err();
        assert!(message.contains("Indiquez le prénom"), "{message}");
        assert!(message.contains("5 chiffres"), "{message}");
        assert!(message.contains("email"), "{message}");
    }

    #[test]
    fn the_name_key_ignores_case_and_punctuation() {
        let a = row().parse().unwrap();
        let b = OfflineRow {
            first_name: "LOUISE".into(),
            last_name: " michel ".into(),
            phone: "".into(),
            postal_address: "12 rue X".into(),
            ..row()
        }
        .parse()
        .unwrap();
        assert_eq!(a.match_keys().1, b.match_keys().1);
        assert_eq!(b.match_keys().0, None);
    }

    #[test]
    fn collection_dates_are_real_past_dates() {
        let today = "2026-11-26";
        assert_eq!(
            parse_collection_date("2026-11-20", today),
            Ok("2026-11-20".into())
        );
        assert_eq!(
            parse_collection_date("1/2/2024", today),
            Ok("2024-02-01".into())
        );
        assert!(parse_collection_date("2026-11-27", today).is_err());
        assert!(parse_collection_date("2025-02-29", today).is_err());
        assert!(parse_collection_date("hier", today).is_err());
        assert!(parse_collection_date("", today)
            .unwrap_err()
            .contains("Indiquez"));
    }
}
