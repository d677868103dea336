//! Reminders before the online registration deadline: 45, 40 and 38 days before it, to
//! supporters who have not said they are registered. Sent in the evening of the person's zone
//! (people read their mail after work), each once: the store keeps which were sent.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::ToSpan;

use super::ballot::Zone;
use super::deadline::deadlines;

/// Days before the online deadline at which a reminder goes.
pub const OFFSETS: [i64; 3] = [45, 40, 38];

/// Local hours (from, to excluded) in which reminders are queued: the housekeeping runs every
/// hour, so each evening has at least two chances.
pub const EVENING: (i8, i8) = (18, 21);

/// The time zone whose evening a zone's reminders wait for. The Saturday zone spans the
/// Americas and French Polynesia; the Antilles stand for it.
pub fn time_zone(zone: Zone) -> TimeZone {
    let name = match zone {
        Zone::Sunday => "Europe/Paris",
        Zone::Saturday => "America/Martinique",
    };
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// The zone's local day, if `now` (Unix seconds) is in its evening hours.
pub fn evening_day(now: i64, zone: Zone) -> Option<Date> {
    let local = jiff::Timestamp::from_second(now)
        .ok()?
        .to_zoned(time_zone(zone));
    (EVENING.0..EVENING.1)
        .contains(&local.hour())
        .then(|| local.date())
}

/// Which reminder (its offset) is due on `today` for a ballot whose first round, in the
/// zone, is on `first_round`; None on other days.
pub fn due_offset(today: Date, first_round: Date) -> Option<i64> {
    let online = deadlines(first_round).online;
    OFFSETS
        .into_iter()
        .find(|days| online.checked_sub(days.days()).ok() == Some(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn three_reminders_45_40_and_38_days_before_the_online_deadline() {
        // 10 April 2022: online until 2 March.
        let ballot = date(2022, 4, 10);
        assert_eq!(due_offset(date(2022, 1, 16), ballot), Some(45));
        assert_eq!(due_offset(date(2022, 1, 21), ballot), Some(40));
        assert_eq!(due_offset(date(2022, 1, 23), ballot), Some(38));
        let reminded = (0..120)
            .filter_map(|n| date(2021, 12, 1).checked_add(n.days()).ok())
            .filter(|day| due_offset(*day, ballot).is_some())
            .count();
        assert_eq!(reminded, 3);
    }

    #[test]
    fn the_evening_is_the_zones() {
        // 2022-01-16 18:30 in Paris is 17:30 UTC; in Martinique it is 13:30.
        let paris_evening = jiff::civil::date(2022, 1, 16)
            .at(17, 30, 0, 0)
            .to_zoned(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second();
        assert_eq!(
            evening_day(paris_evening, Zone::Sunday),
            Some(date(2022, 1, 16))
        );
        assert_eq!(evening_day(paris_evening, Zone::Saturday), None);
        let antilles_evening = paris_evening + 6 * 3600;
        assert_eq!(
            evening_day(antilles_evening, Zone::Saturday),
            Some(date(2022, 1, 16))
        );
        assert_eq!(
            evening_day(antilles_evening, Zone::Sunday),
            None,
            "past midnight in Paris"
        );
    }
}
