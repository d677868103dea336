//! News about the programme: a moderation decision told to the author, a merge told to the
//! supporters of the duplicate. The words are in `essaim_mail::wording::programme`.

use serde::{Deserialize, Serialize};

use crate::ids::ContributionId;
use crate::programme::moderation::Decision;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ProgrammeNews {
    /// To the author of a contribution or comment: it was hidden (by three reports or by a
    /// moderator) or restored. `title` is the contribution's (the one commented on, for a comment).
    Moderated {
        contribution_id: ContributionId,
        title: String,
        comment: bool,
        decision: Decision,
        reason: String,
    },
    /// To a person a moderator blocked from contributing, or unblocked.
    Blocked {
        reason: String,
    },
    Unblocked {
        reason: String,
    },
    /// To each supporter of a contribution merged into another: their support stays where it
    /// was given; they may support the kept one.
    Merged {
        merged_title: String,
        kept_id: ContributionId,
        kept_title: String,
    },
}
