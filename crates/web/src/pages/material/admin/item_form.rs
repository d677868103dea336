//! GET/POST /admin/materiel/nouveau and /admin/materiel/{id}: an item of the catalogue, its
//! picture uploaded with it (multipart; decoded and encoded anew by `picture::reencode`, never
//! stored as sent). POST /admin/materiel/{id}/retirer: out of the catalogue, kept for the
//! orders that name it. A form with errors comes back with what was typed, except the file:
//! no browser lets a page choose a file again, so the page says to.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::Cents;
use essaim_domain::ids::{ItemId, PictureId};
use essaim_domain::material::{ItemDraft, ItemForm};
use essaim_domain::FieldErrors;
use essaim_store::material::{Item, NewPicture};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::paris_time;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, Freshness, Upload};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::picture::{reencode, Picture, PictureError};
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str =
    "La page avait expiré : vérifiez les champs, choisissez à nouveau la photo s'il y en avait \
     une, et enregistrez.";
const UNREADABLE: &str =
    "L'envoi n'a pas pu être lu en entier : remplissez à nouveau le formulaire et réessayez.";

/// The item being changed, as the page shows it above the form.
pub struct Existing {
    pub id: ItemId,
    pub picture: Option<PictureId>,
    /// "retiré le …", when it is.
    pub retired: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_material_item.html")]
struct ItemPage {
    chrome: Chrome,
    /// `None`: a new item.
    existing: Option<Existing>,
    values: ItemForm,
    is_kit: bool,
    errors: FieldErrors,
    notice: Option<String>,
    /// A valid picture was sent with a form that comes back: it must be chosen again.
    photo_again: bool,
}

impl ItemPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn action(&self) -> String {
        match &self.existing {
            Some(item) => format!("/admin/materiel/{}", item.id),
            None => "/admin/materiel/nouveau".into(),
        }
    }

    /// A retired item's page only says so.
    fn editable(&self) -> bool {
        self.existing
            .as_ref()
            .is_none_or(|item| item.retired.is_none())
    }

    fn photo_hint(&self) -> &'static str {
        if self.photo_again {
            "(la photo choisie n'a pas pu être gardée avec le formulaire : choisissez-la à nouveau)"
        } else if self
            .existing
            .as_ref()
            .is_some_and(|item| item.picture.is_some())
        {
            "(facultatif : JPEG, PNG ou WebP, 2 Mo au plus ; sans nouveau fichier, la photo actuelle reste)"
        } else {
            "(facultatif : JPEG, PNG ou WebP, 2 Mo au plus)"
        }
    }
}

/// `2,50` for a price of 250 cents, `3` for 300, empty when free.
fn euros_typed(cents: i64) -> String {
    match cents {
        0 => String::new(),
        c if c % 100 == 0 => (c / 100).to_string(),
        c => Cents::new(c).decimal().replace('.', ","),
    }
}

fn values_of(item: &Item) -> ItemForm {
    ItemForm {
        name: item.name.clone(),
        description: item.description.clone(),
        unit: item.unit.clone(),
        theme: item.theme.clone(),
        per_order_max: item.per_order_max.to_string(),
        stock: item.stock.map(|n| n.to_string()).unwrap_or_default(),
        alert_below: item.alert_below.map(|n| n.to_string()).unwrap_or_default(),
        price: euros_typed(item.price_cents),
        visible: item.visible,
    }
}

fn existing(item: &Item) -> Existing {
    Existing {
        id: item.id,
        picture: item.picture_id,
        retired: item
            .retired_at
            .map(|at| format!("retiré du catalogue le {}", paris_time(at))),
    }
}

fn form_page(person: &Person, csrf: &CsrfToken, existing: Option<Existing>) -> ItemPage {
    ItemPage {
        chrome: Chrome::new(Some(person), csrf),
        existing,
        values: ItemForm::default(),
        is_kit: false,
        errors: FieldErrors::default(),
        notice: None,
        photo_again: false,
    }
}

/// The page of an existing item, its stored values in the form.
fn edit_page(person: &Person, csrf: &CsrfToken, item: &Item) -> ItemPage {
    let mut view = form_page(person, csrf, Some(existing(item)));
    view.values = values_of(item);
    view.is_kit = item.is_kit;
    view
}

fn unprocessable(view: &ItemPage) -> Response {
    page(StatusCode::UNPROCESSABLE_ENTITY, view)
}

/// The multipart form, each field as typed, the picture's bytes (empty: none chosen).
struct Submitted {
    values: ItemForm,
    is_kit: bool,
    photo: Bytes,
}

fn submitted(parts: Vec<(String, Bytes)>) -> Submitted {
    let mut form = Submitted {
        values: ItemForm::default(),
        is_kit: false,
        photo: Bytes::new(),
    };
    for (name, bytes) in parts {
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        let values = &mut form.values;
        match name.as_str() {
            "name" => values.name = text(),
            "description" => values.description = text(),
            "unit" => values.unit = text(),
            "theme" => values.theme = text(),
            "per_order_max" => values.per_order_max = text(),
            "stock" => values.stock = text(),
            "alert_below" => values.alert_below = text(),
            "price" => values.price = text(),
            "visible" => values.visible = !bytes.is_empty(),
            "is_kit" => form.is_kit = !bytes.is_empty(),
            "photo" => form.photo = bytes,
            _ => {}
        }
    }
    form
}

/// The picture encoded anew on a blocking thread: decoding and scaling a large photo takes a
/// good part of a second, which would hold up every request sharing the async worker.
async fn encoded(photo: &Bytes) -> Option<Result<Picture, PictureError>> {
    if photo.is_empty() {
        return None;
    }
    let photo = photo.clone();
    Some(
        tokio::task::spawn_blocking(move || reencode(&photo))
            .await
            .unwrap_or(Err(PictureError::NotAnImage)),
    )
}

/// The draft and its picture encoded anew, or the page to show again.
async fn checked(
    form: &Submitted,
    is_kit: bool,
    view: &mut ItemPage,
) -> Option<(ItemDraft, Option<Picture>)> {
    let mut errors = FieldErrors::default();
    let draft = match form.values.parse(is_kit) {
        Ok(draft) => Some(draft),
        Err(found) => {
            errors = found;
            None
        }
    };
    let picture = match encoded(&form.photo).await {
        None => None,
        Some(encoded) => match encoded {
            Ok(picture) => Some(picture),
            Err(refusal) => {
                errors.add(
                    "photo",
                    format!("{} Choisissez une autre photo.", refusal.message()),
                );
                None
            }
        },
    };
    view.photo_again = picture.is_some();
    view.errors = errors;
    let draft = draft.filter(|_| view.errors.is_empty())?;
    Some((draft, picture))
}

fn stored(picture: &Option<Picture>) -> Option<NewPicture<'_>> {
    picture.as_ref().map(|picture| NewPicture {
        content_type: picture.content_type,
        bytes: &picture.bytes,
    })
}

/// The upload's fields; `None` when it could not be read or the page expired, the page then
/// saying so (and keeping what was typed, when it could be read).
fn opened(upload: Upload, token: Freshness, view: &mut ItemPage) -> Option<Submitted> {
    let Ok(parts) = upload.parts() else {
        view.notice = Some(UNREADABLE.into());
        return None;
    };
    let form = submitted(parts);
    if token.is_expired() {
        view.values = form.values;
        view.is_kit = form.is_kit;
        view.notice = Some(EXPIRED.into());
        return None;
    }
    Some(form)
}

pub async fn new_form(Staff(person): Staff, csrf: CsrfToken) -> Response {
    let mut view = form_page(&person, &csrf, None);
    view.values.per_order_max = "10".into();
    view.values.visible = true;
    page(StatusCode::OK, &view)
}

pub async fn create(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<Upload>,
) -> Result<Response, AppError> {
    let (upload, token) = form.open();
    let mut view = form_page(&person, &csrf, None);
    let Some(form) = opened(upload, token, &mut view) else {
        return Ok(unprocessable(&view));
    };
    view.values = form.values.clone();
    view.is_kit = form.is_kit;
    let Some((draft, picture)) = checked(&form, form.is_kit, &mut view).await else {
        return Ok(unprocessable(&view));
    };
    let created = state
        .store
        .create_item(&draft, form.is_kit, stored(&picture).as_ref(), now())
        .await?;
    let Some(id) = created else {
        let kit = state.store.kit_item().await?;
        view.errors.add(
            "is_kit",
            format!(
                "Un kit de démarrage existe déjà{} : il n'y en a qu'un à la fois. Retirez-le \
                 d'abord, ou décochez cette case.",
                kit.map(|kit| format!(" (« {} »)", kit.name))
                    .unwrap_or_default()
            ),
        );
        return Ok(unprocessable(&view));
    };
    tracing::info!(
        staff = person.id.get(),
        item = id.get(),
        "material item created"
    );
    Ok(Redirect::to("/admin/materiel").into_response())
}

async fn item_at(state: &AppState, id: ItemId) -> Result<Item, AppError> {
    state.store.item(id).await?.ok_or(AppError::NotFound)
}

pub async fn edit_form(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ItemId>,
) -> Result<Response, AppError> {
    let item = item_at(&state, id).await?;
    Ok(page(StatusCode::OK, &edit_page(&person, &csrf, &item)))
}

/// A retired item is not changed: its page says so.
fn retired_page(view: ItemPage) -> Response {
    page(StatusCode::CONFLICT, &view)
}

pub async fn update(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ItemId>,
    form: CsrfForm<Upload>,
) -> Result<Response, AppError> {
    let (upload, token) = form.open();
    let item = item_at(&state, id).await?;
    let mut view = edit_page(&person, &csrf, &item);
    if item.retired_at.is_some() {
        return Ok(retired_page(view));
    }
    let Some(form) = opened(upload, token, &mut view) else {
        return Ok(unprocessable(&view));
    };
    view.values = form.values.clone();
    let Some((draft, picture)) = checked(&form, item.is_kit, &mut view).await else {
        return Ok(unprocessable(&view));
    };
    if !state
        .store
        .update_item(id, &draft, stored(&picture).as_ref(), now())
        .await?
    {
        // Retired by someone else meanwhile.
        let item = item_at(&state, id).await?;
        view.existing = Some(existing(&item));
        return Ok(retired_page(view));
    }
    tracing::info!(
        staff = person.id.get(),
        item = id.get(),
        "material item changed"
    );
    Ok(Redirect::to("/admin/materiel").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RetirePost {
    confirmer: String,
}

pub async fn retire(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ItemId>,
    form: CsrfForm<RetirePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let item = item_at(&state, id).await?;
    let mut view = edit_page(&person, &csrf, &item);
    if item.retired_at.is_some() {
        return Ok(retired_page(view));
    }
    if token.is_expired() {
        view.notice =
            Some("La page avait expiré : cochez à nouveau la case pour retirer l'article.".into());
        return Ok(unprocessable(&view));
    }
    if post.confirmer.is_empty() {
        view.errors.add(
            "confirmer",
            "Cochez la case pour confirmer le retrait de cet article.",
        );
        return Ok(unprocessable(&view));
    }
    state.store.retire_item(id, now()).await?;
    tracing::info!(
        staff = person.id.get(),
        item = id.get(),
        "material item retired"
    );
    Ok(Redirect::to("/admin/materiel").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_typed_back_the_french_way() {
        assert_eq!(euros_typed(0), "");
        assert_eq!(euros_typed(250), "2,50");
        assert_eq!(euros_typed(300), "3");
        assert_eq!(euros_typed(5), "0,05");
    }
}
