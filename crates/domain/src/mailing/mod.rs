//! Mailings from the back-office: a message written by the communication staff, sent to a
//! segment of the supporters who accepted the campaign's news (never to anyone else: the
//! transactional emails — confirmations, login links, a group's news — are another path).
//!
//! The rules here are plain data: what a segment may say (`segment.rs`), what a message must
//! be (`message.rs`) and how often one person may be written to (`cap.rs`). The store turns a
//! segment into SQL; the web layer resolves places into postal codes with the gazetteer.

pub mod cap;
pub mod message;
pub mod segment;

pub use cap::WeeklyCap;
pub use message::MailingMessage;
pub use segment::{Area, GroupRole, Segment};
