//! Organisers write to a person who offers skills through the platform: the message goes by
//! email, the organiser learns nothing of the person. If the person answers, the answer goes
//! back with their name and address: answering is how they agree to share it.

use essaim_domain::agir::offer::short_name;
use sqlx::Row;

use crate::notice::{enqueue_notice, Notice};
use crate::{Store, StoreError};

/// A message as its recipient sees it in "J'en dis plus".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedContact {
    pub id: i64,
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

impl Store {
    /// Records the message and queues its email to the person; `None` when they have no offer
    /// standing (withdrawn, or never made).
    pub async fn contact_skill_offer(
        &self,
        offer_person_id: i64,
        from_person_id: i64,
        message: &str,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let standing: Option<i64> = sqlx::query_scalar(
            "SELECT person_id FROM skill_offers WHERE person_id = $1 AND withdrawn_at IS NULL",
        )
        .bind(offer_person_id)
        .fetch_optional(&mut *tx)
        .await?;
        if standing.is_none() {
            return Ok(None);
        }
        let (first_name, last_name): (String, String) =
            sqlx::query_as("SELECT first_name, last_name FROM people WHERE id = $1")
                .bind(from_person_id)
                .fetch_one(&mut *tx)
                .await?;
        let row = sqlx::query(
            "INSERT INTO skill_contacts (offer_person_id, from_person_id, message, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(offer_person_id)
        .bind(from_person_id)
        .bind(message)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = row.try_get(0)?;
        let from = short_name(&first_name, &last_name);
        let notice = Notice::new(format!("{from} aimerait faire appel à vos compétences"))
            .paragraph(format!(
                "{from}, qui organise des actions du mouvement, a vu votre offre « J'en dis plus » et vous écrit :"
            ))
            .paragraph(message)
            .paragraph(
                "Votre adresse email ne lui a pas été communiquée. Si vous souhaitez donner suite, \
                 répondez depuis votre page « J'en dis plus » : votre réponse lui sera transmise \
                 avec votre nom et votre adresse email, pour que vous puissiez échanger directement. \
                 Sinon, vous n'avez rien à faire.",
            )
            .paragraph("Vous pouvez aussi retirer votre offre à tout moment, sur la même page.")
            .link("/competences#messages", "Lire et répondre");
        enqueue_notice(&mut tx, offer_person_id, &notice, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// The messages organisers sent to the person, newest first.
    pub async fn skill_contacts_received(
        &self,
        person_id: i64,
    ) -> Result<Vec<ReceivedContact>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, p.first_name, p.last_name, c.message, c.created_at, c.answered_at \
             FROM skill_contacts c JOIN people p ON p.id = c.from_person_id \
             WHERE c.offer_person_id = $1 ORDER BY c.id DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(RECEIVED_SHOWN)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ReceivedContact {
                    id: row.try_get(0)?,
                    from: short_name(&row.try_get::<String, _>(1)?, &row.try_get::<String, _>(2)?),
                    message: row.try_get(3)?,
                    created_at: row.try_get(4)?,
                    answered: row.try_get::<Option<i64>, _>(5)?.is_some(),
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// The recipient's answer to message `contact_id`, sent once, to the organiser, with the
    /// recipient's name and email address.
    pub async fn answer_skill_contact(
        &self,
        contact_id: i64,
        person_id: i64,
        answer: &str,
        now: i64,
    ) -> Result<AnswerOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT c.from_person_id, c.message, c.answered_at, p.first_name, p.last_name, p.email \
             FROM skill_contacts c JOIN people p ON p.id = c.offer_person_id \
             WHERE c.id = $1 AND c.offer_person_id = $2",
        )
        .bind(contact_id)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(AnswerOutcome::NotFound);
        };
        if row.try_get::<Option<i64>, _>(2)?.is_some() {
            return Ok(AnswerOutcome::AlreadyAnswered);
        }
        let (organiser, message): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        let (first_name, last_name, email): (String, String, String) =
            (row.try_get(3)?, row.try_get(4)?, row.try_get(5)?);
        let updated = sqlx::query(
            "UPDATE skill_contacts SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL",
        )
        .bind(contact_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Ok(AnswerOutcome::AlreadyAnswered);
        }
        let name = format!("{first_name} {last_name}");
        let notice = Notice::new(format!("{name} vous répond (« J'en dis plus »)"))
            .paragraph(format!(
                "Vous aviez écrit à {name} au sujet de son offre de compétences. Voici sa réponse :"
            ))
            .paragraph(answer)
            .paragraph(format!(
                "En vous répondant, {first_name} accepte que vous ayez son adresse email : {email}. \
                 Écrivez-lui directement pour la suite."
            ))
            .paragraph(format!("Pour mémoire, votre message : « {message} »"));
        enqueue_notice(&mut tx, organiser, &notice, now).await?;
        tx.commit().await?;
        Ok(AnswerOutcome::Sent)
    }
}
