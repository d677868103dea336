//! Groupes d'appui over HTTP: create, join until active, split past 12, leave and remove,
//! who sees what, and joining without an account.

use essaim_domain::ids::GroupId;

use crate::support::{both_backends, csrf_token_in, id_in, TestApp, Visitor};

/// Creates a group meeting at `postal_code` as `client`; returns its id.
pub async fn create_group(
    app: &TestApp,
    client: &Visitor,
    name: &str,
    postal_code: &str,
) -> GroupId {
    create_group_at(app, client, name, postal_code, "").await
}

/// The same, with a street address for the meeting place.
pub async fn create_group_at(
    app: &TestApp,
    client: &Visitor,
    name: &str,
    postal_code: &str,
    address: &str,
) -> GroupId {
    let fields = [
        ("name", name),
        ("description", "On se retrouve au marché le samedi."),
        ("postal_code", postal_code),
        ("commune", ""),
        ("address", address),
        ("frequency", "hebdomadaire"),
        ("public_contact", ""),
    ];
    let page = "/groupes/nouveau";
    let (status, location, _) = app.post_form(client, page, page, &fields).await;
    assert_eq!(status, 303, "the group is created");
    GroupId::from(id_in(&location, "/groupes/"))
}

/// Posts a button form of the group page (`action` like "rejoindre"), returns status and location.
pub async fn press(
    app: &TestApp,
    client: &Visitor,
    group: GroupId,
    action: &str,
    extra: &[(&str, &str)],
) -> (u16, String) {
    let (status, location, _) = app
        .post_form(
            client,
            &format!("/groupes/{group}"),
            &format!("/groupes/{group}/{action}"),
            extra,
        )
        .await;
    (status, location)
}

async fn member_count(app: &TestApp, group: GroupId) -> i64 {
    app.store.find_group(group).await.unwrap().unwrap().members
}

both_backends! {
    async fn three_members_make_a_forming_group_active(app) {
        let creator = app.signed_and_confirmed("animatrice@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe des Lilas", "93260").await;
        let (_, page) = app.get(&app.browser(), &format!("/groupes/{group}")).await;
        assert!(page.contains("Groupe des Lilas") && page.contains("1 membre") && page.contains("en constitution"));

        let mut members = Vec::new();
        for (i, email) in ["b@exemple.fr", "c@exemple.fr"].iter().enumerate() {
            let member = app.signed_and_confirmed(email).await;
            let (status, location) = press(&app, &member, group, "rejoindre", &[]).await;
            assert_eq!((status, location.as_str()), (303, format!("/groupes/{group}?info=rejoint").as_str()));
            assert_eq!(member_count(&app, group).await, i as i64 + 2);
            members.push(member);
        }
        let (_, page) = app.get(&app.browser(), &format!("/groupes/{group}")).await;
        assert!(page.contains("3 membres") && page.contains("actif") && !page.contains("en constitution"));
        assert!(!page.contains("b@exemple.fr"), "the public page shows no personal data");

        // Found near its postal code, and listed in the members' space.
        let (_, results) = app.get(&app.browser(), "/groupes?q=93260").await;
        assert!(results.contains(&format!("/groupes/{group}\"")) && results.contains("3 membres"));
        let (_, space) = app.get(&members[0], "/mon-espace").await;
        assert!(space.contains("Groupe des Lilas") && space.contains("membre"));
    }

    async fn a_thirteenth_join_divides_the_group_in_six_and_seven(app) {
        // Six members live in Paris 20e, six in Montreuil; the 13th in Montreuil too.
        let creator = app.signed_and_confirmed_at("m0@exemple.fr", "75020").await;
        let group = create_group(&app, &creator, "Groupe de l'Est parisien", "75020").await;
        for i in 1..12 {
            let postal_code = if i < 6 { "75020" } else { "93100" };
            let member = app.signed_and_confirmed_at(&format!("m{i}@exemple.fr"), postal_code).await;
            assert_eq!(press(&app, &member, group, "rejoindre", &[]).await.0, 303);
        }
        assert_eq!(member_count(&app, group).await, 12);

        let thirteenth = app.signed_and_confirmed_at("m12@exemple.fr", "93100").await;
        let (_, location) = press(&app, &thirteenth, group, "rejoindre", &[]).await;
        assert!(location.ends_with("info=attente"), "{location}");
        assert_eq!(member_count(&app, group).await, 12, "nothing changes before the animators confirm");
        let (_, page) = app.get(&thirteenth, &format!("/groupes/{group}")).await;
        assert!(page.contains("votre demande est gardée"));
        let (_, space) = app.get(&thirteenth, "/mon-espace").await;
        assert!(space.contains("en attente"));

        let (_, page) = app.get(&creator, &format!("/groupes/{group}")).await;
        assert!(page.contains("Division du groupe"), "the animator sees the proposal");
        let told = app.wait_for_mail("m0@exemple.fr", 2).await;
        assert!(told.iter().any(|m| m.text.contains("confirmez") && m.text.contains(&format!("/groupes/{group}#division"))), "the animator is told by email");
        assert!(page.contains("Montreuil"), "the new group is named after where its half lives");
        let proposal = app.store.split_proposal(group).await.unwrap().unwrap();
        let leaving: Vec<_> = proposal.places.iter().filter(|p| p.leaves).collect();
        let sizes = (proposal.places.len() - leaving.len(), leaving.len());
        assert!(sizes == (6, 7) || sizes == (7, 6), "{sizes:?}");
        assert!(leaving.iter().all(|p| p.postal_code.as_deref() == Some("93100")), "Montreuil leaves together");

        let (status, location) = press(&app, &creator, group, "division", &[("action", "confirmer")]).await;
        assert_eq!((status, location.ends_with("info=divise")), (303, true));
        let old = app.store.find_group(group).await.unwrap().unwrap();
        let groups = app.store.groups_of(app.store.find_person_by_email("m12@exemple.fr").await.unwrap().unwrap().id).await.unwrap();
        assert_eq!(groups.len(), 1);
        let new = app.store.find_group(groups[0].id).await.unwrap().unwrap();
        assert_ne!(new.id, old.id);
        let mut sizes = [old.members, new.members];
        sizes.sort();
        assert_eq!(sizes, [6, 7]);
        assert!(!old.splitting && !new.splitting);
        // Both groups have an animator.
        for id in [old.id, new.id] {
            let members = app.store.group_members(id).await.unwrap();
            assert!(members.iter().any(|m| m.is_animator), "group {id} has an animator");
        }
        for i in 0..13 {
            // The animator (m0) also got the email asking to confirm the split.
            let expected_mails = if i == 0 { 3 } else { 2 };
            let mails = app.wait_for_mail(&format!("m{i}@exemple.fr"), expected_mails).await;
            let told = mails.iter().find(|m| m.text.contains("Votre groupe est d")).unwrap_or_else(|| panic!("m{i} is told"));
            let expected = if app.store.groups_of(app.store.find_person_by_email(&format!("m{i}@exemple.fr")).await.unwrap().unwrap().id).await.unwrap()[0].id == new.id { new.id } else { old.id };
            assert!(told.text.contains(&format!("/groupes/{expected}")), "m{i} gets the link of their own group");
        }
    }

    async fn members_leave_and_animators_remove(app) {
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe du port", "13002").await;
        let a = app.signed_and_confirmed("a@exemple.fr").await;
        let b = app.signed_and_confirmed("b@exemple.fr").await;
        press(&app, &a, group, "rejoindre", &[]).await;
        press(&app, &b, group, "rejoindre", &[]).await;
        assert_eq!(member_count(&app, group).await, 3);

        assert_eq!(press(&app, &a, group, "quitter", &[]).await.0, 303);
        assert_eq!(member_count(&app, group).await, 2);

        let b_id = app.store.find_person_by_email("b@exemple.fr").await.unwrap().unwrap().id.to_string();
        let (status, _) = press(&app, &creator, group, "retirer", &[("person_id", &b_id)]).await;
        assert_eq!(status, 303);
        assert_eq!(member_count(&app, group).await, 1);
        let (_, space) = app.get(&b, "/mon-espace").await;
        assert!(!space.contains("Groupe du port"));

        // The last animator leaving closes an empty group; it no longer shows in searches.
        press(&app, &creator, group, "quitter", &[]).await;
        assert!(app.store.find_group(group).await.unwrap().unwrap().closed);
        let (_, results) = app.get(&app.browser(), "/groupes?q=13002").await;
        assert!(!results.contains(&format!("/groupes/{group}\"")));
    }

    async fn only_animators_see_contacts_and_act(app) {
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe de la gare", "69007").await;
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        press(&app, &member, group, "rejoindre", &[]).await;
        let outsider = app.signed_and_confirmed("dehors@exemple.fr").await;

        let (_, animator_view) = app.get(&creator, &format!("/groupes/{group}")).await;
        assert!(animator_view.contains("membre@exemple.fr") && animator_view.contains("Écrire à tous les membres"));
        let (_, member_view) = app.get(&member, &format!("/groupes/{group}")).await;
        assert!(!member_view.contains("anim@exemple.fr") && !member_view.contains("Écrire à tous les membres"));
        let (_, outsider_view) = app.get(&outsider, &format!("/groupes/{group}")).await;
        assert!(!outsider_view.contains("membre@exemple.fr"));

        let member_id = app.store.find_person_by_email("membre@exemple.fr").await.unwrap().unwrap().id.to_string();
        for who in [&outsider, &member] {
            assert_eq!(press(&app, who, group, "retirer", &[("person_id", &member_id)]).await.0, 403);
            assert_eq!(press(&app, who, group, "message", &[("subject", "Salut"), ("body", "Hop")]).await.0, 403);
            assert_eq!(press(&app, who, group, "division", &[("action", "confirmer")]).await.0, 403);
            assert_eq!(app.get(who, &format!("/groupes/{group}/modifier")).await.0, 403);
        }
        assert_eq!(app.get(&outsider, &format!("/groupes/{group}/saisie")).await.0, 403);
        assert_eq!(member_count(&app, group).await, 2);
        assert_eq!(app.get(&app.browser(), "/groupes/abc").await.0, 404);
        assert_eq!(app.get(&app.browser(), "/groupes/999999").await.0, 404);

        // A message goes to the members through the platform, without their addresses.
        let (status, _) = press(&app, &creator, group, "message", &[("subject", "Réunion samedi"), ("body", "Rendez-vous à 10 h au café.")]).await;
        assert_eq!(status, 303);
        let mails = app.wait_for_mail("membre@exemple.fr", 2).await;
        let message = mails.iter().find(|m| m.text.contains("Rendez-vous à 10 h au café.")).expect("the member gets the message");
        assert!(!message.text.contains("anim@exemple.fr"));
        let (status, _, page) = app
            .post_form(&creator, &format!("/groupes/{group}"), &format!("/groupes/{group}/message"), &[("subject", ""), ("body", "Texte gardé")])
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("Texte gardé") && page.contains("Indiquez l&#39;objet du message"), "the message is kept, the missing subject named");
    }

    async fn joining_without_an_account_waits_for_the_email(app) {
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe du bourg", "42000").await;
        let visitor = app.browser();
        let (_, html) = app.get(&visitor, &format!("/groupes/{group}")).await;
        let form = [("csrf", csrf_token_in(&html)), ("first_name", "Jean".into()), ("last_name", "Jaurès".into()), ("email", "pas-un-email".into()), ("postal_code", "42100".into())];
        let response = visitor.post(app.url(&format!("/groupes/{group}/rejoindre"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("pas-un-email") && page.contains("Jaurès"), "what was typed is kept");

        let form = [("csrf", csrf_token_in(&html)), ("first_name", "Jean".into()), ("last_name", "Jaurès".into()), ("email", "jean@exemple.fr".into()), ("postal_code", "42100".into())];
        let response = visitor.post(app.url(&format!("/groupes/{group}/rejoindre"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.text().await.unwrap().contains("Vérifiez vos emails"));
        assert_eq!(member_count(&app, group).await, 1, "not before the email is confirmed");

        let mail = app.wait_for_mail("jean@exemple.fr", 1).await.remove(0);
        let (status, _) = app.confirm(&visitor, &mail).await;
        assert_eq!(status, 200);
        assert_eq!(member_count(&app, group).await, 2);
        let (_, space) = app.get(&visitor, "/mon-espace").await;
        assert!(space.contains("Groupe du bourg"));

        // Someone who had already signed is told to log in, and is in once logged in.
        app.signed_and_confirmed("deja@exemple.fr").await;
        let stranger = app.browser();
        let (status, _, _) = app
            .post_form(&stranger, &format!("/groupes/{group}"), &format!("/groupes/{group}/rejoindre"), &[("first_name", "Louise"), ("last_name", "Michel"), ("email", "deja@exemple.fr"), ("postal_code", "42000")])
            .await;
        assert_eq!(status, 200);
        let mails = app.wait_for_mail("deja@exemple.fr", 3).await;
        assert!(mails.iter().any(|m| m.text.contains("il suffit de vous connecter")), "told to log in");
        assert_eq!(member_count(&app, group).await, 2, "not before proving the address");
        app.post_form(&stranger, "/connexion", "/connexion", &[("email", "deja@exemple.fr")]).await;
        let mails = app.wait_for_mail("deja@exemple.fr", 4).await;
        let login = mails.iter().find(|m| m.text.contains("/connexion/lien")).expect("a login email");
        let link = login.link_path("/connexion/lien");
        let (_, page) = app.get(&stranger, &link).await;
        let token = link.split("jeton=").nth(1).unwrap().to_string();
        let form = [("csrf", csrf_token_in(&page)), ("jeton", token)];
        let response = stranger.post(app.url("/connexion/lien")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(member_count(&app, group).await, 3, "logging in takes the place");
    }

    async fn the_group_form_keeps_what_was_typed(app) {
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let (_, html) = app.get(&creator, "/groupes/nouveau").await;
        let form = [("csrf", csrf_token_in(&html)), ("name", "=Groupe".into()), ("description", "Une description gardée".into()), ("postal_code", "1234".into()), ("commune", "".into()), ("address", "".into()), ("frequency", "jamais".into()), ("public_contact", "".into())];
        let response = creator.post(app.url("/groupes/nouveau")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("Une description gardée") && page.contains("=Groupe") && page.contains("1234"));
        assert!(page.contains("ne peut pas commencer par") && page.contains("5 chiffres") && page.contains("rythme"));
        let form = [("csrf", csrf_token_in(&html)), ("name", "Groupe".into()), ("description", "D".into()), ("postal_code", "42000".into()), ("commune", "Lyon".into()), ("address", "".into()), ("frequency", "mensuelle".into()), ("public_contact", "".into())];
        let response = creator.post(app.url("/groupes/nouveau")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        assert!(response.text().await.unwrap().contains("Saint-Étienne"), "the communes of the code are suggested");
        assert_eq!(app.get(&app.browser(), "/groupes?q=zzzz").await.0, 422);
        assert_eq!(app.get(&app.browser(), "/groupes?lat=abc&lon=2").await.0, 422);
        assert_eq!(app.get(&app.browser(), "/groupes?q=99999").await.0, 422);
        let visitor = app.browser();
        let response = visitor.get(app.url("/groupes/nouveau")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303, "creating a group needs an account");
    }
}
