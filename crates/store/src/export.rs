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
        let gifts = self
            .records(
                "SELECT CAST(id AS TEXT) AS numero, civility AS civilite, first_name AS prenom, \
                 last_name AS nom, email, phone AS telephone, address_line1 AS adresse, \
                 address_line2 AS complement_d_adresse, postal_code AS code_postal, commune, \
                 country AS pays, nationality AS nationalite, \
                 CAST(fiscal_resident AS TEXT) AS resident_fiscal_en_france, \
                 CAST(sworn_at AS TEXT) AS attestation_le, CAST(amount_cents AS TEXT) AS montant_centimes, \
                 frequency AS frequence, method AS moyen, status AS statut, CAST(created_at AS TEXT) AS le \
                 FROM gifts WHERE person_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let payments = self
            .records(
                "SELECT CAST(p.id AS TEXT) AS numero, CAST(p.gift_id AS TEXT) AS don, p.paid_on AS date, \
                 CAST(p.amount_cents AS TEXT) AS montant_centimes, p.method AS moyen, \
                 p.reference AS reference FROM payments p JOIN gifts g ON g.id = p.gift_id \
                 WHERE g.person_id = $1 ORDER BY p.id",
                person_id,
            )
            .await?;
        let monthly_gifts = self
            .records(
                "SELECT CAST(m.gift_id AS TEXT) AS don, CAST(m.amount_cents AS TEXT) AS montant_centimes, \
                 m.starts_on AS debut, m.status AS statut, m.card_expires AS carte_expire_fin, \
                 CAST(m.instalments_paid AS TEXT) AS mensualites_payees \
                 FROM monthly_gifts m JOIN gifts g ON g.id = m.gift_id WHERE g.person_id = $1 ORDER BY m.id",
                person_id,
            )
            .await?;
        let material_orders = self
            .records(
                "SELECT CAST(o.id AS TEXT) AS commande, o.status AS statut, \
                 CAST(o.total_cents AS TEXT) AS montant_centimes, o.ship_name AS nom, \
                 o.ship_line1 AS adresse, o.ship_line2 AS complement_d_adresse, \
                 o.ship_postal_code AS code_postal, o.ship_commune AS commune, \
                 o.ship_phone AS telephone, o.tracking AS suivi, CAST(o.created_at AS TEXT) AS le \
                 FROM material_orders o WHERE o.person_id = $1 ORDER BY o.id",
                person_id,
            )
            .await?;
        let material_lines = self
            .records(
                "SELECT CAST(l.order_id AS TEXT) AS commande, l.item_name AS article, l.unit AS unite, \
                 CAST(l.quantity AS TEXT) AS quantite, CAST(l.unit_price_cents AS TEXT) AS prix_unitaire_centimes \
                 FROM material_order_lines l JOIN material_orders o ON o.id = l.order_id \
                 WHERE o.person_id = $1 ORDER BY l.order_id, l.item_id",
                person_id,
            )
            .await?;
        let electoral_status = self
            .records(
                "SELECT status AS statut, consent_text AS consentement, \
                 CAST(updated_at AS TEXT) AS le FROM electoral_statuses WHERE person_id = $1",
                person_id,
            )
            .await?;
        let proxy_requests = self
            .records(
                "SELECT b.name AS scrutin, r.commune_insee AS commune, r.polling_station AS bureau, \
                 CAST(r.first_round AS TEXT) AS premier_tour, CAST(r.second_round AS TEXT) AS second_tour, \
                 r.contact AS coordonnees, r.consent_text AS consentement, \
                 CAST(r.created_at AS TEXT) AS le, CAST(r.withdrawn_at AS TEXT) AS retiree_le \
                 FROM proxy_requests r JOIN ballots b ON b.id = r.ballot_id \
                 WHERE r.person_id = $1 ORDER BY r.id",
                person_id,
            )
            .await?;
        let proxy_offers = self
            .records(
                "SELECT b.name AS scrutin, o.commune_insee AS commune, \
                 CAST(o.first_round AS TEXT) AS premier_tour, CAST(o.second_round AS TEXT) AS second_tour, \
                 CAST(o.travel_km AS TEXT) AS distance_km, o.contact AS coordonnees, \
                 o.consent_text AS consentement, CAST(o.created_at AS TEXT) AS le, \
                 CAST(o.withdrawn_at AS TEXT) AS retiree_le \
                 FROM proxy_offers o JOIN ballots b ON b.id = o.ballot_id \
                 WHERE o.person_id = $1 ORDER BY o.id",
                person_id,
            )
            .await?;
        // The proposals made to them or of them: the round and who accepted, never the other
        // side's name or contact.
        let proxy_matches = self
            .records(
                "SELECT b.name AS scrutin, CAST(m.round AS TEXT) AS tour, \
                 CASE WHEN m.volunteer_id = $1 THEN 'porter' ELSE 'donner' END AS role, \
                 CAST(m.requester_accepted AS TEXT) AS accord_de_qui_donne, \
                 CAST(m.volunteer_accepted AS TEXT) AS accord_de_qui_porte, \
                 CAST(m.created_at AS TEXT) AS le, CAST(m.withdrawn_at AS TEXT) AS retiree_le \
                 FROM proxy_matches m JOIN ballots b ON b.id = m.ballot_id \
                 JOIN proxy_requests r ON r.id = m.request_id \
                 WHERE m.volunteer_id = $1 OR r.person_id = $1 ORDER BY m.id",
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
            "dons": gifts,
            "paiements_des_dons": payments,
            "dons_mensuels": monthly_gifts,
            "commandes_de_materiel": material_orders,
            "articles_commandes": material_lines,
            "programme": self.programme_data_of(person_id).await?,
            "inscription_sur_les_listes_electorales": electoral_status,
            "demandes_de_procuration": proxy_requests,
            "offres_de_procuration": proxy_offers,
            "propositions_de_procuration": proxy_matches,
        })))
    }

    /// Rows of text columns (cast in the SQL) as JSON objects keyed by the columns' names,
    /// which the SQL gives in French: they are the export's words.
    pub(crate) async fn records(
        &self,
        sql: &str,
        person_id: PersonId,
    ) -> Result<Vec<Value>, StoreError> {
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
