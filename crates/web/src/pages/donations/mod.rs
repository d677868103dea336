//! Dons: the gift form (`form`), the page that hands over to the payment provider
//! (`checkout`), the provider's notifications (`notification`), the built-in simulator that
//! plays the provider when none is configured (`simulator`), the thank-you page, the monthly
//! gift in Mon espace (`monthly`), and the back-office ledger.

pub mod admin;
mod checkout;
pub(crate) mod donor_post;
mod form;
pub mod legal_notice;
mod monthly;
pub(crate) mod notification;
mod simulator;
mod thanks;

use axum::routing::{get, post};

use crate::routes::RouteTable;

pub use monthly::{my_gifts, MyGifts};
pub use simulator::play_due_instalments;

pub fn routes() -> RouteTable {
    vec![
        ("/dons", get(form::show).post(form::submit)),
        (
            "/dons/confirmer",
            get(checkout::confirm_page).post(checkout::confirm),
        ),
        ("/dons/notification", post(notification::receive)),
        ("/dons/merci", get(thanks::show)),
        ("/dons/simulateur", post(simulator::show)),
        ("/dons/simulateur/decision", post(simulator::decide)),
        ("/mon-espace/don-mensuel/arreter", post(monthly::stop)),
    ]
}

pub use essaim_domain::calendar::french_day;
