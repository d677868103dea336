//! The two legal frames a gift can fall under, chosen in the configuration: a party's
//! financing association (7,500 € per person per calendar year, loi 88-227 art. 11-4) or a
//! candidate's mandataire (4,600 € per person per election, only inside the financing window,
//! code électoral L52-4 and L52-8).

use jiff::civil::Date;
use jiff::ToSpan;

use super::Cents;
pub use crate::calendar::french_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    Party,
    Campaign(ElectionWindow),
}

/// The election a campaign finances and the days gifts are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElectionWindow {
    /// First round of the election (the window's opening is counted from its month).
    pub election: Date,
    /// Last day a gift is taken: the last round, or the day the accounts are closed.
    pub closes: Date,
}

/// The span of days whose gifts add up against one cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub starts: Date,
    pub ends: Date,
}

impl ElectionWindow {
    /// Gifts count "from the first day of the sixth month before the month of the election"
    /// (L52-4): a first round on 10 April 2022 opens the window on 1 October 2021.
    pub fn opens(&self) -> Date {
        self.election
            .first_of_month()
            .checked_sub(6.months())
            .unwrap_or(Date::MIN)
    }
}

impl Regime {
    pub fn cap(&self) -> Cents {
        match self {
            Self::Party => Cents::euros(7_500),
            Self::Campaign(_) => Cents::euros(4_600),
        }
    }

    /// The period a gift made on `today` counts in, or why no gift is taken today.
    pub fn period(&self, today: Date) -> Result<Period, String> {
        match self {
            Self::Party => Ok(Period {
                starts: today.first_of_year(),
                ends: today.last_of_year(),
            }),
            Self::Campaign(window) => {
                let opens = window.opens();
                if today < opens {
                    Err(format!(
                        "Les dons pour cette élection seront reçus à partir du {}.",
                        french_date(opens)
                    ))
                } else if today > window.closes {
                    Err(format!(
                        "Les dons pour cette élection ne sont plus reçus depuis le {}.",
                        french_date(window.closes)
                    ))
                } else {
                    Ok(Period {
                        starts: opens,
                        ends: window.closes,
                    })
                }
            }
        }
    }

    /// How the cap reads on the form.
    pub fn cap_explained(&self) -> String {
        match self {
            Self::Party => format!(
                "La loi limite les dons d'une même personne à {} par année civile, tous dons \
                 confondus (dons ponctuels et mensualités de l'année).",
                self.cap()
            ),
            Self::Campaign(window) => format!(
                "La loi limite les dons d'une même personne à {} pour cette élection, tous dons \
                 confondus, reçus du {} au {}.",
                self.cap(),
                french_date(window.opens()),
                french_date(window.closes)
            ),
        }
    }
}

impl Period {
    /// Monthly instalments taken on `day_of_month` from `first` (included) to the period's end:
    /// what a monthly gift started on `first` will have cost by then.
    pub fn instalments_from(&self, first: Date) -> i64 {
        // Counted as `first` + k months (not month after month), so that a gift started on
        // the 31st stays on the last day of each month instead of drifting to the 28th.
        let mut count = 0;
        for k in 0..1200_i64 {
            let Ok(due) = first.checked_add(k.months()) else {
                break;
            };
            if due > self.ends {
                break;
            }
            if due >= self.starts {
                count += 1;
            }
        }
        count
    }

    pub fn contains(&self, day: Date) -> bool {
        self.starts <= day && day <= self.ends
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn presidential_2022() -> Regime {
        Regime::Campaign(ElectionWindow {
            election: date(2022, 4, 10),
            closes: date(2022, 4, 24),
        })
    }

    #[test]
    fn the_campaign_window_opens_on_the_first_day_of_the_sixth_month_before() {
        let Regime::Campaign(window) = presidential_2022() else {
            unreachable!()
        };
        assert_eq!(window.opens(), date(2021, 10, 1));
    }

    #[test]
    fn no_campaign_gift_before_or_after_the_window() {
        let regime = presidential_2022();
        assert!(regime
            .period(date(2021, 9, 30))
            .unwrap_err()
            .contains("1er octobre 2021"));
        assert!(regime
            .period(date(2022, 4, 25))
            .unwrap_err()
            .contains("24 avril 2022"));
        let period = regime.period(date(2021, 10, 1)).unwrap();
        assert_eq!(
            (period.starts, period.ends),
            (date(2021, 10, 1), date(2022, 4, 24))
        );
        assert_eq!(regime.cap(), Cents::euros(4_600));
    }

    #[test]
    fn the_party_period_is_the_calendar_year() {
        let period = Regime::Party.period(date(2026, 12, 1)).unwrap();
        assert_eq!(
            (period.starts, period.ends),
            (date(2026, 1, 1), date(2026, 12, 31))
        );
        assert_eq!(Regime::Party.cap(), Cents::euros(7_500));
    }

    #[test]
    fn instalments_are_counted_to_the_end_of_the_period() {
        let year = Regime::Party.period(date(2026, 3, 15)).unwrap();
        // 15 March, April, …, December: ten instalments.
        assert_eq!(year.instalments_from(date(2026, 3, 15)), 10);
        assert_eq!(year.instalments_from(date(2026, 12, 31)), 1);
        assert_eq!(year.instalments_from(date(2027, 1, 1)), 0);
        // A subscription started last year counts only this year's instalments.
        assert_eq!(year.instalments_from(date(2025, 6, 5)), 12);
    }
}
