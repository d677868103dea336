//! Phone numbers, optional on every form; stored in international form (+33…).

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Accepts French numbers (06 12 34 56 78, +33 6…) and international ones (+44…).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')' | '\u{a0}'))
            .collect();
        let invalid =
            || "Ce numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78).".to_string();
        let (prefix, digits) = match compact.strip_prefix('+') {
            Some(rest) => ("+", rest),
            None => ("", compact.as_str()),
        };
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid());
        }
        let international = match (prefix, digits) {
            ("", d) if d.len() == 10 && d.starts_with('0') && !d.starts_with("00") => {
                format!("+33{}", &d[1..])
            }
            ("", d) if d.starts_with("00") => format!("+{}", &d[2..]),
            ("+", d) => format!("+{d}"),
            _ => return Err(invalid()),
        };
        // E.164: at most 15 digits after the plus; 8 is the shortest plausible number.
        let len = international.len() - 1;
        if !(8..=15).contains(&len) {
            return Err(invalid());
        }
        if international.starts_with("+33") && len != 11 {
            return Err(invalid());
        }
        Ok(Self(international))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers_become_international() {
        assert_eq!(
            Phone::parse("06 12 34 56 78").unwrap().as_str(),
            "+33612345678"
        );
        assert_eq!(
            Phone::parse("+33 6.12.34.56.78").unwrap().as_str(),
            "+33612345678"
        );
        assert_eq!(
            Phone::parse("0044 20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "abc",
            "123",
            "06 12 34",
            "+33 6 12 34 56 78 9",
            "0612345678901234567",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
