//! Matériel: the catalogue and the cart (`shop.rs`), the order form and its payment
//! (`checkout.rs`, `notification.rs`), a person's order (`order.rs`), pictures (`picture.rs`),
//! and the back-office (`admin/`).

use axum::routing::{get, post};

use crate::routes::RouteTable;

pub mod admin;
mod checkout;
mod notification;
mod order;
mod picture;
mod shop;

pub use order::{my_orders, MyOrder};

pub fn routes() -> RouteTable {
    vec![
        ("/materiel", get(shop::show)),
        ("/materiel/panier", post(shop::set_quantity)),
        ("/materiel/images/{id}", get(picture::serve)),
        (
            "/materiel/commande",
            get(checkout::show).post(checkout::place),
        ),
        ("/materiel/commande/{id}", get(order::show)),
        ("/materiel/commande/{id}/annuler", post(order::cancel)),
        ("/materiel/commande/{id}/paiement", get(order::pay)),
        ("/materiel/notification", post(notification::receive)),
    ]
}

/// The lines of an order's shipping label: name, street, complement, postal code and commune.
pub(crate) fn label_lines(order: &essaim_store::material::Order) -> Vec<String> {
    [
        Some(order.ship_name.clone()),
        Some(order.ship_line1.clone()),
        order.ship_line2.clone(),
        Some(format!("{} {}", order.ship_postal_code, order.ship_commune)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `3 × Tracts (lot de 100)`: a line of an order as people and staff read it.
pub(crate) fn line_label(line: &essaim_store::material::OrderLine) -> String {
    format!("{} × {} ({})", line.quantity, line.item_name, line.unit)
}

/// `2,50 €`, or `gratuit`.
pub(crate) fn price_label(cents: i64) -> String {
    if cents == 0 {
        "gratuit".into()
    } else {
        essaim_domain::donations::Cents::new(cents).to_string()
    }
}
