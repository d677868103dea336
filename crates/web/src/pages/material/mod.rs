//! Matériel: the catalogue and the cart (`shop.rs`), the order form and its payment
//! (`checkout.rs`, `notification.rs`), a person's order (`order.rs`), pictures (`picture.rs`),
//! and the back-office (`admin/`).

use axum::routing::{get, post};

use crate::routes::RouteTable;

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

/// `2,50 €`, or `gratuit`.
pub(crate) fn price_label(cents: i64) -> String {
    if cents == 0 {
        "gratuit".into()
    } else {
        essaim_domain::donations::Cents::new(cents).to_string()
    }
}
