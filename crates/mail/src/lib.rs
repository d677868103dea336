//! Mail adapter: composes Essaim's emails in French (plain text and HTML) and delivers the
//! outbox through an SMTP relay, or into an mbox file when no relay is configured.

pub mod compose;
pub mod config;
pub mod links;
pub mod mailbag;
pub mod mbox;
pub mod message;
pub mod outbox;
pub mod smtp;
pub mod wording;

pub use config::{DeliveryTuning, MailConfig};
pub use links::Links;
pub use mailbag::Mailbag;
pub use outbox::{Delivery, OutboxHandle, OutboxWorker};
