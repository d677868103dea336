//! GET /admin/materiel: the catalogue as staff manage it (hidden and retired items included,
//! those below their alert threshold highlighted), the figures, the orders by status, and the
//! two forms of the starter kit (its contents, a second kit at one address). The kit's forms
//! (kit.rs) come back to this page with their errors.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::calendar::{french_date, french_day};
use essaim_domain::ids::ItemId;
use essaim_domain::material::{order_ref, OrderStatus};
use essaim_domain::FieldErrors;
use essaim_store::material::Item;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::stats::{figures, is_low, Figures, CHART_DAYS};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::pages::material::price_label;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

pub struct ItemRow {
    pub id: ItemId,
    pub name: String,
    pub theme: String,
    pub unit: String,
    pub price: String,
    pub stock: String,
    pub alert: String,
    /// `visible`, `caché` or `retiré`.
    pub state: &'static str,
    pub is_kit: bool,
    pub low: bool,
}

impl ItemRow {
    fn of(item: &Item) -> Self {
        Self {
            id: item.id,
            name: item.name.clone(),
            theme: item.theme.clone(),
            unit: item.unit.clone(),
            price: price_label(item.price_cents),
            stock: item
                .stock
                .map_or_else(|| "illimité".to_string(), |n| n.to_string()),
            alert: item
                .alert_below
                .map_or_else(|| "aucun".to_string(), |n| n.to_string()),
            state: if item.retired_at.is_some() {
                "retiré"
            } else if item.visible {
                "visible"
            } else {
                "caché"
            },
            is_kit: item.is_kit,
            low: is_low(item),
        }
    }
}

pub struct StatusRow {
    pub code: &'static str,
    pub label: &'static str,
    pub count: i64,
}

/// One field of the kit's contents: an item that can go in the kit.
pub struct KitLine {
    /// `contenu-{item id}`.
    pub field: String,
    pub label: String,
    pub value: String,
    pub error: Option<String>,
}

/// The second-kit form as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SecondKitPost {
    pub email: String,
    pub reason: String,
}

/// What the kit's forms bring back to the page: typed values, errors, a notice.
#[derive(Default)]
pub(super) struct Forms {
    /// Item id → (typed quantity, error); `None`: the kit's contents as stored.
    pub kit: Option<Vec<(ItemId, String, Option<String>)>>,
    pub kit_notice: Option<String>,
    pub second_kit: SecondKitPost,
    pub second_kit_errors: FieldErrors,
    pub second_kit_notice: Option<String>,
}

impl Forms {
    fn has_errors(&self) -> bool {
        self.kit_notice.is_some()
            || self
                .kit
                .as_ref()
                .is_some_and(|lines| lines.iter().any(|(_, _, error)| error.is_some()))
            || self.second_kit_notice.is_some()
            || !self.second_kit_errors.is_empty()
    }
}

#[derive(Template)]
#[template(path = "admin_material.html")]
struct CataloguePage {
    chrome: Chrome,
    confirmation: Option<&'static str>,
    items: Vec<ItemRow>,
    statuses: Vec<StatusRow>,
    total_orders: i64,
    /// Paid orders then cancelled: (reference, email, amount, provider transaction, when).
    refunds: Vec<(String, String, String, String, String)>,
    figures: Figures,
    chart_days: i64,
    /// The current starter kit's name, if there is one.
    kit_name: Option<String>,
    kit_lines: Vec<KitLine>,
    kit_has_errors: bool,
    kit_notice: Option<String>,
    second_kit: SecondKitPost,
    errors: FieldErrors,
    second_kit_notice: Option<String>,
}

impl CataloguePage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogueQuery {
    /// What was just done, to confirm it (a code, never echoed).
    fait: String,
}

fn confirmation(code: &str) -> Option<&'static str> {
    match code {
        "kit" => Some("Le contenu du kit de démarrage est enregistré."),
        "second-kit" => Some(
            "Second kit autorisé : cette personne peut recevoir un kit de démarrage à une adresse \
             qui en a déjà reçu un.",
        ),
        _ => None,
    }
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<CatalogueQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    render(
        &state,
        &person,
        &csrf,
        confirmation(&query.fait),
        Forms::default(),
    )
    .await
}

/// The items that can go in the kit: not the kit itself, not retired.
pub(super) async fn kit_candidates(state: &AppState) -> Result<Vec<Item>, AppError> {
    Ok(state
        .store
        .all_items()
        .await?
        .into_iter()
        .filter(|item| !item.is_kit && item.retired_at.is_none())
        .collect())
}

pub(super) async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    confirmation: Option<&'static str>,
    forms: Forms,
) -> Result<Response, AppError> {
    let status = if forms.has_errors() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let items = state.store.all_items().await?;
    let contents = state.store.kit_contents().await?;
    let kit_lines = items
        .iter()
        .filter(|item| !item.is_kit && item.retired_at.is_none())
        .map(|item| {
            let typed = forms
                .kit
                .as_ref()
                .and_then(|lines| lines.iter().find(|(id, _, _)| *id == item.id));
            let (value, error) = match typed {
                Some((_, value, error)) => (value.clone(), error.clone()),
                None => (
                    contents
                        .iter()
                        .find(|(content, _)| content.id == item.id)
                        .map_or_else(String::new, |(_, quantity)| quantity.to_string()),
                    None,
                ),
            };
            KitLine {
                field: format!("contenu-{}", item.id),
                label: format!("{} ({})", item.name, item.unit),
                value,
                error,
            }
        })
        .collect();
    let counts = state.store.order_counts().await?;
    let kit_has_errors = forms
        .kit
        .as_ref()
        .is_some_and(|lines| lines.iter().any(|(_, _, error)| error.is_some()));
    let view = CataloguePage {
        chrome: Chrome::new(Some(person), csrf),
        confirmation,
        kit_name: items
            .iter()
            .find(|item| item.is_kit && item.retired_at.is_none())
            .map(|item| item.name.clone()),
        items: items.iter().map(ItemRow::of).collect(),
        total_orders: counts.iter().map(|(_, n)| n).sum(),
        refunds: state
            .store
            .payments_to_refund()
            .await?
            .into_iter()
            .map(|refund| {
                (
                    order_ref(refund.order_id),
                    refund.email,
                    price_label(refund.amount_cents),
                    refund.trans_uuid,
                    french_date(french_day(refund.received_at)),
                )
            })
            .collect(),
        statuses: counts
            .into_iter()
            .map(|(status, count): (OrderStatus, i64)| StatusRow {
                code: status.code(),
                label: status.label(),
                count,
            })
            .collect(),
        figures: figures(state.store.material_stats().await?, now()),
        chart_days: CHART_DAYS,
        kit_lines,
        kit_has_errors,
        kit_notice: forms.kit_notice,
        second_kit: forms.second_kit,
        errors: forms.second_kit_errors,
        second_kit_notice: forms.second_kit_notice,
    };
    Ok(page(status, &view))
}
