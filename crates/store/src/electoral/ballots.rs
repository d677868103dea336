//! Ballots and their rounds' days per zone. The deadlines are computed from these days by
//! `essaim_domain::electoral::deadline`, never stored.

use essaim_domain::electoral::ballot::{BallotDraft, BallotKind, Zone};
use essaim_domain::ids::BallotId;
use jiff::civil::Date;

use crate::{Store, StoreError};

/// A ballot with each round's day in each zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Ballot {
    pub id: BallotId,
    pub name: String,
    pub kind: BallotKind,
    /// (round, zone, day), by round then zone.
    pub days: Vec<(i64, Zone, Date)>,
}

/// The next first round in a zone: the ballot, and its day there.
#[derive(Debug, Clone, PartialEq)]
pub struct NextBallot {
    pub id: BallotId,
    pub name: String,
    pub kind: BallotKind,
    pub first_round: Date,
}

impl Store {
    pub async fn create_ballot(
        &self,
        draft: &BallotDraft,
        now: i64,
    ) -> Result<BallotId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO ballots (name, kind, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&draft.name)
        .bind(draft.kind.code())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for (round, zone, day) in draft.days() {
            sqlx::query(
                "INSERT INTO ballot_rounds (ballot_id, round, zone, day) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(round)
            .bind(zone.code())
            .bind(day.to_string())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(BallotId::new(id))
    }

    /// False when there was no such ballot.
    pub async fn delete_ballot(&self, id: BallotId) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM ballot_rounds WHERE ballot_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("DELETE FROM ballots WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted == 1)
    }

    /// Every ballot, the latest first round first.
    pub async fn ballots(&self) -> Result<Vec<Ballot>, StoreError> {
        let rows: Vec<(i64, String, String, i64, String, String)> = sqlx::query_as(
            "SELECT b.id, b.name, b.kind, r.round, r.zone, r.day FROM ballots b \
             JOIN ballot_rounds r ON r.ballot_id = b.id \
             ORDER BY (SELECT MIN(f.day) FROM ballot_rounds f WHERE f.ballot_id = b.id) DESC, \
             b.id DESC, r.round, r.zone",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut ballots: Vec<Ballot> = Vec::new();
        for (id, name, kind, round, zone, day) in rows {
            let (Some(kind), Some(zone), Ok(day)) = (
                BallotKind::from_code(&kind),
                Zone::from_code(&zone),
                day.parse::<Date>(),
            ) else {
                continue;
            };
            match ballots.last_mut() {
                Some(ballot) if ballot.id.get() == id => ballot.days.push((round, zone, day)),
                _ => ballots.push(Ballot {
                    id: BallotId::new(id),
                    name,
                    kind,
                    days: vec![(round, zone, day)],
                }),
            }
        }
        Ok(ballots)
    }

    /// The first ballot whose first round, in `zone`, is `today` or later.
    pub async fn next_ballot(
        &self,
        zone: Zone,
        today: Date,
    ) -> Result<Option<NextBallot>, StoreError> {
        let row: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT b.id, b.name, b.kind, r.day FROM ballot_rounds r \
             JOIN ballots b ON b.id = r.ballot_id \
             WHERE r.zone = $1 AND r.round = 1 AND r.day >= $2 ORDER BY r.day, b.id LIMIT 1",
        )
        .bind(zone.code())
        .bind(today.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(id, name, kind, day)| {
            Some(NextBallot {
                id: BallotId::new(id),
                name,
                kind: BallotKind::from_code(&kind)?,
                first_round: day.parse().ok()?,
            })
        }))
    }
}
