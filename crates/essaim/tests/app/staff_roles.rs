//! The back-office's roles and its audit log, walking every `/admin` route the router has: a
//! staff member without roles sees the dashboard and nothing else (403), one with a role opens
//! that role's pages and none of the others, an admin opens all; visitors are sent to log in
//! and members who are not staff refused. Every staff request, allowed or refused, leaves an
//! entry in the journal with who, what and from where, which admins read at /admin/journal.

use essaim_domain::staff::{is_back_office, required_role, StaffRole};
use essaim_store::now;

use crate::support::{both_backends, TestApp, Visitor};

/// `route` with each `{parameter}` set to 1.
fn fill(route: &str) -> String {
    route
        .split('/')
        .map(|part| if part.starts_with('{') { "1" } else { part })
        .collect::<Vec<_>>()
        .join("/")
}

/// Each back-office address once, with the method it answers (GET, or POST when GET is 405).
async fn back_office(app: &TestApp, admin: &Visitor) -> Vec<(String, &'static str)> {
    let mut routes = Vec::new();
    for route in essaim_web::route_paths() {
        if !is_back_office(route) {
            continue;
        }
        let path = fill(route);
        let status = admin
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        routes.push((path, if status == 405 { "POST" } else { "GET" }));
    }
    assert!(routes.len() > 30, "the back-office's routes: {routes:?}");
    routes
}

async fn status_of(app: &TestApp, who: &Visitor, path: &str, method: &str) -> u16 {
    let request = match method {
        "GET" => who.get(app.url(path)),
        _ => who.post(app.url(path)).form(&[("csrf", "")]),
    };
    request.send().await.unwrap().status().as_u16()
}

async fn staff(app: &TestApp, email: &str, role: Option<StaffRole>) -> Visitor {
    let visitor = app.signed_and_confirmed(email).await;
    match role {
        Some(role) => assert!(app
            .store
            .grant_staff_role(email, role, now())
            .await
            .unwrap()),
        None => assert!(app.store.grant_staff(email).await.unwrap()),
    }
    visitor
}

/// The journal's entries by `actor`: (action, subject).
async fn journal_of(app: &TestApp, actor: &str) -> Vec<(String, String)> {
    sqlx::query_as("SELECT action, subject FROM audit_log WHERE actor = $1 ORDER BY id")
        .bind(actor)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

both_backends! {
    async fn staff_reading_people_outside_the_back_office_is_journaled(app) {
        // An event hosted by a member: staff see its registrants, which goes in the journal;
        // the host reading their own does not.
        let host_visitor = app.signed_and_confirmed("hote@exemple.fr").await;
        let host = app.store.find_person_by_email("hote@exemple.fr").await.unwrap().unwrap();
        let event = crate::browser::croix_rousse_watch_party(now());
        let (event, _) = app.store.create_event(&event, host.id, now()).await.unwrap();
        let moderator = staff(&app, "modo@exemple.fr", Some(StaffRole::Moderation)).await;
        let page = format!("/evenements/{event}");
        assert_eq!(app.get(&moderator, &page).await.0, 200);
        assert_eq!(app.get(&moderator, &format!("{page}/participants.csv")).await.0, 200);
        let entries = journal_of(&app, "modo@exemple.fr").await;
        let reading = |action: &str| entries.iter().filter(|(a, s)| a == action && s.contains("Croix-Rousse")).count();
        assert_eq!(reading("lecture des inscrit·es d'un événement"), 1, "{entries:?}");
        assert_eq!(reading("export des inscrit·es d'un événement"), 1, "{entries:?}");
        assert_eq!(app.get(&host_visitor, &page).await.0, 200);
        assert_eq!(app.get(&host_visitor, &format!("{page}/participants.csv")).await.0, 200);
        assert!(journal_of(&app, "hote@exemple.fr").await.is_empty(), "a host reading their own");
        // The skills search: staff's in the journal.
        let (status, _) = app.get(&moderator, "/competences/recherche?skill=video&postal_code=69004&km=20").await;
        assert_eq!(status, 200);
        let entries = journal_of(&app, "modo@exemple.fr").await;
        assert!(
            entries.iter().any(|(a, s)| a == "recherche de compétences" && s.contains("video") && s.contains("69004")),
            "{entries:?}"
        );
    }

    async fn each_role_opens_its_pages_only_and_every_request_is_journaled(app) {
        let admin = staff(&app, "admin@exemple.fr", Some(StaffRole::Admin)).await;
        let routes = back_office(&app, &admin).await;
        for (path, method) in &routes {
            assert_ne!(status_of(&app, &admin, path, method).await, 403, "an admin opens {method} {path}");
        }

        let bare = staff(&app, "sans-role@exemple.fr", None).await;
        for (path, method) in &routes {
            let status = status_of(&app, &bare, path, method).await;
            if path == "/admin" {
                assert_eq!(status, 200, "the dashboard, for any staff member");
            } else {
                assert_eq!(status, 403, "{method} {path} needs a role");
            }
        }
        let journal = journal_of(&app, "sans-role@exemple.fr").await;
        assert_eq!(journal.len(), routes.len(), "one entry per request, refused ones too");
        for ((path, method), (action, subject)) in routes.iter().zip(&journal) {
            assert_eq!(subject, path);
            let expected = if path == "/admin" { 200 } else { 403 };
            assert_eq!(action, &format!("{method} {expected}"));
        }

        for (n, role) in [StaffRole::Communication, StaffRole::Moderation, StaffRole::GroupsEvents, StaffRole::Finance].into_iter().enumerate() {
            let email = format!("role{n}@exemple.fr");
            let member = staff(&app, &email, Some(role)).await;
            let mut opened = 0;
            for (path, method) in &routes {
                let needed = required_role(path);
                let status = status_of(&app, &member, path, method).await;
                if needed.is_none() || needed == Some(role) {
                    assert_ne!(status, 403, "{role:?} opens {method} {path}");
                    opened += usize::from(needed.is_some());
                } else {
                    assert_eq!(status, 403, "{role:?} may not {method} {path}");
                }
            }
            assert!(opened > 0, "{role:?} has pages of its own");
            assert_eq!(journal_of(&app, &email).await.len(), routes.len());
        }

        // The journal, for admins only, lists who did what.
        let (status, page) = app.get(&admin, "/admin/journal").await;
        assert_eq!(status, 200);
        assert!(page.contains("role3@exemple.fr") && page.contains("GET 403") && page.contains("/admin/dons"), "{page}");
        assert_eq!(page.matches("<tr><td>").count(), 100, "a hundred a page");
        // The older pages, down to the first request, each entry once.
        let mut page = page;
        let mut shown = page.matches("<tr><td>").count();
        while let Some(at) = page.find("/admin/journal?avant=") {
            let link: String = page[at..].chars().take_while(|c| *c != '"').collect();
            page = app.get(&admin, &link).await.1;
            shown += page.matches("<tr><td>").count();
        }
        let first_request: String = sqlx::query_scalar("SELECT subject FROM audit_log ORDER BY id LIMIT 1")
            .fetch_one(app.store.pool()).await.unwrap();
        assert!(page.contains(&format!("<td>{first_request}</td>")) && page.contains("admin@exemple.fr"), "the last page ends with the first request");
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE subject NOT LIKE '/admin/journal%'")
            .fetch_one(app.store.pool()).await.unwrap();
        assert!(shown as i64 >= logged, "every entry shown: {shown} of {logged}");
        let finance = app.signed_and_confirmed("tresorier@exemple.fr").await;
        assert!(app.store.grant_staff_role("tresorier@exemple.fr", StaffRole::Finance, now()).await.unwrap());
        let (status, page) = app.get(&finance, "/admin/journal").await;
        assert_eq!(status, 403);
        assert!(page.contains("administration"), "the page names the role it needs");
    }

    async fn visitors_log_in_first_and_members_are_refused(app) {
        let (status, _) = app.get(&app.browser(), "/admin/dons").await;
        assert_eq!(status, 303, "sent to log in");
        let member = app.signed_and_confirmed("militante@exemple.fr").await;
        let (status, _) = app.get(&member, "/admin/dons").await;
        assert_eq!(status, 403);
        let (status, _) = app.get(&member, "/admin").await;
        assert_eq!(status, 403);
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(logged, 0, "only staff requests are journaled");
    }
}
