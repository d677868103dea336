//! The staff back-office.

use crate::support::{both_backends, TestApp};

both_backends! {
    async fn the_back_office_is_for_staff_only(app) {
        let visitor = app.browser();
        let response = visitor.get(app.url("/admin")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let member = app.signed_and_confirmed("militante@exemple.fr").await;
        assert_eq!(app.get(&member, "/admin").await.0, 403);
        assert_eq!(app.get(&member, "/admin/signatures.csv").await.0, 403);

        assert!(app.store.grant_staff_role("militante@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let (status, page) = app.get(&member, "/admin").await;
        assert_eq!(status, 200);
        assert!(page.contains("<strong>1</strong> confirmées"));
        assert!(page.contains("<svg"));
        assert!(page.contains("<td>75</td><td>1</td>"), "per département");
    }

    async fn the_csv_export_opens_cleanly_in_a_spreadsheet(app) {
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap();
        app.sign(&app.browser(), "pas-confirme@exemple.fr").await;
        let response = staff.get(app.url("/admin/signatures.csv")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let lines: Vec<&str> = text.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 2, "header and the one confirmed signature: {text}");
        assert!(lines[0].contains("id;prénom;nom;email"));
        assert!(lines[1].contains(";Louise;Michel;equipe@exemple.fr;75018;FR;;oui;"));
    }
}

/// The `essaim` command line, run against the app's database.
mod command {
    use super::*;

    both_backends! {
        async fn the_admin_grant_command_makes_a_signer_staff(backend: backend) {
            let Some(app) = TestApp::spawn(backend).await else { return };
            let member = app.signed_and_confirmed("future-equipe@exemple.fr").await;
            assert_eq!(app.get(&member, "/admin").await.0, 403);
            let essaim = |args: &[&str]| {
                std::process::Command::new(env!("CARGO_BIN_EXE_essaim"))
                    .args(args)
                    .env("ESSAIM_DATABASE_URL", &app.database_url)
                    .env_remove("DATABASE_URL")
                    .output()
                    .expect("the essaim binary runs")
            };
            assert!(essaim(&["migrate"]).status.success());
            let unknown = essaim(&["admin", "grant", "personne@exemple.fr", "admin"]);
            assert!(!unknown.status.success());
            assert!(String::from_utf8_lossy(&unknown.stderr).contains("personne n'a signé"));
            let granted = essaim(&["admin", "grant", "Future-Equipe@exemple.fr", "finance"]);
            assert!(granted.status.success(), "{}", String::from_utf8_lossy(&granted.stderr));
            assert_eq!(app.get(&member, "/admin").await.0, 200);
            assert_eq!(app.get(&member, "/admin/dons").await.0, 200, "the finance role's pages");
            assert_eq!(app.get(&member, "/admin/programme").await.0, 403, "not the others");
            let journal: Vec<(String, String, String)> = sqlx::query_as("SELECT actor, action, subject FROM audit_log WHERE actor = 'ligne de commande'")
                .fetch_all(app.store.pool()).await.unwrap();
            assert_eq!(journal, vec![("ligne de commande".to_string(), "grant".to_string(), "Future-Equipe@exemple.fr : rôle finance".to_string())]);
            let revoked = essaim(&["admin", "revoke", "future-equipe@exemple.fr", "finance"]);
            assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
            assert_eq!(app.get(&member, "/admin/dons").await.0, 403);
            assert!(!essaim(&["admin", "grant", "future-equipe@exemple.fr", "superuser"]).status.success(), "an unknown role");
        }
    }
}
