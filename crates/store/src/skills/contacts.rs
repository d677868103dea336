//! Organisers write to a person who offers skills through the platform: the message goes by
//! email, the organiser learns nothing of the person. If the person answers, the answer goes
//! back with their name and address: answering is how they agree to share it.

use essaim_domain::identity::short_name;
use essaim_domain::ids::{ContactId, PersonId};
use essaim_domain::news::{News, SkillNews};

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// A message as its recipient sees it in "J'en dis plus".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedContact {
    pub id: ContactId,
    /// "Louise M.": the organiser's address is not shown either.
    pub from: String,
    pub message: String,
    pub created_at: i64,
    pub answered: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    Sent,
    AlreadyAnswered,
    /// No such message, or not addressed to this person.
    NotFound,
}

/// How many received messages the page lists, newest first.
const RECEIVED_SHOWN: i64 = 50;

/// A received message as stored, with its sender's name.
#[derive(sqlx::FromRow)]
struct ReceivedRow {
    #[sqlx(try_from = "i64")]
    id: ContactId,
    first_name: String,
    last_name: String,
    message: String,
    created_at: i64,
    answered_at: Option<i64>,
}

/// What an answer needs of the message answered and of the person answering.
#[derive(sqlx::FromRow)]
struct AnsweredRow {
    #[sqlx(try_from = "i64")]
    from_person_id: PersonId,
    message: String,
    answered_at: Option<i64>,
    first_name: String,
    last_name: String,
    email: String,
}

impl Store {
    /// Records the message and queues its email to the person; `None` when they have no offer
    /// standing (withdrawn, or never made).
    pub async fn contact_skill_offer(
        &self,
        offer_person_id: PersonId,
        from_person_id: PersonId,
        message: &str,
        now: i64,
    ) -> Result<Option<ContactId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let standing: Option<i64> = sqlx::query_scalar(
            "SELECT person_id FROM skill_offers WHERE person_id = $1 AND withdrawn_at IS NULL",
        )
        .bind(offer_person_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        if standing.is_none() {
            return Ok(None);
        }
        let (first_name, last_name): (String, String) =
            sqlx::query_as("SELECT first_name, last_name FROM people WHERE id = $1")
                .bind(from_person_id.get())
                .fetch_one(&mut *tx)
                .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO skill_contacts (offer_person_id, from_person_id, message, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(offer_person_id.get())
        .bind(from_person_id.get())
        .bind(message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let news = News::Skill(SkillNews::Request {
            from: short_name(&first_name, &last_name),
            message: message.to_string(),
        });
        enqueue_news(&mut tx, offer_person_id, &news, now).await?;
        tx.commit().await?;
        Ok(Some(ContactId::new(id)))
    }

    /// The messages organisers sent to the person, newest first.
    pub async fn skill_contacts_received(
        &self,
        person_id: PersonId,
    ) -> Result<Vec<ReceivedContact>, StoreError> {
        let rows: Vec<ReceivedRow> = sqlx::query_as(
            "SELECT c.id, p.first_name, p.last_name, c.message, c.created_at, c.answered_at \
             FROM skill_contacts c JOIN people p ON p.id = c.from_person_id \
             WHERE c.offer_person_id = $1 ORDER BY c.id DESC LIMIT $2",
        )
        .bind(person_id.get())
        .bind(RECEIVED_SHOWN)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| ReceivedContact {
                id: row.id,
                from: short_name(&row.first_name, &row.last_name),
                message: row.message,
                created_at: row.created_at,
                answered: row.answered_at.is_some(),
            })
            .collect())
    }

    /// The recipient's answer to message `contact_id`, sent once, to the organiser, with the
    /// recipient's name and email address.
    pub async fn answer_skill_contact(
        &self,
        contact_id: ContactId,
        person_id: PersonId,
        answer: &str,
        now: i64,
    ) -> Result<AnswerOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let row: Option<AnsweredRow> = sqlx::query_as(
            "SELECT c.from_person_id, c.message, c.answered_at, p.first_name, p.last_name, p.email \
             FROM skill_contacts c JOIN people p ON p.id = c.offer_person_id \
             WHERE c.id = $1 AND c.offer_person_id = $2",
        )
        .bind(contact_id.get())
        .bind(person_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(AnswerOutcome::NotFound);
        };
        if row.answered_at.is_some() {
            return Ok(AnswerOutcome::AlreadyAnswered);
        }
        let updated = sqlx::query(
            "UPDATE skill_contacts SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL",
        )
        .bind(contact_id.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(AnswerOutcome::AlreadyAnswered);
        }
        let news = News::Skill(SkillNews::Answer {
            first_name: row.first_name,
            last_name: row.last_name,
            email: row.email,
            answer: answer.to_string(),
            message: row.message,
        });
        enqueue_news(&mut tx, row.from_person_id, &news, now).await?;
        tx.commit().await?;
        Ok(AnswerOutcome::Sent)
    }
}
