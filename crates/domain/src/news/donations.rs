//! News about gifts: the acknowledgement of a payment (Essaim issues no tax receipt: the
//! numbered receipts come from the CNCCFP), a monthly gift started, failed, stopped, a card
//! about to expire, a refund. The words are in `essaim_mail::wording::donations`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DonationNews {
    /// A payment was received: a one-off gift, an instalment, or a cheque entered by staff.
    Received {
        amount_cents: i64,
        /// `AAAA-MM-JJ`.
        paid_on: String,
        /// `DON-000042`: the line of the ledger, to quote when writing to the treasurer.
        accounting_id: String,
        monthly: bool,
    },
    MonthlyStarted {
        amount_cents: i64,
        /// `AAAA-MM-JJ` of the first instalment.
        starts_on: String,
    },
    InstalmentFailed {
        amount_cents: i64,
    },
    MonthlyStopped {
        amount_cents: i64,
    },
    CardExpiring {
        amount_cents: i64,
        /// `AAAA-MM`.
        month: String,
    },
    Refunded {
        amount_cents: i64,
        accounting_id: String,
    },
}
