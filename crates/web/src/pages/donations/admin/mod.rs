//! /admin/dons, for staff: the ledger with its filters, totals and chart, what went wrong
//! (cap refusals, failed instalments, notifications not processed), the cheque and cash entry
//! form, and the treasurer's files (TSV for the CNCCFP, CSV for a spreadsheet).

mod entry;
mod export;
mod ledger;

use axum::routing::get;
use essaim_domain::donations::method::parse_day;
use jiff::civil::Date;

use crate::routes::RouteTable;

pub fn admin_routes() -> RouteTable {
    vec![
        ("/admin/dons", get(ledger::show)),
        ("/admin/dons/saisie", get(entry::show).post(entry::submit)),
        ("/admin/dons/export.tsv", get(export::tsv)),
        ("/admin/dons/export.csv", get(export::csv)),
    ]
}

/// An optional day of a filter: empty is none, anything else must be a date.
fn optional_day(raw: &str) -> Result<Option<Date>, String> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    parse_day(raw)
        .map(Some)
        .ok_or_else(|| "Date illisible : jj/mm/aaaa.".to_string())
}

/// `2026-11-30` → `30/11/2026`.
pub(crate) fn day_label(day: &str) -> String {
    match day.parse::<Date>() {
        Ok(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Err(_) => day.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn filter_days_are_read_and_written_the_french_way() {
        assert_eq!(day_label("2026-03-09"), "09/03/2026");
        assert_eq!(optional_day(" "), Ok(None));
        assert_eq!(optional_day("09/03/2026"), Ok(Some(date(2026, 3, 9))));
        assert!(optional_day("mardi").is_err());
    }
}
