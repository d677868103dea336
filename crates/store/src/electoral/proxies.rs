//! Procurations: requests and offers (one open of each per person and ballot, `PER_DAY` a day),
//! the volunteers proposed to each request (ranked by the domain, `PROPOSALS` open at most, none
//! for a round the volunteer already carries), and the purge after the ballot. Answers to the
//! proposals are in `proxy_answers.rs`, a person's own list in `proxy_lists.rs`.

use std::collections::HashSet;

use essaim_domain::electoral::proxy_form::PER_DAY;
use essaim_domain::electoral::proxy_matching::{
    proposals, Candidate, ProxyRequest, Rounds, PROPOSALS,
};
use essaim_domain::ids::{BallotId, PersonId, ProxyOfferId, ProxyRequestId};
use essaim_domain::news::{ElectoralNews, News};
use jiff::civil::Date;
use sqlx::AnyConnection;

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy)]
pub struct NewProxyRequest<'a> {
    pub person: PersonId,
    pub ballot: BallotId,
    pub commune_insee: &'a str,
    pub polling_station: Option<&'a str>,
    pub rounds: Rounds,
    pub accepts_far: bool,
    pub contact: &'a str,
    pub consent_text: &'a str,
}

#[derive(Debug, Clone, Copy)]
pub struct NewProxyOffer<'a> {
    pub person: PersonId,
    pub ballot: BallotId,
    pub commune_insee: &'a str,
    pub rounds: Rounds,
    pub travel_km: i64,
    pub accepts_far: bool,
    pub contact: &'a str,
    pub consent_text: &'a str,
}

/// Why a request or an offer was not posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyRefusal {
    /// They already have an open one for this ballot (withdraw it first).
    AlreadyOpen,
    /// `PER_DAY` in the last 24 hours already.
    TooMany,
    /// The commune is not in the gazetteer.
    UnknownCommune,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptOutcome {
    /// Noted; the other side has not accepted yet.
    Waiting,
    /// Both accepted: the contacts are revealed to each.
    Accepted,
    /// The volunteer already carries an accepted proxy for this round.
    HolderTaken,
    /// Not theirs, withdrawn, or missing.
    NotOpen,
}

/// The commune's point, from the gazetteer; None for an unknown code.
pub(super) fn point_of(insee: &str) -> Option<(f64, f64)> {
    essaim_geo::by_insee(insee).map(essaim_geo::Commune::point)
}

/// An offer as the matching reads it.
#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    person_id: i64,
    commune_insee: String,
    lat: f64,
    lon: f64,
    first_round: i64,
    second_round: i64,
    travel_km: i64,
    accepts_far: i64,
}

impl OfferRow {
    fn rounds(&self) -> Rounds {
        Rounds {
            first: self.first_round != 0,
            second: self.second_round != 0,
        }
    }
}

fn flag(on: bool) -> i64 {
    i64::from(on)
}

/// The checks before a post, in its transaction: one open per ballot, `PER_DAY` a day.
async fn may_post(
    conn: &mut AnyConnection,
    table: &str,
    person: PersonId,
    ballot: BallotId,
    now: i64,
) -> Result<Option<ProxyRefusal>, StoreError> {
    let (open, recent): (i64, i64) = sqlx::query_as(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN ballot_id = $2 AND withdrawn_at IS NULL \
         THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN created_at > $3 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM {table} WHERE person_id = $1"
    ))
    .bind(person.get())
    .bind(ballot.get())
    .bind(now - 86_400)
    .fetch_one(&mut *conn)
    .await?;
    Ok(if open > 0 {
        Some(ProxyRefusal::AlreadyOpen)
    } else if recent >= PER_DAY {
        Some(ProxyRefusal::TooMany)
    } else {
        None
    })
}

/// An insertion's id, or Err(()) when the database refused a second open one for the person
/// and ballot (two posts at once that both passed `may_post`).
fn open_one(inserted: Result<i64, sqlx::Error>) -> Result<Result<i64, ()>, StoreError> {
    match inserted {
        Ok(id) => Ok(Ok(id)),
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(Err(())),
        Err(error) => Err(error.into()),
    }
}

/// The rounds each volunteer already carries for a ballot (both sides accepted).
async fn held_rounds(
    conn: &mut AnyConnection,
    ballot: i64,
) -> Result<Vec<(i64, Rounds)>, StoreError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT volunteer_id, round FROM proxy_matches \
         WHERE ballot_id = $1 AND accepted = 1 AND withdrawn_at IS NULL",
    )
    .bind(ballot)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(volunteer, round)| (volunteer, Rounds::only(round)))
        .collect())
}

fn held_by(held: &[(i64, Rounds)], volunteer: i64) -> Rounds {
    held.iter()
        .filter(|(who, _)| *who == volunteer)
        .fold(Rounds::default(), |all, (_, rounds)| Rounds {
            first: all.first || rounds.first,
            second: all.second || rounds.second,
        })
}

impl Store {
    pub async fn create_proxy_request(
        &self,
        request: &NewProxyRequest<'_>,
        now: i64,
    ) -> Result<Result<ProxyRequestId, ProxyRefusal>, StoreError> {
        if point_of(request.commune_insee).is_none() {
            return Ok(Err(ProxyRefusal::UnknownCommune));
        }
        let mut tx = self.begin_write().await?;
        if let Some(refused) = may_post(
            &mut tx,
            "proxy_requests",
            request.person,
            request.ballot,
            now,
        )
        .await?
        {
            return Ok(Err(refused));
        }
        let id: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO proxy_requests (person_id, ballot_id, commune_insee, polling_station, \
             first_round, second_round, accepts_far, contact, consent_text, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(request.person.get())
        .bind(request.ballot.get())
        .bind(request.commune_insee)
        .bind(request.polling_station)
        .bind(flag(request.rounds.first))
        .bind(flag(request.rounds.second))
        .bind(flag(request.accepts_far))
        .bind(request.contact)
        .bind(request.consent_text)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let Ok(id) = open_one(id)? else {
            return Ok(Err(ProxyRefusal::AlreadyOpen));
        };
        tx.commit().await?;
        Ok(Ok(ProxyRequestId::new(id)))
    }

    pub async fn create_proxy_offer(
        &self,
        offer: &NewProxyOffer<'_>,
        now: i64,
    ) -> Result<Result<ProxyOfferId, ProxyRefusal>, StoreError> {
        let Some((lat, lon)) = point_of(offer.commune_insee) else {
            return Ok(Err(ProxyRefusal::UnknownCommune));
        };
        let mut tx = self.begin_write().await?;
        if let Some(refused) =
            may_post(&mut tx, "proxy_offers", offer.person, offer.ballot, now).await?
        {
            return Ok(Err(refused));
        }
        let id: Result<i64, _> = sqlx::query_scalar(
            "INSERT INTO proxy_offers (person_id, ballot_id, commune_insee, lat, lon, first_round, \
             second_round, travel_km, accepts_far, contact, consent_text, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(offer.person.get())
        .bind(offer.ballot.get())
        .bind(offer.commune_insee)
        .bind(lat)
        .bind(lon)
        .bind(flag(offer.rounds.first))
        .bind(flag(offer.rounds.second))
        .bind(offer.travel_km)
        .bind(flag(offer.accepts_far))
        .bind(offer.contact)
        .bind(offer.consent_text)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let Ok(id) = open_one(id)? else {
            return Ok(Err(ProxyRefusal::AlreadyOpen));
        };
        tx.commit().await?;
        Ok(Ok(ProxyOfferId::new(id)))
    }

    /// Proposes to the request the best volunteers it does not have yet, up to `PROPOSALS`
    /// open ones, one match per round they share — not for a round the request already has a
    /// holder for, nor for a round the volunteer already carries — and tells each volunteer.
    /// Returns the offers newly proposed, best first.
    pub async fn propose_volunteers(
        &self,
        request: ProxyRequestId,
        now: i64,
    ) -> Result<Vec<ProxyOfferId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, i64, String, i64, i64, i64, String)> = sqlx::query_as(
            "SELECT r.person_id, r.ballot_id, r.commune_insee, r.first_round, r.second_round, \
             r.accepts_far, b.name FROM proxy_requests r JOIN ballots b ON b.id = r.ballot_id \
             WHERE r.id = $1 AND r.withdrawn_at IS NULL",
        )
        .bind(request.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some((requester, ballot, commune, first, second, accepts_far, ballot_name)) = row
        else {
            return Ok(Vec::new());
        };
        let Some(here) = point_of(&commune) else {
            return Ok(Vec::new());
        };
        // (offer, round, accepted, withdrawn) of the proposals made so far.
        let made: Vec<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT offer_id, round, accepted, withdrawn_at FROM proxy_matches \
             WHERE request_id = $1",
        )
        .bind(request.get())
        .fetch_all(&mut *tx)
        .await?;
        let proposed: HashSet<i64> = made.iter().map(|(offer, ..)| *offer).collect();
        let open: HashSet<i64> = made
            .iter()
            .filter(|(.., withdrawn)| withdrawn.is_none())
            .map(|(offer, ..)| *offer)
            .collect();
        let covered = made
            .iter()
            .filter(|(_, _, accepted, withdrawn)| *accepted == 1 && withdrawn.is_none())
            .fold(Rounds::default(), |all, (_, round, ..)| Rounds {
                first: all.first || *round == 1,
                second: all.second || *round == 2,
            });
        let wanted = ProxyRequest {
            commune_insee: commune.clone(),
            rounds: Rounds {
                first: first != 0,
                second: second != 0,
            }
            .without(covered),
            accepts_far: accepts_far != 0,
        };
        let slots = PROPOSALS.saturating_sub(open.len());
        if wanted.rounds.is_empty() || slots == 0 {
            return Ok(Vec::new());
        }
        let offers: Vec<OfferRow> = sqlx::query_as(
            "SELECT id, person_id, commune_insee, lat, lon, first_round, second_round, travel_km, \
             accepts_far FROM proxy_offers \
             WHERE ballot_id = $1 AND withdrawn_at IS NULL AND person_id <> $2",
        )
        .bind(ballot)
        .bind(requester)
        .fetch_all(&mut *tx)
        .await?;
        let held = held_rounds(&mut tx, ballot).await?;
        let candidates: Vec<Candidate> = offers
            .iter()
            .filter(|offer| !proposed.contains(&offer.id))
            .map(|offer| Candidate {
                offer_id: offer.id,
                commune_insee: offer.commune_insee.clone(),
                rounds: offer.rounds().without(held_by(&held, offer.person_id)),
                travel_km: offer.travel_km as f64,
                accepts_far: offer.accepts_far != 0,
                distance_km: essaim_geo::distance_km(here, (offer.lat, offer.lon)),
            })
            .collect();
        let chosen: Vec<&Candidate> = proposals(&wanted, &candidates)
            .into_iter()
            .take(slots)
            .filter_map(|id| candidates.iter().find(|c| c.offer_id == id))
            .collect();
        let place = essaim_geo::by_insee(&commune).map_or(commune.as_str(), |c| c.name);
        for candidate in &chosen {
            let volunteer = offers
                .iter()
                .find(|o| o.id == candidate.offer_id)
                .map_or(0, |o| o.person_id);
            let shared = Rounds {
                first: wanted.rounds.first && candidate.rounds.first,
                second: wanted.rounds.second && candidate.rounds.second,
            };
            for (round, on) in [(1, shared.first), (2, shared.second)] {
                if !on {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO proxy_matches (request_id, offer_id, ballot_id, volunteer_id, \
                     round, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                )
                .bind(request.get())
                .bind(candidate.offer_id)
                .bind(ballot)
                .bind(volunteer)
                .bind(round)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            let news = News::Electoral(ElectoralNews::ProxyProposed {
                ballot: ballot_name.clone(),
                commune: place.to_string(),
                rounds: shared.words().to_string(),
            });
            enqueue_news(&mut tx, PersonId::new(volunteer), &news, now).await?;
        }
        tx.commit().await?;
        Ok(chosen
            .into_iter()
            .map(|c| ProxyOfferId::new(c.offer_id))
            .collect())
    }

    /// After a new offer or a withdrawal: proposes volunteers to each open request of the
    /// ballot that has fewer than `PROPOSALS` open proposals. Returns how many were proposed.
    pub async fn propose_to_waiting_requests(
        &self,
        ballot: BallotId,
        now: i64,
    ) -> Result<usize, StoreError> {
        let waiting: Vec<i64> = sqlx::query_scalar(
            "SELECT r.id FROM proxy_requests r WHERE r.ballot_id = $1 AND r.withdrawn_at IS NULL \
             AND (SELECT COUNT(DISTINCT m.offer_id) FROM proxy_matches m \
                  WHERE m.request_id = r.id AND m.withdrawn_at IS NULL) < $2 ORDER BY r.id",
        )
        .bind(ballot.get())
        .bind(PROPOSALS as i64)
        .fetch_all(&self.pool)
        .await?;
        let mut proposed = 0;
        for request in waiting {
            proposed += self
                .propose_volunteers(ProxyRequestId::new(request), now)
                .await?
                .len();
        }
        Ok(proposed)
    }

    /// How many requests and offers `purge_past_proxies(today, days_after)` would delete.
    pub async fn count_past_proxies(
        &self,
        today: Date,
        days_after: i64,
    ) -> Result<i64, StoreError> {
        let cutoff = past_ballots_cutoff(today, days_after);
        let mut count = 0;
        for table in ["proxy_requests", "proxy_offers"] {
            count += sqlx::query_scalar::<_, i64>(&format!(
                "SELECT COUNT(*) FROM {table} WHERE ballot_id IN ({PAST_BALLOTS})"
            ))
            .bind(&cutoff)
            .fetch_one(&self.pool)
            .await?;
        }
        Ok(count)
    }

    /// Deletes the requests, offers and matches of ballots whose last round was more than
    /// `days_after` days before `today`. Returns how many requests and offers went.
    pub async fn purge_past_proxies(
        &self,
        today: Date,
        days_after: i64,
    ) -> Result<u64, StoreError> {
        let cutoff = past_ballots_cutoff(today, days_after);
        let past = PAST_BALLOTS;
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "DELETE FROM proxy_matches WHERE ballot_id IN ({past})"
        ))
        .bind(&cutoff)
        .execute(&mut *tx)
        .await?;
        let mut gone = 0;
        for table in ["proxy_requests", "proxy_offers"] {
            gone += sqlx::query(&format!("DELETE FROM {table} WHERE ballot_id IN ({past})"))
                .bind(&cutoff)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        tx.commit().await?;
        Ok(gone)
    }
}

/// Ballots whose last round was before `$1`.
const PAST_BALLOTS: &str =
    "SELECT ballot_id FROM ballot_rounds GROUP BY ballot_id HAVING MAX(day) < $1";

/// The day before which a ballot's last round makes its procurations go.
fn past_ballots_cutoff(today: Date, days_after: i64) -> String {
    today
        .checked_sub(jiff::Span::new().days(days_after))
        .unwrap_or(today)
        .to_string()
}
