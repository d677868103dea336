//! Listes électorales: the questionnaire "Suis-je bien inscrit ?" and its checklist with the
//! next deadline (`questionnaire.rs`), the printable help sheet for a commune (`sheet.rs`), the
//! status a supporter records for themselves (`status.rs`), the ballots staff enter
//! (`ballots.rs`), and the groups' registration drives (`drives.rs`).

use axum::routing::{get, post};
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::deadline::deadlines;
use jiff::civil::Date;

use crate::routes::RouteTable;

mod ballots;
mod drives;
mod questionnaire;
mod sheet;
mod status;

pub use status::{my_status, MyStatus};

pub fn routes() -> RouteTable {
    vec![
        ("/listes-electorales", get(questionnaire::show)),
        ("/listes-electorales/fiche.pdf", get(sheet::show)),
        ("/mon-espace/listes-electorales", post(status::save)),
        ("/mon-espace/rappels-inscription", post(status::reminders)),
        ("/admin/scrutins", get(ballots::show).post(ballots::create)),
        ("/admin/scrutins/{id}/supprimer", post(ballots::delete)),
        (
            "/groupes/{id}/inscriptions",
            get(drives::show).post(drives::record),
        ),
        ("/admin/inscriptions", get(drives::totals)),
    ]
}

/// The official service that tells a person where they are registered (no API: we link to it).
pub const CHECK_URL: &str =
    "https://www.service-public.fr/particuliers/vosdroits/services-en-ligne-et-formulaires/ISE";
/// The official online registration.
pub const REGISTER_URL: &str = "https://www.service-public.fr/particuliers/vosdroits/R16396";

/// A round's deadlines as a page says them: (online, town hall, exceptions).
fn deadline_words(day: Date) -> (String, String, String) {
    let d = deadlines(day);
    (
        french_date(d.online),
        french_date(d.town_hall),
        french_date(d.exceptions),
    )
}

/// Today in France (the deadlines are days of the French calendar).
pub(super) fn today() -> Date {
    essaim_domain::calendar::french_day(essaim_store::now())
}
