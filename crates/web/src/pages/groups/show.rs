//! GET /groupes/{id}: the public page of a group (no personal data), plus what the viewer may
//! do: join (logged in, or by leaving name, email and postal code), leave; and for animators,
//! the members' contacts, a message to all, and the split of a full group.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::GroupId;
use essaim_domain::FieldErrors;
use essaim_store::groups::{Group, JoinRequest, Member, Role, SplitPlace};
use essaim_store::people::Person;

use super::info::{Info, InfoQuery};
use super::search::{rows_of, Row};
use super::{frequency_label, group_at, status_label};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

/// What a form on the page was given back with, after a mistake.
#[derive(Default)]
pub struct Retyped {
    pub join: Vec<(&'static str, String)>,
    pub join_errors: FieldErrors,
    pub subject: String,
    pub body: String,
    pub message_errors: FieldErrors,
    pub split_problem: Option<String>,
    pub notice: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage {
    chrome: Chrome,
    group: Group,
    status: &'static str,
    frequency: &'static str,
    info: Option<&'static str>,
    is_member: bool,
    is_animator: bool,
    request: Option<&'static str>,
    members: Vec<Member>,
    animators: usize,
    stay: Vec<SplitPlace>,
    leave: Vec<SplitPlace>,
    new_name: String,
    nearby_with_room: Vec<Row>,
    /// Upcoming events the group organises: (id, title, when).
    events: Vec<(essaim_domain::ids::EventId, String, String)>,
    retyped: Retyped,
}

impl GroupPage {
    fn message_error(&self, field: &str) -> Option<&str> {
        self.retyped.message_errors.get(field)
    }
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    query: Result<Query<InfoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let group = group_at(&state, id).await?;
    // A query that cannot be read says nothing, like an unknown code.
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let info = query.info().and_then(Info::message);
    render(
        &state,
        group,
        person.as_ref(),
        &csrf,
        info,
        Retyped::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn render(
    state: &AppState,
    group: Group,
    person: Option<&Person>,
    csrf: &CsrfToken,
    info: Option<&'static str>,
    retyped: Retyped,
    status: StatusCode,
) -> Result<Response, AppError> {
    let role = match person {
        Some(p) => state.store.role_in_group(group.id, p.id).await?,
        None => None,
    };
    let request = match (person, role) {
        (Some(p), None) => state
            .store
            .join_request_state(group.id, p.id)
            .await?
            .map(|request| match request {
                JoinRequest::AwaitingEmail => "Votre demande attend la confirmation de votre adresse email.",
                JoinRequest::AwaitingSplit => "Le groupe est complet : votre demande est gardée et le groupe se divise pour vous faire une place.",
            }),
        _ => None,
    };
    let is_animator = role == Some(Role::Animator);
    let members = if is_animator {
        state.store.group_members(group.id).await?
    } else {
        Vec::new()
    };
    let (mut stay, mut leave, mut new_name) = (Vec::new(), Vec::new(), String::new());
    if is_animator {
        if let Some(proposal) = state.store.split_proposal(group.id).await? {
            new_name = proposal.new_name;
            (leave, stay) = proposal.places.into_iter().partition(|p| p.leaves);
        }
    }
    // Someone who cannot get in at once is shown groups nearby that have room.
    let full = group.members >= essaim_domain::groups::MAX_MEMBERS as i64;
    let nearby_with_room = if role.is_none() && (full || request.is_some()) {
        let (found, _) = state
            .store
            .groups_near((group.lat, group.lon), 0, 12)
            .await?;
        rows_of(
            found
                .into_iter()
                .filter(|n| n.group.id != group.id && n.group.members < 12 && !n.group.splitting)
                .take(5)
                .collect(),
        )
    } else {
        Vec::new()
    };
    let animators = members.iter().filter(|m| m.is_animator).count();
    let events = state
        .store
        .group_events(group.id, essaim_store::now())
        .await?
        .into_iter()
        .map(|e| {
            let when = essaim_domain::events::time::french_date_time(e.starts_at, &e.timezone);
            (e.id, e.title, when)
        })
        .collect();
    Ok(page(
        status,
        &GroupPage {
            chrome: Chrome::new(person, csrf),
            status: status_label(&group),
            frequency: frequency_label(&group.frequency),
            info: if group.closed {
                Info::Closed.message()
            } else {
                info
            },
            is_member: role.is_some(),
            is_animator,
            request,
            members,
            animators,
            stay,
            leave,
            new_name,
            nearby_with_room,
            events,
            retyped,
            group,
        },
    ))
}
