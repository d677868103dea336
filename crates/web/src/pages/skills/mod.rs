//! "J'en dis plus": supporters offer their skills (`offer`), staff and group animators find
//! them near an action and write to them through the platform (`search`).

mod offer;
mod search;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use essaim_domain::agir::offer::TimeAvailable;
use essaim_domain::agir::Skill;
use essaim_store::people::Person;

use crate::error::AppError;
use crate::render::message_page;
use crate::routes::RouteTable;
use crate::AppState;

pub fn routes() -> RouteTable {
    vec![
        ("/competences", get(offer::show).post(offer::save)),
        ("/competences/retirer", post(offer::withdraw)),
        ("/competences/contacts/{id}/repondre", post(offer::answer)),
        ("/competences/recherche", get(search::show)),
        ("/competences/{person_id}/contacter", post(search::contact)),
    ]
}

const EXPIRED: &str = "Votre session a expiré : vérifiez le formulaire et renvoyez-le.";

/// (code, label) of every skill, for checkboxes and selects.
fn skill_choices() -> Vec<(&'static str, &'static str)> {
    Skill::ALL.iter().map(|s| (s.code(), s.label())).collect()
}

fn time_label(code: &str) -> &'static str {
    TimeAvailable::parse(code).map_or("", |t| t.label())
}

/// Staff and animators of a group may search the offers; anyone else gets this 403 page.
async fn searcher_or_forbidden(
    state: &AppState,
    person: &Person,
) -> Result<Option<Response>, AppError> {
    if person.is_staff || state.store.may_search_skills(person.id).await? {
        return Ok(None);
    }
    Ok(Some(message_page(
        StatusCode::FORBIDDEN,
        "Accès réservé",
        "La recherche de compétences est réservée à l'équipe du mouvement et aux animatrices et animateurs de groupes d'appui.",
    )))
}
