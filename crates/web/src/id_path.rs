//! The id in a page's address (`/groupes/42`), parsed into its typed id at the edge: an
//! address whose id is not a positive number is the same French 404 as an id that does not
//! exist, never a query and never axum's plain-text rejection.

use std::str::FromStr;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::error::AppError;

/// `IdPath(id): IdPath<GroupId>` in a handler of a route with one `{id}` segment.
pub struct IdPath<T>(pub T);

impl<T: FromStr + Send, S: Send + Sync> FromRequestParts<S> for IdPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        raw.parse().map(Self).map_err(|_| AppError::NotFound)
    }
}
