//! The public counts (`/api/compteur`, the home page): both figures come from one read, and the
//! read never waits behind a transaction that holds locks (an account deletion, a burst).

use std::time::{Duration, Instant};

use essaim_domain::ids::SignatureId;
use sqlx::Connection;

use crate::support::{both_backends, Backend, TestApp};

/// Polls the API until the signature figure is `signatures`; returns what it showed then.
async fn first_showing(app: &TestApp, signatures: i64) -> (i64, i64) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let figures = app.counts_shown().await;
        if figures.0 == signatures {
            return figures;
        }
        assert!(
            Instant::now() < deadline,
            "the API still shows {figures:?}, not {signatures} signatures"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Signs through the form; returns the new pending signature's id.
async fn pending_signature(app: &TestApp, email: &str) -> SignatureId {
    let (status, _) = app.sign(&app.browser(), email).await;
    assert_eq!(status, 200);
    app.signature_of(email).await.id
}

both_backends! {
    async fn the_offline_figure_arrives_with_the_signature_figure(app) {
        // Entered on paper by a group (no email: it counts apart)…
        sqlx::query(
            "INSERT INTO offline_signups (first_name, last_name, postal_code, departement, name_key, method, collected_on, created_at) \
             VALUES ('Paul', 'Durand', '75018', '75', 'paul durand', 'papier', '2026-12-01', $1)",
        )
        .bind(essaim_store::now())
        .execute(app.store.pool())
        .await
        .unwrap();
        // …then a signature confirmed.
        let id = pending_signature(&app, "apres@exemple.fr").await;
        app.store.confirm_signature(id, essaim_store::now()).await.unwrap();
        // Both were in the database before the refresh that shows the signature: one read
        // brings both, so the offline figure is never behind the other.
        assert_eq!(first_showing(&app, 1).await, (1, 1));
    }

    async fn the_figure_shown_does_not_wait_for_a_transaction_holding_locks(app) {
        let first = pending_signature(&app, "avant@exemple.fr").await;
        app.store.confirm_signature(first, essaim_store::now()).await.unwrap();
        assert_eq!(first_showing(&app, 1).await.0, 1);
        let second = pending_signature(&app, "pendant@exemple.fr").await;

        // Confirmed, then at once another transaction takes the locks an account deletion
        // takes (the signature rows on PostgreSQL, the database's write lock on SQLite) and
        // keeps them: the new confirmation must show all the same.
        app.store.confirm_signature(second, essaim_store::now()).await.unwrap();
        let mut holder = sqlx::AnyConnection::connect(&app.database_url).await.unwrap();
        match app.backend {
            Backend::Sqlite => {
                sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut holder).await.unwrap();
            }
            Backend::Postgres => {
                sqlx::raw_sql("BEGIN; SELECT id FROM signatures FOR UPDATE").execute(&mut holder).await.unwrap();
            }
        }
        let figures = first_showing(&app, 2).await;
        sqlx::raw_sql("ROLLBACK").execute(&mut holder).await.unwrap();
        assert_eq!(figures.0, 2);
        // And once the locks are gone, the flush folds everything: still exact.
        app.store.flush_counter().await.unwrap();
        assert_eq!(app.settled_count().await, 2);
    }
}
