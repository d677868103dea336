//! The links we put in emails, signed with the instance secret.

use essaim_domain::ids::{GiftId, PersonId, SignatureId};
use essaim_domain::signature::CONFIRMATION_LINK_VALIDITY_SECS;
use essaim_domain::token::{self, Purpose};

/// How long a magic login link works.
pub const LOGIN_LINK_VALIDITY_SECS: i64 = 30 * 60;

/// How long a mailing's unsubscribe link works.
pub const UNSUBSCRIBE_LINK_VALIDITY_SECS: i64 = 366 * 24 * 3600;

#[derive(Clone)]
pub struct Links {
    base_url: String,
    secret: Vec<u8>,
}

impl Links {
    pub fn new(base_url: &str, secret: Vec<u8>) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_string(),
            secret,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    pub fn confirm_signature(&self, signature_id: SignatureId, now: i64) -> String {
        let token = token::issue(
            &self.secret,
            Purpose::ConfirmSignature,
            signature_id.get(),
            now + CONFIRMATION_LINK_VALIDITY_SECS,
        );
        format!("{}/signature/confirmer?jeton={token}", self.base_url)
    }

    /// Returns the link and its nonce, which the caller records for single use.
    pub fn login(&self, person_id: PersonId, now: i64) -> (String, String) {
        let token = token::issue(
            &self.secret,
            Purpose::Login,
            person_id.get(),
            now + LOGIN_LINK_VALIDITY_SECS,
        );
        let nonce = token::verify(&self.secret, &token, Purpose::Login, now)
            .expect("a token we just issued verifies")
            .nonce;
        (
            format!("{}/connexion/lien?jeton={token}", self.base_url),
            nonce,
        )
    }

    pub fn share(&self, referral_code: &str) -> String {
        format!("{}/?r={referral_code}", self.base_url)
    }

    /// The link that confirms a monthly gift asked without a session (valid as long as a
    /// signature's confirmation link).
    pub fn confirm_monthly_gift(&self, gift_id: GiftId, now: i64) -> String {
        let token = token::issue(
            &self.secret,
            Purpose::ConfirmMonthlyGift,
            gift_id.get(),
            now + CONFIRMATION_LINK_VALIDITY_SECS,
        );
        format!("{}/dons/confirmer?jeton={token}", self.base_url)
    }

    /// A mailing's one-click unsubscribe link: it works without login for a year (an old
    /// email's link must still work), and says which mailing it came from, for its figures.
    pub fn unsubscribe(&self, person_id: PersonId, mailing_id: i64, now: i64) -> String {
        let token = token::issue(
            &self.secret,
            Purpose::Unsubscribe,
            person_id.get(),
            now + UNSUBSCRIBE_LINK_VALIDITY_SECS,
        );
        format!(
            "{}/desinscription?jeton={token}&envoi={mailing_id}",
            self.base_url
        )
    }

    pub fn my_space(&self) -> String {
        format!("{}/mon-espace", self.base_url)
    }
}
