//! The back-office's gate, in front of every `/admin` route (routes.rs puts it there): a visitor must log in, a member
//! who is not staff is refused, a staff member needs the role the page needs
//! (`essaim_domain::staff::required_role`) — one table for the whole back-office, so that a new
//! page cannot forget its check. And every staff request, allowed or refused, is written to the
//! audit log with who, when, what and from where: the views of lists and contact details, the
//! exports, the decisions.

use axum::extract::{FromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use essaim_domain::staff::{allows, required_role};
use essaim_store::audit::AuditEntry;
use essaim_store::now;

use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::session::MaybePerson;
use crate::AppState;

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let person = match MaybePerson::from_request_parts(&mut parts, &state).await {
        Ok(MaybePerson(Some(person))) => person,
        Ok(MaybePerson(None)) => return AppError::LoginRequired.into_response(),
        Err(error) => return error.into_response(),
    };
    if !person.is_staff {
        return AppError::Forbidden.into_response();
    }
    let roles = match state.store.roles_of(person.id).await {
        Ok(roles) => roles,
        Err(error) => return AppError::from(error).into_response(),
    };
    let Ok(ClientIp(ip)) = ClientIp::from_request_parts(&mut parts, &state).await;
    let method = parts.method.to_string();
    let target = parts.uri.path_and_query().map_or_else(
        || parts.uri.path().to_string(),
        |pq| pq.as_str().to_string(),
    );
    let needed = required_role(parts.uri.path());
    let response = if allows(&roles, needed) {
        // The handler's own extractors (`Staff`, `MaybePerson`) read the person from here
        // rather than from the database a second time.
        parts.extensions.insert(person.clone());
        next.run(Request::from_parts(parts, body)).await
    } else {
        AppError::RoleMissing(needed.expect("allowed when no role is needed")).into_response()
    };
    let action = format!("{method} {}", response.status().as_u16());
    let ip = ip.to_string();
    let entry = AuditEntry {
        actor_id: Some(person.id),
        actor: &person.email,
        action: &action,
        subject: &target,
        ip: Some(&ip),
    };
    if let Err(error) = state.store.audit(&entry, now()).await {
        tracing::error!(%error, %target, "could not write the audit log");
    }
    response
}
