//! Numbered placeholders for statements whose length depends on the data (`IN (…)` lists,
//! multi-row `VALUES`): `$n` works on both SQLite and PostgreSQL.

/// `$first, $first+1, …` — `n` of them.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(super::placeholders(1, 3), "$1, $2, $3");
        assert_eq!(super::placeholders(11, 2), "$11, $12");
    }
}
