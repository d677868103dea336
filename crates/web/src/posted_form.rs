//! A form extractor whose rejection (a body that is not a form, a duplicated field) is a French
//! 400 page instead of axum's plain-text answer.

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
            Err(_) => Err(AppError::BadRequest(
                "Le formulaire n'a pas pu être lu. Revenez à la page précédente et réessayez.",
            )),
        }
    }
}
