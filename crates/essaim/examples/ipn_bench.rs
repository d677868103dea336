//! Throughput of the payment notification route (POST /dons/notification): how many provider
//! notifications a second the site records, each one checked (signature), deduplicated (its
//! transaction recorded once) and turned into a ledger line and a queued acknowledgement.
//!
//!     cargo run --release -p essaim --example ipn_bench -- --gifts 20000
//!     cargo run --release -p essaim --example ipn_bench -- --gifts 20000 \
//!         --database 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dbench_ipn'
//!
//! The server runs in this process on a port, with its outbox writing to an mbox file; the
//! gifts are created first through the store (not measured), then their notifications —
//! signed with the simulator's key exactly as the provider signs them — are posted by
//! `--concurrency` clients in a closed loop. A second pass posts the same notifications again
//! (replays: answered 200, nothing recorded). Server and clients share the machine's cores.

#[path = "common/bench.rs"]
mod bench;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use essaim_domain::donations::{Cents, DonorForm, Frequency, PaymentMethod};
use essaim_domain::FieldErrors;
use essaim_payment::ipn::signed_ipn;
use essaim_payment::{Decision, PaymentKind, PaymentProvider, PaymentRequest, TransId};
use essaim_store::donations::{GiftStatus, NewGiftRecord};

/// Posts every body once with `concurrency` clients; returns (seconds, sorted latencies, errors).
async fn post_all(
    url: &str,
    bodies: Arc<Vec<Vec<(String, String)>>>,
    concurrency: usize,
) -> (f64, Vec<Duration>, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::new();
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, bodies, client, url) = (
                next.clone(),
                bodies.clone(),
                client.clone(),
                url.to_string(),
            );
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(body) = bodies.get(i) else { break };
                    let sent = Instant::now();
                    match client.post(&url).form(body).send().await {
                        Ok(response) if response.status().is_success() => {}
                        _ => errors += 1,
                    }
                    latencies.push(sent.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for worker in workers {
        let (mine, failed) = worker.await.expect("a worker");
        latencies.extend(mine);
        errors += failed;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    (seconds, latencies, errors)
}

#[tokio::main]
async fn main() {
    let args = bench::args("--gifts", 20_000, 32);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = bench::database_url(&args, dir.path());
    let running = bench::start_server(&database, dir.path()).await;
    let key = essaim::donations_config::simulator_key(&running.secret);
    let provider = PaymentProvider::Simulator {
        key: key.clone(),
        form_url: format!("{}/dons/simulateur", running.base_url),
    };

    let created = Instant::now();
    let mut bodies = Vec::with_capacity(args.count);
    for n in 0..args.count {
        let form = DonorForm {
            civility: "madame".into(),
            first_name: "Louise".into(),
            last_name: format!("Banc{n}"),
            email: format!("banc{n}@exemple.fr"),
            address_line1: "12 rue de la Commune".into(),
            postal_code: "75011".into(),
            commune: "Paris".into(),
            country: "FR".into(),
            nationality: "francaise".into(),
            sworn: true,
            ..Default::default()
        };
        let donor = form
            .parse(&mut FieldErrors::default())
            .expect("a valid donor");
        let record = NewGiftRecord {
            donor: &donor,
            amount: Cents::euros(20),
            frequency: Frequency::Once,
            method: PaymentMethod::Card,
            status: GiftStatus::Pending,
            replaces_monthly: false,
            entered_by: None,
        };
        let (gift, _) = running
            .store
            .create_gift(&record, essaim_store::now())
            .await
            .expect("a gift");
        let request = PaymentRequest {
            order_id: gift.to_string(),
            amount_cents: 2000,
            customer_email: donor.email.as_str().into(),
            kind: PaymentKind::OneOff,
            return_url: format!("{}/dons/merci?don={gift}", running.base_url),
            ipn_url: format!("{}/dons/notification", running.base_url),
            trans_id: TransId::from_sequence(n as u64),
            trans_date: time::OffsetDateTime::now_utc(),
            locale: "fr".into(),
        };
        bodies.push(signed_ipn(
            &provider.payment_form(&request),
            Decision::Accept,
            &key,
        ));
    }
    println!(
        "{} gifts created in {:.1} s ({database})",
        args.count,
        created.elapsed().as_secs_f64()
    );

    let url = format!("{}/dons/notification", running.base_url);
    let bodies = Arc::new(bodies);
    for pass in ["first notifications", "replays (same notifications again)"] {
        let (seconds, latencies, errors) = post_all(&url, bodies.clone(), args.concurrency).await;
        println!(
            "{pass}: {} in {seconds:.2} s = {:.0}/s, p50 {:.2} ms, p99 {:.2} ms, {errors} errors",
            latencies.len(),
            latencies.len() as f64 / seconds,
            bench::percentile(&latencies, 50.0).as_secs_f64() * 1000.0,
            bench::percentile(&latencies, 99.0).as_secs_f64() * 1000.0,
        );
    }
    let lines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments")
        .fetch_one(running.store.pool())
        .await
        .expect("the ledger");
    println!("ledger lines: {lines} (expected {})", args.count);
    assert_eq!(lines as usize, args.count, "one ledger line per payment");
    running.shutdown().await;
}
