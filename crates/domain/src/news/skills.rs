//! News about skill offers ("J'en dis plus": requests and answers). The words are in `essaim_mail::wording::skills`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SkillNews {}
