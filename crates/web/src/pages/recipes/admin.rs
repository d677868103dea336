//! Back-office of recipes (staff only): the list with how often each was done, the totals per
//! recipe and département, and the form that writes or edits a recipe.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::agir::profile::Interest;
use essaim_domain::agir::recipe::{Place, RecipeForm, MAX_DURATION_MINUTES, MAX_PEOPLE};
use essaim_domain::agir::Skill;
use essaim_domain::ids::RecipeId;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::recipes::{DepartementTotal, RecipeTotal};

use super::{choices, recipe_at, Choice};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::posted_form::Pairs;
use crate::render::{format_count, page, Chrome};
use crate::session::Staff;
use crate::AppState;

#[derive(Template)]
#[template(path = "admin_recipes.html")]
struct ListPage {
    chrome: Chrome,
    totals: Vec<RecipeTotal>,
    by_departement: Vec<DepartementTotal>,
}

impl ListPage {
    fn count(&self, n: &i64) -> String {
        format_count(*n)
    }
}

pub async fn list(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    Ok(page(
        StatusCode::OK,
        &ListPage {
            chrome: Chrome::new(Some(&person), &csrf),
            totals: state.store.recipe_totals().await?,
            by_departement: state.store.recipe_totals_by_departement().await?,
        },
    ))
}

#[derive(Template)]
#[template(path = "admin_recipe_form.html")]
struct FormPage {
    chrome: Chrome,
    /// None when writing a new recipe.
    recipe_id: Option<RecipeId>,
    values: RecipeForm,
    places: Vec<Choice>,
    interests: Vec<Choice>,
    skills: Vec<Choice>,
    errors: FieldErrors,
    notice: Option<&'static str>,
    max_duration: u32,
    max_people: u32,
}

impl FormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn form_page(
    person: &Person,
    csrf: &CsrfToken,
    recipe_id: Option<RecipeId>,
    values: RecipeForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> FormPage {
    FormPage {
        chrome: Chrome::new(Some(person), csrf),
        recipe_id,
        places: choices::<Place>(std::slice::from_ref(&values.place)),
        interests: choices::<Interest>(&values.interests),
        skills: choices::<Skill>(&values.skills),
        values,
        errors,
        notice,
        max_duration: MAX_DURATION_MINUTES,
        max_people: MAX_PEOPLE,
    }
}

/// The form as posted: checkbox lists repeat their name.
fn form_of(pairs: &Pairs) -> RecipeForm {
    RecipeForm {
        title: pairs.one("title"),
        summary: pairs.one("summary"),
        body: pairs.one("body"),
        material: pairs.one("material"),
        duration_minutes: pairs.one("duration_minutes"),
        people_min: pairs.one("people_min"),
        people_max: pairs.one("people_max"),
        place: pairs.one("place"),
        interests: pairs.all("interests"),
        skills: pairs.all("skills"),
        published: pairs.one("published") == "1",
    }
}

pub async fn new_form(Staff(person): Staff, csrf: CsrfToken) -> Response {
    let values = RecipeForm {
        people_min: "1".into(),
        people_max: "1".into(),
        published: true,
        ..Default::default()
    };
    page(
        StatusCode::OK,
        &form_page(&person, &csrf, None, values, FieldErrors::default(), None),
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<RecipeId>,
) -> Result<Response, AppError> {
    let recipe = recipe_at(&state, id).await?;
    Ok(page(
        StatusCode::OK,
        &form_page(
            &person,
            &csrf,
            Some(recipe.id),
            recipe.details.to_form(),
            FieldErrors::default(),
            None,
        ),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    posted: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    save(&state, &person, &csrf, None, posted).await
}

pub async fn update(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<RecipeId>,
    posted: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let recipe = recipe_at(&state, id).await?;
    save(&state, &person, &csrf, Some(recipe.id), posted).await
}

async fn save(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    recipe_id: Option<RecipeId>,
    posted: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (pairs, token) = posted.open();
    let form = form_of(&pairs);
    let again = |form: RecipeForm, errors: FieldErrors, notice: Option<&'static str>| {
        page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(person, csrf, recipe_id, form, errors, notice),
        )
    };
    if token.is_expired() {
        return Ok(again(
            form,
            FieldErrors::default(),
            Some("Votre session a expiré : vérifiez le formulaire et renvoyez-le."),
        ));
    }
    let details = match form.parse() {
        Ok(details) => details,
        Err(errors) => return Ok(again(form, errors, None)),
    };
    let id = match recipe_id {
        Some(id) => {
            if !state.store.update_recipe(id, &details, now()).await? {
                return Err(AppError::NotFound);
            }
            id
        }
        None => state.store.create_recipe(&details, now()).await?,
    };
    Ok(Redirect::to(&format!("/agir/recettes/{id}?info=enregistree")).into_response())
}
