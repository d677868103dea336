//! The words of the news about skills.

use essaim_domain::news::SkillNews;
use essaim_store::notice::Notice;

pub(super) fn notice_for(news: &SkillNews) -> Notice {
    match *news {}
}
