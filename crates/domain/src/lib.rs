//! Essaim's domain: the rules of the movement as plain functions over plain data.
//!
//! Nothing here touches a database, the network or the clock: callers pass the current
//! time in. Handlers parse form strings into these types once; past that point bad data
//! cannot exist ("parse, don't validate").

pub mod agir;
pub mod calendar;
pub mod delivery;
pub mod donations;
pub mod electoral;
pub mod events;
pub mod field_errors;
pub mod groups;
pub mod identity;
pub mod ids;
pub mod mailing;
pub mod material;
pub mod news;
pub mod outreach;
pub mod programme;
pub mod signature;
pub mod staff;
pub mod text;
pub mod token;

pub use field_errors::FieldErrors;
