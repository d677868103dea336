//! The programme in the back-office and its public results: hiding and restoring with a reason
//! (logged, told to the author, the reports starting again), blocking a person and unblocking
//! them, merging a duplicate (supports left where they were given, each supporter told once),
//! a coordinator's synthesis, and results and open data that count only what is visible and
//! carry what people typed as data, never as markup or formulas.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::contribution::{parse_contribution, ContributionDraft};
use essaim_domain::programme::moderation::Decision;
use essaim_domain::programme::report::{Report, ReportReason};
use essaim_domain::programme::synthesis::parse_synthesis;
use essaim_domain::programme::AxisNumber;
use essaim_store::now;
use essaim_store::programme::{
    CommentOutcome, CommentStatus, ContributionStatus, DecisionTarget, NewComment, PublishOutcome,
    ReportOutcome, ReportTarget, SupportOutcome, COORDINATION,
};

use crate::support::{both_backends, unescape, TestApp, Visitor};

const MODERATOR: &str = "moderation@exemple.fr";
const CONSENT: &str = "J'accepte que ma contribution soit publiée.";
const BODY: &str = "Un texte assez long pour être publié tel quel.";

/// A person straight into the database (no sign-up emails): the tests need many.
async fn person(app: &TestApp, email: &str) -> PersonId {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
         referral_code, created_at) VALUES ($1, $1, 'Camille', 'Dupont', NULL, 'FR', $1, 0) \
         RETURNING id",
    )
    .bind(email)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    PersonId::new(id)
}

/// The moderator, logged in and staff ("Louise Michel"), and their id.
async fn moderator(app: &TestApp) -> (Visitor, PersonId) {
    let visitor = app.signed_and_confirmed(MODERATOR).await;
    assert!(app
        .store
        .grant_staff_role(
            MODERATOR,
            essaim_domain::staff::StaffRole::Moderation,
            essaim_store::now()
        )
        .await
        .unwrap());
    let id = app
        .store
        .find_person_by_email(MODERATOR)
        .await
        .unwrap()
        .unwrap()
        .id;
    (visitor, id)
}

fn axis(number: i64) -> AxisNumber {
    AxisNumber::new(number).unwrap()
}

/// A contribution published through the store, its author named "Camille D." (`named`) or not.
async fn publish_as(
    app: &TestApp,
    author: PersonId,
    on: i64,
    title: &str,
    named: bool,
) -> ContributionId {
    let draft = parse_contribution(title, BODY, "").unwrap();
    let label = named.then_some("Camille D.");
    match app
        .store
        .publish_contribution(author, label, axis(on), &draft, Some(CONSENT), now())
        .await
        .unwrap()
    {
        PublishOutcome::Published(id) => id,
        other => panic!("{title} is published: {other:?}"),
    }
}

async fn publish(app: &TestApp, author: PersonId, on: i64, title: &str) -> ContributionId {
    publish_as(app, author, on, title, true).await
}

async fn support(app: &TestApp, id: ContributionId, who: PersonId) {
    let outcome = app
        .store
        .support_contribution(id, who, now())
        .await
        .unwrap();
    assert_eq!(outcome, SupportOutcome::Supported);
}

async fn report(app: &TestApp, target: ReportTarget, who: PersonId) -> ReportOutcome {
    let report = Report {
        reason: ReportReason::Offensive,
        detail: None,
    };
    app.store
        .report_programme(target, who, &report, now())
        .await
        .unwrap()
}

/// A comment through the store, with the consent a first comment asks.
async fn comment_on(
    app: &TestApp,
    on: ContributionId,
    author: PersonId,
    body: &str,
) -> CommentOutcome {
    let comment = NewComment {
        contribution: on,
        parent: None,
        author,
        author_label: None,
        body,
        consent_text: Some(CONSENT),
    };
    app.store.add_comment(&comment, now()).await.unwrap()
}

async fn status_of(app: &TestApp, id: ContributionId) -> ContributionStatus {
    app.store.contribution(id).await.unwrap().unwrap().status
}

/// Posts `fields` to `action` with the token of the moderation page: status, redirect, text.
async fn post(
    app: &TestApp,
    who: &Visitor,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (status, location, body) = app.post_form(who, "/admin/programme", action, fields).await;
    (status, location, unescape(&body))
}

async fn read(app: &TestApp, who: &Visitor, path: &str) -> (u16, String) {
    let (status, html) = app.get(who, path).await;
    (status, unescape(&html))
}

/// A file of the open data: its content type and bytes.
async fn open_data(app: &TestApp, path: &str) -> (String, Vec<u8>) {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200, "{path}");
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    (kind, response.bytes().await.unwrap().to_vec())
}

/// The CSV's header and records, its BOM checked.
fn csv_records(file: &[u8]) -> Vec<Vec<String>> {
    let body = file
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the file starts with a UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect()
}

async fn json_rows(app: &TestApp) -> Vec<serde_json::Value> {
    let (kind, bytes) = open_data(app, "/programme/resultats.json").await;
    assert_eq!(kind, "application/json");
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The titles of the three views of the results: the page, the CSV, the JSON.
async fn titles_everywhere(app: &TestApp) -> (String, Vec<String>, Vec<String>) {
    let (status, page) = read(app, &app.browser(), "/programme/resultats").await;
    assert_eq!(status, 200);
    let (_, csv) = open_data(app, "/programme/resultats.csv").await;
    let csv = csv_records(&csv)[1..]
        .iter()
        .map(|r| r[2].clone())
        .collect();
    let json = json_rows(app)
        .await
        .iter()
        .map(|row| row["titre"].as_str().unwrap().to_string())
        .collect();
    (page, csv, json)
}

both_backends! {
    async fn hiding_with_a_reason_logs_who_when_and_why_and_tells_the_author(app) {
        let (staff, _) = moderator(&app).await;
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        assert_eq!(app.get(&member, "/admin/programme").await.0, 403);
        let author = person(&app, "autrice@exemple.fr").await;
        let id = publish(&app, author, 1, "Référendum d'initiative citoyenne").await;
        let action = format!("/admin/programme/contributions/{id}/masquer");

        let (status, _, page) = post(&app, &staff, &action, &[("reason", "   ")]).await;
        assert_eq!(status, 422, "a decision needs its reason");
        assert!(page.contains("la raison de la décision"), "{page}");
        assert_eq!(status_of(&app, id).await, ContributionStatus::Published);

        let before = now();
        let (status, location, _) = post(&app, &staff, &action, &[("reason", "Propos injurieux envers une élue.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme?fait=masquee"));
        assert_eq!(status_of(&app, id).await, ContributionStatus::Hidden);
        let logged = &app.store.programme_decisions(10).await.unwrap()[0];
        assert_eq!(logged.decision, Decision::Hidden);
        assert_eq!(logged.target, DecisionTarget::Contribution(id));
        assert_eq!(logged.moderator.as_deref(), Some("Louise Michel"));
        assert_eq!(logged.reason, "Propos injurieux envers une élue.");
        assert!(logged.at >= before && logged.at <= now(), "when: {}", logged.at);

        let mail = app.wait_for_mail_with("autrice@exemple.fr", "Propos injurieux envers une élue.").await;
        assert!(mail.text.contains("Référendum d'initiative citoyenne"), "{}", mail.text);

        let (_, page) = read(&app, &staff, "/admin/programme?fait=masquee").await;
        assert!(page.contains("Masqué : l'auteur est prévenu par email"), "{page}");
        let log = &page[page.find("journal-decisions").unwrap()..];
        assert!(log.contains("Louise Michel") && log.contains("Propos injurieux envers une élue."), "{log}");

        let (status, _, page) = post(&app, &staff, &action, &[("reason", "Encore.")]).await;
        assert_eq!(status, 409, "hidden already: nothing changes");
        assert!(page.contains("Rien n'a changé"), "{page}");
    }

    async fn the_queue_lists_what_awaits_a_decision_before_what_a_moderator_already_hid(app) {
        let (staff, moderator_id) = moderator(&app).await;
        let author = person(&app, "autrice@exemple.fr").await;
        let decided = publish(&app, author, 1, "Deja-decidee").await;
        let by_reports = publish(&app, author, 1, "Masquee-par-signalements").await;
        let reported_once = publish(&app, author, 1, "Signalee-une-fois").await;
        for n in 0..3 {
            let who = person(&app, &format!("signal{n}@exemple.fr")).await;
            report(&app, ReportTarget::Contribution(by_reports), who).await;
            if n < 2 {
                report(&app, ReportTarget::Contribution(decided), who).await;
            }
        }
        let who = person(&app, "encore@exemple.fr").await;
        report(&app, ReportTarget::Contribution(reported_once), who).await;
        // A moderator hides the one reported twice: decided, though more reported than the third.
        app.store.moderate_programme(ReportTarget::Contribution(decided), Decision::Hidden, moderator_id, "Injurieux.", now()).await.unwrap();

        let queue = app.store.moderation_queue().await.unwrap();
        let order: Vec<(ReportTarget, bool)> = queue.iter().map(|item| (item.target, item.awaiting)).collect();
        assert_eq!(order, vec![
            (ReportTarget::Contribution(by_reports), true),
            (ReportTarget::Contribution(reported_once), true),
            (ReportTarget::Contribution(decided), false),
        ], "awaiting first, the most reported first");
        let (_, page) = read(&app, &staff, "/admin/programme").await;
        let first = page.find("Masquee-par-signalements").unwrap();
        let second = page.find("Signalee-une-fois").unwrap();
        let last = page.find("Deja-decidee").unwrap();
        assert!(first < second && second < last, "the page in the same order");
        assert!(page.contains("Masqué par les signalements, en attente de décision") && page.contains("Masqué par la modération"));
    }

    async fn a_reported_comment_waits_in_the_queue_with_its_reasons_and_is_hidden_with_a_reason(app) {
        let (staff, _) = moderator(&app).await;
        let author = person(&app, "auteur@exemple.fr").await;
        let commenter = person(&app, "commentatrice@exemple.fr").await;
        let id = publish(&app, author, 2, "Retraite à 60 ans").await;
        let CommentOutcome::Added(comment) = comment_on(&app, id, commenter, "Un commentaire déplacé.").await else {
            panic!("the comment is added");
        };
        let reporter = person(&app, "vigilante@exemple.fr").await;
        let detailed = Report { reason: ReportReason::Other, detail: Some("Vise une personne".into()) };
        app.store.report_programme(ReportTarget::Comment(comment), reporter, &detailed, now()).await.unwrap();

        let (_, page) = read(&app, &staff, "/admin/programme").await;
        let queue = &page[page.find("id=\"a-moderer\"").unwrap()..page.find("id=\"fusion\"").unwrap()];
        assert!(queue.contains("Un commentaire déplacé."), "{queue}");
        assert!(queue.contains("Autre raison : Vise une personne"), "{queue}");
        assert!(queue.contains("Retraite à 60 ans"), "{queue}");

        let action = format!("/admin/programme/commentaires/{comment}/masquer");
        let (status, _, _) = post(&app, &staff, &action, &[("reason", "Attaque personnelle.")]).await;
        assert_eq!(status, 303);
        assert_eq!(app.store.comment(comment).await.unwrap().unwrap().status, CommentStatus::Hidden);
        let mail = app.wait_for_mail_with("commentatrice@exemple.fr", "Attaque personnelle.").await;
        assert!(mail.text.contains("Votre commentaire sur"), "{}", mail.text);
        let unknown = format!("/admin/programme/commentaires/{}/masquer", comment.get() + 100);
        assert_eq!(post(&app, &staff, &unknown, &[("reason", "Rien.")]).await.0, 404);
    }

    async fn restoring_resets_the_reports_and_the_third_new_one_hides_again(app) {
        let (staff, _) = moderator(&app).await;
        let author = person(&app, "autrice@exemple.fr").await;
        let id = publish(&app, author, 3, "Gratuité des transports").await;
        let target = ReportTarget::Contribution(id);
        let mut reporters = Vec::new();
        for n in 0..5 {
            reporters.push(person(&app, &format!("lecteur{n}@exemple.fr")).await);
        }
        assert_eq!(report(&app, target, reporters[0]).await, ReportOutcome::Counted);
        assert_eq!(report(&app, target, reporters[1]).await, ReportOutcome::Counted);
        assert_eq!(report(&app, target, reporters[2]).await, ReportOutcome::Hidden);

        let action = format!("/admin/programme/contributions/{id}/retablir");
        let (status, location, _) = post(&app, &staff, &action, &[("reason", "Critique vive, mais pas injurieuse.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme?fait=retablie"));
        assert_eq!(status_of(&app, id).await, ContributionStatus::Published);
        app.wait_for_mail_with("autrice@exemple.fr", "Critique vive, mais pas injurieuse.").await;
        let (_, page) = read(&app, &staff, "/admin/programme").await;
        assert!(page.contains("Rien à modérer pour l'instant."), "restored, its reports cleared: out of the queue");

        // The earlier reporters may report again; two reports do not hide it, the third does.
        assert_eq!(report(&app, target, reporters[0]).await, ReportOutcome::Counted);
        assert_eq!(report(&app, target, reporters[3]).await, ReportOutcome::Counted);
        assert_eq!(status_of(&app, id).await, ContributionStatus::Published);
        assert_eq!(report(&app, target, reporters[4]).await, ReportOutcome::Hidden);
        assert_eq!(status_of(&app, id).await, ContributionStatus::Hidden);
        let decisions: Vec<Decision> = app.store.programme_decisions(10).await.unwrap().iter().map(|d| d.decision).collect();
        assert_eq!(decisions, [Decision::AutoHidden, Decision::Restored, Decision::AutoHidden]);
        let (_, page) = read(&app, &staff, "/admin/programme").await;
        assert!(page.contains("signalements"), "the reports' own decision is logged as theirs");
    }

    async fn a_blocked_person_can_neither_publish_support_nor_comment_until_unblocked(app) {
        let (staff, _) = moderator(&app).await;
        let blocked = person(&app, "bloquee@exemple.fr").await;
        let other = person(&app, "autre@exemple.fr").await;
        let own = publish(&app, blocked, 4, "Sortir des traités").await;
        let theirs = publish(&app, other, 4, "Renégocier les traités").await;
        let reporter = person(&app, "lectrice@exemple.fr").await;
        report(&app, ReportTarget::Contribution(own), reporter).await;
        let action = format!("/admin/programme/personnes/{blocked}/bloquer");

        let (status, _, page) = post(&app, &staff, &action, &[("reason", "")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("la raison de la décision"), "{page}");
        let (status, location, _) = post(&app, &staff, &action, &[("reason", "Insultes répétées.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme?fait=bloquee"));
        app.wait_for_mail_with("bloquee@exemple.fr", "Insultes répétées.").await;

        let draft = parse_contribution("Une autre idée", BODY, "").unwrap();
        let publishing = app.store.publish_contribution(blocked, None, axis(4), &draft, None, now()).await.unwrap();
        assert_eq!(publishing, PublishOutcome::Blocked);
        assert_eq!(app.store.support_contribution(theirs, blocked, now()).await.unwrap(), SupportOutcome::Blocked);
        let commenting = comment_on(&app, theirs, blocked, "Je commente.").await;
        assert_eq!(commenting, CommentOutcome::Blocked);
        let (_, page) = read(&app, &staff, "/admin/programme").await;
        let list = &page[page.find("id=\"bloquees\"").unwrap()..page.find("id=\"axes\"").unwrap()];
        assert!(list.contains("bloquee@exemple.fr") && list.contains("Insultes répétées."), "{list}");
        let logged = &app.store.programme_decisions(1).await.unwrap()[0];
        assert_eq!((logged.decision, logged.target), (Decision::Blocked, DecisionTarget::Person(blocked)));
        assert_eq!(post(&app, &staff, &action, &[("reason", "Encore.")]).await.0, 409);

        let action = format!("/admin/programme/personnes/{blocked}/debloquer");
        let (status, location, _) = post(&app, &staff, &action, &[("reason", "Excuses présentées.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme?fait=debloquee"));
        app.wait_for_mail_with("bloquee@exemple.fr", "Excuses présentées.").await;
        assert!(matches!(app.store.publish_contribution(blocked, None, axis(4), &draft, None, now()).await.unwrap(), PublishOutcome::Published(_)));
        assert_eq!(app.store.support_contribution(theirs, blocked, now()).await.unwrap(), SupportOutcome::Supported);
        assert!(matches!(comment_on(&app, theirs, blocked, "Je commente.").await, CommentOutcome::Added(_)));
        assert_eq!(app.store.programme_decisions(1).await.unwrap()[0].decision, Decision::Unblocked);
        let unknown = format!("/admin/programme/personnes/{}/bloquer", blocked.get() + 100);
        assert_eq!(post(&app, &staff, &unknown, &[("reason", "Rien.")]).await.0, 404);
    }

    async fn hidden_and_merged_contributions_are_left_out_of_the_results_and_the_open_data(app) {
        let (staff, _) = moderator(&app).await;
        let author = person(&app, "autrice@exemple.fr").await;
        let shown = publish(&app, author, 5, "Contribution visible").await;
        let hidden = publish(&app, author, 5, "Contribution masquée").await;
        let merged = publish(&app, author, 5, "Doublon fusionné").await;
        let action = format!("/admin/programme/contributions/{hidden}/masquer");
        assert_eq!(post(&app, &staff, &action, &[("reason", "Hors sujet.")]).await.0, 303);
        let action = format!("/admin/programme/contributions/{merged}/fusionner");
        let kept = shown.to_string();
        assert_eq!(post(&app, &staff, &action, &[("kept", &kept), ("reason", "Même idée.")]).await.0, 303);

        let (page, csv, json) = titles_everywhere(&app).await;
        assert!(page.contains("Contribution visible"));
        assert_eq!(csv, ["Contribution visible"]);
        assert_eq!(json, ["Contribution visible"]);
        for gone in ["Contribution masquée", "Doublon fusionné"] {
            assert!(!page.contains(gone), "{gone} on the results page");
        }
    }

    async fn a_merge_points_to_the_kept_one_moves_no_support_and_tells_each_supporter_once(app) {
        let (staff, moderator_id) = moderator(&app).await;
        let author = person(&app, "autrice@exemple.fr").await;
        let kept = publish(&app, author, 6, "Transports publics gratuits").await;
        let duplicate = publish(&app, author, 6, "Gratuité des bus").await;
        let hidden = publish(&app, author, 6, "Contribution masquée").await;
        app.store.moderate_programme(ReportTarget::Contribution(hidden), Decision::Hidden, moderator_id, "Hors sujet.", now()).await.unwrap();
        let only_duplicate = person(&app, "doublon@exemple.fr").await;
        let both = person(&app, "les-deux@exemple.fr").await;
        let only_kept = person(&app, "conservee@exemple.fr").await;
        support(&app, duplicate, only_duplicate).await;
        support(&app, duplicate, both).await;
        support(&app, kept, both).await;
        support(&app, kept, only_kept).await;
        let draft = parse_synthesis("Nous retenons la gratuité.", &duplicate.to_string()).unwrap();
        app.store.save_synthesis(axis(6), moderator_id, &draft, now()).await.unwrap().unwrap();
        let action = format!("/admin/programme/contributions/{duplicate}/fusionner");

        for (typed, words) in [
            ("douze", "« douze » n'est pas un numéro de contribution."),
            (&duplicate.to_string()[..], "ne peut pas être fusionnée avec elle-même"),
            (&hidden.to_string()[..], "n'est pas visible (masquée, fusionnée ou inexistante)"),
        ] {
            let (status, _, page) = post(&app, &staff, &action, &[("kept", typed), ("reason", "Même idée.")]).await;
            assert_eq!(status, 422, "{typed}");
            assert!(page.contains(words), "{typed}: {page}");
            assert!(page.contains(&format!("value=\"{typed}\"")), "what was typed stays: {typed}");
            assert!(page.contains("value=\"Même idée.\""), "the reason typed stays");
        }
        assert_eq!(status_of(&app, duplicate).await, ContributionStatus::Published);

        let (status, location, _) = post(&app, &staff, &action, &[("kept", &format!("#{kept}")), ("reason", "Même idée, mêmes mots.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme?fait=fusionnee"));
        let merged = app.store.contribution(duplicate).await.unwrap().unwrap();
        assert_eq!((merged.status, merged.merged_into), (ContributionStatus::Merged, Some(kept)));
        assert_eq!(merged.card.supports, 2, "the duplicate's supports stay where they were given");
        assert_eq!(app.store.counted_supports(duplicate).await.unwrap(), 2);
        let kept_one = app.store.contribution(kept).await.unwrap().unwrap();
        assert_eq!(kept_one.card.supports, 2, "none moved to the one kept");
        assert!(kept_one.card.in_synthesis, "the synthesis now draws on the one kept");
        assert!(!merged.card.in_synthesis);

        let logged = &app.store.programme_decisions(1).await.unwrap()[0];
        assert_eq!((logged.decision, logged.target), (Decision::Merged, DecisionTarget::Contribution(duplicate)));
        assert_eq!(logged.reason, "Même idée, mêmes mots.");

        app.wait_for_mail_with("doublon@exemple.fr", "pas été déplacé").await;
        let told = |mails: Vec<crate::support::Mail>| mails.iter().filter(|m| m.text.contains("pas été déplacé")).count();
        assert_eq!(told(app.mail_when_idle("doublon@exemple.fr").await), 1);
        assert_eq!(told(app.mail_when_idle("les-deux@exemple.fr").await), 0, "they support the kept one already");
        assert_eq!(told(app.mail_when_idle("conservee@exemple.fr").await), 0);
        let author_told = app.wait_for_mail_with("autrice@exemple.fr", "Même idée, mêmes mots.").await;
        assert!(author_told.text.contains("rapprochée par l'équipe d'une contribution qui dit la même chose"), "the author is told, and why");

        let (status, _, page) = post(&app, &staff, &action, &[("kept", &kept.to_string()), ("reason", "Encore.")]).await;
        assert_eq!(status, 409);
        assert!(page.contains("n'est plus visible"), "{page}");
    }

    async fn a_coordinator_writes_a_synthesis_that_marks_the_contributions_it_drew_on(app) {
        let (staff, moderator_id) = moderator(&app).await;
        let path = "/admin/programme/axes/1/synthese";
        assert_eq!(app.get(&staff, path).await.0, 403, "staff without the role");
        let (status, _, _) = app.post_form(&staff, "/admin/programme", path, &[("body", "Texte"), ("links", "")]).await;
        assert_eq!(status, 403);
        assert!(app.store.grant_role(MODERATOR, COORDINATION, now()).await.unwrap());
        assert!(!app.store.grant_role("personne@exemple.fr", COORDINATION, now()).await.unwrap());

        let author = person(&app, "autrice@exemple.fr").await;
        let first = publish(&app, author, 1, "Assemblée constituante").await;
        let second = publish(&app, author, 1, "Vote blanc reconnu").await;
        let elsewhere = publish(&app, author, 2, "Hausse du SMIC").await;
        let hidden = publish(&app, author, 1, "Contribution masquée").await;
        app.store.moderate_programme(ReportTarget::Contribution(hidden), Decision::Hidden, moderator_id, "Hors sujet.", now()).await.unwrap();
        let (status, page) = read(&app, &staff, path).await;
        assert_eq!(status, 200);
        assert!(page.contains("Assemblée constituante") && !page.contains("Hausse du SMIC"), "the axis's contributions to pick from");

        let links = format!("{first}, {elsewhere} {hidden}");
        let (status, _, page) = app.post_form(&staff, path, path, &[("body", "Nous retenons **deux idées**."), ("links", &links)]).await;
        let page = unescape(&page);
        assert_eq!(status, 422);
        assert!(page.contains(&format!("Ces numéros ne sont pas ceux de contributions visibles de l'axe 1 : {elsewhere}, {hidden}.")), "{page}");
        assert!(page.contains("Nous retenons **deux idées**.") && page.contains(&format!("value=\"{links}\"")), "what was typed stays");
        assert!(!app.store.contribution(first).await.unwrap().unwrap().card.in_synthesis, "nothing saved");

        let (status, location, _) = app.post_form(&staff, path, path, &[("body", "Nous retenons **deux idées**."), ("links", &format!("{first} #{second}"))]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme/axes/1/synthese?fait=enregistree"));
        for (id, drawn_on) in [(first, true), (second, true), (elsewhere, false)] {
            assert_eq!(app.store.contribution(id).await.unwrap().unwrap().card.in_synthesis, drawn_on, "{id}");
        }
        let (_, page) = read(&app, &staff, &location).await;
        assert!(page.contains(&format!("value=\"{second}, {first}\"")), "the links prefilled: {page}");
        let (_, results) = app.get(&app.browser(), "/programme/resultats").await;
        assert!(results.contains("<strong>deux idées</strong>"), "the synthesis rendered from Markdown");
        let drawn = &results[results.find("retenues dans la synthèse").unwrap()..];
        assert!(drawn.contains(&format!("/programme/contributions/{first}")) && drawn.contains(&format!("/programme/contributions/{second}")));
        let (_, axis_page) = app.get(&app.browser(), "/programme/axe/1").await;
        let synthesis = &axis_page[axis_page.find("Synthèse de l").expect("the axis page shows its synthesis")..];
        assert!(synthesis.contains("<strong>deux idées</strong>"));
        assert!(synthesis.contains(&format!("/programme/contributions/{second}")), "and the contributions it drew on");
        let (_, contribution_page) = app.get(&app.browser(), &format!("/programme/contributions/{first}")).await;
        assert!(contribution_page.contains("Retenue dans la synthèse"), "shown on the contribution");
        let rows = json_rows(&app).await;
        let retained: Vec<i64> = rows.iter().filter(|r| r["retenue_dans_la_synthese"] == true).map(|r| r["numero"].as_i64().unwrap()).collect();
        assert_eq!(retained, [first.get(), second.get()]);
    }

    async fn staff_edit_an_axis_text_and_see_it_rendered(app) {
        let (staff, _) = moderator(&app).await;
        let path = "/admin/programme/axes/3";
        let (status, _, page) = app.post_form(&staff, path, path, &[("title", ""), ("introduction", "Garder *ceci*")]).await;
        assert_eq!(status, 422);
        assert!(unescape(&page).contains("Garder *ceci*"), "what was typed stays");
        let (status, location, _) = app.post_form(&staff, path, path, &[("title", "Planifier l'écologie"), ("introduction", "Climat, **énergie**.")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/programme/axes/3?fait=enregistre"));
        let (_, page) = app.get(&staff, &location).await;
        assert!(page.contains("<strong>énergie</strong>"), "{page}");
        assert_eq!(app.store.programme_axis(axis(3)).await.unwrap().title, "Planifier l'écologie");
        assert_eq!(app.get(&staff, "/admin/programme/axes/8").await.0, 404);
    }

    async fn the_results_count_contributions_people_and_supports_exactly(app) {
        let (_, moderator_id) = moderator(&app).await;
        let first = person(&app, "premiere@exemple.fr").await;
        let second = person(&app, "second@exemple.fr").await;
        let leaving = person(&app, "partante@exemple.fr").await;
        let others = person(&app, "autre@exemple.fr").await;
        let mut supporters = Vec::new();
        for n in 0..4 {
            supporters.push(person(&app, &format!("soutien{n}@exemple.fr")).await);
        }
        let most = publish(&app, first, 2, "La plus soutenue").await;
        let _ = publish(&app, first, 2, "Sans soutien").await;
        let next = publish(&app, second, 2, "Un soutien").await;
        let left_one = publish(&app, leaving, 2, "Anonyme un").await;
        let _ = publish(&app, leaving, 2, "Anonyme deux").await;
        let hidden = publish(&app, others, 2, "Masquée").await;
        let merged = publish(&app, others, 2, "Fusionnée").await;
        let _ = publish(&app, others, 3, "Un autre axe").await;
        for supporter in &supporters[..3] {
            support(&app, most, *supporter).await;
        }
        support(&app, next, supporters[3]).await;
        support(&app, left_one, supporters[3]).await;
        support(&app, hidden, supporters[0]).await;
        support(&app, merged, supporters[1]).await;
        app.store.moderate_programme(ReportTarget::Contribution(hidden), Decision::Hidden, moderator_id, "Hors sujet.", now()).await.unwrap();
        app.store.merge_contributions(merged, most, moderator_id, "Doublon.", now()).await.unwrap();
        // Their two contributions stay, anonymised: two contributors.
        app.store.delete_person(leaving).await.unwrap();

        let results = app.store.programme_results().await.unwrap();
        assert_eq!(results.len(), 7);
        let second_axis = &results[1];
        assert_eq!(
            (second_axis.contributions, second_axis.contributors, second_axis.supports),
            (5, 4, 5),
            "the first (2), the second (1), the one who left (2, each one person)"
        );
        let top: Vec<ContributionId> = second_axis.top.iter().map(|card| card.id).collect();
        assert_eq!(&top[..1], [most]);
        assert_eq!(top.len(), 5);
        assert_eq!((results[2].contributions, results[2].contributors, results[2].supports), (1, 1, 0));
        assert_eq!((results[0].contributions, results[0].contributors, results[0].supports), (0, 0, 0));

        let (_, page) = read(&app, &app.browser(), "/programme/resultats").await;
        let section = &page[page.find("id=\"axe-2\"").unwrap()..page.find("id=\"axe-3\"").unwrap()];
        for figure in ["5 contributions", "4 personnes", "5 soutiens", "La plus soutenue</a> : 3 soutiens"] {
            assert!(section.contains(figure), "{figure} in {section}");
        }
    }

    async fn the_open_data_defuses_formulas_and_carries_markup_only_as_data(app) {
        let author = person(&app, "autrice@exemple.fr").await;
        // The form refuses such a title; one written before that rule, or by another way in,
        // must still reach a spreadsheet as text.
        let draft = ContributionDraft { title: "=HYPERLINK(\"http://pirate.example\")".into(), body: BODY.into(), departement: None };
        let PublishOutcome::Published(formula) = app.store.publish_contribution(author, Some("Camille D."), axis(7), &draft, Some(CONSENT), now()).await.unwrap() else {
            panic!("published");
        };
        let script = publish_as(&app, author, 7, "<script>alert(1)</script> Transports", false).await;
        assert!(app.store.add_addendum(formula, author, "Un complément utile au texte.", now()).await.unwrap());

        let (kind, bytes) = open_data(&app, "/programme/resultats.csv").await;
        assert_eq!(kind, "text/csv; charset=utf-8");
        let records = csv_records(&bytes);
        assert_eq!(records[0], ["numero", "axe", "titre", "texte", "complements", "departement", "auteur", "soutiens", "commentaires", "retenue_dans_la_synthese", "date"]);
        let today = essaim_domain::calendar::french_day(now()).to_string();
        assert_eq!(records[1], [&formula.to_string()[..], "7", "'=HYPERLINK(\"http://pirate.example\")", BODY, "Un complément utile au texte.", "", "Camille D.", "0", "0", "non", &today]);
        assert_eq!(records[2][2], "<script>alert(1)</script> Transports");
        assert_eq!(records[2][6], "", "the author did not agree to be named");

        let (_, bytes) = open_data(&app, "/programme/resultats.json").await;
        let text = String::from_utf8(bytes).unwrap();
        assert!(!text.contains("<script"), "escaped in the JSON's bytes: {text}");
        let rows = json_rows(&app).await;
        let row = rows.iter().find(|r| r["numero"] == script.get()).unwrap();
        assert_eq!(row["titre"], "<script>alert(1)</script> Transports");
        assert_eq!(row["auteur"], serde_json::Value::Null);
        assert_eq!(row["date"], today.as_str());
        let named = rows.iter().find(|r| r["numero"] == formula.get()).unwrap();
        assert_eq!(named["auteur"], "Camille D.");

        let (_, page) = app.get(&app.browser(), "/programme/resultats").await;
        // askama writes `<` as `&#60;` (the same as `&lt;` to a browser): either is text.
        let escaped = ["&lt;script&gt;alert(1)", "&#60;script&#62;alert(1)"];
        assert!(escaped.iter().any(|text| page.contains(text)), "escaped on the page: {page}");
        assert!(!page.contains("<script>alert(1)"));
    }
}

mod command {
    use super::*;

    both_backends! {
        async fn the_grant_command_gives_the_coordination_role(backend: backend) {
            let Some(app) = TestApp::spawn(backend).await else { return };
            let staff = app.signed_and_confirmed("coordination@exemple.fr").await;
            let essaim = |args: &[&str]| {
                std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
                    .args(args)
                    .env("ESSAIM_DATABASE_URL", &app.database_url)
                    .env_remove("DATABASE_URL")
                    .output()
                    .expect("the essaim binary runs")
            };
            let unknown_role = essaim(&["admin", "grant", "coordination@exemple.fr", "tresorerie"]);
            assert!(!unknown_role.status.success());
            assert_eq!(app.get(&staff, "/admin/programme").await.0, 403);
            let granted = essaim(&["admin", "grant", "coordination@exemple.fr", "moderation"]);
            assert!(granted.status.success(), "{}", String::from_utf8_lossy(&granted.stderr));
            assert_eq!(app.get(&staff, "/admin/programme").await.0, 200);
            assert_eq!(app.get(&staff, "/admin/programme/axes/2/synthese").await.0, 403, "moderation alone writes no synthesis");
            let granted = essaim(&["admin", "grant", "coordination@exemple.fr", "coordination"]);
            assert!(granted.status.success(), "{}", String::from_utf8_lossy(&granted.stderr));
            assert_eq!(app.get(&staff, "/admin/programme/axes/2/synthese").await.0, 200);
        }
    }
}
