//! Listes électorales on the site: staff enter ballots and read the deadlines computed from
//! them; anyone answers "Suis-je bien inscrit ?" and gets their checklist and the next
//! deadline in their zone; a supporter notes their status in Mon espace, which their copy of
//! their data holds.

use essaim_domain::electoral::ballot::parse_ballot;
use essaim_store::now;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use essaim_domain::electoral::ballot::Zone;
use essaim_domain::electoral::deadline::deadlines;
use essaim_store::electoral::ElectoralStatus;

use crate::support::{both_backends, unescape, TestApp};

const STAFF: &str = "scrutins@exemple.fr";

/// The first Sunday at least `days` from today.
pub(crate) fn sunday_in(days: i64) -> Date {
    let mut day = essaim_domain::calendar::french_day(essaim_store::now())
        .checked_add(days.days())
        .unwrap();
    while day.weekday() != Weekday::Sunday {
        day = day.tomorrow().unwrap();
    }
    day
}

pub(crate) async fn ballot(app: &TestApp, name: &str, first: Date) {
    let draft = parse_ballot(name, "presidentielle", &first.to_string(), "", true).unwrap();
    app.store.create_ballot(&draft, now()).await.unwrap();
}

both_backends! {
    async fn staff_enter_a_ballot_and_read_its_deadlines(app) {
        let staff = app.signed_and_confirmed(STAFF).await;
        let (status, _) = app.get(&staff, "/admin/scrutins").await;
        assert_eq!(status, 403, "staff only");
        assert!(app.store.grant_staff_role(STAFF, essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());

        let typed = [("name", "Présidentielle 2022"), ("kind", "presidentielle"), ("first_round", "2022-04-11"), ("second_round", ""), ("samedi", "1")];
        let (status, _, page) = app.post_form(&staff, "/admin/scrutins", "/admin/scrutins", &typed).await;
        assert_eq!(status, 422);
        let page = unescape(&page);
        assert!(page.contains("un dimanche") && page.contains("value=\"Présidentielle 2022\""), "told, and kept: {page}");

        let typed = [("name", "Présidentielle 2022"), ("kind", "presidentielle"), ("first_round", "2022-04-10"), ("second_round", "2022-04-24"), ("samedi", "1")];
        let (status, location, _) = app.post_form(&staff, "/admin/scrutins", "/admin/scrutins", &typed).await;
        assert_eq!((status, location.as_str()), (303, "/admin/scrutins?fait=ajoute"));
        let (_, page) = app.get(&staff, "/admin/scrutins").await;
        assert!(page.contains("10 avril 2022") && page.contains("9 avril 2022"), "each zone's day");
        assert!(page.contains("<td>2 mars 2022</td><td>4 mars 2022</td><td>31 mars 2022</td>"), "the deadlines computed: {page}");

        let id = app.store.ballots().await.unwrap()[0].id;
        let (status, _, _) = app.post_form(&staff, "/admin/scrutins", &format!("/admin/scrutins/{id}/supprimer"), &[]).await;
        assert_eq!(status, 303);
        assert!(app.store.ballots().await.unwrap().is_empty());
    }

    async fn someone_who_moved_learns_what_to_do_and_until_when(app) {
        let first = sunday_in(100);
        ballot(&app, "Présidentielle à venir", first).await;
        let visitor = app.browser();
        let (status, page) = app.get(&visitor, "/listes-electorales?repondu=1&demenage=1&code_postal=75011&zone=dimanche").await;
        assert_eq!(status, 200);
        let page = unescape(&page);
        assert!(page.contains("Vous devez vous inscrire"), "{page}");
        assert!(page.contains("Inscrivez-vous dans votre nouvelle commune"));
        assert!(page.contains("justificatif de domicile de moins de 3 mois"));
        assert!(page.contains("à la mairie : Paris"), "the town hall named from the gazetteer: {page}");
        assert!(page.contains("service-public.fr/particuliers/vosdroits/services-en-ligne-et-formulaires/ISE"));
        assert!(page.contains("Présidentielle à venir"));
        let online = essaim_domain::electoral::deadline::deadlines(first).online;
        assert!(page.contains(&format!("En ligne : jusqu'au {}", essaim_domain::calendar::french_date(online))), "{page}");
        let left = (online - essaim_domain::calendar::french_day(essaim_store::now())).get_days();
        assert!(page.contains(&format!("J−{left}")), "the countdown: J−{left}");

        // Nothing ticked: only checking.
        let (_, page) = app.get(&visitor, "/listes-electorales?repondu=1").await;
        assert!(unescape(&page).contains("Vérifiez votre inscription") && !page.contains("Les documents"));
        // A postal code that does not exist is said, the rest still shown.
        let (status, page) = app.get(&visitor, "/listes-electorales?repondu=1&code_postal=00000").await;
        assert_eq!(status, 200);
        assert!(unescape(&page).contains("n'existe pas en France"));
    }

    async fn a_ballot_less_than_37_days_away_is_closed_but_for_the_exceptions(app) {
        ballot(&app, "Scrutin proche", sunday_in(20)).await;
        let (_, page) = app.get(&app.browser(), "/listes-electorales?zone=dimanche").await;
        let page = unescape(&page);
        assert!(page.contains("Scrutin proche") && page.contains("sauf cas particuliers"), "{page}");
        assert!(!page.contains("J−"), "no countdown once closed online");
    }

    async fn a_supporter_notes_their_status_in_mon_espace(app) {
        let me = app.signed_and_confirmed("electrice@exemple.fr").await;
        let (_, page) = app.get(&me, "/mon-espace").await;
        assert!(page.contains("Vous n&#39;avez rien noté") || unescape(&page).contains("Vous n'avez rien noté"));
        let (status, location, _) = app.post_form(&me, "/mon-espace", "/mon-espace/listes-electorales", &[("statut", "a_faire")]).await;
        assert_eq!((status, location.as_str()), (303, "/mon-espace?ok=listes#listes-electorales"));
        let (_, page) = app.get(&me, "/mon-espace?ok=listes").await;
        assert!(unescape(&page).contains("Vous avez noté : <strong>inscription à faire</strong>"));
        let data: serde_json::Value = me.get(app.url("/mon-espace/donnees.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(data["inscription_sur_les_listes_electorales"][0]["statut"], "a_faire");
        assert!(data["inscription_sur_les_listes_electorales"][0]["consentement"].as_str().unwrap().contains("j'accepte"));

        let (status, _, _) = app.post_form(&me, "/mon-espace", "/mon-espace/listes-electorales", &[("statut", "n-importe")]).await;
        assert_eq!(status, 400);
        let (status, _, _) = app.post_form(&me, "/mon-espace", "/mon-espace/listes-electorales", &[("statut", "")]).await;
        assert_eq!(status, 303);
        let person = app.store.find_person_by_email("electrice@exemple.fr").await.unwrap().unwrap().id;
        assert_eq!(app.store.electoral_status(person).await.unwrap(), None, "withdrawn");
    }

    async fn reminders_go_once_at_45_40_and_38_days_to_those_not_registered(app) {
        // Confirmed signers in Paris, all accepting news but for `status_only`.
        let mut people = Vec::new();
        for email in ["rappel@exemple.fr", "inscrite@exemple.fr", "arrete@exemple.fr", "statut@exemple.fr"] {
            app.signed_and_confirmed(email).await;
            people.push(app.store.find_person_by_email(email).await.unwrap().unwrap().id);
        }
        let [reminded, registered, stopped, status_only] = people[..] else { unreachable!() };
        sqlx::query("UPDATE people SET news_optin = CASE WHEN id = $1 THEN 0 ELSE 1 END")
            .bind(status_only.get()).execute(app.store.pool()).await.unwrap();
        app.store.set_electoral_status(registered, ElectoralStatus::Registered, "accord", now()).await.unwrap();
        app.store.set_electoral_status(status_only, ElectoralStatus::ToDo, "accord", now()).await.unwrap();
        app.store.set_electoral_reminders(stopped, false, now()).await.unwrap();
        // Someone who never confirmed gets nothing either.
        app.sign(&app.browser(), "jamais@exemple.fr").await;

        let first_round = sunday_in(200);
        ballot(&app, "Présidentielle à venir", first_round).await;
        let online = deadlines(first_round).online;
        let day = |before: i64| online.checked_sub(before.days()).unwrap();
        let sent = |before: i64| {
            let app = &app;
            async move {
                let rows: Vec<i64> = sqlx::query_scalar(
                    "SELECT person_id FROM electoral_reminders WHERE days_before = $1 ORDER BY person_id",
                )
                .bind(before).fetch_all(app.store.pool()).await.unwrap();
                rows
            }
        };
        let expected = vec![reminded.get(), status_only.get()];
        for before in [45, 40, 38] {
            assert_eq!(app.store.queue_electoral_reminders(Zone::Sunday, day(before), now()).await.unwrap(), 2, "{before}");
            assert_eq!(app.store.queue_electoral_reminders(Zone::Sunday, day(before), now()).await.unwrap(), 0, "once: {before}");
            assert_eq!(sent(before).await, expected, "{before}");
        }
        for before in [46, 44, 39, 37, 0] {
            assert_eq!(app.store.queue_electoral_reminders(Zone::Sunday, day(before), now()).await.unwrap(), 0, "{before}");
        }
        assert_eq!(app.store.queue_electoral_reminders(Zone::Saturday, day(45), now()).await.unwrap(), 0, "Paris votes on Sunday");
        let mail = app.wait_for_mail_with("rappel@exemple.fr", "Plus que 45 jours").await;
        assert!(mail.text.contains(&essaim_domain::calendar::french_date(online)), "the online deadline");
        assert!(app.mail_when_idle("inscrite@exemple.fr").await.iter().all(|m| !m.text.contains("Plus que")));
        assert!(app.mail_when_idle("arrete@exemple.fr").await.iter().all(|m| !m.text.contains("Plus que")));
    }

    async fn nothing_is_sent_for_a_past_ballot(app) {
        app.signed_and_confirmed("rappel@exemple.fr").await;
        sqlx::query("UPDATE people SET news_optin = 1").execute(app.store.pool()).await.unwrap();
        let past = sunday_in(-60);
        ballot(&app, "Scrutin passé", past).await;
        for after in [1, 7, 45] {
            let today = past.checked_add(after.days()).unwrap();
            assert_eq!(app.store.queue_electoral_reminders(Zone::Sunday, today, now()).await.unwrap(), 0, "{after}");
        }
        let reminders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM electoral_reminders").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(reminders, 0);
    }

    async fn the_housekeeping_queues_them_in_the_evening_of_the_zone(app) {
        app.signed_and_confirmed("rappel@exemple.fr").await;
        sqlx::query("UPDATE people SET news_optin = 1").execute(app.store.pool()).await.unwrap();
        let first_round = sunday_in(200);
        ballot(&app, "Présidentielle à venir", first_round).await;
        let day = deadlines(first_round).online.checked_sub(45.days()).unwrap();
        let paris = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let at = |hour: i8| day.at(hour, 30, 0, 0).to_zoned(paris.clone()).unwrap().timestamp().as_second();
        let count = || async {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM electoral_reminders").fetch_one(app.store.pool()).await.unwrap();
            n
        };
        essaim::maintenance::electoral_upkeep(&app.store, at(14)).await;
        assert_eq!(count().await, 0, "not in the afternoon");
        essaim::maintenance::electoral_upkeep(&app.store, at(19)).await;
        assert_eq!(count().await, 1, "in the evening");
        essaim::maintenance::electoral_upkeep(&app.store, at(20)).await;
        assert_eq!(count().await, 1, "once");
    }

    async fn a_supporter_stops_and_resumes_the_reminders(app) {
        let me = app.signed_and_confirmed("moi@exemple.fr").await;
        let person = app.store.find_person_by_email("moi@exemple.fr").await.unwrap().unwrap().id;
        assert!(app.store.wants_electoral_reminders(person).await.unwrap());
        let (status, _, _) = app.post_form(&me, "/mon-espace", "/mon-espace/rappels-inscription", &[("rappels", "non")]).await;
        assert_eq!(status, 303);
        assert!(!app.store.wants_electoral_reminders(person).await.unwrap());
        let (_, page) = app.get(&me, "/mon-espace").await;
        assert!(page.contains("Recevoir à nouveau ces rappels"));
        let (status, _, _) = app.post_form(&me, "/mon-espace", "/mon-espace/rappels-inscription", &[("rappels", "oui")]).await;
        assert_eq!(status, 303);
        assert!(app.store.wants_electoral_reminders(person).await.unwrap());
        let (status, _, _) = app.post_form(&me, "/mon-espace", "/mon-espace/rappels-inscription", &[("rappels", "peut-être")]).await;
        assert_eq!(status, 400);
    }
}
