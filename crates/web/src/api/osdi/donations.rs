//! `donations` (read-only): the money received, in euros, with what was refunded since. No
//! card, bank or payment reference, no donor address: a donation links to its donor only when
//! the people API shows them (see store/src/api_donations.rs).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use essaim_store::api_donations::ApiDonation;
use serde_json::{json, Value};

use super::auth::ApiCaller;
use super::errors::OsdiError;
use super::hal::{link, resource, Hal};
use super::paging::{collection, CollectionQuery, Paging};
use super::people::person_url;
use crate::AppState;

fn euros(cents: i64) -> f64 {
    cents as f64 / 100.0
}

/// A donation as OSDI writes one: `amount` after refunds, `credited_amount` refunded.
fn donation_document(base: &str, donation: &ApiDonation) -> Value {
    let mut fields = resource(donation.id, donation.created_at, donation.modified_at);
    fields.insert("transaction_date".into(), json!(donation.paid_on));
    fields.insert("currency".into(), json!("EUR"));
    fields.insert(
        "amount".into(),
        json!(euros(donation.amount_cents - donation.refunded_cents)),
    );
    fields.insert(
        "credited_amount".into(),
        json!(euros(donation.refunded_cents)),
    );
    let mut links = serde_json::Map::new();
    links.insert(
        "self".into(),
        link(format!("{base}/api/osdi/v1/donations/{}", donation.id)),
    );
    if let Some(donor) = donation.donor_id {
        links.insert("osdi:donor".into(), link(person_url(base, donor)));
    }
    fields.insert("_links".into(), Value::Object(links));
    Value::Object(fields)
}

pub async fn list(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    query: Result<Query<CollectionQuery>, QueryRejection>,
) -> Result<Hal, OsdiError> {
    let (paging, filter) = Paging::from_query(query)?;
    let base = state.links.base_url();
    let total = state
        .store
        .count_api_donations(paging.modified_after)
        .await?;
    let donations = state
        .store
        .api_donations(paging.modified_after, paging.offset(), paging.per_page)
        .await?;
    Ok(Hal::ok(collection(
        &paging,
        &filter,
        &format!("{base}/api/osdi/v1/donations"),
        total,
        "osdi:donations",
        donations
            .iter()
            .map(|d| donation_document(base, d))
            .collect(),
    )))
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path(id): Path<String>,
) -> Result<Hal, OsdiError> {
    let id = id.parse::<i64>().map_err(|_| OsdiError::NotFound)?;
    let donation = state
        .store
        .api_donation(id)
        .await?
        .ok_or(OsdiError::NotFound)?;
    Ok(Hal::ok(donation_document(
        state.links.base_url(),
        &donation,
    )))
}
