//! Contributions: published by a supporter (within the daily limit, with their consent
//! recorded once), edited by their author until the first support or comment, then only
//! completed by addenda; read one by one and listed by axis.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::contribution::{ContributionDraft, PER_DAY};
use essaim_domain::programme::listing::{ListOrder, PAGE_SIZE, RANDOM_MODULUS, RANDOM_MULTIPLIER};
use essaim_domain::programme::AxisNumber;
use sqlx::AnyConnection;

use super::search::index;
use super::{
    Addendum, CardRow, Contribution, ContributionCard, ContributionStatus, CARD_COLUMNS, LISTED,
};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishOutcome {
    Published(ContributionId),
    /// `PER_DAY` contributions in the last 24 hours already.
    TooMany,
    /// A moderator blocked the person.
    Blocked,
    /// Their first contribution or comment, and no consent given with it.
    ConsentMissing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    Edited,
    /// Supported or commented on: only an addendum may be added.
    Locked,
    /// Not theirs, or no longer published.
    NotYours,
}

#[derive(sqlx::FromRow)]
struct ContributionRow {
    #[sqlx(flatten)]
    card: CardRow,
    status: String,
    #[sqlx(try_from = "crate::rows::NullableId")]
    author_id: Option<PersonId>,
    #[sqlx(try_from = "crate::rows::NullableId")]
    merged_into: Option<ContributionId>,
    locked_at: Option<i64>,
}

/// Whether a moderator blocked the person from the programme.
pub(crate) async fn is_blocked(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<bool, StoreError> {
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM programme_blocks WHERE person_id = $1")
            .bind(person.get())
            .fetch_one(conn)
            .await?;
    Ok(count > 0)
}

/// Records the consent `text` the person agreed to on this form (once: the first stays), and
/// tells whether they have consented, now or before. What is published under their name (a
/// contribution, a comment) shows their political opinions: it needs their explicit consent.
pub(crate) async fn consented(
    conn: &mut AnyConnection,
    person: PersonId,
    text: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    if let Some(text) = text {
        sqlx::query(
            "INSERT INTO programme_consents (person_id, consent_text, given_at) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(person.get())
        .bind(text)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM programme_consents WHERE person_id = $1")
            .bind(person.get())
            .fetch_one(conn)
            .await?;
    Ok(count > 0)
}

impl Store {
    /// Publishes `draft` on `axis`. `consent_text` is the consent the person agreed to on this
    /// form, recorded at their first contribution (later ones need none).
    pub async fn publish_contribution(
        &self,
        author: PersonId,
        author_label: Option<&str>,
        axis: AxisNumber,
        draft: &ContributionDraft,
        consent_text: Option<&str>,
        now: i64,
    ) -> Result<PublishOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        if is_blocked(&mut tx, author).await? {
            return Ok(PublishOutcome::Blocked);
        }
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_contributions WHERE author_id = $1 AND created_at > $2",
        )
        .bind(author.get())
        .bind(now - 86_400)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= PER_DAY {
            return Ok(PublishOutcome::TooMany);
        }
        if !consented(&mut tx, author, consent_text, now).await? {
            return Ok(PublishOutcome::ConsentMissing);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programme_contributions (axis, author_id, author_label, title, body, \
             departement, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'published', $7, $7) RETURNING id",
        )
        .bind(axis.get())
        .bind(author.get())
        .bind(author_label)
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(draft.departement.as_deref())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id = ContributionId::new(id);
        index(
            &mut tx,
            self.backend(),
            id,
            &draft.title,
            &draft.body,
            false,
        )
        .await?;
        tx.commit().await?;
        Ok(PublishOutcome::Published(id))
    }

    /// Whether the person already gave the consent asked at a first contribution.
    pub async fn has_programme_consent(&self, person: PersonId) -> Result<bool, StoreError> {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM programme_consents WHERE person_id = $1")
                .bind(person.get())
                .fetch_one(&self.pool)
                .await?;
        Ok(count > 0)
    }

    /// Whether a moderator blocked the person from the programme.
    pub async fn is_blocked_from_programme(&self, person: PersonId) -> Result<bool, StoreError> {
        let mut conn = self.pool.acquire().await?;
        is_blocked(&mut conn, person).await
    }

    /// A contribution whatever its status: the page tells a hidden or merged one apart.
    pub async fn contribution(
        &self,
        id: ContributionId,
    ) -> Result<Option<Contribution>, StoreError> {
        let row: Option<ContributionRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS}, c.status, c.author_id, c.merged_into, c.locked_at \
             FROM programme_contributions c WHERE c.id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let addenda: Vec<(String, i64)> = sqlx::query_as(
            "SELECT body, created_at FROM programme_addenda WHERE contribution_id = $1 ORDER BY id",
        )
        .bind(id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(Contribution {
            card: row.card.into(),
            status: ContributionStatus::from_code(&row.status),
            author_id: row.author_id,
            merged_into: row.merged_into,
            locked: row.locked_at.is_some(),
            addenda: addenda
                .into_iter()
                .map(|(body, created_at)| Addendum { body, created_at })
                .collect(),
        }))
    }

    /// One page of the axis's listed contributions in `order`, maybe of one département, and
    /// how many there are in all.
    pub async fn contributions_on_axis(
        &self,
        axis: AxisNumber,
        order: ListOrder,
        departement: Option<&str>,
        page: i64,
    ) -> Result<(Vec<ContributionCard>, i64), StoreError> {
        let sort = match order {
            ListOrder::MostSupported => "c.supports DESC, c.id DESC".to_string(),
            ListOrder::Newest => "c.created_at DESC, c.id DESC".to_string(),
            ListOrder::Random(seed) => {
                format!("(c.id * {RANDOM_MULTIPLIER} + {seed}) % {RANDOM_MODULUS}, c.id")
            }
        };
        let filter = format!("c.axis = $1 AND {LISTED} AND ($2 = '' OR c.departement = $2)");
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM programme_contributions c WHERE {filter} \
             ORDER BY {sort} LIMIT $3 OFFSET $4"
        ))
        .bind(axis.get())
        .bind(departement.unwrap_or(""))
        .bind(PAGE_SIZE)
        .bind((page.max(1) - 1) * PAGE_SIZE)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM programme_contributions c WHERE {filter}"
        ))
        .bind(axis.get())
        .bind(departement.unwrap_or(""))
        .fetch_one(&self.pool)
        .await?;
        Ok((
            rows.into_iter().map(ContributionCard::from).collect(),
            total,
        ))
    }

    /// The author's edit, refused once the contribution was supported or commented on.
    pub async fn edit_contribution(
        &self,
        id: ContributionId,
        author: PersonId,
        draft: &ContributionDraft,
        now: i64,
    ) -> Result<EditOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let state: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT locked_at FROM programme_contributions \
             WHERE id = $1 AND author_id = $2 AND status = 'published'",
        )
        .bind(id.get())
        .bind(author.get())
        .fetch_optional(&mut *tx)
        .await?;
        match state {
            None => return Ok(EditOutcome::NotYours),
            Some((Some(_),)) => return Ok(EditOutcome::Locked),
            Some((None,)) => {}
        }
        sqlx::query(
            "UPDATE programme_contributions SET title = $2, body = $3, departement = $4, \
             updated_at = $5 WHERE id = $1",
        )
        .bind(id.get())
        .bind(&draft.title)
        .bind(&draft.body)
        .bind(draft.departement.as_deref())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        index(&mut tx, self.backend(), id, &draft.title, &draft.body, true).await?;
        tx.commit().await?;
        Ok(EditOutcome::Edited)
    }

    /// Appends an addendum to the author's published contribution. False when it is not theirs
    /// or no longer published.
    pub async fn add_addendum(
        &self,
        id: ContributionId,
        author: PersonId,
        body: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "INSERT INTO programme_addenda (contribution_id, body, created_at) \
             SELECT id, $3, $4 FROM programme_contributions \
             WHERE id = $1 AND author_id = $2 AND status = 'published'",
        )
        .bind(id.get())
        .bind(author.get())
        .bind(body)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }
}
