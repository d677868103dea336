//! Full-text search over listed contributions: SQLite's FTS5 over the stems made by the domain
//! (`essaim_domain::programme::search`), PostgreSQL's tsvector with its 'french' configuration.
//! Ranked by relevance (bm25, ts_rank), ties by number.

use essaim_domain::ids::ContributionId;
use essaim_domain::programme::listing::PAGE_SIZE;
use essaim_domain::programme::search::COUNT_MAX;
use essaim_domain::programme::search::{index_terms, SearchQuery};
use sqlx::AnyConnection;

use super::{CardRow, ContributionCard, CARD_COLUMNS, LISTED};
use crate::{Backend, Store, StoreError};

/// Keeps SQLite's index in step with a contribution's text (PostgreSQL computes its column).
pub(crate) async fn index(
    conn: &mut AnyConnection,
    backend: Backend,
    id: ContributionId,
    title: &str,
    body: &str,
    replace: bool,
) -> Result<(), StoreError> {
    if backend != Backend::Sqlite {
        return Ok(());
    }
    if replace {
        unindex(conn, backend, id).await?;
    }
    sqlx::query("INSERT INTO programme_search (rowid, terms) VALUES ($1, $2)")
        .bind(id.get())
        .bind(index_terms(title, body))
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes a contribution out of SQLite's index (before it is deleted).
pub(crate) async fn unindex(
    conn: &mut AnyConnection,
    backend: Backend,
    id: ContributionId,
) -> Result<(), StoreError> {
    if backend == Backend::Sqlite {
        sqlx::query("DELETE FROM programme_search WHERE rowid = $1")
            .bind(id.get())
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Matches ranked beyond the page asked for, in case some of the best are hidden.
const WINDOW_SLACK: i64 = 100;

/// Which of the query's words a match needs.
#[derive(Clone, Copy)]
enum Words {
    All,
    Any,
}

impl Store {
    /// Listed contributions like a draft (any of its words, most alike first): shown to its
    /// author before they publish.
    pub async fn similar_contributions(
        &self,
        query: &SearchQuery,
        limit: i64,
    ) -> Result<Vec<ContributionCard>, StoreError> {
        self.matching(query, Words::Any, limit, 0).await
    }

    /// One page of the listed contributions holding every word of `query`, best first, and how
    /// many there are — counted up to `COUNT_MAX + 1` only: past a thousand, "more than a
    /// thousand" says enough, and counting every match of a frequent word costs as much as
    /// ranking them.
    pub async fn search_contributions(
        &self,
        query: &SearchQuery,
        page: i64,
    ) -> Result<(Vec<ContributionCard>, i64), StoreError> {
        let cards = self
            .matching(query, Words::All, PAGE_SIZE, (page.max(1) - 1) * PAGE_SIZE)
            .await?;
        let (from, text) = self.match_clause(query, Words::All, None);
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 {from} AND {LISTED} LIMIT {}) capped",
            COUNT_MAX + 1
        ))
        .bind(text)
        .fetch_one(&self.pool)
        .await?;
        Ok((cards, total))
    }

    async fn matching(
        &self,
        query: &SearchQuery,
        words: Words,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ContributionCard>, StoreError> {
        if self.backend() == Backend::Sqlite {
            // FTS5 ranks first, then only the best matches are joined to their contributions:
            // for a frequent word, joining every match before sorting took twice as long as
            // ranking them. Exact as long as the window holds enough listed contributions;
            // when it does not (hidden ones among the best, or fewer matches), all are joined.
            let window = Some(offset + limit + WINDOW_SLACK);
            let rows = self.ranked(query, words, limit, offset, window).await?;
            if rows.len() as i64 == limit {
                return Ok(rows);
            }
        }
        self.ranked(query, words, limit, offset, None).await
    }

    async fn ranked(
        &self,
        query: &SearchQuery,
        words: Words,
        limit: i64,
        offset: i64,
        window: Option<i64>,
    ) -> Result<Vec<ContributionCard>, StoreError> {
        let (from, text) = self.match_clause(query, words, window);
        let rank = match self.backend() {
            Backend::Sqlite => "hits.rank",
            Backend::Postgres => "-ts_rank(c.search_vector, hits.q)",
        };
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} {from} AND {LISTED} ORDER BY {rank}, c.id LIMIT $2 OFFSET $3"
        ))
        .bind(text)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ContributionCard::from).collect())
    }

    /// `FROM … WHERE …` joining the matches (`hits`) to the contributions (`c`), to be followed
    /// by `AND …`; and the text bound to $1. On SQLite, `window` keeps only the best matches.
    fn match_clause(
        &self,
        query: &SearchQuery,
        words: Words,
        window: Option<i64>,
    ) -> (String, String) {
        match self.backend() {
            Backend::Sqlite => (
                format!(
                    "FROM (SELECT rowid AS id, rank FROM programme_search WHERE programme_search MATCH $1{}) hits \
                     JOIN programme_contributions c ON c.id = hits.id WHERE 1 = 1",
                    window.map_or(String::new(), |n| format!(" ORDER BY rank, rowid LIMIT {n}"))
                ),
                match words {
                    Words::All => query.fts5_all(),
                    Words::Any => query.fts5_any(),
                },
            ),
            Backend::Postgres => (
                "FROM programme_contributions c, (SELECT to_tsquery('french', $1) AS q) hits \
                 WHERE c.search_vector @@ hits.q"
                    .to_string(),
                match words {
                    Words::All => query.tsquery_all(),
                    Words::Any => query.tsquery_any(),
                },
            ),
        }
    }
}
