//! GET /materiel: the catalogue by theme, the starter kit first, and the person's cart.
//! POST /materiel/panier: sets one item's quantity in the cart (a plain form per item: the cart
//! works without JavaScript), then back to the page it came from.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::Cents;
use essaim_domain::ids::ItemId;
use essaim_domain::material::{parse_quantity, KitRefusal};
use essaim_store::material::{CartLine, Item};
use essaim_store::people::Person;
use serde::Deserialize;

use super::price_label;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

/// An item as the catalogue shows it.
pub(super) struct Shown {
    pub item: Item,
    pub price: String,
    /// "épuisé", "plus que 3 en stock", or "".
    pub availability: String,
    pub in_cart: i64,
    /// The kit's contents, in words.
    pub contents: Vec<String>,
}

#[derive(Template)]
#[template(path = "material.html")]
struct ShopPage {
    chrome: Chrome,
    /// (theme, items), the kit under its own heading first.
    themes: Vec<(String, Vec<Shown>)>,
    kit: Option<Shown>,
    /// Why this person cannot have the kit (already had it, not confirmed).
    kit_refusal: Option<KitRefusal>,
    cart: Vec<CartLine>,
    total: String,
    notice: Option<CartNotice>,
}

/// A problem with the last cart change: the item it is about, what to do, and the quantity as
/// typed (shown again in the field, as every form of the site keeps what was typed).
struct CartNotice {
    item: ItemId,
    message: String,
    typed: String,
}

impl ShopPage {
    fn line_price(&self, line: &CartLine) -> String {
        price_label(line.item.price_cents * line.quantity)
    }

    /// What the top of the page says of the last cart change: the message itself when it is
    /// about the kit (which has no quantity field), else a pointer to the field that has it.
    fn top_notice(&self) -> Option<&str> {
        let notice = self.notice.as_ref()?;
        let under_its_field = self
            .themes
            .iter()
            .flat_map(|(_, items)| items)
            .any(|shown| shown.item.id == notice.item && shown.item.orderable());
        Some(if under_its_field {
            "Le panier n'a pas été modifié : corrigez la quantité signalée ci-dessous."
        } else {
            notice.message.as_str()
        })
    }

    fn notice_for(&self, shown: &Shown) -> Option<&CartNotice> {
        self.notice
            .as_ref()
            .filter(|notice| notice.item == shown.item.id)
    }

    /// The message of the last cart change, under the item it is about.
    fn error_for(&self, shown: &Shown) -> Option<&str> {
        self.notice_for(shown).map(|notice| notice.message.as_str())
    }

    /// The quantity field: what was typed if it was refused, else what the cart holds, or 1 to
    /// add.
    fn quantity_for(&self, shown: &Shown) -> String {
        match self.notice_for(shown) {
            Some(notice) => notice.typed.clone(),
            None => shown.in_cart.max(1).to_string(),
        }
    }
}

fn availability(item: &Item) -> String {
    match item.stock {
        Some(0) => "épuisé".into(),
        Some(n) if n <= 20 => format!("plus que {n} en stock"),
        _ => String::new(),
    }
}

/// What the cart's lines still offered cost ("gratuit" when nothing does).
pub(super) fn cart_total(cart: &[CartLine]) -> String {
    let total: Cents = cart
        .iter()
        .filter(|line| line.item.offered())
        .map(|line| Cents::new(line.item.price_cents) * line.quantity)
        .sum();
    price_label(total.get())
}

/// Why the kit cannot go to this person (their own kit; a group's is checked at the order).
async fn kit_refusal(state: &AppState, person: &Person) -> Result<Option<KitRefusal>, AppError> {
    match state.store.signature_of(person.id).await? {
        None => return Ok(Some(KitRefusal::NotSigned)),
        Some(signature) if signature.status != "confirmed" => {
            return Ok(Some(KitRefusal::NotConfirmed))
        }
        Some(_) => {}
    }
    if state.store.kit_claimed(person.id, None).await? {
        return Ok(Some(KitRefusal::AlreadyForPerson));
    }
    Ok(None)
}

async fn render(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    notice: Option<CartNotice>,
) -> Result<Response, AppError> {
    let cart = match person {
        Some(person) => state.store.cart(person.id).await?,
        None => Vec::new(),
    };
    let in_cart = |id: ItemId| {
        cart.iter()
            .find(|line| line.item.id == id)
            .map_or(0, |line| line.quantity)
    };
    let kit_contents = state.store.kit_contents().await?;
    let kit_short = kit_contents
        .iter()
        .any(|(item, quantity)| item.stock.is_some_and(|stock| stock < *quantity));
    let contents: Vec<String> = kit_contents
        .iter()
        .map(|(item, quantity)| format!("{quantity} × {} ({})", item.name, item.unit))
        .collect();
    let mut kit = None;
    let mut themes: Vec<(String, Vec<Shown>)> = Vec::new();
    for item in state.store.catalogue().await? {
        let shown = Shown {
            price: price_label(item.price_cents),
            availability: availability(&item),
            in_cart: in_cart(item.id),
            contents: if item.is_kit {
                contents.clone()
            } else {
                Vec::new()
            },
            item,
        };
        if shown.item.is_kit {
            kit = Some(Shown {
                availability: if kit_short {
                    "momentanément épuisé : un de ses articles manque".into()
                } else {
                    shown.availability
                },
                ..shown
            });
            continue;
        }
        let theme = if shown.item.theme.is_empty() {
            "Autre matériel".to_string()
        } else {
            shown.item.theme.clone()
        };
        match themes.iter_mut().find(|(name, _)| *name == theme) {
            Some((_, items)) => items.push(shown),
            None => themes.push((theme, vec![shown])),
        }
    }
    let kit_refusal = match (person, &kit) {
        (Some(person), Some(_)) => kit_refusal(state, person).await?,
        _ => None,
    };
    let total = cart_total(&cart);
    Ok(page(
        StatusCode::OK,
        &ShopPage {
            chrome: Chrome::new(person, csrf),
            themes,
            kit,
            kit_refusal,
            cart,
            total,
            notice,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    render(&state, person.as_ref(), &csrf, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CartPost {
    item: String,
    quantity: String,
    /// "commande" when changed from the order page, to go back there.
    retour: String,
}

pub async fn set_quantity(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<CartPost>,
) -> Result<Response, AppError> {
    let (post, freshness) = form.open();
    let Ok(id) = post.item.parse::<ItemId>() else {
        return Err(AppError::NotFound);
    };
    let Some(item) = state.store.item(id).await? else {
        return Err(AppError::NotFound);
    };
    let refuse = |message: String| {
        let notice = CartNotice {
            item: id,
            message,
            typed: post.quantity.trim().to_string(),
        };
        render(&state, Some(&person), &csrf, Some(notice))
    };
    if freshness.is_expired() {
        return refuse("Cette page a expiré : choisissez à nouveau la quantité.".into()).await;
    }
    let quantity = match parse_quantity(&post.quantity, item.per_order_max) {
        Ok(quantity) => quantity,
        Err(message) => return refuse(message).await,
    };
    if quantity > 0 && !item.orderable() {
        return refuse(format!("« {} » n'est plus disponible.", item.name)).await;
    }
    if let Some(stock) = item.stock.filter(|stock| quantity > *stock) {
        return refuse(format!(
            "Il ne reste que {stock} « {} » en stock : choisissez une quantité plus petite.",
            item.name
        ))
        .await;
    }
    if quantity > 0 && item.is_kit {
        // The person's own kit: a group's kit is checked when the group is chosen at the order.
        if let Some(refusal @ (KitRefusal::NotSigned | KitRefusal::NotConfirmed)) =
            kit_refusal(&state, &person).await?
        {
            return refuse(refusal.message().into()).await;
        }
    }
    state
        .store
        .set_cart_quantity(person.id, id, quantity)
        .await?;
    let back = if post.retour == "commande" {
        "/materiel/commande"
    } else {
        "/materiel#panier"
    };
    Ok(Redirect::to(back).into_response())
}
