//! The support signature ("appui"): what a signer gives us, and its life cycle.
//!
//! pending → confirmed (the emailed link was opened), or pending → fraud (over a rate limit or
//! caught by the honeypot: silently, never confirmed, never counted).

pub mod form;
pub mod referral;
pub mod status;

pub use form::{Location, NewSignature, SignatureForm};
pub use referral::ReferralCode;
pub use status::SignatureStatus;

/// A signature triggers at most this many emails, ever, whatever people do with the form,
/// so that the form cannot be used to flood someone's inbox.
pub const MAX_EMAILS_PER_SIGNATURE: i64 = 5;

/// How long the confirmation link stays valid. Signing again sends a fresh one.
pub const CONFIRMATION_LINK_VALIDITY_SECS: i64 = 7 * 24 * 3600;

/// A signer who has not confirmed after this long is erased (their address may have been typed
/// by someone else).
pub const UNCONFIRMED_RETENTION_SECS: i64 = 30 * 24 * 3600;

/// Why a submission was marked fraudulent; kept for staff review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FraudReason {
    Honeypot,
    RateLimited,
}

impl FraudReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Honeypot => "honeypot",
            Self::RateLimited => "rate_limited",
        }
    }
}
