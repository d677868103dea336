//! Turning the signature form's strings into a `NewSignature`, or into French messages.

use crate::identity::{Country, Email, Phone, PostalCode};
use crate::{identity::PersonName, FieldErrors};

use super::ReferralCode;

/// The form as submitted, every field a string as typed.
#[derive(Debug, Clone, Default)]
pub struct SignatureForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    /// "FR" (or empty) for France, otherwise the ISO code of the country of residence.
    pub country: String,
    pub phone: String,
    pub news_optin: bool,
    pub referral: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    France(PostalCode),
    Abroad(Country),
}

impl Location {
    pub fn postal_code(&self) -> Option<&str> {
        match self {
            Self::France(code) => Some(code.as_str()),
            Self::Abroad(_) => None,
        }
    }

    pub fn country_code(&self) -> &'static str {
        match self {
            Self::France(_) => "FR",
            Self::Abroad(country) => country.code(),
        }
    }

    /// The département for French residents; "étranger" groups everyone abroad in statistics.
    pub fn departement(&self) -> String {
        match self {
            Self::France(code) => code.departement(),
            Self::Abroad(_) => "étranger".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewSignature {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub location: Location,
    pub phone: Option<Phone>,
    pub news_optin: bool,
    pub referral: Option<ReferralCode>,
}

impl SignatureForm {
    pub fn parse(&self) -> Result<NewSignature, FieldErrors> {
        let mut errors = FieldErrors::default();
        let first_name = errors.take("first_name", PersonName::parse(&self.first_name, "prénom"));
        let last_name = errors.take("last_name", PersonName::parse(&self.last_name, "nom"));
        let email = errors.take("email", Email::parse(&self.email));
        let location = errors.take(
            "postal_code",
            parse_location(&self.postal_code, &self.country),
        );
        let phone = match self.phone.trim() {
            "" => Some(None),
            raw => errors.take("phone", Phone::parse(raw).map(Some)),
        };
        match (first_name, last_name, email, location, phone) {
            (Some(first_name), Some(last_name), Some(email), Some(location), Some(phone)) => {
                Ok(NewSignature {
                    first_name,
                    last_name,
                    email,
                    location,
                    phone,
                    news_optin: self.news_optin,
                    referral: ReferralCode::parse(&self.referral),
                })
            }
            _ => Err(errors),
        }
    }
}

/// People in France give a postal code; people abroad pick their country and give none.
pub fn parse_location(postal_code: &str, country: &str) -> Result<Location, String> {
    let country = country.trim();
    if country.is_empty() || country.eq_ignore_ascii_case("FR") {
        return PostalCode::parse(postal_code).map(Location::France);
    }
    Country::parse(country).map(Location::Abroad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> SignatureForm {
        SignatureForm {
            first_name: "Louise".into(),
            last_name: "Michel".into(),
            email: "louise@exemple.fr".into(),
            postal_code: "75018".into(),
            country: "FR".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_parses() {
        let signature = valid().parse().unwrap();
        assert_eq!(signature.location.departement(), "75");
        assert!(signature.phone.is_none());
    }

    #[test]
    fn people_abroad_need_no_postal_code() {
        let form = SignatureForm {
            postal_code: "".into(),
            country: "BE".into(),
            ..valid()
        };
        assert_eq!(form.parse().unwrap().location.country_code(), "BE");
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let form = SignatureForm {
            first_name: "=1+1".into(),
            last_name: "".into(),
            email: "pas-un-email".into(),
            postal_code: "123".into(),
            country: "FR".into(),
            phone: "abc".into(),
            ..Default::default()
        };
        let errors = form.parse().unwrap_err();
        for field in ["first_name", "last_name", "email", "postal_code", "phone"] {
            assert!(errors.get(field).is_some(), "{field} should have a message");
        }
    }
}
