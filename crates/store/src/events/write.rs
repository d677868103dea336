//! Proposing, approving, editing and cancelling events. Each step is told to the people it
//! concerns by a notice email, in the same transaction as the change.

use essaim_geo::grid::cell_of;
use sqlx::AnyConnection;

use crate::notice::{enqueue_notice, Notice};
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

    pub fn parse(code: &str) -> Self {
        match code {
            "published" => Self::Published,
            "rejected" => Self::Rejected,
            "cancelled" => Self::Cancelled,
            _ => Self::Pending,
        }
    }
}

/// An event ready to store: the web layer checked the form and placed it.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub group_id: Option<i64>,
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
        .bind(event.group_id)
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

fn link_of(id: i64) -> String {
    format!("/evenements/{id}")
}

impl Store {
    /// Records a host's event: published at once for trusted hosts and staff, else pending.
    /// Returns its id and status.
    pub async fn create_event(
        &self,
        event: &NewEvent<'_>,
        host_id: i64,
        now: i64,
    ) -> Result<(i64, EventStatus), StoreError> {
        let mut tx = self.begin_write().await?;
        let trusted: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people WHERE id = $1 AND (trusted_host = 1 OR is_staff = 1)",
        )
        .bind(host_id)
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
            .bind(host_id)
            .bind(status.code())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let id: i64 = sqlx::Row::try_get(&row, 0)?;
        let notice = match status {
            EventStatus::Published => Notice::new(format!("Votre événement « {} » est publié", event.title))
                .paragraph("Il est visible de tous sur la carte des événements. Partagez-le autour de vous !"),
            _ => Notice::new(format!("Votre événement « {} » attend sa validation", event.title))
                .paragraph("C'est votre premier événement : l'équipe du mouvement le relit avant de le publier, en général dans la journée. Vous recevrez un email dès qu'il sera en ligne."),
        }
        .link(link_of(id), "Voir l'événement");
        enqueue_notice(&mut tx, host_id, &notice, now).await?;
        tx.commit().await?;
        Ok((id, status))
    }

    /// Staff publish a pending event; `trust_host` lets the host publish directly from now on.
    pub async fn approve_event(
        &self,
        id: i64,
        trust_host: bool,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some((host_id, title)) = decide(&mut tx, id, EventStatus::Published, now).await? else {
            return Ok(false);
        };
        if let Some(host_id) = host_id {
            if trust_host {
                sqlx::query("UPDATE people SET trusted_host = 1 WHERE id = $1")
                    .bind(host_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut notice = Notice::new(format!("Votre événement « {title} » est publié"))
                .paragraph("L'équipe du mouvement l'a validé : il est visible de tous sur la carte des événements.");
            if trust_host {
                notice = notice.paragraph("Vos prochains événements seront publiés directement, sans attendre de validation.");
            }
            enqueue_notice(
                &mut tx,
                host_id,
                &notice.link(link_of(id), "Voir l'événement"),
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn reject_event(&self, id: i64, reason: &str, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some((host_id, title)) = decide(&mut tx, id, EventStatus::Rejected, now).await? else {
            return Ok(false);
        };
        if let Some(host_id) = host_id {
            let notice = Notice::new(format!("Votre événement « {title} » n'a pas été publié"))
                .paragraph(format!(
                    "L'équipe du mouvement explique pourquoi : {reason}"
                ))
                .paragraph(
                    "Vous pouvez proposer un nouvel événement en tenant compte de cette remarque.",
                );
            enqueue_notice(&mut tx, host_id, &notice, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The host changes the event; everyone registered is told. A larger capacity lets people
    /// in from the waiting list.
    pub async fn update_event(
        &self,
        id: i64,
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
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let notice = Notice::new(format!("« {} » a changé", event.title))
            .paragraph("L'organisateur a modifié l'événement auquel vous êtes inscrit·e (date, lieu ou détails). Vérifiez ce qui a changé :")
            .link(link_of(id), "Voir l'événement");
        notify_registered(&mut tx, id, &notice, now).await?;
        super::registrations::promote_waiting(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cancel_event(&self, id: i64, now: i64) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let title: Option<String> = sqlx::query_scalar(
            "UPDATE events SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status <> 'cancelled' RETURNING title",
        )
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(title) = title {
            let notice = Notice::new(format!("« {title} » est annulé"))
                .paragraph("L'organisateur a annulé cet événement auquel vous étiez inscrit·e. D'autres ont lieu près de chez vous :")
                .link("/evenements", "Trouver un autre événement");
            notify_registered(&mut tx, id, &notice, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The host writes to the people registered (confirmed and waiting), through the platform.
    pub async fn message_attendees(
        &self,
        id: i64,
        subject: &str,
        body: &str,
        now: i64,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let title: String = sqlx::query_scalar("SELECT title FROM events WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let notice = Notice::new(format!("[{title}] {subject}"))
            .paragraph(format!(
                "L'organisateur de « {title} » écrit aux personnes inscrites :"
            ))
            .paragraph(body)
            .link(link_of(id), "Voir l'événement");
        let sent = notify_registered(&mut tx, id, &notice, now).await?;
        tx.commit().await?;
        Ok(sent)
    }
}

/// Staff's decision on a pending event; `None` if it was no longer pending (decided meanwhile).
/// Returns the host (if they still have an account) and the title.
async fn decide(
    conn: &mut AnyConnection,
    id: i64,
    status: EventStatus,
    now: i64,
) -> Result<Option<(Option<i64>, String)>, StoreError> {
    Ok(sqlx::query_as(
        "UPDATE events SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'pending' \
         RETURNING host_id, title",
    )
    .bind(status.code())
    .bind(now)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn notify_registered(
    conn: &mut AnyConnection,
    event_id: i64,
    notice: &Notice,
    now: i64,
) -> Result<usize, StoreError> {
    let people: Vec<i64> = sqlx::query_scalar(
        "SELECT person_id FROM event_registrations WHERE event_id = $1 AND status IN ('confirmed', 'waiting')",
    )
    .bind(event_id)
    .fetch_all(&mut *conn)
    .await?;
    for person in &people {
        enqueue_notice(conn, *person, notice, now).await?;
    }
    Ok(people.len())
}
