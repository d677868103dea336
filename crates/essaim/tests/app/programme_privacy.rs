//! The programme and people's rights over their data: their copy holds what they wrote,
//! supported and reported, and the consent they gave; deleting the account removes their
//! supports and reports and leaves their contributions anonymised, or deletes them, as they chose.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::contribution::parse_contribution;
use essaim_domain::programme::report::parse_report;
use essaim_domain::programme::search::SearchQuery;
use essaim_domain::programme::AxisNumber;
use essaim_store::now;
use essaim_store::programme::{CommentOutcome, NewComment, PublishOutcome, ReportTarget};

use crate::support::{both_backends, TestApp, Visitor};

const CONSENT: &str = "J'accepte que ma contribution soit publiée (test).";

async fn person(app: &TestApp, email: &str) -> (Visitor, PersonId) {
    let visitor = app.signed_and_confirmed(email).await;
    let id = app
        .store
        .find_person_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id;
    (visitor, id)
}

async fn publish(app: &TestApp, author: PersonId, title: &str) -> ContributionId {
    let draft = parse_contribution(title, "Un texte assez long pour être publié.", "").unwrap();
    let axis = AxisNumber::new(3).unwrap();
    match app
        .store
        .publish_contribution(author, Some("Alice A."), axis, &draft, Some(CONSENT), now())
        .await
        .unwrap()
    {
        PublishOutcome::Published(id) => id,
        other => panic!("not published: {other:?}"),
    }
}

/// Bob supports, comments on and reports Alice's contribution.
async fn bob_reacts(app: &TestApp, bob: PersonId, id: ContributionId) {
    app.store
        .support_contribution(id, bob, now())
        .await
        .unwrap();
    let outcome = app
        .store
        .add_comment(&comment(id, bob, "Bob B.", "commentaire-de-bob"), now())
        .await
        .unwrap();
    assert!(matches!(outcome, CommentOutcome::Added(_)));
    let report = parse_report("hors-sujet", "signalement-de-bob").unwrap();
    app.store
        .report_programme(ReportTarget::Contribution(id), bob, &report, now())
        .await
        .unwrap();
}

fn comment<'a>(
    contribution: ContributionId,
    author: PersonId,
    label: &'a str,
    body: &'a str,
) -> NewComment<'a> {
    NewComment {
        contribution,
        parent: None,
        author,
        author_label: Some(label),
        body,
        consent_text: Some(CONSENT),
    }
}

async fn my_data(app: &TestApp, me: &Visitor) -> serde_json::Value {
    let response = me
        .get(app.url("/mon-espace/donnees.json"))
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

async fn delete_account(app: &TestApp, me: &Visitor, contributions: &str) {
    let (status, page) = app
        .submit(
            me,
            "/mon-espace",
            "/mon-espace/supprimer",
            &[("confirmer", "1"), ("contributions", contributions)],
        )
        .await;
    assert_eq!(status, 200, "{page}");
}

both_backends! {
    async fn my_copy_of_my_data_holds_what_i_wrote_supported_and_reported(app) {
        let (alice, alice_id) = person(&app, "alice@exemple.fr").await;
        let (bob, bob_id) = person(&app, "bob@exemple.fr").await;
        let id = publish(&app, alice_id, "Titre-d-alice").await;
        bob_reacts(&app, bob_id, id).await;

        let (_, space) = app.get(&alice, "/mon-espace").await;
        assert!(space.contains(&format!("href=\"/programme/contributions/{id}\">Titre-d-alice</a> — publiée")), "Mon espace lists it");

        let data = my_data(&app, &alice).await;
        let programme = &data["programme"];
        assert_eq!(programme["contributions"][0]["titre"], "Titre-d-alice");
        assert_eq!(programme["consentement"][0]["texte"], CONSENT);

        let data = my_data(&app, &bob).await;
        let programme = &data["programme"];
        assert_eq!(programme["soutiens"][0]["titre"], "Titre-d-alice");
        assert_eq!(programme["commentaires"][0]["texte"], "commentaire-de-bob");
        assert_eq!(programme["signalements"][0]["precision"], "signalement-de-bob");
        assert!(programme["contributions"].as_array().unwrap().is_empty());
    }

    async fn a_deleted_account_leaves_its_contributions_anonymised_by_default(app) {
        let (alice, alice_id) = person(&app, "alice@exemple.fr").await;
        let (bob, bob_id) = person(&app, "bob@exemple.fr").await;
        let id = publish(&app, alice_id, "Contribution qui reste").await;
        bob_reacts(&app, bob_id, id).await;

        delete_account(&app, &alice, "anonymiser").await;
        let kept = app.store.contribution(id).await.unwrap().expect("kept");
        assert_eq!(kept.author_id, None);
        assert_eq!(kept.card.author_label, None, "no name left");
        assert_eq!(kept.card.supports, 1, "Bob's support stays");

        delete_account(&app, &bob, "anonymiser").await;
        let kept = app.store.contribution(id).await.unwrap().unwrap();
        assert_eq!(kept.card.supports, 0, "Bob's support went with his account");
        assert_eq!(app.store.counted_supports(id).await.unwrap(), 0);
        let threads = app.store.comments_on(id).await.unwrap();
        assert_eq!(threads[0].comment.body, "commentaire-de-bob");
        assert_eq!(threads[0].comment.author_label, None);
        let reports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM programme_reports")
            .fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(reports, 0, "his report went too");
    }

    async fn a_deleted_account_may_take_its_contributions_with_it(app) {
        let (alice, alice_id) = person(&app, "alice@exemple.fr").await;
        let (_bob, bob_id) = person(&app, "bob@exemple.fr").await;
        let id = publish(&app, alice_id, "Transports gratuits partout").await;
        let other = publish(&app, bob_id, "Transports gratuits en ville").await;
        bob_reacts(&app, bob_id, id).await;
        app.store.support_contribution(other, alice_id, now()).await.unwrap();
        let alice_comment = app
            .store
            .add_comment(&comment(other, alice_id, "Alice A.", "commentaire-d-alice"), now())
            .await
            .unwrap();
        assert!(matches!(alice_comment, CommentOutcome::Added(_)));

        delete_account(&app, &alice, "supprimer").await;
        assert!(app.store.contribution(id).await.unwrap().is_none(), "deleted");
        let query = SearchQuery::parse("transports gratuits").unwrap();
        let (found, total) = app.store.search_contributions(&query, 1).await.unwrap();
        assert_eq!((found.len(), total), (1, 1), "the search no longer finds it");
        assert_eq!(found[0].id, other);
        let remaining = app.store.contribution(other).await.unwrap().unwrap();
        assert_eq!(remaining.card.supports, 0, "her support went");
        let threads = app.store.comments_on(other).await.unwrap();
        assert_eq!(threads[0].comment.body, "", "her comment's text is gone");
        assert_eq!(threads[0].comment.author_id, None);
        for table in ["programme_supports", "programme_reports", "programme_consents"] {
            let rows: i64 = sqlx::query_scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {} = $1",
                if table == "programme_reports" { "reporter_id" } else { "person_id" }
            ))
            .bind(alice_id.get())
            .fetch_one(app.store.pool()).await.unwrap();
            assert_eq!(rows, 0, "{table}");
        }
    }
}
