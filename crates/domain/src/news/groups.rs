//! News about support groups (split, join requests, messages). The words are in `essaim_mail::wording::groups`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GroupNews {}
