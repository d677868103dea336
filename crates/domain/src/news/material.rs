//! News about material orders: validated (free, or paid), shipped with its tracking number,
//! cancelled; and, for staff, an item whose stock fell below its alert threshold. The words are
//! in `essaim_mail::wording::material`.

use serde::{Deserialize, Serialize};

/// One line of an order as the email lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderedItem {
    pub name: String,
    pub unit: String,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum MaterialNews {
    Validated {
        /// `MAT-000042`.
        order_ref: String,
        items: Vec<OrderedItem>,
        total_cents: i64,
        /// The address as it will be printed on the parcel, one line per element.
        address: Vec<String>,
    },
    Shipped {
        order_ref: String,
        tracking: String,
    },
    Cancelled {
        order_ref: String,
        /// Staff cancelled it (otherwise the person did, or the payment was refused).
        by_staff: bool,
        /// A paid order cancelled after payment: the refund is made by the treasurer.
        refund_cents: i64,
    },
    /// To staff.
    StockLow {
        item: String,
        stock: i64,
        threshold: i64,
    },
}
