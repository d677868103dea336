//! Storage adapter. One SQL text for SQLite and PostgreSQL through sqlx's `Any` driver:
//! placeholders are `$1…`, times are Unix seconds, flags are 0/1 integers.
//! Only the table definitions differ (see `migrations/`).

pub mod api_donations;
pub mod api_events;
pub mod api_people;
pub mod api_tokens;
pub mod audit;
mod checkpoints;
mod connect;
pub mod counter;
pub mod donations;
pub mod electoral;
pub mod error;
pub mod events;
mod export;
pub mod groups;
pub mod login_requests;
pub mod login_tokens;
pub mod mailings;
pub mod material;
mod near;
pub mod notice;
pub mod offline;
pub mod outbox;
pub mod people;
mod placeholders;
pub mod programme;
pub mod recipes;
pub mod retention;
pub mod rows;
pub mod sessions;
pub mod settings;
pub mod signatures;
pub mod skills;
pub mod staff;
mod write_tx;

pub use connect::{Backend, Store};
pub use error::StoreError;

/// Current Unix time in seconds: the one clock read in this crate.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
