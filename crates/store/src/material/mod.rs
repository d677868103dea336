//! Matériel: the catalogue, carts, orders (stock and the starter kit rule in one transaction),
//! payments of paid orders, fulfilment (export batches, tracking), figures and retention. The
//! rules are the domain's (`essaim_domain::material`).

mod cart;
mod catalogue;
mod fulfilment;
mod history;
mod kit_rule;
mod orders;
mod payment;
mod read;
mod retention;
mod stats;
mod stock;

pub use cart::CartLine;
pub use catalogue::{Item, NewPicture};
pub use fulfilment::{Batch, TrackingOutcome};
pub use history::{Actor, ChangeOutcome, StatusChange};
pub use orders::{NewOrder, OrderRefusal, Placed};
pub use payment::{OrderPayment, PaymentOutcome, PaymentToRefund};
pub use read::{Order, OrderLine, OrderWithLines};
pub use stats::{MaterialStats, Tally};
