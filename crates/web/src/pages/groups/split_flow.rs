//! The split of a full group, as pages see it: proposing it when someone asks to join a full
//! group (the rules are the domain's `propose_split`), the animators' changes to the proposal
//! and its confirmation, and admitting people whose requests waited for their email.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::groups::{propose_split, SplitRefusal, Whereabouts, MAX_MEMBERS, MIN_MEMBERS};
use essaim_domain::ids::{GroupId, PersonId};
use essaim_domain::text::required_text;
use essaim_store::groups::{JoinOutcome, SplitConfirmation};
use essaim_store::now;
use serde::Deserialize;

use super::animate::{animator_form, person_id};
use super::info::{back, Info};
use super::show::{render, Retyped};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

/// Where people live, from the map of postal codes.
struct PostalMap;

impl Whereabouts for PostalMap {
    fn point_of(&self, postal_code: &str) -> Option<(f64, f64)> {
        essaim_geo::point_of_postal_code(postal_code)
    }

    fn commune_of(&self, postal_code: &str) -> Option<&str> {
        essaim_geo::by_postal_code(postal_code)
            .first()
            .map(|commune| commune.name)
    }
}

/// (Re)computes and saves the proposal of a full group. Returns false when there are too
/// many people to divide in two (they stay waiting; the animators are told on the group page).
pub async fn save_proposal(state: &AppState, group_id: GroupId) -> Result<bool, AppError> {
    let Some(group) = state.store.find_group(group_id).await? else {
        return Ok(false);
    };
    let places = state.store.split_candidates(group_id).await?;
    let Some(proposal) = propose_split(&group.name, &group.commune, places, &PostalMap) else {
        return Ok(false);
    };
    state
        .store
        .save_split_proposal(group_id, &proposal, now())
        .await?;
    Ok(true)
}

/// Joins `person_id` to `group_id`, proposing a split when the group is full.
pub async fn join(
    state: &AppState,
    group_id: GroupId,
    person_id: PersonId,
) -> Result<JoinOutcome, AppError> {
    let outcome = state.store.join_group(group_id, person_id, now()).await?;
    if outcome == JoinOutcome::WaitingForSplit {
        save_proposal(state, group_id).await?;
    }
    Ok(outcome)
}

/// Once a person proved their email (confirmation or login link), the groups they asked to
/// join take them in.
pub async fn admit_awaiting_joins(state: &AppState, person_id: PersonId) -> Result<(), AppError> {
    for group_id in state.store.groups_awaiting_email(person_id).await? {
        join(state, group_id, person_id).await?;
    }
    Ok(())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SplitPost {
    person_id: String,
    action: SplitAction,
    new_name: String,
}

/// What the animators do with the proposal (`action` of the split forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
enum SplitAction {
    /// Move a person to the other half.
    #[serde(rename = "deplacer")]
    Move,
    #[serde(rename = "renommer")]
    Rename,
    /// Carry the split out.
    #[serde(rename = "confirmer")]
    Confirm,
    /// Missing or anything else: refused as an unknown action.
    #[default]
    #[serde(other)]
    Unknown,
}

/// POST /groupes/{id}/division: the animators change the proposal or confirm it.
pub async fn split(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<SplitPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, id, form).await?;
    let problem = match post.action {
        SplitAction::Move => {
            state
                .store
                .move_in_split(group.id, person_id(&post.person_id)?)
                .await?;
            None
        }
        SplitAction::Rename => {
            match required_text(&post.new_name, "le nom du nouveau groupe", 80, false) {
                Ok(name) => {
                    state.store.rename_split(group.id, &name).await?;
                    None
                }
                Err(message) => Some(message),
            }
        }
        SplitAction::Confirm => match state.store.confirm_split(group.id, now()).await? {
            SplitConfirmation::Done { .. } => return Ok(back(group.id, Info::Divided)),
            SplitConfirmation::Refused(refusal) => Some(refusal_text(refusal)),
        },
        SplitAction::Unknown => return Err(AppError::BadRequest("Action inconnue.")),
    };
    match problem {
        None => Ok(back(group.id, Info::SplitChanged)),
        Some(message) => {
            let retyped = Retyped {
                split_problem: Some(message),
                ..Default::default()
            };
            render(
                &state,
                group,
                Some(&person),
                &csrf,
                None,
                retyped,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Why the split was not carried out, as the animators read it on the group page.
fn refusal_text(refusal: SplitRefusal) -> String {
    match refusal {
        SplitRefusal::NoneInProgress => "Aucune division n'est en cours pour ce groupe.".into(),
        SplitRefusal::GroupGone => "Ce groupe n'existe plus.".into(),
        SplitRefusal::HalvesOutOfRange { staying, leaving } => format!(
            "Chaque groupe doit compter de {MIN_MEMBERS} à {MAX_MEMBERS} personnes (ici {staying} et {leaving})."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_split_says_why_with_the_sizes() {
        assert_eq!(
            refusal_text(SplitRefusal::HalvesOutOfRange {
                staying: 11,
                leaving: 2
            }),
            "Chaque groupe doit compter de 3 à 12 personnes (ici 11 et 2)."
        );
        assert_eq!(
            refusal_text(SplitRefusal::NoneInProgress),
            "Aucune division n'est en cours pour ce groupe."
        );
    }

    #[test]
    fn the_postal_map_names_the_first_commune_of_a_code() {
        assert_eq!(PostalMap.commune_of("93100"), Some("Montreuil"));
        assert!(PostalMap.point_of("93100").is_some());
        assert_eq!(PostalMap.commune_of("00000"), None);
    }
}
