//! SMTP delivery to the configured relay, over connections we open ourselves (TCP_NODELAY) and
//! drive with lettre's SMTP client.

mod connect;
mod implicit_tls;
mod target;

pub use connect::open;
pub use target::{Security, SmtpTarget};

use lettre::transport::smtp::Error;

/// Whether the relay refused this email for good (5xx: no such mailbox, message rejected…), in
/// which case trying again is pointless and hurts our standing with the receiving provider.
/// Authentication refusals (530, 534, 535, 538) are our configuration's fault, not the
/// email's: they stay transient, so that fixing the password sends everything that waited.
pub fn is_permanent_refusal(error: &Error) -> bool {
    let auth_codes = ["530", "534", "535", "538"];
    error.is_permanent()
        && !error
            .status()
            .is_some_and(|code| auth_codes.contains(&code.to_string().as_str()))
}
