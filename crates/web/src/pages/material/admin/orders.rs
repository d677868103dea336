//! GET /admin/materiel/commandes: the orders, newest first, 50 a page, filtered by status (a GET
//! form that works without JavaScript), each with its address while it is kept, its lines,
//! total, status, tracking number and group.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::calendar::{french_date, french_day};
use essaim_domain::ids::{GroupId, OrderId};
use essaim_domain::material::export::{order_ref, parse_order_ref};
use essaim_domain::material::OrderStatus;
use essaim_store::material::OrderWithLines;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::pages::material::{label_lines, line_label, price_label};
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const PER_PAGE: i64 = 50;

/// An order as staff read it, in the list and on its page.
pub struct OrderRow {
    pub id: OrderId,
    pub reference: String,
    pub date: String,
    pub email: String,
    /// The label's lines and the phone; one line saying it was erased once it is.
    pub address: Vec<String>,
    pub lines: Vec<String>,
    pub total: String,
    pub status: OrderStatus,
    pub tracking: Option<String>,
    /// (id, name) of the group it was ordered for.
    pub group: Option<(GroupId, String)>,
    pub departement: String,
}

impl OrderRow {
    pub(super) fn of(order: OrderWithLines, group_name: Option<String>) -> Self {
        let o = order.order;
        let address = if o.address_purged_at.is_some() {
            vec!["(adresse effacée après la livraison ou l'annulation)".to_string()]
        } else {
            let mut lines = label_lines(&o);
            lines.push(format!("Tél. {}", o.ship_phone));
            lines
        };
        Self {
            id: o.id,
            reference: order_ref(o.id.get()),
            date: french_date(french_day(o.created_at)),
            email: o.email,
            address,
            lines: order.lines.iter().map(line_label).collect(),
            total: price_label(o.total_cents),
            status: o.status,
            tracking: o.tracking,
            group: o.group_id.zip(group_name),
            departement: o.departement,
        }
    }
}

/// The names of the groups these orders were placed for.
pub(super) async fn group_names(
    state: &AppState,
    orders: &[OrderWithLines],
) -> Result<HashMap<GroupId, String>, AppError> {
    let mut names = HashMap::new();
    for id in orders.iter().filter_map(|order| order.order.group_id) {
        if names.contains_key(&id) {
            continue;
        }
        if let Some(group) = state.store.find_group(id).await? {
            names.insert(id, group.name);
        }
    }
    Ok(names)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OrdersQuery {
    statut: String,
    page: String,
    /// A reference (`MAT-000042`, `42`) or an email.
    q: String,
}

#[derive(Template)]
#[template(path = "admin_material_orders.html")]
struct OrdersPage {
    chrome: Chrome,
    /// (code, "validée (12)").
    statuses: Vec<(&'static str, String)>,
    chosen: String,
    /// "validées", or "" for all.
    chosen_label: &'static str,
    /// The search as typed, and what it found (None: no search).
    searched: String,
    search_notice: Option<String>,
    orders: Vec<OrderRow>,
    count: i64,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<OrdersQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let searched = query.q.trim().to_string();
    if let Some(id) = parse_order_ref(&searched) {
        if state.store.order(OrderId::new(id)).await?.is_some() {
            return Ok(Redirect::to(&format!("/admin/materiel/commandes/{id}")).into_response());
        }
    }
    // An unknown status code is no filter, as the select's blank option.
    let status = OrderStatus::parse(query.statut.trim());
    let counts = state.store.order_counts().await?;
    let count = match status {
        Some(status) => counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n),
        None => counts.iter().map(|(_, n)| n).sum(),
    };
    let pages = ((count + PER_PAGE - 1) / PER_PAGE).max(1);
    let page_index = query
        .page
        .trim()
        .parse::<i64>()
        .unwrap_or(1)
        .clamp(1, pages)
        - 1;
    let (orders, search_notice, count, pages) = if searched.is_empty() {
        let orders = state
            .store
            .orders_for_staff(status, page_index * PER_PAGE, PER_PAGE)
            .await?;
        (orders, None, count, pages)
    } else if parse_order_ref(&searched).is_some() {
        let notice = format!(
            "Aucune commande {}.",
            order_ref(parse_order_ref(&searched).unwrap_or(0))
        );
        (Vec::new(), Some(notice), 0, 1)
    } else {
        let orders = state.store.orders_by_email(&searched).await?;
        let notice = format!(
            "{} commande(s) passée(s) avec l'adresse email « {searched} ».",
            orders.len()
        );
        let found = i64::try_from(orders.len()).unwrap_or(i64::MAX);
        (orders, Some(notice), found, 1)
    };
    let names = group_names(&state, &orders).await?;
    let code = status.map_or("", OrderStatus::code);
    let link = |page: i64| format!("/admin/materiel/commandes?statut={code}&page={page}");
    let view = OrdersPage {
        chrome: Chrome::new(Some(&person), &csrf),
        statuses: counts
            .iter()
            .map(|(status, n)| (status.code(), format!("{} ({n})", status.label())))
            .collect(),
        chosen: code.to_string(),
        chosen_label: status.map_or("", OrderStatus::label),
        searched,
        search_notice,
        orders: orders
            .into_iter()
            .map(|order| {
                let name = order.order.group_id.and_then(|id| names.get(&id).cloned());
                OrderRow::of(order, name)
            })
            .collect(),
        count,
        page: page_index + 1,
        pages,
        previous: (page_index > 0 && pages > 1).then(|| link(page_index)),
        next: (page_index + 1 < pages).then(|| link(page_index + 2)),
    };
    Ok(page(StatusCode::OK, &view))
}
