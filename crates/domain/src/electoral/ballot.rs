//! A ballot as staff enter it: its name, its kind, the Sunday of each round. Where the
//! Americas and some overseas territories vote the day before (presidential, legislative and
//! European elections), each round also has its Saturday: the date is the zone's, and so are
//! the deadlines counted from it. Staff type dates; deadlines are always computed.

use jiff::civil::{Date, Weekday};

use crate::text::required_text;
use crate::FieldErrors;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotKind {
    Presidential,
    Legislative,
    European,
    Municipal,
    Regional,
    Departmental,
    Referendum,
}

impl BallotKind {
    pub const ALL: [Self; 7] = [
        Self::Presidential,
        Self::Legislative,
        Self::European,
        Self::Municipal,
        Self::Regional,
        Self::Departmental,
        Self::Referendum,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Presidential => "presidentielle",
            Self::Legislative => "legislatives",
            Self::European => "europeennes",
            Self::Municipal => "municipales",
            Self::Regional => "regionales",
            Self::Departmental => "departementales",
            Self::Referendum => "referendum",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Presidential => "élection présidentielle",
            Self::Legislative => "élections législatives",
            Self::European => "élections européennes",
            Self::Municipal => "élections municipales",
            Self::Regional => "élections régionales",
            Self::Departmental => "élections départementales",
            Self::Referendum => "référendum",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Whether, for this kind, the Americas and some overseas territories vote on the Saturday.
    pub fn saturday_zone_by_default(self) -> bool {
        matches!(
            self,
            Self::Presidential | Self::Legislative | Self::European
        )
    }
}

/// Where a person votes, as far as the day is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    Sunday,
    /// Guadeloupe, Martinique, Guyane, Saint-Pierre-et-Miquelon, French Polynesia, and French
    /// people living in the Americas.
    Saturday,
}

impl Zone {
    pub fn code(self) -> &'static str {
        match self {
            Self::Sunday => "dimanche",
            Self::Saturday => "samedi",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Sunday, Self::Saturday]
            .into_iter()
            .find(|zone| zone.code() == code)
    }
}

/// Départements that vote the day before.
pub const SATURDAY_DEPARTEMENTS: [&str; 5] = ["971", "972", "973", "975", "987"];

/// Countries of the Americas (ISO codes), where French people abroad vote the day before.
pub const AMERICAS: &[&str] = &[
    "AG", "AR", "BB", "BO", "BR", "BS", "BZ", "CA", "CL", "CO", "CR", "CU", "DM", "DO", "EC", "GD",
    "GT", "GY", "HN", "HT", "JM", "KN", "LC", "MX", "NI", "PA", "PE", "PY", "SR", "SV", "TT", "US",
    "UY", "VC", "VE",
];

/// A person's zone from their département (living in France) or their country (abroad).
pub fn zone_of(departement: Option<&str>, country: &str) -> Zone {
    let saturday = match departement {
        Some(departement) => SATURDAY_DEPARTEMENTS.contains(&departement),
        None => AMERICAS.contains(&country),
    };
    if saturday {
        Zone::Saturday
    } else {
        Zone::Sunday
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotDraft {
    pub name: String,
    pub kind: BallotKind,
    /// The Sunday of each round (one or two).
    pub rounds: Vec<Date>,
    /// The Saturday zone votes the day before each round.
    pub saturday_zone: bool,
}

impl BallotDraft {
    /// Each round's day in each zone: (round number, zone, day).
    pub fn days(&self) -> Vec<(i64, Zone, Date)> {
        let mut days = Vec::new();
        for (n, sunday) in self.rounds.iter().enumerate() {
            let round = n as i64 + 1;
            days.push((round, Zone::Sunday, *sunday));
            if self.saturday_zone {
                days.push((round, Zone::Saturday, sunday.yesterday().expect("in range")));
            }
        }
        days
    }
}

/// The ballot form: `first` and `second` as a date field sends them (2027-04-11).
pub fn parse_ballot(
    name: &str,
    kind: &str,
    first: &str,
    second: &str,
    saturday_zone: bool,
) -> Result<BallotDraft, FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = errors.take("name", required_text(name, "le nom du scrutin", 150, false));
    let kind = errors.take(
        "kind",
        BallotKind::from_code(kind).ok_or_else(|| "Choisissez le type de scrutin.".to_string()),
    );
    let first = errors.take("first_round", sunday(first, true));
    let second = errors.take("second_round", sunday(second, false));
    if let (Some(Some(first)), Some(Some(second))) = (first, second) {
        if second <= first {
            errors.add("second_round", "Le second tour vient après le premier.");
        }
    }
    match (name, kind, first, second) {
        (Some(name), Some(kind), Some(Some(first)), Some(second)) if errors.is_empty() => {
            Ok(BallotDraft {
                name,
                kind,
                rounds: std::iter::once(first).chain(second).collect(),
                saturday_zone,
            })
        }
        _ => Err(errors),
    }
}

/// A day as a date field sends it (2027-04-11), or as typed where there is no date picker
/// (11/04/2027).
pub(crate) fn parse_day(raw: &str) -> Option<Date> {
    if let Ok(day) = raw.parse::<Date>() {
        return Some(day);
    }
    let parts: Vec<&str> = raw.split('/').collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()
}

fn sunday(raw: &str, required: bool) -> Result<Option<Date>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return if required {
            Err("Indiquez la date du premier tour.".into())
        } else {
            Ok(None)
        };
    }
    let day = parse_day(raw)
        .ok_or_else(|| "Une date s'écrit jj/mm/aaaa (exemple : 11/04/2027).".to_string())?;
    if !(2000..=2100).contains(&day.year()) {
        return Err("Cette date n'est pas plausible pour un scrutin.".into());
    }
    if day.weekday() != Weekday::Sunday {
        return Err("En métropole, un tour de scrutin a lieu un dimanche.".into());
    }
    Ok(Some(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_ballot_has_a_name_a_kind_and_sundays() {
        let draft = parse_ballot(
            "Présidentielle 2027",
            "presidentielle",
            "2027-04-11",
            "2027-04-25",
            true,
        )
        .unwrap();
        assert_eq!(draft.rounds, vec![date(2027, 4, 11), date(2027, 4, 25)]);
        assert_eq!(
            draft.days(),
            vec![
                (1, Zone::Sunday, date(2027, 4, 11)),
                (1, Zone::Saturday, date(2027, 4, 10)),
                (2, Zone::Sunday, date(2027, 4, 25)),
                (2, Zone::Saturday, date(2027, 4, 24)),
            ]
        );
        let one_round = parse_ballot("Référendum", "referendum", "2027-06-06", "", false).unwrap();
        assert_eq!(one_round.days(), vec![(1, Zone::Sunday, date(2027, 6, 6))]);
    }

    #[test]
    fn mistakes_are_told_field_by_field() {
        let errors = parse_ballot("", "autre", "2027-04-12", "2027-04-04", true).unwrap_err();
        for field in ["name", "kind", "first_round"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert!(errors.get("first_round").unwrap().contains("dimanche"));
        let errors =
            parse_ballot("X", "legislatives", "2027-06-13", "2027-06-06", true).unwrap_err();
        assert!(errors.get("second_round").unwrap().contains("après"));
        let errors = parse_ballot("X", "legislatives", "31/02/2027", "", true).unwrap_err();
        assert!(errors.get("first_round").unwrap().contains("jj/mm/aaaa"));
        let typed = parse_ballot("X", "legislatives", "13/06/2027", "", true).unwrap();
        assert_eq!(
            typed.rounds,
            vec![date(2027, 6, 13)],
            "typed the French way"
        );
        assert!(parse_ballot("X", "legislatives", "", "", true).is_err());
    }

    #[test]
    fn the_americas_and_some_overseas_vote_the_day_before() {
        assert_eq!(zone_of(Some("972"), "FR"), Zone::Saturday);
        assert_eq!(
            zone_of(Some("974"), "FR"),
            Zone::Sunday,
            "La Réunion votes on Sunday"
        );
        assert_eq!(zone_of(Some("75"), "FR"), Zone::Sunday);
        assert_eq!(zone_of(None, "CA"), Zone::Saturday);
        assert_eq!(zone_of(None, "DE"), Zone::Sunday);
    }
}
