//! Proposing, approving, editing and cancelling events. Each step is told to the people it
//! concerns by a notice email, in the same transaction as the change.

use essaim_domain::ids::{EventId, GroupId, PersonId};
use essaim_domain::news::{EventNews, News};
use essaim_geo::grid::cell_of;
use sqlx::{AnyConnection, Row};

use crate::notice::enqueue_news;
use crate::rows::NullableId;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// A new host's event, waiting for staff.
    Pending,
    Published,
    Rejected,
    Cancelled,
}

impl EventStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Read from the `status` column: a value no version wrote is an error, not a pending event.
impl TryFrom<String> for EventStatus {
    type Error = UnknownStatus;

    fn try_from(code: String) -> Result<Self, UnknownStatus> {
        [
            Self::Pending,
            Self::Published,
            Self::Rejected,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|status| status.code() == code)
        .ok_or(UnknownStatus(code))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not an event status: {0:?}")]
pub struct UnknownStatus(String);

/// An event ready to store: the web layer checked the form and placed it.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub group_id: Option<GroupId>,
    pub kind: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub timezone: &'a str,
    pub online_url: Option<&'a str>,
    pub address: Option<&'a str>,
    pub postal_code: Option<&'a str>,
    pub commune: Option<&'a str>,
    pub departement: Option<&'a str>,
    pub point: Option<(f64, f64)>,
    pub address_public: bool,
    pub capacity: Option<i64>,
    pub accessibility: &'a str,
    pub accessibility_notes: Option<&'a str>,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds, in order: group, kind, title, description, starts, ends, zone, link, address, postal
/// code, commune, département, lat, lon, cell, address public, capacity, accessibility, notes.
fn bind_details<'q>(query: AnyQuery<'q>, event: &NewEvent<'q>) -> AnyQuery<'q> {
    query
        .bind(event.group_id.map(GroupId::get))
        .bind(event.kind)
        .bind(event.title)
        .bind(event.description)
        .bind(event.starts_at)
        .bind(event.ends_at)
        .bind(event.timezone)
        .bind(event.online_url)
        .bind(event.address)
        .bind(event.postal_code)
        .bind(event.commune)
        .bind(event.departement)
        .bind(event.point.map(|p| p.0))
        .bind(event.point.map(|p| p.1))
        .bind(event.point.map(cell_of))
        .bind(i64::from(event.address_public))
        .bind(event.capacity)
        .bind(event.accessibility)
        .bind(event.accessibility_notes)
}

impl Store {
    /// Records a host's event: published at once for trusted hosts and staff, else pending.
    /// Returns its id and status.
    pub async fn create_event(
        &self,
        event: &NewEvent<'_>,
        host_id: PersonId,
        now: i64,
    ) -> Result<(EventId, EventStatus), StoreError> {
        let mut tx = self.begin_write().await?;
        let trusted: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people WHERE id = $1 AND (trusted_host = 1 OR is_staff = 1)",
        )
        .bind(host_id.get())
        .fetch_one(&mut *tx)
        .await?;
        let status = if trusted > 0 {
            EventStatus::Published
        } else {
            EventStatus::Pending
        };
        let query = sqlx::query(
            "INSERT INTO events (group_id, kind, title, description, starts_at, ends_at, timezone, online_url, \
             address, postal_code, commune, departement, lat, lon, cell, address_public, capacity, accessibility, \
             accessibility_notes, host_id, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22) \
             RETURNING id",
        );
        let row = bind_details(query, event)
            .bind(host_id.get())
            .bind(status.code())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let id = EventId::new(row.try_get("id")?);
        let title = event.title.to_string();
        let news = match status {
            EventStatus::Published => EventNews::Published { event: id, title },
            _ => EventNews::AwaitingReview { event: id, title },
        };
        enqueue_news(&mut tx, host_id, &News::Event(news), now).await?;
        tx.commit().await?;
        Ok((id, status))
    }

    /// Staff publish a pending event; `trust_host` lets the host publish directly from now on.
    pub async fn approve_event(
        &self,
        id: EventId,
        trust_host: bool,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(Decided { host_id, title }) =
            decide(&mut tx, id, EventStatus::Published, now).await?
        else {
            return Ok(false);
        };
        if let Some(host_id) = host_id {
            if trust_host {
                sqlx::query("UPDATE people SET trusted_host = 1 WHERE id = $1")
                    .bind(host_id.get())
                    .execute(&mut *tx)
                    .await?;
            }
            let news = EventNews::Approved {
                event: id,
                title,
                trusted: trust_host,
            };
            enqueue_news(&mut tx, host_id, &News::Event(news), now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn reject_event(
        &self,
        id: EventId,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(Decided { host_id, title }) =
            decide(&mut tx, id, EventStatus::Rejected, now).await?
        else {
            return Ok(false);
        };
        if let Some(host_id) = host_id {
            let news = EventNews::Rejected {
                event: id,
                title,
                reason: reason.to_string(),
            };
            enqueue_news(&mut tx, host_id, &News::Event(news), now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The host changes the event; everyone registered is told. A larger capacity lets people
    /// in from the waiting list.
    pub async fn update_event(
        &self,
        id: EventId,
        event: &NewEvent<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let query = sqlx::query(
            "UPDATE events SET group_id = $1, kind = $2, title = $3, description = $4, starts_at = $5, ends_at = $6, \
             timezone = $7, online_url = $8, address = $9, postal_code = $10, commune = $11, departement = $12, \
             lat = $13, lon = $14, cell = $15, address_public = $16, capacity = $17, accessibility = $18, \
             accessibility_notes = $19, updated_at = $20 WHERE id = $21",
        );
        bind_details(query, event)
            .bind(now)
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        let news = EventNews::Changed {
            event: id,
            title: event.title.to_string(),
        };
        notify_registered(&mut tx, id, &news, now).await?;
        super::registrations::promote_waiting(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cancel_event(&self, id: EventId, now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar(
            "UPDATE events SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status <> 'cancelled' RETURNING title",
        )
        .bind(now)
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(title) = title {
            let news = EventNews::Cancelled { event: id, title };
            notify_registered(&mut tx, id, &news, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The host writes to the people registered (confirmed and waiting), through the platform.
    pub async fn message_attendees(
        &self,
        id: EventId,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let title: String = sqlx::query_scalar("SELECT title FROM events WHERE id = $1")
            .bind(id.get())
            .fetch_one(&mut *tx)
            .await?;
        let news = EventNews::HostMessage {
            event: id,
            title,
            subject: subject.to_string(),
            body: body.to_string(),
        };
        let sent = notify_registered(&mut tx, id, &news, now).await?;
        tx.commit().await?;
        Ok(sent)
    }
}

/// A pending event staff just decided on.
#[derive(sqlx::FromRow)]
struct Decided {
    /// `None` if the host no longer has an account.
    #[sqlx(try_from = "NullableId")]
    host_id: Option<PersonId>,
    title: String,
}

/// Staff's decision on a pending event; `None` if it was no longer pending (decided meanwhile).
async fn decide(
    conn: &mut AnyConnection,
    id: EventId,
    status: EventStatus,
    now: i64,
) -> Result<Option<Decided>, StoreError> {
    Ok(sqlx::query_as(
        "UPDATE events SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'pending' \
         RETURNING host_id, title",
    )
    .bind(status.code())
    .bind(now)
    .bind(id.get())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Tells everyone registered (confirmed and waiting) of `news`; returns how many they are.
async fn notify_registered(
    conn: &mut AnyConnection,
    event_id: EventId,
    news: &EventNews,
    now: i64,
) -> Result<usize, StoreError> {
    let people: Vec<i64> = sqlx::query_scalar(
        "SELECT person_id FROM event_registrations WHERE event_id = $1 AND status IN ('confirmed', 'waiting')",
    )
    .bind(event_id.get())
    .fetch_all(&mut *conn)
    .await?;
    let news = News::Event(news.clone());
    for person in &people {
        enqueue_news(conn, PersonId::new(*person), &news, now).await?;
    }
    Ok(people.len())
}
