//! Procurations: which volunteers are proposed to a person who cannot vote in person. Since
//! 2022 the proxy holder may live in another commune (they vote at the giver's polling
//! station), so the volunteers are ranked by how far they are from the giver's commune: within
//! 20 km, or further when both said they accept it (and never beyond what the volunteer said
//! they can travel); then those of the same commune; then those covering more of the rounds
//! asked; ties by the offer's number, so that the same data always gives the same proposals.
//! The caller computes the distances (the gazetteer is not a domain matter).

/// Proposals a requester gets at most.
pub const PROPOSALS: usize = 3;
/// The distance within which anyone may be proposed.
pub const NEAR_KM: f64 = 20.0;

/// The rounds of a ballot a request or an offer is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rounds {
    pub first: bool,
    pub second: bool,
}

impl Rounds {
    fn shared_with(self, other: Rounds) -> usize {
        usize::from(self.first && other.first) + usize::from(self.second && other.second)
    }

    /// These rounds, less those of `taken`.
    pub fn without(self, taken: Rounds) -> Rounds {
        Rounds {
            first: self.first && !taken.first,
            second: self.second && !taken.second,
        }
    }

    pub fn is_empty(self) -> bool {
        !self.first && !self.second
    }

    /// The rounds in words, as a sentence says them.
    pub fn words(self) -> &'static str {
        match (self.first, self.second) {
            (true, true) => "les deux tours",
            (true, false) => "le premier tour",
            (false, true) => "le second tour",
            (false, false) => "aucun tour",
        }
    }

    /// One round by its number (1 or 2).
    pub fn only(round: i64) -> Rounds {
        Rounds {
            first: round == 1,
            second: round == 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProxyRequest {
    pub commune_insee: String,
    pub rounds: Rounds,
    /// Accepts a volunteer from further than `NEAR_KM`.
    pub accepts_far: bool,
}

/// A volunteer's offer, as seen from one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub offer_id: i64,
    pub commune_insee: String,
    pub rounds: Rounds,
    /// How far they said they can travel.
    pub travel_km: f64,
    pub accepts_far: bool,
    /// From the requester's commune.
    pub distance_km: f64,
}

/// Whether `candidate` may be proposed for `request` at all.
pub fn eligible(request: &ProxyRequest, candidate: &Candidate) -> bool {
    request.rounds.shared_with(candidate.rounds) > 0
        && candidate.distance_km <= candidate.travel_km
        && (candidate.distance_km <= NEAR_KM || (request.accepts_far && candidate.accepts_far))
}

/// The order of the proposals: the whole kilometres first (a few hundred metres do not make a
/// better holder), then the same commune, then more rounds, then the offer's number.
fn key(
    request: &ProxyRequest,
    candidate: &Candidate,
) -> (u64, bool, std::cmp::Reverse<usize>, i64) {
    (
        candidate.distance_km.max(0.0).floor() as u64,
        candidate.commune_insee != request.commune_insee,
        std::cmp::Reverse(request.rounds.shared_with(candidate.rounds)),
        candidate.offer_id,
    )
}

/// The offers proposed to `request`, best first, `PROPOSALS` at most.
pub fn proposals(request: &ProxyRequest, candidates: &[Candidate]) -> Vec<i64> {
    let mut eligible: Vec<&Candidate> =
        candidates.iter().filter(|c| eligible(request, c)).collect();
    eligible.sort_by_key(|candidate| key(request, candidate));
    eligible
        .into_iter()
        .take(PROPOSALS)
        .map(|candidate| candidate.offer_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn request(accepts_far: bool) -> ProxyRequest {
        ProxyRequest {
            commune_insee: "75056".into(),
            rounds: Rounds {
                first: true,
                second: true,
            },
            accepts_far,
        }
    }

    fn candidate(
        offer_id: i64,
        commune: &str,
        distance_km: f64,
        first: bool,
        second: bool,
    ) -> Candidate {
        Candidate {
            offer_id,
            commune_insee: commune.into(),
            rounds: Rounds { first, second },
            travel_km: 50.0,
            accepts_far: true,
            distance_km,
        }
    }

    #[test]
    fn nearer_then_same_commune_then_more_rounds_then_the_first_offer() {
        let candidates = [
            candidate(1, "93048", 4.2, true, true),
            candidate(2, "75056", 4.7, true, false),
            candidate(3, "75056", 4.9, true, true),
            candidate(4, "92012", 0.5, false, true),
            candidate(5, "94080", 30.0, true, true),
            candidate(6, "75056", 1.0, false, false),
        ];
        // 4 is nearest (0 km); at 4 km, 3 (same commune, both rounds) before 2 (same commune,
        // one round) before 1 (another commune); 5 is too far; 6 covers no round asked.
        assert_eq!(proposals(&request(false), &candidates), vec![4, 3, 2]);
        assert_eq!(
            proposals(&request(true), &candidates[4..5]),
            vec![5],
            "both accept further"
        );
        let mut shy = candidates[4].clone();
        shy.accepts_far = false;
        assert!(
            proposals(&request(true), &[shy]).is_empty(),
            "both must accept"
        );
        let mut short = candidates[4].clone();
        short.travel_km = 25.0;
        assert!(
            proposals(&request(true), &[short]).is_empty(),
            "never beyond their travel"
        );
    }

    /// The reference: an offer's place is the number of eligible offers that beat it, compared
    /// criterion by criterion as the rule says them.
    fn reference(request: &ProxyRequest, candidates: &[Candidate]) -> Vec<i64> {
        let beats = |a: &Candidate, b: &Candidate| {
            let (ka, kb) = (a.distance_km.floor(), b.distance_km.floor());
            if ka != kb {
                return ka < kb;
            }
            let (sa, sb) = (
                a.commune_insee == request.commune_insee,
                b.commune_insee == request.commune_insee,
            );
            if sa != sb {
                return sa;
            }
            let (ra, rb) = (
                request.rounds.shared_with(a.rounds),
                request.rounds.shared_with(b.rounds),
            );
            if ra != rb {
                return ra > rb;
            }
            a.offer_id < b.offer_id
        };
        let pool: Vec<&Candidate> = candidates.iter().filter(|c| eligible(request, c)).collect();
        let mut placed: Vec<(usize, i64)> = pool
            .iter()
            .map(|c| {
                (
                    pool.iter().filter(|other| beats(other, c)).count(),
                    c.offer_id,
                )
            })
            .collect();
        placed.sort();
        placed
            .into_iter()
            .take(PROPOSALS)
            .map(|(_, id)| id)
            .collect()
    }

    proptest! {
        #[test]
        fn the_ranking_agrees_with_the_brute_force_reference(
            offers in prop::collection::vec((0u8..4, 0.0f64..60.0, any::<bool>(), any::<bool>(), 5.0f64..80.0, any::<bool>()), 0..40),
            first in any::<bool>(), second in any::<bool>(), accepts_far in any::<bool>(),
        ) {
            let communes = ["75056", "93048", "92012", "94080"];
            let request = ProxyRequest {
                commune_insee: "75056".into(),
                rounds: Rounds { first, second },
                accepts_far,
            };
            let candidates: Vec<Candidate> = offers
                .iter()
                .enumerate()
                .map(|(n, (commune, distance, first, second, travel, far))| Candidate {
                    // Numbers in a shuffled order: the tie-break is by number, not by position.
                    offer_id: ((n * 7919) % 1000) as i64 + 1,
                    commune_insee: communes[*commune as usize].into(),
                    rounds: Rounds { first: *first, second: *second },
                    travel_km: *travel,
                    accepts_far: *far,
                    distance_km: *distance,
                })
                .collect();
            prop_assert_eq!(proposals(&request, &candidates), reference(&request, &candidates));
        }
    }
}
