//! Signed, expiring tokens for the links we email (confirm a signature, log in).
//!
//! The HMAC lets us refuse a forged or tampered link without touching the database; single
//! use is enforced by the caller's state change (pending → confirmed, nonce consumed).

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    ConfirmSignature = 1,
    Login = 2,
    /// A monthly gift asked without a session, confirmed from the emailed link.
    ConfirmMonthlyGift = 3,
    /// The one-click unsubscribe link of a mailing (subject: the person).
    Unsubscribe = 4,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    pub subject: i64,
    pub expires_at: i64,
    /// Random; lets the caller record a token as used.
    pub nonce: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Invalid,
    Expired,
}

const PAYLOAD_LEN: usize = 1 + 8 + 8 + 16;

pub fn issue(secret: &[u8], purpose: Purpose, subject: i64, expires_at: i64) -> String {
    let mut payload = Vec::with_capacity(PAYLOAD_LEN);
    payload.push(purpose as u8);
    payload.extend_from_slice(&subject.to_be_bytes());
    payload.extend_from_slice(&expires_at.to_be_bytes());
    let mut nonce = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut nonce);
    payload.extend_from_slice(&nonce);
    let tag = mac(secret, &payload).finalize().into_bytes();
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        URL_SAFE_NO_PAD.encode(tag)
    )
}

pub fn verify(
    secret: &[u8],
    token: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Claims, TokenError> {
    let (payload, tag) = token.trim().split_once('.').ok_or(TokenError::Invalid)?;
    let payload = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Invalid)?;
    let tag = URL_SAFE_NO_PAD
        .decode(tag)
        .map_err(|_| TokenError::Invalid)?;
    // verify_slice compares in constant time.
    mac(secret, &payload)
        .verify_slice(&tag)
        .map_err(|_| TokenError::Invalid)?;
    if payload.len() != PAYLOAD_LEN || payload[0] != purpose as u8 {
        return Err(TokenError::Invalid);
    }
    let subject = i64::from_be_bytes(payload[1..9].try_into().expect("8 bytes"));
    let expires_at = i64::from_be_bytes(payload[9..17].try_into().expect("8 bytes"));
    if now >= expires_at {
        return Err(TokenError::Expired);
    }
    Ok(Claims {
        subject,
        expires_at,
        nonce: URL_SAFE_NO_PAD.encode(&payload[17..]),
    })
}

fn mac(secret: &[u8], payload: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(payload);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test secret";

    #[test]
    fn a_token_verifies_until_it_expires() {
        let token = issue(SECRET, Purpose::Login, 42, 1_000);
        assert_eq!(
            verify(SECRET, &token, Purpose::Login, 999).unwrap().subject,
            42
        );
        assert_eq!(
            verify(SECRET, &token, Purpose::Login, 1_000),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn tampered_foreign_or_misused_tokens_are_invalid() {
        let token = issue(SECRET, Purpose::Login, 42, 1_000);
        assert_eq!(
            verify(b"other", &token, Purpose::Login, 0),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            verify(SECRET, &token, Purpose::ConfirmSignature, 0),
            Err(TokenError::Invalid)
        );
        let mut forged = token.clone();
        forged.replace_range(2..3, if &token[2..3] == "A" { "B" } else { "A" });
        assert_eq!(
            verify(SECRET, &forged, Purpose::Login, 0),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            verify(SECRET, "n'importe quoi", Purpose::Login, 0),
            Err(TokenError::Invalid)
        );
    }
}
