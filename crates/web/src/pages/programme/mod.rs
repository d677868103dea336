//! Programme, the public side: the seven axes and their contributions (`axes`), proposing one
//! after seeing those like it (`contribute`), a contribution's page (`contribution`) and what
//! people do there — edit or complete it (`edit`), support it (`supports`), discuss it
//! (`comments`), report it (`reports`), and what the page says when they are back (`notice`) —
//! and the full-text search (`search`).

mod axes;
mod comments;
mod contribute;
mod contribution;
mod edit;
mod notice;
mod reports;
mod search;
mod supports;

use axum::routing::{get, post};
use essaim_domain::calendar::{french_date, french_day};
use essaim_domain::ids::ContributionId;
use essaim_domain::programme::search::{highlight, Fragment, SearchQuery};
use essaim_store::programme::ContributionCard;

use crate::routes::RouteTable;

pub fn routes() -> RouteTable {
    vec![
        ("/programme", get(axes::index)),
        ("/programme/recherche", get(search::show)),
        ("/programme/axe/{n}", get(axes::show)),
        (
            "/programme/axe/{n}/contribuer",
            get(contribute::form).post(contribute::submit),
        ),
        ("/programme/contributions/{id}", get(contribution::show)),
        (
            "/programme/contributions/{id}/modifier",
            get(edit::form).post(edit::save),
        ),
        (
            "/programme/contributions/{id}/complement",
            post(edit::addendum),
        ),
        (
            "/programme/contributions/{id}/soutenir",
            post(supports::support),
        ),
        (
            "/programme/contributions/{id}/retirer-soutien",
            post(supports::withdraw),
        ),
        (
            "/programme/contributions/{id}/commenter",
            post(comments::add),
        ),
        (
            "/programme/contributions/{id}/signaler",
            post(reports::contribution),
        ),
        (
            "/programme/commentaires/{id}/supprimer",
            post(comments::delete),
        ),
        (
            "/programme/commentaires/{id}/signaler",
            post(reports::comment),
        ),
    ]
}

const EXPIRED: &str = "Votre session a expiré : vérifiez le formulaire et renvoyez-le.";

/// Characters of a contribution's text shown in a list.
const EXCERPT_CHARS: usize = 240;

/// How an author or a commenter is shown: the label they chose, else "Anonyme".
fn author_name(label: Option<&str>) -> String {
    label.unwrap_or("Anonyme").to_string()
}

/// `1er mars 2027`.
fn date_label(secs: i64) -> String {
    french_date(french_day(secs))
}

/// `1 soutien`, `3 soutiens`, `0 commentaire`.
fn count_label(n: i64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        crate::render::format_count(n),
        if n > 1 { plural } else { singular }
    )
}

fn contribution_path(id: ContributionId) -> String {
    format!("/programme/contributions/{id}")
}

/// A contribution as the lists show it: the axis page, the search, the similar ones.
pub struct CardView {
    pub id: ContributionId,
    pub axis: i64,
    pub title: Vec<Fragment>,
    pub excerpt: Vec<Fragment>,
    pub author: String,
    pub departement: Option<String>,
    pub supports: String,
    pub comments: String,
    pub in_synthesis: bool,
    pub date: String,
}

impl CardView {
    /// The card, its words found by `query` marked (none without a query).
    fn new(card: &ContributionCard, query: Option<&SearchQuery>) -> Self {
        let (title, excerpt) = match query {
            Some(query) => (
                highlight(&card.title, query, usize::MAX),
                highlight(&card.body, query, EXCERPT_CHARS),
            ),
            None => (plain(&card.title), plain(&excerpt(&card.body))),
        };
        Self {
            id: card.id,
            axis: card.axis.get(),
            title,
            excerpt,
            author: author_name(card.author_label.as_deref()),
            departement: card.departement.clone(),
            supports: count_label(card.supports, "soutien", "soutiens"),
            comments: count_label(card.comments, "commentaire", "commentaires"),
            in_synthesis: card.in_synthesis,
            date: date_label(card.created_at),
        }
    }
}

fn plain(text: &str) -> Vec<Fragment> {
    vec![Fragment {
        text: text.to_string(),
        hit: false,
    }]
}

/// The start of a text, cut at a word and marked as cut.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let at_word = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count_label(0, "soutien", "soutiens"), "0 soutien");
        assert_eq!(count_label(1, "soutien", "soutiens"), "1 soutien");
        assert_eq!(count_label(2, "soutien", "soutiens"), "2 soutiens");
    }

    #[test]
    fn a_long_text_is_cut_at_a_word() {
        assert_eq!(excerpt("Court."), "Court.");
        let long = "mot ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with("mot…"), "{cut}");
        assert!(cut.chars().count() <= EXCERPT_CHARS + 1);
    }
}
