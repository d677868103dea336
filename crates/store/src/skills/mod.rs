//! "J'en dis plus": supporters' offers of skills, found near a place by organisers, and the
//! organisers' messages relayed to them by email. A person's address reaches an organiser only
//! with their answer.

mod contacts;
mod near;
mod offers;

use essaim_domain::agir::{Coded, Skill};
use essaim_domain::ids::PersonId;

pub use contacts::{AnswerOutcome, ReceivedContact};

/// An offer as organisers see it: no email, no phone, no address. An offer is its person's:
/// one each, so the person's id is the offer's.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferSummary {
    pub person_id: PersonId,
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

/// Columns of `skill_offers o JOIN people p` read into an `OfferRow`.
const OFFER_COLUMNS: &str = "o.person_id, p.first_name, p.last_name, o.skills, o.other, \
     o.time_available, o.travel_km, o.postal_code, o.lat, o.lon, o.withdrawn_at";

/// An offer as stored, read by column name.
#[derive(sqlx::FromRow)]
struct OfferRow {
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    first_name: String,
    last_name: String,
    skills: String,
    other: Option<String>,
    time_available: String,
    travel_km: i64,
    postal_code: String,
    lat: f64,
    lon: f64,
    withdrawn_at: Option<i64>,
}

impl From<OfferRow> for OfferSummary {
    fn from(row: OfferRow) -> Self {
        Self {
            person_id: row.person_id,
            first_name: row.first_name,
            last_name: row.last_name,
            skills: Skill::from_stored(&row.skills),
            other: row.other,
            time_available: row.time_available,
            travel_km: row.travel_km,
            postal_code: row.postal_code,
            lat: row.lat,
            lon: row.lon,
            withdrawn: row.withdrawn_at.is_some(),
        }
    }
}
