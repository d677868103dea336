//! "J'en dis plus": supporters' offers of skills, found near a place by organisers, and the
//! organisers' messages relayed to them by email. A person's address reaches an organiser only
//! with their answer.

mod contacts;
mod near;
mod offers;

use essaim_domain::agir::{Coded, Skill};
use sqlx::any::AnyRow;
use sqlx::Row;

pub use contacts::{AnswerOutcome, ReceivedContact};

/// An offer as organisers see it: no email, no phone, no address.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSummary {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub skills: Vec<Skill>,
    pub other: Option<String>,
    /// A code of `essaim_domain::agir::offer::TimeAvailable`.
    pub time_available: String,
    pub travel_km: i64,
    pub postal_code: String,
    pub lat: f64,
    pub lon: f64,
    pub withdrawn: bool,
}

/// Columns of `skill_offers o JOIN people p` read into an `OfferSummary`.
const OFFER_COLUMNS: &str = "o.person_id, p.first_name, p.last_name, o.skills, o.other, \
     o.time_available, o.travel_km, o.postal_code, o.lat, o.lon, o.withdrawn_at";

fn offer_from_row(row: &AnyRow) -> Result<OfferSummary, sqlx::Error> {
    Ok(OfferSummary {
        person_id: row.try_get(0)?,
        first_name: row.try_get(1)?,
        last_name: row.try_get(2)?,
        skills: Skill::from_stored(&row.try_get::<String, _>(3)?),
        other: row.try_get(4)?,
        time_available: row.try_get(5)?,
        travel_km: row.try_get(6)?,
        postal_code: row.try_get(7)?,
        lat: row.try_get(8)?,
        lon: row.try_get(9)?,
        withdrawn: row.try_get::<Option<i64>, _>(10)?.is_some(),
    })
}
