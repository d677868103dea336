//! Essaim's payment adapter: Systempay / PayZen (Lyra) hosted payment form V2 — the signed form
//! fields, the IPN read after its signature is checked, and the REST call that cancels a
//! subscription — plus the IPN bodies our built-in simulator sends in the provider's place.
//! No database, no web, no clock: callers pass the moment and store what they are given.

pub mod codes;
pub mod config;
pub mod ipn;
pub mod notification;
pub mod provider;
pub mod request;
pub mod signature;

pub use codes::{CheckSource, Operation, TransStatus};
pub use config::{Mode, SystempayConfig, DEFAULT_API_URL, DEFAULT_FORM_URL};
pub use ipn::{Decision, Instalment, Refund, SIMULATOR_SITE_ID};
pub use notification::{Notification, NotificationError, CARD_FIELD_MARKERS};
pub use provider::{PaymentProvider, ProviderError};
pub use request::{PaymentKind, PaymentRequest, TransId, TransRange};

#[cfg(test)]
mod test_support;
