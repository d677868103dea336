//! A mailing of 100,000 recipients: how long it takes to count the segment and to queue the
//! mailing, then the mail worker draining it to the stand-in SMTP relay (`essaim-smtp-sink`,
//! in this process, real SMTP over TCP): at the configured pace (50 a second), then, for a
//! second mailing to the same people, with no pace at all (the most this machine sends).
//!
//!     cargo run --release -p essaim --example mailing_bench -- --recipients 100000
//!     cargo run --release -p essaim --example mailing_bench -- --recipients 100000 \
//!         --database 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dbench_mailing'
//!
//! Not measured: the recipients are written straight into the tables (people with a confirmed
//! signature in Seine-Saint-Denis who accepted the news), 1,000 rows a statement. The relay,
//! the worker and the database share the machine's cores.

#[path = "common/bench.rs"]
mod bench;

use std::time::{Duration, Instant};

use essaim_domain::ids::PersonId;
use essaim_domain::mailing::{Segment, WeeklyCap};
use essaim_mail::{Delivery, DeliveryTuning, Links, MailConfig, OutboxWorker};
use essaim_smtp_sink::{Sink, SinkConfig};
use essaim_store::mailings::NewMailing;
use essaim_store::{now, Store};

async fn insert_recipients(store: &Store, count: usize) -> PersonId {
    let run = std::process::id();
    let at = now();
    for chunk_start in (0..count).step_by(1000) {
        let chunk = (chunk_start..(chunk_start + 1000).min(count))
            .map(|n| {
                format!(
                    "('envoi-{run}-{n}@exemple.fr', 'envoi-{run}-{n}@exemple.fr', 'Louise', 'Michel', \
                     '93100', 'FR', 1, 'e{run}x{n}', {at})"
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(&format!(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
             news_optin, referral_code, created_at) VALUES {chunk}"
        ))
        .execute(store.pool())
        .await
        .expect("people written");
    }
    sqlx::query(&format!(
        "INSERT INTO signatures (person_id, status, departement, created_at, confirmed_at) \
         SELECT id, 'confirmed', '93', created_at, created_at FROM people \
         WHERE email_norm LIKE 'envoi-{run}-%'"
    ))
    .execute(store.pool())
    .await
    .expect("signatures written");
    let author: i64 = sqlx::query_scalar(&format!(
        "SELECT MIN(id) FROM people WHERE email_norm LIKE 'envoi-{run}-%'"
    ))
    .fetch_one(store.pool())
    .await
    .expect("an author");
    PersonId::new(author)
}

fn worker(store: &Store, sink: &Sink, mailing_per_second: u32) -> OutboxWorker {
    let config = MailConfig {
        from: "Essaim <ne-pas-repondre@exemple.fr>".into(),
        smtp_url: Some(sink.url()),
        file_dir: std::env::temp_dir(),
        delivery: DeliveryTuning {
            mailing_per_second,
            ..DeliveryTuning::default()
        },
    };
    let (delivery, from) = Delivery::from_config(&config).expect("the relay's address");
    let links = Links::new("https://essaim.example", b"bench-secret".to_vec());
    OutboxWorker::new(store.clone(), delivery, from, links, config.delivery)
}

async fn queue(store: &Store, segment: &Segment, author: PersonId, per_second: u32) -> (i64, i64) {
    let mailing = NewMailing {
        subject: "Meeting samedi",
        body: "Rendez-vous **samedi** à 15 h, place de la République.",
        body_html: "<p>Rendez-vous <strong>samedi</strong> à 15 h, place de la République.</p>",
        segment,
        segment_summary: "département 93",
        author_id: author,
        author: "bench@exemple.fr",
        per_second,
        send_at: now(),
        cap: WeeklyCap::new(10),
    };
    let started = Instant::now();
    let queued = store.queue_mailing(&mailing, now()).await.expect("queued");
    println!(
        "queued {} emails in {:.2} s",
        queued.1,
        started.elapsed().as_secs_f64()
    );
    queued
}

#[tokio::main]
async fn main() {
    let args = bench::args("--recipients", 100_000, 0);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::connect(&bench::database_url(&args, dir.path()))
        .await
        .expect("the database");
    store.migrate().await.expect("the tables");
    let started = Instant::now();
    let author = insert_recipients(&store, args.count).await;
    println!(
        "{} recipients written in {:.1} s (not measured)",
        args.count,
        started.elapsed().as_secs_f64()
    );
    let segment = Segment {
        departements: vec!["93".into()],
        ..Segment::default()
    };
    let started = Instant::now();
    let count = store
        .count_segment(&segment, WeeklyCap::new(10), now())
        .await
        .unwrap();
    println!(
        "segment counted: {} in {:.2} s",
        count.reachable,
        started.elapsed().as_secs_f64()
    );

    // At the configured pace, for 30 s.
    let sink = Sink::start(SinkConfig::default()).await.unwrap();
    let (first, _) = queue(&store, &segment, author, 50).await;
    let running = worker(&store, &sink, 50).spawn();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let from = sink.accepted_count();
    let window = Instant::now();
    tokio::time::sleep(Duration::from_secs(30)).await;
    let paced = sink.accepted_count() - from;
    println!(
        "at 50/s: {paced} emails accepted by the relay in {:.1} s = {:.1}/s",
        window.elapsed().as_secs_f64(),
        paced as f64 / window.elapsed().as_secs_f64()
    );
    running.shutdown().await;
    let withdrawn = store
        .cancel_mailing(first, now())
        .await
        .unwrap()
        .unwrap_or(0);
    println!("first mailing cancelled: {withdrawn} emails withdrawn");

    // No pace: the whole mailing, to the last email.
    let before = sink.accepted_count();
    let (second, queued) = queue(&store, &segment, author, 0).await;
    let started = Instant::now();
    let running = worker(&store, &sink, 0).spawn();
    while (sink.accepted_count() - before) < queued as usize {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let took = started.elapsed().as_secs_f64();
    running.shutdown().await;
    println!(
        "no pace: {queued} emails accepted by the relay in {took:.1} s = {:.0}/s",
        queued as f64 / took
    );
    let stats = store.mailing(second).await.unwrap().unwrap();
    println!(
        "second mailing: {} recipients, {} sent, {} failed, {} waiting",
        stats.recipients, stats.sent, stats.failed, stats.waiting
    );
}
