//! `[material]` settings: how long shipping addresses are kept after delivery, how long an
//! unpaid order holds its stock.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct MaterialSettings {
    /// Days after delivery (or cancellation) after which an order's shipping address is erased:
    /// long enough for a lost parcel to be claimed from the carrier.
    pub address_retention_days: i64,
    /// Minutes an order waiting for its payment keeps its items reserved; then it is cancelled
    /// and the items go back to the catalogue (and to the person's cart).
    pub unpaid_minutes: i64,
}

impl Default for MaterialSettings {
    fn default() -> Self {
        Self {
            address_retention_days: 90,
            unpaid_minutes: 60,
        }
    }
}
