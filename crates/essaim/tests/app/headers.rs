//! Security headers on every answer of every route, and no cookie on what a shared cache keeps.

use reqwest::header::{HeaderMap, CACHE_CONTROL, SET_COOKIE};

use crate::support::{both_backends, TestApp};

/// Every path of the router, from the router's own table, with its parameters set to 1, and
/// a path it does not know.
fn every_path() -> Vec<String> {
    let mut paths: Vec<String> = essaim_web::route_paths()
        .into_iter()
        .map(|path| {
            path.split('/')
                .map(|part| if part.starts_with('{') { "1" } else { part })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    paths.push("/nulle-part".into());
    paths
}

fn missing_security_headers(headers: &HeaderMap) -> Vec<String> {
    let expected = [
        ("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https://tile.openstreetmap.org; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "strict-origin-when-cross-origin"),
    ];
    let mut missing: Vec<String> = expected
        .iter()
        .filter(|(name, value)| headers.get(*name).is_none_or(|v| v != value))
        .map(|(name, _)| name.to_string())
        .collect();
    let permissions = headers
        .get("permissions-policy")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    if !(permissions.contains("geolocation=(self)")
        && permissions.contains("camera=()")
        && permissions.contains("microphone=()"))
    {
        missing.push("permissions-policy".into());
    }
    if headers.contains_key("strict-transport-security") {
        missing.push("(no HSTS over http)".into());
    }
    missing
}

fn publicly_cacheable(headers: &HeaderMap) -> bool {
    headers
        .get_all(CACHE_CONTROL)
        .iter()
        .any(|v| v.to_str().unwrap().contains("public"))
}

both_backends! {
    async fn every_route_answers_with_the_security_headers(backend: backend) {
        let Some(app) = TestApp::spawn(backend).await else { return };
        // Without a cookie store, every answer is one to a first visit: the CSRF cookie would
        // be set on each one that may carry it.
        let newcomer = app.browser().without_cookies();
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap();
        let (mut statuses, mut cacheable, mut with_cookie) = (Vec::new(), Vec::new(), Vec::new());
        for path in every_path() {
            for (who, client) in [("newcomer", &newcomer), ("member", &member), ("staff", &staff)] {
                let response = client.get(app.url(&path)).send().await.unwrap();
                let headers = response.headers();
                let missing = missing_security_headers(headers);
                assert!(missing.is_empty(), "GET {path} as {who} ({}): {missing:?}", response.status());
                statuses.push(response.status().as_u16());
                let cookies = headers.get_all(SET_COOKIE).iter().count();
                if publicly_cacheable(headers) {
                    assert_eq!(cookies, 0, "GET {path} as {who} may be cached by a proxy: no cookie");
                    cacheable.push(path.clone());
                } else if cookies > 0 {
                    with_cookie.push(path.clone());
                }
            }
        }
        // The walk met what it checks: pages, redirects, errors, cacheable files.
        for status in [200, 303, 403, 404, 405] {
            assert!(statuses.contains(&status), "no {status} answer among {statuses:?}");
        }
        for path in ["/api/compteur", "/static/essaim.css", "/static/carte.js"] {
            assert!(cacheable.contains(&path.to_string()), "{path} is publicly cacheable");
        }
        assert!(with_cookie.contains(&"/".to_string()), "a first visit to a page gets its CSRF cookie");
    }

    async fn pages_link_static_files_by_a_hash_of_their_content(backend: backend) {
        let Some(app) = TestApp::spawn(backend).await else { return };
        let home = app.client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
        let start = home.find("href=\"/static/essaim.").expect("the stylesheet's link") + "href=\"".len();
        let hashed = &home[start..start + home[start..].find('"').unwrap()];
        assert!(hashed.len() == "/static/essaim.12345678.css".len() && hashed.ends_with(".css"), "{hashed}");
        let at = |path: String| {
            let client = app.client.clone();
            let url = app.url(&path);
            async move {
                let response = client.get(url).send().await.unwrap();
                let cache = response.headers().get(CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                (response.status().as_u16(), cache, response.text().await.unwrap())
            }
        };
        let (status, cache, stylesheet) = at(hashed.to_string()).await;
        assert_eq!((status, cache.as_str()), (200, "public, max-age=31536000, immutable"));
        // Pages kept from before a deploy still get today's file, which is not what their
        // address names: kept briefly.
        for old in ["/static/essaim.css".to_string(), "/static/essaim.0123abcd.css".to_string()] {
            let (status, cache, body) = at(old.clone()).await;
            assert_eq!((status, cache.as_str()), (200, "public, max-age=300"), "{old}");
            assert_eq!(body, stylesheet, "{old}");
        }
        assert_eq!(at("/static/autre.0123abcd.css".into()).await.0, 404);
    }

    async fn hsts_is_sent_when_the_site_is_served_over_https(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| config.base_url = Some("https://essaim.exemple.fr".into())).await else { return };
        for path in ["/", "/static/essaim.css", "/nulle-part"] {
            let response = app.client.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains", "{path}");
        }
        let response = app.browser().without_cookies().get(app.url("/")).send().await.unwrap();
        assert!(cookie_is_secure(response.headers()), "cookies of an https site are Secure: {:?}", response.headers());
        drop(app);

        let Some(app) = TestApp::spawn(backend).await else { return };
        let response = app.client.get(app.url("/")).send().await.unwrap();
        assert!(!response.headers().contains_key("strict-transport-security"), "not over http");
    }

    async fn the_image_policy_follows_the_tile_server(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| config.map_tiles_url = "https://{s}.tuiles.exemple.fr:8443/{z}/{x}/{y}.png".into()).await else { return };
        let response = app.client.get(app.url("/groupes")).send().await.unwrap();
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(policy.contains("; img-src 'self' https://*.tuiles.exemple.fr:8443; "), "{policy}");
        drop(app);

        let Some(app) = TestApp::spawn_with(backend, |config| config.map_tiles_url = String::new()).await else { return };
        let response = app.client.get(app.url("/groupes")).send().await.unwrap();
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(policy.contains("; img-src 'self'; "), "{policy}");
    }
}

fn cookie_is_secure(headers: &HeaderMap) -> bool {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .all(|v| v.to_str().unwrap().contains("Secure"))
        && headers.contains_key(SET_COOKIE)
}
