//! "J'en dis plus": offers of skills found by distance (against a brute-force check), withdrawn
//! offers gone from the search, who may search, the offer form's mistakes, and messages relayed
//! so that an address is revealed only with its owner's answer.

use essaim_domain::agir::offer::{SkillOffer, TimeAvailable};
use essaim_domain::agir::Skill;
use essaim_domain::identity::PostalCode;
use essaim_domain::ids::PersonId;
use essaim_geo::distance_km;

use crate::support::{both_backends, TestApp, Visitor};

/// A person straight into the database: the search test needs many, without the sign-up emails.
async fn person(app: &TestApp, n: usize) -> PersonId {
    let email = format!("offre{n}@exemple.fr");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
         referral_code, created_at) VALUES ($1, $1, $2, 'Dupont', NULL, 'FR', $3, 0) RETURNING id",
    )
    .bind(&email)
    .bind(format!("Personne{n}"))
    .bind(format!("code-offre-{n}"))
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    PersonId::new(id)
}

/// The offer form's fields, with consent.
fn offer_fields<'a>(skills: &[&'a str], postal_code: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut fields: Vec<(&str, &str)> = skills.iter().map(|s| ("skills", *s)).collect();
    fields.extend([
        ("other", ""),
        ("time_available", "heures-par-mois"),
        ("travel_km", "20"),
        ("postal_code", postal_code),
        ("consent", "1"),
    ]);
    fields
}

/// A supporter at `postal_code` who offers `skills` over HTTP; returns the visitor and their id.
async fn offerer(
    app: &TestApp,
    email: &str,
    postal_code: &str,
    skills: &[&str],
) -> (Visitor, PersonId) {
    let client = app.signed_and_confirmed_at(email, postal_code).await;
    let (status, _) = app
        .submit(
            &client,
            "/competences",
            "/competences",
            &offer_fields(skills, postal_code),
        )
        .await;
    assert_eq!(status, 303, "the offer is saved");
    let id = app
        .store
        .find_person_by_email(email)
        .await
        .unwrap()
        .unwrap()
        .id;
    (client, id)
}

/// A logged-in staff member.
async fn staff(app: &TestApp, email: &str, postal_code: &str) -> Visitor {
    let client = app.signed_and_confirmed_at(email, postal_code).await;
    assert!(app
        .store
        .grant_staff_role(
            email,
            essaim_domain::staff::StaffRole::Admin,
            essaim_store::now()
        )
        .await
        .unwrap());
    client
}

/// An offer as the brute-force check knows it.
struct Placed {
    id: PersonId,
    point: (f64, f64),
    skills: Vec<Skill>,
    withdrawn: bool,
}

const POSTAL_CODES: [&str; 30] = [
    "75001", "75004", "75011", "75011", "75012", "75018", "75020", "93100", "93260", "92100",
    "94300", "95100", "78000", "77300", "60200", "69001", "69003", "69007", "69100", "38000",
    "13001", "13008", "13100", "83000", "59000", "59100", "62000", "31000", "33000", "44000",
];

both_backends! {
    async fn skills_near_a_place_agree_with_brute_force(app) {
        let mut offers: Vec<Placed> = Vec::new();
        for (n, code) in POSTAL_CODES.iter().enumerate() {
            let id = person(&app, n).await;
            let skills: Vec<Skill> = Skill::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| (i + n) % 4 == 0 || (i * n) % 7 == 3)
                .map(|(_, s)| *s)
                .collect();
            let offer = SkillOffer {
                skills: skills.clone(),
                other: (n % 3 == 0).then(|| format!("autre savoir-faire {n}")),
                time_available: TimeAvailable::ALL[n % 3],
                travel_km: [0, 5, 10, 20, 50, 100, 200][n % 7],
                postal_code: PostalCode::parse(code).unwrap(),
            };
            let point = essaim_geo::point_of_postal_code(code).unwrap();
            app.store.save_skill_offer(id, &offer, point, 1).await.unwrap();
            offers.push(Placed { id, point, skills, withdrawn: false });
        }
        // Two made over HTTP, and two withdrawn (one of them then moved and renewed).
        for (email, code, skills) in [
            ("http1@exemple.fr", "75010", vec![Skill::Video, Skill::Law]),
            ("http2@exemple.fr", "69002", vec![Skill::Music]),
        ] {
            let codes: Vec<&str> = skills.iter().map(|s| s.code()).collect();
            let (_, id) = offerer(&app, email, code, &codes).await;
            let point = essaim_geo::point_of_postal_code(code).unwrap();
            offers.push(Placed { id, point, skills, withdrawn: false });
        }
        for index in [2, 16] {
            assert!(app.store.withdraw_skill_offer(offers[index].id, 2).await.unwrap());
            offers[index].withdrawn = true;
        }
        assert!(!app.store.withdraw_skill_offer(offers[2].id, 3).await.unwrap(), "withdrawn once");

        let mut non_trivial = 0;
        for centre_code in ["75011", "69001", "13001", "59000", "44000", "21000"] {
            let centre = essaim_geo::point_of_postal_code(centre_code).unwrap();
            for radius in [5.0, 20.0, 50.0, 200.0, 1000.0] {
                for skill in [None, Some(Skill::Video), Some(Skill::Law), Some(Skill::Music), Some(Skill::Cooking)] {
                    let mut expected: Vec<(PersonId, f64)> = offers
                        .iter()
                        .filter(|o| !o.withdrawn && skill.is_none_or(|s| o.skills.contains(&s)))
                        .map(|o| (o.id, distance_km(centre, o.point)))
                        .filter(|(_, d)| *d <= radius)
                        .collect();
                    expected.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                    let found = app.store.skill_offers_near(centre, radius, skill).await.unwrap();
                    let ids: Vec<PersonId> = found.iter().map(|(o, _)| o.person_id).collect();
                    let want: Vec<PersonId> = expected.iter().map(|(id, _)| *id).collect();
                    assert_eq!(ids, want, "around {centre_code}, {radius} km, {skill:?}");
                    for ((offer, got), (_, want)) in found.iter().zip(&expected) {
                        assert!((got - want).abs() < 1e-9);
                        assert!(!offer.withdrawn);
                        assert!(skill.is_none_or(|s| offer.skills.contains(&s)));
                    }
                    if want.len() >= 2 && want.len() < offers.len() - 2 {
                        non_trivial += 1;
                    }
                }
            }
        }
        assert!(non_trivial >= 20, "the check compares real lists ({non_trivial})");

        // Saving again renews a withdrawn offer, at its new place.
        let id = offers[16].id;
        let renewed = SkillOffer {
            skills: offers[16].skills.clone(),
            other: None,
            time_available: TimeAvailable::HoursPerWeek,
            travel_km: 10,
            postal_code: PostalCode::parse("75011").unwrap(),
        };
        let point = essaim_geo::point_of_postal_code("75011").unwrap();
        app.store.save_skill_offer(id, &renewed, point, 4).await.unwrap();
        let near = app.store.skill_offers_near(point, 1.0, None).await.unwrap();
        assert!(near.iter().any(|(o, _)| o.person_id == id));
        let lyon = essaim_geo::point_of_postal_code("69003").unwrap();
        let far = app.store.skill_offers_near(lyon, 20.0, None).await.unwrap();
        assert!(!far.iter().any(|(o, _)| o.person_id == id), "it moved");
    }

    async fn a_withdrawn_offer_disappears_from_the_search_page(app) {
        let organiser = staff(&app, "orga@exemple.fr", "75011").await;
        let (client, id) = offerer(&app, "video@exemple.fr", "75012", &["video", "photo"]).await;
        let search = "/competences/recherche?skill=video&postal_code=75011&km=5";
        let (status, page) = app.get(&organiser, search).await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("/competences/{id}/contacter")), "the offer is found");
        assert!(page.contains("Louise M.") && page.contains("vidéo, photo") && page.contains(" km"));
        assert!(!page.contains("video@exemple.fr") && !page.contains("Michel"), "no address, no full name");

        let (_, other_skill) = app.get(&organiser, "/competences/recherche?skill=droit&postal_code=75011&km=5").await;
        assert!(!other_skill.contains(&format!("/competences/{id}/contacter")));
        let (_, too_far) = app.get(&organiser, "/competences/recherche?skill=&postal_code=69001&km=200").await;
        assert!(!too_far.contains(&format!("/competences/{id}/contacter")));

        let (status, location, _) = app.post_form(&client, "/competences", "/competences/retirer", &[]).await;
        assert_eq!((status, location.as_str()), (303, "/competences?info=retiree"));
        let (_, mine) = app.get(&client, "/competences").await;
        assert!(mine.contains("Vous avez retiré votre offre") && !mine.contains("Retirer mon offre"));

        let (status, page) = app.get(&organiser, search).await;
        assert_eq!(status, 200);
        assert!(!page.contains(&format!("/competences/{id}/contacter")), "the withdrawn offer is gone");
        // Nor can it be written to any more.
        let (status, _, _) = app.post_form(&organiser, search, &format!("/competences/{id}/contacter"), &[("message", "Bonjour")]).await;
        assert_eq!(status, 404);
    }

    async fn only_staff_and_group_animators_may_search(app) {
        let supporter = app.signed_and_confirmed_at("soutien@exemple.fr", "75011").await;
        let (status, page) = app.get(&supporter, "/competences/recherche").await;
        assert_eq!(status, 403);
        assert!(page.contains("réservée"));
        let (status, _, _) = app.post_form(&supporter, "/competences", "/competences/1/contacter", &[("message", "Bonjour")]).await;
        assert_eq!(status, 403);

        let response = app.browser().get(app.url("/competences/recherche")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/connexion");

        let animator = app.signed_and_confirmed_at("anim@exemple.fr", "75011").await;
        let group = crate::groups::create_group(&app, &animator, "Groupe de la Roquette", "75011").await;
        let (_, group_page) = app.get(&animator, &format!("/groupes/{group}")).await;
        assert!(group_page.contains("href=\"/competences/recherche?postal_code=75011\""), "reachable from the group page");
        let (status, page) = app.get(&animator, "/competences/recherche").await;
        assert_eq!(status, 200, "animators may search");
        assert!(page.contains("value=\"75011\""), "around their own postal code");

        let organiser = staff(&app, "equipe@exemple.fr", "69001").await;
        assert_eq!(app.get(&organiser, "/competences/recherche").await.0, 200);
        assert_eq!(app.get(&organiser, "/competences/recherche?postal_code=123").await.0, 422);
        assert_eq!(app.get(&organiser, "/competences/recherche?postal_code=75011&km=7").await.0, 422);
        assert_eq!(app.post_form(&organiser, "/competences", "/competences/abc/contacter", &[("message", "Bonjour")]).await.0, 404);
        assert_eq!(app.post_form(&organiser, "/competences", "/competences/999999/contacter", &[("message", "Bonjour")]).await.0, 404);
    }

    async fn an_offer_without_consent_comes_back_with_what_was_typed(app) {
        let client = app.signed_and_confirmed_at("bricole@exemple.fr", "93260").await;
        let (status, page) = app.get(&client, "/competences").await;
        assert_eq!(status, 200);
        assert!(page.contains("value=\"93260\""), "the postal code defaults to the person's");

        let fields = [
            ("skills", "bricolage"),
            ("skills", "musique"),
            ("other", "Accordéon et menuiserie"),
            ("time_available", "heures-par-semaine"),
            ("travel_km", "50"),
            ("postal_code", "93100"),
        ];
        let (status, page) = app.submit(&client, "/competences", "/competences", &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("Cochez la case pour que les organisateurs puissent vous contacter."));
        assert!(page.contains("value=\"bricolage\" checked") && page.contains("value=\"musique\" checked"));
        assert!(!page.contains("value=\"video\" checked"));
        assert!(page.contains("Accordéon et menuiserie") && page.contains("value=\"93100\""));
        assert!(page.contains("value=\"heures-par-semaine\" selected") && page.contains("value=\"50\" selected"));

        let (status, page) = app
            .submit(&client, "/competences", "/competences", &[("other", ""), ("postal_code", "93100"), ("consent", "1")])
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("Cochez au moins une compétence"));

        let mut with_consent = fields.to_vec();
        with_consent.push(("consent", "1"));
        let (status, _) = app.submit(&client, "/competences", "/competences", &with_consent).await;
        assert_eq!(status, 303);
        let (_, page) = app.get(&client, "/competences?ok=1").await;
        assert!(page.contains("Votre offre est enregistrée"));
        assert!(page.contains("value=\"bricolage\" checked") && page.contains("Accordéon et menuiserie"));
        assert!(page.contains("Retirer mon offre") && page.contains("id=\"consent\" name=\"consent\" type=\"checkbox\" value=\"1\" checked"));

        let (status, page) = app.get(&app.browser(), "/competences").await;
        assert_eq!(status, 200);
        assert!(page.contains("href=\"/connexion\"") && !page.contains("action=\"/competences\""));
    }

    async fn messages_are_relayed_and_the_address_goes_only_with_an_answer(app) {
        let organiser = staff(&app, "orga@exemple.fr", "75011").await;
        let (offerer_client, offerer_id) = offerer(&app, "graphiste@exemple.fr", "75020", &["graphisme"]).await;
        let search = "/competences/recherche?skill=graphisme&postal_code=75011&km=10";

        // An empty message comes back; a real one leaves.
        let (status, page) = app.submit(&organiser, search, &format!("/competences/{offerer_id}/contacter"),
            &[("message", "  "), ("skill", "graphisme"), ("postal_code", "75011"), ("km", "10")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Indiquez votre message.") && page.contains(&format!("/competences/{offerer_id}/contacter")));
        let (status, location, _) = app.post_form(&organiser, search, &format!("/competences/{offerer_id}/contacter"),
            &[("message", "Pourriez-vous dessiner l'affiche du meeting de samedi ?"), ("skill", "graphisme"), ("postal_code", "75011"), ("km", "10")]).await;
        assert_eq!(status, 303);
        assert_eq!(location, "/competences/recherche?skill=graphisme&postal_code=75011&km=10&envoye=1");
        let (_, confirmation) = app.get(&organiser, &location).await;
        assert!(confirmation.contains("Votre message est parti"));

        let relayed = app.wait_for_mail_with("graphiste@exemple.fr", "dessiner l'affiche").await;
        assert!(relayed.text.contains("/competences#messages"));
        assert!(!relayed.text.contains("orga@exemple.fr"), "the organiser's address is not given either");

        // Until the answer, the organiser sees no address of the offerer anywhere.
        for page in [search, location.as_str(), "/competences", "/mon-espace"] {
            let (_, html) = app.get(&organiser, page).await;
            assert!(!html.contains("graphiste@exemple.fr"), "{page}");
        }
        for email in app.mail_when_idle("orga@exemple.fr").await {
            assert!(!email.text.contains("graphiste@exemple.fr"));
        }

        // The message waits on the offerer's page; only they may answer it.
        let (_, mine) = app.get(&offerer_client, "/competences").await;
        assert!(mine.contains("Pourriez-vous dessiner l"));
        let start = mine.find("/competences/contacts/").expect("an answer form") + "/competences/contacts/".len();
        let contact_id: String = mine[start..].chars().take_while(char::is_ascii_digit).collect();
        let answer_path = format!("/competences/contacts/{contact_id}/repondre");
        assert_eq!(app.post_form(&organiser, "/competences", &answer_path, &[("answer", "Moi ?")]).await.0, 404);
        assert_eq!(app.post_form(&offerer_client, "/competences", "/competences/contacts/x/repondre", &[("answer", "Oui")]).await.0, 404);
        let (status, page) = app.submit(&offerer_client, "/competences", &answer_path, &[("answer", "")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Indiquez votre message."));

        let (status, location, _) = app.post_form(&offerer_client, "/competences", &answer_path,
            &[("answer", "Avec plaisir, envoyez-moi le texte.")]).await;
        assert_eq!((status, location.as_str()), (303, "/competences?info=repondu#messages"));
        let answer = app.wait_for_mail_with("orga@exemple.fr", "Avec plaisir, envoyez-moi le texte.").await;
        assert!(answer.text.contains("graphiste@exemple.fr"), "the address comes with the answer");
        assert!(answer.text.contains("Louise Michel"));

        // Answered once.
        let (_, mine) = app.get(&offerer_client, "/competences").await;
        assert!(mine.contains("Vous avez répondu") && !mine.contains(&answer_path));
        let (_, location, _) = app.post_form(&offerer_client, "/competences", &answer_path, &[("answer", "Encore")]).await;
        assert_eq!(location, "/competences?info=deja#messages");
    }
}
