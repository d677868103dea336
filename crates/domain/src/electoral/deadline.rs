//! When registration closes for a ballot. One national register (REU): a person registers at
//! the town hall until the 6th Friday before the ballot (L17), online until the Wednesday
//! before that Friday (R5). For a first round on Sunday D: D−37 and D−39 (10 April 2022 → 4 and
//! 2 March 2022). Some overseas territories and the Americas vote on the Saturday: the day is the
//! ballot's in that zone, and the same rule counts back from it. People in some situations (a
//! move for work, turning 18, naturalisation after the deadline) may still register until the
//! 10th day before (L30).

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

/// Days before the ballot until which the exceptions of L30 allow registering.
pub const EXCEPTIONS_DAYS_BEFORE: i32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// The last day to register online (service-public.fr): the Wednesday before `town_hall`.
    pub online: Date,
    /// The last day to register at the town hall: the 6th Friday before the ballot.
    pub town_hall: Date,
    /// The last day for the exceptions (L30): the 10th day before the ballot.
    pub exceptions: Date,
}

/// The deadlines of a ballot held on `ballot` (its first round, in the person's zone).
pub fn deadlines(ballot: Date) -> Deadlines {
    // The Friday strictly before the ballot, then five more weeks back: the 6th Friday before.
    let mut friday = ballot
        .yesterday()
        .expect("a ballot is not on 1 January of year -9999");
    while friday.weekday() != Weekday::Friday {
        friday = friday.yesterday().expect("within jiff's range");
    }
    let town_hall = friday.checked_sub(5.weeks()).expect("within jiff's range");
    Deadlines {
        online: town_hall
            .checked_sub(2.days())
            .expect("within jiff's range"),
        town_hall,
        exceptions: ballot
            .checked_sub(EXCEPTIONS_DAYS_BEFORE.days())
            .expect("within jiff's range"),
    }
}

/// Where a person stands, on `today`, for the ballot on `ballot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Online and at the town hall, `days_left` days left to register online (0: today is the last).
    Open { days_left: i32 },
    /// Too late online; the town hall still registers until its deadline.
    TownHallOnly { days_left: i32 },
    /// Closed, except for the situations of L30, until `exceptions`.
    ExceptionsOnly,
    /// Closed for this ballot.
    Closed,
    /// The ballot is past.
    Past,
}

pub fn window(today: Date, ballot: Date) -> Window {
    let d = deadlines(ballot);
    let days_until = |day: Date| (day - today).get_days();
    if today > ballot {
        Window::Past
    } else if today <= d.online {
        Window::Open {
            days_left: days_until(d.online),
        }
    } else if today <= d.town_hall {
        Window::TownHallOnly {
            days_left: days_until(d.town_hall),
        }
    } else if today <= d.exceptions {
        Window::ExceptionsOnly
    } else {
        Window::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn the_presidential_first_round_of_2022() {
        let d = deadlines(date(2022, 4, 10));
        assert_eq!(d.town_hall, date(2022, 3, 4));
        assert_eq!(d.online, date(2022, 3, 2));
        assert_eq!(d.exceptions, date(2022, 3, 31));
    }

    #[test]
    fn a_saturday_ballot_counts_back_from_its_saturday() {
        // The Americas voted on Saturday 9 April 2022.
        let d = deadlines(date(2022, 4, 9));
        assert_eq!(d.town_hall, date(2022, 3, 4), "still the 6th Friday before");
        assert_eq!(d.online, date(2022, 3, 2));
        assert_eq!(d.exceptions, date(2022, 3, 30));
    }

    #[test]
    fn the_window_closes_in_steps() {
        let ballot = date(2022, 4, 10);
        assert_eq!(
            window(date(2022, 2, 1), ballot),
            Window::Open { days_left: 29 }
        );
        assert_eq!(
            window(date(2022, 3, 2), ballot),
            Window::Open { days_left: 0 }
        );
        assert_eq!(
            window(date(2022, 3, 3), ballot),
            Window::TownHallOnly { days_left: 1 }
        );
        assert_eq!(
            window(date(2022, 3, 4), ballot),
            Window::TownHallOnly { days_left: 0 }
        );
        // Less than 37 days away: closed, but for the exceptions until the 10th day before.
        assert_eq!(window(date(2022, 3, 5), ballot), Window::ExceptionsOnly);
        assert_eq!(window(date(2022, 3, 31), ballot), Window::ExceptionsOnly);
        assert_eq!(window(date(2022, 4, 1), ballot), Window::Closed);
        assert_eq!(window(date(2022, 4, 10), ballot), Window::Closed);
        assert_eq!(window(date(2022, 4, 11), ballot), Window::Past);
    }

    proptest! {
        #[test]
        fn a_friday_at_the_town_hall_a_wednesday_online_37_and_39_days_before_a_sunday(days in 0i32..40_000) {
            let day = date(1990, 1, 1).checked_add(days.days()).unwrap();
            let d = deadlines(day);
            prop_assert_eq!(d.town_hall.weekday(), Weekday::Friday);
            prop_assert_eq!(d.online.weekday(), Weekday::Wednesday);
            let before = (day - d.town_hall).get_days();
            prop_assert!((36..=42).contains(&before), "the 6th Friday: {} days before", before);
            prop_assert_eq!((d.town_hall - d.online).get_days(), 2);
            if day.weekday() == Weekday::Sunday {
                prop_assert_eq!(before, 37);
                prop_assert_eq!((day - d.online).get_days(), 39);
            }
            if day.weekday() == Weekday::Saturday {
                prop_assert_eq!(before, 36);
            }
        }
    }
}
