//! Matériel: supporters order leaflets, posters, stickers and a free starter kit, shipped by a
//! logistics provider. Where an order goes, the provider's file, and the carrier's tracking file.

pub mod address;
pub mod export;
pub mod tracking;

pub use address::{CommuneChoice, ShippingAddress, ShippingForm};
pub use export::{batch_csv, order_ref, parse_order_ref, ExportLine};
pub use tracking::{parse_tracking, RowProblem, TrackingFile, TrackingRow};
