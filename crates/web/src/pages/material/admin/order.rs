//! GET /admin/materiel/commandes/{id}: one order, its status history (who did what, when, why)
//! and what staff may still do with it: cancel it until it is shipped (the stock given back,
//! the kit claim freed, the person told: the store's `cancel_order`), or mark it delivered once
//! shipped (POST …/annuler, …/livree).

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::{OrderId, PersonId};
use essaim_domain::material::OrderStatus;
use essaim_domain::text::required_text;
use essaim_domain::FieldErrors;
use essaim_store::material::{Actor, ChangeOutcome, StatusChange};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::orders::{group_names, OrderRow};
use super::paris_time;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str = "La page avait expiré : rien n'a été changé. Recommencez.";

pub struct HistoryRow {
    pub when: String,
    pub status: String,
    pub who: String,
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_material_order.html")]
struct OrderPage {
    chrome: Chrome,
    order: OrderRow,
    history: Vec<HistoryRow>,
    can_cancel: bool,
    can_deliver: bool,
    confirmation: Option<&'static str>,
    notice: Option<String>,
    reason: String,
    errors: FieldErrors,
}

impl OrderPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// Who made a change, as staff read it: a member of staff by their email.
async fn who(
    state: &AppState,
    change: &StatusChange,
    emails: &mut HashMap<PersonId, String>,
) -> Result<String, AppError> {
    Ok(match change.actor.as_str() {
        "equipe" => match change.actor_id {
            Some(id) => {
                if let Entry::Vacant(slot) = emails.entry(id) {
                    let email = state
                        .store
                        .find_person(id)
                        .await?
                        .map_or_else(|| "l'équipe (compte supprimé)".to_string(), |p| p.email);
                    slot.insert(email);
                }
                emails[&id].clone()
            }
            None => "l'équipe".into(),
        },
        "personne" => "la personne".into(),
        "paiement" => "le paiement".into(),
        "transporteur" => "le transporteur".into(),
        _ => "le site".into(),
    })
}

/// What the page shows besides the order: a notice, the reason typed and its error.
#[derive(Default)]
struct Shown {
    confirmation: Option<&'static str>,
    notice: Option<String>,
    reason: String,
    errors: FieldErrors,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    id: OrderId,
    status: StatusCode,
    shown: Shown,
) -> Result<Response, AppError> {
    let Some(order) = state.store.order(id).await? else {
        return Err(AppError::NotFound);
    };
    let group = group_names(state, std::slice::from_ref(&order))
        .await?
        .into_values()
        .next();
    let mut emails = HashMap::new();
    let mut history = Vec::new();
    for change in state.store.order_history(id).await? {
        history.push(HistoryRow {
            when: paris_time(change.at),
            status: OrderStatus::parse(&change.status)
                .map_or_else(|| change.status.clone(), |s| s.label().to_string()),
            who: who(state, &change, &mut emails).await?,
            note: change.note.clone(),
        });
    }
    let current = order.order.status;
    let view = OrderPage {
        chrome: Chrome::new(Some(person), csrf),
        order: OrderRow::of(order, group),
        history,
        can_cancel: current.can_become(OrderStatus::Cancelled),
        can_deliver: current.can_become(OrderStatus::Delivered),
        confirmation: shown.confirmation,
        notice: shown.notice,
        reason: shown.reason,
        errors: shown.errors,
    };
    Ok(page(status, &view))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OrderQuery {
    fait: String,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<OrderId>,
    query: Result<Query<OrderQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let confirmation = match query.fait.as_str() {
        "annulee" => {
            Some("Commande annulée : le stock est rendu, et la personne est prévenue par email.")
        }
        "livree" => Some("Commande marquée livrée."),
        _ => None,
    };
    let shown = Shown {
        confirmation,
        ..Shown::default()
    };
    render(&state, &person, &csrf, id, StatusCode::OK, shown).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelPost {
    reason: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<OrderId>,
    form: CsrfForm<CancelPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let mut shown = Shown {
        reason: post.reason.clone(),
        ..Shown::default()
    };
    let reason = if token.is_expired() {
        shown.notice = Some(EXPIRED.into());
        None
    } else {
        let typed = required_text(&post.reason, "la raison de l'annulation", 300, false);
        shown.errors.take("reason", typed)
    };
    let Some(reason) = reason else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return render(&state, &person, &csrf, id, status, shown).await;
    };
    match state
        .store
        .cancel_order(id, Actor::Staff(person.id), Some(&reason), now())
        .await?
    {
        ChangeOutcome::Changed => {
            tracing::info!(
                staff = person.id.get(),
                order = id.get(),
                "material order cancelled by staff"
            );
            Ok(
                Redirect::to(&format!("/admin/materiel/commandes/{id}?fait=annulee"))
                    .into_response(),
            )
        }
        ChangeOutcome::NotAllowed => {
            shown.notice = Some(
                "Cette commande ne peut plus être annulée : elle est déjà expédiée, livrée ou \
                 annulée."
                    .into(),
            );
            render(&state, &person, &csrf, id, StatusCode::CONFLICT, shown).await
        }
        ChangeOutcome::Unknown => Err(AppError::NotFound),
    }
}

pub async fn delivered(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<OrderId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let (_, token) = form.open();
    if token.is_expired() {
        let shown = Shown {
            notice: Some(EXPIRED.into()),
            ..Shown::default()
        };
        return render(
            &state,
            &person,
            &csrf,
            id,
            StatusCode::UNPROCESSABLE_ENTITY,
            shown,
        )
        .await;
    }
    match state.store.mark_delivered(id, person.id, now()).await? {
        ChangeOutcome::Changed => Ok(Redirect::to(&format!(
            "/admin/materiel/commandes/{id}?fait=livree"
        ))
        .into_response()),
        ChangeOutcome::NotAllowed => {
            let shown = Shown {
                notice: Some("Seule une commande expédiée peut être marquée livrée.".into()),
                ..Shown::default()
            };
            render(&state, &person, &csrf, id, StatusCode::CONFLICT, shown).await
        }
        ChangeOutcome::Unknown => Err(AppError::NotFound),
    }
}
