//! Dons: gifts of money under French political-finance law (loi 88-227 art. 11-4; code
//! électoral L52-4, L52-8). Who may give, how much in a year or a campaign, in what form, and
//! the lines of the treasurer's ledger. Plain rules: the store adds up a person's gifts, the
//! payment adapter moves the money, these functions decide.

pub mod amount;
pub mod cap;
pub mod donor;
pub mod export;
pub mod gift;
pub mod method;
pub mod regime;
pub mod retention;

pub use amount::Cents;
pub use cap::{CapCheck, OverCap};
pub use donor::{Civility, Donor, DonorForm, Nationality};
pub use gift::{Frequency, GiftForm, NewGift};
pub use method::{PaymentMethod, StaffEntry, StaffEntryForm};
pub use regime::{ElectionWindow, Period, Regime};
