//! GET /materiel/images/{id}: a catalogue picture, from our origin (no third party sees who
//! browses the catalogue). Stored re-encoded; a new upload gets a new id, so the answer never
//! changes and is cached for a year.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use essaim_domain::ids::PictureId;

use crate::error::AppError;
use crate::id_path::IdPath;
use crate::AppState;

pub async fn serve(
    State(state): State<AppState>,
    IdPath(id): IdPath<PictureId>,
) -> Result<Response, AppError> {
    let Some((content_type, bytes)) = state.store.picture(id).await? else {
        return Err(AppError::NotFound);
    };
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (
                CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
