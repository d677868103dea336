//! Events (watch parties, street actions, meetings…): proposal and approval, search near a
//! point, registrations with capacity and a waiting list, reminders.

mod read;
mod registrations;
mod write;

pub use read::{Attendee, Event, EVENT_PAGE_SIZE};
pub(crate) use registrations::promote_waiting;
pub use registrations::{Registration, RegistrationOutcome};
pub use write::{EventStatus, NewEvent};

/// Columns of `events e` read into an `Event` (by these names), with the counts of confirmed and
/// waiting people and the organising group's name.
pub(crate) const EVENT_COLUMNS: &str = "e.id, e.host_id, e.group_id, e.kind, e.title, e.description, e.starts_at, \
     e.ends_at, e.timezone, e.online_url, e.address, e.postal_code, e.commune, e.departement, e.lat, e.lon, \
     e.address_public, e.capacity, e.accessibility, e.accessibility_notes, e.status, e.created_at, \
     (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'confirmed') AS confirmed, \
     (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') AS waiting, \
     (SELECT g.name FROM support_groups g WHERE g.id = e.group_id) AS group_name";
