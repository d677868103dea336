//! The answers to a proposal: each side accepts — once both did, the database holds the law's
//! "one proxy made in France per holder and round" (a partial unique index) whatever the races,
//! and both are told — the contacts revealed only then, and withdrawal by either side (of one
//! proposal, or of a whole request or offer), after which the request gets other volunteers.

use essaim_domain::electoral::proxy_matching::Rounds;
use essaim_domain::ids::{PersonId, ProxyMatchId, ProxyOfferId, ProxyRequestId};
use essaim_domain::news::{ElectoralNews, News};
use sqlx::AnyConnection;

use super::proxies::AcceptOutcome;
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// One side of a match, for telling them of what the other did.
#[derive(sqlx::FromRow)]
struct MatchSides {
    id: i64,
    request_id: i64,
    requester: i64,
    volunteer: i64,
    round: i64,
    accepted: i64,
    ballot: String,
}

const SIDES: &str =
    "SELECT m.id, m.request_id, r.person_id AS requester, m.volunteer_id AS volunteer, \
     m.round, m.accepted, b.name AS ballot FROM proxy_matches m \
     JOIN proxy_requests r ON r.id = m.request_id JOIN ballots b ON b.id = m.ballot_id";

/// Marks the open matches `condition` selects (of `id`, `$1`, and `person`, `$2`) withdrawn, tells the other side of those both
/// had accepted, and returns the requests that lost a proposal.
async fn withdraw_matches(
    conn: &mut AnyConnection,
    condition: &str,
    id: i64,
    person: PersonId,
    now: i64,
) -> Result<Vec<i64>, StoreError> {
    let matches: Vec<MatchSides> = sqlx::query_as(&format!(
        "{SIDES} WHERE m.withdrawn_at IS NULL AND {condition}"
    ))
    .bind(id)
    .bind(person.get())
    .fetch_all(&mut *conn)
    .await?;
    for found in &matches {
        sqlx::query("UPDATE proxy_matches SET withdrawn_at = $2 WHERE id = $1")
            .bind(found.id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
        if found.accepted == 1 {
            let other = if found.requester == person.get() {
                found.volunteer
            } else {
                found.requester
            };
            let news = News::Electoral(ElectoralNews::ProxyWithdrawn {
                ballot: found.ballot.clone(),
                rounds: Rounds::only(found.round).words().to_string(),
            });
            enqueue_news(conn, PersonId::new(other), &news, now).await?;
        }
    }
    let mut requests: Vec<i64> = matches.iter().map(|m| m.request_id).collect();
    requests.sort_unstable();
    requests.dedup();
    Ok(requests)
}

/// Before an account is deleted: the other side of each proxy agreed with them is told it is
/// withdrawn (the rows themselves go with the account), and their requests get other volunteers
/// at the next proposal.
pub(crate) async fn withdraw_all_of(
    conn: &mut AnyConnection,
    person: PersonId,
    now: i64,
) -> Result<(), StoreError> {
    withdraw_matches(
        conn,
        "m.accepted = 1 AND (m.volunteer_id = $1 OR r.person_id = $2)",
        person.get(),
        person,
        now,
    )
    .await?;
    Ok(())
}

impl Store {
    /// The open matches of a request, as (match, offer, round).
    pub async fn proxy_matches_of(
        &self,
        request: ProxyRequestId,
    ) -> Result<Vec<(ProxyMatchId, ProxyOfferId, i64)>, StoreError> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT id, offer_id, round FROM proxy_matches WHERE request_id = $1 \
             AND withdrawn_at IS NULL ORDER BY id",
        )
        .bind(request.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, offer, round)| (ProxyMatchId::new(id), ProxyOfferId::new(offer), round))
            .collect())
    }

    /// `person` (the requester or the volunteer) accepts the match; once both did, it holds —
    /// unless the volunteer already holds an accepted proxy for that ballot and round — and
    /// both are told.
    pub async fn accept_proxy_match(
        &self,
        id: ProxyMatchId,
        person: PersonId,
    ) -> Result<AcceptOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let sides: Option<MatchSides> = sqlx::query_as(&format!(
            "{SIDES} WHERE m.id = $1 AND m.withdrawn_at IS NULL AND r.withdrawn_at IS NULL"
        ))
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(sides) = sides else {
            return Ok(AcceptOutcome::NotOpen);
        };
        let column = if sides.requester == person.get() {
            "requester_accepted"
        } else if sides.volunteer == person.get() {
            "volunteer_accepted"
        } else {
            return Ok(AcceptOutcome::NotOpen);
        };
        if sides.accepted == 1 {
            return Ok(AcceptOutcome::Accepted);
        }
        sqlx::query(&format!(
            "UPDATE proxy_matches SET {column} = 1 WHERE id = $1"
        ))
        .bind(id.get())
        .execute(&mut *tx)
        .await?;
        let both: i64 = sqlx::query_scalar(
            "SELECT requester_accepted * volunteer_accepted FROM proxy_matches WHERE id = $1",
        )
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await?;
        if both == 0 {
            tx.commit().await?;
            return Ok(AcceptOutcome::Waiting);
        }
        // The partial unique index holds the law: a second accepted match of the same holder,
        // ballot and round is refused by the database itself.
        let held = sqlx::query("UPDATE proxy_matches SET accepted = 1 WHERE id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await;
        match held {
            Ok(_) => {
                let news = News::Electoral(ElectoralNews::ProxyAgreed {
                    ballot: sides.ballot.clone(),
                    rounds: Rounds::only(sides.round).words().to_string(),
                });
                for side in [sides.requester, sides.volunteer] {
                    enqueue_news(&mut tx, PersonId::new(side), &news, crate::now()).await?;
                }
                tx.commit().await?;
                Ok(AcceptOutcome::Accepted)
            }
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                Ok(AcceptOutcome::HolderTaken)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Each side's contact, to either side of an accepted match: (requester's, volunteer's).
    pub async fn proxy_contacts(
        &self,
        id: ProxyMatchId,
        person: PersonId,
    ) -> Result<Option<(String, String)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT r.contact, o.contact FROM proxy_matches m \
             JOIN proxy_requests r ON r.id = m.request_id JOIN proxy_offers o ON o.id = m.offer_id \
             WHERE m.id = $1 AND m.accepted = 1 AND m.withdrawn_at IS NULL \
             AND (r.person_id = $2 OR o.person_id = $2)",
        )
        .bind(id.get())
        .bind(person.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Either side withdraws from the match; the request is then proposed other volunteers.
    /// False when it was not theirs or already withdrawn.
    pub async fn withdraw_proxy_match(
        &self,
        id: ProxyMatchId,
        person: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let requests = withdraw_matches(
            &mut tx,
            "m.id = $1 AND (m.volunteer_id = $2 OR r.person_id = $2)",
            id.get(),
            person,
            now,
        )
        .await?;
        tx.commit().await?;
        for request in &requests {
            self.propose_volunteers(ProxyRequestId::new(*request), now)
                .await?;
        }
        Ok(!requests.is_empty())
    }

    /// The requester withdraws their whole request, and every proposal made to it.
    pub async fn withdraw_proxy_request(
        &self,
        id: ProxyRequestId,
        person: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let matches = "m.request_id = $1 AND r.person_id = $2";
        self.withdraw_whole("proxy_requests", matches, id.get(), person, now)
            .await
    }

    /// The volunteer withdraws their whole offer; the requests it was proposed to are proposed
    /// other volunteers.
    pub async fn withdraw_proxy_offer(
        &self,
        id: ProxyOfferId,
        person: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let matches = "m.offer_id = $1 AND m.volunteer_id = $2";
        self.withdraw_whole("proxy_offers", matches, id.get(), person, now)
            .await
    }

    /// Withdraws the person's request or offer `id` (of `table`) and the matches `matches`
    /// selects, then proposes other volunteers to the requests still open that lost one.
    async fn withdraw_whole(
        &self,
        table: &str,
        matches: &str,
        id: i64,
        person: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(&format!(
            "UPDATE {table} SET withdrawn_at = $3 \
             WHERE id = $1 AND person_id = $2 AND withdrawn_at IS NULL"
        ))
        .bind(id)
        .bind(person.get())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let requests = if done {
            withdraw_matches(&mut tx, matches, id, person, now).await?
        } else {
            Vec::new()
        };
        tx.commit().await?;
        for request in &requests {
            // A withdrawn request is left alone (propose_volunteers skips it).
            self.propose_volunteers(ProxyRequestId::new(*request), now)
                .await?;
        }
        Ok(done)
    }
}
