//! Audit entries written by handlers, for what the staff gate (staff_gate.rs, one entry per
//! back-office request) cannot tell on its own: what a back-office form did (a token created,
//! a mailing sent), and staff reading people's data outside the back-office — the registrants
//! of an event they do not host, the skills search — pages that staff open with powers others
//! do not have.

use essaim_store::audit::AuditEntry;
use essaim_store::now;
use essaim_store::people::Person;

use crate::client_ip::ClientIp;
use crate::error::AppError;
use crate::AppState;

pub(crate) async fn journal(
    state: &AppState,
    person: &Person,
    ip: &ClientIp,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    let ip = ip.0.to_string();
    let entry = AuditEntry {
        actor_id: Some(person.id),
        actor: &person.email,
        action,
        subject,
        ip: Some(&ip),
    };
    state.store.audit(&entry, now()).await?;
    Ok(())
}

/// The same, only when `person` is staff (an animator or a host reading their own people is
/// not a staff action).
pub(crate) async fn journal_if_staff(
    state: &AppState,
    person: &Person,
    ip: &ClientIp,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    if person.is_staff {
        journal(state, person, ip, action, subject).await?;
    }
    Ok(())
}
