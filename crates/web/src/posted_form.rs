//! A form extractor whose rejection (a body that is not a form, a duplicated field) is a French
//! 400 page instead of axum's plain-text answer. State-changing handlers take `CsrfForm`
//! (csrf_form.rs), which reads the form the same way and checks its token; `PostedForm` is left
//! for the one form that cannot carry a token (the emailed confirmation link's button, guarded
//! by the origin of the request instead: see pages/confirm.rs).

use axum::extract::{FromRequest, Request};
use axum::Form;
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub struct PostedForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PostedForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(value)) => Ok(Self(value)),
            Err(_) => Err(unreadable_form()),
        }
    }
}

pub(crate) fn unreadable_form() -> AppError {
    AppError::BadRequest(
        "Le formulaire n'a pas pu être lu. Revenez à la page précédente et réessayez.",
    )
}

/// A form or query string as name–value pairs: checkbox lists repeat their name, which
/// axum's `Form` and `Query` cannot gather into a `Vec` field, but can read as pairs.
pub(crate) struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// The last value given for `name`, or "".
    pub fn one(&self, name: &str) -> String {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
}
