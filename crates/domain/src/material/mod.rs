//! Matériel: supporters order leaflets, posters, stickers and a free starter kit, shipped by a
//! logistics provider. The catalogue item, the kit rule, the order's life, where an order goes,
//! the provider's file, and the carrier's tracking file.

pub mod address;
pub mod export;
pub mod item;
pub mod kit;
pub mod status;
pub mod tracking;

pub use address::{CommuneChoice, ShippingAddress, ShippingForm};
pub use export::{batch_csv, order_ref, parse_order_ref, ExportLine};
pub use item::{parse_quantity, ItemDraft, ItemForm};
pub use kit::{parse_kit_quantity, KitOverride, KitRefusal};
pub use status::OrderStatus;
pub use tracking::{parse_tracking, RowProblem, TrackingFile, TrackingRow};
