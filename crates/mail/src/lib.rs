//! Mail adapter: composes Essaim's emails in French (plain text and HTML) and delivers the
//! outbox through SMTP, or into `.eml` files when no SMTP server is configured.

pub mod compose;
pub mod links;
pub mod transport;
pub mod worker;

pub use links::Links;
pub use transport::{MailConfig, Transport};
pub use worker::OutboxWorker;
