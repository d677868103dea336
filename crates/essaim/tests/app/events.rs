//! Events over HTTP: approval of new hosts, trusted hosts, registrations under concurrency
//! with a waiting list, the private address, the .ics file, reminders, the host's tools.

use essaim_domain::events::time::local_parts;
use essaim_domain::ids::EventId;
use essaim_store::events::Registration;
use essaim_store::now;

use crate::support::{both_backends, csrf_token_in, id_in, TestApp, Visitor};

/// The fields of a valid event form, for `start` (Unix seconds) lasting two hours in Paris.
pub fn event_fields(title: &str, start: i64, capacity: &str) -> Vec<(&'static str, String)> {
    let (start_date, start_time) = local_parts(start, "Europe/Paris");
    let (end_date, end_time) = local_parts(start + 7200, "Europe/Paris");
    vec![
        ("kind", "ecoute".into()),
        ("title", title.into()),
        (
            "description",
            "On regarde le discours ensemble, puis on en parle.".into(),
        ),
        ("start_date", start_date),
        ("start_time", start_time),
        ("end_date", end_date),
        ("end_time", end_time),
        ("timezone", "Europe/Paris".into()),
        ("mode", "lieu".into()),
        ("address", "12 rue Secrète".into()),
        ("postal_code", "75018".into()),
        ("online_url", "".into()),
        ("capacity", capacity.into()),
        ("address_visibility", "inscrits".into()),
        ("accessibility", "accessible".into()),
        ("accessibility_notes", "".into()),
        ("group_id", "".into()),
    ]
}

/// Posts the event form as `client`; returns the new event's id.
async fn propose(app: &TestApp, client: &Visitor, fields: &[(&'static str, String)]) -> EventId {
    let page = "/evenements/nouveau";
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (status, location, _) = app.post_form(client, page, page, &fields).await;
    assert_eq!(status, 303, "the event is recorded");
    EventId::from(id_in(&location, "/evenements/"))
}

const IN_A_MONTH: i64 = 30 * 86400;

both_backends! {
    async fn a_new_hosts_event_waits_for_staff_and_a_trusted_hosts_is_public_at_once(app) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        let id = propose(&app, &host, &event_fields("Écoute au café", now() + IN_A_MONTH, "")).await;
        let visitor = app.browser();
        assert_eq!(app.get(&visitor, &format!("/evenements/{id}")).await.0, 404, "invisible until approved");
        let (_, list) = app.get(&visitor, "/evenements?q=75018").await;
        assert!(!list.contains("Écoute au café"));
        let (status, own) = app.get(&host, &format!("/evenements/{id}")).await;
        assert!(status == 200 && own.contains("attend la validation"));
        let mails = app.wait_for_mail("hote@exemple.fr", 2).await;
        assert!(mails.iter().any(|m| m.text.contains("attend sa validation")));

        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        app.store.grant_staff("equipe@exemple.fr").await.unwrap();
        let outsider = app.signed_and_confirmed("autre@exemple.fr").await;
        assert_eq!(app.get(&outsider, "/admin/evenements").await.0, 403);
        let (_, pending) = app.get(&staff, "/admin/evenements").await;
        assert!(pending.contains("Écoute au café"));
        let (status, _, _) = app.post_form(&staff, "/admin/evenements", &format!("/admin/evenements/{id}"), &[("decision", "publier"), ("trust", "1")]).await;
        assert_eq!(status, 303);
        assert_eq!(app.get(&visitor, &format!("/evenements/{id}")).await.0, 200);
        let (_, list) = app.get(&visitor, "/evenements?q=75018").await;
        assert!(list.contains("Écoute au café") && list.contains(" m"), "listed near 75018 with its distance");
        let mails = app.wait_for_mail("hote@exemple.fr", 3).await;
        assert!(mails.iter().any(|m| m.text.contains("visible de tous")));

        // Now trusted: the next one is public at once.
        let second = propose(&app, &host, &event_fields("Porte-à-porte du samedi", now() + IN_A_MONTH, "")).await;
        assert_eq!(app.get(&visitor, &format!("/evenements/{second}")).await.0, 200);

        // A rejected event stays invisible, and its host is told why.
        let newcomer = app.signed_and_confirmed("nouveau@exemple.fr").await;
        let third = propose(&app, &newcomer, &event_fields("Hors sujet", now() + IN_A_MONTH, "")).await;
        let (status, _, _) = app.post_form(&staff, "/admin/evenements", &format!("/admin/evenements/{third}"), &[("decision", "refuser"), ("reason", "Ce n'est pas un événement du mouvement.")]).await;
        assert_eq!(status, 303);
        assert_eq!(app.get(&visitor, &format!("/evenements/{third}")).await.0, 404);
        let mails = app.wait_for_mail("nouveau@exemple.fr", 3).await;
        assert!(mails.iter().any(|m| m.text.contains("Ce n'est pas un événement du mouvement.")));
    }

    // Over TCP: the registrations arrive truly at once, each on its own connection.
    async fn parallel_registrations_never_overbook_and_the_waiting_list_moves_up(app: Tcp) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        app.store.grant_staff("hote@exemple.fr").await.unwrap();
        let id = propose(&app, &host, &event_fields("Réunion publique", now() + IN_A_MONTH, "5")).await;
        let page = format!("/evenements/{id}");
        let mut people = Vec::new();
        for i in 0..12 {
            let client = app.signed_and_confirmed(&format!("p{i}@exemple.fr")).await;
            let (_, html) = app.get(&client, &page).await;
            people.push((client, csrf_token_in(&html)));
        }
        let action = app.url(&format!("/evenements/{id}/inscription"));
        let requests = people.iter().map(|(client, token)| {
            client.post(&action).form(&[("csrf", token.as_str())]).send()
        });
        let responses = futures_util::future::join_all(requests).await;
        let mut outcomes: Vec<String> = responses
            .into_iter()
            .map(|r| r.unwrap().headers()["location"].to_str().unwrap().to_string())
            .collect();
        outcomes.sort();
        assert_eq!(outcomes.iter().filter(|l| l.ends_with("info=inscrit")).count(), 5, "{outcomes:?}");
        assert_eq!(outcomes.iter().filter(|l| l.ends_with("info=attente")).count(), 7, "{outcomes:?}");
        let event = app.store.find_event(id).await.unwrap().unwrap();
        assert_eq!((event.confirmed, event.waiting), (5, 7));

        // The first one waiting gets the place a confirmed person frees.
        let attendees = app.store.attendees(id).await.unwrap();
        let leaving = attendees.iter().find(|a| a.status == Registration::Confirmed).unwrap().email.clone();
        let first_waiting = attendees.iter().find(|a| a.status == Registration::Waiting).unwrap().email.clone();
        let index: usize = leaving.trim_start_matches('p').split('@').next().unwrap().parse().unwrap();
        let (status, _, _) = app.post_form(&people[index].0, &page, &format!("/evenements/{id}/desinscription"), &[]).await;
        assert_eq!(status, 303);
        let event = app.store.find_event(id).await.unwrap().unwrap();
        assert_eq!((event.confirmed, event.waiting), (5, 6));
        let mails = app.wait_for_mail(&first_waiting, 3).await;
        assert!(mails.iter().any(|m| m.text.contains("une place s'est lib")), "the promoted person is told");

        // The host sees the list on the page, exports it and writes to the attendees; others cannot.
        let (_, host_view) = app.get(&host, &page).await;
        assert!(host_view.contains(&first_waiting) && host_view.contains("liste d'attente"));
        let (_, guest_view) = app.get(&people[1].0, &page).await;
        assert!(!guest_view.contains(&first_waiting), "attendees do not see each other");
        let response = host.get(app.url(&format!("/evenements/{id}/participants.csv"))).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let csv = response.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}') && csv.contains(&first_waiting) && !csv.contains(&leaving));
        assert_eq!(people[0].0.get(app.url(&format!("/evenements/{id}/participants.csv"))).send().await.unwrap().status().as_u16(), 403);
        let (status, _, _) = app.post_form(&host, &page, &format!("/evenements/{id}/message"), &[("subject", "Salle changée"), ("body", "Rendez-vous salle B.")]).await;
        assert_eq!(status, 303);
        let mails = app.wait_for_mail(&first_waiting, 4).await;
        assert!(mails.iter().any(|m| m.text.contains("Rendez-vous salle B.")));
        assert_eq!(app.post_form(&people[1].0, &page, &format!("/evenements/{id}/message"), &[("subject", "x"), ("body", "y")]).await.0, 403);

        // Cancelling tells everyone registered.
        let (status, _, _) = app.post_form(&host, &page, &format!("/evenements/{id}/annuler"), &[("confirmer", "1")]).await;
        assert_eq!(status, 303);
        let mails = app.wait_for_mail(&first_waiting, 5).await;
        assert!(mails.iter().any(|m| m.text.contains("a annul")));
    }

    async fn the_private_address_is_only_for_registered_people(app) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        app.store.grant_staff("hote@exemple.fr").await.unwrap();
        let id = propose(&app, &host, &event_fields("Écoute chez Léa", now() + IN_A_MONTH, "")).await;
        let visitor = app.browser();
        for path in [format!("/evenements/{id}"), format!("/evenements/{id}/agenda.ics"), "/evenements?q=75018".to_string()] {
            let (status, body) = app.get(&visitor, &path).await;
            assert_eq!(status, 200, "{path}");
            assert!(!body.contains("Secrète") && !body.contains("Secr\\u{e8}te"), "{path} shows the address to a visitor");
        }
        let (_, html) = app.get(&visitor, &format!("/evenements/{id}")).await;
        assert!(html.contains("75018") && html.contains("donnée aux personnes inscrites"));

        let guest = app.signed_and_confirmed("invitee@exemple.fr").await;
        let (_, html) = app.get(&guest, &format!("/evenements/{id}")).await;
        assert!(!html.contains("Secrète"));
        let (status, location, _) = app.post_form(&guest, &format!("/evenements/{id}"), &format!("/evenements/{id}/inscription"), &[]).await;
        assert_eq!((status, location.ends_with("info=inscrit")), (303, true));
        let (_, html) = app.get(&guest, &format!("/evenements/{id}")).await;
        assert!(html.contains("12 rue Secrète"));
        let (_, space) = app.get(&guest, "/mon-espace").await;
        assert!(space.contains("Écoute chez Léa") && space.contains("inscrit"), "listed in my space");
        let (_, data) = app.get(&guest, "/mon-espace/donnees.json").await;
        let data: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(data["inscriptions_aux_evenements"][0]["evenement"], "Écoute chez Léa");
        assert_eq!(data["inscriptions_aux_evenements"][0]["statut"], "confirmed");

        // The .ics parses back, with the address for the registered guest.
        let (status, ics) = app.get(&guest, &format!("/evenements/{id}/agenda.ics")).await;
        assert_eq!(status, 200);
        let calendar: icalendar::Calendar = ics.parse().expect("a valid iCalendar file");
        use icalendar::{Component, EventLike};
        let events: Vec<_> = calendar.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].get_summary(), Some("Écoute chez Léa"));
        assert!(events[0].get_location().unwrap().contains("12 rue Secrète"));
        let start = events[0].property_value("DTSTART").unwrap();
        let event = app.store.find_event(id).await.unwrap().unwrap();
        let expected = jiff::Timestamp::from_second(event.starts_at).unwrap().strftime("%Y%m%dT%H%M%SZ").to_string();
        assert_eq!(start, expected);
    }

    async fn a_visitor_registers_with_name_and_email(app) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        app.store.grant_staff("hote@exemple.fr").await.unwrap();
        let id = propose(&app, &host, &event_fields("Réunion ouverte", now() + IN_A_MONTH, "")).await;
        let visitor = app.browser();
        let page = format!("/evenements/{id}");
        let action = format!("/evenements/{id}/inscription");
        let (status, _, body) = app.post_form(&visitor, &page, &action, &[("first_name", "Jean"), ("last_name", "Moulin"), ("email", "pas-un-email"), ("postal_code", "75018")]).await;
        assert_eq!(status, 422);
        assert!(body.contains("pas-un-email") && body.contains("Moulin"), "what was typed is kept");
        let (status, location, _) = app.post_form(&visitor, &page, &action, &[("first_name", "Jean"), ("last_name", "Moulin"), ("email", "jean@exemple.fr"), ("postal_code", "75018")]).await;
        assert_eq!((status, location.ends_with("info=inscrit")), (303, true));
        assert_eq!(app.store.find_event(id).await.unwrap().unwrap().confirmed, 1);
        let mails = app.wait_for_mail("jean@exemple.fr", 2).await;
        assert!(mails.iter().any(|m| m.text.contains("/signature/confirmer")), "the signature's double opt-in");
        assert!(mails.iter().any(|m| m.text.contains("Votre inscription est enregistr")));
        // A bot filling the hidden field gets the same answer and is not registered.
        let (status, location, _) = app.post_form(&app.browser(), &page, &action, &[("first_name", "Bot"), ("last_name", "Bot"), ("email", "bot@exemple.fr"), ("postal_code", "75018"), ("site_web", "http://spam")]).await;
        assert_eq!((status, location.ends_with("info=inscrit")), (303, true));
        assert_eq!(app.store.find_event(id).await.unwrap().unwrap().confirmed, 1);
    }

    async fn a_reminder_goes_out_the_day_before_once(app) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        app.store.grant_staff("hote@exemple.fr").await.unwrap();
        let soon = propose(&app, &host, &event_fields("Action ce soir", now() + 3 * 3600, "")).await;
        let later = propose(&app, &host, &event_fields("Action le mois prochain", now() + IN_A_MONTH, "")).await;
        let guest = app.signed_and_confirmed("invitee@exemple.fr").await;
        for id in [soon, later] {
            app.post_form(&guest, &format!("/evenements/{id}"), &format!("/evenements/{id}/inscription"), &[]).await;
        }
        essaim::maintenance::run_once(&app.store, &Default::default()).await;
        essaim::maintenance::run_once(&app.store, &Default::default()).await;
        let mails = app.mail_when_idle("invitee@exemple.fr").await;
        let reminders: Vec<_> = mails.iter().filter(|m| m.text.contains("Rappel")).collect();
        assert_eq!(reminders.len(), 1, "one reminder, for the event of tonight only");
        assert!(reminders[0].text.contains("Action ce soir"));
    }

    async fn the_event_form_keeps_what_was_typed_and_groups_list_their_events(app) {
        let host = app.signed_and_confirmed("hote@exemple.fr").await;
        let mut fields = event_fields("Mon événement gardé", now() - 3600, "zéro");
        fields.retain(|(k, _)| *k != "postal_code");
        fields.push(("postal_code", "7501".into()));
        let (_, html) = app.get(&host, "/evenements/nouveau").await;
        let mut form = vec![("csrf", csrf_token_in(&html))];
        form.extend(fields);
        let response = host.post(app.url("/evenements/nouveau")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("Mon événement gardé") && page.contains("zéro") && page.contains("7501"));
        assert!(page.contains("déjà passé") && page.contains("5 chiffres") && page.contains("nombre de places"));
        assert_eq!(app.get(&app.browser(), "/evenements/abc").await.0, 404);
        assert_eq!(app.get(&app.browser(), "/evenements/abc/agenda.ics").await.0, 404);
        assert_eq!(app.get(&app.browser(), "/evenements?q=zzzz").await.0, 422);

        // An event organised by a group shows on the group's page.
        let group = crate::groups::create_group(&app, &host, "Groupe du marché", "75018").await;
        app.store.grant_staff("hote@exemple.fr").await.unwrap();
        let mut fields = event_fields("Tractage au marché", now() + IN_A_MONTH, "");
        fields.retain(|(k, _)| *k != "group_id");
        fields.push(("group_id", group.to_string()));
        let id = propose(&app, &host, &fields).await;
        let (_, group_page) = app.get(&app.browser(), &format!("/groupes/{group}")).await;
        assert!(group_page.contains(&format!("/evenements/{id}")) && group_page.contains("Tractage au marché"));
    }
}
