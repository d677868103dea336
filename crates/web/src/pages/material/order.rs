//! GET /materiel/commande/{id}: one order as its owner (or staff) sees it — also where the
//! payment provider sends the browser back: the status shown is the one our records hold (set by
//! the notification), never what the browser's return says. POST …/annuler: the person cancels
//! before the order leaves for the logistics provider. `my_orders` feeds Mon espace.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::calendar::french_date;
use essaim_domain::calendar::french_day;
use essaim_domain::donations::Cents;
use essaim_domain::ids::{OrderId, PersonId};
use essaim_domain::material::export::order_ref;
use essaim_domain::material::OrderStatus;
use essaim_store::material::{Actor, ChangeOutcome, OrderWithLines};
use essaim_store::now;
use essaim_store::people::Person;

use super::checkout::to_provider;
use super::{label_lines, line_label, price_label};
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{message_page, page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

/// An order as the person reads it.
pub struct MyOrder {
    pub id: OrderId,
    pub reference: String,
    pub date: String,
    pub status: &'static str,
    pub total: String,
    pub lines: Vec<String>,
    pub tracking: Option<String>,
    pub address: Vec<String>,
    pub cancellable: bool,
    pub awaiting_payment: bool,
}

impl MyOrder {
    fn of(order: OrderWithLines) -> Self {
        let o = &order.order;
        let address = if o.address_purged_at.is_some() {
            vec!["(adresse effacée après la livraison)".to_string()]
        } else {
            label_lines(o)
        };
        Self {
            id: o.id,
            reference: order_ref(o.id.get()),
            date: french_date(french_day(o.created_at)),
            status: o.status.label(),
            total: price_label(o.total_cents),
            lines: order.lines.iter().map(line_label).collect(),
            tracking: o.tracking.clone(),
            address,
            cancellable: o.status.cancellable_by_person(),
            awaiting_payment: o.status == OrderStatus::AwaitingPayment,
        }
    }
}

/// The person's orders, newest first, for Mon espace.
pub async fn my_orders(state: &AppState, person: PersonId) -> Result<Vec<MyOrder>, AppError> {
    Ok(state
        .store
        .orders_of(person)
        .await?
        .into_iter()
        .map(MyOrder::of)
        .collect())
}

#[derive(Template)]
#[template(path = "material_order.html")]
struct OrderPage {
    chrome: Chrome,
    order: MyOrder,
}

/// The order if it is this person's (or, `staff_too`, if they are staff); otherwise the same
/// 404 as an order that does not exist: nobody learns which numbers are taken.
async fn own_order(
    state: &AppState,
    person: &Person,
    id: OrderId,
    staff_too: bool,
) -> Result<OrderWithLines, AppError> {
    match state.store.order(id).await? {
        Some(order)
            if order.order.person_id == Some(person.id) || (staff_too && person.is_staff) =>
        {
            Ok(order)
        }
        _ => Err(AppError::NotFound),
    }
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<OrderId>,
) -> Result<Response, AppError> {
    let order = own_order(&state, &person, id, true).await?;
    Ok(page(
        StatusCode::OK,
        &OrderPage {
            chrome: Chrome::new(Some(&person), &csrf),
            order: MyOrder::of(order),
        },
    ))
}

/// GET /materiel/commande/{id}/paiement: the payment page again, for an order left unpaid
/// (it changes nothing here: the provider's notification does).
pub async fn pay(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<OrderId>,
) -> Result<Response, AppError> {
    let order = own_order(&state, &person, id, false).await?;
    if order.order.status != OrderStatus::AwaitingPayment {
        return Ok(Redirect::to(&format!("/materiel/commande/{id}")).into_response());
    }
    Ok(to_provider(
        &state,
        &person,
        &csrf,
        id,
        Cents::new(order.order.total_cents),
        now(),
    ))
}

pub async fn cancel(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<OrderId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::Forbidden)?;
    match state
        .store
        .cancel_order(id, Actor::Person(person.id), None, now())
        .await?
    {
        ChangeOutcome::Changed => {
            Ok(Redirect::to(&format!("/materiel/commande/{id}")).into_response())
        }
        ChangeOutcome::NotAllowed => Ok(message_page(
            StatusCode::CONFLICT,
            "Commande non annulable",
            "Cette commande est déjà partie chez notre logisticien : elle ne peut plus être \
             annulée d'ici. Écrivez à l'équipe si besoin.",
        )),
        ChangeOutcome::Unknown => Err(AppError::NotFound),
    }
}
