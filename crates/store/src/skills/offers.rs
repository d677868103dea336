//! A person's own offer: saved (again) with their consent, read back to fill the form,
//! withdrawn at any time. And who may search the offers.

use essaim_domain::agir::offer::SkillOffer;
use essaim_domain::agir::{Coded, Skill};
use essaim_domain::ids::PersonId;
use essaim_geo::grid::cell_of;

use super::{OfferRow, OfferSummary, OFFER_COLUMNS};
use crate::{Store, StoreError};

impl Store {
    /// Creates or replaces the person's offer at `point` (their postal code's); saving renews
    /// the consent and puts a withdrawn offer back in the searches.
    pub async fn save_skill_offer(
        &self,
        person_id: PersonId,
        offer: &SkillOffer,
        point: (f64, f64),
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO skill_offers (person_id, skills, other, time_available, travel_km, \
             postal_code, lat, lon, cell, consent_at, withdrawn_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $10) \
             ON CONFLICT (person_id) DO UPDATE SET skills = excluded.skills, \
             other = excluded.other, time_available = excluded.time_available, \
             travel_km = excluded.travel_km, postal_code = excluded.postal_code, \
             lat = excluded.lat, lon = excluded.lon, cell = excluded.cell, \
             consent_at = excluded.consent_at, withdrawn_at = NULL",
        )
        .bind(person_id.get())
        .bind(Skill::stored(&offer.skills))
        .bind(offer.other.as_deref())
        .bind(offer.time_available.code())
        .bind(i64::from(offer.travel_km))
        .bind(offer.postal_code.as_str())
        .bind(point.0)
        .bind(point.1)
        .bind(cell_of(point))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The person's offer, withdrawn or not.
    pub async fn skill_offer_of(
        &self,
        person_id: PersonId,
    ) -> Result<Option<OfferSummary>, StoreError> {
        let row: Option<OfferRow> = sqlx::query_as(&format!(
            "SELECT {OFFER_COLUMNS} FROM skill_offers o JOIN people p ON p.id = o.person_id \
             WHERE o.person_id = $1"
        ))
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(OfferSummary::from))
    }

    /// Takes the offer out of every search. False when there was no offer standing.
    pub async fn withdraw_skill_offer(
        &self,
        person_id: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE skill_offers SET withdrawn_at = $2 WHERE person_id = $1 AND withdrawn_at IS NULL",
        )
        .bind(person_id.get())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Staff, and animators of at least one group, may search the offers and write to them.
    pub async fn may_search_skills(&self, person_id: PersonId) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people p WHERE p.id = $1 AND (p.is_staff = 1 OR EXISTS \
             (SELECT 1 FROM group_members m WHERE m.person_id = p.id AND m.is_animator = 1))",
        )
        .bind(person_id.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(count > 0)
    }
}
