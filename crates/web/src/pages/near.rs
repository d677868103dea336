//! What the "near me" search pages (groups, events) share: the query that says where to search
//! from, the French words for where the search starts ("autour de …") or why it could not, the
//! other communes a name may mean, the map and the paging links. `essaim_geo::locate` understands
//! the place; this module words it, here only, and skills search uses the same words.
//! Each page keeps its own rows and filters; the template side is `_near.html`.

use axum::http::StatusCode;
use essaim_geo::{Located, NotUnderstood, Understood};
use serde::Deserialize;

/// The part of a near-me search's address common to every such page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NearQuery {
    /// A postal code or the start of a commune's name, as typed.
    pub q: String,
    /// The browser's position, when the person chose to share it.
    pub lat: String,
    pub lon: String,
    pub page: String,
}

impl NearQuery {
    /// The page asked for, from 1; anything odd is the first page.
    pub fn page_number(&self) -> usize {
        self.page
            .trim()
            .parse::<usize>()
            .unwrap_or(1)
            .clamp(1, 1000)
    }

    /// The address of another page of the same search; `filters` ("&type=…") are the page's own,
    /// already encoded.
    pub fn link(&self, path: &str, filters: &str, page: usize) -> String {
        format!(
            "{path}?q={}&lat={}&lon={}{filters}&page={page}",
            encode(&self.q),
            encode(&self.lat),
            encode(&self.lon)
        )
    }
}

/// What a near-me page shows around its rows: the search box's text and error, where the
/// search starts, the alternatives, the map's centre and the paging links.
pub struct Near {
    pub q: String,
    pub error: Option<String>,
    /// "autour de 75011 Paris", when a place was understood.
    pub around: Option<String>,
    pub centre: Option<(f64, f64)>,
    /// Other communes the typed name may mean: (postal code, "Name (département)").
    pub alternatives: Vec<(String, String)>,
    pub page: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub tiles: String,
}

impl Near {
    /// Understands the query (the person's own postal code standing in for an empty one). The
    /// point to search from is returned when there is one; the page then fetches its rows and
    /// calls [`Near::paged`].
    pub fn locate(
        query: &NearQuery,
        default_postal_code: Option<&str>,
        tiles: &str,
    ) -> (Self, Option<(f64, f64)>) {
        let mut near = Near {
            q: query.q.chars().take(100).collect(),
            error: None,
            around: None,
            centre: None,
            alternatives: Vec::new(),
            page: query.page_number(),
            previous: None,
            next: None,
            tiles: tiles.to_string(),
        };
        match essaim_geo::locate(&query.q, &query.lat, &query.lon, default_postal_code) {
            Ok(None) => (near, None),
            Err(reason) => {
                near.error = Some(not_understood(&reason));
                (near, None)
            }
            Ok(Some(located)) => {
                near.around = Some(around(&located.understood));
                near.centre = Some(located.point);
                near.alternatives = alternatives(&located);
                (near, Some(located.point))
            }
        }
    }

    /// Rows to skip to show this page.
    pub fn offset(&self, page_size: usize) -> usize {
        (self.page - 1) * page_size
    }

    /// The links to the previous page and, when there are `more` rows, the next.
    pub fn paged(&mut self, more: bool, link: impl Fn(usize) -> String) {
        self.previous = (self.page > 1).then(|| link(self.page - 1));
        self.next = more.then(|| link(self.page + 1));
    }

    /// A place that was not understood is the person's mistake, to correct (422).
    pub fn status(&self) -> StatusCode {
        if self.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }
}

/// The place a search starts from, as a person reads it: "votre position", "75011 Paris",
/// "Saint-Étienne (42)".
pub fn place_name(understood: &Understood) -> String {
    match understood {
        Understood::Position => "votre position".into(),
        Understood::PostalCode { code, commune } => format!("{code} {}", commune.name),
        Understood::Commune(commune) => format!("{} ({})", commune.name, commune.departement),
    }
}

/// "autour de 75011 Paris", after "Groupes" or "Événements".
pub fn around(understood: &Understood) -> String {
    format!("autour de {}", place_name(understood))
}

/// Why the search box's text gave no place, and what to type instead.
pub fn not_understood(reason: &NotUnderstood) -> String {
    match reason {
        NotUnderstood::UnreadablePosition => {
            "Votre position n'a pas pu être lue. Indiquez un code postal ou une commune.".into()
        }
        NotUnderstood::TooLong => {
            "Indiquez un code postal (5 chiffres) ou le nom d'une commune.".into()
        }
        NotUnderstood::NotFiveDigits => {
            "Un code postal français a 5 chiffres (exemple : 75011).".into()
        }
        NotUnderstood::UnknownPostalCode(code) => format!(
            "Nous ne connaissons pas le code postal {code}. Vérifiez-le, ou indiquez le nom de votre commune."
        ),
        NotUnderstood::NoCommuneNamed(typed) => format!(
            "Aucune commune ne commence par « {typed} ». Vérifiez l'orthographe, ou indiquez un code postal."
        ),
    }
}

/// Under a postal code field that only takes a code (skills search), an unknown one.
pub const UNKNOWN_POSTAL_CODE: &str = "Nous ne connaissons pas ce code postal : vérifiez-le.";

fn alternatives(located: &Located) -> Vec<(String, String)> {
    located
        .alternatives
        .iter()
        .map(|c| {
            (
                c.postal_codes[0].to_string(),
                format!("{} ({})", c.name, c.departement),
            )
        })
        .collect()
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str, lat: &str, lon: &str, page: &str) -> NearQuery {
        NearQuery {
            q: q.into(),
            lat: lat.into(),
            lon: lon.into(),
            page: page.into(),
        }
    }

    #[test]
    fn a_place_understood_is_said_around_and_centres_the_map() {
        let (near, point) = Near::locate(&query("75011", "", "", ""), None, "t");
        assert_eq!(near.around.as_deref(), Some("autour de 75011 Paris"));
        assert_eq!(near.centre, point);
        assert_eq!(near.status(), StatusCode::OK);

        let (near, _) = Near::locate(&query("", "45.5", "4.5", ""), None, "t");
        assert_eq!(near.around.as_deref(), Some("autour de votre position"));

        let (near, _) = Near::locate(&query("saint etienne", "", "", ""), None, "t");
        assert_eq!(near.around.as_deref(), Some("autour de Saint-Étienne (42)"));
        assert_eq!(near.alternatives.len(), 5);
    }

    #[test]
    fn a_place_not_understood_says_why_with_a_422() {
        for (q, lat, expected) in [
            ("zzzz", "", "Aucune commune ne commence par « zzzz »."),
            ("99999", "", "Nous ne connaissons pas le code postal 99999."),
            ("123", "", "Un code postal français a 5 chiffres"),
            ("", "abc", "Votre position n'a pas pu être lue."),
        ] {
            let lon = if lat.is_empty() { "" } else { "2" };
            let (near, point) = Near::locate(&query(q, lat, lon, ""), None, "t");
            assert!(near.error.as_deref().unwrap().starts_with(expected), "{q}");
            assert_eq!(
                (point, near.status()),
                (None, StatusCode::UNPROCESSABLE_ENTITY)
            );
        }
        let (near, point) = Near::locate(&query("", "", "", ""), None, "t");
        assert_eq!((point, near.status()), (None, StatusCode::OK));
        assert_eq!(near.error, None);
    }

    #[test]
    fn paging_links_keep_the_search_and_the_pages_filters() {
        let search = query("saint é", "", "", "2");
        let (mut near, _) = Near::locate(&search, None, "t");
        assert_eq!(near.offset(20), 20);
        near.paged(true, |page| search.link("/evenements", "&rayon=25", page));
        assert_eq!(
            near.previous.as_deref(),
            Some("/evenements?q=saint%20%C3%A9&lat=&lon=&rayon=25&page=1")
        );
        assert_eq!(
            near.next.as_deref(),
            Some("/evenements?q=saint%20%C3%A9&lat=&lon=&rayon=25&page=3")
        );
        assert_eq!(query("", "", "", "0").page_number(), 1);
        assert_eq!(query("", "", "", "x").page_number(), 1);
    }
}
