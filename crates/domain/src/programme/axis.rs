//! The seven axes of the programme: numbered 1 to 7 (their addresses), titles and introductions
//! edited by staff.

use std::fmt;
use std::str::FromStr;

use crate::text::required_text;
use crate::FieldErrors;

/// How many axes the programme has (the seed's "sept axes").
pub const AXES: u8 = 7;

/// An axis's number, 1 to 7: parsed from an address, so `/programme/axe/8` is a "not found".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AxisNumber(u8);

impl AxisNumber {
    pub fn new(number: i64) -> Option<Self> {
        u8::try_from(number)
            .ok()
            .filter(|n| (1..=AXES).contains(n))
            .map(Self)
    }

    pub fn get(self) -> i64 {
        i64::from(self.0)
    }

    pub fn all() -> impl Iterator<Item = Self> {
        (1..=AXES).map(Self)
    }
}

impl fmt::Display for AxisNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for AxisNumber {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 2 {
            return Err(());
        }
        text.parse().ok().and_then(Self::new).ok_or(())
    }
}

pub const TITLE_MAX: usize = 150;
pub const INTRODUCTION_MAX: usize = 10_000;

/// An axis's title and introduction (Markdown, rendered without raw HTML), as staff wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisText {
    pub title: String,
    pub introduction: String,
}

pub fn parse_axis(title: &str, introduction: &str) -> Result<AxisText, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = errors.take(
        "title",
        required_text(title, "le titre de l'axe", TITLE_MAX, false),
    );
    let introduction = errors.take(
        "introduction",
        required_text(introduction, "l'introduction", INTRODUCTION_MAX, true),
    );
    match (title, introduction) {
        (Some(title), Some(introduction)) => Ok(AxisText {
            title,
            introduction,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_one_to_seven_are_axes() {
        assert_eq!("1".parse::<AxisNumber>().map(AxisNumber::get), Ok(1));
        assert_eq!("7".parse::<AxisNumber>().map(AxisNumber::get), Ok(7));
        for bad in ["0", "8", "", "-1", "+3", "01x", "999999999999", "3 "] {
            assert!(bad.parse::<AxisNumber>().is_err(), "{bad}");
        }
        assert_eq!(AxisNumber::all().count(), 7);
    }

    #[test]
    fn an_axis_needs_a_title_and_an_introduction() {
        let errors = parse_axis("  ", "").unwrap_err();
        assert!(errors.get("title").is_some());
        assert!(errors.get("introduction").is_some());
        let axis = parse_axis(" Une  VIe République ", "Pourquoi **changer**.").unwrap();
        assert_eq!(axis.title, "Une VIe République");
    }
}
