//! `people`: the paged collection, one person, and the signup helper. Only confirmed signers
//! are listed or shown (see store/src/api_people.rs for what is hidden and why).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use essaim_domain::ids::PersonId;
use essaim_domain::signature::NewSignature;
use essaim_store::api_people::ApiPerson;
use essaim_store::now;
use serde_json::{json, Value};

use super::auth::{ApiCaller, ApiWriter};
use super::errors::OsdiError;
use super::hal::{link, resource, Hal};
use super::paging::{collection, CollectionQuery, Paging};
use super::signup::SignupRequest;
use crate::AppState;

pub fn person_url(base: &str, id: i64) -> String {
    format!("{base}/api/osdi/v1/people/{id}")
}

/// A person as OSDI writes one.
fn person_document(base: &str, person: &ApiPerson) -> Value {
    let mut fields = resource(person.id, person.created_at, person.modified_at);
    fields.insert("given_name".into(), json!(person.first_name));
    fields.insert("family_name".into(), json!(person.last_name));
    fields.insert(
        "email_addresses".into(),
        json!([{
            "address": person.email,
            "primary": true,
            // Whether they accepted the movement's news: what a mailing tool must honour.
            "status": if person.news_optin { "subscribed" } else { "unsubscribed" },
        }]),
    );
    fields.insert(
        "postal_addresses".into(),
        json!([{
            "postal_code": person.postal_code,
            "country": person.country,
            "primary": true,
        }]),
    );
    if let Some(phone) = &person.phone {
        fields.insert(
            "phone_numbers".into(),
            json!([{ "number": phone, "primary": true }]),
        );
    }
    if let Some(origin) = &person.consent_origin {
        fields.insert("essaim:consent_origin".into(), json!(origin));
    }
    fields.insert(
        "_links".into(),
        json!({ "self": link(person_url(base, person.id)) }),
    );
    Value::Object(fields)
}

pub async fn list(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    query: Result<Query<CollectionQuery>, QueryRejection>,
) -> Result<Hal, OsdiError> {
    let (paging, filter) = Paging::from_query(query)?;
    let base = state.links.base_url();
    let total = state.store.count_api_people(paging.modified_after).await?;
    let people = state
        .store
        .api_people(paging.modified_after, paging.offset(), paging.per_page)
        .await?;
    Ok(Hal::ok(collection(
        &paging,
        &filter,
        &format!("{base}/api/osdi/v1/people"),
        total,
        "osdi:people",
        people.iter().map(|p| person_document(base, p)).collect(),
    )))
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path(id): Path<String>,
) -> Result<Hal, OsdiError> {
    let id = id.parse::<i64>().map_err(|_| OsdiError::NotFound)?;
    let person = state
        .store
        .api_person(PersonId::new(id))
        .await?
        .ok_or(OsdiError::NotFound)?;
    Ok(Hal::ok(person_document(state.links.base_url(), &person)))
}

/// POST people/person_signup_helper: match by normalised email, or create.
pub async fn signup(
    State(state): State<AppState>,
    _writer: ApiWriter,
    body: Bytes,
) -> Result<Hal, OsdiError> {
    let request = SignupRequest::parse(&body)?;
    let signature = request.signature()?;
    let now = now();
    let signup = request.sign_up(&state.store, &signature, now).await?;
    let base = state.links.base_url();
    // Someone not yet confirmed (created now, or there before) is hidden: the answer gives
    // back what was sent, with the identifier, and nothing more from the store.
    Ok(Hal::ok(
        match state.store.api_person(signup.person_id).await? {
            Some(person) => person_document(base, &person),
            None => echo(base, signup.person_id, &signature, now),
        },
    ))
}

fn echo(base: &str, id: PersonId, signature: &NewSignature, now: i64) -> Value {
    let person = ApiPerson {
        id: id.get(),
        email: signature.email.as_str().to_string(),
        first_name: signature.first_name.as_str().to_string(),
        last_name: signature.last_name.as_str().to_string(),
        postal_code: signature.location.postal_code().map(str::to_string),
        country: signature.location.country_code().to_string(),
        phone: signature.phone.as_ref().map(|p| p.as_str().to_string()),
        news_optin: signature.news_optin,
        created_at: now,
        modified_at: now,
        consent_origin: None,
    };
    person_document(base, &person)
}
