//! POST /signer: the signature. A new signer and a repeat get the same page; over-limit and
//! honeypot submissions get it too, and are silently recorded as fraud.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::identity::PostalCode;
use essaim_domain::signature::FraudReason;
use essaim_store::signatures::Submission;

use super::home;
use super::signature_form::{FormView, SignaturePost};
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Template)]
#[template(path = "thanks.html")]
struct ThanksPage {
    chrome: Chrome,
}

pub async fn submit(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    form: CsrfForm<SignaturePost>,
) -> Result<Response, AppError> {
    let person = person.as_ref();
    let (post, token) = form.open();
    if token.is_expired() {
        let mut view = FormView::with(post.to_form());
        view.notice = Some(
            "Votre session a expiré. Vérifiez vos informations et renvoyez le formulaire.".into(),
        );
        return Ok(home::render(
            &state,
            person,
            &csrf,
            view,
            StatusCode::FORBIDDEN,
        ));
    }
    let thanks = || {
        page(
            StatusCode::OK,
            &ThanksPage {
                chrome: Chrome::new(person, &csrf),
            },
        )
    };

    if !post.site_web.trim().is_empty() {
        state
            .writer
            .submit(fraud(FraudReason::Honeypot, &post))
            .await?;
        return Ok(thanks());
    }
    let signature = match post.to_form().parse() {
        Ok(signature) => signature,
        Err(errors) => {
            let view = FormView {
                errors,
                ..FormView::with(post.to_form())
            };
            return Ok(home::render(
                &state,
                person,
                &csrf,
                view,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let submission = if state.limits.allow_signature(ip) {
        Submission::Genuine(signature)
    } else {
        fraud(FraudReason::RateLimited, &post)
    };
    match state.writer.submit(submission).await {
        Ok(()) => Ok(thanks()),
        Err(error) => {
            tracing::error!(%error, "could not record a signature");
            let mut view = FormView::with(post.to_form());
            view.notice = Some(
                "Un problème technique a empêché d'enregistrer votre signature. Rien n'est perdu : renvoyez le formulaire dans un instant."
                    .into(),
            );
            Ok(home::render(
                &state,
                person,
                &csrf,
                view,
                StatusCode::SERVICE_UNAVAILABLE,
            ))
        }
    }
}

fn fraud(reason: FraudReason, post: &SignaturePost) -> Submission {
    let departement = PostalCode::parse(&post.postal_code)
        .map(|code| code.departement())
        .unwrap_or_else(|_| "inconnu".into());
    Submission::Fraud {
        reason,
        departement,
    }
}
