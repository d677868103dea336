//! Events: what kind, when (in the place's time zone), where (an address or a link), how many
//! places, who may see the exact address, and how accessible it is.

pub mod form;
pub mod time;

pub use form::{Accessibility, EventDetails, EventForm, EventKind, EventPlace};
pub use time::{local_parts, TIMEZONES};
