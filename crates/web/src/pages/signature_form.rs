//! The signature form as shown again after a mistake: what was typed, and what is wrong.

use essaim_domain::identity::country::COUNTRIES;
use essaim_domain::signature::SignatureForm;
use essaim_domain::FieldErrors;
use serde::Deserialize;

/// The form's fields as posted. Every field defaults to empty so that any body parses and
/// the person gets messages rather than a bare rejection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignaturePost {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    pub country: String,
    pub phone: String,
    pub news_optin: Option<String>,
    pub r: String,
    /// The honeypot: hidden from people, filled in by naive bots.
    pub site_web: String,
}

impl SignaturePost {
    pub fn to_form(&self) -> SignatureForm {
        SignatureForm {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
            phone: self.phone.clone(),
            news_optin: self.news_optin.as_deref().is_some_and(|v| !v.is_empty()),
            referral: self.r.clone(),
        }
    }
}

pub struct FormView {
    pub values: SignatureForm,
    pub errors: FieldErrors,
    /// A message about the whole form (expired session, technical problem).
    pub notice: Option<String>,
}

impl FormView {
    pub fn empty(referral: &str) -> Self {
        Self::with(SignatureForm {
            referral: referral.into(),
            country: "FR".into(),
            ..Default::default()
        })
    }

    pub fn with(values: SignatureForm) -> Self {
        Self {
            values,
            errors: FieldErrors::default(),
            notice: None,
        }
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn is_country(&self, code: &str) -> bool {
        self.values.country.eq_ignore_ascii_case(code)
    }

    /// A country other than France was chosen: the location's error (shown under the postal
    /// code, its key) is then about the country list, and it is the list that is marked invalid.
    pub fn abroad(&self) -> bool {
        let country = self.values.country.trim();
        !country.is_empty() && !country.eq_ignore_ascii_case("FR")
    }

    /// The location's error, when it is the postal code that is wrong (in France).
    pub fn postal_code_error(&self) -> Option<&str> {
        self.error("postal_code").filter(|_| !self.abroad())
    }

    /// The location's error, when it is the country list that is wrong (abroad).
    pub fn country_error(&self) -> Option<&str> {
        self.error("postal_code").filter(|_| self.abroad())
    }
}

pub fn countries() -> &'static [(&'static str, &'static str)] {
    COUNTRIES
}
