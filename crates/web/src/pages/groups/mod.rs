//! Groupes d'appui: finding one near home, creating, joining and leaving, animating (members,
//! messages, the split of a full group), and entering sign-ups gathered off the internet.

pub mod animate;
pub mod create;
mod info;
pub mod membership;
pub mod offline;
mod offline_csv;
pub mod search;
pub mod show;
pub mod split_flow;

pub use split_flow::admit_awaiting_joins;

use essaim_domain::ids::GroupId;
use essaim_store::groups::{Group, Role};
use essaim_store::people::Person;

use crate::error::AppError;
use crate::AppState;

/// The group of a URL like `/groupes/{id}` (`IdPath` already turned a bad id into a 404): an
/// unknown one is a 404 too, never a 500.
async fn group_at(state: &AppState, id: GroupId) -> Result<Group, AppError> {
    state.store.find_group(id).await?.ok_or(AppError::NotFound)
}

/// The person's role in the group; animator-only actions answer 403 to anyone else.
async fn require_animator(
    state: &AppState,
    group: &Group,
    person: &Person,
) -> Result<(), AppError> {
    match state.store.role_in_group(group.id, person.id).await? {
        Some(Role::Animator) => Ok(()),
        _ => Err(AppError::GroupForbidden),
    }
}

async fn require_member(
    state: &AppState,
    group: &Group,
    person: &Person,
) -> Result<Role, AppError> {
    state
        .store
        .role_in_group(group.id, person.id)
        .await?
        .ok_or(AppError::GroupForbidden)
}

/// "en constitution" below 3 members, "actif" from 3, and a word on a split in progress.
pub fn status_label(group: &Group) -> &'static str {
    use essaim_domain::groups::GroupStatus;
    if group.closed {
        return "fermé";
    }
    if group.splitting {
        return "complet, en cours de division";
    }
    match GroupStatus::of(group.members as usize) {
        GroupStatus::Forming => "en constitution",
        _ => "actif",
    }
}

pub fn frequency_label(code: &str) -> &'static str {
    essaim_domain::groups::Frequency::parse(code).map_or("", |f| f.label())
}

/// "850 m", "3,2 km", "48 km": the way people say it.
pub fn distance_label(km: f64) -> String {
    if km < 1.0 {
        format!("{} m", ((km * 1000.0) / 10.0).round() as i64 * 10)
    } else if km < 10.0 {
        format!("{:.1} km", km).replace('.', ",")
    } else {
        format!("{} km", km.round() as i64)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distances_read_naturally() {
        assert_eq!(super::distance_label(0.8532), "850 m");
        assert_eq!(super::distance_label(3.24), "3,2 km");
        assert_eq!(super::distance_label(47.6), "48 km");
    }
}
