//! Programme, the public side: contributions listed with their author and never interpreted as
//! HTML, drafts shown their look-alikes first, supports counted once (and fifty at once counted
//! fifty), texts locked by the first support or comment, reports hiding at the third person
//! everywhere, the form's mistakes in French with what was typed kept, and visitors reading
//! without an account.

use essaim_domain::ids::{CommentId, ContributionId};

use crate::support::programme::{contribute_path, contribution_fields, contribution_path};
use crate::support::{both_backends, id_in, unescape, TestApp, Visitor};

const SCRIPT: &str = "<script>alert(1)</script>";

/// The comment ids of a contribution's page, in order.
fn comment_ids(page: &str) -> Vec<CommentId> {
    page.split("id=\"commentaire-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// The contributions a page links to (each once, in order).
fn linked_contributions(page: &str) -> Vec<ContributionId> {
    let mut ids: Vec<ContributionId> = Vec::new();
    for rest in page.split("href=\"/programme/contributions/").skip(1) {
        let Some(id) = rest
            .split(['"', '/', '?'])
            .next()
            .and_then(|id| id.parse().ok())
        else {
            continue;
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// `<` and `>` as the page escapes them, written the named way (askama writes `&#60;`).
fn named_entities(html: &str) -> String {
    html.replace("&#60;", "&lt;").replace("&#62;", "&gt;")
}

/// A script or a tag typed by someone is shown as text, never written into the page.
fn assert_escaped(page: &str, where_: &str) {
    assert!(!page.contains("<script>alert"), "{where_}: a raw <script>");
    assert!(!page.contains("<b>"), "{where_}: a raw <b>");
    assert!(
        named_entities(page).contains("&lt;script&gt;"),
        "{where_}: the script as text: {page}"
    );
}

/// Three confirmed supporters, logged in.
async fn three_people(app: &TestApp, prefix: &str) -> [Visitor; 3] {
    [
        app.signed_and_confirmed(&format!("{prefix}1@exemple.fr"))
            .await,
        app.signed_and_confirmed(&format!("{prefix}2@exemple.fr"))
            .await,
        app.signed_and_confirmed(&format!("{prefix}3@exemple.fr"))
            .await,
    ]
}

both_backends! {
    async fn a_contribution_is_listed_with_its_author_and_its_text_is_never_html(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let title = format!("{SCRIPT} Des écoles <b>gratuites</b>");
        let body = format!("Rendre les écoles publiques {SCRIPT} et <b>gratuites</b>,\ncantine comprise.");
        let id = app.contribute(&louise, 2, &title, &body).await;
        let mut anonymous = contribution_fields("Une assemblée citoyenne par commune", "Tirée au sort, elle contrôle le budget local.");
        anonymous.retain(|(name, _)| *name != "show_name");
        let hidden_name = app.contribute_with(&louise, 2, &anonymous).await;

        let visitor = app.browser();
        let (status, axis) = app.get(&visitor, "/programme/axe/2").await;
        assert_eq!(status, 200);
        assert_escaped(&axis, "the axis page");
        assert!(axis.contains("Louise M."), "the author shown as they chose");
        assert!(axis.contains("Anonyme"), "or not named");
        assert!(axis.contains("2 contributions"));
        assert_eq!(linked_contributions(&axis).len(), 2);
        assert!(linked_contributions(&axis).contains(&hidden_name));

        let (status, page) = app.get(&visitor, &contribution_path(id)).await;
        assert_eq!(status, 200);
        assert_escaped(&page, "the contribution page");
        assert!(page.contains("Louise M."));
        assert!(unescape(&page).contains("<b>gratuites</b>,\ncantine"), "line breaks kept: {page}");

        let (status, found) = app.get(&visitor, "/programme/recherche?q=%C3%A9coles+gratuites").await;
        assert_eq!(status, 200);
        assert_escaped(&found, "the search");
        assert!(found.contains("1 contribution trouvée"), "{found}");
        assert!(named_entities(&found).contains("&lt;b&gt;<mark>gratuites</mark>&lt;"), "the words found marked, the tags as text: {found}");
        assert!(found.contains("<mark>écoles</mark>"));

        let (_, index) = app.get(&visitor, "/programme").await;
        assert!(index.contains("href=\"/programme/resultats\""));
        assert!(index.contains("2 contributions"), "axis 2 counts its contributions");
    }

    async fn a_draft_like_an_existing_contribution_is_shown_it_first_and_may_be_published_anyway(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let original = app.contribute(&louise, 3, "Gratuité des transports en commun", "Rendre les bus, les trams et les métros gratuits dans toutes les villes.").await;
        app.contribute(&louise, 3, "Des trains de nuit", "Relancer les trains de nuit entre les grandes villes d'Europe.").await;
        app.contribute(&louise, 3, "Rénover les logements", "Isoler les passoires thermiques en dix ans.").await;

        let marc = app.signed_and_confirmed("marc@exemple.fr").await;
        let draft = contribution_fields("Transports en commun gratuits", "Les transports en commun gratuits partout : bus, trams, métros.");
        let (status, _, page) = app.propose(&marc, 3, &draft).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Des contributions semblables existent"), "{page}");
        let proposed = linked_contributions(&page);
        assert_eq!(proposed.first(), Some(&original), "the closest first: {proposed:?}");
        assert!(page.contains(&format!("action=\"/programme/contributions/{original}/soutenir\"")));
        assert!(page.contains("Soutenir celle-ci"));
        assert!(page.contains("<mark>"), "the draft's words marked");
        assert!(page.contains("value=\"Transports en commun gratuits\""), "the draft is carried");

        // "Modifier": back to the form, everything typed kept.
        let mut change = draft.clone();
        change.retain(|(name, _)| *name != "etape");
        change.push(("etape", "modifier"));
        let (status, _, form) = app.propose(&marc, 3, &change).await;
        assert_eq!(status, 200);
        assert!(form.contains("value=\"Transports en commun gratuits\""), "{form}");
        assert!(form.contains(">Les transports en commun gratuits partout : bus, trams, métros.</textarea>"));

        // "Publier quand même".
        let mut publish = draft.clone();
        publish.retain(|(name, _)| *name != "etape");
        publish.push(("etape", "publier"));
        let (status, location, _) = app.propose(&marc, 3, &publish).await;
        assert_eq!(status, 303);
        let id = ContributionId::new(id_in(&location, "/programme/contributions/"));
        assert_ne!(id, original);
        let (_, axis) = app.get(&app.browser(), "/programme/axe/3").await;
        assert!(axis.contains("4 contributions"), "{axis}");

        // A draft like nothing else is published at once.
        let (status, location, _) = app.propose(&marc, 3, &contribution_fields("Planter des haies", "Replanter cent mille kilomètres de haies bocagères.")).await;
        assert_eq!(status, 303);
        assert!(location.starts_with("/programme/contributions/"));
    }

    async fn a_support_counts_once_and_can_be_withdrawn(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 1, "Le référendum d'initiative citoyenne", "Cinq cent mille signatures déclenchent un référendum.").await;
        let bob = app.signed_and_confirmed("bob@exemple.fr").await;
        let (status, location, _) = app.on_contribution(&bob, id, "soutenir", &[]).await;
        assert_eq!((status, location.as_str()), (303, format!("{}?fait=soutien", contribution_path(id)).as_str()));
        let (status, location, _) = app.on_contribution(&bob, id, "soutenir", &[]).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=deja-soutenue"), "{location}");
        assert_eq!(app.supports_of(id).await, 1);
        let (_, page) = app.get(&bob, &location).await;
        assert!(page.contains("1 soutien") && page.contains("Retirer mon soutien"), "{page}");

        let (status, location, _) = app.on_contribution(&bob, id, "retirer-soutien", &[]).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=soutien-retire"));
        assert_eq!(app.supports_of(id).await, 0);
        assert_eq!(app.store.counted_supports(id).await.unwrap(), 0);
        let (_, page) = app.get(&bob, &contribution_path(id)).await;
        assert!(page.contains("0 soutien") && page.contains("Soutenir cette contribution"));
    }

    async fn fifty_people_supporting_at_once_are_counted_fifty(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 6, "Une sécurité sociale de l'alimentation", "Cent cinquante euros par mois pour manger bio et local.").await;
        let mut people = Vec::new();
        for n in 0..50 {
            people.push(app.programme_person(n).await);
        }
        let tasks: Vec<_> = people
            .into_iter()
            .map(|person| {
                let store = app.store.clone();
                tokio::spawn(async move { store.support_contribution(id, person, essaim_store::now()).await })
            })
            .collect();
        for outcome in futures_util::future::join_all(tasks).await {
            assert_eq!(outcome.unwrap().unwrap(), essaim_store::programme::SupportOutcome::Supported);
        }
        assert_eq!(app.supports_of(id).await, 50);
        assert_eq!(app.store.counted_supports(id).await.unwrap(), 50);
        let (_, page) = app.get(&app.browser(), &contribution_path(id)).await;
        assert!(page.contains("50 soutiens"));
    }

    async fn the_author_edits_until_the_first_support_then_adds_complements(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 5, "Sortir de l'OTAN", "Quitter le commandement intégré puis l'alliance.").await;
        let edit = format!("{}/modifier", contribution_path(id));
        let (status, form) = app.get(&louise, &edit).await;
        assert_eq!(status, 200);
        assert!(form.contains("value=\"Sortir de l&#39;OTAN\"") || form.contains("value=\"Sortir de l&#x27;OTAN\""), "{form}");
        let bob = app.signed_and_confirmed("bob@exemple.fr").await;
        let (status, _) = app.get(&bob, &edit).await;
        assert_eq!(status, 403, "only the author edits");

        let changed = [("title", "Sortir de l'OTAN en deux temps"), ("body", "Quitter le commandement intégré, puis l'alliance."), ("departement", "")];
        let (status, location, _) = app.post_form(&louise, &edit, &edit, &changed).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=modifiee"));
        assert_eq!(app.store.contribution(id).await.unwrap().unwrap().card.title, "Sortir de l'OTAN en deux temps");

        // Supported: no more edits, a complement instead.
        assert_eq!(app.on_contribution(&bob, id, "soutenir", &[]).await.0, 303);
        let (status, page) = app.get(&louise, &edit).await;
        assert_eq!(status, 409);
        assert!(page.contains("ne peut plus être modifié"), "{page}");
        let (status, _, page) = app.post_form(&louise, &contribution_path(id), &edit, &[("title", "Rester"), ("body", "Finalement, rester dans l'alliance."), ("departement", "")]).await;
        assert_eq!(status, 409);
        assert!(page.contains("Finalement, rester"), "the text typed is not lost: {page}");
        assert_eq!(app.store.contribution(id).await.unwrap().unwrap().card.title, "Sortir de l'OTAN en deux temps");
        let (status, location, _) = app.on_contribution(&louise, id, "complement", &[("body", "Le calendrier : avant 2030.")]).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=complement"));
        let (_, page) = app.get(&app.browser(), &contribution_path(id)).await;
        assert!(page.contains("Complément du ") && page.contains("Le calendrier : avant 2030."), "{page}");
        // A complement too short comes back with the text.
        let (status, _, page) = app.on_contribution(&louise, id, "complement", &[("body", "Court")]).await;
        assert_eq!(status, 422);
        assert!(page.contains(">Court</textarea>") && page.contains("10 caractères"), "{page}");

        // Commented on: locked too.
        let other = app.contribute(&louise, 5, "Une diplomatie de la paix", "Des médiations plutôt que des ventes d'armes.").await;
        let (status, _) = app.get(&louise, &format!("{}/modifier", contribution_path(other))).await;
        assert_eq!(status, 200);
        let (status, _, page) = app.on_contribution(&bob, other, "commenter", &[("body", "Et l'ONU ?")]).await;
        assert_eq!(status, 422, "a first comment asks for the consent");
        let page = crate::support::unescape(&page);
        assert!(page.contains("votre premier commentaire, cochez la case") && page.contains(">Et l'ONU ?</textarea>"), "said, and the text kept: {page}");
        let (status, _, _) = app.on_contribution(&bob, other, "commenter", &[("body", "Et l'ONU ?"), ("consent", "1")]).await;
        assert_eq!(status, 303);
        let (status, _) = app.get(&louise, &format!("{}/modifier", contribution_path(other))).await;
        assert_eq!(status, 409, "the first comment locks the text");
    }

    async fn the_third_person_reporting_a_contribution_hides_it_everywhere(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 4, "Des bicyclettes partout", "Des pistes cyclables sûres dans chaque commune.").await;
        let [first, second, third] = three_people(&app, "rapporteur").await;
        let visitor = app.browser();
        let report = [("reason", "hors-sujet"), ("detail", "")];

        let (status, location, _) = app.on_contribution(&first, id, "signaler", &report).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=signalement"), "{location}");
        let (_, location, _) = app.on_contribution(&first, id, "signaler", &report).await;
        assert!(location.ends_with("fait=deja-signale"), "{location}");
        assert_eq!(app.on_contribution(&second, id, "signaler", &report).await.0, 303);
        assert_eq!(app.get(&visitor, &contribution_path(id)).await.0, 200, "two people are not enough");
        // A report needs a reason; "Autre raison" needs words.
        let (status, _, page) = app.on_contribution(&third, id, "signaler", &[("reason", "autre"), ("detail", "")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Précisez la raison"), "{page}");
        let (status, location, _) = app.on_contribution(&third, id, "signaler", &[("reason", "autre"), ("detail", "Publicité déguisée")]).await;
        assert_eq!(status, 303);
        assert_eq!(location, "/programme/axe/4?fait=signalement-masque");

        let (status, page) = app.get(&visitor, &contribution_path(id)).await;
        assert_eq!(status, 410);
        assert!(page.contains("masquée par la modération"));
        assert!(!page.contains("Des bicyclettes partout"));
        let (_, axis) = app.get(&visitor, "/programme/axe/4").await;
        assert!(!axis.contains("Des bicyclettes partout") && axis.contains("0 contribution"), "absent from the axis: {axis}");
        let (_, found) = app.get(&visitor, "/programme/recherche?q=bicyclettes").await;
        assert!(!found.contains("Des bicyclettes partout") && found.contains("0 contribution trouvée"), "absent from the search: {found}");
        let (_, index) = app.get(&visitor, "/programme").await;
        let axis_line = index.split("href=\"/programme/axe/4\"").nth(1).unwrap().split("</li>").next().unwrap();
        assert!(axis_line.contains("0 contribution"), "not counted: {axis_line}");
        // Its author still reads it, marked as hidden.
        let (status, page) = app.get(&louise, &contribution_path(id)).await;
        assert_eq!(status, 200);
        assert!(page.contains("Masquée par la modération"));
    }

    async fn a_comment_reported_by_three_people_disappears_for_the_public(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 7, "Protéger les grands fonds marins", "Un moratoire sur l'exploitation minière des grands fonds.").await;
        let rude = app.signed_and_confirmed("grossier@exemple.fr").await;
        let (status, _, _) = app.on_contribution(&rude, id, "commenter", &[("body", "Propos injurieux envers Louise"), ("consent", "1")]).await;
        assert_eq!(status, 303);
        let (_, page) = app.get(&louise, &contribution_path(id)).await;
        let comment = comment_ids(&page)[0];
        // A reply under it.
        let (status, _, _) = app.on_contribution(&louise, id, "commenter", &[("body", "Restons courtois."), ("parent", &comment.to_string())]).await;
        assert_eq!(status, 303);

        for reporter in three_people(&app, "signale").await {
            let (status, location, _) = app.post_form(&reporter, &contribution_path(id), &format!("/programme/commentaires/{comment}/signaler"), &[("reason", "injurieux"), ("detail", "")]).await;
            assert_eq!(status, 303, "{location}");
        }
        let (status, page) = app.get(&app.browser(), &contribution_path(id)).await;
        assert_eq!(status, 200);
        assert!(!page.contains("Propos injurieux envers Louise"), "{page}");
        assert!(page.contains("Commentaire masqué par la modération"), "kept as the head of its reply");
        assert!(page.contains("Restons courtois."));

        // Deleted by its author: gone, its text with it.
        let (_, page) = app.get(&louise, &contribution_path(id)).await;
        let reply = *comment_ids(&page).last().unwrap();
        let (status, location, _) = app.post_form(&louise, &contribution_path(id), &format!("/programme/commentaires/{reply}/supprimer"), &[]).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("fait=commentaire-supprime"));
        let (_, page) = app.get(&app.browser(), &contribution_path(id)).await;
        assert!(!page.contains("Restons courtois.") && !page.contains("Commentaire masqué"), "nothing left to show: {page}");
        let (status, _, _) = app.post_form(&rude, &contribution_path(id), &format!("/programme/commentaires/{comment}/supprimer"), &[]).await;
        assert_eq!(status, 303, "its author may still delete a hidden comment");
    }

    async fn the_forms_mistakes_are_told_in_french_and_what_was_typed_is_kept(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let (status, form) = app.get(&louise, &contribute_path(1)).await;
        assert_eq!(status, 200);
        assert!(form.contains("value=\"75\""), "the département of her postal code: {form}");
        assert!(form.contains("Louise M.") && form.contains("name=\"consent\""));

        let fields = [("title", "Mon titre gardé"), ("body", "court"), ("departement", "99"), ("show_name", "1"), ("etape", "verifier")];
        let (status, _, page) = app.propose(&louise, 1, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("10 caractères au moins"), "{page}");
        assert!(page.contains("Ce département n&#39;existe pas") || page.contains("Ce département n&#x27;existe pas"), "{page}");
        assert!(page.contains("cochez cette case"), "the consent asked at the first contribution: {page}");
        assert!(page.contains("value=\"Mon titre gardé\"") && page.contains(">court</textarea>") && page.contains("value=\"99\""), "{page}");
        let louise_id = app.store.find_person_by_email("louise@exemple.fr").await.unwrap().unwrap().id;
        assert!(!app.store.has_programme_consent(louise_id).await.unwrap(), "nothing published, no consent recorded");

        // Five a day, then no more.
        for n in 1..=5 {
            let title = format!("Proposition numéro {n}");
            let body = format!("Texte de la proposition {}.", ["alpha", "bravo", "charlie", "delta", "echo"][n - 1]);
            app.contribute(&louise, 1, &title, &body).await;
        }
        let (status, form) = app.get(&louise, &contribute_path(1)).await;
        assert_eq!(status, 200);
        assert!(!form.contains("name=\"consent\""), "consent is asked once");
        let sixth = [("title", "Une sixième"), ("body", "Encore une idée, la sixième du jour."), ("departement", ""), ("show_name", "1"), ("etape", "publier")];
        let (status, _, page) = app.propose(&louise, 1, &sixth).await;
        assert_eq!(status, 422);
        assert!(page.contains("5 contributions par jour au plus"), "{page}");
        assert!(page.contains("value=\"Une sixième\""));

        // Not confirmed, not signed: told what to do.
        let marc = app.signed_and_confirmed("marc@exemple.fr").await;
        sqlx::query("UPDATE signatures SET status = 'pending' WHERE person_id = (SELECT id FROM people WHERE email = 'marc@exemple.fr')")
            .execute(app.store.pool()).await.unwrap();
        let (status, page) = app.get(&marc, &contribute_path(1)).await;
        assert_eq!(status, 403);
        assert!(page.contains("pas encore confirmée") && page.contains("href=\"/#signer\""), "{page}");
        let (status, _, _) = app.propose(&marc, 1, &contribution_fields("Titre correct", "Un texte assez long pour passer.")).await;
        assert_eq!(status, 403);
    }

    async fn visitors_read_everything_and_posts_need_a_login_and_a_token(app) {
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 1, "Une Constituante", "Élire une assemblée constituante au suffrage universel.").await;
        let visitor = app.browser();
        for path in ["/programme", "/programme/axe/1", "/programme/axe/1?ordre=recentes", "/programme/axe/1?ordre=hasard&graine=7&departement=75&page=2", "/programme/recherche", "/programme/recherche?q=les+de", &contribution_path(id)] {
            assert_eq!(app.get(&visitor, path).await.0, 200, "{path}");
        }
        let (_, hint) = app.get(&visitor, "/programme/recherche?q=les+de").await;
        assert!(hint.contains("trop courants"), "{hint}");
        let (_, beyond) = app.get(&visitor, "/programme/axe/1?page=3").await;
        assert!(beyond.contains("Revenir à la première page"), "{beyond}");
        let (_, random) = app.get(&visitor, "/programme/axe/1?ordre=hasard").await;
        assert!(random.contains("graine="), "the random order keeps its seed in its links");
        for path in ["/programme/axe/0", "/programme/axe/8", "/programme/axe/x", "/programme/contributions/999", "/programme/contributions/abc"] {
            assert_eq!(app.get(&visitor, path).await.0, 404, "{path}");
        }
        let (status, _) = app.get(&visitor, &contribute_path(1)).await;
        assert_eq!(status, 303, "contributing needs a login");
        let response = visitor.post(app.url(&format!("{}/soutenir", contribution_path(id)))).form(&[("csrf", "x")]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/connexion");

        // Logged in, but without the page's token: nothing is done.
        let bob = app.signed_and_confirmed("bob@exemple.fr").await;
        let response = bob.post(app.url(&format!("{}/soutenir", contribution_path(id)))).form(&[("csrf", "")]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400);
        assert_eq!(app.supports_of(id).await, 0);
        let response = bob.post(app.url(&contribute_path(1))).form(&contribution_fields("Sans jeton", "Ce texte ne doit pas être publié.")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("session a expiré") && page.contains("value=\"Sans jeton\""), "{page}");
        let (_, axis) = app.get(&visitor, "/programme/axe/1").await;
        assert!(axis.contains("1 contribution") && !axis.contains("Sans jeton"));
    }

    async fn comments_are_limited_to_thirty_an_hour_per_person(app) {
        use essaim_store::programme::{CommentOutcome, NewComment};
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let id = app.contribute(&louise, 2, "Un SMIC à 1 600 euros", "Augmenter le salaire minimum tout de suite.").await;
        let person = app.store.find_person_by_email("louise@exemple.fr").await.unwrap().unwrap().id;
        let comment = NewComment {
            contribution: id,
            parent: None,
            author: person,
            author_label: Some("Louise M."),
            body: "Encore un mot.",
            consent_text: None,
        };
        let start = essaim_store::now();
        for n in 0..30 {
            let outcome = app.store.add_comment(&comment, start + n).await.unwrap();
            assert!(matches!(outcome, CommentOutcome::Added(_)), "{n}: {outcome:?}");
        }
        assert_eq!(app.store.add_comment(&comment, start + 30).await.unwrap(), CommentOutcome::TooMany);
        let (status, _, page) = app.on_contribution(&louise, id, "commenter", &[("body", "Le trente et unième")]).await;
        assert_eq!(status, 422);
        assert!(unescape(&page).contains(">Le trente et unième</textarea>") && page.contains("maximum"), "{page}");
        let later = app.store.add_comment(&comment, start + 3_601).await.unwrap();
        assert!(matches!(later, CommentOutcome::Added(_)), "an hour later: {later:?}");
    }
}
