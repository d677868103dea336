//! Where a "near me" search starts: the browser's position, a postal code or the start of a
//! commune's name, as a person types them. Groups, events and skills search all ask here, so a
//! place is understood the same way everywhere; each page words the answer (in French) itself.

use crate::{by_postal_code, point_of_postal_code, search_by_name, Commune};

/// Longest text read as a place: past that it is not a postal code nor a commune's start.
const MAX_TYPED: usize = 100;

/// Communes offered besides the first one found by name.
const ALTERNATIVES: usize = 5;

/// What was understood from the search, to say back to the person.
#[derive(Debug, Clone, PartialEq)]
pub enum Understood {
    /// The position the browser sent.
    Position,
    /// A known postal code (spaces removed) and the commune it mostly serves.
    PostalCode {
        code: String,
        commune: &'static Commune,
    },
    /// The most populated commune whose name starts with what was typed.
    Commune(&'static Commune),
}

/// A place found: its point, what was understood and, for a name, the other communes it may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// (latitude, longitude).
    pub point: (f64, f64),
    pub understood: Understood,
    /// Other communes whose name starts the same way, most populated first.
    pub alternatives: Vec<&'static Commune>,
}

/// Why a search could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotUnderstood {
    /// The position sent is not a pair of coordinates on Earth.
    UnreadablePosition,
    /// More text than any postal code or commune name.
    TooLong,
    /// Digits, but not the five of a postal code, and not a known code.
    NotFiveDigits,
    /// Five digits that serve no commune.
    UnknownPostalCode(String),
    /// No commune's name starts with the text (trimmed).
    NoCommuneNamed(String),
}

/// Understands a search: the browser's position (`lat`, `lon`) when either is sent, else a postal
/// code or a commune's name typed in `typed`, else `default_postal_code` (the person's own).
/// `Ok(None)` when there is nothing to search from.
pub fn locate(
    typed: &str,
    lat: &str,
    lon: &str,
    default_postal_code: Option<&str>,
) -> Result<Option<Located>, NotUnderstood> {
    let (lat, lon) = (lat.trim(), lon.trim());
    if !lat.is_empty() || !lon.is_empty() {
        return locate_position(lat, lon).map(Some);
    }
    match (typed.trim(), default_postal_code) {
        ("", None) => Ok(None),
        ("", Some(code)) => locate_text(code).map(Some),
        (typed, _) => locate_text(typed).map(Some),
    }
}

fn locate_position(lat: &str, lon: &str) -> Result<Located, NotUnderstood> {
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            Ok(Located {
                point: (lat, lon),
                understood: Understood::Position,
                alternatives: Vec::new(),
            })
        }
        _ => Err(NotUnderstood::UnreadablePosition),
    }
}

/// A postal code (spaces allowed: "75 011") or the start of a commune's name.
pub fn locate_text(typed: &str) -> Result<Located, NotUnderstood> {
    let typed = typed.trim();
    if typed.len() > MAX_TYPED {
        return Err(NotUnderstood::TooLong);
    }
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.chars().all(|c| c.is_ascii_digit()) {
        return locate_postal_code(&digits);
    }
    let mut found = search_by_name(typed, ALTERNATIVES + 1).into_iter();
    let first = found
        .next()
        .ok_or_else(|| NotUnderstood::NoCommuneNamed(typed.to_string()))?;
    Ok(Located {
        point: first.point(),
        understood: Understood::Commune(first),
        alternatives: found.collect(),
    })
}

fn locate_postal_code(digits: &str) -> Result<Located, NotUnderstood> {
    let known = point_of_postal_code(digits).zip(by_postal_code(digits).first().copied());
    match known {
        Some((point, commune)) => Ok(Located {
            point,
            understood: Understood::PostalCode {
                code: digits.to_string(),
                commune,
            },
            alternatives: Vec::new(),
        }),
        None if digits.len() != 5 => Err(NotUnderstood::NotFiveDigits),
        None => Err(NotUnderstood::UnknownPostalCode(digits.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located(typed: &str) -> Located {
        locate(typed, "", "", None).unwrap().unwrap()
    }

    #[test]
    fn a_position_sent_wins_over_what_was_typed() {
        let found = locate("75011", " 45.76 ", "4.83", Some("13001"))
            .unwrap()
            .unwrap();
        assert_eq!(found.point, (45.76, 4.83));
        assert_eq!(found.understood, Understood::Position);
        assert!(found.alternatives.is_empty());
    }

    #[test]
    fn a_half_sent_or_impossible_position_is_not_understood() {
        for (lat, lon) in [
            ("45.7", ""),
            ("", "4.8"),
            ("91", "0"),
            ("0", "181"),
            ("x", "1"),
        ] {
            assert_eq!(
                locate("75011", lat, lon, None),
                Err(NotUnderstood::UnreadablePosition),
                "{lat} {lon}"
            );
        }
    }

    #[test]
    fn a_postal_code_is_placed_at_its_main_commune_spaces_ignored() {
        let found = located(" 75 011 ");
        assert_eq!(Some(found.point), point_of_postal_code("75011"));
        let Understood::PostalCode { code, commune } = found.understood else {
            panic!("{:?}", found.understood)
        };
        assert_eq!(code, "75011");
        assert!(commune.name.starts_with("Paris"), "{}", commune.name);
    }

    #[test]
    fn wrong_postal_codes_say_why() {
        assert_eq!(locate_text("7501"), Err(NotUnderstood::NotFiveDigits));
        assert_eq!(locate_text("750111"), Err(NotUnderstood::NotFiveDigits));
        assert_eq!(
            locate_text("99999"),
            Err(NotUnderstood::UnknownPostalCode("99999".into()))
        );
    }

    #[test]
    fn a_name_gives_the_most_populated_commune_and_the_others() {
        let found = located("saint etienne");
        assert_eq!(
            found.understood,
            Understood::Commune(by_insee_or_panic("42218"))
        );
        assert_eq!(found.point, by_insee_or_panic("42218").point());
        assert_eq!(found.alternatives.len(), ALTERNATIVES);
        assert!(found.alternatives.iter().all(|c| c.insee != "42218"));
        assert_eq!(
            locate_text("zzzz"),
            Err(NotUnderstood::NoCommuneNamed("zzzz".into()))
        );
        assert_eq!(locate_text(&"a".repeat(101)), Err(NotUnderstood::TooLong));
    }

    #[test]
    fn nothing_typed_falls_back_on_the_persons_postal_code() {
        assert_eq!(locate(" ", "", "", None), Ok(None));
        let found = locate("", "", "", Some("13001")).unwrap().unwrap();
        assert_eq!(Some(found.point), point_of_postal_code("13001"));
    }

    fn by_insee_or_panic(insee: &str) -> &'static Commune {
        crate::by_insee(insee).unwrap()
    }
}
