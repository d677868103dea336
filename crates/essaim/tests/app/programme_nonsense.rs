//! Nonsense typed into every programme form, by a logged-in coordinator (who may post to all of
//! them): each is answered with a page or a redirect, never a server error, and nothing is
//! published from it that the rules refuse.

use crate::support::both_backends;

const STAFF: &str = "coordination@exemple.fr";

/// Values that have broken forms elsewhere: empty, spaces, control characters, markup, huge,
/// signs and out-of-range numbers, stray encodings.
fn nonsense() -> Vec<String> {
    vec![
        String::new(),
        "   ".into(),
        "\u{0}\u{7}\r\n\t".into(),
        "<script>alert(1)</script>".into(),
        "=HYPERLINK(\"http://x\")".into(),
        "-1".into(),
        "0".into(),
        "99999999999999999999999".into(),
        "#".into(),
        "%00%ff".into(),
        "é".repeat(40_000),
        "\u{202e}\u{fffd}😀".into(),
    ]
}

const FIELDS: [&str; 12] = [
    "title",
    "body",
    "departement",
    "show_name",
    "consent",
    "etape",
    "parent",
    "reason",
    "detail",
    "kept",
    "links",
    "introduction",
];

both_backends! {
    async fn no_programme_form_answers_nonsense_with_a_server_error(app) {
        let staff = app.signed_and_confirmed(STAFF).await;
        assert!(app.store.grant_staff_role(STAFF, essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        assert!(app.store.grant_role(STAFF, essaim_store::programme::COORDINATION, essaim_store::now()).await.unwrap());
        let id = app.contribute(&staff, 1, "Une contribution", "Le texte de la contribution.").await;
        let (status, _, _) = app.on_contribution(&staff, id, "commenter", &[("body", "Un commentaire."), ("consent", "1")]).await;
        assert_eq!(status, 303);
        let actions = [
            "/programme/axe/1/contribuer".to_string(),
            format!("/programme/contributions/{id}/modifier"),
            format!("/programme/contributions/{id}/complement"),
            format!("/programme/contributions/{id}/soutenir"),
            format!("/programme/contributions/{id}/retirer-soutien"),
            format!("/programme/contributions/{id}/commenter"),
            format!("/programme/contributions/{id}/signaler"),
            "/programme/commentaires/1/signaler".to_string(),
            "/admin/programme/contributions/1/masquer".to_string(),
            "/admin/programme/contributions/1/retablir".to_string(),
            "/admin/programme/commentaires/1/masquer".to_string(),
            "/admin/programme/personnes/1/bloquer".to_string(),
            "/admin/programme/personnes/1/debloquer".to_string(),
            "/admin/programme/contributions/1/fusionner".to_string(),
            "/admin/programme/axes/1".to_string(),
            "/admin/programme/axes/1/synthese".to_string(),
            "/programme/commentaires/1/supprimer".to_string(),
        ];
        let values = nonsense();
        let mut seen = std::collections::BTreeSet::new();
        for action in &actions {
            for (n, value) in values.iter().enumerate() {
                // Every field gets the same nonsense, then each field alone (the others empty).
                let all: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, value.as_str())).collect();
                let alone = [(FIELDS[n % FIELDS.len()], value.as_str())];
                for fields in [&all[..], &alone[..]] {
                    let (status, _, page) = app.post_form(&staff, "/programme", action, fields).await;
                    assert!(status < 500, "{action} answered {status} to {:?}: {page}", &value.chars().take(40).collect::<String>());
                    seen.insert(status);
                }
            }
        }
        // The forms were read (their token held): refusals with the form again, and redirects.
        assert!(seen.contains(&422) && seen.contains(&303), "{seen:?}");
        for path in [
            "/programme/recherche?q=%00%ff&page=-1", "/programme/axe/1?ordre=hasard&graine=-5&departement=%00",
            "/programme/axe/1?page=99999999999999999999", "/admin/programme?fusion=%00", "/programme/resultats.csv",
        ] {
            let (status, _) = app.get(&staff, path).await;
            assert!(status < 500, "{path}: {status}");
        }
        let axis = app.store.programme_axis(essaim_domain::programme::AxisNumber::new(1).unwrap()).await.unwrap();
        assert!(!axis.title.contains('\u{0}') && !axis.introduction.contains("<script>alert(1)</script>\u{0}"));
    }
}
