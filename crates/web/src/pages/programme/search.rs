//! GET /programme/recherche?q=…&page=…: the contributions of every axis holding all the words
//! searched (stemmed: "écoles" finds "école"), best first, the words found marked; past a
//! thousand results, "plus de 1 000" (the store counts no further).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::programme::listing::{page_number, PAGE_SIZE};
use essaim_domain::programme::search::{SearchQuery, COUNT_MAX, QUERY_CHARS_MAX};
use serde::Deserialize;

use super::{count_label, CardView};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{format_count, page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    q: String,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "programme_search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    /// Why nothing was searched.
    hint: Option<&'static str>,
    /// "12 contributions trouvées", once something was searched.
    found: Option<String>,
    /// Each result and the title of its axis.
    results: Vec<(CardView, String)>,
    page_label: Option<String>,
    previous: Option<String>,
    /// Results in all, and the first page's address (for a page past the last).
    total_count: i64,
    first_page: String,
    next: Option<String>,
}

/// What the results' page says of their number and which neighbours it links to.
struct Paging {
    found: String,
    label: Option<String>,
    previous: bool,
    next: bool,
}

impl Paging {
    /// `total` as the store counts it (up to `COUNT_MAX + 1`: past it, "plus de 1 000"), on page
    /// `page`, which shows `shown` results.
    fn of(total: i64, page: i64, shown: usize) -> Self {
        let capped = total > COUNT_MAX;
        let pages = (total.min(COUNT_MAX) + PAGE_SIZE - 1) / PAGE_SIZE;
        Self {
            found: if capped {
                format!("Plus de {} contributions trouvées", format_count(COUNT_MAX))
            } else {
                count_label(total, "contribution trouvée", "contributions trouvées")
            },
            label: if capped {
                Some(format!("Page {page}"))
            } else {
                (pages > 1).then(|| format!("Page {page} sur {pages}"))
            },
            previous: page > 1 && (capped || page <= pages),
            // Past the count, a full page may have a next one.
            next: if capped {
                shown as i64 == PAGE_SIZE
            } else {
                page < pages
            },
        }
    }
}

fn search_href(q: &str, page: i64) -> String {
    let query =
        serde_urlencoded::to_string([("q", q), ("page", &page.to_string())]).unwrap_or_default();
    format!("/programme/recherche?{query}")
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let params = params.map(|Query(p)| p).unwrap_or_default();
    let q: String = params.q.trim().chars().take(QUERY_CHARS_MAX).collect();
    let mut view = SearchPage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        q: q.clone(),
        hint: None,
        found: None,
        results: Vec::new(),
        page_label: None,
        previous: None,
        total_count: 0,
        first_page: String::new(),
        next: None,
    };
    let Some(query) = SearchQuery::parse(&q) else {
        view.hint = Some(if q.is_empty() {
            "Tapez un ou plusieurs mots : les contributions de tous les axes qui les contiennent s'affichent, les plus pertinentes d'abord."
        } else {
            "Ces mots sont trop courants pour chercher : essayez des mots plus précis (par exemple « transports » ou « référendum »)."
        });
        return Ok(page(StatusCode::OK, &view));
    };
    let page_number = page_number(params.page.as_deref());
    let (cards, total) = state
        .store
        .search_contributions(&query, page_number)
        .await?;
    let axes = state.store.programme_axes().await?;
    let axis_title = |number| {
        axes.iter()
            .find(|axis| axis.number == number)
            .map_or(String::new(), |axis| axis.title.clone())
    };
    view.results = cards
        .iter()
        .map(|card| (CardView::new(card, Some(&query)), axis_title(card.axis)))
        .collect();
    let paging = Paging::of(total, page_number, cards.len());
    view.found = Some(paging.found);
    view.page_label = paging.label;
    view.previous = paging.previous.then(|| search_href(&q, page_number - 1));
    view.next = paging.next.then(|| search_href(&q, page_number + 1));
    view.total_count = total;
    view.first_page = search_href(&q, 1);
    Ok(page(StatusCode::OK, &view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_searched_are_kept_in_the_page_links() {
        assert_eq!(
            search_href("école & santé", 2),
            "/programme/recherche?q=%C3%A9cole+%26+sant%C3%A9&page=2"
        );
    }

    #[test]
    fn past_a_thousand_results_the_page_says_more_and_pages_on_while_pages_are_full() {
        let few = Paging::of(45, 2, 20);
        assert_eq!(few.found, "45 contributions trouvées");
        assert_eq!(few.label.as_deref(), Some("Page 2 sur 3"));
        assert!(few.previous && few.next);
        let last = Paging::of(45, 3, 5);
        assert!(!last.next);
        let many = Paging::of(COUNT_MAX + 1, 60, 20);
        assert_eq!(many.found, "Plus de 1\u{202f}000 contributions trouvées");
        assert_eq!(many.label.as_deref(), Some("Page 60"));
        assert!(many.previous && many.next);
        assert!(!Paging::of(COUNT_MAX + 1, 61, 7).next);
        assert!(Paging::of(1, 1, 1).label.is_none());
    }
}
