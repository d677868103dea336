//! Registrations: a place while there is one, else the waiting list, which moves up when
//! someone cancels or the capacity grows. Each change runs in one write transaction that
//! first touches the event's row: on PostgreSQL that row lock makes concurrent registrations
//! to the same event take turns (SQLite has a single writer anyway), so no event is over-booked.

use sqlx::AnyConnection;

use crate::notice::{enqueue_notice, Notice};
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Confirmed,
    Waiting,
}

/// Locks the event's row for the rest of the transaction and says whether it takes people.
async fn lock_open_event(
    conn: &mut AnyConnection,
    event_id: i64,
    now: i64,
) -> Result<Option<(String, Option<i64>)>, StoreError> {
    Ok(sqlx::query_as(
        "UPDATE events SET updated_at = updated_at WHERE id = $1 AND status = 'published' AND ends_at > $2 \
         RETURNING title, capacity",
    )
    .bind(event_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn confirmed_count(conn: &mut AnyConnection, event_id: i64) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'",
    )
    .bind(event_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// Lets people in from the waiting list, oldest first, while there are places; tells them.
pub(crate) async fn promote_waiting(
    conn: &mut AnyConnection,
    event_id: i64,
    now: i64,
) -> Result<(), StoreError> {
    let Some((title, capacity)) = lock_open_event(conn, event_id, now).await? else {
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
    .bind(event_id)
    .bind(free.min(10_000))
    .fetch_all(&mut *conn)
    .await?;
    for person_id in waiting {
        sqlx::query(
            "UPDATE event_registrations SET status = 'confirmed' WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id)
        .bind(person_id)
        .execute(&mut *conn)
        .await?;
        let notice = Notice::new(format!("Une place s'est libérée : vous participez à « {title} »"))
            .paragraph("Vous étiez sur la liste d'attente : une place s'est libérée et elle est pour vous. Si vous ne pouvez plus venir, annulez votre inscription pour la laisser à quelqu'un d'autre.")
            .link(format!("/evenements/{event_id}"), "Voir l'événement");
        enqueue_notice(conn, person_id, &notice, now).await?;
    }
    Ok(())
}

impl Store {
    pub async fn register_to_event(
        &self,
        event_id: i64,
        person_id: i64,
        now: i64,
    ) -> Result<RegistrationOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some((title, capacity)) = lock_open_event(&mut tx, event_id, now).await? else {
            return Ok(RegistrationOutcome::Closed);
        };
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM event_registrations WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
        match current.as_deref() {
            Some("confirmed") => return Ok(RegistrationOutcome::AlreadyConfirmed),
            Some("waiting") => return Ok(RegistrationOutcome::AlreadyWaiting),
            _ => {}
        }
        let full = match capacity {
            Some(capacity) => confirmed_count(&mut tx, event_id).await? >= capacity,
            None => false,
        };
        let status = if full { "waiting" } else { "confirmed" };
        sqlx::query(
            "INSERT INTO event_registrations (event_id, person_id, status, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (event_id, person_id) DO UPDATE SET status = excluded.status, created_at = excluded.created_at, \
             reminded_at = NULL",
        )
        .bind(event_id)
        .bind(person_id)
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let notice = if full {
            Notice::new(format!("Liste d'attente pour « {title} »"))
                .paragraph("L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle est pour vous et nous vous écrivons aussitôt.")
        } else {
            Notice::new(format!("Vous participez à « {title} »"))
                .paragraph("Votre inscription est enregistrée. Vous recevrez un rappel la veille. Si vous ne pouvez plus venir, annulez depuis la page de l'événement pour laisser votre place.")
        }
        .link(format!("/evenements/{event_id}"), "Voir l'événement");
        enqueue_notice(&mut tx, person_id, &notice, now).await?;
        tx.commit().await?;
        Ok(if full {
            RegistrationOutcome::Waiting
        } else {
            RegistrationOutcome::Confirmed
        })
    }

    /// Cancels a registration; the first person waiting takes the place. False if there was none.
    pub async fn cancel_registration(
        &self,
        event_id: i64,
        person_id: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let cancelled = sqlx::query(
            "UPDATE event_registrations SET status = 'cancelled' WHERE event_id = $1 AND person_id = $2 \
             AND status IN ('confirmed', 'waiting')",
        )
        .bind(event_id)
        .bind(person_id)
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
        event_id: i64,
        person_id: i64,
    ) -> Result<Option<Registration>, StoreError> {
        let status: Option<String> = sqlx::query_scalar(
            "SELECT status FROM event_registrations WHERE event_id = $1 AND person_id = $2",
        )
        .bind(event_id)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match status.as_deref() {
            Some("confirmed") => Some(Registration::Confirmed),
            Some("waiting") => Some(Registration::Waiting),
            _ => None,
        })
    }

    /// Queues the reminder of every confirmed registration to a published event starting within
    /// `within_secs`, once. Returns how many were queued.
    pub async fn send_event_reminders(
        &self,
        now: i64,
        within_secs: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let due: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT r.id, r.person_id, e.title || '|' || CAST(e.id AS TEXT) FROM event_registrations r \
             JOIN events e ON e.id = r.event_id \
             WHERE r.status = 'confirmed' AND r.reminded_at IS NULL AND e.status = 'published' \
             AND e.starts_at > $1 AND e.starts_at <= $2",
        )
        .bind(now)
        .bind(now + within_secs)
        .fetch_all(&mut *tx)
        .await?;
        for (registration, person_id, title_and_id) in &due {
            let (title, id) = title_and_id.rsplit_once('|').unwrap_or((title_and_id, "0"));
            let notice = Notice::new(format!("Rappel : « {title} » approche"))
                .paragraph("Vous êtes inscrit·e à cet événement, qui a lieu bientôt. Toutes les informations (heure, lieu, accès) sont sur sa page. Si vous ne pouvez plus venir, annulez pour laisser votre place.")
                .link(format!("/evenements/{id}"), "Voir l'événement");
            enqueue_notice(&mut tx, *person_id, &notice, now).await?;
            sqlx::query("UPDATE event_registrations SET reminded_at = $1 WHERE id = $2")
                .bind(now)
                .bind(registration)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(due.len())
    }
}
