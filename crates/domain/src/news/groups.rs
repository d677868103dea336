//! News about support groups (split, join requests, messages). The words are in `essaim_mail::wording::groups`.
//!
//! Variant and field names are stored in the outbox's payloads: rename one only with a reader
//! for the old name.

use serde::{Deserialize, Serialize};

use crate::ids::GroupId;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GroupNews {
    /// To each animator: the group is full and someone asked to join; a split is proposed and
    /// waits for their confirmation.
    SplitToConfirm { group: GroupId, name: String },
    /// To each member of a group that divided: which of the two groups is now theirs.
    SplitDone {
        /// The group as it was named before the split.
        former_name: String,
        group: GroupId,
        name: String,
    },
    /// To each member but the sender: an animator's message to the group.
    MessageFromAnimator {
        group: GroupId,
        group_name: String,
        sender_name: String,
        subject: String,
        body: String,
    },
    /// To someone who asked to join while logged out but had already confirmed their
    /// signature: logging in takes their place.
    JoinByLoggingIn { group: GroupId, name: String },
}
