//! Sums of money as integer cents: never a float between the form and the ledger.

use std::fmt;

/// An amount in euro cents. Display writes it the French way: `1 234,50 €`, `20 €`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

/// The smallest gift the site takes: below it, card fees eat the gift.
pub const MINIMUM: Cents = Cents(100);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    pub const fn new(cents: i64) -> Self {
        Self(cents)
    }

    pub const fn euros(euros: i64) -> Self {
        Self(euros * 100)
    }

    pub const fn get(self) -> i64 {
        self.0
    }

    pub fn saturating_sub(self, other: Cents) -> Cents {
        Cents((self.0 - other.0).max(0))
    }

    /// Parses what a person types as an amount of euros: `20`, `20,50`, `20.5`, `1 000 €`.
    /// At most two decimals; at least `MINIMUM`; at most `maximum`.
    pub fn parse_euros(raw: &str, maximum: Cents) -> Result<Self, String> {
        let amount = Self::read_euros(raw, maximum)?;
        if amount < MINIMUM {
            return Err(format!("Le don minimum est de {MINIMUM}."));
        }
        Ok(amount)
    }

    /// Like `parse_euros`, zero included: a price (0 is free), not a gift.
    pub fn read_euros(raw: &str, maximum: Cents) -> Result<Self, String> {
        let cleaned: String = raw
            .trim()
            .trim_end_matches('€')
            .trim_end_matches("EUR")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
            .collect();
        if cleaned.is_empty() {
            return Err("Indiquez un montant.".into());
        }
        let (whole, fraction) = match cleaned.split_once([',', '.']) {
            Some((whole, fraction)) => (whole, fraction),
            None => (cleaned.as_str(), ""),
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
            return Err(
                "Indiquez un montant en euros, avec au plus deux décimales (exemple : 20 ou 20,50)."
                    .into(),
            );
        }
        // 12 digits of euros are far beyond any cap: longer is nonsense, not an overflow.
        if whole.len() > 12 {
            return Err(format!("Le montant ne peut pas dépasser {maximum}."));
        }
        let euros: i64 = whole
            .parse()
            .map_err(|_| "Montant illisible.".to_string())?;
        let cents: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        let amount = Cents(euros * 100 + cents);
        if amount > maximum {
            return Err(format!("Le montant ne peut pas dépasser {maximum}."));
        }
        Ok(amount)
    }

    /// The amount as the payment provider and the ledger file write it: `20.50`.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", self.0.abs() / 100, self.0.abs() % 100)
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, other: Cents) -> Cents {
        Cents(self.0 + other.0)
    }
}

impl std::ops::Mul<i64> for Cents {
    type Output = Cents;
    fn mul(self, times: i64) -> Cents {
        Cents(self.0 * times)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let euros = (abs / 100).to_string();
        // Thousands separated by a narrow no-break space, as French typography wants.
        let mut grouped = String::new();
        for (i, digit) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('\u{202f}');
            }
            grouped.push(digit);
        }
        match abs % 100 {
            0 => write!(f, "{sign}{grouped}\u{a0}€"),
            cents => write!(f, "{sign}{grouped},{cents:02}\u{a0}€"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAP: Cents = Cents::euros(7_500);

    #[test]
    fn amounts_typed_the_french_or_english_way_are_read_as_cents() {
        assert_eq!(Cents::parse_euros("20", CAP), Ok(Cents(2000)));
        assert_eq!(Cents::parse_euros("20,5", CAP), Ok(Cents(2050)));
        assert_eq!(Cents::parse_euros("20.05", CAP), Ok(Cents(2005)));
        assert_eq!(Cents::parse_euros(" 1 000 € ", CAP), Ok(Cents(100_000)));
        assert_eq!(Cents::parse_euros("1", CAP), Ok(MINIMUM));
    }

    #[test]
    fn nonsense_below_the_minimum_or_over_the_maximum_is_refused() {
        for bad in [
            "",
            "abc",
            "-5",
            "20,505",
            "0,99",
            "0",
            "1e3",
            "7500,01",
            "99999999999999999",
        ] {
            assert!(Cents::parse_euros(bad, CAP).is_err(), "{bad:?}");
        }
        assert!(Cents::parse_euros("0,50", CAP)
            .unwrap_err()
            .contains("minimum"));
    }

    #[test]
    fn display_and_decimal_forms() {
        assert_eq!(Cents(2000).to_string(), "20\u{a0}€");
        assert_eq!(Cents(123_450).to_string(), "1\u{202f}234,50\u{a0}€");
        assert_eq!(Cents(750_000).to_string(), "7\u{202f}500\u{a0}€");
        assert_eq!(Cents(2050).decimal(), "20.50");
        assert_eq!(Cents(-2050).decimal(), "-20.50");
        assert_eq!(Cents(-50).decimal(), "-0.50");
    }
}
