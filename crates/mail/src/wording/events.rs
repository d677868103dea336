//! The words of the news about events.

use essaim_domain::news::EventNews;
use essaim_store::notice::Notice;

pub(super) fn notice_for(news: &EventNews) -> Notice {
    match *news {}
}
