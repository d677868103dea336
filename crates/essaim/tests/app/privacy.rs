//! The privacy notices name who holds the data and where to write.

use crate::support::{both_backends, TestApp};

both_backends! {
    async fn the_notices_name_the_controller_and_the_contact(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| {
            config.controller = "Association de financement Essaim 2027".into();
            config.privacy_contact = Some("donnees@exemple.fr".into());
        })
        .await else { return };
        let (_, home) = app.get(&app.client, "/").await;
        assert!(home.contains("Responsable du traitement : Association de financement Essaim 2027"));
        let (status, notice) = app.get(&app.client, "/confidentialite").await;
        assert_eq!(status, 200);
        assert!(notice.contains("Association de financement Essaim 2027"));
        assert!(notice.contains("mailto:donnees@exemple.fr"));
    }
}
