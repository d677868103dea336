//! The body of `person_signup_helper`, as OSDI 1.2 shapes it (`{"person": {...}}`), plus one
//! Essaim extension: `essaim:consent_origin`, where the consent was collected when it was
//! collected elsewhere (a paper form, a stand). Without it, the person must confirm by email.

use essaim_domain::signature::{NewSignature, SignatureForm};
use essaim_store::api_people::{ApiConsent, ApiSignup};
use essaim_store::Store;
use serde::Deserialize;

use super::errors::OsdiError;

const MAX_ORIGIN_CHARS: usize = 200;

#[derive(Debug, Deserialize)]
pub struct SignupRequest {
    person: PersonInput,
    #[serde(rename = "essaim:consent_origin", default)]
    consent_origin: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PersonInput {
    given_name: String,
    family_name: String,
    email_addresses: Vec<EmailInput>,
    postal_addresses: Vec<PostalInput>,
    phone_numbers: Vec<PhoneInput>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct EmailInput {
    address: String,
    status: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PostalInput {
    postal_code: String,
    country: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PhoneInput {
    number: String,
}

impl SignupRequest {
    pub fn parse(body: &[u8]) -> Result<Self, OsdiError> {
        let request: Self = serde_json::from_slice(body)
            .map_err(|error| OsdiError::BadRequest(format!("Unreadable body: {error}")))?;
        if let Some(origin) = &request.consent_origin {
            if origin.chars().count() > MAX_ORIGIN_CHARS {
                return Err(OsdiError::BadRequest(format!(
                    "essaim:consent_origin: {MAX_ORIGIN_CHARS} characters at most."
                )));
            }
        }
        Ok(request)
    }

    /// The person, checked by the same rules as the signature form.
    pub fn signature(&self) -> Result<NewSignature, OsdiError> {
        let person = &self.person;
        let email = person.email_addresses.first();
        let postal = person.postal_addresses.first();
        let form = SignatureForm {
            first_name: person.given_name.clone(),
            last_name: person.family_name.clone(),
            email: email.map(|e| e.address.clone()).unwrap_or_default(),
            postal_code: postal.map(|p| p.postal_code.clone()).unwrap_or_default(),
            country: postal.map(|p| p.country.clone()).unwrap_or_default(),
            phone: person
                .phone_numbers
                .first()
                .map(|p| p.number.clone())
                .unwrap_or_default(),
            // OSDI's "subscribed" is the consent to the movement's news.
            news_optin: email.is_some_and(|e| e.status == "subscribed"),
            referral: String::new(),
        };
        form.parse().map_err(|errors| {
            let why = errors
                .iter()
                .map(|(field, message)| format!("{field}: {message}"))
                .collect::<Vec<_>>()
                .join("; ");
            OsdiError::BadRequest(format!("Invalid person: {why}"))
        })
    }

    /// Matches the person by normalised email or creates them, with the double opt-in unless a
    /// consent origin is named: the one way both helpers (people, attendances) enter someone.
    pub async fn sign_up(
        &self,
        store: &Store,
        signature: &NewSignature,
        now: i64,
    ) -> Result<ApiSignup, OsdiError> {
        let consent = match self.consent_origin() {
            Some(origin) => ApiConsent::CollectedElsewhere { origin },
            None => ApiConsent::ToConfirm,
        };
        Ok(store.api_signup(signature, consent, now).await?)
    }

    /// The named origin of a consent collected elsewhere; blank counts as none.
    pub fn consent_origin(&self) -> Option<&str> {
        self.consent_origin
            .as_deref()
            .map(str::trim)
            .filter(|origin| !origin.is_empty())
    }
}
