//! Registration drives of the groups: an animator records how many people the group helped
//! register or update their address, per commune; the totals add up per commune, département
//! and month; only the group's animators record for it.

use jiff::ToSpan;

use crate::groups::{create_group, press};
use crate::support::{both_backends, unescape, TestApp, Visitor};

fn yesterday() -> String {
    essaim_domain::calendar::french_day(essaim_store::now())
        .checked_sub(1.days())
        .unwrap()
        .to_string()
}

async fn record(
    app: &TestApp,
    who: &Visitor,
    group: impl std::fmt::Display,
    rows: &[(&str, &str)],
) -> (u16, String, String) {
    let path = format!("/groupes/{group}/inscriptions");
    let held_on = yesterday();
    let mut fields = vec![("held_on", held_on.as_str())];
    fields.extend_from_slice(rows);
    let (status, location, page) = app.post_form(who, &path, &path, &fields).await;
    (status, location, unescape(&page))
}

both_backends! {
    async fn drives_add_up_per_commune_departement_and_month(app) {
        let lilas = app.signed_and_confirmed("lilas@exemple.fr").await;
        let lyon = app.signed_and_confirmed("lyon@exemple.fr").await;
        let first = create_group(&app, &lilas, "Groupe des Lilas", "93260").await;
        let second = create_group(&app, &lyon, "Groupe de la Croix-Rousse", "69004").await;

        let (status, location, page) = record(&app, &lilas, first, &[
            ("code_postal_1", "93260"), ("inscrits_1", "12"), ("adresses_1", "3"),
            ("code_postal_2", "69004"), ("inscrits_2", "2"), ("adresses_2", ""),
        ]).await;
        assert_eq!((status, location.as_str()), (303, format!("/groupes/{first}/inscriptions?ok=1").as_str()), "{page}");
        let (status, _, page) = record(&app, &lyon, second, &[("code_postal_1", "69004"), ("inscrits_1", "5"), ("adresses_1", "4")]).await;
        assert_eq!(status, 303, "{page}");
        let (status, _, _) = record(&app, &lyon, second, &[("code_postal_1", "69004"), ("inscrits_1", "1"), ("adresses_1", "1")]).await;
        assert_eq!(status, 303);

        let by_departement: Vec<(String, i64, i64)> = app.store.drive_totals_by_departement().await.unwrap()
            .into_iter().map(|t| (t.key, t.registered, t.address_updates)).collect();
        assert_eq!(by_departement, vec![("93".to_string(), 12, 3), ("69".to_string(), 8, 5)]);
        let by_commune: Vec<(String, i64)> = app.store.drive_totals_by_commune().await.unwrap()
            .into_iter().map(|t| (t.key, t.registered)).collect();
        assert_eq!(by_commune.iter().map(|(_, n)| n).sum::<i64>(), 20);
        assert_eq!(by_commune.len(), 2, "Les Lilas and Lyon 4e: {by_commune:?}");
        let month = &yesterday()[..7];
        let by_month: Vec<(String, i64, i64)> = app.store.drive_totals_by_month().await.unwrap()
            .into_iter().map(|t| (t.key, t.registered, t.address_updates)).collect();
        assert_eq!(by_month, vec![(month.to_string(), 20, 8)]);

        // Each group sees its own.
        let (_, page) = app.get(&lilas, &format!("/groupes/{first}/inscriptions")).await;
        assert!(unescape(&page).contains("Les Lilas (93) : 12 inscription(s), 3 adresse(s)"), "{page}");
        let (_, page) = app.get(&lyon, &format!("/groupes/{second}/inscriptions")).await;
        assert!(!page.contains("Les Lilas"), "not the other group's");
        // Staff read the totals.
        assert!(app.store.grant_staff_role("lyon@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let (status, page) = app.get(&lyon, "/admin/inscriptions").await;
        assert_eq!(status, 200);
        assert!(page.contains("<th scope=\"row\">93</th><td>12</td><td>3</td>"), "{page}");
        assert!(unescape(&page).contains("Les Lilas (93045)</th><td>12</td>"), "per commune: {page}");
        assert!(page.contains("<svg") && page.contains(&format!("{month} : 20 inscriptions, 8 adresses mises à jour")), "the chart over time");
    }

    async fn only_the_groups_animators_record_for_it(app) {
        let animator = app.signed_and_confirmed("anim@exemple.fr").await;
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        let other = app.signed_and_confirmed("autre@exemple.fr").await;
        let group = create_group(&app, &animator, "Groupe des Lilas", "93260").await;
        let (status, _) = press(&app, &member, group, "rejoindre", &[]).await;
        assert_eq!(status, 303);
        create_group(&app, &other, "Un autre groupe", "69004").await;
        for who in [&member, &other] {
            let (status, _) = app.get(who, &format!("/groupes/{group}/inscriptions")).await;
            assert_eq!(status, 403);
            let path = format!("/groupes/{group}/inscriptions");
            let held_on = yesterday();
            let fields = [("held_on", held_on.as_str()), ("code_postal_1", "93260"), ("inscrits_1", "3")];
            let (status, _, _) = app.post_form(who, "/mon-espace", &path, &fields).await;
            assert_eq!(status, 403);
        }
        assert!(app.store.drive_totals_by_departement().await.unwrap().is_empty(), "nothing recorded");
    }

    async fn mistakes_are_told_and_what_was_typed_stays(app) {
        let animator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &animator, "Groupe des Lilas", "93260").await;
        let path = format!("/groupes/{group}/inscriptions");
        let tomorrow = essaim_domain::calendar::french_day(essaim_store::now()).checked_add(1.days()).unwrap().to_string();
        let (status, _, page) = app.post_form(&animator, &path, &path, &[
            ("held_on", tomorrow.as_str()), ("code_postal_1", "00000"), ("inscrits_1", "douze"),
        ]).await;
        assert_eq!(status, 422);
        let page = unescape(&page);
        assert!(page.contains("indiquez un jour passé"), "{page}");
        assert!(page.contains("n'existe pas en France") && page.contains("de 0 à 10000"));
        assert!(page.contains("value=\"douze\""), "kept");
        let (status, _, page) = record(&app, &animator, group, &[("code_postal_1", "93260"), ("inscrits_1", "0"), ("adresses_1", "0")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("au moins une personne"));
        assert!(app.store.drive_totals_by_departement().await.unwrap().is_empty());
    }
}
