//! Reading events: one event, events near a point by date, a group's upcoming events, events
//! waiting for staff, a host's list of attendees.

use essaim_domain::ids::{EventId, GroupId, PersonId};
use serde::Serialize;
use sqlx::FromRow;

use super::registrations::Registration;
use super::write::EventStatus;
use super::EVENT_COLUMNS;
use crate::near::{within, Bind};
use crate::placeholders::rows_with_ids;
use crate::rows::{Flag, NullableId};
use crate::{Store, StoreError};

pub const EVENT_PAGE_SIZE: usize = 20;

/// An event as read from `events e` with `EVENT_COLUMNS`, by column name.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    #[sqlx(try_from = "i64")]
    pub id: EventId,
    /// `None` once the host has erased their account.
    #[sqlx(try_from = "NullableId")]
    pub host_id: Option<PersonId>,
    #[sqlx(try_from = "NullableId")]
    pub group_id: Option<GroupId>,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: String,
    pub online_url: Option<String>,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub commune: Option<String>,
    pub departement: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[sqlx(try_from = "Flag")]
    pub address_public: bool,
    pub capacity: Option<i64>,
    pub accessibility: String,
    pub accessibility_notes: Option<String>,
    #[serde(skip)]
    #[sqlx(try_from = "String")]
    pub status: EventStatus,
    pub created_at: i64,
    pub confirmed: i64,
    pub waiting: i64,
    pub group_name: Option<String>,
}

impl Event {
    pub fn places_left(&self) -> Option<i64> {
        self.capacity.map(|c| (c - self.confirmed).max(0))
    }
}

/// A registered person as the host sees them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendee {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postal_code: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: Registration,
    pub registered_at: i64,
}

impl Attendee {
    pub fn is_confirmed(&self) -> bool {
        self.status == Registration::Confirmed
    }
}

impl Store {
    pub async fn find_event(&self, id: EventId) -> Result<Option<Event>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Published events with a place within `radius_km` of `point`, not yet over, starting from
    /// `from` (Unix seconds) and before `until`, of `kind` if given; soonest first, with distances.
    #[allow(clippy::too_many_arguments)]
    pub async fn events_near(
        &self,
        point: (f64, f64),
        radius_km: f64,
        from: i64,
        until: i64,
        kind: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<(Event, f64)>, bool), StoreError> {
        let fixed = [
            Bind::Int(from),
            Bind::Int(until),
            Bind::Text(kind.unwrap_or("")),
        ];
        let mut found: Vec<(i64, i64, f64)> =
            within(&self.pool, point, radius_km, &fixed, |lo, hi| {
                format!(
                    "SELECT id, starts_at AS key, lat, lon FROM events WHERE status = 'published' \
                 AND ends_at >= $1 AND starts_at < $2 AND (kind = $3 OR $3 = '') \
                 AND cell BETWEEN ${lo} AND ${hi}"
                )
            })
            .await?
            .into_iter()
            .map(|c| (c.id, c.key, c.distance_km))
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)).then(a.0.cmp(&b.0)));
        let more = found.len() > offset + limit;
        let page: Vec<(i64, i64, f64)> = found.into_iter().skip(offset).take(limit).collect();
        let ids: Vec<i64> = page.iter().map(|p| p.0).collect();
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN ({{ids}})");
        let events = rows_with_ids(&self.pool, &sql, &ids)
            .await?
            .iter()
            .map(Event::from_row)
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((
            page.into_iter()
                .filter_map(|(id, _, d)| {
                    events
                        .iter()
                        .find(|e| e.id.get() == id)
                        .map(|e| (e.clone(), d))
                })
                .collect(),
            more,
        ))
    }

    /// Published online events, not yet over, soonest first.
    pub async fn online_events(
        &self,
        from: i64,
        until: i64,
        kind: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Event>, StoreError> {
        self.events_where(
            "e.status = 'published' AND e.online_url IS NOT NULL AND e.ends_at >= $1 AND e.starts_at < $2 \
             AND (e.kind = $3 OR $3 = '') ORDER BY e.starts_at, e.id LIMIT $4",
            &[Bind::Int(from), Bind::Int(until), Bind::Text(kind.unwrap_or("")), Bind::Int(limit)],
        )
        .await
    }

    /// A group's published events not yet over, soonest first.
    pub async fn group_events(
        &self,
        group_id: GroupId,
        from: i64,
    ) -> Result<Vec<Event>, StoreError> {
        self.events_where(
            "e.status = 'published' AND e.group_id = $1 AND e.ends_at >= $2 ORDER BY e.starts_at, e.id LIMIT 20",
            &[Bind::Int(group_id.get()), Bind::Int(from)],
        )
        .await
    }

    /// Events waiting for staff, oldest first.
    pub async fn pending_events(&self) -> Result<Vec<Event>, StoreError> {
        self.events_where(
            "e.status = 'pending' ORDER BY e.created_at, e.id LIMIT 200",
            &[],
        )
        .await
    }

    /// The events a person hosts or is registered to, not yet over.
    pub async fn events_of(
        &self,
        person_id: PersonId,
        from: i64,
    ) -> Result<Vec<Event>, StoreError> {
        self.events_where(
            "e.ends_at >= $2 AND e.status IN ('pending', 'published') AND (e.host_id = $1 OR e.id IN \
             (SELECT event_id FROM event_registrations WHERE person_id = $1 AND status IN ('confirmed', 'waiting'))) \
             ORDER BY e.starts_at, e.id",
            &[Bind::Int(person_id.get()), Bind::Int(from)],
        )
        .await
    }

    async fn events_where(
        &self,
        condition: &str,
        binds: &[Bind<'_>],
    ) -> Result<Vec<Event>, StoreError> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events e WHERE {condition}");
        let mut query = sqlx::query(&sql);
        for bind in binds {
            query = bind.bind_to(query);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(Event::from_row)
            .collect::<Result<_, sqlx::Error>>()?)
    }

    /// Everyone registered, confirmed first then the waiting list in order.
    pub async fn attendees(&self, event_id: EventId) -> Result<Vec<Attendee>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.first_name, p.last_name, p.email, p.phone, p.postal_code, r.status, \
             r.created_at AS registered_at \
             FROM event_registrations r JOIN people p ON p.id = r.person_id \
             WHERE r.event_id = $1 AND r.status IN ('confirmed', 'waiting') \
             ORDER BY CASE WHEN r.status = 'confirmed' THEN 0 ELSE 1 END, r.created_at, r.id",
        )
        .bind(event_id.get())
        .fetch_all(&self.pool)
        .await?)
    }
}
