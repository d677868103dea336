//! Events and their attendances as the OSDI API sees them. An event is listed when the public
//! can see its page: published, or cancelled (the page stays up with a notice, and a CRM must
//! learn of the cancellation); never pending or rejected ones, which only their host and staff
//! see. An attendance is listed when its person is a confirmed signer, the people API's rule
//! (api_people.rs): the API never names someone it would hide (docs/decisions/0019-osdi-api.md).

use essaim_domain::ids::{EventId, PersonId};

use crate::{Store, StoreError};

/// What makes an event visible to the API, on `events e`.
const VISIBLE: &str = "e.status IN ('published', 'cancelled')";

/// A visible event. The exact address is read only when the host made it public, as on the
/// event's page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiEvent {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub online_url: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub commune: Option<String>,
    pub capacity: Option<i64>,
    pub status: String,
    pub confirmed: i64,
    pub created_at: i64,
    pub modified_at: i64,
}

const EVENT_SELECT: &str = "SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.online_url, \
     CASE WHEN e.address_public = 1 THEN e.address ELSE NULL END AS address, e.postal_code, e.commune, \
     e.capacity, e.status, \
     (SELECT CAST(COUNT(*) AS BIGINT) FROM event_registrations r \
      WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed, \
     e.created_at, e.updated_at AS modified_at FROM events e";

/// A standing registration (confirmed or on the waiting list) of a confirmed signer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiAttendance {
    pub id: i64,
    pub event_id: i64,
    pub person_id: i64,
    /// `confirmed` or `waiting`.
    pub status: String,
    pub created_at: i64,
}

const ATTENDANCE_SELECT: &str =
    "SELECT r.id, r.event_id, r.person_id, r.status, r.created_at FROM event_registrations r";

/// A registration counts for the API while it stands and its person is a confirmed signer.
/// A cancelled one is left out: its row keeps no time of cancellation to date it by.
const LISTED_ATTENDANCE: &str = "r.status IN ('confirmed', 'waiting') AND EXISTS \
     (SELECT 1 FROM signatures s WHERE s.person_id = r.person_id AND s.status = 'confirmed')";

impl Store {
    /// How many visible events were modified after `since` (all of them when None).
    pub async fn count_api_events(&self, since: Option<i64>) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM events e WHERE {VISIBLE} AND e.updated_at > $1"
        ))
        .bind(since.unwrap_or(i64::MIN))
        .fetch_one(&self.pool)
        .await?)
    }

    /// One page of visible events modified after `since`, in id order.
    pub async fn api_events(
        &self,
        since: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ApiEvent>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{EVENT_SELECT} WHERE {VISIBLE} AND e.updated_at > $1 ORDER BY e.id LIMIT $2 OFFSET $3"
        ))
        .bind(since.unwrap_or(i64::MIN))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The event if visible.
    pub async fn api_event(&self, id: EventId) -> Result<Option<ApiEvent>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{EVENT_SELECT} WHERE {VISIBLE} AND e.id = $1"))
                .bind(id.get())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// How many listed attendances of the event were made after `since`.
    pub async fn count_api_attendances(
        &self,
        event_id: EventId,
        since: Option<i64>,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM event_registrations r \
             WHERE r.event_id = $1 AND {LISTED_ATTENDANCE} AND r.created_at > $2"
        ))
        .bind(event_id.get())
        .bind(since.unwrap_or(i64::MIN))
        .fetch_one(&self.pool)
        .await?)
    }

    /// One page of the event's listed attendances made after `since`, in id order.
    pub async fn api_attendances(
        &self,
        event_id: EventId,
        since: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ApiAttendance>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{ATTENDANCE_SELECT} WHERE r.event_id = $1 AND {LISTED_ATTENDANCE} AND r.created_at > $2 \
             ORDER BY r.id LIMIT $3 OFFSET $4"
        ))
        .bind(event_id.get())
        .bind(since.unwrap_or(i64::MIN))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// One listed attendance of the event.
    pub async fn api_attendance(
        &self,
        event_id: EventId,
        id: i64,
    ) -> Result<Option<ApiAttendance>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{ATTENDANCE_SELECT} WHERE r.event_id = $1 AND r.id = $2 AND {LISTED_ATTENDANCE}"
        ))
        .bind(event_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The person's standing registration to the event, listed or not: what the attendance
    /// helper answers with, once it registered them.
    pub async fn api_registration(
        &self,
        event_id: EventId,
        person_id: PersonId,
    ) -> Result<Option<ApiAttendance>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{ATTENDANCE_SELECT} WHERE r.event_id = $1 AND r.person_id = $2 \
             AND r.status IN ('confirmed', 'waiting')"
        ))
        .bind(event_id.get())
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?)
    }
}
