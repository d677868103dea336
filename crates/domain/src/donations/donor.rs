//! Who gives: only a natural person, French or resident in France, who swears the money is
//! their own (loi 88-227 art. 11-4, L52-8). The form asks what the mandataire must keep.

use crate::identity::{Country, Email, PersonName, Phone, PostalCode};
use crate::text::{folded_words, required_text, ADDRESS_LINE_CHARS};
use crate::FieldErrors;

/// Overseas departments and territories, which have ISO codes of their own but are France.
const FRANCE_OVERSEAS: [&str; 11] = [
    "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Civility {
    Madame,
    Monsieur,
}

impl Civility {
    pub fn code(self) -> &'static str {
        match self {
            Self::Madame => "madame",
            Self::Monsieur => "monsieur",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "madame" => Some(Self::Madame),
            "monsieur" => Some(Self::Monsieur),
            _ => None,
        }
    }

    /// As the ledger and the CNCCFP file write it.
    pub fn abbreviation(self) -> &'static str {
        match self {
            Self::Madame => "Mme",
            Self::Monsieur => "M.",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nationality {
    French,
    Other,
}

impl Nationality {
    pub fn code(self) -> &'static str {
        match self {
            Self::French => "francaise",
            Self::Other => "autre",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "francaise" => Some(Self::French),
            "autre" => Some(Self::Other),
            _ => None,
        }
    }
}

/// The donor part of the form, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct DonorForm {
    pub civility: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub address_line1: String,
    pub address_line2: String,
    pub postal_code: String,
    pub commune: String,
    /// ISO code; "FR" (or empty) for France, overseas included.
    pub country: String,
    pub nationality: String,
    pub fiscal_resident: bool,
    pub sworn: bool,
}

/// A tax address: lines as La Poste prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub line1: String,
    pub line2: Option<String>,
    pub postal_code: String,
    pub commune: String,
    /// "FR" for France and its overseas, otherwise the ISO code.
    pub country: &'static str,
}

impl Address {
    pub fn in_france(&self) -> bool {
        self.country == "FR"
    }
}

#[derive(Debug, Clone)]
pub struct Donor {
    pub civility: Civility,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: Option<Phone>,
    pub address: Address,
    pub nationality: Nationality,
    /// Ticked "résident fiscal en France"; required of a donor who is not French.
    pub fiscal_resident: bool,
}

impl Donor {
    /// The second key gifts are matched on, beside the email: the same name at the same
    /// postal code is the same person, whatever address they type.
    pub fn name_key(&self) -> String {
        name_key(
            self.first_name.as_str(),
            self.last_name.as_str(),
            &self.address.postal_code,
        )
    }
}

/// `dupont|jean|75011` from "Jean", "DUPONT", "75011"; accents, case and punctuation folded.
pub fn name_key(first_name: &str, last_name: &str, postal_code: &str) -> String {
    let postal: String = postal_code.chars().filter(|c| !c.is_whitespace()).collect();
    format!(
        "{}|{}|{}",
        fold(last_name),
        fold(first_name),
        postal.to_uppercase()
    )
}

fn fold(text: &str) -> String {
    folded_words(text).concat()
}

impl DonorForm {
    pub fn parse(&self, errors: &mut FieldErrors) -> Option<Donor> {
        let civility = Civility::parse(self.civility.trim());
        if civility.is_none() {
            errors.add("civility", "Choisissez « Madame » ou « Monsieur ».");
        }
        let first_name = errors.take("first_name", PersonName::parse(&self.first_name, "prénom"));
        let last_name = errors.take("last_name", PersonName::parse(&self.last_name, "nom"));
        let email = errors.take("email", Email::parse(&self.email));
        let phone = match self.phone.trim() {
            "" => Some(None),
            raw => errors.take("phone", Phone::parse(raw).map(Some)),
        };
        let address = self.address(errors);
        let nationality = Nationality::parse(self.nationality.trim());
        match nationality {
            None => errors.add("nationality", "Indiquez votre nationalité."),
            Some(Nationality::Other) => {
                if !self.fiscal_resident {
                    errors.add(
                        "fiscal_resident",
                        "Seules les personnes de nationalité française ou résidant en France \
                         peuvent donner : cochez « résident fiscal en France » si c'est votre cas.",
                    );
                }
                if address.as_ref().is_some_and(|a| !a.in_france()) {
                    errors.add(
                        "country",
                        "Une personne qui n'est pas de nationalité française doit résider en \
                         France (outre-mer compris) pour donner : indiquez votre adresse en France.",
                    );
                }
            }
            Some(Nationality::French) => {}
        }
        if !self.sworn {
            errors.add(
                "sworn",
                "Cette attestation est exigée par la loi : un don ne peut venir que d'une \
                 personne physique, sur ses fonds propres.",
            );
        }
        if !errors.is_empty() {
            return None;
        }
        Some(Donor {
            civility: civility?,
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            phone: phone?,
            address: address?,
            nationality: nationality?,
            fiscal_resident: self.fiscal_resident,
        })
    }

    fn address(&self, errors: &mut FieldErrors) -> Option<Address> {
        let line = |raw: &str, what: &str| required_text(raw, what, ADDRESS_LINE_CHARS, false);
        let line1 = errors.take("address_line1", line(&self.address_line1, "votre adresse"));
        let line2 = errors.take(
            "address_line2",
            crate::text::parse_text(
                &self.address_line2,
                "le complément d'adresse",
                ADDRESS_LINE_CHARS,
                false,
            ),
        );
        let commune = errors.take("commune", line(&self.commune, "votre commune"));
        let code = self.country.trim().to_ascii_uppercase();
        let country = if code.is_empty() || code == "FR" || FRANCE_OVERSEAS.contains(&code.as_str())
        {
            Some("FR")
        } else {
            errors.take("country", Country::parse(&code).map(|c| c.code()))
        };
        let postal_code = match country {
            Some("FR") => errors.take(
                "postal_code",
                PostalCode::parse(&self.postal_code).map(|c| c.as_str().to_string()),
            ),
            _ => errors.take(
                "postal_code",
                required_text(&self.postal_code, "votre code postal", 12, false),
            ),
        };
        Some(Address {
            line1: line1?,
            line2: line2?,
            postal_code: postal_code?,
            commune: commune?,
            country: country?,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn french_donor() -> DonorForm {
        DonorForm {
            civility: "madame".into(),
            first_name: "Louise".into(),
            last_name: "Michel".into(),
            email: "louise@exemple.fr".into(),
            phone: String::new(),
            address_line1: "12 rue de la Commune".into(),
            address_line2: String::new(),
            postal_code: "75011".into(),
            commune: "Paris".into(),
            country: "FR".into(),
            nationality: "francaise".into(),
            fiscal_resident: false,
            sworn: true,
        }
    }

    fn parse(form: &DonorForm) -> Result<Donor, FieldErrors> {
        let mut errors = FieldErrors::default();
        form.parse(&mut errors).ok_or(errors)
    }

    #[test]
    fn a_french_donor_anywhere_may_give() {
        let donor = parse(&french_donor()).unwrap();
        assert_eq!(donor.civility, Civility::Madame);
        assert_eq!(donor.address.country, "FR");
        let abroad = DonorForm {
            country: "BE".into(),
            postal_code: "1000".into(),
            commune: "Bruxelles".into(),
            ..french_donor()
        };
        assert_eq!(parse(&abroad).unwrap().address.country, "BE");
    }

    #[test]
    fn a_foreigner_must_be_resident_in_france_and_say_so() {
        let foreign = DonorForm {
            nationality: "autre".into(),
            ..french_donor()
        };
        assert!(parse(&foreign)
            .unwrap_err()
            .get("fiscal_resident")
            .is_some());
        let resident = DonorForm {
            fiscal_resident: true,
            ..foreign.clone()
        };
        assert!(parse(&resident).is_ok());
        let overseas = DonorForm {
            country: "RE".into(),
            postal_code: "97400".into(),
            commune: "Saint-Denis".into(),
            ..resident.clone()
        };
        assert_eq!(parse(&overseas).unwrap().address.country, "FR");
        let living_abroad = DonorForm {
            country: "DE".into(),
            postal_code: "10115".into(),
            ..resident
        };
        assert!(parse(&living_abroad).unwrap_err().get("country").is_some());
    }

    #[test]
    fn the_sworn_statement_and_the_civility_are_required() {
        let errors = parse(&DonorForm {
            sworn: false,
            civility: String::new(),
            nationality: String::new(),
            ..french_donor()
        })
        .unwrap_err();
        for field in ["sworn", "civility", "nationality"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn the_address_is_checked_line_by_line() {
        let errors = parse(&DonorForm {
            address_line1: "x".repeat(39),
            postal_code: "7501".into(),
            commune: String::new(),
            ..french_donor()
        })
        .unwrap_err();
        for field in ["address_line1", "postal_code", "commune"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn name_keys_ignore_case_accents_and_spacing() {
        assert_eq!(
            name_key("Hélène", "LE  Gall", "29 200"),
            "legall|helene|29200"
        );
        assert_eq!(
            name_key("helene", "Le-Gall", "29200"),
            name_key("Hélène", "le gall", "29200")
        );
    }
}
