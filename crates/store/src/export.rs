//! The right of access (GDPR art. 15 and 20): everything we hold about a person, as JSON.

use essaim_domain::ids::PersonId;
use serde_json::{Map, Value};
use sqlx::{Column, Row};

use crate::{Store, StoreError};

impl Store {
    pub async fn export_person(&self, person_id: PersonId) -> Result<Option<Value>, StoreError> {
        let Some(person) = self.find_person(person_id).await? else {
            return Ok(None);
        };
        let signature = self.signature_of(person_id).await?;
        let referrals = self.referral_count(person_id).await?;
        let sessions: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE person_id = $1")
                .bind(person_id.get())
                .fetch_one(&self.pool)
                .await?;
        let emails = self
            .records(
                "SELECT kind AS type, CAST(created_at AS TEXT) AS cree_le, \
                 CAST(sent_at AS TEXT) AS envoye_le FROM outbox WHERE person_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let action_profile = self
            .records(
                "SELECT availability AS disponibilites, interests AS gouts, skills AS competences \
                 FROM action_profiles WHERE person_id = $1",
                person_id,
            )
            .await?;
        let actions_done = self
            .records(
                "SELECT r.title AS recette, CAST(d.quantity AS TEXT) AS nombre, \
                 CAST(d.done_at AS TEXT) AS le FROM recipe_done d \
                 JOIN recipes r ON r.id = d.recipe_id WHERE d.person_id = $1 ORDER BY d.id",
                person_id,
            )
            .await?;
        let skill_offer = self
            .records(
                "SELECT skills AS competences, other AS autres, time_available AS temps, \
                 CAST(travel_km AS TEXT) AS distance_km, postal_code AS code_postal, \
                 CAST(consent_at AS TEXT) AS consentement_le, CAST(withdrawn_at AS TEXT) AS retiree_le \
                 FROM skill_offers WHERE person_id = $1",
                person_id,
            )
            .await?;
        let messages = self
            .records(
                "SELECT CASE WHEN offer_person_id = $1 THEN 'reçu' ELSE 'envoyé' END AS sens, message, \
                 CAST(created_at AS TEXT) AS le, CAST(answered_at AS TEXT) AS repondu_le \
                 FROM skill_contacts WHERE offer_person_id = $1 OR from_person_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let registrations = self
            .records(
                "SELECT e.title AS evenement, r.status AS statut, CAST(r.created_at AS TEXT) AS le \
                 FROM event_registrations r JOIN events e ON e.id = r.event_id \
                 WHERE r.person_id = $1 ORDER BY r.id",
                person_id,
            )
            .await?;
        Ok(Some(serde_json::json!({
            "personne": person,
            "signature": signature,
            "signatures_par_mon_lien": referrals,
            "groupes": self.groups_of(person_id).await?,
            "evenements_a_venir": self.events_of(person_id, 0).await?,
            "inscriptions_aux_evenements": registrations,
            "profil_d_action": action_profile,
            "actions_faites": actions_done,
            "offre_de_competences": skill_offer,
            "messages_de_competences": messages,
            "emails": emails,
            "sessions_ouvertes": sessions,
        })))
    }

    /// Rows of text columns (cast in the SQL) as JSON objects keyed by the columns' names,
    /// which the SQL gives in French: they are the export's words.
    async fn records(&self, sql: &str, person_id: PersonId) -> Result<Vec<Value>, StoreError> {
        let rows = sqlx::query(sql)
            .bind(person_id.get())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let mut object = Map::new();
                for column in row.columns() {
                    let value: Option<String> = row.try_get(column.name())?;
                    object.insert(
                        column.name().into(),
                        value.map_or(Value::Null, Value::String),
                    );
                }
                Ok(Value::Object(object))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }
}
