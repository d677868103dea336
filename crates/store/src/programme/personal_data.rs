//! What the programme holds about a person, for their copy of their data (GDPR art. 15, 20):
//! the consent they gave, what they wrote, supported and reported.

use essaim_domain::ids::PersonId;
use serde_json::Value;

use crate::{Store, StoreError};

impl Store {
    pub(crate) async fn programme_data_of(&self, person_id: PersonId) -> Result<Value, StoreError> {
        let contributions = self
            .records(
                "SELECT CAST(id AS TEXT) AS numero, CAST(axis AS TEXT) AS axe, title AS titre, \
                 body AS texte, departement, author_label AS nom_affiche, status AS statut, \
                 CAST(supports AS TEXT) AS soutiens, CAST(created_at AS TEXT) AS le \
                 FROM programme_contributions WHERE author_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let addenda = self
            .records(
                "SELECT CAST(a.contribution_id AS TEXT) AS contribution, a.body AS texte, \
                 CAST(a.created_at AS TEXT) AS le FROM programme_addenda a \
                 JOIN programme_contributions c ON c.id = a.contribution_id \
                 WHERE c.author_id = $1 ORDER BY a.id",
                person_id,
            )
            .await?;
        let supports = self
            .records(
                "SELECT CAST(s.contribution_id AS TEXT) AS contribution, c.title AS titre, \
                 CAST(s.created_at AS TEXT) AS le FROM programme_supports s \
                 JOIN programme_contributions c ON c.id = s.contribution_id \
                 WHERE s.person_id = $1 ORDER BY s.contribution_id",
                person_id,
            )
            .await?;
        let comments = self
            .records(
                "SELECT CAST(contribution_id AS TEXT) AS contribution, body AS texte, \
                 status AS statut, CAST(created_at AS TEXT) AS le \
                 FROM programme_comments WHERE author_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let reports = self
            .records(
                "SELECT target_kind AS objet, CAST(target_id AS TEXT) AS numero, reason AS raison, \
                 detail AS precision, CAST(created_at AS TEXT) AS le \
                 FROM programme_reports WHERE reporter_id = $1 ORDER BY id",
                person_id,
            )
            .await?;
        let consent = self
            .records(
                "SELECT consent_text AS texte, CAST(given_at AS TEXT) AS le \
                 FROM programme_consents WHERE person_id = $1",
                person_id,
            )
            .await?;
        Ok(serde_json::json!({
            "consentement": consent,
            "contributions": contributions,
            "complements": addenda,
            "soutiens": supports,
            "commentaires": comments,
            "signalements": reports,
        }))
    }
}
