//! Days written the French way, for every page and email that names one.

use jiff::civil::Date;

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `1er octobre 2021`, `10 avril 2022`.
pub fn french_date(date: Date) -> String {
    let day = match date.day() {
        1 => "1er".to_string(),
        n => n.to_string(),
    };
    format!("{day} {}", month_and_year(date))
}

/// `octobre 2021`.
pub fn month_and_year(date: Date) -> String {
    format!("{} {}", MONTHS[(date.month() - 1) as usize], date.year())
}

/// The day in France (Europe/Paris) at Unix time `secs`: gifts count on the French calendar
/// (a gift at 00:30 on 1 January in Paris is of the new year), orders are dated by it.
pub fn french_day(secs: i64) -> Date {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(secs)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned(tz)
        .date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_first_of_the_month_is_the_1er() {
        assert_eq!(french_date(date(2021, 10, 1)), "1er octobre 2021");
        assert_eq!(french_date(date(2022, 4, 10)), "10 avril 2022");
        assert_eq!(month_and_year(date(2027, 8, 31)), "août 2027");
    }
}
