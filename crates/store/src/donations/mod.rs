//! Dons: gifts asked on the form, the ledger of payments, monthly gifts, and the processing of
//! what the payment provider notifies. The rules (caps, who may give) are the domain's
//! (`essaim_domain::donations`); this module adds up, records, and queues the emails.

mod gifts;
mod ledger;
mod monthly;
mod notices;
mod retention;
mod totals;

pub use gifts::{Gift, GiftStatus, NewGiftRecord, PaymentLine};
pub use ledger::{
    donor_id, CapRefusal, FailedInstalment, LedgerEntry, LedgerFilter, LedgerPage, PeriodTotal,
    RejectedNotice,
};
pub use monthly::MonthlyGift;
pub use notices::{NoticeKind, NoticeOutcome, ProviderNotice};
pub use totals::DonorKeys;
