//! How long the ledger is kept. The treasurer must be able to show every payment to the
//! CNCCFP and the tax office for years after the accounts are filed: a payment is kept for
//! `years` counted from the end of the year it was received (a gift of March 2026 kept 7 years
//! goes on 1 January 2034). Gifts asked but never paid are not ledger lines: they go sooner.

use jiff::civil::Date;

/// The first day whose payments are still kept on `today`: every payment received before it
/// is `years` past the end of its year.
pub fn ledger_kept_from(today: Date, years: i16) -> Date {
    let year = today.year().saturating_sub(years.max(1));
    Date::new(year.max(1), 1, 1).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_payment_is_kept_seven_years_from_the_end_of_its_year() {
        // A gift of 2019 is kept through 31 December 2026, gone on 1 January 2027.
        assert_eq!(ledger_kept_from(date(2026, 12, 31), 7), date(2019, 1, 1));
        assert_eq!(ledger_kept_from(date(2027, 1, 1), 7), date(2020, 1, 1));
    }

    #[test]
    fn at_least_a_year_is_kept() {
        assert_eq!(ledger_kept_from(date(2026, 6, 1), 0), date(2025, 1, 1));
    }
}
