//! Listes électorales: the questionnaire "Suis-je bien inscrit ?" and its checklist with the
//! next deadline (`questionnaire.rs`), the printable help sheet for a commune (`sheet.rs`), the
//! status a supporter records for themselves (`status.rs`), the ballots staff enter
//! (`ballots.rs`), the groups' registration drives (`drives.rs`), and the procurations: the
//! page and its two forms (`proxies.rs`) and the answers to a proposal (`proxy_answers.rs`).

use axum::routing::{get, post};
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::deadline::deadlines;
use essaim_domain::identity::PostalCode;
use essaim_domain::text::folded_words;
use jiff::civil::Date;

use crate::routes::RouteTable;

mod ballots;
mod drives;
mod proxies;
mod proxy_answers;
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
        ("/procurations", get(proxies::show)),
        ("/procurations/demande", post(proxies::ask)),
        ("/procurations/offre", post(proxies::offer)),
        (
            "/procurations/propositions/{id}/accepter",
            post(proxy_answers::accept),
        ),
        (
            "/procurations/propositions/{id}/retirer",
            post(proxy_answers::withdraw),
        ),
        (
            "/procurations/demandes/{id}/retirer",
            post(proxy_answers::withdraw_request),
        ),
        (
            "/procurations/offres/{id}/retirer",
            post(proxy_answers::withdraw_offer),
        ),
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

/// The commune of a postal code, or the one named when the code serves several (a drive's
/// row, a proxy's request or offer).
pub(super) fn commune_of(code: &str, named: &str) -> Result<&'static essaim_geo::Commune, String> {
    let code = PostalCode::parse(code)?;
    let mut communes = essaim_geo::by_postal_code(code.as_str());
    // Paris, Lyon and Marseille come with their arrondissement: people register in the commune.
    if communes.len() > 1 {
        communes.retain(|commune| !commune.name.contains("Arrondissement"));
    }
    if let [only] = communes.as_slice() {
        return Ok(only);
    }
    let wanted = folded_words(named).concat();
    communes
        .iter()
        .find(|commune| folded_words(commune.name).concat() == wanted)
        .copied()
        .ok_or_else(|| {
            format!(
                "Ce code postal sert plusieurs communes : écrivez laquelle ({}).",
                communes
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}
