//! GET /programme: the seven axes and how many contributions each has, the search form.
//! GET /programme/axe/{n}: an axis, its introduction, its contributions (most supported, newest
//! or at random — the visitor's own sample, kept while they page), maybe of one département.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::identity::parse_departement;
use essaim_domain::ids::ContributionId;
use essaim_domain::programme::listing::{page_number, visitor_seed, ListOrder, PAGE_SIZE};
use essaim_domain::programme::AxisNumber;
use essaim_store::programme::AxisSummary;
use serde::Deserialize;

use super::{count_label, CardView};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::markdown;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

/// An axis in the list of the seven.
pub struct AxisLine {
    pub number: AxisNumber,
    pub title: String,
    pub contributions: String,
}

#[derive(Template)]
#[template(path = "programme.html")]
struct IndexPage {
    chrome: Chrome,
    axes: Vec<AxisLine>,
}

pub async fn index(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let axes = state
        .store
        .programme_axes()
        .await?
        .into_iter()
        .map(|axis| AxisLine {
            number: axis.number,
            title: axis.title,
            contributions: count_label(axis.contributions, "contribution", "contributions"),
        })
        .collect();
    Ok(page(
        StatusCode::OK,
        &IndexPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
            axes,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    ordre: Option<String>,
    graine: Option<String>,
    departement: String,
    page: Option<String>,
    fait: Done,
}

/// What the page was sent back to say (`?fait=…`); any other value says nothing.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
enum Done {
    /// The visitor's report was the third: the contribution is hidden now.
    #[serde(rename = "signalement-masque")]
    ReportHid,
    #[default]
    #[serde(other)]
    Nothing,
}

/// A way to sort the list, as its link shows it.
pub struct OrderLink {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "programme_axis.html")]
struct AxisPage {
    chrome: Chrome,
    axis: AxisSummary,
    introduction_html: String,
    /// The axis's synthesis (HTML) and the contributions it drew on (id, title), once
    /// coordinators wrote one.
    synthesis_html: Option<String>,
    synthesis_links: Vec<(ContributionId, String)>,
    notice: Option<&'static str>,
    orders: Vec<OrderLink>,
    order_code: &'static str,
    seed: Option<u32>,
    departements: Vec<(String, String)>,
    departement: String,
    cards: Vec<CardView>,
    /// "12 contributions", "3 contributions dans le département 75".
    total: String,
    total_count: i64,
    first_page: String,
    page_label: Option<String>,
    previous: Option<String>,
    next: Option<String>,
}

/// The axis page's address with its order, département and page.
fn axis_href(axis: AxisNumber, order: ListOrder, departement: Option<&str>, page: i64) -> String {
    let mut href = format!("/programme/axe/{axis}?ordre={}", order.code());
    if let ListOrder::Random(seed) = order {
        href.push_str(&format!("&graine={seed}"));
    }
    if let Some(departement) = departement {
        href.push_str(&format!("&departement={departement}"));
    }
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    IdPath(axis): IdPath<AxisNumber>,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let order = ListOrder::parse(
        query.ordre.as_deref(),
        query.graine.as_deref(),
        visitor_seed(&csrf.0),
    );
    // A département that does not exist filters nothing, as no filter.
    let departement = parse_departement(&query.departement).ok().flatten();
    let page_number = page_number(query.page.as_deref());
    let summary = state.store.programme_axis(axis).await?;
    let (cards, total) = state
        .store
        .contributions_on_axis(axis, order, departement.as_deref(), page_number)
        .await?;
    let pages = (total + PAGE_SIZE - 1) / PAGE_SIZE;
    let departements = state
        .store
        .programme_axis_departements(axis)
        .await?
        .into_iter()
        .map(|(code, count)| {
            let label = format!("{code} ({count})");
            (code, label)
        })
        .collect();
    let orders = [
        ("Les plus soutenues", ListOrder::MostSupported),
        ("Les plus récentes", ListOrder::Newest),
        (
            "Au hasard",
            match order {
                ListOrder::Random(_) => order,
                _ => ListOrder::Random(visitor_seed(&csrf.0)),
            },
        ),
    ]
    .into_iter()
    .map(|(label, each)| OrderLink {
        label,
        href: axis_href(axis, each, departement.as_deref(), 1),
        current: each.code() == order.code(),
    })
    .collect();
    let mut total_label = count_label(total, "contribution", "contributions");
    if let Some(departement) = &departement {
        total_label.push_str(&format!(" dans le département {departement}"));
    }
    let link = |page: i64| axis_href(axis, order, departement.as_deref(), page);
    let synthesis = state.store.programme_synthesis(axis).await?;
    let view = AxisPage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        introduction_html: markdown::to_html(&summary.introduction),
        axis: summary,
        synthesis_html: synthesis
            .as_ref()
            .map(|synthesis| markdown::to_html(&synthesis.body)),
        synthesis_links: synthesis
            .map(|synthesis| {
                synthesis
                    .links
                    .into_iter()
                    .map(|card| (card.id, card.title))
                    .collect()
            })
            .unwrap_or_default(),
        notice: (query.fait == Done::ReportHid).then_some(
            "Merci pour votre signalement. Trois personnes ont signalé cette contribution : elle est masquée en attendant la décision de la modération.",
        ),
        orders,
        order_code: order.code(),
        seed: match order {
            ListOrder::Random(seed) => Some(seed),
            _ => None,
        },
        departements,
        departement: departement.clone().unwrap_or_default(),
        cards: cards.iter().map(|card| CardView::new(card, None)).collect(),
        total: total_label,
        total_count: total,
        first_page: link(1),
        page_label: (pages > 1).then(|| format!("Page {page_number} sur {pages}")),
        previous: (page_number > 1 && page_number <= pages).then(|| link(page_number - 1)),
        next: (page_number < pages).then(|| link(page_number + 1)),
    };
    Ok(page(StatusCode::OK, &view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_random_order_keeps_its_seed_in_its_links() {
        let axis: AxisNumber = "3".parse().unwrap();
        assert_eq!(
            axis_href(axis, ListOrder::Random(42), Some("2A"), 2),
            "/programme/axe/3?ordre=hasard&graine=42&departement=2A&page=2"
        );
        assert_eq!(
            axis_href(axis, ListOrder::Newest, None, 1),
            "/programme/axe/3?ordre=recentes"
        );
    }
}
