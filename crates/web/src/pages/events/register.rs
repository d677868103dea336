//! Registering to an event (logged in, or by name, email and postal code, which signs the
//! person up with the usual double opt-in) and cancelling.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::EventId;
use essaim_store::events::RegistrationOutcome;
use essaim_store::now;

use super::show::{render, visible_event, Info, Retyped};
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::visitor_signup::{sign_up_visitor, VisitorPost, VisitorSignup};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

const EXPIRED: &str = "Votre session a expiré : renvoyez le formulaire.";

fn back(id: EventId, outcome: RegistrationOutcome) -> Response {
    match outcome {
        RegistrationOutcome::Confirmed => Info::Registered,
        RegistrationOutcome::Waiting => Info::Waiting,
        RegistrationOutcome::AlreadyConfirmed | RegistrationOutcome::AlreadyWaiting => {
            Info::AlreadyRegistered
        }
        RegistrationOutcome::Closed => Info::Closed,
    }
    .back_to(id)
}

pub async fn register(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<VisitorPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let (event, _) = visible_event(&state, id, person.as_ref()).await?;
    let retyped = Retyped {
        register: post.typed(),
        ..Default::default()
    };
    if token.is_expired() {
        let retyped = Retyped {
            notice: Some(EXPIRED),
            ..retyped
        };
        return render(
            &state,
            id,
            person.as_ref(),
            &csrf,
            None,
            retyped,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    if let Some(person) = person {
        let outcome = state
            .store
            .register_to_event(event.id, person.id, now())
            .await?;
        return Ok(back(event.id, outcome));
    }
    match sign_up_visitor(&state, ip, &post).await? {
        VisitorSignup::Invalid(errors) => {
            let retyped = Retyped {
                register_errors: errors,
                ..retyped
            };
            render(
                &state,
                id,
                None,
                &csrf,
                None,
                retyped,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        // Bots and floods get the normal answer and are never registered.
        VisitorSignup::Ignored => Ok(back(event.id, RegistrationOutcome::Confirmed)),
        VisitorSignup::Person(person) => {
            let outcome = state
                .store
                .register_to_event(event.id, person.id, now())
                .await?;
            Ok(back(event.id, outcome))
        }
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let (event, _) = visible_event(&state, id, Some(&person)).await?;
    form.fresh_or(AppError::BadRequest(EXPIRED))?;
    state
        .store
        .cancel_registration(event.id, person.id, now())
        .await?;
    Ok(Info::Unregistered.back_to(event.id))
}
