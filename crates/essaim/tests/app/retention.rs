//! The retention rules on a fake clock: for each rule a row just past its limit and one just
//! within it (the ledger, material addresses and procurations: in their features' tests); the dry run counts exactly the rows past, and deletes nothing; the run deletes
//! exactly them; a second dry run finds nothing. The settings move the limits, the privacy
//! notice states them, and the `essaim retention` command lists and deletes the same.

use essaim::retention::{apply, describe, dry_run, RetentionPolicy};
use essaim::retention_config::RetentionSettings;
use essaim_domain::donations::{Cents, DonorForm, Frequency, PaymentMethod};
use essaim_domain::ids::GiftId;
use essaim_domain::FieldErrors;
use essaim_store::audit::AuditEntry;
use essaim_store::donations::{GiftStatus, NewGiftRecord};
use essaim_store::retention::{RetentionReport, RetentionRule};
use sqlx::Row;

use crate::support::{both_backends, Backend, TestApp};

const DAY: i64 = 86_400;

/// Ten years ahead of the real clock: the app's own hourly housekeeping, which runs beside the
/// test on the real clock, finds none of these rows old enough to touch.
fn fake_now() -> i64 {
    essaim_store::now() + 3650 * DAY
}

/// The app, its housekeeping on the real clock.
async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::spawn(backend).await
}

/// A person with a signature (`pending` or `confirmed`) made at `signed_at`.
async fn signer(app: &TestApp, email: &str, status: &str, signed_at: i64) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
         referral_code, created_at) VALUES ($1, $1, 'Camille', 'Dupont', '75011', 'FR', $1, $2) \
         RETURNING id",
    )
    .bind(email)
    .bind(signed_at)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO signatures (person_id, status, departement, created_at) VALUES ($1, $2, '75', $3)",
    )
    .bind(id)
    .bind(status)
    .bind(signed_at)
    .execute(app.store.pool())
    .await
    .unwrap();
    id
}

async fn session(app: &TestApp, person: i64, name: &str, expires_at: i64) {
    sqlx::query(
        "INSERT INTO sessions (id_hash, person_id, created_at, expires_at) VALUES ($1, $2, 0, $3)",
    )
    .bind(name)
    .bind(person)
    .bind(expires_at)
    .execute(app.store.pool())
    .await
    .unwrap();
}

async fn login_token(app: &TestApp, person: i64, nonce: &str, expires_at: i64) {
    sqlx::query("INSERT INTO login_tokens (nonce, person_id, expires_at) VALUES ($1, $2, $3)")
        .bind(nonce)
        .bind(person)
        .bind(expires_at)
        .execute(app.store.pool())
        .await
        .unwrap();
}

async fn login_request(app: &TestApp, at: i64) {
    sqlx::query("INSERT INTO login_requests (email_hash, requested_at) VALUES ('h', $1)")
        .bind(at)
        .execute(app.store.pool())
        .await
        .unwrap();
}

/// An email in the outbox, sent at `sent_at` or given up at `dead_at` (or neither: waiting).
/// `kind` names it, for the test to find which are left.
async fn email(app: &TestApp, person: i64, kind: &str, sent_at: Option<i64>, dead_at: Option<i64>) {
    sqlx::query(
        "INSERT INTO outbox (person_id, kind, next_attempt_at, created_at, sent_at, dead_at) \
         VALUES ($1, $2, $3, 0, $4, $5)",
    )
    .bind(person)
    .bind(kind)
    .bind(i64::MAX / 2)
    .bind(sent_at)
    .bind(dead_at)
    .execute(app.store.pool())
    .await
    .unwrap();
}

async fn audit(app: &TestApp, subject: &str, at: i64) {
    let entry = AuditEntry {
        actor_id: None,
        actor: "equipe@exemple.fr",
        action: "GET /admin",
        subject,
        ip: None,
    };
    app.store.audit(&entry, at).await.unwrap();
}

/// A gift asked at `asked_at`, waiting for its payment.
async fn unpaid_gift(app: &TestApp, asked_at: i64) -> GiftId {
    let mut errors = FieldErrors::default();
    let donor = DonorForm {
        email: "hesitante@exemple.fr".into(),
        civility: "madame".into(),
        first_name: "Rose".into(),
        last_name: "Hésitante".into(),
        address_line1: "1 rue Haute".into(),
        postal_code: "69001".into(),
        commune: "Lyon".into(),
        nationality: "francaise".into(),
        sworn: true,
        ..DonorForm::default()
    }
    .parse(&mut errors)
    .unwrap();
    let gift = NewGiftRecord {
        donor: &donor,
        amount: Cents::euros(10),
        frequency: Frequency::Once,
        method: PaymentMethod::Card,
        status: GiftStatus::Pending,
        replaces_monthly: false,
        entered_by: None,
    };
    app.store.create_gift(&gift, asked_at).await.unwrap().0
}

/// The values of `column` left in `table`, sorted.
async fn left(app: &TestApp, table: &str, column: &str) -> Vec<String> {
    let rows = sqlx::query(&format!("SELECT {column} FROM {table} ORDER BY {column}"))
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    rows.iter().map(|row| row.get::<String, _>(0)).collect()
}

fn counts(report: &RetentionReport) -> Vec<(RetentionRule, u64)> {
    report.lines.clone()
}

/// For each rule, one row at its cut-off minus a second (past it) and one at the cut-off
/// (kept: the limits are strict, expiry excepted, which is `<=` now); then dry run, run, and
/// dry run again.
async fn rules_delete_exactly_what_they_list(
    app: &TestApp,
    settings: &RetentionSettings,
    now: i64,
) {
    let policy = RetentionPolicy {
        retention: settings.clone(),
        ..Default::default()
    };
    let cutoffs = policy.cutoffs(now);
    // Signers: one past the limit (with a session expired, counted by its own rule), one just
    // within, one confirmed long ago.
    let stale = signer(
        app,
        "jamais-confirmee@exemple.fr",
        "pending",
        cutoffs.unconfirmed_before - 1,
    )
    .await;
    session(app, stale, "session-du-signataire-efface", now - 10).await;
    signer(
        app,
        "pas-encore@exemple.fr",
        "pending",
        cutoffs.unconfirmed_before,
    )
    .await;
    let kept = signer(
        app,
        "confirmee@exemple.fr",
        "confirmed",
        cutoffs.unconfirmed_before - 10 * DAY,
    )
    .await;
    session(app, kept, "session-expiree", now).await;
    session(app, kept, "session-valide", now + 1).await;
    login_token(app, kept, "lien-expire", now).await;
    login_token(app, kept, "lien-valide", now + 1).await;
    login_request(app, cutoffs.login_requests_before - 1).await;
    login_request(app, cutoffs.login_requests_before).await;
    let sent = cutoffs.sent_emails_before;
    email(app, kept, "envoye-trop-vieux", Some(sent - 1), None).await;
    email(app, kept, "envoye-garde", Some(sent), None).await;
    email(app, kept, "abandonne-trop-vieux", None, Some(sent - 1)).await;
    email(app, kept, "abandonne-garde", None, Some(sent)).await;
    email(app, kept, "en-attente", None, None).await;
    audit(app, "entree-trop-vieille", cutoffs.audit_before - 1).await;
    audit(app, "entree-gardee", cutoffs.audit_before).await;
    let unpaid_too_old = unpaid_gift(app, cutoffs.unpaid_gifts_before - 1).await;
    let unpaid_kept = unpaid_gift(app, cutoffs.unpaid_gifts_before).await;

    let expected = vec![
        (RetentionRule::LoginTokens, 1),
        (RetentionRule::Sessions, 2),
        (RetentionRule::LoginRequests, 1),
        (RetentionRule::SentEmails, 2),
        (RetentionRule::AuditEntries, 1),
        (RetentionRule::UnpaidGifts, 1),
        (RetentionRule::LedgerLines, 0),
        (RetentionRule::OrderAddresses, 0),
        (RetentionRule::PastProxies, 0),
        (RetentionRule::UnconfirmedSigners, 1),
    ];
    let listed = dry_run(&app.store, &policy, now).await.unwrap();
    assert_eq!(
        counts(&listed),
        expected,
        "the dry run counts the rows past their limit"
    );
    assert_eq!(
        left(app, "people", "email").await.len(),
        4,
        "the dry run deletes nothing"
    );
    assert_eq!(
        left(app, "outbox", "kind").await.len(),
        5,
        "the dry run deletes nothing"
    );
    assert_eq!(
        left(app, "audit_log", "subject").await.len(),
        2,
        "the dry run deletes nothing"
    );

    let deleted = apply(&app.store, &policy, now).await.unwrap();
    assert_eq!(deleted, listed, "the run deletes what the dry run listed");
    assert_eq!(
        left(app, "people", "email").await,
        [
            "confirmee@exemple.fr",
            "hesitante@exemple.fr",
            "pas-encore@exemple.fr"
        ],
        "the donor of the gifts has no signature: not a signer the rule erases"
    );
    assert_eq!(left(app, "sessions", "id_hash").await, ["session-valide"]);
    assert_eq!(left(app, "login_tokens", "nonce").await, ["lien-valide"]);
    let requests: Vec<i64> = sqlx::query_scalar("SELECT requested_at FROM login_requests")
        .fetch_all(app.store.pool())
        .await
        .unwrap();
    assert_eq!(requests, [cutoffs.login_requests_before]);
    assert_eq!(
        left(app, "outbox", "kind").await,
        ["abandonne-garde", "en-attente", "envoye-garde"]
    );
    assert_eq!(left(app, "audit_log", "subject").await, ["entree-gardee"]);

    assert!(app.store.gift(unpaid_too_old).await.unwrap().is_none());
    assert!(app.store.gift(unpaid_kept).await.unwrap().is_some());

    let again = dry_run(&app.store, &policy, now).await.unwrap();
    assert_eq!(again.total(), 0, "nothing left to delete: {again:?}");
}

both_backends! {
    async fn the_rules_delete_exactly_what_the_dry_run_lists(backend: backend) {
        let Some(app) = app(backend).await else { return };
        rules_delete_exactly_what_they_list(&app, &RetentionSettings::default(), fake_now()).await;
    }

    async fn the_settings_move_the_limits(backend: backend) {
        let Some(app) = app(backend).await else { return };
        let settings = RetentionSettings { unconfirmed_days: 10, sent_email_days: 7, audit_days: 90 };
        let now = fake_now();
        let cutoffs = RetentionPolicy { retention: settings.clone(), ..Default::default() }.cutoffs(now);
        assert_eq!(cutoffs.unconfirmed_before, now - 10 * DAY);
        assert_eq!(cutoffs.sent_emails_before, now - 7 * DAY);
        assert_eq!(cutoffs.audit_before, now - 90 * DAY);
        rules_delete_exactly_what_they_list(&app, &settings, now).await;
    }

    async fn the_hourly_maintenance_applies_the_rules(backend: backend) {
        // The app's own housekeeping keeps everything; the run below, on the defaults, does
        // not. (It reads the real clock: a day's margin either side of the limit.)
        let Some(app) = TestApp::spawn_with(backend, |config| {
            config.retention.unconfirmed_days = 36_500;
            config.retention.sent_email_days = 36_500;
        })
        .await else { return };
        let now = essaim_store::now();
        signer(&app, "jamais-confirmee@exemple.fr", "pending", now - 31 * DAY).await;
        let kept = signer(&app, "pas-encore@exemple.fr", "pending", now - 29 * DAY).await;
        email(&app, kept, "envoye-trop-vieux", Some(now - 31 * DAY), None).await;
        email(&app, kept, "envoye-garde", Some(now - 29 * DAY), None).await;
        essaim::maintenance::run_once(&app.store, &RetentionPolicy::default()).await;
        assert_eq!(left(&app, "people", "email").await, ["pas-encore@exemple.fr"]);
        assert_eq!(left(&app, "outbox", "kind").await, ["envoye-garde"]);
    }

    async fn the_privacy_notice_states_the_durations(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| {
            config.retention = RetentionSettings { unconfirmed_days: 21, sent_email_days: 14, audit_days: 400 };
        })
        .await else { return };
        let (status, notice) = app.get(&app.client, "/confidentialite").await;
        assert_eq!(status, 200);
        assert!(notice.contains("Durées de conservation"));
        assert!(notice.contains("au bout de 21 jours"), "unconfirmed signatures");
        assert!(notice.contains("effacé 14 jours après son envoi"), "emails");
        assert!(notice.contains("conservé 400 jours"), "audit log");
    }

    async fn the_command_lists_then_deletes(backend: backend) {
        // The app's own housekeeping keeps everything; the command, on the defaults, does not.
        let Some(app) = TestApp::spawn_with(backend, |config| {
            config.retention.unconfirmed_days = 36_500;
        })
        .await else { return };
        signer(&app, "jamais-confirmee@exemple.fr", "pending", essaim_store::now() - 31 * DAY).await;
        let config = tempfile::tempdir().unwrap();
        let essaim = |args: &[&str]| {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
                .arg("--config")
                .arg(config.path().join("absent.toml"))
                .args(args)
                .env("ESSAIM_DATABASE_URL", &app.database_url)
                .env_remove("DATABASE_URL")
                .env("RUST_LOG", "warn")
                .output()
                .expect("the essaim binary runs");
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            String::from_utf8(output.stdout).unwrap()
        };
        let listed = essaim(&["retention", "--dry-run"]);
        let expected = describe(&dry_run(&app.store, &RetentionPolicy::default(), essaim_store::now()).await.unwrap(), true);
        for line in &expected {
            assert!(listed.contains(line.as_str()), "{line:?} in {listed}");
        }
        assert!(listed.contains("1 signataires jamais confirmé·es seraient effacé·es"), "{listed}");
        assert!(listed.contains("0 entrées du journal des actions de l'équipe seraient effacées"), "{listed}");
        assert!(listed.contains("liens de connexion expirés seraient effacés"), "the words agree: {listed}");
        assert_eq!(left(&app, "people", "email").await.len(), 1, "the dry run deletes nothing");
        let done = essaim(&["retention"]);
        assert!(done.contains("1 signataires jamais confirmé·es effacé·es"), "{done}");
        assert!(left(&app, "people", "email").await.is_empty());
        assert!(essaim(&["retention", "--dry-run"]).contains("0 signataires jamais confirmé·es seraient effacé·es"));
    }
}
