//! The OSDI API's events, attendances and attendance helper, on both databases: only events
//! the public can see, paged; an attendance helper called twice registers once; a person not
//! yet confirmed is entered but their attendance is not listed; a read-only token cannot
//! register anyone; the tags are the skills and action lists; donations are the money received,
//! without any card, bank or address field. Every document is checked against the fixtures in osdi_fixtures/.

use essaim_domain::donations::{Cents, DonorForm, Frequency, PaymentMethod};
use essaim_domain::ids::{EventId, PersonId};
use essaim_domain::FieldErrors;
use essaim_store::api_tokens::TokenScope;
use essaim_store::donations::{GiftStatus, NewGiftRecord};
use essaim_store::events::NewEvent;
use essaim_store::now;
use serde_json::Value;

use crate::osdi::{conforms, fixture, get, identifier, post, token, ROOT};
use crate::support::{both_backends, TestApp};

const IN_A_MONTH: i64 = 30 * 86400;

/// A host's event in 75018, proposed at `at` (pending: the host is not trusted).
async fn proposed(app: &TestApp, host: PersonId, title: &str, at: i64) -> EventId {
    let event = NewEvent {
        group_id: None,
        kind: "ecoute",
        title,
        description: "On regarde le discours ensemble, puis on en parle.",
        starts_at: now() + IN_A_MONTH,
        ends_at: now() + IN_A_MONTH + 7200,
        timezone: "Europe/Paris",
        online_url: None,
        address: Some("12 rue Secrète"),
        postal_code: Some("75018"),
        commune: Some("Paris"),
        departement: Some("75"),
        point: Some((48.89, 2.35)),
        address_public: false,
        capacity: Some(50),
        accessibility: "accessible",
        accessibility_notes: None,
    };
    app.store.create_event(&event, host, at).await.unwrap().0
}

/// The same, approved by staff at `at`.
async fn published(app: &TestApp, host: PersonId, title: &str, at: i64) -> EventId {
    let id = proposed(app, host, title, at).await;
    assert!(app.store.approve_event(id, false, at).await.unwrap());
    id
}

async fn host(app: &TestApp) -> PersonId {
    app.signed_and_confirmed("hote@exemple.fr").await;
    app.store
        .find_person_by_email("hote@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id
}

fn titles(collection: &Value) -> Vec<String> {
    collection["_embedded"]["osdi:events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect()
}

fn attendance_body(email: &str) -> Value {
    let mut body = fixture("record_attendance_helper_request.json");
    body["person"]["email_addresses"][0]["address"] = Value::String(email.into());
    body
}

async fn registrations(app: &TestApp, event: EventId) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM event_registrations WHERE event_id = $1",
    )
    .bind(event.get())
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// Every key of the document, at any depth.
fn keys(document: &Value) -> Vec<String> {
    match document {
        Value::Object(fields) => fields
            .iter()
            .flat_map(|(name, value)| std::iter::once(name.clone()).chain(keys(value)))
            .collect(),
        Value::Array(items) => items.iter().flat_map(keys).collect(),
        _ => Vec::new(),
    }
}

/// A card gift asked and never paid.
async fn unpaid_gift(app: &TestApp, email: &str) {
    let mut errors = FieldErrors::default();
    let donor = DonorForm {
        civility: "madame".into(),
        first_name: "Olympe".into(),
        last_name: "de Gouges".into(),
        email: email.into(),
        address_line1: "3 rue des Droits".into(),
        postal_code: "75011".into(),
        commune: "Paris".into(),
        country: "FR".into(),
        nationality: "francaise".into(),
        sworn: true,
        ..DonorForm::default()
    }
    .parse(&mut errors)
    .expect("a valid donor");
    let gift = NewGiftRecord {
        donor: &donor,
        amount: Cents::euros(30),
        frequency: Frequency::Once,
        method: PaymentMethod::Card,
        status: GiftStatus::Pending,
        replaces_monthly: false,
        entered_by: None,
    };
    app.store.create_gift(&gift, now()).await.unwrap();
}

both_backends! {
    async fn events_are_paged_and_an_unpublished_event_is_never_listed_nor_shown(app) {
        let token = token(&app, TokenScope::Read).await;
        let host = host(&app).await;
        for n in 1..=3 {
            published(&app, host, &format!("Écoute n° {n}"), now()).await;
        }
        let pending = proposed(&app, host, "En attente", now()).await;
        let rejected = proposed(&app, host, "Refusé", now()).await;
        assert!(app.store.reject_event(rejected, "hors sujet", now()).await.unwrap());
        let cancelled = published(&app, host, "Annulé", now()).await;
        app.store.cancel_event(cancelled, now()).await.unwrap();

        let mut listed = Vec::new();
        for page in 1..=2 {
            let (status, content_type, body) = get(&app, &format!("{ROOT}/events?page={page}&per_page=2"), Some(&token)).await;
            assert_eq!((status, content_type.as_str()), (200, "application/hal+json"));
            conforms(&body, &fixture("events_collection.json"), "events");
            for event in body["_embedded"]["osdi:events"].as_array().unwrap() {
                conforms(event, &fixture("event.json"), "event");
            }
            assert_eq!((body["total_records"].as_i64(), body["total_pages"].as_i64()), (Some(4), Some(2)));
            assert_eq!(body["_links"].get("next").is_some(), page == 1, "next absent on the last page");
            assert_eq!(body["_links"].get("prev").is_some(), page == 2);
            listed.extend(titles(&body));
        }
        assert_eq!(listed, ["Écoute n° 1", "Écoute n° 2", "Écoute n° 3", "Annulé"], "published and cancelled, in id order");

        let (status, _, event) = get(&app, &format!("{ROOT}/events/{cancelled}"), Some(&token)).await;
        assert_eq!(status, 200);
        conforms(&event, &fixture("event.json"), "event");
        assert_eq!((event["status"].as_str(), identifier(&event)), (Some("cancelled"), format!("essaim:{cancelled}")));
        assert!(event["location"].get("address_lines").is_none(), "an address kept for the registered stays out");
        for hidden in [pending, rejected] {
            for path in [format!("{ROOT}/events/{hidden}"), format!("{ROOT}/events/{hidden}/attendances")] {
                let (status, _, body) = get(&app, &path, Some(&token)).await;
                assert_eq!(status, 404, "{path}");
                conforms(&body, &fixture("error.json"), "error");
            }
        }
    }

    async fn the_modified_date_filter_returns_only_events_changed_since(app) {
        let token = token(&app, TokenScope::Read).await;
        let host = host(&app).await;
        published(&app, host, "Ancien", 1_700_000_000).await; // 2023-11-14
        published(&app, host, "Récent", now()).await;
        let query = serde_urlencoded::to_string([("filter", "modified_date gt '2025-01-01T00:00:00Z'")]).unwrap();
        let (status, _, body) = get(&app, &format!("{ROOT}/events?{query}"), Some(&token)).await;
        assert_eq!(status, 200);
        assert_eq!(titles(&body), ["Récent"]);
    }

    async fn the_attendance_helper_twice_registers_once_and_a_hidden_persons_attendance_is_not_listed(app) {
        let token = token(&app, TokenScope::ReadWrite).await;
        let event = published(&app, host(&app).await, "Porte-à-porte", now()).await;
        let helper = format!("{ROOT}/events/{event}/record_attendance_helper");
        let (status, content_type, first) = post(&app, &helper, &token, &fixture("record_attendance_helper_request.json")).await;
        assert_eq!((status, content_type.as_str()), (200, "application/hal+json"), "{first}");
        conforms(&first, &fixture("attendance.json"), "attendance");
        assert_eq!(first["status"], "accepted");
        let (status, _, second) = post(&app, &helper, &token, &attendance_body(" lucie.aubrac@EXEMPLE.fr ")).await;
        assert_eq!(status, 200, "{second}");
        assert_eq!(identifier(&first), identifier(&second));
        assert_eq!(first["_links"]["osdi:person"], second["_links"]["osdi:person"]);
        assert_eq!(registrations(&app, event).await, 1, "one registration");

        // No consent origin: she must confirm by email first, and until then the API does not
        // name her, in attendances as in people.
        assert_eq!(app.signature_of("lucie.aubrac@exemple.fr").await.status, "pending");
        let attendances = format!("{ROOT}/events/{event}/attendances");
        let (status, _, body) = get(&app, &attendances, Some(&token)).await;
        assert_eq!((status, body["total_records"].as_i64()), (200, Some(0)));
        let person = first["_links"]["osdi:person"]["href"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let attendance = identifier(&first).trim_start_matches("essaim:").to_string();
        assert_eq!(get(&app, &format!("{attendances}/{attendance}"), Some(&token)).await.0, 404);

        // A consent collected elsewhere: counted at once, listed.
        let mut body = attendance_body("stand@exemple.fr");
        body["essaim:consent_origin"] = Value::String("Stand du marché, 3 mai".into());
        let (status, _, third) = post(&app, &helper, &token, &body).await;
        assert_eq!(status, 200, "{third}");
        let (_, _, listed) = get(&app, &attendances, Some(&token)).await;
        conforms(&listed, &fixture("attendances_collection.json"), "attendances");
        assert_eq!(listed["total_records"].as_i64(), Some(1));
        let shown = &listed["_embedded"]["osdi:attendances"][0];
        conforms(shown, &fixture("attendance.json"), "attendance");
        assert_eq!(identifier(shown), identifier(&third));
        let href = shown["_links"]["osdi:person"]["href"].as_str().unwrap();
        assert!(!href.ends_with(&format!("/people/{person}")));
        let path = href.split_once(ROOT).unwrap().1;
        let (status, _, person) = get(&app, &format!("{ROOT}{path}"), Some(&token)).await;
        assert_eq!(status, 200, "the link leads to the person");
        assert_eq!(person["email_addresses"][0]["address"], "stand@exemple.fr");
        let (status, _, one) = get(&app, &format!("{attendances}/{}", identifier(shown).trim_start_matches("essaim:")), Some(&token)).await;
        assert_eq!(status, 200);
        conforms(&one, &fixture("attendance.json"), "attendance");
    }

    async fn the_attendance_helper_refuses_an_unknown_event_and_an_invalid_person(app) {
        let token = token(&app, TokenScope::ReadWrite).await;
        let host = host(&app).await;
        let pending = proposed(&app, host, "En attente", now()).await;
        for event in ["999999".to_string(), pending.to_string()] {
            let (status, _, body) = post(&app, &format!("{ROOT}/events/{event}/record_attendance_helper"), &token, &fixture("record_attendance_helper_request.json")).await;
            assert_eq!(status, 404, "{event}");
            conforms(&body, &fixture("error.json"), "error");
        }
        assert!(app.store.find_person_by_email("lucie.aubrac@exemple.fr").await.unwrap().is_none(), "no one entered for nothing");
        let event = published(&app, host, "Porte-à-porte", now()).await;
        let helper = format!("{ROOT}/events/{event}/record_attendance_helper");
        let (status, _, body) = post(&app, &helper, &token, &attendance_body("pas-une-adresse")).await;
        assert_eq!(status, 400);
        conforms(&body, &fixture("error.json"), "error");
        assert!(body["osdi:status"]["description"].as_str().unwrap().contains("email"), "{body}");
        app.store.cancel_event(event, now()).await.unwrap();
        let (status, _, body) = post(&app, &helper, &token, &fixture("record_attendance_helper_request.json")).await;
        assert_eq!(status, 400, "a cancelled event takes no one: {body}");
        assert_eq!(registrations(&app, event).await, 0);
    }

    async fn a_read_only_token_cannot_record_an_attendance(app) {
        let token = token(&app, TokenScope::Read).await;
        let event = published(&app, host(&app).await, "Porte-à-porte", now()).await;
        let (status, _, body) = post(&app, &format!("{ROOT}/events/{event}/record_attendance_helper"), &token, &fixture("record_attendance_helper_request.json")).await;
        assert_eq!(status, 403);
        conforms(&body, &fixture("error.json"), "error");
        assert_eq!(registrations(&app, event).await, 0);
    }

    async fn the_tags_are_the_skills_and_action_lists_with_their_shipping_date(app) {
        let token = token(&app, TokenScope::Read).await;
        let mut identifiers = Vec::new();
        for page in 1..=2 {
            let (status, _, body) = get(&app, &format!("{ROOT}/tags?page={page}&per_page=10"), Some(&token)).await;
            assert_eq!(status, 200);
            conforms(&body, &fixture("tags_collection.json"), "tags");
            assert_eq!((body["total_records"].as_i64(), body["total_pages"].as_i64()), (Some(18), Some(2)));
            assert_eq!(body["_links"].get("next").is_some(), page == 1, "next absent on the last page");
            for tag in body["_embedded"]["osdi:tags"].as_array().unwrap() {
                conforms(tag, &fixture("tag.json"), "tag");
                assert_eq!(tag["modified_date"], "2026-11-26T00:00:00Z");
                identifiers.push(identifier(tag));
            }
        }
        assert_eq!(identifiers.len(), 18);
        assert!(identifiers.contains(&"essaim:skill:video".to_string()) && identifiers.contains(&"essaim:action:parler".to_string()), "{identifiers:?}");
        let (status, _, tag) = get(&app, &format!("{ROOT}/tags/skill:video"), Some(&token)).await;
        assert_eq!(status, 200);
        conforms(&tag, &fixture("tag.json"), "tag");
        assert_eq!(get(&app, &format!("{ROOT}/tags/skill:jonglage"), Some(&token)).await.0, 404);
        let query = serde_urlencoded::to_string([("filter", "modified_date gt '2027-01-01'")]).unwrap();
        let (_, _, body) = get(&app, &format!("{ROOT}/tags?{query}"), Some(&token)).await;
        assert_eq!(body["total_records"].as_i64(), Some(0), "the lists have not changed since");
    }

    async fn donations_are_the_money_received_with_no_card_bank_or_address_field(app) {
        let token = token(&app, TokenScope::Read).await;
        app.signed_and_confirmed("donatrice@exemple.fr").await;
        let donor = app.store.find_person_by_email("donatrice@exemple.fr").await.unwrap().unwrap().id;
        crate::donations::cheque(&app, "donatrice@exemple.fr", "50", "Louise", "75011").await;
        // A donor who never signed: their gift is listed, but names no person.
        crate::donations::cheque(&app, "sans-signature@exemple.fr", "20", "Jeanne", "75011").await;
        unpaid_gift(&app, "pas-paye@exemple.fr").await;

        let (status, content_type, body) = get(&app, &format!("{ROOT}/donations"), Some(&token)).await;
        assert_eq!((status, content_type.as_str()), (200, "application/hal+json"));
        conforms(&body, &fixture("donations_collection.json"), "donations");
        assert_eq!(body["total_records"].as_i64(), Some(2), "the unpaid gift is absent");
        assert!(body["_links"].get("next").is_none());
        let donations = body["_embedded"]["osdi:donations"].as_array().unwrap();
        for donation in donations {
            conforms(donation, &fixture("donation.json"), "donation");
            assert_eq!(donation["currency"], "EUR");
        }
        assert_eq!(donations.iter().map(|d| d["amount"].as_f64().unwrap()).collect::<Vec<_>>(), [50.0, 20.0]);
        assert_eq!(donations[0]["_links"]["osdi:donor"]["href"].as_str().map(|h| h.ends_with(&format!("/people/{donor}"))), Some(true));
        assert!(donations[1]["_links"].get("osdi:donor").is_none(), "a person the API hides is not linked");
        for key in keys(&body) {
            let key = key.to_lowercase();
            for forbidden in ["address", "postal", "locality", "card", "bank", "iban", "payment", "reference", "method", "email", "phone", "name"] {
                assert!(!key.contains(forbidden), "a donation carries no {forbidden} field: {key}");
            }
        }
        let id = identifier(&donations[0]).trim_start_matches("essaim:").to_string();
        let (status, _, one) = get(&app, &format!("{ROOT}/donations/{id}"), Some(&token)).await;
        assert_eq!(status, 200);
        conforms(&one, &fixture("donation.json"), "donation");
        let response = app.client.post(app.url(&format!("{ROOT}/donations"))).header("OSDI-API-Token", &token).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 405, "read-only: nothing is recorded through the API");
    }
}
