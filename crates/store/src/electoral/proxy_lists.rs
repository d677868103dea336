//! A person's own procurations, as their page shows them: their open requests with the
//! volunteers proposed, their open offers with the requests they were proposed to, and for each
//! proposal who accepted — the other side's name and contact only once both did (the query
//! itself leaves them out before).

use essaim_domain::electoral::proxy_matching::Rounds;
use essaim_domain::identity::short_name;
use essaim_domain::ids::{BallotId, PersonId, ProxyMatchId, ProxyOfferId, ProxyRequestId};

use super::proxies::point_of;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct MyProxyRequest {
    pub id: ProxyRequestId,
    pub ballot: BallotId,
    pub ballot_name: String,
    pub commune_insee: String,
    pub polling_station: Option<String>,
    pub rounds: Rounds,
    pub proposals: Vec<ProxyProposal>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MyProxyOffer {
    pub id: ProxyOfferId,
    pub ballot: BallotId,
    pub ballot_name: String,
    pub commune_insee: String,
    pub rounds: Rounds,
    pub travel_km: i64,
    pub proposals: Vec<ProxyProposal>,
}

/// One proposal, from the side of the person reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProxyProposal {
    pub id: ProxyMatchId,
    pub round: i64,
    /// The other side's commune (INSEE code).
    pub other_commune_insee: String,
    /// The requester's polling station, when they gave it.
    pub polling_station: Option<String>,
    /// Between the two communes.
    pub distance_km: f64,
    pub i_accepted: bool,
    pub they_accepted: bool,
    /// Both accepted.
    pub agreed: bool,
    /// The volunteer carries another proxy for this round now: this one cannot be agreed.
    pub taken: bool,
    /// The other side's name ("Louise M.") and contact, once both accepted.
    pub other: Option<(String, String)>,
}

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    ballot_id: i64,
    ballot_name: String,
    commune_insee: String,
    polling_station: Option<String>,
    first_round: i64,
    second_round: i64,
}

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: i64,
    parent: i64,
    round: i64,
    other_commune: String,
    polling_station: Option<String>,
    my_commune: String,
    mine: i64,
    theirs: i64,
    accepted: i64,
    taken: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    contact: Option<String>,
}

impl ProposalRow {
    fn into_proposal(self) -> (i64, ProxyProposal) {
        let distance_km = match (point_of(&self.my_commune), point_of(&self.other_commune)) {
            (Some(mine), Some(theirs)) => essaim_geo::distance_km(mine, theirs),
            _ => 0.0,
        };
        let other = match (self.first_name, self.last_name, self.contact) {
            (Some(first), Some(last), Some(contact)) => Some((short_name(&first, &last), contact)),
            _ => None,
        };
        (
            self.parent,
            ProxyProposal {
                id: ProxyMatchId::new(self.id),
                round: self.round,
                other_commune_insee: self.other_commune,
                polling_station: self.polling_station,
                distance_km,
                i_accepted: self.mine != 0,
                they_accepted: self.theirs != 0,
                agreed: self.accepted != 0,
                taken: self.taken != 0,
                other,
            },
        )
    }
}

/// Whether the match's volunteer carries another proxy of its ballot and round.
const TAKEN: &str = "CAST(CASE WHEN EXISTS (SELECT 1 FROM proxy_matches h \
     WHERE h.volunteer_id = m.volunteer_id AND h.ballot_id = m.ballot_id AND h.round = m.round \
     AND h.accepted = 1 AND h.withdrawn_at IS NULL AND h.id <> m.id) THEN 1 ELSE 0 END AS BIGINT)";

/// The other side's name and contact, only for an agreed match.
fn revealed(person: &str, contact: &str) -> String {
    format!(
        "CASE WHEN m.accepted = 1 THEN {person}.first_name END AS first_name, \
         CASE WHEN m.accepted = 1 THEN {person}.last_name END AS last_name, \
         CASE WHEN m.accepted = 1 THEN {contact} END AS contact"
    )
}

fn rounds(first: i64, second: i64) -> Rounds {
    Rounds {
        first: first != 0,
        second: second != 0,
    }
}

impl Store {
    /// The person's open requests, each with its open proposals, in the order posted.
    pub async fn my_proxy_requests(
        &self,
        person: PersonId,
    ) -> Result<Vec<MyProxyRequest>, StoreError> {
        let rows: Vec<RequestRow> = sqlx::query_as(
            "SELECT r.id, r.ballot_id, b.name AS ballot_name, r.commune_insee, r.polling_station, \
             r.first_round, r.second_round FROM proxy_requests r JOIN ballots b ON b.id = r.ballot_id \
             WHERE r.person_id = $1 AND r.withdrawn_at IS NULL ORDER BY r.id",
        )
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        let proposals: Vec<ProposalRow> = sqlx::query_as(&format!(
            "SELECT m.id, m.request_id AS parent, m.round, o.commune_insee AS other_commune, \
             r.polling_station, r.commune_insee AS my_commune, m.requester_accepted AS mine, \
             m.volunteer_accepted AS theirs, m.accepted, {TAKEN} AS taken, {} \
             FROM proxy_matches m JOIN proxy_requests r ON r.id = m.request_id \
             JOIN proxy_offers o ON o.id = m.offer_id JOIN people p ON p.id = o.person_id \
             WHERE r.person_id = $1 AND r.withdrawn_at IS NULL AND m.withdrawn_at IS NULL \
             ORDER BY m.id",
            revealed("p", "o.contact")
        ))
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        let proposals: Vec<(i64, ProxyProposal)> = proposals
            .into_iter()
            .map(ProposalRow::into_proposal)
            .collect();
        Ok(rows
            .into_iter()
            .map(|row| MyProxyRequest {
                id: ProxyRequestId::new(row.id),
                ballot: BallotId::new(row.ballot_id),
                ballot_name: row.ballot_name,
                commune_insee: row.commune_insee,
                polling_station: row.polling_station,
                rounds: rounds(row.first_round, row.second_round),
                proposals: proposals
                    .iter()
                    .filter(|(parent, _)| *parent == row.id)
                    .map(|(_, proposal)| proposal.clone())
                    .collect(),
            })
            .collect())
    }

    /// The person's open offers, each with the requests it was proposed to.
    pub async fn my_proxy_offers(&self, person: PersonId) -> Result<Vec<MyProxyOffer>, StoreError> {
        let rows: Vec<(i64, i64, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT o.id, o.ballot_id, b.name, o.commune_insee, o.first_round, o.second_round, \
             o.travel_km FROM proxy_offers o JOIN ballots b ON b.id = o.ballot_id \
             WHERE o.person_id = $1 AND o.withdrawn_at IS NULL ORDER BY o.id",
        )
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        let proposals: Vec<ProposalRow> = sqlx::query_as(&format!(
            "SELECT m.id, m.offer_id AS parent, m.round, r.commune_insee AS other_commune, \
             r.polling_station, o.commune_insee AS my_commune, m.volunteer_accepted AS mine, \
             m.requester_accepted AS theirs, m.accepted, {TAKEN} AS taken, {} \
             FROM proxy_matches m JOIN proxy_offers o ON o.id = m.offer_id \
             JOIN proxy_requests r ON r.id = m.request_id JOIN people p ON p.id = r.person_id \
             WHERE o.person_id = $1 AND o.withdrawn_at IS NULL AND m.withdrawn_at IS NULL \
             AND r.withdrawn_at IS NULL ORDER BY m.id",
            revealed("p", "r.contact")
        ))
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        let proposals: Vec<(i64, ProxyProposal)> = proposals
            .into_iter()
            .map(ProposalRow::into_proposal)
            .collect();
        Ok(rows
            .into_iter()
            .map(
                |(id, ballot, ballot_name, commune_insee, first, second, travel_km)| MyProxyOffer {
                    id: ProxyOfferId::new(id),
                    ballot: BallotId::new(ballot),
                    ballot_name,
                    commune_insee,
                    rounds: rounds(first, second),
                    travel_km,
                    proposals: proposals
                        .iter()
                        .filter(|(parent, _)| *parent == id)
                        .map(|(_, proposal)| proposal.clone())
                        .collect(),
                },
            )
            .collect())
    }
}
