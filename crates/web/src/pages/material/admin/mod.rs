//! /admin/materiel, for staff: the catalogue and its figures (`catalogue.rs`, `stats.rs`), an
//! item's form (`item_form.rs`), the starter kit's contents and the address rule lifted
//! (`kit.rs`), the orders and their history (`orders.rs`, `order.rs`), the batches handed to the
//! logistics provider (`batches.rs`) and the carrier's tracking file (`tracking.rs`).

mod batches;
mod catalogue;
mod item_form;
mod kit;
mod order;
mod orders;
mod stats;
mod tracking;

use axum::routing::{get, post};

pub(crate) use crate::render::paris_time;
use crate::routes::RouteTable;

pub fn admin_routes() -> RouteTable {
    vec![
        ("/admin/materiel", get(catalogue::show)),
        (
            "/admin/materiel/nouveau",
            get(item_form::new_form).post(item_form::create),
        ),
        ("/admin/materiel/kit", post(kit::set_contents)),
        ("/admin/materiel/second-kit", post(kit::allow_second)),
        ("/admin/materiel/commandes", get(orders::show)),
        ("/admin/materiel/commandes/{id}", get(order::show)),
        (
            "/admin/materiel/commandes/{id}/annuler",
            post(order::cancel),
        ),
        (
            "/admin/materiel/commandes/{id}/livree",
            post(order::delivered),
        ),
        (
            "/admin/materiel/lots",
            get(batches::show).post(batches::create),
        ),
        ("/admin/materiel/lots/{id}/fichier.csv", get(batches::file)),
        (
            "/admin/materiel/suivi",
            get(tracking::show).post(tracking::import),
        ),
        (
            "/admin/materiel/{id}",
            get(item_form::edit_form).post(item_form::update),
        ),
        ("/admin/materiel/{id}/retirer", post(item_form::retire)),
    ]
}
