//! The email outbox: emails are recorded in the same transaction as what caused them, then a
//! worker delivers them. A failed delivery is retried with backoff and never loses the cause.

use sqlx::{AnyConnection, Row};

use crate::placeholders::placeholders;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    ConfirmSignature,
    AlreadySigned,
    Login,
    /// Words written by the code that causes it (payload: a `notice::Notice`).
    Notice,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmSignature => "confirm_signature",
            Self::AlreadySigned => "already_signed",
            Self::Login => "login",
            Self::Notice => "notice",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::ConfirmSignature,
            Self::AlreadySigned,
            Self::Login,
            Self::Notice,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == raw)
    }
}

/// What the mail worker needs to compose one email.
#[derive(Debug, Clone)]
pub struct PendingEmail {
    pub id: i64,
    pub kind: EmailKind,
    pub attempts: i64,
    pub person_id: i64,
    pub email: String,
    pub first_name: String,
    pub referral_code: String,
    pub signature_id: Option<i64>,
    pub signature_status: Option<String>,
    /// What the email says, for kinds that carry it (JSON).
    pub payload: Option<String>,
}

/// How long a claimed email is reserved for the worker that claimed it; if that worker dies,
/// another one sends it after this delay (delivery is at least once).
const CLAIM_LEASE_SECS: i64 = 300;
/// After this many failures we stop trying; the error stays for staff to read.
pub const MAX_ATTEMPTS: i64 = 12;
/// Sent emails are forgotten after this long: the outbox is not an archive of personal data.
const KEEP_SENT_SECS: i64 = 30 * 24 * 3600;

pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    person_id: i64,
    kind: EmailKind,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (person_id, kind, next_attempt_at, created_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(person_id)
    .bind(kind.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn enqueue_with_payload(
    conn: &mut AnyConnection,
    person_id: i64,
    kind: EmailKind,
    payload: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (person_id, kind, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(person_id)
    .bind(kind.as_str())
    .bind(payload)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn enqueue_email(
        &self,
        person_id: i64,
        kind: EmailKind,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        enqueue(&mut conn, person_id, kind, now).await
    }

    /// How many emails of `kind` were queued for the person since `since` (login rate limit).
    pub async fn emails_queued_since(
        &self,
        person_id: i64,
        kind: EmailKind,
        since: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE person_id = $1 AND kind = $2 AND created_at >= $3",
        )
        .bind(person_id)
        .bind(kind.as_str())
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Claims up to `limit` due emails for this worker, so that two workers never send the same
    /// one at the same time, then loads what is needed to compose them.
    pub async fn claim_due_emails(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<PendingEmail>, StoreError> {
        let mut claimed: Vec<i64> = sqlx::query_scalar(
            "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                          ORDER BY next_attempt_at, id LIMIT $3) \
             AND sent_at IS NULL AND next_attempt_at <= $2 RETURNING id",
        )
        .bind(now + CLAIM_LEASE_SECS)
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        if claimed.is_empty() {
            return Ok(Vec::new());
        }
        // Oldest first, so that a person's emails arrive in the order they were caused.
        claimed.sort_unstable();
        let sql = format!(
            "SELECT o.id, o.kind, o.attempts, p.id, p.email, p.first_name, p.referral_code, s.id, s.status, o.payload \
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
            let kind: String = row.try_get(1)?;
            let Some(kind) = EmailKind::parse(&kind) else {
                continue;
            };
            emails.push(PendingEmail {
                id: row.try_get(0)?,
                kind,
                attempts: row.try_get(2)?,
                person_id: row.try_get(3)?,
                email: row.try_get(4)?,
                first_name: row.try_get(5)?,
                referral_code: row.try_get(6)?,
                signature_id: row.try_get(7)?,
                signature_status: row.try_get(8)?,
                payload: row.try_get(9)?,
            });
        }
        Ok(emails)
    }

    /// Marks a batch of emails delivered, in one statement (one commit, not one per email).
    pub async fn mark_emails_sent(&self, ids: &[i64], now: i64) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id IN ({})",
            placeholders(2, ids.len())
        );
        let mut query = sqlx::query(&sql).bind(now);
        for id in ids {
            query = query.bind(id);
        }
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Schedules another try, later each time; gives up after `MAX_ATTEMPTS`.
    pub async fn mark_email_failed(
        &self,
        id: i64,
        attempts: i64,
        error: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let next = if attempts >= MAX_ATTEMPTS {
            i64::MAX / 2
        } else {
            now + (30_i64 << attempts.clamp(0, 12)).min(6 * 3600)
        };
        sqlx::query("UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
            .bind(next)
            .bind(error.chars().take(500).collect::<String>())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn purge_sent_emails(&self, now: i64) -> Result<u64, StoreError> {
        Ok(
            sqlx::query("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1")
                .bind(now - KEEP_SENT_SECS)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    /// Emails not yet delivered (for tests and the admin page).
    pub async fn unsent_email_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
