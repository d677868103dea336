//! Registrations: a place while there is one, else the waiting list, which moves up when
//! someone cancels or the capacity grows. Each change runs in one write transaction that
//! first touches the event's row: on PostgreSQL that row lock makes concurrent registrations
//! to the same event take turns (SQLite has a single writer anyway), so no event is over-booked.

use essaim_domain::ids::{EventId, PersonId};
use essaim_domain::news::{EventNews, News};
use sqlx::AnyConnection;

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationOutcome {
    Confirmed,
    /// The event is full: on the waiting list.
    Waiting,
    AlreadyConfirmed,
    AlreadyWaiting,
    /// Not published, cancelled or over.
    Closed,
}

/// A standing registration (a cancelled one is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Confirmed,
    Waiting,
}

impl Registration {
    fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waiting => "waiting",
        }
    }

    /// The registration a `status` column stands for; `None` for a cancelled one.
    fn of(code: &str) -> Option<Self> {
        match code {
            "confirmed" => Some(Self::Confirmed),
            "waiting" => Some(Self::Waiting),
            _ => None,
        }
    }
}

/// Read from a row that can only hold a standing registration: anything else is an error.
impl TryFrom<String> for Registration {
    type Error = UnknownRegistration;

    fn try_from(code: String) -> Result<Self, UnknownRegistration> {
        Self::of(&code).ok_or(UnknownRegistration(code))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("not a standing registration: {0:?}")]
pub struct UnknownRegistration(String);

/// An event open to registrations, as locked for the rest of the transaction.
#[derive(sqlx::FromRow)]
struct OpenEvent {
    title: String,
    capacity: Option<i64>,
}

/// Locks the event's row for the rest of the transaction and says whether it takes people.
async fn lock_open_event(
    conn: &mut AnyConnection,
    event_id: EventId,
    now: i64,
) -> Result<Option<OpenEvent>, StoreError> {
    Ok(sqlx::query_as(
        "UPDATE events SET updated_at = updated_at WHERE id = $1 AND status = 'published' AND ends_at > $2 \
         RETURNING title, capacity",
    )
    .bind(event_id.get())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn confirmed_count(conn: &mut AnyConnection, event_id: EventId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'",
    )
    .bind(event_id.get())
    .fetch_one(&mut *conn)
    .await?)
}

/// Lets people in from the waiting list, oldest first, while there are places; tells them.
pub(crate) async fn promote_waiting(
    conn: &mut AnyConnection,
    event_id: EventId,
    now: i64,
) -> Result<(), StoreError> {
    let Some(OpenEvent { title, capacity }) = lock_open_event(conn, event_id, now).await? else {
        return Ok(());
    };
    let free = match capacity {
        Some(capacity) => capacity - confirmed_count(conn, event_id).await?,
        None => i64::MAX,
    };
    if free <= 0 {
        return Ok(());
    }
    let waiting: Vec<i64> = sqlx::query_scalar(
        "SELECT person_id FROM event_registrations WHERE event_id = $1 AND status = 'waiting' \
         ORDER BY created_at, id LIMIT $2",
    )
    .bind(event_id.get())
    .bind(free.min(10_000))
    .fetch_all(&mut *conn)
    .await?;
    let news = News::Event(EventNews::PlaceFreed {
        event: event_id,
        title,
    });
    for person_id in waiting {
        sqlx::query(
            "UPDATE event_registrations SET status = 'confirmed' WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id.get())
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
        enqueue_news(conn, PersonId::new(person_id), &news, now).await?;
    }
    Ok(())
}

/// A registration's row, due for its reminder.
#[derive(sqlx::FromRow)]
struct DueReminder {
    id: i64,
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    #[sqlx(try_from = "i64")]
    event_id: EventId,
    title: String,
}

impl Store {
    pub async fn register_to_event(
        &self,
        event_id: EventId,
        person_id: PersonId,
        now: i64,
    ) -> Result<RegistrationOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(OpenEvent { title, capacity }) = lock_open_event(&mut tx, event_id, now).await?
        else {
            return Ok(RegistrationOutcome::Closed);
        };
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM event_registrations WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id.get())
        .bind(person_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        match current.as_deref().and_then(Registration::of) {
            Some(Registration::Confirmed) => return Ok(RegistrationOutcome::AlreadyConfirmed),
            Some(Registration::Waiting) => return Ok(RegistrationOutcome::AlreadyWaiting),
            None => {}
        }
        let full = match capacity {
            Some(capacity) => confirmed_count(&mut tx, event_id).await? >= capacity,
            None => false,
        };
        let registration = if full {
            Registration::Waiting
        } else {
            Registration::Confirmed
        };
        sqlx::query(
            "INSERT INTO event_registrations (event_id, person_id, status, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (event_id, person_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, \
             reminded_at = NULL",
        )
        .bind(event_id.get())
        .bind(person_id.get())
        .bind(registration.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let event = event_id;
        let news = match registration {
            Registration::Waiting => EventNews::Waiting { event, title },
            Registration::Confirmed => EventNews::Registered { event, title },
        };
        enqueue_news(&mut tx, person_id, &News::Event(news), now).await?;
        tx.commit().await?;
        Ok(match registration {
            Registration::Waiting => RegistrationOutcome::Waiting,
            Registration::Confirmed => RegistrationOutcome::Confirmed,
        })
    }

    /// Cancels a registration; the first person waiting takes the place. False if there was none.
    pub async fn cancel_registration(
        &self,
        event_id: EventId,
        person_id: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let cancelled = sqlx::query(
            "UPDATE event_registrations SET status = 'cancelled' WHERE event_id = $1 AND person_id = $2 \
             AND status IN ('confirmed', 'waiting')",
        )
        .bind(event_id.get())
        .bind(person_id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if cancelled {
            promote_waiting(&mut tx, event_id, now).await?;
        }
        tx.commit().await?;
        Ok(cancelled)
    }

    pub async fn registration_of(
        &self,
        event_id: EventId,
        person_id: PersonId,
    ) -> Result<Option<Registration>, StoreError> {
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM event_registrations WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id.get())
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(status.as_deref().and_then(Registration::of))
    }

    /// Queues the reminder of every confirmed registration to a published event starting within
    /// `within_secs`, once. Returns how many were queued.
    pub async fn send_event_reminders(
        &self,
        now: i64,
        within_secs: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let due: Vec<DueReminder> = sqlx::query_as(
            "SELECT r.id, r.person_id, e.id AS event_id, e.title FROM event_registrations r \
             JOIN events e ON e.id = r.event_id \
             WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND e.status = 'published' \
             AND e.starts_at > $1 AND e.starts_at <= $2",
        )
        .bind(now)
        .bind(now + within_secs)
        .fetch_all(&mut *tx)
        .await?;
        for reminder in &due {
            let news = News::Event(EventNews::Reminder {
                event: reminder.event_id,
                title: reminder.title.clone(),
            });
            enqueue_news(&mut tx, reminder.person_id, &news, now).await?;
            sqlx::query("UPDATE event_registrations SET reminded_at = $1 WHERE id = $2")
                .bind(now)
                .bind(reminder.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }
}
