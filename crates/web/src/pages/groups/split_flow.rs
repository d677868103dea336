//! The steps that tie the domain's split to storage: proposing how a full group divides, and
//! admitting people whose requests waited for their email confirmation.

use std::collections::HashMap;

use essaim_domain::groups::{new_group_name, split_group, Member as SplitMember};
use essaim_store::groups::{JoinOutcome, SplitPlace};
use essaim_store::now;

use crate::error::AppError;
use crate::AppState;

/// (Re)computes the proposal of a full group: the halves by where people live, a name for the
/// new group, and its animators. Returns false when there are too many people to divide in
/// two (they stay waiting; the animators are told on the group page).
pub async fn propose_split(state: &AppState, group_id: i64) -> Result<bool, AppError> {
    let Some(group) = state.store.find_group(group_id).await? else {
        return Ok(false);
    };
    let mut places = state.store.split_candidates(group_id).await?;
    let members: Vec<SplitMember> = places
        .iter()
        .map(|p| SplitMember {
            id: p.person_id,
            position: p
                .postal_code
                .as_deref()
                .and_then(essaim_geo::point_of_postal_code),
        })
        .collect();
    let Some(split) = split_group(&members) else {
        return Ok(false);
    };
    for place in &mut places {
        place.leaves = split.leave.contains(&place.person_id);
    }
    propose_animators(&mut places);
    let new_name = new_group_name(&group.name, main_commune(&places, &group.commune));
    state
        .store
        .save_split_proposal(group_id, &new_name, &places, now())
        .await?;
    Ok(true)
}

/// Each half keeps the animators it holds (two at most); a half without one is proposed its
/// longest-standing member.
fn propose_animators(places: &mut [SplitPlace]) {
    for leaves in [false, true] {
        let mut kept = 0;
        for place in places.iter_mut().filter(|p| p.leaves == leaves) {
            if place.animator && kept < 2 {
                kept += 1;
            } else {
                place.animator = false;
            }
        }
        if kept == 0 {
            let senior = places
                .iter_mut()
                .filter(|p| p.leaves == leaves)
                .min_by_key(|p| (p.requester, p.since, p.person_id));
            if let Some(senior) = senior {
                senior.animator = true;
            }
        }
    }
}

/// The commune where most of the leaving half lives, unless it is the group's own.
fn main_commune<'a>(places: &[SplitPlace], own: &str) -> Option<&'a str> {
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for place in places.iter().filter(|p| p.leaves) {
        if let Some(commune) = place
            .postal_code
            .as_deref()
            .and_then(|code| essaim_geo::by_postal_code(code).first().copied())
        {
            *counts.entry(commune.name).or_default() += 1;
        }
    }
    let mut counts: Vec<(&'static str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .first()
        .map(|(name, _)| *name)
        .filter(|name| *name != own)
}

/// Joins `person_id` to `group_id`, proposing a split when the group is full.
pub async fn join(
    state: &AppState,
    group_id: i64,
    person_id: i64,
) -> Result<JoinOutcome, AppError> {
    let outcome = state.store.join_group(group_id, person_id, now()).await?;
    if outcome == JoinOutcome::WaitingForSplit {
        propose_split(state, group_id).await?;
    }
    Ok(outcome)
}

/// Once a person proved their email (confirmation or login link), the groups they asked to
/// join take them in.
pub async fn admit_awaiting_joins(state: &AppState, person_id: i64) -> Result<(), AppError> {
    for group_id in state.store.groups_awaiting_email(person_id).await? {
        join(state, group_id, person_id).await?;
    }
    Ok(())
}
