//! The words of every notice: one place where the French text sent for each `News` is written,
//! reviewed and tested as text. The store only says what happened (`essaim_domain::news`).

use essaim_domain::news::News;

mod donations;
mod electoral;
mod events;
mod groups;
mod material;
mod notice;
mod programme;
mod skills;

pub use donations::confirm_monthly_gift;
pub use notice::Notice;

/// Subject, paragraphs and button of the email telling one person of `news`.
pub fn notice_for(news: &News) -> Notice {
    match news {
        News::Group(news) => groups::notice_for(news),
        News::Event(news) => events::notice_for(news),
        News::Skill(news) => skills::notice_for(news),
        News::Donation(news) => donations::notice_for(news),
        News::Material(news) => material::notice_for(news),
        News::Programme(news) => programme::notice_for(news),
        News::Electoral(news) => electoral::notice_for(news),
    }
}
