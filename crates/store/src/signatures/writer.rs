//! Group commit for signatures: requests hand their submission to a writer task, which writes
//! everything that queued up meanwhile in one transaction and then acknowledges each one.
//! One fsync serves hundreds of signers, and a request is answered only once its signature is
//! durably stored (nothing acknowledged is ever lost, even on `kill -9`).

use essaim_domain::ids::{PersonId, SignatureId};
use essaim_domain::signature::{FraudReason, NewSignature, ReferralCode, MAX_EMAILS_PER_SIGNATURE};
use sqlx::AnyConnection;
use tokio::sync::{mpsc, oneshot, Mutex};

use super::new_signers::insert_new_signers;
use crate::outbox::{enqueue, EmailKind};
use crate::{Backend, Store, StoreError};

const MAX_BATCH: usize = 512;

pub enum Submission {
    Genuine(NewSignature),
    /// Marked fraudulent: we keep that it happened and where from, no personal data.
    Fraud {
        reason: FraudReason,
        departement: String,
    },
}

struct Job {
    submission: Submission,
    reply: oneshot::Sender<Result<(), StoreError>>,
}

#[derive(Clone)]
pub struct SignatureWriter {
    jobs: mpsc::Sender<Job>,
}

impl SignatureWriter {
    /// SQLite has one writer anyway; PostgreSQL takes several transactions at once.
    pub fn spawn(store: Store) -> Self {
        let (jobs, receiver) = mpsc::channel::<Job>(8 * MAX_BATCH);
        let receiver = std::sync::Arc::new(Mutex::new(receiver));
        let writers = match store.backend() {
            Backend::Sqlite => 1,
            Backend::Postgres => 4,
        };
        for _ in 0..writers {
            let (store, receiver) = (store.clone(), receiver.clone());
            tokio::spawn(async move {
                loop {
                    let batch = {
                        let mut receiver = receiver.lock().await;
                        let Some(first) = receiver.recv().await else {
                            return;
                        };
                        let mut batch = vec![first];
                        while batch.len() < MAX_BATCH {
                            match receiver.try_recv() {
                                Ok(job) => batch.push(job),
                                Err(_) => break,
                            }
                        }
                        batch
                    };
                    write_and_acknowledge(&store, batch).await;
                }
            });
        }
        Self { jobs }
    }

    /// Resolves once the submission is committed.
    pub async fn submit(&self, submission: Submission) -> Result<(), StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { submission, reply })
            .await
            .map_err(|_| StoreError::WriterGone)?;
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(StoreError::SignatureNotWritten(Box::new(error))),
            Err(_) => Err(StoreError::WriterGone),
        }
    }
}

async fn write_and_acknowledge(store: &Store, batch: Vec<Job>) {
    let now = crate::now();
    let started = std::time::Instant::now();
    match write_batch(store, batch.iter().map(|job| &job.submission), now).await {
        Ok(()) => {
            // How big batches are and how long they take: what bounds sign-ups per second.
            tracing::debug!(
                size = batch.len(),
                micros = started.elapsed().as_micros() as u64,
                "signature batch committed"
            );
            store.signal_outbox();
            for job in batch {
                let _ = job.reply.send(Ok(()));
            }
        }
        // One bad submission must not fail its neighbours: retry each alone.
        Err(error) => {
            tracing::warn!(%error, size = batch.len(), "signature batch failed, retrying one by one");
            for job in batch {
                let result = write_batch(store, std::iter::once(&job.submission), now).await;
                let _ = job.reply.send(result);
            }
            store.signal_outbox();
        }
    }
}

async fn write_batch<'a>(
    store: &Store,
    submissions: impl Iterator<Item = &'a Submission>,
    now: i64,
) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    let mut genuine = Vec::new();
    for submission in submissions {
        match submission {
            Submission::Genuine(signature) => genuine.push(signature),
            Submission::Fraud {
                reason,
                departement,
            } => {
                sqlx::query(
                    "INSERT INTO signatures (status, fraud_reason, departement, created_at) \
                     VALUES ('fraud', $1, $2, $3)",
                )
                .bind(reason.as_str())
                .bind(departement.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    for signature in insert_new_signers(&mut tx, &genuine, now).await? {
        write_genuine(&mut tx, signature, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A new signer gets a pending signature and a confirmation email; someone who had signed
/// gets an "already signed" email instead (their details are left as they were, so nobody
/// can alter another person's record), within the per-signature email cap.
async fn write_genuine(
    conn: &mut AnyConnection,
    signature: &NewSignature,
    now: i64,
) -> Result<(), StoreError> {
    for _ in 0..3 {
        if let Some(existing) = find_by_email(conn, signature.email.normalized()).await? {
            return write_repeat(conn, existing, signature, now).await;
        }
        let referrer_id = match &signature.referral {
            Some(code) => {
                sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE referral_code = $1")
                    .bind(code.as_str())
                    .fetch_optional(&mut *conn)
                    .await?
            }
            None => None,
        };
        let code = ReferralCode::generate(&mut rand::thread_rng());
        // DO NOTHING covers both a concurrent insert of the same email (another instance) and a
        // referral-code collision; the loop then finds the person or draws another code.
        let person_id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, phone, \
             news_optin, referral_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(signature.email.as_str())
        .bind(signature.email.normalized())
        .bind(signature.first_name.as_str())
        .bind(signature.last_name.as_str())
        .bind(signature.location.postal_code())
        .bind(signature.location.country_code())
        .bind(signature.phone.as_ref().map(|p| p.as_str()))
        .bind(i64::from(signature.news_optin))
        .bind(code.as_str())
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(person_id) = person_id.map(PersonId::new) else {
            continue;
        };
        sqlx::query(
            "INSERT INTO signatures (person_id, status, departement, referrer_id, emails_sent, created_at) \
             VALUES ($1, 'pending', $2, $3, 1, $4)",
        )
        .bind(person_id.get())
        .bind(signature.location.departement())
        .bind(referrer_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        enqueue(conn, person_id, EmailKind::ConfirmSignature, now).await?;
        return Ok(());
    }
    Err(StoreError::NoReferralCode)
}

#[derive(sqlx::FromRow)]
struct Existing {
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    #[sqlx(try_from = "crate::rows::NullableId")]
    signature_id: Option<SignatureId>,
}

async fn find_by_email(
    conn: &mut AnyConnection,
    email_norm: &str,
) -> Result<Option<Existing>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT p.id AS person_id, s.id AS signature_id FROM people p \
         LEFT JOIN signatures s ON s.person_id = p.id WHERE p.email_norm = $1",
    )
    .bind(email_norm)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn write_repeat(
    conn: &mut AnyConnection,
    existing: Existing,
    signature: &NewSignature,
    now: i64,
) -> Result<(), StoreError> {
    let Some(signature_id) = existing.signature_id else {
        // Known person (e.g. entered on paper by a group) signing online for the first time.
        sqlx::query(
            "INSERT INTO signatures (person_id, status, departement, emails_sent, created_at) \
             VALUES ($1, 'pending', $2, 1, $3)",
        )
        .bind(existing.person_id.get())
        .bind(signature.location.departement())
        .bind(now)
        .execute(&mut *conn)
        .await?;
        return enqueue(conn, existing.person_id, EmailKind::ConfirmSignature, now).await;
    };
    // The cap is checked by the UPDATE itself: with several writers (PostgreSQL), two repeats
    // of the same signature must not both read 4 and both send a fifth and a sixth email.
    let counted = sqlx::query(
        "UPDATE signatures SET emails_sent = emails_sent + 1 WHERE id = $1 AND emails_sent < $2",
    )
    .bind(signature_id.get())
    .bind(MAX_EMAILS_PER_SIGNATURE)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if counted == 0 {
        return Ok(());
    }
    enqueue(conn, existing.person_id, EmailKind::AlreadySigned, now).await
}
