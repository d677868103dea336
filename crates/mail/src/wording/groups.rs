//! The words of the news about groups.

use essaim_domain::news::GroupNews;
use essaim_store::notice::Notice;

pub(super) fn notice_for(news: &GroupNews) -> Notice {
    match *news {}
}
