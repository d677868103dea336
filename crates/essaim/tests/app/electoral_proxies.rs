//! Procurations in the store, on both databases: the volunteers proposed to a request, each
//! side's contact revealed only once both accepted, a holder carrying one proxy per round even
//! when twenty requesters' matches are accepted at once, withdrawal, and the purge after the
//! ballot; three proposals at most, none of a volunteer for a round they already carry. (The
//! pages: electoral_proxy_pages.rs.)

use essaim_domain::electoral::ballot::parse_ballot;
use essaim_domain::electoral::proxy_matching::Rounds;
use essaim_domain::ids::{BallotId, PersonId, ProxyMatchId, ProxyOfferId, ProxyRequestId};
use essaim_store::electoral::{AcceptOutcome, NewProxyOffer, NewProxyRequest};
use essaim_store::now;
use jiff::civil::{Date, Weekday};
use jiff::ToSpan;

use crate::support::{both_backends, TestApp};

const PARIS: &str = "75056";
const MONTREUIL: &str = "93048";
const LYON: &str = "69123";

fn sunday_in(days: i64) -> Date {
    let mut day = essaim_domain::calendar::french_day(essaim_store::now())
        .checked_add(days.days())
        .unwrap();
    while day.weekday() != Weekday::Sunday {
        day = day.tomorrow().unwrap();
    }
    day
}

async fn ballot(app: &TestApp, first: Date) -> BallotId {
    let draft = parse_ballot(
        "Présidentielle",
        "presidentielle",
        &first.to_string(),
        "",
        true,
    )
    .unwrap();
    app.store.create_ballot(&draft, now()).await.unwrap()
}

/// A person straight into the database: the tests need many.
async fn person(app: &TestApp, n: usize) -> PersonId {
    let email = format!("personne{n}@exemple.fr");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
         referral_code, created_at) VALUES ($1, $1, 'Camille', 'Dupont', '75011', 'FR', $1, 0) RETURNING id",
    )
    .bind(&email)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    PersonId::new(id)
}

const FIRST: Rounds = Rounds {
    first: true,
    second: false,
};

async fn request(app: &TestApp, who: PersonId, ballot: BallotId, commune: &str) -> ProxyRequestId {
    let contact = format!("demande-{who}");
    let new = NewProxyRequest {
        person: who,
        ballot,
        commune_insee: commune,
        polling_station: None,
        rounds: FIRST,
        accepts_far: false,
        contact: &contact,
        consent_text: "accord",
    };
    app.store
        .create_proxy_request(&new, now())
        .await
        .unwrap()
        .unwrap()
}

async fn offer(
    app: &TestApp,
    who: PersonId,
    ballot: BallotId,
    commune: &str,
    rounds: Rounds,
) -> ProxyOfferId {
    let contact = format!("offre-{who}");
    let new = NewProxyOffer {
        person: who,
        ballot,
        commune_insee: commune,
        rounds,
        travel_km: 30,
        accepts_far: true,
        contact: &contact,
        consent_text: "accord",
    };
    app.store
        .create_proxy_offer(&new, now())
        .await
        .unwrap()
        .unwrap()
}

async fn only_match(app: &TestApp, request: ProxyRequestId) -> ProxyMatchId {
    let matches = app.store.proxy_matches_of(request).await.unwrap();
    assert_eq!(matches.len(), 1, "{matches:?}");
    matches[0].0
}

both_backends! {
    async fn the_nearest_volunteers_are_proposed_and_contacts_wait_for_both(app) {
        let ballot = ballot(&app, sunday_in(60)).await;
        let giver = person(&app, 0).await;
        let in_paris = person(&app, 1).await;
        let in_montreuil = person(&app, 2).await;
        let in_lyon = person(&app, 3).await;
        let both_rounds = Rounds { first: true, second: true };
        let paris_offer = offer(&app, in_paris, ballot, PARIS, FIRST).await;
        let montreuil_offer = offer(&app, in_montreuil, ballot, MONTREUIL, both_rounds).await;
        offer(&app, in_lyon, ballot, LYON, both_rounds).await;
        let asked = request(&app, giver, ballot, PARIS).await;

        let proposed = app.store.propose_volunteers(asked, now()).await.unwrap();
        assert_eq!(proposed, vec![paris_offer, montreuil_offer], "nearest first; Lyon is too far");
        let matches = app.store.proxy_matches_of(asked).await.unwrap();
        let paris_match = matches.iter().find(|(_, offer, _)| *offer == paris_offer).unwrap().0;

        assert_eq!(app.store.accept_proxy_match(paris_match, giver).await.unwrap(), AcceptOutcome::Waiting);
        assert_eq!(app.store.proxy_contacts(paris_match, giver).await.unwrap(), None, "not before both accept");
        assert_eq!(app.store.proxy_contacts(paris_match, in_paris).await.unwrap(), None);
        assert_eq!(app.store.accept_proxy_match(paris_match, in_lyon).await.unwrap(), AcceptOutcome::NotOpen, "not theirs");
        assert_eq!(app.store.accept_proxy_match(paris_match, in_paris).await.unwrap(), AcceptOutcome::Accepted);
        let contacts = (format!("demande-{giver}"), format!("offre-{in_paris}"));
        assert_eq!(app.store.proxy_contacts(paris_match, giver).await.unwrap(), Some(contacts.clone()));
        assert_eq!(app.store.proxy_contacts(paris_match, in_paris).await.unwrap(), Some(contacts));
        assert_eq!(app.store.proxy_contacts(paris_match, in_montreuil).await.unwrap(), None, "no one else");

        // Each one's copy of their data holds their own request or offer, not the other's.
        let data = app.store.export_person(giver).await.unwrap().unwrap();
        assert_eq!(data["demandes_de_procuration"][0]["coordonnees"], format!("demande-{giver}"));
        assert!(data["offres_de_procuration"].as_array().unwrap().is_empty());
        let data = app.store.export_person(in_paris).await.unwrap().unwrap();
        assert_eq!(data["offres_de_procuration"][0]["coordonnees"], format!("offre-{in_paris}"));
        assert!(!data.to_string().contains(&format!("demande-{giver}")), "not the requester's contact");
        let proposals = data["propositions_de_procuration"].as_array().unwrap();
        assert_eq!(proposals.len(), 1, "{proposals:?}");
        assert_eq!((proposals[0]["role"].as_str(), proposals[0]["accord_de_qui_porte"].as_str()), (Some("porter"), Some("1")));

        assert!(app.store.withdraw_proxy_match(paris_match, in_paris, now()).await.unwrap());
        assert_eq!(app.store.proxy_contacts(paris_match, giver).await.unwrap(), None, "withdrawn");

        // Montreuil's volunteer agrees, then deletes their account: the giver is told.
        let montreuil_match = app.store.proxy_matches_of(asked).await.unwrap().into_iter()
            .find(|(_, offer, _)| *offer == montreuil_offer).unwrap().0;
        app.store.accept_proxy_match(montreuil_match, giver).await.unwrap();
        assert_eq!(app.store.accept_proxy_match(montreuil_match, in_montreuil).await.unwrap(), AcceptOutcome::Accepted);
        let told = |app: &TestApp| {
            let pool = app.store.pool().clone();
            async move {
                let payloads: Vec<String> = sqlx::query_scalar("SELECT payload FROM outbox WHERE person_id = $1 AND payload IS NOT NULL")
                    .bind(giver.get()).fetch_all(&pool).await.unwrap();
                payloads.iter().filter(|p| p.contains("ProxyWithdrawn")).count()
            }
        };
        let before = told(&app).await;
        app.store.delete_person(in_montreuil).await.unwrap();
        assert_eq!(told(&app).await, before + 1, "the giver hears of it");
    }

    async fn twenty_accepts_at_once_give_a_holder_one_proxy_for_the_round(app) {
        let ballot = ballot(&app, sunday_in(60)).await;
        let volunteer = person(&app, 0).await;
        offer(&app, volunteer, ballot, PARIS, FIRST).await;
        let mut matches = Vec::new();
        for n in 1..=20 {
            let giver = person(&app, n).await;
            let asked = request(&app, giver, ballot, PARIS).await;
            app.store.propose_volunteers(asked, now()).await.unwrap();
            let found = only_match(&app, asked).await;
            assert_eq!(app.store.accept_proxy_match(found, giver).await.unwrap(), AcceptOutcome::Waiting);
            matches.push(found);
        }
        let tasks: Vec<_> = matches
            .iter()
            .map(|found| {
                let store = app.store.clone();
                let found = *found;
                tokio::spawn(async move { store.accept_proxy_match(found, volunteer).await.unwrap() })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        assert_eq!(outcomes.iter().filter(|o| **o == AcceptOutcome::Accepted).count(), 1, "{outcomes:?}");
        assert_eq!(outcomes.iter().filter(|o| **o == AcceptOutcome::HolderTaken).count(), 19);
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proxy_matches WHERE accepted = 1")
            .fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(held, 1);
    }

    async fn three_proposals_at_most_and_none_of_a_holder_for_the_round_they_carry(app) {
        let ballot = ballot(&app, sunday_in(60)).await;
        let mut offers = Vec::new();
        for n in 1..=5 {
            let volunteer = person(&app, n).await;
            offers.push((volunteer, offer(&app, volunteer, ballot, PARIS, FIRST).await));
        }
        let first_giver = person(&app, 10).await;
        let asked = request(&app, first_giver, ballot, PARIS).await;
        let proposed = app.store.propose_volunteers(asked, now()).await.unwrap();
        assert_eq!(proposed, vec![offers[0].1, offers[1].1, offers[2].1], "three, the first offers on a tie");
        assert!(app.store.propose_volunteers(asked, now()).await.unwrap().is_empty(), "no more while three are open");
        let first_match = app.store.proxy_matches_of(asked).await.unwrap()[0].0;
        app.store.accept_proxy_match(first_match, first_giver).await.unwrap();
        assert_eq!(app.store.accept_proxy_match(first_match, offers[0].0).await.unwrap(), AcceptOutcome::Accepted);

        let second_giver = person(&app, 11).await;
        let asked = request(&app, second_giver, ballot, PARIS).await;
        let proposed = app.store.propose_volunteers(asked, now()).await.unwrap();
        assert_eq!(proposed, vec![offers[1].1, offers[2].1, offers[3].1], "not the one who carries the first round now");
        // One of them steps back: the next volunteer takes the place, the one refused never returns.
        let (refused, _, _) = app.store.proxy_matches_of(asked).await.unwrap()[0];
        assert!(app.store.withdraw_proxy_match(refused, offers[1].0, now()).await.unwrap());
        let now_open: Vec<_> = app.store.proxy_matches_of(asked).await.unwrap().into_iter().map(|(_, offer, _)| offer).collect();
        assert_eq!(now_open, vec![offers[2].1, offers[3].1, offers[4].1]);
    }

    async fn ten_posts_at_once_leave_one_open_request_and_one_open_offer(app) {
        let ballot = ballot(&app, sunday_in(60)).await;
        let who = person(&app, 0).await;
        let tasks: Vec<_> = (0..10)
            .map(|n| {
                let store = app.store.clone();
                tokio::spawn(async move {
                    let contact = format!("06 00 00 00 {n:02}");
                    if n % 2 == 0 {
                        let new = NewProxyRequest { person: who, ballot, commune_insee: PARIS, polling_station: None, rounds: FIRST, accepts_far: false, contact: &contact, consent_text: "accord" };
                        store.create_proxy_request(&new, now()).await.unwrap().is_ok()
                    } else {
                        let new = NewProxyOffer { person: who, ballot, commune_insee: PARIS, rounds: FIRST, travel_km: 10, accepts_far: false, contact: &contact, consent_text: "accord" };
                        store.create_proxy_offer(&new, now()).await.unwrap().is_ok()
                    }
                })
            })
            .collect();
        let mut posted = 0;
        for task in tasks {
            posted += usize::from(task.await.unwrap());
        }
        assert_eq!(posted, 2, "one request and one offer");
        for table in ["proxy_requests", "proxy_offers"] {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.store.pool()).await.unwrap();
            assert_eq!(rows, 1, "{table}");
        }
    }

    async fn requests_and_offers_of_a_past_ballot_are_purged(app) {
        // Three to four weeks ago: within the default retention (30 days), so the app's own hourly
        // housekeeping, running beside the test, leaves it alone.
        let past = ballot(&app, sunday_in(-26)).await;
        let coming = ballot(&app, sunday_in(60)).await;
        for (n, ballot) in [(0, past), (2, coming)] {
            let giver = person(&app, n).await;
            let volunteer = person(&app, n + 1).await;
            offer(&app, volunteer, ballot, PARIS, FIRST).await;
            let asked = request(&app, giver, ballot, PARIS).await;
            app.store.propose_volunteers(asked, now()).await.unwrap();
        }
        let today = essaim_domain::calendar::french_day(essaim_store::now());
        assert_eq!(app.store.purge_past_proxies(today, 30).await.unwrap(), 0, "kept 30 days after");
        // The retention rules (run hourly) purge them after the configured days, and the dry
        // run lists exactly those: the past ballot's request and offer.
        let policy = |days| essaim::retention::RetentionPolicy {
            electoral: essaim::electoral_config::ElectoralSettings { proxy_retention_days: days },
            ..Default::default()
        };
        let past_proxies = essaim_store::retention::RetentionRule::PastProxies;
        let listed = essaim::retention::dry_run(&app.store, &policy(30), now()).await.unwrap();
        assert_eq!(listed.count(past_proxies), 0);
        essaim::retention::apply(&app.store, &policy(30), now()).await.unwrap();
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proxy_requests").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(left, 2, "not yet");
        let listed = essaim::retention::dry_run(&app.store, &policy(10), now()).await.unwrap();
        assert_eq!(listed.count(past_proxies), 2);
        let deleted = essaim::retention::apply(&app.store, &policy(10), now()).await.unwrap();
        assert_eq!(deleted.count(past_proxies), 2);
        assert_eq!(app.store.purge_past_proxies(today, 10).await.unwrap(), 0, "already gone");
        for table in ["proxy_requests", "proxy_offers", "proxy_matches"] {
            let left: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE ballot_id = $1"))
                .bind(past.get()).fetch_one(app.store.pool()).await.unwrap();
            assert_eq!(left, 0, "{table}");
            let kept: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE ballot_id = $1"))
                .bind(coming.get()).fetch_one(app.store.pool()).await.unwrap();
            assert_eq!(kept, 1, "{table} of the coming ballot");
        }
    }
}
