//! News about events (publication, registrations, reminders, messages). The words are in `essaim_mail::wording::events`.
//!
//! Each variant carries what the email needs, as it was when the news was queued: the title is
//! the one the event had then, so a reminder queued before a change of title tells of the event
//! its reader registered to.

use serde::{Deserialize, Serialize};

use crate::ids::EventId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventNews {
    /// To its host: the event is public at once (a trusted host or staff proposed it).
    Published { event: EventId, title: String },
    /// To its host: a new host's event waits for staff.
    AwaitingReview { event: EventId, title: String },
    /// To its host: staff published the event; `trusted` if the host's next events will be
    /// published without review.
    Approved {
        event: EventId,
        title: String,
        trusted: bool,
    },
    /// To its host: staff did not publish the event, for `reason`.
    Rejected {
        event: EventId,
        title: String,
        reason: String,
    },
    /// To the people registered: the host changed the event.
    Changed { event: EventId, title: String },
    /// To the people registered: the host cancelled the event.
    Cancelled { event: EventId, title: String },
    /// To the people registered: a message from the host.
    HostMessage {
        event: EventId,
        title: String,
        subject: String,
        body: String,
    },
    /// To someone who registered: they have a place.
    Registered { event: EventId, title: String },
    /// To someone who registered to a full event: they are on the waiting list.
    Waiting { event: EventId, title: String },
    /// To someone who was waiting: a place was freed and is theirs.
    PlaceFreed { event: EventId, title: String },
    /// To someone registered: the event starts soon.
    Reminder { event: EventId, title: String },
}
