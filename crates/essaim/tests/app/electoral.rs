//! Listes électorales on the site: staff enter ballots and read the deadlines computed from
//! them; anyone answers "Suis-je bien inscrit ?" and gets their checklist and the next
//! deadline in their zone; a supporter notes their status in Mon espace, which their copy of
//! their data holds.

use essaim_domain::electoral::ballot::parse_ballot;
use essaim_store::now;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::support::{both_backends, unescape, TestApp};

const STAFF: &str = "scrutins@exemple.fr";

/// The first Sunday at least `days` from today.
pub(crate) fn sunday_in(days: i64) -> Date {
    let mut day = jiff::Zoned::now().date().checked_add(days.days()).unwrap();
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
        assert!(app.store.grant_staff(STAFF).await.unwrap());

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
        let left = (online - jiff::Zoned::now().date()).get_days();
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
}
