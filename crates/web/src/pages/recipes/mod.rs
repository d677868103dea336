//! Agir: action recipes matched to what a supporter can and likes to do, the recipe pages with
//! "Je l'ai fait", and the back-office where staff write recipes and read the totals.

mod admin;
mod agir;
mod show;

use axum::routing::{get, post};
use essaim_domain::agir::Coded;
use essaim_domain::ids::RecipeId;
use essaim_store::recipes::Recipe;

use crate::error::AppError;
use crate::routes::RouteTable;
use crate::AppState;

pub fn routes() -> RouteTable {
    vec![
        ("/agir", get(agir::show)),
        ("/agir/profil", post(agir::save_profile)),
        ("/agir/recettes/{id}", get(show::show)),
        ("/agir/recettes/{id}/fait", post(show::done)),
        ("/admin/recettes", get(admin::list)),
        (
            "/admin/recettes/nouvelle",
            get(admin::new_form).post(admin::create),
        ),
        (
            "/admin/recettes/{id}/modifier",
            get(admin::edit_form).post(admin::update),
        ),
    ]
}

/// The recipe of a URL like `/agir/recettes/{id}`: an unknown id is a 404, never a 500 (a
/// malformed one is already, by `IdPath`).
async fn recipe_at(state: &AppState, id: RecipeId) -> Result<Recipe, AppError> {
    state.store.find_recipe(id).await?.ok_or(AppError::NotFound)
}

/// A checkbox or radio button of a closed list, as a template shows it.
struct Choice {
    code: &'static str,
    label: &'static str,
    checked: bool,
}

/// Every value of the list `T`, checked when its code is among `selected`.
fn choices<T: Coded>(selected: &[String]) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|value| Choice {
            code: value.code(),
            label: value.label(),
            checked: selected.iter().any(|s| s == value.code()),
        })
        .collect()
}

/// The labels of `values`, joined for reading: "vidéo, photo".
fn labels<T: Coded>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.label())
        .collect::<Vec<_>>()
        .join(", ")
}
