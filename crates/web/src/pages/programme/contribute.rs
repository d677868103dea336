//! GET|POST /programme/axe/{n}/contribuer: a confirmed supporter proposes a contribution. The
//! form is checked first (`etape=verifier`); if contributions like it exist they are shown,
//! with the draft kept in the page, so that the person may support one of them instead, change
//! their text (`etape=modifier`) or publish anyway (`etape=publier`).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::identity::{short_name, PostalCode};
use essaim_domain::programme::contribution::{
    author_label, parse_contribution, ContributionDraft, BODY_MAX, PER_DAY, TITLE_MAX,
};
use essaim_domain::programme::search::SearchQuery;
use essaim_domain::programme::AxisNumber;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::programme::{AxisSummary, PublishOutcome};
use serde::Deserialize;

use super::{contribution_path, CardView, EXPIRED};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

/// The consent asked at a person's first contribution, recorded with it word for word.
pub const CONSENT_TEXT: &str = "J'accepte que mes contributions et commentaires au programme soient publiés sur ce site sous le nom que je choisis (mon prénom et l'initiale de mon nom, ou sans nom pour une contribution). Je sais qu'ils expriment mes opinions politiques, des données sensibles au sens du RGPD (article 9), que je rends ainsi publiques. Ils restent publiés tant que je ne supprime pas mon compte ; je les retrouve dans la copie de mes données, et en supprimant mon compte je choisis de les garder sans mon nom ou de les supprimer.";

const CONSENT_MISSING: &str = "Pour publier votre première contribution, cochez cette case : sans votre accord, nous ne pouvons pas publier vos opinions.";

/// Contributions like the draft shown before it is published.
const SIMILAR_SHOWN: i64 = 5;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContributionPost {
    title: String,
    body: String,
    departement: String,
    show_name: String,
    consent: String,
    /// "verifier" (the form), "publier" (publish anyway), "modifier" (back to the form).
    etape: String,
}

/// The form as shown: what was typed (or the defaults of a first visit).
pub struct DraftForm {
    pub title: String,
    pub body: String,
    pub departement: String,
    pub show_name: bool,
    pub consent: bool,
}

impl DraftForm {
    /// A first visit: the département of the person's postal code, their name shown.
    fn first(person: &Person) -> Self {
        Self {
            title: String::new(),
            body: String::new(),
            departement: person
                .postal_code
                .as_deref()
                .and_then(|code| PostalCode::parse(code).ok())
                .map(|code| code.departement())
                .unwrap_or_default(),
            show_name: true,
            consent: false,
        }
    }

    /// What was posted, bounded (a text far over the limit is refused, and kept up to twice it).
    fn posted(post: &ContributionPost) -> Self {
        Self {
            title: post.title.chars().take(TITLE_MAX * 2).collect(),
            body: post.body.chars().take(BODY_MAX * 2).collect(),
            departement: post.departement.chars().take(10).collect(),
            show_name: !post.show_name.is_empty(),
            consent: !post.consent.is_empty(),
        }
    }
}

/// Why a logged-in person may not contribute yet.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SignatureRefusal {
    NotSigned,
    NotConfirmed,
}

#[derive(Template)]
#[template(path = "programme_contribute.html")]
struct ContributePage {
    chrome: Chrome,
    axis: AxisSummary,
    refusal: Option<SignatureRefusal>,
    form: DraftForm,
    errors: FieldErrors,
    notice: Option<String>,
    /// Their first contribution: the consent box is asked.
    ask_consent: bool,
    consent_text: &'static str,
    /// "Louise M.", as the name box says.
    short_name: String,
}

#[derive(Template)]
#[template(path = "programme_similar.html")]
struct SimilarPage {
    chrome: Chrome,
    axis: AxisSummary,
    form: DraftForm,
    similar: Vec<CardView>,
    /// How the draft will be signed.
    shown_as: String,
}

/// Contributing takes a confirmed signature, as every supporter's action does.
async fn signature_refusal(
    state: &AppState,
    person: &Person,
) -> Result<Option<SignatureRefusal>, AppError> {
    Ok(match state.store.signature_of(person.id).await? {
        None => Some(SignatureRefusal::NotSigned),
        Some(signature) if signature.status != "confirmed" => Some(SignatureRefusal::NotConfirmed),
        Some(_) => None,
    })
}

/// What a form page needs to know of the person and the axis.
struct Context<'a> {
    state: &'a AppState,
    person: &'a Person,
    csrf: &'a CsrfToken,
    axis: AxisSummary,
    ask_consent: bool,
}

impl Context<'_> {
    fn form_page(
        self,
        status: StatusCode,
        form: DraftForm,
        errors: FieldErrors,
        notice: Option<String>,
    ) -> Response {
        page(
            status,
            &ContributePage {
                chrome: Chrome::new(Some(self.person), self.csrf),
                axis: self.axis,
                refusal: None,
                form,
                errors,
                notice,
                ask_consent: self.ask_consent,
                consent_text: CONSENT_TEXT,
                short_name: short_name(&self.person.first_name, &self.person.last_name),
            },
        )
    }

    fn refused(self, refusal: SignatureRefusal) -> Response {
        let view = ContributePage {
            chrome: Chrome::new(Some(self.person), self.csrf),
            axis: self.axis,
            refusal: Some(refusal),
            form: DraftForm::first(self.person),
            errors: FieldErrors::default(),
            notice: None,
            ask_consent: false,
            consent_text: CONSENT_TEXT,
            short_name: String::new(),
        };
        page(StatusCode::FORBIDDEN, &view)
    }
}

async fn context<'a>(
    state: &'a AppState,
    person: &'a Person,
    csrf: &'a CsrfToken,
    axis: AxisNumber,
) -> Result<(Context<'a>, Option<SignatureRefusal>), AppError> {
    let summary = state.store.programme_axis(axis).await?;
    let refusal = signature_refusal(state, person).await?;
    let ask_consent = !state.store.has_programme_consent(person.id).await?;
    Ok((
        Context {
            state,
            person,
            csrf,
            axis: summary,
            ask_consent,
        },
        refusal,
    ))
}

pub async fn form(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(axis): IdPath<AxisNumber>,
) -> Result<Response, AppError> {
    let (context, refusal) = context(&state, &person, &csrf, axis).await?;
    if let Some(refusal) = refusal {
        return Ok(context.refused(refusal));
    }
    let form = DraftForm::first(&person);
    Ok(context.form_page(StatusCode::OK, form, FieldErrors::default(), None))
}

pub async fn submit(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(axis): IdPath<AxisNumber>,
    form: CsrfForm<ContributionPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let (context, refusal) = context(&state, &person, &csrf, axis).await?;
    if let Some(refusal) = refusal {
        return Ok(context.refused(refusal));
    }
    let values = DraftForm::posted(&post);
    let refuse = StatusCode::UNPROCESSABLE_ENTITY;
    if token.is_expired() {
        return Ok(context.form_page(refuse, values, FieldErrors::default(), Some(EXPIRED.into())));
    }
    if post.etape == "modifier" {
        return Ok(context.form_page(StatusCode::OK, values, FieldErrors::default(), None));
    }
    let (draft, mut errors) = match parse_contribution(&post.title, &post.body, &post.departement) {
        Ok(draft) => (Some(draft), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    if context.ask_consent && !values.consent {
        errors.add("consent", CONSENT_MISSING);
    }
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        return Ok(context.form_page(refuse, values, errors, None));
    };
    if post.etape != "publier" {
        if let Some(similar) = similar_to(&state, &draft).await? {
            let shown_as = author_label(&person.first_name, &person.last_name, values.show_name)
                .unwrap_or_else(|| "Anonyme".into());
            let view = SimilarPage {
                chrome: Chrome::new(Some(&person), &csrf),
                axis: context.axis,
                form: values,
                similar,
                shown_as,
            };
            return Ok(page(StatusCode::OK, &view));
        }
    }
    publish(context, values, &draft).await
}

/// The listed contributions like the draft, with the draft's words marked; None when there
/// are none.
async fn similar_to(
    state: &AppState,
    draft: &ContributionDraft,
) -> Result<Option<Vec<CardView>>, AppError> {
    let Some(query) = SearchQuery::similar_to(&draft.title, &draft.body) else {
        return Ok(None);
    };
    let similar = state
        .store
        .similar_contributions(&query, SIMILAR_SHOWN)
        .await?;
    Ok((!similar.is_empty()).then(|| {
        similar
            .iter()
            .map(|card| CardView::new(card, Some(&query)))
            .collect()
    }))
}

async fn publish(
    context: Context<'_>,
    values: DraftForm,
    draft: &ContributionDraft,
) -> Result<Response, AppError> {
    let person = context.person;
    let label = author_label(&person.first_name, &person.last_name, values.show_name);
    let consent = (context.ask_consent && values.consent).then_some(CONSENT_TEXT);
    let outcome = context
        .state
        .store
        .publish_contribution(
            person.id,
            label.as_deref(),
            context.axis.number,
            draft,
            consent,
            now(),
        )
        .await?;
    let refuse = StatusCode::UNPROCESSABLE_ENTITY;
    let mut errors = FieldErrors::default();
    let notice = match outcome {
        PublishOutcome::Published(id) => {
            let to = format!("{}?fait=publiee", contribution_path(id));
            return Ok(Redirect::to(&to).into_response());
        }
        PublishOutcome::TooMany => format!(
            "{PER_DAY} contributions par jour au plus : vous avez atteint cette limite. Votre texte est gardé ci-dessous ; vous pourrez le publier demain."
        ),
        PublishOutcome::Blocked => "La modération vous a retiré la possibilité de contribuer au programme : votre contribution n'est pas publiée.".into(),
        PublishOutcome::ConsentMissing => {
            errors.add("consent", CONSENT_MISSING);
            return Ok(Context {
                ask_consent: true,
                ..context
            }
            .form_page(refuse, values, errors, None));
        }
    };
    Ok(context.form_page(refuse, values, errors, Some(notice)))
}
