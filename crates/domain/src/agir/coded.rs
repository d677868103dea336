//! The closed lists people choose from (skills, availability, interests, where an action takes
//! place): posted and stored as short codes, shown by a French label.

/// A closed list whose values are posted and stored as short codes, and shown by a label.
pub trait Coded: Copy + Ord + 'static {
    const ALL: &'static [Self];

    fn code(self) -> &'static str;

    fn label(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code.trim())
    }

    /// The values named by `codes` (each a code as posted), sorted and without repeats.
    /// `Err` carries the first unknown code.
    fn from_codes<S: AsRef<str>>(codes: &[S]) -> Result<Vec<Self>, String> {
        let mut values = codes
            .iter()
            .map(|c| Self::from_code(c.as_ref()).ok_or_else(|| c.as_ref().to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        values.sort();
        values.dedup();
        Ok(values)
    }

    /// The values named by `codes`, sorted and without repeats; unknown codes are ignored.
    fn known<S: AsRef<str>>(codes: &[S]) -> Vec<Self> {
        let mut values: Vec<Self> = codes
            .iter()
            .filter_map(|c| Self::from_code(c.as_ref()))
            .collect();
        values.sort();
        values.dedup();
        values
    }

    /// "a,b" as stored → the values it names; unknown codes are ignored.
    fn from_stored(codes: &str) -> Vec<Self> {
        Self::known(&codes.split(',').collect::<Vec<_>>())
    }

    fn stored(values: &[Self]) -> String {
        values
            .iter()
            .map(|v| v.code())
            .collect::<Vec<_>>()
            .join(",")
    }
}
