//! GET /agir/recettes/{id}: a recipe, its steps rendered from Markdown; and "Je l'ai fait"
//! (POST …/fait), counted in the supporter's département for staff's totals.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::agir::recipe::{duration_label, parse_done_count, people_label};
use essaim_domain::agir::Coded;
use essaim_domain::identity::PostalCode;
use essaim_domain::ids::RecipeId;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::recipes::Recipe;
use serde::Deserialize;

use super::{labels, recipe_at};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::markdown;
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InfoQuery {
    info: Info,
}

/// What the page was sent back to say (`?info=…`); any other value says nothing.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
enum Info {
    #[serde(rename = "merci")]
    Done,
    #[serde(rename = "enregistree")]
    Saved,
    #[default]
    #[serde(other)]
    Nothing,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DonePost {
    quantite: String,
}

#[derive(Template)]
#[template(path = "recipe.html")]
struct RecipePage {
    chrome: Chrome,
    id: RecipeId,
    title: String,
    summary: String,
    published: bool,
    duration: String,
    people: String,
    place: &'static str,
    skills: String,
    body_html: String,
    material_html: Option<String>,
    info: Option<&'static str>,
    /// The "Je l'ai fait" count as typed, and what is wrong with it.
    quantity: String,
    quantity_error: Option<String>,
    notice: Option<&'static str>,
}

fn info_message(info: Info) -> Option<&'static str> {
    Some(match info {
        Info::Done => {
            "Merci ! C'est compté. Chaque action comptée montre au mouvement ce qui marche."
        }
        Info::Saved => "La recette est enregistrée.",
        Info::Nothing => return None,
    })
}

/// Drafts are for staff: to anyone else they do not exist.
fn visible_to(recipe: &Recipe, person: Option<&Person>) -> bool {
    recipe.details.published || person.is_some_and(|p| p.is_staff)
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    IdPath(id): IdPath<RecipeId>,
    query: Result<Query<InfoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let recipe = recipe_at(&state, id).await?;
    if !visible_to(&recipe, person.as_ref()) {
        return Err(AppError::NotFound);
    }
    let info = query.ok().and_then(|Query(q)| info_message(q.info));
    let recipe_page = RecipePage {
        info,
        ..recipe_page(recipe, person.as_ref(), &csrf)
    };
    Ok(page(StatusCode::OK, &recipe_page))
}

pub async fn done(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<RecipeId>,
    form: CsrfForm<DonePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let recipe = recipe_at(&state, id).await?;
    if !recipe.details.published {
        return Err(AppError::NotFound);
    }
    let again = |recipe: Recipe, error: Option<String>, notice: Option<&'static str>| {
        let recipe_page = RecipePage {
            quantity: post.quantite.chars().take(20).collect(),
            quantity_error: error,
            notice,
            ..recipe_page(recipe, Some(&person), &csrf)
        };
        Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &recipe_page))
    };
    if token.is_expired() {
        return again(
            recipe,
            None,
            Some("Votre session a expiré : renvoyez le formulaire."),
        );
    }
    let quantity = match parse_done_count(&post.quantite) {
        Ok(quantity) => quantity,
        Err(message) => return again(recipe, Some(message), None),
    };
    let departement = departement_of(&state, &person).await?;
    state
        .store
        .record_recipe_done(recipe.id, person.id, &departement, quantity.into(), now())
        .await?;
    Ok(Redirect::to(&format!("/agir/recettes/{}?info=merci", recipe.id)).into_response())
}

/// Where the action counts: the département of the person's signature, else of their postal
/// code, else "inconnu".
async fn departement_of(state: &AppState, person: &Person) -> Result<String, AppError> {
    if let Some(signature) = state.store.signature_of(person.id).await? {
        return Ok(signature.departement);
    }
    Ok(person
        .postal_code
        .as_deref()
        .and_then(|code| PostalCode::parse(code).ok())
        .map_or_else(|| "inconnu".into(), |code| code.departement()))
}

fn recipe_page(recipe: Recipe, person: Option<&Person>, csrf: &CsrfToken) -> RecipePage {
    let details = recipe.details;
    RecipePage {
        chrome: Chrome::new(person, csrf),
        id: recipe.id,
        published: details.published,
        duration: duration_label(details.duration_minutes),
        people: people_label(details.people_min, details.people_max),
        place: details.place.label(),
        skills: labels(&details.skills),
        body_html: markdown::to_html(&details.body),
        material_html: details.material.as_deref().map(markdown::to_html),
        title: details.title,
        summary: details.summary,
        info: None,
        quantity: "1".into(),
        quantity_error: None,
        notice: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(uri: &str) -> Option<&'static str> {
        let Query(query) = Query::<InfoQuery>::try_from_uri(&uri.parse().unwrap()).unwrap();
        info_message(query.info)
    }

    #[test]
    fn the_info_words_are_read_from_the_address_and_an_unknown_one_says_nothing() {
        assert_eq!(
            info("/agir/recettes/1?info=enregistree"),
            Some("La recette est enregistrée.")
        );
        assert!(info("/agir/recettes/1?info=merci").is_some_and(|m| m.starts_with("Merci !")));
        assert_eq!(info("/agir/recettes/1?info=autre"), None);
        assert_eq!(info("/agir/recettes/1"), None);
    }
}
