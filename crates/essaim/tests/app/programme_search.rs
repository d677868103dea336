//! The programme's full-text search on both databases: French stemming (plural, feminine,
//! accents), an edit replacing what the index holds, and queries holding the databases' own
//! syntax read as plain words, never as an error.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::contribution::parse_contribution;
use essaim_domain::programme::search::SearchQuery;
use essaim_domain::programme::AxisNumber;
use essaim_store::now;
use essaim_store::programme::{EditOutcome, PublishOutcome};

use crate::support::{both_backends, TestApp};

async fn author(app: &TestApp) -> PersonId {
    app.signed_and_confirmed("autrice@exemple.fr").await;
    app.store
        .find_person_by_email("autrice@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn publish(app: &TestApp, author: PersonId, title: &str, body: &str) -> ContributionId {
    publish_at(app, author, title, body, now()).await
}

/// Published at `at`: an author publishes 5 a day at most.
async fn publish_at(
    app: &TestApp,
    author: PersonId,
    title: &str,
    body: &str,
    at: i64,
) -> ContributionId {
    let draft = parse_contribution(title, body, "").unwrap();
    let axis = AxisNumber::new(6).unwrap();
    match app
        .store
        .publish_contribution(author, None, axis, &draft, Some("consentement"), at)
        .await
        .unwrap()
    {
        PublishOutcome::Published(id) => id,
        other => panic!("{other:?}"),
    }
}

async fn found(app: &TestApp, typed: &str) -> Vec<ContributionId> {
    let query = SearchQuery::parse(typed).unwrap();
    let (cards, total) = app.store.search_contributions(&query, 1).await.unwrap();
    assert_eq!(cards.len() as i64, total, "{typed}");
    cards.into_iter().map(|c| c.id).collect()
}

both_backends! {
    async fn french_words_are_found_whatever_their_form(app) {
        let me = author(&app).await;
        let schools = publish(&app, me, "Des écoles publiques gratuites", "Une école par village, avec ses enseignants.").await;
        let health = publish(&app, me, "Santé", "Rouvrir les hôpitaux de proximité fermés.").await;
        assert_eq!(found(&app, "école").await, vec![schools]);
        assert_eq!(found(&app, "Ecoles PUBLIQUES").await, vec![schools]);
        assert_eq!(found(&app, "hôpital").await, vec![health]);
        assert!(found(&app, "école hôpital").await.is_empty(), "every word is needed");
    }

    async fn an_edit_replaces_what_the_search_finds(app) {
        let me = author(&app).await;
        let id = publish(&app, me, "Le vélo en ville", "Des pistes cyclables partout.").await;
        assert_eq!(found(&app, "cyclables").await, vec![id]);
        let draft = parse_contribution("Le train de nuit", "Des trains de nuit partout en Europe.", "").unwrap();
        assert_eq!(app.store.edit_contribution(id, me, &draft, now()).await.unwrap(), EditOutcome::Edited);
        assert!(found(&app, "cyclables").await.is_empty(), "the old words are gone");
        assert_eq!(found(&app, "trains nuit").await, vec![id]);
    }

    async fn a_page_of_results_is_full_even_when_the_best_matches_are_hidden(app) {
        let me = author(&app).await;
        // 130 matches; the 25 listed ones are long (ranked low), the 105 hidden ones short
        // (ranked high): on SQLite the best 120 matches, ranked first, hold only 15 listed ones.
        let mut ids = Vec::new();
        for n in 0..130 {
            let padding = if n < 25 { 30 + n } else { n % 3 };
            let body = format!("Des pistes cyclables{}", " et des arbres".repeat(padding));
            ids.push(publish_at(&app, me, &format!("Vélo n° {n}"), &body, now() + n as i64 * 86_400).await);
        }
        let listed: Vec<ContributionId> = ids[..25].to_vec();
        for id in &ids[25..] {
            sqlx::query("UPDATE programme_contributions SET status = 'hidden' WHERE id = $1")
                .bind(id.get())
                .execute(app.store.pool())
                .await
                .unwrap();
        }
        let query = SearchQuery::parse("cyclables").unwrap();
        let (first, total) = app.store.search_contributions(&query, 1).await.unwrap();
        let (second, _) = app.store.search_contributions(&query, 2).await.unwrap();
        assert_eq!((first.len(), second.len(), total), (20, 5, 25));
        let mut found: Vec<ContributionId> = first.iter().chain(&second).map(|c| c.id).collect();
        found.sort();
        assert_eq!(found, listed, "every listed match once, no hidden one");
    }

    async fn the_databases_own_syntax_is_read_as_words(app) {
        let me = author(&app).await;
        let id = publish(&app, me, "Référendum d'initiative citoyenne", "Le RIC, en toutes matières.").await;
        for typed in [
            "référendum\" OR \"x", "initiative*", "title:référendum", "NEAR(référendum citoyenne)",
            "référendum & !citoyenne", "référendum | x", "référendum <-> citoyenne", "(référendum",
            "l'initiative", "référendum:*",
        ] {
            let query = SearchQuery::parse(typed).unwrap();
            let result = app.store.search_contributions(&query, 1).await;
            assert!(result.is_ok(), "{typed}: {result:?}");
        }
        assert_eq!(found(&app, "(référendum:* citoyenne!)").await, vec![id]);
        assert_eq!(found(&app, "l'initiative").await, vec![id]);
    }
}
