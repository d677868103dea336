//! /procurations through its pages, on both databases: a volunteer offers, a person asks and is
//! proposed the volunteer; contacts stay hidden until both accepted; each side is emailed; a
//! withdrawal tells the other side and the request gets the next volunteer; nonsense comes back
//! on the form with what was typed; one open request per ballot and three posts a day.

use essaim_domain::electoral::ballot::parse_ballot;
use jiff::civil::Weekday;
use jiff::ToSpan;

use crate::support::{both_backends, unescape, TestApp, Visitor};

async fn coming_ballot(app: &TestApp, two_rounds: bool) -> String {
    let mut day = essaim_domain::calendar::french_day(essaim_store::now())
        .checked_add(60.days())
        .unwrap();
    while day.weekday() != Weekday::Sunday {
        day = day.tomorrow().unwrap();
    }
    let second = if two_rounds {
        day.checked_add(14.days()).unwrap().to_string()
    } else {
        String::new()
    };
    let draft = parse_ballot(
        "Présidentielle 2027",
        "presidentielle",
        &day.to_string(),
        &second,
        true,
    )
    .unwrap();
    app.store
        .create_ballot(&draft, essaim_store::now())
        .await
        .unwrap()
        .to_string()
}

async fn post(
    app: &TestApp,
    who: &Visitor,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (status, location, page) = app.post_form(who, "/procurations", action, fields).await;
    (status, location, unescape(&page))
}

fn offer_fields<'a>(
    ballot: &'a str,
    postal_code: &'a str,
    contact: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("scrutin", ballot),
        ("code_postal", postal_code),
        ("tour_1", "1"),
        ("km", "15"),
        ("contact", contact),
        ("accord", "1"),
    ]
}

fn request_fields<'a>(
    ballot: &'a str,
    postal_code: &'a str,
    contact: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("scrutin", ballot),
        ("code_postal", postal_code),
        ("bureau", "Bureau 12, école Jules-Ferry"),
        ("tour_1", "1"),
        ("contact", contact),
        ("accord", "1"),
    ]
}

/// The ids of the proposals a page lists, in order.
fn proposals_in(page: &str) -> Vec<i64> {
    page.match_indices("action=\"/procurations/propositions/")
        .filter_map(|(at, _)| {
            let rest = &page[at + "action=\"/procurations/propositions/".len()..];
            rest.split('/').next()?.parse().ok()
        })
        .fold(Vec::new(), |mut ids, id| {
            if !ids.contains(&id) {
                ids.push(id);
            }
            ids
        })
}

both_backends! {
    async fn a_request_meets_a_volunteer_and_the_contacts_show_once_both_accept(app) {
        let ballot = coming_ballot(&app, false).await;
        let volunteer = app.signed_and_confirmed_at("porteuse@exemple.fr", "93100").await;
        let giver = app.signed_and_confirmed_at("absent@exemple.fr", "75011").await;

        let (status, page) = app.get(&app.browser(), "/procurations").await;
        assert_eq!(status, 200);
        let page = unescape(&page);
        assert!(page.contains("est un acte de confiance") && page.contains("Connectez-vous"), "{page}");

        let (status, location, page) = post(&app, &volunteer, "/procurations/offre", &offer_fields(&ballot, "93100", "06 11 22 33 44")).await;
        assert_eq!((status, location.as_str()), (303, "/procurations?ok=offre#mes-offres"), "{page}");
        let (status, location, page) = post(&app, &giver, "/procurations/demande", &request_fields(&ballot, "75011", "louise@exemple.fr")).await;
        assert_eq!((status, location.as_str()), (303, "/procurations?ok=demande#mes-demandes"), "{page}");

        let (_, page) = app.get(&giver, "/procurations").await;
        let page = unescape(&page);
        assert!(page.contains("Volontaire de Montreuil, à "), "the volunteer of Montreuil is proposed: {page}");
        assert!(!page.contains("06 11 22 33 44"), "no contact before both accept");
        let proposal = proposals_in(&page)[0];
        let mail = app.wait_for_mail_with("porteuse@exemple.fr", "Une personne inscrite à Paris").await;
        assert!(mail.text.contains("/procurations"), "{}", mail.text);

        let accept = format!("/procurations/propositions/{proposal}/accepter");
        let (status, location, _) = post(&app, &giver, &accept, &[]).await;
        assert_eq!((status, location.as_str()), (303, format!("/procurations?ok=attente#proposition-{proposal}").as_str()));
        let (_, page) = app.get(&volunteer, "/procurations").await;
        let page = unescape(&page);
        assert!(page.contains("Une personne inscrite à Paris") && page.contains("bureau de vote : Bureau 12, école Jules-Ferry"), "{page}");
        assert!(page.contains("L'autre personne a accepté") && !page.contains("louise@exemple.fr"), "still hidden: {page}");
        let stranger = app.signed_and_confirmed("curieux@exemple.fr").await;
        let (status, _, _) = post(&app, &stranger, &accept, &[]).await;
        assert_eq!(status, 404, "not theirs");

        let (status, location, _) = post(&app, &volunteer, &accept, &[]).await;
        assert_eq!((status, location.as_str()), (303, format!("/procurations?ok=accord#proposition-{proposal}").as_str()));
        let (_, page) = app.get(&volunteer, "/procurations").await;
        assert!(unescape(&page).contains("louise@exemple.fr"), "the volunteer sees the requester's contact");
        let (_, page) = app.get(&giver, "/procurations").await;
        assert!(unescape(&page).contains("06 11 22 33 44"), "and the other way");
        let (_, page) = app.get(&stranger, "/procurations").await;
        assert!(!page.contains("06 11 22 33 44") && !page.contains("louise@exemple.fr"));
        for email in ["absent@exemple.fr", "porteuse@exemple.fr"] {
            app.wait_for_mail_with(email, "ont accepté").await;
        }

        // A second volunteer nearby; the first withdraws: the giver is told and gets the second.
        let second = app.signed_and_confirmed_at("second@exemple.fr", "75012").await;
        let (status, _, _) = post(&app, &second, "/procurations/offre", &offer_fields(&ballot, "75012", "07 00 00 00 01")).await;
        assert_eq!(status, 303);
        let (_, page) = app.get(&giver, "/procurations").await;
        assert_eq!(proposals_in(&page), vec![proposal], "a request with a holder for its round gets no more proposals");
        let (status, _, _) = post(&app, &volunteer, &format!("/procurations/propositions/{proposal}/retirer"), &[]).await;
        assert_eq!(status, 303);
        app.wait_for_mail_with("absent@exemple.fr", "a retiré son accord").await;
        let (_, page) = app.get(&giver, "/procurations").await;
        let page = unescape(&page);
        assert!(!page.contains("06 11 22 33 44"), "withdrawn: hidden again");
        assert!(page.contains("Volontaire de Paris, à "), "the next volunteer is proposed: {page}");
        assert_eq!(proposals_in(&page).len(), 1);
    }

    async fn nonsense_comes_back_on_the_form_with_what_was_typed(app) {
        let ballot = coming_ballot(&app, false).await;
        let person = app.signed_and_confirmed("absent@exemple.fr").await;
        let (status, _, page) = post(&app, &person, "/procurations/demande", &[
            ("scrutin", &ballot), ("code_postal", "00000"), ("bureau", "Salle des fêtes"), ("tour_2", "1"), ("contact", "demandez Louise"),
        ]).await;
        assert_eq!(status, 422, "{page}");
        for message in ["Ce scrutin n'a qu'un tour", "numéro de téléphone ou une adresse e-mail", "Cochez la case pour accepter"] {
            assert!(page.contains(message), "{message}: {page}");
        }
        assert!(page.contains("value=\"demandez Louise\"") && page.contains("value=\"Salle des fêtes\""), "kept");
        let (status, _, page) = post(&app, &person, "/procurations/offre", &[
            ("scrutin", "999999"), ("code_postal", "75011"), ("tour_1", "1"), ("km", "5000"), ("contact", "06 11 22 33 44"), ("accord", "1"),
        ]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Choisissez un scrutin à venir") && page.contains("de 0 (ma commune seulement) à 200"), "{page}");
        assert!(page.contains("value=\"5000\""));
        let rows: i64 = sqlx::query_scalar("SELECT (SELECT COUNT(*) FROM proxy_requests) + (SELECT COUNT(*) FROM proxy_offers)")
            .fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(rows, 0, "nothing stored");
        let fields = request_fields(&ballot, "75011", "06 11 22 33 44");
        let (status, location, _) = app.post_form(&app.browser(), "/", "/procurations/demande", &fields).await;
        assert_eq!(status, 303, "not logged in");
        assert!(location.starts_with("/connexion"), "{location}");
    }

    async fn one_open_request_per_ballot_and_three_posts_a_day(app) {
        let ballot = coming_ballot(&app, true).await;
        let person = app.signed_and_confirmed("absent@exemple.fr").await;
        let fields = request_fields(&ballot, "75011", "06 11 22 33 44");
        let (status, _, _) = post(&app, &person, "/procurations/demande", &fields).await;
        assert_eq!(status, 303);
        let (status, _, page) = post(&app, &person, "/procurations/demande", &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("déjà une demande en cours pour ce scrutin") && page.contains("value=\"06 11 22 33 44\""), "{page}");
        for _ in 0..2 {
            let request = app.store.my_proxy_requests(app_person(&app, "absent@exemple.fr").await).await.unwrap()[0].id;
            let (status, _, _) = post(&app, &person, &format!("/procurations/demandes/{request}/retirer"), &[]).await;
            assert_eq!(status, 303);
            let (status, _, page) = post(&app, &person, "/procurations/demande", &fields).await;
            assert_eq!(status, 303, "{page}");
        }
        let request = app.store.my_proxy_requests(app_person(&app, "absent@exemple.fr").await).await.unwrap()[0].id;
        let (status, _, _) = post(&app, &person, &format!("/procurations/demandes/{request}/retirer"), &[]).await;
        assert_eq!(status, 303);
        let (status, _, page) = post(&app, &person, "/procurations/demande", &fields).await;
        assert_eq!(status, 422, "a fourth in the day");
        assert!(page.contains("3 demandes par jour au plus"), "{page}");
        let (status, _, _) = post(&app, &person, &format!("/procurations/demandes/{request}/retirer"), &[]).await;
        assert_eq!(status, 404, "already withdrawn");
    }
}

async fn app_person(app: &TestApp, email: &str) -> essaim_domain::ids::PersonId {
    app.store
        .find_person_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id
}
