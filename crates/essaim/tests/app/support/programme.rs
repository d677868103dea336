//! Programme in tests: contributions proposed through the real form (its similar-contribution
//! step included), the buttons of a contribution's page pressed as a person does, and people
//! made straight in the database when a test needs many supporters.

use essaim_domain::ids::{ContributionId, PersonId};

use super::{id_in, TestApp, Visitor};

/// The contribution form's fields for a first contribution (consent given, name shown).
pub fn contribution_fields<'a>(title: &'a str, body: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("title", title),
        ("body", body),
        ("departement", ""),
        ("show_name", "1"),
        ("consent", "1"),
        ("etape", "verifier"),
    ]
}

pub fn contribute_path(axis: i64) -> String {
    format!("/programme/axe/{axis}/contribuer")
}

pub fn contribution_path(id: ContributionId) -> String {
    format!("/programme/contributions/{id}")
}

impl TestApp {
    /// Sends the contribution form of `axis` as `who`; returns the status, the redirect and the
    /// page.
    pub async fn propose(
        &self,
        who: &Visitor,
        axis: i64,
        fields: &[(&str, &str)],
    ) -> (u16, String, String) {
        let path = contribute_path(axis);
        self.post_form(who, &path, &path, fields).await
    }

    /// `who` (confirmed, logged in) publishes a contribution through the form, pressing
    /// "Publier ma contribution quand même" if similar ones are shown; its id.
    pub async fn contribute(
        &self,
        who: &Visitor,
        axis: i64,
        title: &str,
        body: &str,
    ) -> ContributionId {
        self.contribute_with(who, axis, &contribution_fields(title, body))
            .await
    }

    /// The same with the form's fields as given (`etape` aside).
    pub async fn contribute_with(
        &self,
        who: &Visitor,
        axis: i64,
        fields: &[(&str, &str)],
    ) -> ContributionId {
        let (mut status, mut location, page) = self.propose(who, axis, fields).await;
        if status == 200 && page.contains("Des contributions semblables existent") {
            let mut fields: Vec<(&str, &str)> = fields
                .iter()
                .filter(|(name, _)| *name != "etape")
                .copied()
                .collect();
            fields.push(("etape", "publier"));
            (status, location, _) = self.propose(who, axis, &fields).await;
        }
        assert_eq!(status, 303, "the contribution is published: {page}");
        ContributionId::new(id_in(&location, "/programme/contributions/"))
    }

    /// Presses a button of contribution `id`'s page (`soutenir`, `retirer-soutien`) or sends
    /// one of its forms (`commenter`, `signaler`, `complement`); returns the status, the
    /// redirect and the page.
    pub async fn on_contribution(
        &self,
        who: &Visitor,
        id: ContributionId,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String, String) {
        let page = contribution_path(id);
        self.post_form(who, &page, &format!("{page}/{action}"), fields)
            .await
    }

    /// A person straight into the database (no signature, no email): for the many supporters
    /// a race needs.
    pub async fn programme_person(&self, n: usize) -> PersonId {
        let email = format!("soutien{n}@exemple.fr");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
             referral_code, created_at) VALUES ($1, $1, $2, 'Dupont', NULL, 'FR', $3, 0) RETURNING id",
        )
        .bind(&email)
        .bind(format!("Personne{n}"))
        .bind(format!("code-soutien-{n}"))
        .fetch_one(self.store.pool())
        .await
        .unwrap();
        PersonId::new(id)
    }

    /// A contribution's supports as kept on it.
    pub async fn supports_of(&self, id: ContributionId) -> i64 {
        self.store
            .contribution(id)
            .await
            .unwrap()
            .unwrap()
            .card
            .supports
    }
}
