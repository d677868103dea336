//! The mail worker's side of the outbox: claim a batch of due emails, then record each one's
//! outcome. A claim is a lease: if the instance dies, another one sends the email once the
//! lease is over (delivery is at least once); if it stops cleanly, it hands back what it did
//! not send (`release_claims`), so that nothing waits and nothing goes out twice.

use essaim_domain::ids::{EmailId, PersonId, SignatureId};
use sqlx::Row;

use super::EmailKind;
use crate::placeholders::placeholders;
use crate::{Backend, Store, StoreError};

/// How long a claimed email is reserved for the instance that claimed it, unless configured
/// otherwise. It must outlast the time an email can wait in that worker's memory (a few batches)
/// plus one send's timeout.
pub const CLAIM_LEASE_SECS: i64 = 300;

/// What the mail worker needs to compose one email.
#[derive(Debug, Clone)]
pub struct PendingEmail {
    pub id: EmailId,
    pub kind: EmailKind,
    /// Including the attempt this claim starts (1 for the first).
    pub attempts: i64,
    pub person_id: PersonId,
    pub email: String,
    pub first_name: String,
    pub referral_code: String,
    pub signature_id: Option<SignatureId>,
    pub signature_status: Option<String>,
    /// What the email says, for kinds that carry it (JSON).
    pub payload: Option<String>,
    pub created_at: i64,
    /// For a mailing's email: which mailing.
    pub mailing_id: Option<i64>,
    /// Whether the person accepts the news now (a mailing's email is not sent otherwise).
    pub news_optin: bool,
}

impl Store {
    /// Claims up to `limit` due emails for `claimer` (this instance) for `lease_secs`, oldest
    /// first, and loads
    /// what is needed to compose them. On PostgreSQL, `SKIP LOCKED` lets several instances
    /// claim at once without waiting on each other's rows; SQLite serves one instance, whose
    /// single claimer takes the write lock.
    pub async fn claim_due_emails(
        &self,
        claimer: &str,
        now: i64,
        limit: i64,
        lease_secs: i64,
    ) -> Result<Vec<PendingEmail>, StoreError> {
        let skip_locked = match self.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1, claimed_by = $4 \
             WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL \
                          AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3{skip_locked}) \
             RETURNING id"
        );
        let mut tx = self.begin_bookkeeping().await?;
        let mut claimed: Vec<i64> = sqlx::query_scalar(&sql)
            .bind(now + lease_secs)
            .bind(now)
            .bind(limit)
            .bind(claimer)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        if claimed.is_empty() {
            return Ok(Vec::new());
        }
        // Oldest first, so that a person's emails go out in the order they were caused.
        claimed.sort_unstable();
        let sql = format!(
            "SELECT o.id, o.kind, o.attempts, o.payload, o.created_at, p.id AS person_id, p.email, \
             p.first_name, p.referral_code, p.news_optin, o.mailing_id, s.id AS signature_id, s.status AS signature_status \
             FROM outbox o JOIN people p ON p.id = o.person_id \
             LEFT JOIN signatures s ON s.person_id = p.id WHERE o.id IN ({}) ORDER BY o.id",
            placeholders(1, claimed.len())
        );
        let mut query = sqlx::query(&sql);
        for id in &claimed {
            query = query.bind(id);
        }
        let mut emails = Vec::with_capacity(claimed.len());
        for row in query.fetch_all(&self.pool).await? {
            let kind: String = row.try_get("kind")?;
            let Some(kind) = EmailKind::parse(&kind) else {
                continue;
            };
            emails.push(PendingEmail {
                id: EmailId::new(row.try_get("id")?),
                kind,
                attempts: row.try_get("attempts")?,
                person_id: PersonId::new(row.try_get("person_id")?),
                email: row.try_get("email")?,
                first_name: row.try_get("first_name")?,
                referral_code: row.try_get("referral_code")?,
                signature_id: row
                    .try_get::<Option<i64>, _>("signature_id")?
                    .map(SignatureId::new),
                signature_status: row.try_get("signature_status")?,
                payload: row.try_get("payload")?,
                created_at: row.try_get("created_at")?,
                mailing_id: row.try_get("mailing_id")?,
                news_optin: row.try_get::<i64, _>("news_optin")? != 0,
            });
        }
        Ok(emails)
    }

    /// Marks a batch of emails delivered, in one statement (one commit, not one per email).
    pub async fn mark_emails_sent(&self, ids: &[EmailId], now: i64) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE outbox SET sent_at = $1, last_error = NULL, claimed_by = NULL WHERE id IN ({})",
            placeholders(2, ids.len())
        );
        let mut query = sqlx::query(&sql).bind(now);
        for id in ids {
            query = query.bind(id.get());
        }
        let mut tx = self.begin_bookkeeping().await?;
        query.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a failed attempt: tried again at `retry_at`, or, when None, given up (a dead
    /// letter, which staff see).
    pub async fn record_email_failure(
        &self,
        id: EmailId,
        error: &str,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        let query = match retry_at {
            Some(at) => sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1, last_error = $2, claimed_by = NULL WHERE id = $3",
            )
            .bind(at),
            None => sqlx::query(
                "UPDATE outbox SET dead_at = $1, last_error = $2, claimed_by = NULL WHERE id = $3",
            )
            .bind(now),
        };
        let mut tx = self.begin_bookkeeping().await?;
        query.bind(error).bind(id.get()).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Hands claimed emails back unsent, due at `due_at`, without counting the attempt: not
    /// the email's failure (its domain is over its rate, the relay is unreachable). `why` is
    /// kept as the last error for staff to read.
    pub async fn hold_back_emails(
        &self,
        ids: &[EmailId],
        due_at: i64,
        why: Option<&str>,
    ) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts - 1, claimed_by = NULL, \
             last_error = COALESCE($2, last_error) WHERE sent_at IS NULL AND id IN ({})",
            placeholders(3, ids.len())
        );
        let why: Option<String> = why.map(|w| w.chars().take(500).collect());
        let mut query = sqlx::query(&sql).bind(due_at).bind(why);
        for id in ids {
            query = query.bind(id.get());
        }
        let mut tx = self.begin_bookkeeping().await?;
        query.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Hands back every email `claimer` holds and has neither sent nor recorded as failed: an
    /// instance stopping cleanly calls it last, so the next one sends them at once.
    pub async fn release_claims(&self, claimer: &str, now: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts - 1, claimed_by = NULL \
             WHERE sent_at IS NULL AND dead_at IS NULL AND claimed_by = $2",
        )
        .bind(now)
        .bind(claimer)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}
