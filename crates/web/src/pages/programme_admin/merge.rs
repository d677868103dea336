//! POST /admin/programme/contributions/{id}/fusionner (`kept`: the number of the contribution
//! kept, `reason`): the duplicate `{id}` points to the one kept from then on; its supporters
//! are told (the store's `merge_contributions`). A wrong number shows the merge form again
//! with what was typed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::ContributionId;
use essaim_domain::programme::moderation::parse_reason;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::programme::MergeOutcome;
use serde::Deserialize;

use super::decisions::{done, unchanged};
use super::done::Done;
use super::queue::{render, Failed, Shown, MERGE_KEY};
use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::Staff;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MergePost {
    kept: String,
    reason: String,
}

fn parse_kept(raw: &str) -> Result<ContributionId, String> {
    let typed = raw.trim().trim_start_matches('#');
    if typed.is_empty() {
        return Err("Indiquez le numéro de la contribution conservée.".into());
    }
    typed
        .parse()
        .map_err(|_| format!("« {typed} » n'est pas un numéro de contribution."))
}

pub async fn merge(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<MergePost>,
) -> Result<Response, AppError> {
    if state.store.contribution(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let (post, token) = form.open();
    let mut errors = FieldErrors::default();
    let again = |notice: Option<String>, errors: FieldErrors| Shown {
        notice,
        failed: Failed {
            key: MERGE_KEY.into(),
            values: vec![("kept", post.kept.clone()), ("reason", post.reason.clone())],
            errors,
        },
        merging: id.to_string(),
        ..Shown::default()
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if token.is_expired() {
        let shown = again(Some(EXPIRED.into()), errors);
        return render(&state, &person, &csrf, status, shown).await;
    }
    let kept = errors.take("kept", parse_kept(&post.kept));
    let reason = errors.take("reason", parse_reason(&post.reason));
    let (Some(kept), Some(reason)) = (kept, reason) else {
        return render(&state, &person, &csrf, status, again(None, errors)).await;
    };
    let outcome = state
        .store
        .merge_contributions(id, kept, person.id, &reason, now())
        .await?;
    let problem = match outcome {
        MergeOutcome::Merged { told } => {
            tracing::info!(
                staff = person.id.get(),
                merged = id.get(),
                kept = kept.get(),
                told,
                "programme contributions merged"
            );
            return Ok(done(Done::Merged));
        }
        MergeOutcome::MergedNotPublished => {
            let why = format!(
                "Rien n'a changé : la contribution n° {id} n'est plus visible (masquée ou déjà \
                 fusionnée)."
            );
            return unchanged(&state, &person, &csrf, &why).await;
        }
        MergeOutcome::SameContribution => {
            "Indiquez une autre contribution : une contribution ne peut pas être fusionnée avec \
             elle-même."
                .to_string()
        }
        MergeOutcome::KeptNotListed => format!(
            "La contribution n° {kept} n'est pas visible (masquée, fusionnée ou inexistante) : \
             elle ne peut pas être conservée."
        ),
    };
    errors.add("kept", problem);
    render(&state, &person, &csrf, status, again(None, errors)).await
}
