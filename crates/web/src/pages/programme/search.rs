//! GET /programme/recherche?q=…&page=…: the contributions of every axis holding all the words
//! searched (stemmed: "écoles" finds "école"), best first, the words found marked.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::programme::listing::{page_number, PAGE_SIZE};
use essaim_domain::programme::search::{SearchQuery, QUERY_CHARS_MAX};
use serde::Deserialize;

use super::{count_label, CardView};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
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
    view.found = Some(count_label(
        total,
        "contribution trouvée",
        "contributions trouvées",
    ));
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    view.page_label = (pages > 1).then(|| format!("Page {page_number} sur {pages}"));
    view.previous =
        (page_number > 1 && page_number <= pages).then(|| search_href(&q, page_number - 1));
    view.total_count = total;
    view.first_page = search_href(&q, 1);
    view.next = (page_number < pages).then(|| search_href(&q, page_number + 1));
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
}
