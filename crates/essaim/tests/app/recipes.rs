//! Agir over HTTP: staff write recipes, a supporter's profile (saved, or answered in the query
//! string) gets them best first with the reasons, "Je l'ai fait" adds up per recipe and
//! département, Markdown stays harmless, the back-office is for staff only.

use crate::support::{both_backends, id_in, TestApp, Visitor};

async fn staff_member(app: &TestApp) -> Visitor {
    let client = app.signed_and_confirmed("equipe@exemple.fr").await;
    assert!(app
        .store
        .grant_staff_role(
            "equipe@exemple.fr",
            essaim_domain::staff::StaffRole::GroupsEvents,
            essaim_store::now()
        )
        .await
        .unwrap());
    client
}

/// A recipe's form fields; `extra` adds interests and skills (repeated names).
fn recipe_fields<'a>(
    title: &'a str,
    minutes: &'a str,
    place: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", title),
        ("summary", "Faire connaître la candidature."),
        ("body", "1. Préparer\n2. Agir\n3. Raconter"),
        ("material", ""),
        ("duration_minutes", minutes),
        ("people_min", "1"),
        ("people_max", "4"),
        ("place", place),
        ("published", "1"),
    ];
    fields.extend_from_slice(extra);
    fields
}

/// Creates a recipe through the back-office; returns its id.
async fn create_recipe(app: &TestApp, staff: &Visitor, fields: &[(&str, &str)]) -> i64 {
    let page = "/admin/recettes/nouvelle";
    let (status, location, body) = app.post_form(staff, page, page, fields).await;
    assert_eq!(status, 303, "the recipe is created: {body}");
    id_in(&location, "/agir/recettes/")
}

/// Four recipes: [writing at home, sharing a video online, leafleting at the market,
/// organising a screening], in this order of creation.
async fn four_recipes(app: &TestApp, staff: &Visitor) -> [i64; 4] {
    [
        create_recipe(
            app,
            staff,
            &recipe_fields(
                "Courrier des lecteurs",
                "30",
                "domicile",
                &[("interests", "ecrire"), ("skills", "ecriture")],
            ),
        )
        .await,
        create_recipe(
            app,
            staff,
            &recipe_fields(
                "Partager une vidéo",
                "5",
                "en_ligne",
                &[
                    ("interests", "en-ligne"),
                    ("interests", "filmer"),
                    ("skills", "video"),
                ],
            ),
        )
        .await,
        create_recipe(
            app,
            staff,
            &recipe_fields(
                "Tracter au marché",
                "120",
                "rue",
                &[("interests", "parler")],
            ),
        )
        .await,
        create_recipe(
            app,
            staff,
            &recipe_fields(
                "Organiser une projection",
                "240",
                "domicile",
                &[("interests", "organiser"), ("skills", "video")],
            ),
        )
        .await,
    ]
}

/// The recommended list of an /agir page: each recipe's id and its reasons, in order.
fn listed(html: &str) -> Vec<(i64, String)> {
    let Some(start) = html.find("<ol id=\"recettes\"") else {
        return Vec::new();
    };
    let list = &html[start..html[start..].find("</ol>").unwrap() + start];
    list.split("<li")
        .skip(1)
        .map(|item| {
            let id = item
                .split("href=\"/agir/recettes/")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let reasons = item
                .split("<p class=\"raisons\">")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .to_string();
            (id, reasons)
        })
        .collect()
}

/// The row of a staff table marked with `marker` (`data-recette="3"`…), up to its end.
fn row<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {html}"));
    let end = html[start..].find("</tr>").unwrap() + start;
    &html[start..end]
}

both_backends! {
    async fn a_first_visit_shows_the_questionnaire(app) {
        let (status, html) = app.get(&app.browser(), "/agir").await;
        assert_eq!(status, 200);
        assert!(html.contains("<form id=\"questionnaire\" method=\"get\" action=\"/agir\""));
        for id in ["dispo-soirees", "dispo-week-ends", "dispo-une-heure-par-semaine", "dispo-un-jour-par-mois",
                   "gout-parler", "gout-ecrire", "gout-dessiner", "gout-filmer", "gout-organiser", "gout-en-ligne",
                   "competence-video", "competence-ecriture"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
            assert!(html.contains(&format!("<label for=\"{id}\">")), "label of {id}");
        }
        assert!(!html.contains("id=\"recettes\""), "no list before any answer");
    }

    async fn a_saved_profile_gets_the_recipes_that_fit_best_first_with_reasons(app) {
        let staff = staff_member(&app).await;
        let [writing, video, leaflets, screening] = four_recipes(&app, &staff).await;

        let supporter = app.signed_and_confirmed("louise@exemple.fr").await;
        let (_, first) = app.get(&supporter, "/agir").await;
        assert!(first.contains("<form id=\"questionnaire\" method=\"post\" action=\"/agir/profil\""));
        let (status, location, _) = app.post_form(&supporter, "/agir", "/agir/profil", &[
            ("dispo", "une-heure-par-semaine"),
            ("gout", "ecrire"),
            ("gout", "en-ligne"),
            ("competence", "ecriture"),
        ]).await;
        assert_eq!((status, location.as_str()), (303, "/agir"));

        let (status, html) = app.get(&supporter, "/agir").await;
        assert_eq!(status, 200);
        assert!(html.contains("id=\"reponses-enregistrees\""));
        assert_eq!(listed(&html), vec![
            (video, "5 minutes, en ligne, correspond à « agir en ligne »".to_string()),
            (writing, "30 minutes, chez soi, correspond à « écrire », utilise votre compétence « écriture »".to_string()),
            (leaflets, "2 h, dans la rue, demande plus de temps que vos disponibilités".to_string()),
            (screening, "4 h, chez soi, demande plus de temps que vos disponibilités".to_string()),
        ]);
        // The questionnaire shows the saved answers, to change them.
        assert!(html.contains("id=\"dispo-une-heure-par-semaine\" name=\"dispo\" value=\"une-heure-par-semaine\" checked"));
        assert!(html.contains("id=\"gout-en-ligne\" name=\"gout\" value=\"en-ligne\" checked"));
        assert!(html.contains("id=\"dispo-soirees\" name=\"dispo\" value=\"soirees\">"));

        // Saving again replaces the profile: with week-ends, everything fits.
        let (status, _, _) = app.post_form(&supporter, "/agir", "/agir/profil", &[("dispo", "week-ends")]).await;
        assert_eq!(status, 303);
        let (_, html) = app.get(&supporter, "/agir").await;
        let ids: Vec<i64> = listed(&html).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, vec![video, writing, leaflets, screening], "all fit: shortest first");
        assert!(!html.contains("demande plus de temps"));
    }

    async fn an_anonymous_questionnaire_in_the_query_string_gives_its_own_list(app) {
        let staff = staff_member(&app).await;
        let [writing, video, leaflets, screening] = four_recipes(&app, &staff).await;

        let visitor = app.browser();
        let (status, html) = app
            .get(&visitor, "/agir?questionnaire=1&dispo=week-ends&gout=parler&gout=organiser&competence=video")
            .await;
        assert_eq!(status, 200);
        assert_eq!(listed(&html), vec![
            (screening, "4 h, chez soi, correspond à « organiser », utilise votre compétence « vidéo »".to_string()),
            (video, "5 minutes, en ligne, utilise votre compétence « vidéo »".to_string()),
            (leaflets, "2 h, dans la rue, correspond à « parler aux gens »".to_string()),
            (writing, "30 minutes, chez soi".to_string()),
        ]);
        assert!(html.contains("id=\"gout-organiser\" name=\"gout\" value=\"organiser\" checked"));
        assert!(!html.contains("id=\"reponses-enregistrees\""));

        // Sent with no availability: the questionnaire comes back, answers kept.
        let (status, html) = app.get(&visitor, "/agir?questionnaire=1&gout=ecrire").await;
        assert_eq!(status, 422);
        assert!(html.contains("cochez au moins une case"));
        assert!(html.contains("id=\"gout-ecrire\" name=\"gout\" value=\"ecrire\" checked"));
        assert!(!html.contains("id=\"recettes\""));
    }

    async fn markdown_script_in_a_recipe_is_shown_as_text(app) {
        let staff = staff_member(&app).await;
        let body = "Étapes :\n\n- **Préparer** les tracts\n\n<script>alert('piège')</script>\n\n[clic](javascript:alert(1))";
        let mut fields = recipe_fields("Recette piégée", "10", "rue", &[]);
        fields.retain(|(name, _)| *name != "body");
        fields.push(("body", body));
        let id = create_recipe(&app, &staff, &fields).await;

        let (status, html) = app.get(&app.browser(), &format!("/agir/recettes/{id}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("<strong>Préparer</strong>"), "Markdown is rendered");
        assert!(!html.contains("<script>"), "raw HTML is not a tag");
        assert!(html.contains("&lt;script&gt;"), "it is shown as text");
        assert!(html.contains("<a href=\"#\">clic</a>"), "javascript: links are neutralised");
        assert!(!html.contains("href=\"javascript"));
    }

    async fn done_twice_with_counts_shows_totals_per_recipe_and_departement(app) {
        let staff = staff_member(&app).await;
        let leaflets = create_recipe(&app, &staff, &recipe_fields("Tracter au marché", "60", "rue", &[])).await;
        let other = create_recipe(&app, &staff, &recipe_fields("Courrier des lecteurs", "30", "domicile", &[])).await;
        let page = format!("/agir/recettes/{leaflets}");
        let action = format!("/agir/recettes/{leaflets}/fait");

        // Not logged in: a way to log in, no form.
        let (_, html) = app.get(&app.browser(), &page).await;
        assert!(html.contains("href=\"/connexion\"") && !html.contains("id=\"je-l-ai-fait\""));

        let paris = app.signed_and_confirmed_at("paris@exemple.fr", "75011").await;
        let (status, location, _) = app.post_form(&paris, &page, &action, &[("quantite", "40")]).await;
        assert_eq!((status, location.as_str()), (303, format!("{page}?info=merci").as_str()));
        let (_, html) = app.get(&paris, &location).await;
        assert!(html.contains("id=\"merci\""));
        // Left empty, it counts once.
        assert_eq!(app.post_form(&paris, &page, &action, &[("quantite", "")]).await.0, 303);
        let lyon = app.signed_and_confirmed_at("lyon@exemple.fr", "69003").await;
        assert_eq!(app.post_form(&lyon, &page, &action, &[("quantite", "12")]).await.0, 303);

        // A count out of bounds is sent back, as typed.
        let (status, _, html) = app.post_form(&lyon, &page, &action, &[("quantite", "0")]).await;
        assert_eq!(status, 422);
        assert!(html.contains("id=\"quantite-erreur\"") && html.contains("value=\"0\""));

        let (status, html) = app.get(&staff, "/admin/recettes").await;
        assert_eq!(status, 200);
        let total = row(&html, &format!("<tr data-recette=\"{leaflets}\">"));
        assert!(total.contains("<td class=\"fois\">3</td>") && total.contains("<td class=\"total\">53</td>"), "{total}");
        let none = row(&html, &format!("<tr data-recette=\"{other}\">"));
        assert!(none.contains("<td class=\"fois\">0</td>") && none.contains("<td class=\"total\">0</td>"), "{none}");
        let in_paris = row(&html, &format!("data-recette=\"{leaflets}\" data-departement=\"75\""));
        assert!(in_paris.contains("<td class=\"fois\">2</td>") && in_paris.contains("<td class=\"total\">41</td>"), "{in_paris}");
        let in_lyon = row(&html, &format!("data-recette=\"{leaflets}\" data-departement=\"69\""));
        assert!(in_lyon.contains("<td class=\"fois\">1</td>") && in_lyon.contains("<td class=\"total\">12</td>"), "{in_lyon}");
        assert!(!html.contains(&format!("data-recette=\"{other}\" data-departement")));
    }

    async fn only_staff_reach_the_recipe_back_office(app) {
        let supporter = app.signed_and_confirmed("louise@exemple.fr").await;
        for path in ["/admin/recettes", "/admin/recettes/nouvelle", "/admin/recettes/1/modifier"] {
            assert_eq!(app.get(&supporter, path).await.0, 403, "{path}");
        }
        let (status, _, _) = app.post_form(&supporter, "/agir", "/admin/recettes/nouvelle",
            &recipe_fields("Intrus", "10", "rue", &[])).await;
        assert_eq!(status, 403);

        let response = app.browser().get(app.url("/admin/recettes")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/connexion");
    }

    async fn a_bad_recipe_form_is_sent_back_with_what_was_typed(app) {
        let staff = staff_member(&app).await;
        let (status, _, html) = app.post_form(&staff, "/admin/recettes/nouvelle", "/admin/recettes/nouvelle", &[
            ("title", "Un titre gardé"),
            ("summary", ""),
            ("body", "Les étapes gardées"),
            ("duration_minutes", "0"),
            ("people_min", "3"),
            ("people_max", "2"),
            ("interests", "ecrire"),
        ]).await;
        assert_eq!(status, 422);
        assert!(html.contains("value=\"Un titre gardé\""));
        assert!(html.contains(">Les étapes gardées</textarea>"));
        assert!(html.contains("id=\"interests-ecrire\" name=\"interests\" value=\"ecrire\" checked"));
        for field in ["summary", "duration_minutes", "people_max", "place"] {
            assert!(html.contains(&format!("id=\"{field}-erreur\"")), "{field}");
        }
        assert!(!html.contains("id=\"title-erreur\""));
        assert_eq!(app.store.recipe_totals().await.unwrap().len(), 0, "nothing is stored");
    }

    async fn a_draft_is_seen_by_staff_only_until_published(app) {
        let staff = staff_member(&app).await;
        let mut fields = recipe_fields("Brouillon de recette", "20", "rue", &[]);
        fields.retain(|(name, _)| *name != "published");
        let id = create_recipe(&app, &staff, &fields).await;
        let supporter = app.signed_and_confirmed("louise@exemple.fr").await;
        let path = format!("/agir/recettes/{id}");
        assert_eq!(app.get(&supporter, &path).await.0, 404);
        let (status, html) = app.get(&staff, &path).await;
        assert_eq!(status, 200);
        assert!(html.contains("Brouillon"));
        let (_, html) = app.get(&supporter, "/agir?dispo=soirees").await;
        assert!(!html.contains(&format!("/agir/recettes/{id}\"")));

        // Staff publish it under a new title: now everyone sees it.
        let edit = format!("/admin/recettes/{id}/modifier");
        let (_, form) = app.get(&staff, &edit).await;
        assert!(form.contains("value=\"Brouillon de recette\""), "the form shows the recipe");
        let (status, location, _) = app.post_form(&staff, &edit, &edit,
            &recipe_fields("Recette publiée", "20", "rue", &[])).await;
        assert_eq!((status, location.as_str()), (303, format!("{path}?info=enregistree").as_str()));
        let (status, html) = app.get(&supporter, &path).await;
        assert_eq!(status, 200);
        assert!(html.contains("Recette publiée") && !html.contains("Brouillon"));
        let (_, html) = app.get(&supporter, "/agir?dispo=soirees").await;
        assert!(html.contains(&format!("/agir/recettes/{id}\"")));
    }

    async fn bad_recipe_ids_are_not_found(app) {
        let staff = staff_member(&app).await;
        let visitor = app.browser();
        for path in ["/agir/recettes/abc", "/agir/recettes/999999", "/agir/recettes/99999999999999999999"] {
            assert_eq!(app.get(&visitor, path).await.0, 404, "{path}");
        }
        for path in ["/admin/recettes/abc/modifier", "/admin/recettes/424242/modifier"] {
            assert_eq!(app.get(&staff, path).await.0, 404, "{path}");
        }
        let supporter = app.signed_and_confirmed("louise@exemple.fr").await;
        let (status, _, _) = app.post_form(&supporter, "/agir", "/agir/recettes/31415/fait", &[("quantite", "1")]).await;
        assert_eq!(status, 404);
    }
}
