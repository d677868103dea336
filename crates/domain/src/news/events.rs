//! News about events (publication, registrations, reminders, messages). The words are in `essaim_mail::wording::events`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EventNews {}
