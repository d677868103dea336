//! Procurations: requests and offers, the volunteers proposed to each request (ranked by the
//! domain), acceptance by both sides — the database holds the law's "one proxy made in France
//! per holder and round" (a partial unique index) whatever the races — the contacts revealed
//! only then, withdrawal, and the purge after the ballot.

use essaim_domain::electoral::proxy_matching::{proposals, Candidate, ProxyRequest, Rounds};
use essaim_domain::ids::{BallotId, PersonId, ProxyMatchId, ProxyOfferId, ProxyRequestId};
use jiff::civil::Date;

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
fn point_of(insee: &str) -> Option<(f64, f64)> {
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

impl Store {
    pub async fn create_proxy_request(
        &self,
        request: &NewProxyRequest<'_>,
        now: i64,
    ) -> Result<ProxyRequestId, StoreError> {
        let id: i64 = sqlx::query_scalar(
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
        .fetch_one(&self.pool)
        .await?;
        Ok(ProxyRequestId::new(id))
    }

    /// None when the commune is not in the gazetteer.
    pub async fn create_proxy_offer(
        &self,
        offer: &NewProxyOffer<'_>,
        now: i64,
    ) -> Result<Option<ProxyOfferId>, StoreError> {
        let Some((lat, lon)) = point_of(offer.commune_insee) else {
            return Ok(None);
        };
        let id: i64 = sqlx::query_scalar(
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
        .fetch_one(&self.pool)
        .await?;
        Ok(Some(ProxyOfferId::new(id)))
    }

    /// Proposes to the request the best volunteers (3 at most), one match per round they share;
    /// returns the offers proposed, best first.
    pub async fn propose_volunteers(
        &self,
        request: ProxyRequestId,
        now: i64,
    ) -> Result<Vec<ProxyOfferId>, StoreError> {
        let row: Option<(i64, i64, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT person_id, ballot_id, commune_insee, first_round, second_round, accepts_far \
             FROM proxy_requests WHERE id = $1 AND withdrawn_at IS NULL",
        )
        .bind(request.get())
        .fetch_optional(&self.pool)
        .await?;
        let Some((requester, ballot, commune, first, second, accepts_far)) = row else {
            return Ok(Vec::new());
        };
        let Some(here) = point_of(&commune) else {
            return Ok(Vec::new());
        };
        let wanted = ProxyRequest {
            commune_insee: commune,
            rounds: Rounds {
                first: first != 0,
                second: second != 0,
            },
            accepts_far: accepts_far != 0,
        };
        let offers: Vec<OfferRow> = sqlx::query_as(
            "SELECT id, person_id, commune_insee, lat, lon, first_round, second_round, travel_km, \
             accepts_far FROM proxy_offers \
             WHERE ballot_id = $1 AND withdrawn_at IS NULL AND person_id <> $2",
        )
        .bind(ballot)
        .bind(requester)
        .fetch_all(&self.pool)
        .await?;
        let candidates: Vec<Candidate> = offers
            .iter()
            .map(|offer| Candidate {
                offer_id: offer.id,
                commune_insee: offer.commune_insee.clone(),
                rounds: offer.rounds(),
                travel_km: offer.travel_km as f64,
                accepts_far: offer.accepts_far != 0,
                distance_km: essaim_geo::distance_km(here, (offer.lat, offer.lon)),
            })
            .collect();
        let chosen = proposals(&wanted, &candidates);
        let mut tx = self.begin_write().await?;
        for offer_id in &chosen {
            let offer = offers
                .iter()
                .find(|o| o.id == *offer_id)
                .expect("chosen among them");
            for (round, asked, offered) in [
                (1, wanted.rounds.first, offer.rounds().first),
                (2, wanted.rounds.second, offer.rounds().second),
            ] {
                if !(asked && offered) {
                    continue;
                }
                sqlx::query(
                    "INSERT INTO proxy_matches (request_id, offer_id, ballot_id, volunteer_id, \
                     round, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                )
                .bind(request.get())
                .bind(offer_id)
                .bind(ballot)
                .bind(offer.person_id)
                .bind(round)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(chosen.into_iter().map(ProxyOfferId::new).collect())
    }

    /// The matches of a request, as (match, offer, round).
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

    /// `person` (the requester or the volunteer) accepts the match; once both did, it holds,
    /// unless the volunteer already holds an accepted proxy for that ballot and round.
    pub async fn accept_proxy_match(
        &self,
        id: ProxyMatchId,
        person: PersonId,
    ) -> Result<AcceptOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let sides: Option<(i64, i64)> = sqlx::query_as(
            "SELECT r.person_id, m.volunteer_id FROM proxy_matches m \
             JOIN proxy_requests r ON r.id = m.request_id \
             WHERE m.id = $1 AND m.withdrawn_at IS NULL AND r.withdrawn_at IS NULL",
        )
        .bind(id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let column = match sides {
            Some((requester, _)) if requester == person.get() => "requester_accepted",
            Some((_, volunteer)) if volunteer == person.get() => "volunteer_accepted",
            _ => return Ok(AcceptOutcome::NotOpen),
        };
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

    /// Either side withdraws from the match. False when it was not theirs or already withdrawn.
    pub async fn withdraw_proxy_match(
        &self,
        id: ProxyMatchId,
        person: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE proxy_matches SET withdrawn_at = $3 WHERE id = $1 AND withdrawn_at IS NULL \
             AND (volunteer_id = $2 OR request_id IN \
                  (SELECT id FROM proxy_requests WHERE person_id = $2))",
        )
        .bind(id.get())
        .bind(person.get())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Deletes the requests, offers and matches of ballots whose last round was more than
    /// `days_after` days before `today`. Returns how many requests and offers went.
    pub async fn purge_past_proxies(
        &self,
        today: Date,
        days_after: i64,
    ) -> Result<u64, StoreError> {
        let cutoff = today
            .checked_sub(jiff::Span::new().days(days_after))
            .unwrap_or(today)
            .to_string();
        let past = "SELECT ballot_id FROM ballot_rounds GROUP BY ballot_id HAVING MAX(day) < $1";
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
