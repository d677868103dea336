//! What a group records after a registration drive: the day it was held and, per commune, how
//! many people it helped register and how many it helped update their address. Counts only.

use jiff::civil::Date;

use super::ballot::parse_day;

/// More than anyone helps in one commune in one day: a typo.
pub const COUNT_MAX: i64 = 10_000;

/// The day of the drive: not in the future, not more than a year ago.
pub fn parse_held_on(raw: &str, today: Date) -> Result<Date, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("Indiquez le jour de l'opération.".into());
    }
    let day = parse_day(raw)
        .ok_or_else(|| "Une date s'écrit jj/mm/aaaa (exemple : 14/03/2027).".to_string())?;
    if day > today {
        return Err("L'opération a déjà eu lieu : indiquez un jour passé (ou aujourd'hui).".into());
    }
    if today
        .since(day)
        .map(|span| span.get_days())
        .unwrap_or(i32::MAX)
        > 366
    {
        return Err("Cette opération date de plus d'un an.".into());
    }
    Ok(day)
}

/// A number of people helped: empty is 0.
pub fn parse_count(raw: &str) -> Result<i64, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    match raw.parse::<i64>() {
        Ok(n) if (0..=COUNT_MAX).contains(&n) => Ok(n),
        _ => Err(format!("Un nombre de personnes, de 0 à {COUNT_MAX}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_drive_was_held_within_the_last_year() {
        let today = date(2027, 3, 20);
        assert_eq!(parse_held_on("2027-03-14", today), Ok(date(2027, 3, 14)));
        assert_eq!(parse_held_on("14/03/2027", today), Ok(date(2027, 3, 14)));
        assert!(parse_held_on("2027-03-21", today)
            .unwrap_err()
            .contains("passé"));
        assert!(parse_held_on("2025-03-14", today)
            .unwrap_err()
            .contains("plus d'un an"));
        assert!(parse_held_on("", today).is_err());
        assert!(parse_held_on("hier", today).is_err());
    }

    #[test]
    fn counts_are_whole_and_plausible() {
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count(" 12 "), Ok(12));
        for bad in ["-1", "1.5", "douze", "10001"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }
}
