//! Numbered placeholders for statements whose length depends on the data (`IN (…)` lists,
//! multi-row `VALUES`): `$n` works on both SQLite and PostgreSQL.

/// `$first, $first+1, …` — `n` of them.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of `sql_with_ids`, whose `{ids}` stands for an `IN (…)` list, for these ids (a
/// page of search results: read in full once the search has chosen them).
pub(crate) async fn rows_with_ids(
    pool: &sqlx::AnyPool,
    sql_with_ids: &str,
    ids: &[i64],
) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = sql_with_ids.replace("{ids}", &placeholders(1, ids.len()));
    let mut query = sqlx::query(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(pool).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_numbered_from_the_first() {
        assert_eq!(super::placeholders(1, 3), "$1, $2, $3");
        assert_eq!(super::placeholders(11, 2), "$11, $12");
    }
}
