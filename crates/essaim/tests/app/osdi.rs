//! The OSDI API, on both databases: tokens (none, wrong, revoked, read-only), the entry point,
//! people paged over a thousand, the modified_date filter, the signup helper (no duplicates,
//! double opt-in kept unless a consent origin is named, bad email refused), hidden people
//! never returned; every document checked against the fixtures in osdi_fixtures/.

use essaim_domain::ids::PersonId;
use essaim_store::api_tokens::TokenScope;
use essaim_store::now;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{both_backends, csrf_token_in, unescape, TestApp};

pub const ROOT: &str = "/api/osdi/v1";

pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/app/osdi_fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect(&path)).expect("fixture is JSON")
}

/// Every field of the example is in the document with the same JSON type (`null` in the
/// example: any); arrays are checked element by element against the example's first one.
pub fn conforms(document: &Value, example: &Value, at: &str) {
    match (example, document) {
        (Value::Null, _) => {}
        (Value::Object(fields), Value::Object(actual)) => {
            for (name, expected) in fields {
                let value = actual
                    .get(name)
                    .unwrap_or_else(|| panic!("{at}.{name} is missing in {document}"));
                conforms(value, expected, &format!("{at}.{name}"));
            }
        }
        (Value::Array(items), Value::Array(actual)) => {
            if let Some(expected) = items.first() {
                for (i, value) in actual.iter().enumerate() {
                    conforms(value, expected, &format!("{at}[{i}]"));
                }
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_)) => {}
        _ => panic!("{at}: expected {example}, got {document}"),
    }
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A token straight into the store (the back-office way is tested once, below).
pub async fn token(app: &TestApp, scope: TokenScope) -> String {
    let secret = format!("essaim_test_{}_{}", scope.code(), now());
    app.store
        .create_api_token("CRM", scope, &hash(&secret), PersonId::new(1), now())
        .await
        .unwrap();
    secret
}

/// (status, content type, JSON body) of a GET with this token (None: no header).
pub async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, String, Value) {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.header("OSDI-API-Token", token);
    }
    answer(request.send().await.unwrap()).await
}

pub async fn post(app: &TestApp, path: &str, token: &str, body: &Value) -> (u16, String, Value) {
    let request = app
        .client
        .post(app.url(path))
        .header("OSDI-API-Token", token)
        .header("content-type", "application/json")
        .body(body.to_string());
    answer(request.send().await.unwrap()).await
}

async fn answer(response: crate::support::Response) -> (u16, String, Value) {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let text = response.text().await.unwrap();
    let json =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, content_type, json)
}

/// `count` confirmed signers straight into the database, created at `created_at`.
async fn confirmed_people(app: &TestApp, count: usize, created_at: i64) {
    let pool = app.store.pool();
    for n in 0..count {
        let email = format!("personne{n}-{created_at}@exemple.fr");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
             referral_code, created_at) VALUES ($1, $1, 'Camille', 'Dupont', '75011', 'FR', $1, $2) RETURNING id",
        )
        .bind(&email)
        .bind(created_at)
        .fetch_one(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO signatures (person_id, status, departement, created_at, confirmed_at, counted) \
             VALUES ($1, 'confirmed', '75', $2, $2, 1)",
        )
        .bind(id)
        .bind(created_at)
        .execute(pool)
        .await
        .unwrap();
    }
}

pub fn identifier(person: &Value) -> String {
    person["identifiers"][0].as_str().unwrap().to_string()
}

fn emails_listed(collection: &Value) -> Vec<String> {
    collection["_embedded"]["osdi:people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["email_addresses"][0]["address"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

pub fn signup_body(email: &str) -> Value {
    let mut body = fixture("person_signup_helper_request.json");
    body["person"]["email_addresses"][0]["address"] = Value::String(email.into());
    body
}

both_backends! {
    async fn no_token_or_a_wrong_one_gets_401_with_an_osdi_error(app) {
        for token in [None, Some("essaim_pas_un_jeton")] {
            let (status, content_type, body) = get(&app, ROOT, token).await;
            assert_eq!(status, 401, "{token:?}");
            assert_eq!(content_type, "application/hal+json");
            conforms(&body, &fixture("error.json"), "error");
            assert_eq!(body["osdi:status"]["code"], 401);
        }
        let (status, _, _) = get(&app, &format!("{ROOT}/people"), None).await;
        assert_eq!(status, 401);
    }

    async fn a_token_made_in_the_back_office_is_shown_once_and_works_until_revoked(app) {
        app.signed_and_confirmed("equipe@exemple.fr").await;
        app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap();
        let staff = app.logged_in("equipe@exemple.fr").await;
        let (status, page) = app.submit(&staff, "/admin/jetons", "/admin/jetons", &[("name", ""), ("scope", "read")]).await;
        assert_eq!(status, 422, "a token needs a name");
        assert!(unescape(&page).contains("Donnez un nom au jeton"));
        let (status, page) = app.submit(&staff, "/admin/jetons", "/admin/jetons", &[("name", "CRM régional"), ("scope", "read")]).await;
        assert_eq!(status, 200);
        let secret = page.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string();
        assert!(secret.starts_with("essaim_") && secret.len() > 60, "{secret}");

        let (status, content_type, body) = get(&app, ROOT, Some(&secret)).await;
        assert_eq!((status, content_type.as_str()), (200, "application/hal+json"));
        conforms(&body, &fixture("entry_point.json"), "entry point");
        assert_eq!(body["osdi_version"], "1.2");

        let (_, page) = app.get(&staff, "/admin/jetons").await;
        assert!(!page.contains(&secret), "the secret is shown once");
        assert!(unescape(&page).contains("CRM régional"));
        assert!(!page.contains("jamais"), "its last use is shown");
        let stored: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM api_tokens").fetch_all(app.store.pool()).await.unwrap();
        assert_eq!(stored, vec![hash(&secret)], "only the hash is stored");
        let audit = app.store.audit_entries(None, 10).await.unwrap();
        assert!(audit.iter().any(|e| e.actor == "jeton API « CRM régional »" && e.action == "GET /api/osdi/v1"), "{audit:?}");

        let id = app.store.api_tokens().await.unwrap()[0].id;
        let form = [("csrf", csrf_token_in(&page))];
        let response = staff.post(app.url(&format!("/admin/jetons/{id}/revoquer"))).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let (status, _, _) = get(&app, ROOT, Some(&secret)).await;
        assert_eq!(status, 401, "a revoked token stops working");
    }

    async fn a_thousand_people_are_paged_with_correct_totals_and_links(app) {
        let token = token(&app, TokenScope::Read).await;
        confirmed_people(&app, 1000, 1_700_000_000).await;
        let mut seen = std::collections::HashSet::new();
        for page in 1..=10 {
            let (status, _, body) = get(&app, &format!("{ROOT}/people?page={page}&per_page=100"), Some(&token)).await;
            assert_eq!(status, 200);
            conforms(&body, &fixture("people_collection.json"), "people");
            assert_eq!((body["total_pages"].as_i64(), body["total_records"].as_i64()), (Some(10), Some(1000)));
            assert_eq!(body["page"].as_i64(), Some(page));
            let people = body["_embedded"]["osdi:people"].as_array().unwrap();
            assert_eq!(people.len(), 100);
            seen.extend(people.iter().map(identifier));
            let links = &body["_links"];
            assert_eq!(links.get("next").is_some(), page < 10, "next on page {page}");
            assert_eq!(links.get("prev").is_some(), page > 1, "prev on page {page}");
            if page < 10 {
                assert!(links["next"]["href"].as_str().unwrap().ends_with(&format!("/people?page={}&per_page=100", page + 1)));
            }
        }
        assert_eq!(seen.len(), 1000, "every person once");
        let (_, _, body) = get(&app, &format!("{ROOT}/people?per_page=1000"), Some(&token)).await;
        assert_eq!((body["per_page"].as_i64(), body["total_pages"].as_i64()), (Some(100), Some(10)), "per_page is capped");
        let (status, _, body) = get(&app, &format!("{ROOT}/people?page=0"), Some(&token)).await;
        assert_eq!(status, 400);
        conforms(&body, &fixture("error.json"), "error");
    }

    async fn the_modified_date_filter_returns_only_what_changed(app) {
        let token = token(&app, TokenScope::Read).await;
        confirmed_people(&app, 3, 1_700_000_000).await; // 2023-11-14
        confirmed_people(&app, 2, 1_800_000_000).await; // 2027-01-15
        let filter = "modified_date gt '2025-01-01T00:00:00Z'";
        let query = serde_urlencoded::to_string([("filter", filter)]).unwrap();
        let (status, _, body) = get(&app, &format!("{ROOT}/people?{query}"), Some(&token)).await;
        assert_eq!(status, 200);
        assert_eq!(body["total_records"].as_i64(), Some(2));
        assert!(emails_listed(&body).iter().all(|e| e.contains("1800000000")));
        let query = serde_urlencoded::to_string([("filter", "email eq 'a@b.fr'")]).unwrap();
        let (status, _, _) = get(&app, &format!("{ROOT}/people?{query}"), Some(&token)).await;
        assert_eq!(status, 400, "an unknown filter is refused, not ignored");
    }

    async fn hidden_and_deleted_people_are_never_returned(app) {
        let token = token(&app, TokenScope::Read).await;
        app.signed_and_confirmed("visible@exemple.fr").await;
        app.sign(&app.browser(), "en-attente@exemple.fr").await;
        app.signed_and_confirmed("partie@exemple.fr").await;
        let gone = app.store.find_person_by_email("partie@exemple.fr").await.unwrap().unwrap().id;
        app.store.delete_person(gone).await.unwrap();
        let pending = app.store.find_person_by_email("en-attente@exemple.fr").await.unwrap().unwrap().id;

        let (_, _, body) = get(&app, &format!("{ROOT}/people"), Some(&token)).await;
        assert_eq!(emails_listed(&body), vec!["visible@exemple.fr".to_string()]);
        assert_eq!(body["total_records"].as_i64(), Some(1));
        for id in [pending, gone] {
            let (status, _, body) = get(&app, &format!("{ROOT}/people/{id}"), Some(&token)).await;
            assert_eq!(status, 404);
            conforms(&body, &fixture("error.json"), "error");
        }
        let visible = app.store.find_person_by_email("visible@exemple.fr").await.unwrap().unwrap().id;
        let (status, _, body) = get(&app, &format!("{ROOT}/people/{visible}"), Some(&token)).await;
        assert_eq!(status, 200);
        conforms(&body, &fixture("person.json"), "person");
        assert_eq!(identifier(&body), format!("essaim:{visible}"));
    }

    async fn the_signup_helper_twice_with_the_same_email_gives_the_same_person(app) {
        let token = token(&app, TokenScope::ReadWrite).await;
        let helper = format!("{ROOT}/people/person_signup_helper");
        let (status, _, first) = post(&app, &helper, &token, &fixture("person_signup_helper_request.json")).await;
        assert_eq!(status, 200, "{first}");
        conforms(&first, &fixture("person.json"), "person");
        let (status, _, second) = post(&app, &helper, &token, &signup_body(" rosa.parks@EXEMPLE.fr ")).await;
        assert_eq!(status, 200, "{second}");
        assert_eq!(identifier(&first), identifier(&second));
        let count: i64 = sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM people WHERE email_norm = 'rosa.parks@exemple.fr'")
            .fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(count, 1, "never a duplicate");

        // No consent origin named: the double opt-in holds; she is asked to confirm and stays
        // out of the listings until she does.
        let signature = app.signature_of("rosa.parks@exemple.fr").await;
        assert_eq!(signature.status, "pending");
        let mail = app.wait_for_mail("Rosa.Parks@exemple.fr", 1).await.remove(0);
        let (status, _, body) = get(&app, &format!("{ROOT}/people"), Some(&token)).await;
        assert_eq!((status, body["total_records"].as_i64()), (200, Some(0)));
        app.confirm(&app.browser(), &mail).await;
        let (_, _, body) = get(&app, &format!("{ROOT}/people"), Some(&token)).await;
        assert_eq!(body["total_records"].as_i64(), Some(1), "listed once confirmed");
    }

    async fn a_consent_collected_elsewhere_counts_at_once_and_its_origin_is_kept(app) {
        let token = token(&app, TokenScope::ReadWrite).await;
        let mut body = signup_body("marche@exemple.fr");
        body["essaim:consent_origin"] = Value::String("Formulaire papier, marché de Belleville, 3 mai".into());
        let (status, _, person) = post(&app, &format!("{ROOT}/people/person_signup_helper"), &token, &body).await;
        assert_eq!(status, 200, "{person}");
        assert_eq!(app.signature_of("marche@exemple.fr").await.status, "confirmed");
        assert_eq!(person["essaim:consent_origin"], "Formulaire papier, marché de Belleville, 3 mai");
        let (_, _, listed) = get(&app, &format!("{ROOT}/people"), Some(&token)).await;
        assert_eq!(emails_listed(&listed), vec!["marche@exemple.fr".to_string()]);
        assert!(app.mail_when_idle("marche@exemple.fr").await.is_empty(), "no confirmation asked");
    }

    async fn an_invalid_email_gets_400_with_an_osdi_error(app) {
        let token = token(&app, TokenScope::ReadWrite).await;
        let helper = format!("{ROOT}/people/person_signup_helper");
        let (status, content_type, body) = post(&app, &helper, &token, &signup_body("pas-une-adresse")).await;
        assert_eq!((status, content_type.as_str()), (400, "application/hal+json"));
        conforms(&body, &fixture("error.json"), "error");
        assert!(body["osdi:status"]["description"].as_str().unwrap().contains("email"), "{body}");
        let (status, _, _) = post(&app, &helper, &token, &Value::String("{".into())).await;
        assert_eq!(status, 400);
    }

    async fn a_read_only_token_cannot_post(app) {
        let token = token(&app, TokenScope::Read).await;
        let helper = format!("{ROOT}/people/person_signup_helper");
        let (status, _, body) = post(&app, &helper, &token, &fixture("person_signup_helper_request.json")).await;
        assert_eq!(status, 403);
        conforms(&body, &fixture("error.json"), "error");
        assert!(app.store.find_person_by_email("rosa.parks@exemple.fr").await.unwrap().is_none());
    }
}

/// The per-token limit, with a tiny quota so that a few calls cross it (in its own module:
/// these tests start the app themselves).
mod rate_limit {
    use super::*;

    both_backends! {
        async fn a_token_over_its_quota_gets_429_and_another_token_is_not_charged(backend: backend) {
            let Some(app) = TestApp::spawn_with(backend, |config| config.limits.api_per_minute = 2).await else {
                return;
            };
            let busy = token(&app, TokenScope::Read).await;
            for _ in 0..2 {
                assert_eq!(get(&app, ROOT, Some(&busy)).await.0, 200);
            }
            let (status, _, body) = get(&app, ROOT, Some(&busy)).await;
            assert_eq!(status, 429);
            conforms(&body, &fixture("error.json"), "error");
            let other = token(&app, TokenScope::ReadWrite).await;
            assert_eq!(get(&app, ROOT, Some(&other)).await.0, 200, "limits are per token");
        }
    }
}
