//! GET /agir: the recipes that suit the visitor, best first, each with why. What suits them
//! comes from a short questionnaire: answered in the query string by anyone, or saved once by
//! logged-in supporters (POST /agir/profil) and used at every visit.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::agir::matching::recommend;
use essaim_domain::agir::profile::{
    ActionProfile, Availability, Interest, AVAILABILITY_FIELD, INTEREST_FIELD, SKILL_FIELD,
};
use essaim_domain::agir::{Coded, Skill};
use essaim_domain::ids::RecipeId;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;

use super::{choices, Choice};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::posted_form::Pairs;
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

/// Sent by the anonymous questionnaire, so that a form sent with no box checked is told apart
/// from a first visit.
const SUBMITTED_FIELD: &str = "questionnaire";

/// The questionnaire's boxes as checked (or as they were sent back).
#[derive(Default)]
struct Answers {
    availability: Vec<String>,
    interests: Vec<String>,
    skills: Vec<String>,
}

impl Answers {
    fn from_pairs(pairs: &Pairs) -> Self {
        Self {
            availability: pairs.all(AVAILABILITY_FIELD),
            interests: pairs.all(INTEREST_FIELD),
            skills: pairs.all(SKILL_FIELD),
        }
    }

    fn of(profile: &ActionProfile) -> Self {
        fn codes<T: Coded>(values: &[T]) -> Vec<String> {
            values.iter().map(|v| v.code().to_string()).collect()
        }
        Self {
            availability: codes(&profile.availability),
            interests: codes(&profile.interests),
            skills: codes(&profile.skills),
        }
    }

    fn profile(&self) -> Result<ActionProfile, FieldErrors> {
        ActionProfile::parse(&self.availability, &self.interests, &self.skills)
    }
}

/// Where the list comes from, which decides what the page says about the answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// No answers yet: the questionnaire alone.
    Nothing,
    /// The questionnaire just sent in the query string.
    Query,
    /// The profile the supporter saved.
    Saved,
}

/// A recommended recipe as the list shows it.
struct Row {
    id: RecipeId,
    title: String,
    summary: String,
    /// "5 minutes, en ligne, correspond à « écrire »".
    reasons: String,
    fits: bool,
}

#[derive(Template)]
#[template(path = "agir.html")]
struct AgirPage {
    chrome: Chrome,
    source: Source,
    rows: Vec<Row>,
    availability: Vec<Choice>,
    interests: Vec<Choice>,
    skills: Vec<Choice>,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

impl AgirPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn has_list(&self) -> bool {
        self.source != Source::Nothing
    }

    fn saved(&self) -> bool {
        self.source == Source::Saved
    }
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let pairs = Pairs(query.map(|Query(pairs)| pairs).unwrap_or_default());
    let view = View {
        state: &state,
        person: person.as_ref(),
        csrf: &csrf,
    };
    if pairs.has(SUBMITTED_FIELD) || pairs.has(AVAILABILITY_FIELD) {
        let answers = Answers::from_pairs(&pairs);
        return match answers.profile() {
            Ok(profile) => view.list(Source::Query, &profile, answers).await,
            Err(errors) => Ok(view.questionnaire(answers, errors, None)),
        };
    }
    let saved = match &person {
        Some(person) => state.store.action_profile(person.id).await?,
        None => None,
    };
    match saved {
        Some(profile) => {
            view.list(Source::Saved, &profile, Answers::of(&profile))
                .await
        }
        None => Ok(page(
            StatusCode::OK,
            &view.page(Source::Nothing, Vec::new(), Answers::default()),
        )),
    }
}

pub async fn save_profile(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (pairs, token) = form.open();
    let answers = Answers::from_pairs(&pairs);
    let view = View {
        state: &state,
        person: Some(&person),
        csrf: &csrf,
    };
    if token.is_expired() {
        return Ok(view.questionnaire(
            answers,
            FieldErrors::default(),
            Some("Votre session a expiré : vérifiez vos réponses et renvoyez-les."),
        ));
    }
    match answers.profile() {
        Ok(profile) => {
            state
                .store
                .save_action_profile(person.id, &profile, now())
                .await?;
            Ok(Redirect::to("/agir").into_response())
        }
        Err(errors) => Ok(view.questionnaire(answers, errors, None)),
    }
}

/// What every rendering of the page needs.
struct View<'a> {
    state: &'a AppState,
    person: Option<&'a Person>,
    csrf: &'a CsrfToken,
}

impl View<'_> {
    fn page(&self, source: Source, rows: Vec<Row>, answers: Answers) -> AgirPage {
        AgirPage {
            chrome: Chrome::new(self.person, self.csrf),
            source,
            rows,
            availability: choices::<Availability>(&answers.availability),
            interests: choices::<Interest>(&answers.interests),
            skills: choices::<Skill>(&answers.skills),
            errors: FieldErrors::default(),
            notice: None,
        }
    }

    /// The questionnaire sent back, boxes as they were checked, with what is wrong.
    fn questionnaire(
        &self,
        answers: Answers,
        errors: FieldErrors,
        notice: Option<&'static str>,
    ) -> Response {
        let page_data = AgirPage {
            errors,
            notice,
            ..self.page(Source::Nothing, Vec::new(), answers)
        };
        page(StatusCode::UNPROCESSABLE_ENTITY, &page_data)
    }

    async fn list(
        &self,
        source: Source,
        profile: &ActionProfile,
        answers: Answers,
    ) -> Result<Response, AppError> {
        let recipes = self.state.store.published_recipes().await?;
        let rows = recommend(profile, recipes.iter().map(|r| (r.id, &r.details)))
            .into_iter()
            .filter_map(|recommendation| {
                let recipe = recipes.iter().find(|r| r.id == recommendation.recipe_id)?;
                Some(Row {
                    id: recipe.id,
                    title: recipe.details.title.clone(),
                    summary: recipe.details.summary.clone(),
                    reasons: recommendation.reasons.join(", "),
                    fits: recommendation.fits,
                })
            })
            .collect();
        Ok(page(StatusCode::OK, &self.page(source, rows, answers)))
    }
}
