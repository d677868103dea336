//! Sign-ups gathered on paper or by phone: entered by a group member, deduplicated against
//! people already known, counted apart when they have no email; CSV import with a report.

use crate::groups::create_group;
use crate::support::{both_backends, csrf_token_in, Multipart, TestApp};

async fn people_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(app.store.pool())
        .await
        .unwrap()
}

fn row(i: usize, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    fields
        .iter()
        .map(|(k, v)| (format!("{k}_{i}"), v.to_string()))
        .collect()
}

both_backends! {
    async fn paper_entry_dedupes_against_an_existing_signer(app) {
        app.signed_and_confirmed("lea@exemple.fr").await;
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe du marché", "75018").await;
        let people_before = people_count(&app).await;

        let (_, html) = app.get(&creator, &format!("/groupes/{group}/saisie")).await;
        let mut form = vec![
            ("csrf".to_string(), csrf_token_in(&html)),
            ("method".into(), "papier".into()),
            ("date".into(), "2026-01-15".into()),
            ("consent".into(), "1".into()),
        ];
        form.extend(row(0, &[("prenom", "Léa"), ("nom", "Martin"), ("code_postal", "75018"), ("email", "LEA@exemple.fr")]));
        form.extend(row(1, &[("prenom", "Paul"), ("nom", "Durand"), ("code_postal", "75018"), ("telephone", "06 11 22 33 44")]));
        form.extend(row(2, &[("prenom", "Nina"), ("nom", "Roux"), ("code_postal", "75018"), ("email", "nina@exemple.fr")]));
        form.extend(row(3, &[("prenom", "Sans"), ("nom", "Contact"), ("code_postal", "75018")]));
        let response = creator.post(app.url(&format!("/groupes/{group}/saisie"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422, "one row is refused");
        let page = response.text().await.unwrap();
        assert!(page.contains("Ligne 1 — Léa Martin : déjà signataire"), "{page}");
        assert!(page.contains("Ligne 2 — Paul Durand : signature hors ligne enregistrée"));
        assert!(page.contains("Ligne 3 — Nina Roux : nouvelle signature"));
        assert!(page.contains("Ligne 4 — Sans Contact : refusée") && page.contains("moyen de recontacter"));
        assert!(page.contains("value=\"Sans\""), "the refused row comes back in the form");

        assert_eq!(people_count(&app).await, people_before + 1, "Léa is merged, Nina is new");
        assert_eq!(app.store.offline_signature_count().await.unwrap(), 1);
        // The public figure shows them apart from the confirmed supporters.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let home = loop {
            let (_, home) = app.get(&app.browser(), "/").await;
            if home.contains("id=\"hors-ligne\"") || std::time::Instant::now() > deadline {
                break home;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        assert!(home.contains("et 1 signature recueillie hors ligne"), "the home page shows the offline figure");
        assert_eq!(app.wait_for_mail("nina@exemple.fr", 1).await.len(), 1, "Nina gets the confirmation email");
        assert_eq!(app.mail_when_idle("lea@exemple.fr").await.len(), 1, "Léa is not emailed again");

        // The same paper person typed again (another case, same phone) is merged.
        let (_, html) = app.get(&creator, &format!("/groupes/{group}/saisie")).await;
        let mut form = vec![
            ("csrf".to_string(), csrf_token_in(&html)),
            ("method".into(), "telephone".into()),
            ("date".into(), "2026-01-16".into()),
            ("consent".into(), "1".into()),
        ];
        form.extend(row(0, &[("prenom", "PAUL"), ("nom", "durand"), ("code_postal", "75018"), ("adresse", "3 rue X")]));
        let response = creator.post(app.url(&format!("/groupes/{group}/saisie"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.text().await.unwrap().contains("fusionnée"));
        assert_eq!(app.store.offline_signature_count().await.unwrap(), 1);

        // No consent box: nothing is recorded, and the rows are kept.
        let (_, html) = app.get(&creator, &format!("/groupes/{group}/saisie")).await;
        let mut form = vec![("csrf".to_string(), csrf_token_in(&html)), ("method".into(), "papier".into()), ("date".into(), "2026-01-16".into())];
        form.extend(row(0, &[("prenom", "Ada"), ("nom", "Lovelace"), ("code_postal", "75018"), ("telephone", "0699999999")]));
        let response = creator.post(app.url(&format!("/groupes/{group}/saisie"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        assert!(response.text().await.unwrap().contains("value=\"Lovelace\""));
        assert_eq!(app.store.offline_signature_count().await.unwrap(), 1);
    }

    async fn a_csv_import_reports_every_row(app) {
        let creator = app.signed_and_confirmed("anim@exemple.fr").await;
        let group = create_group(&app, &creator, "Groupe du marché", "75018").await;
        let (_, html) = app.get(&creator, &format!("/groupes/{group}/saisie")).await;
        let csv = "\u{feff}Prénom;Nom;Code postal;Email;Téléphone;Adresse\n\
                   Rosa;Parks;75018;;0611111111;\n\
                   ;Sans prénom;75018;;0622222222;\n\
                   Rosa;PARKS;75018;;;1 rue Y\n\
                   Emma;Goldman;7501;emma@exemple.fr;;\n\
                   Olympe;de Gouges;75018;olympe@exemple.fr;;\n";
        let form = Multipart::new()
            .text("csrf", csrf_token_in(&html))
            .text("method", "papier")
            .text("date", "2026-02-01")
            .text("consent", "1")
            .file("fichier", "liste.csv", csv.as_bytes());
        let response = creator.post(app.url(&format!("/groupes/{group}/import"))).multipart(form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let page = response.text().await.unwrap();
        assert!(page.contains("Ligne 2 — Rosa Parks : signature hors ligne enregistrée"), "{page}");
        assert!(page.contains("Ligne 3 — Sans prénom : refusée") && page.contains("Indiquez le prénom"));
        assert!(page.contains("Ligne 4 — Rosa PARKS : déjà enregistrée"));
        assert!(page.contains("Ligne 5 — Emma Goldman : refusée") && page.contains("5 chiffres"));
        assert!(page.contains("Ligne 6 — Olympe de Gouges : nouvelle signature"));
        assert_eq!(app.store.offline_signature_count().await.unwrap(), 1);

        let form = Multipart::new()
            .text("csrf", csrf_token_in(&html))
            .text("method", "papier")
            .text("date", "2026-02-01")
            .text("consent", "1")
            .file("fichier", "x.csv", b"a;b;c\n1;2;3\n");
        let response = creator.post(app.url(&format!("/groupes/{group}/import"))).multipart(form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422);
        assert!(response.text().await.unwrap().contains("Colonnes manquantes"));
    }
}
