//! A burst of sign-ups at a fixed rate, and the time from each sign-up to its confirmation
//! email accepted by the relay: the figure a supporter feels ("the email never came").
//!
//!     cargo run --release -p essaim --example signup_burst -- \
//!         --url http://127.0.0.1:18080 --rate 5000 --seconds 10 --sink-log /tmp/accepted.log
//!
//! Open loop: requests start on schedule (`rate` a second) whether or not earlier ones were
//! answered, as a crowd does; at most `--in-flight` are outstanding. The relay is
//! `smtp-sink --log FILE`, which writes `<microseconds> <recipient>` for each email it accepts;
//! this program joins that file with the time each sign-up was sent. bench/run.sh runs it.

#[path = "common/bench.rs"]
mod bench;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::Semaphore;

struct Args {
    url: String,
    rate: u64,
    seconds: u64,
    sink_log: String,
    in_flight: usize,
    run: String,
}

fn args() -> Args {
    let mut args = Args {
        url: "http://127.0.0.1:18080".into(),
        rate: 5000,
        seconds: 10,
        sink_log: String::new(),
        in_flight: 256,
        run: format!("{}", std::process::id()),
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().unwrap_or_default();
        match flag.as_str() {
            "--url" => args.url = value,
            "--rate" => args.rate = value.parse().expect("--rate N"),
            "--seconds" => args.seconds = value.parse().expect("--seconds N"),
            "--sink-log" => args.sink_log = value,
            "--in-flight" => args.in_flight = value.parse().expect("--in-flight N"),
            "--run" => args.run = value,
            _ => panic!("unknown argument {flag}"),
        }
    }
    assert!(!args.sink_log.is_empty(), "--sink-log FILE is required");
    args
}

fn micros(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_micros() as i64
}

/// p in 0..=100 of sorted values.
fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(us: i64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

#[tokio::main]
async fn main() {
    let args = args();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.in_flight)
        .build()
        .unwrap();
    // A CSRF cookie and its form field, as a browser gets them from the home page.
    let home = client
        .get(format!("{}/", args.url))
        .send()
        .await
        .expect("the server answers");
    let token = bench::csrf_cookie(&home).expect("a CSRF cookie");

    let sent: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
    let answers: Arc<Mutex<Vec<(u16, i64)>>> = Arc::default();
    let slots = Arc::new(Semaphore::new(args.in_flight));
    let total = args.rate * args.seconds;
    let started = Instant::now();
    let burst_start = SystemTime::now();
    let mut launched = 0u64;
    let mut ticker = tokio::time::interval(Duration::from_millis(1));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::with_capacity(total as usize);
    while launched < total {
        ticker.tick().await;
        let due = ((started.elapsed().as_secs_f64() * args.rate as f64) as u64).min(total);
        while launched < due {
            launched += 1;
            let email = format!("burst-{}-{launched}@exemple.fr", args.run);
            let body = format!(
                "csrf={token}&first_name=Louise&last_name=Michel&email={email}&postal_code=75011&country=FR&phone=&news_optin=1"
            );
            let (client, url, cookie) = (
                client.clone(),
                format!("{}/signer", args.url),
                format!("essaim_csrf={token}"),
            );
            let (sent, answers, slots) = (sent.clone(), answers.clone(), slots.clone());
            tasks.push(tokio::spawn(async move {
                let _slot = slots.acquire_owned().await.unwrap();
                let at = SystemTime::now();
                let clock = Instant::now();
                let response = client
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("cookie", cookie)
                    .body(body)
                    .send()
                    .await;
                let status = match response {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                answers
                    .lock()
                    .unwrap()
                    .push((status, clock.elapsed().as_micros() as i64));
                if status == 200 {
                    sent.lock().unwrap().insert(email, micros(at));
                }
            }));
        }
    }
    for task in tasks {
        let _ = task.await;
    }
    let burst_end = SystemTime::now();
    let elapsed = started.elapsed().as_secs_f64();

    let answers = answers.lock().unwrap().clone();
    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    let mut http: Vec<i64> = answers.iter().map(|(_, us)| *us).collect();
    http.sort_unstable();
    println!(
        "sign-ups: {total} sent in {elapsed:.1} s ({:.0}/s), {ok} answered 200, {} errors; response p50 {} p99 {}",
        total as f64 / elapsed,
        answers.len() - ok,
        ms(percentile(&http, 50.0)),
        ms(percentile(&http, 99.0))
    );

    // Wait for the relay to have every confirmation email (or two minutes).
    let sent = sent.lock().unwrap().clone();
    let deadline = Instant::now() + Duration::from_secs(120);
    let accepted = loop {
        let log = std::fs::read_to_string(&args.sink_log).unwrap_or_default();
        let accepted: HashMap<&str, i64> = log
            .lines()
            .filter_map(|line| line.split_once(' '))
            .filter(|(_, to)| sent.contains_key(*to))
            .filter_map(|(at, to)| Some((to, at.parse().ok()?)))
            .collect();
        if accepted.len() >= sent.len() || Instant::now() > deadline {
            break accepted
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<HashMap<_, _>>();
        }
        drop(accepted);
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut latencies: Vec<i64> = accepted.iter().map(|(to, at)| at - sent[to]).collect();
    latencies.sort_unstable();
    let (start_us, end_us) = (micros(burst_start), micros(burst_end));
    let during = accepted.values().filter(|at| **at <= end_us).count();
    let last = accepted.values().copied().max().unwrap_or(end_us);
    println!(
        "emails: {} of {} accepted by the relay ({} missing); {during} during the burst ({:.0}/s), the rest {:.1} s after it",
        accepted.len(),
        sent.len(),
        sent.len() - accepted.len(),
        during as f64 / ((end_us - start_us) as f64 / 1e6),
        ((last - end_us).max(0)) as f64 / 1e6
    );
    println!(
        "sign-up to email accepted: p50 {} p90 {} p99 {} max {}",
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or(0))
    );
}
