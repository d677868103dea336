//! Countries of residence for supporters who live abroad.

#[path = "countries_fr.rs"]
mod countries_fr;
pub use countries_fr::COUNTRIES;

/// An ISO 3166-1 alpha-2 code other than FR (France is given by a postal code instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country(&'static str);

impl Country {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim().to_ascii_uppercase();
        COUNTRIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, _)| Self(c))
            .ok_or_else(|| "Choisissez votre pays dans la liste.".to_string())
    }

    pub fn code(&self) -> &'static str {
        self.0
    }

    pub fn name_fr(&self) -> &'static str {
        name_fr(self.0).unwrap_or(self.0)
    }
}

pub fn name_fr(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_parse_and_france_does_not() {
        assert_eq!(Country::parse("be").unwrap().name_fr(), "Belgique");
        assert!(Country::parse("FR").is_err());
        assert!(Country::parse("XX").is_err());
    }
}
