//! Signatures: the group-commit writer, confirmation, and what staff read of them.

mod confirm;
mod export;
mod new_signers;
mod stats;
mod writer;

pub use confirm::ConfirmOutcome;
pub use export::ExportRow;
pub use stats::{DayCount, SignatureStats};
pub use writer::{SignatureWriter, Submission};
