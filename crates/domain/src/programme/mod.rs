//! Programme: everyone contributes to the seven axes; supports, comments, reports and their
//! moderation, syntheses written by coordinators. The rules here are the limits of what people
//! write, when the crowd's reports hide something, how a list is ordered and how a search is
//! written for each database; the store keeps them.

pub mod axis;
pub mod comment;
pub mod contribution;
pub mod listing;
pub mod moderation;
pub mod report;
pub mod search;
pub mod synthesis;

pub use axis::AxisNumber;
