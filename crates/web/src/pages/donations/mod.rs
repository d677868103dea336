//! Dons: the gift form, the payment provider's pages and notifications, the thank-you page,
//! and the back-office ledger.

pub mod legal_notice;
