//! A visitor who is not logged in joins a group or registers to an event by leaving first name,
//! last name, email and postal code: that is a support signature, with the same checks, the
//! same double opt-in and the same silent treatment of bots and floods as the signature form.

use std::net::IpAddr;

use essaim_domain::signature::{FraudReason, SignatureForm};
use essaim_domain::FieldErrors;
use essaim_store::people::Person;
use essaim_store::signatures::Submission;
use serde::Deserialize;

use crate::error::AppError;
use crate::AppState;

/// The form as posted (every field defaults to empty, so that any body parses and the person
/// gets messages rather than a bare rejection).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VisitorPost {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub postal_code: String,
    /// The honeypot.
    pub site_web: String,
}

impl VisitorPost {
    /// What was typed, to show it again in the form after a mistake.
    pub fn typed(&self) -> Vec<(&'static str, String)> {
        vec![
            ("first_name", self.first_name.clone()),
            ("last_name", self.last_name.clone()),
            ("email", self.email.clone()),
            ("postal_code", self.postal_code.clone()),
        ]
    }
}

pub enum VisitorSignup {
    /// Messages per field, for the same form.
    Invalid(FieldErrors),
    /// Honeypot or over the limit: recorded as fraud; answer as if all went well.
    Ignored,
    /// The person (new, with a pending signature and a confirmation email, or already known).
    Person(Person),
}

pub async fn sign_up_visitor(
    state: &AppState,
    ip: IpAddr,
    fields: &VisitorPost,
) -> Result<VisitorSignup, AppError> {
    let form = SignatureForm {
        first_name: fields.first_name.clone(),
        last_name: fields.last_name.clone(),
        email: fields.email.clone(),
        postal_code: fields.postal_code.clone(),
        country: "FR".into(),
        ..Default::default()
    };
    let signature = match form.parse() {
        Ok(signature) => signature,
        Err(errors) => return Ok(VisitorSignup::Invalid(errors)),
    };
    let honeypot = !fields.site_web.trim().is_empty();
    if honeypot || !state.limits.allow_signature(ip) {
        let reason = if honeypot {
            FraudReason::Honeypot
        } else {
            FraudReason::RateLimited
        };
        let departement = signature.location.departement();
        state
            .writer
            .submit(Submission::Fraud {
                reason,
                departement,
            })
            .await?;
        return Ok(VisitorSignup::Ignored);
    }
    let email_norm = signature.email.normalized().to_string();
    state.writer.submit(Submission::Genuine(signature)).await?;
    match state.store.find_person_by_email(&email_norm).await? {
        Some(person) => Ok(VisitorSignup::Person(person)),
        None => Ok(VisitorSignup::Ignored),
    }
}
