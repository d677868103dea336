//! The reminders before a ballot's online registration deadline (45, 40 and 38 days before),
//! queued in the outbox with the row that records them, once per ballot, person and offset:
//! the housekeeping may run any number of times in an evening.

use essaim_domain::calendar::french_date;
use essaim_domain::electoral::ballot::{Zone, AMERICAS, SATURDAY_DEPARTEMENTS};
use essaim_domain::electoral::deadline::deadlines;
use essaim_domain::electoral::reminder::due_offset;
use essaim_domain::ids::PersonId;
use essaim_domain::news::{ElectoralNews, News};
use jiff::civil::Date;

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// The condition, on `p` (people), of living in `zone`, from the domain's lists.
fn in_zone(zone: Zone) -> String {
    let quoted = |codes: &[&str]| {
        codes
            .iter()
            .map(|code| format!("'{code}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let saturday = format!(
        "((p.postal_code IS NOT NULL AND substr(p.postal_code, 1, 3) IN ({})) \
         OR (p.postal_code IS NULL AND p.country IN ({})))",
        quoted(&SATURDAY_DEPARTEMENTS),
        quoted(AMERICAS)
    );
    match zone {
        Zone::Saturday => saturday,
        Zone::Sunday => format!("NOT {saturday}"),
    }
}

impl Store {
    /// Queues the reminders due on `today` (the zone's local day) for the ballots ahead in
    /// `zone`, to confirmed signers living there who have not said they are registered, have
    /// not asked for no reminders, and either accepted news or noted a status. Returns how
    /// many were queued.
    pub async fn queue_electoral_reminders(
        &self,
        zone: Zone,
        today: Date,
        now: i64,
    ) -> Result<usize, StoreError> {
        let rounds: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT b.id, b.name, r.day FROM ballot_rounds r JOIN ballots b ON b.id = r.ballot_id \
             WHERE r.zone = $1 AND r.round = 1 AND r.day >= $2 ORDER BY r.day, b.id",
        )
        .bind(zone.code())
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        let mut queued = 0;
        for (ballot_id, name, day) in rounds {
            let Ok(first_round) = day.parse::<Date>() else {
                continue;
            };
            let Some(days_before) = due_offset(today, first_round) else {
                continue;
            };
            let mut tx = self.begin_write().await?;
            let people: Vec<i64> = sqlx::query_scalar(&format!(
                "INSERT INTO electoral_reminders (ballot_id, person_id, days_before, queued_at) \
                 SELECT $1, p.id, $2, $3 FROM people p JOIN signatures s ON s.person_id = p.id \
                 WHERE s.status = 'confirmed' AND {} \
                 AND NOT EXISTS (SELECT 1 FROM electoral_reminder_optouts o WHERE o.person_id = p.id) \
                 AND NOT EXISTS (SELECT 1 FROM electoral_statuses e \
                                 WHERE e.person_id = p.id AND e.status = 'inscrit') \
                 AND (p.news_optin = 1 OR EXISTS \
                      (SELECT 1 FROM electoral_statuses e WHERE e.person_id = p.id)) \
                 ON CONFLICT DO NOTHING RETURNING person_id",
                in_zone(zone)
            ))
            .bind(ballot_id)
            .bind(days_before)
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            let d = deadlines(first_round);
            let news = News::Electoral(ElectoralNews::Reminder {
                ballot: name,
                first_round: french_date(first_round),
                online: french_date(d.online),
                town_hall: french_date(d.town_hall),
                days_left: days_before,
            });
            for person in &people {
                enqueue_news(&mut tx, PersonId::new(*person), &news, now).await?;
            }
            tx.commit().await?;
            queued += people.len();
        }
        Ok(queued)
    }

    /// Whether the person wants the reminders (they do unless they said otherwise).
    pub async fn wants_electoral_reminders(&self, person: PersonId) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM electoral_reminder_optouts WHERE person_id = $1",
        )
        .bind(person.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(count == 0)
    }

    pub async fn set_electoral_reminders(
        &self,
        person: PersonId,
        wanted: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        let query = if wanted {
            sqlx::query("DELETE FROM electoral_reminder_optouts WHERE person_id = $1")
                .bind(person.get())
        } else {
            sqlx::query(
                "INSERT INTO electoral_reminder_optouts (person_id, created_at) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(person.get())
            .bind(now)
        };
        query.execute(&self.pool).await?;
        Ok(())
    }
}
