//! Mailings: a segment counted, a message queued to it through the outbox — one row per
//! recipient, due from the send time at the configured pace, so that the worker drains them
//! at that rate and a restart resumes where it stopped — cancelled, and their figures.
//! Leaving the news by a mailing's link is in `unsubscribe.rs`.

mod figures;
mod segment_sql;
mod unsubscribe;

use essaim_domain::ids::PersonId;
use essaim_domain::mailing::{Segment, WeeklyCap};
use sqlx::any::AnyArguments;
use sqlx::Arguments;

use crate::outbox::EmailKind;
use crate::{Backend, Store, StoreError};
use segment_sql::{segment_condition, under_cap};

/// What the count shows staff before they send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SegmentCount {
    /// In the segment (accepted the news, confirmed, and every filter).
    pub matching: i64,
    /// Of those, the ones the weekly cap leaves in: the number of emails that would be queued.
    pub reachable: i64,
}

/// A mailing to queue.
#[derive(Debug, Clone)]
pub struct NewMailing<'a> {
    pub subject: &'a str,
    /// Markdown as written (the plain-text part).
    pub body: &'a str,
    pub body_html: &'a str,
    pub segment: &'a Segment,
    /// The segment in words, kept with the mailing.
    pub segment_summary: &'a str,
    pub author_id: PersonId,
    pub author: &'a str,
    /// Emails a second; 0: as fast as the worker goes.
    pub per_second: u32,
    pub send_at: i64,
    pub cap: WeeklyCap,
}

/// A mailing and its figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailingStats {
    pub id: i64,
    pub subject: String,
    pub segment: String,
    pub author: String,
    pub per_second: i64,
    pub send_at: i64,
    pub recipients: i64,
    pub capped: i64,
    pub status: String,
    pub created_at: i64,
    pub sent: i64,
    pub failed: i64,
    pub waiting: i64,
    pub unsubscribed: i64,
}

impl MailingStats {
    pub fn is_cancelled(&self) -> bool {
        self.status == "cancelled"
    }
}

/// What the mail worker needs to write a mailing's email.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct MailingLetter {
    pub subject: String,
    pub body: String,
    pub body_html: String,
}

const STATS: &str = "SELECT m.id, m.subject, m.segment, m.author, m.per_second, m.send_at, \
     m.recipients, m.capped, m.status, m.created_at, \
     CAST(m.sent_earlier + (SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id \
           AND o.sent_at IS NOT NULL) AS BIGINT) AS sent, \
     CAST(m.failed_earlier + (SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id \
           AND o.sent_at IS NULL AND o.dead_at IS NOT NULL) AS BIGINT) AS failed, \
     CAST((SELECT COUNT(*) FROM outbox o WHERE o.mailing_id = m.id AND o.sent_at IS NULL \
           AND o.dead_at IS NULL) AS BIGINT) AS waiting, \
     CAST((SELECT COUNT(*) FROM mailing_unsubscribes u WHERE u.mailing_id = m.id) AS BIGINT) AS unsubscribed \
     FROM mailings m";

impl Store {
    /// How many people the segment holds, and how many a mailing sent at `send_at` would
    /// reach under the weekly cap.
    pub async fn count_segment(
        &self,
        segment: &Segment,
        cap: WeeklyCap,
        send_at: i64,
    ) -> Result<SegmentCount, StoreError> {
        let mut conn = self.pool.acquire().await?;
        count_in(&mut conn, segment, cap, send_at).await
    }

    /// Records the mailing and queues one email per person of the segment under the cap, in
    /// one transaction: either all are queued or none. Returns the mailing's id and how many
    /// were queued.
    pub async fn queue_mailing(
        &self,
        mailing: &NewMailing<'_>,
        now: i64,
    ) -> Result<(i64, i64), StoreError> {
        let mut tx = self.begin_write().await?;
        if self.backend() == Backend::Postgres {
            // Two mailings queued at once must each see the other's rows for the weekly cap:
            // one at a time (SQLite's writer is already alone).
            sqlx::query("SELECT pg_advisory_xact_lock(1316)")
                .execute(&mut *tx)
                .await?;
        }
        let count = count_in(&mut tx, mailing.segment, mailing.cap, mailing.send_at).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mailings (subject, body, body_html, segment, author_id, author, per_second, \
             send_at, recipients, capped, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 'queued', $9) RETURNING id",
        )
        .bind(mailing.subject)
        .bind(mailing.body)
        .bind(mailing.body_html)
        .bind(mailing.segment_summary)
        .bind(mailing.author_id.get())
        .bind(mailing.author)
        .bind(i64::from(mailing.per_second))
        .bind(mailing.send_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // Row n (from 0) is due at send_at + n / per_second: the worker, which takes the
        // oldest due first, drains them at that pace, after any transactional email. No pace
        // (0) divides by the largest number instead: all due at once.
        let due = "$2 + (ROW_NUMBER() OVER (ORDER BY p.id) - 1) / $3";
        let segment = segment_condition(mailing.segment, 6);
        let cap = under_cap(mailing.cap, mailing.send_at, 6 + segment.values.len());
        let sql = format!(
            "INSERT INTO outbox (person_id, kind, mailing_id, next_attempt_at, created_at) \
             SELECT p.id, $4, $1, {due}, $5 FROM people p WHERE {} AND {}",
            segment.sql, cap.sql
        );
        let mut arguments = AnyArguments::default();
        arguments.add(id).map_err(sqlx::Error::Encode)?;
        arguments
            .add(mailing.send_at)
            .map_err(sqlx::Error::Encode)?;
        let per_second = match mailing.per_second {
            0 => i64::MAX,
            n => i64::from(n),
        };
        arguments.add(per_second).map_err(sqlx::Error::Encode)?;
        arguments
            .add(EmailKind::Mailing.as_str())
            .map_err(sqlx::Error::Encode)?;
        arguments.add(now).map_err(sqlx::Error::Encode)?;
        segment.add_to(&mut arguments)?;
        cap.add_to(&mut arguments)?;
        let query = sqlx::query_with(&sql, arguments);
        let queued = query.execute(&mut *tx).await?.rows_affected() as i64;
        sqlx::query("UPDATE mailings SET recipients = $1, capped = $2 WHERE id = $3")
            .bind(queued)
            .bind(count.matching - queued)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.signal_outbox();
        Ok((id, queued))
    }

    /// Cancels a mailing: what is not sent yet (nor being sent) leaves the outbox. Returns
    /// how many emails were withdrawn, or None if there is no such mailing still queued.
    pub async fn cancel_mailing(&self, id: i64, now: i64) -> Result<Option<u64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE mailings SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'queued'",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(None);
        }
        let withdrawn = sqlx::query(
            "DELETE FROM outbox WHERE mailing_id = $1 AND sent_at IS NULL AND claimed_by IS NULL",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(Some(withdrawn))
    }

    /// The latest mailings, newest first, with their figures.
    pub async fn mailings(&self, limit: i64) -> Result<Vec<MailingStats>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{STATS} ORDER BY m.id DESC LIMIT $1"))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn mailing(&self, id: i64) -> Result<Option<MailingStats>, StoreError> {
        Ok(sqlx::query_as(&format!("{STATS} WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Events whose registered people a segment may target: published, from 90 days ago on,
    /// soonest last (id, title, start).
    pub async fn events_for_segments(
        &self,
        now: i64,
    ) -> Result<Vec<(i64, String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, title, starts_at FROM events WHERE status = 'published' AND starts_at > $1 \
             ORDER BY starts_at DESC, id DESC LIMIT 200",
        )
        .bind(now - 90 * 24 * 3600)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues a mailing's test to `person` alone (staff, to themselves): the words travel in
    /// the email's payload, nothing is recorded as a mailing.
    pub async fn queue_mailing_test(
        &self,
        person: PersonId,
        letter: &MailingLetter,
        now: i64,
    ) -> Result<(), StoreError> {
        let payload = serde_json::to_string(letter).expect("strings serialise");
        let mut conn = self.pool.acquire().await?;
        crate::outbox::enqueue_with_payload(
            &mut conn,
            person,
            EmailKind::MailingTest,
            &payload,
            now,
        )
        .await?;
        self.signal_outbox();
        Ok(())
    }

    /// The words of a mailing, whatever became of it (its page shows them).
    pub async fn mailing_words(&self, id: i64) -> Result<Option<MailingLetter>, StoreError> {
        Ok(
            sqlx::query_as("SELECT subject, body, body_html FROM mailings WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The words of a mailing still to be sent; None once it is cancelled.
    pub async fn mailing_letter(&self, id: i64) -> Result<Option<MailingLetter>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT subject, body, body_html FROM mailings WHERE id = $1 AND status = 'queued'",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

async fn count_in(
    conn: &mut sqlx::AnyConnection,
    segment: &Segment,
    cap: WeeklyCap,
    send_at: i64,
) -> Result<SegmentCount, StoreError> {
    let condition = segment_condition(segment, 1);
    let cap = under_cap(cap, send_at, 1 + condition.values.len());
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM people p WHERE {}",
        cap.sql, condition.sql
    );
    // The cap's placeholders come after the segment's, though its text comes first.
    let mut arguments = AnyArguments::default();
    condition.add_to(&mut arguments)?;
    cap.add_to(&mut arguments)?;
    let (matching, reachable) = sqlx::query_as_with::<_, (i64, i64), _>(&sql, arguments)
        .fetch_one(&mut *conn)
        .await?;
    Ok(SegmentCount {
        matching,
        reachable,
    })
}
