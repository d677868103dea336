//! The HTTP layer's error type: every failure becomes a French page with the right status,
//! never a stack trace.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_store::StoreError;

use crate::render::message_page;

#[derive(Debug)]
pub enum AppError {
    Store(StoreError),
    NotFound,
    Forbidden,
    /// A page of the programme's coordination (syntheses) asked for by other staff.
    CoordinationOnly,
    /// A back-office page asked for by a staff member without the role it needs.
    RoleMissing(essaim_domain::staff::StaffRole),
    /// A group action by someone who is not an animator (or not a member) of the group.
    GroupForbidden,
    /// An event action by someone who is neither its host nor staff.
    EventForbidden,
    LoginRequired,
    BadRequest(&'static str),
    /// A request body over the limit (see request_body.rs).
    TooLarge,
    /// A request body that stalled, or did not arrive in time.
    TooSlow,
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            Self::Store(error) => {
                tracing::error!(%error, "storage failure");
                message_page(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Service momentanément indisponible",
                    "Un problème technique nous empêche de répondre. Réessayez dans quelques instants.",
                )
            }
            Self::NotFound => message_page(
                StatusCode::NOT_FOUND,
                "Page introuvable",
                "Cette page n'existe pas ou plus. Vérifiez l'adresse, ou repartez de l'accueil.",
            ),
            Self::Forbidden => message_page(
                StatusCode::FORBIDDEN,
                "Accès réservé",
                "Cette page est réservée à l'équipe du mouvement.",
            ),
            Self::CoordinationOnly => message_page(
                StatusCode::FORBIDDEN,
                "Accès réservé",
                "Cette page est réservée à l'équipe de coordination du programme.",
            ),
            Self::RoleMissing(role) => message_page(
                StatusCode::FORBIDDEN,
                "Accès réservé",
                &format!(
                    "Cette page demande le rôle « {} » dans l'équipe. Demandez-le à une personne qui administre le site.",
                    role.label()
                ),
            ),
            Self::GroupForbidden => message_page(
                StatusCode::FORBIDDEN,
                "Accès réservé",
                "Cette action est réservée aux membres ou à l'équipe d'animation du groupe.",
            ),
            Self::EventForbidden => message_page(
                StatusCode::FORBIDDEN,
                "Accès réservé",
                "Cette action est réservée à l'organisateur de l'événement et à l'équipe du mouvement.",
            ),
            Self::LoginRequired => Redirect::to("/connexion").into_response(),
            Self::BadRequest(message) => {
                message_page(StatusCode::BAD_REQUEST, "Requête incorrecte", message)
            }
            Self::TooLarge => message_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Envoi trop volumineux",
                "Ce que vous avez envoyé dépasse 2 Mo, la limite de ce site. Pour un fichier, découpez-le en plusieurs parties.",
            ),
            Self::TooSlow => message_page(
                StatusCode::REQUEST_TIMEOUT,
                "Envoi interrompu",
                "Votre envoi n'est pas arrivé en entier à temps. Vérifiez votre connexion, puis réessayez.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever went wrong in storage, including the signature writer's own failures, the
    /// visitor gets the same polite 503 page.
    #[test]
    fn every_storage_failure_is_a_503() {
        for error in [
            StoreError::WriterGone,
            StoreError::SignatureNotWritten(Box::new(StoreError::NoReferralCode)),
            StoreError::NoReferralCode,
        ] {
            let response = AppError::from(error).into_response();
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        }
    }
}
