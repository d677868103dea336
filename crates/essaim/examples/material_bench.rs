//! Orders of material on one hot item: how many orders a second the site places when everyone
//! asks for the same poster pack at once, and that the stock is never oversold.
//!
//!     cargo run --release -p essaim --example material_bench -- --orders 5000
//!     cargo run --release -p essaim --example material_bench -- --orders 5000 \
//!         --database 'postgres://postgres@127.0.0.1:5432/test?options=-c%20search_path%3Dbench_material'
//!
//! The server runs in this process on a port, with its outbox writing to an mbox file. Not
//! measured: `--orders` people are created through the signature writer (their confirmation
//! emails delivered before the runs start), each gets a session through the store, and each
//! loads /materiel once for its CSRF cookie and the token of the page's forms. Measured, with
//! `--concurrency` clients in a closed loop, each order a person's own: the item put in the cart
//! (POST /materiel/panier, 1 to 3 packs) then the order (POST /materiel/commande, address typed
//! as a person types it). Two runs, each on an item of its own: stock for every order, then
//! stock for half the demand (the rest refused: at the cart once it shows sold out, or at the
//! order when the last packs went between the two). After each run the stock is checked against
//! the validated orders' picks: nothing oversold. Server and clients share the machine's cores.

#[path = "common/bench.rs"]
mod bench;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use essaim_domain::ids::ItemId;
use essaim_domain::material::ItemForm;
use essaim_domain::signature::SignatureForm;
use essaim_store::signatures::{SignatureWriter, Submission};
use essaim_store::Store;
use sha2::{Digest, Sha256};

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

/// Packs the n-th order asks for: 1, 2 or 3.
fn packs(n: usize) -> i64 {
    1 + (n % 3) as i64
}

/// A logged-in person as their browser holds them: the cookies, and the token of the forms.
#[derive(Clone)]
struct Shopper {
    cookies: String,
    token: String,
}

/// `count` people, each with a session opened through the store and the CSRF cookie and token
/// that /materiel gives them.
async fn shoppers(
    store: &Store,
    base: &str,
    client: &reqwest::Client,
    count: usize,
) -> Vec<Shopper> {
    let run = std::process::id();
    let writer = SignatureWriter::spawn(store.clone());
    let signing: Vec<_> = (0..count)
        .map(|n| {
            let form = SignatureForm {
                first_name: "Louise".into(),
                last_name: format!("Banc{n}"),
                email: format!("materiel-{run}-{n}@exemple.fr"),
                postal_code: "75018".into(),
                ..Default::default()
            };
            let writer = writer.clone();
            tokio::spawn(async move {
                let signature = form.parse().expect("a valid signature");
                let email = signature.email.normalized().to_string();
                writer
                    .submit(Submission::Genuine(signature))
                    .await
                    .expect("signed");
                email
            })
        })
        .collect();
    let mut emails = Vec::with_capacity(count);
    for signed in signing {
        emails.push(signed.await.expect("a signature task"));
    }
    // Their confirmation emails go out now, not during the runs.
    while store.unsent_email_count().await.expect("the outbox") > 0 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = essaim_store::now();
    let mut shoppers = Vec::with_capacity(count);
    for email in emails {
        let person = store
            .find_person_by_email(&email)
            .await
            .expect("the store")
            .expect("the person signed");
        let session = format!("bench-{run}-{}", person.id);
        let hash: String = Sha256::digest(session.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        store
            .create_session(&hash, person.id, now, now + 86_400)
            .await
            .expect("a session");
        let page = client
            .get(format!("{base}/materiel"))
            .header("cookie", format!("essaim_session={session}"))
            .send()
            .await
            .expect("/materiel answers");
        let csrf = bench::csrf_cookie(&page).expect("a CSRF cookie");
        let html = page.text().await.expect("the page");
        assert!(html.contains("Mon panier"), "the page knows the person");
        let token = html
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a form with its token")
            .to_string();
        shoppers.push(Shopper {
            cookies: format!("essaim_session={session}; essaim_csrf={csrf}"),
            token,
        });
    }
    shoppers
}

/// The hot item: poster packs, up to 3 an order, `stock` of them.
async fn hot_item(store: &Store, name: &str, stock: i64) -> ItemId {
    let draft = ItemForm {
        name: name.into(),
        unit: "lot de 10 affiches".into(),
        theme: "Affiches".into(),
        per_order_max: "3".into(),
        stock: stock.to_string(),
        visible: true,
        ..Default::default()
    }
    .parse(false)
    .expect("a valid item");
    store
        .create_item(&draft, false, None, essaim_store::now())
        .await
        .expect("the store")
        .expect("not a second kit")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Validated,
    /// The order page said sold out (422): the last packs went between cart and order.
    RefusedAtOrder,
    /// The cart already said sold out: no order posted.
    RefusedAtCart,
}

/// One person's order: the cart, then the order. The order POST's latency is returned too.
async fn order(
    client: &reqwest::Client,
    base: &str,
    shopper: &Shopper,
    item: ItemId,
    quantity: i64,
) -> Result<(Outcome, Option<Duration>), String> {
    let cart = client
        .post(format!("{base}/materiel/panier"))
        .header("cookie", &shopper.cookies)
        .form(&[
            ("csrf", shopper.token.as_str()),
            ("item", &item.to_string()),
            ("quantity", &quantity.to_string()),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    match cart.status().as_u16() {
        303 => {}
        200 => {
            let page = cart.text().await.map_err(|e| e.to_string())?;
            if page.contains("Il ne reste que") || page.contains("plus disponible") {
                return Ok((Outcome::RefusedAtCart, None));
            }
            return Err("the cart refused for another reason".into());
        }
        status => return Err(format!("cart: {status}")),
    }
    let sent = Instant::now();
    let placed = client
        .post(format!("{base}/materiel/commande"))
        .header("cookie", &shopper.cookies)
        .form(&[
            ("csrf", shopper.token.as_str()),
            ("pour", ""),
            ("name", "Louise Michel"),
            ("line1", "12 rue des Abbesses"),
            ("line2", ""),
            ("postal_code", "75018"),
            ("commune", "Paris"),
            ("phone", "06 12 34 56 78"),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = placed.status().as_u16();
    let location = placed
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let page = placed.text().await.map_err(|e| e.to_string())?;
    let took = Some(sent.elapsed());
    match status {
        303 if location.starts_with("/materiel/commande/") => Ok((Outcome::Validated, took)),
        422 if page.contains("Il ne reste que") || page.contains("épuisé") => {
            Ok((Outcome::RefusedAtOrder, took))
        }
        _ => Err(format!("order: {status} {location}")),
    }
}

/// One order as its client saw it.
struct Answer {
    outcome: Result<Outcome, String>,
    packs: i64,
    /// Cart + order.
    journey: Duration,
    /// The order POST alone (none when the cart refused).
    order_post: Option<Duration>,
    /// When it was answered, from the start of the run.
    at: Duration,
}

/// Every shopper orders `item` once, `concurrency` at a time; the answers, and the seconds
/// the run took.
async fn rush(
    base: &str,
    client: &reqwest::Client,
    shoppers: Arc<Vec<Shopper>>,
    item: ItemId,
    concurrency: usize,
) -> (f64, Vec<Answer>) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, shoppers, client, base) = (
                next.clone(),
                shoppers.clone(),
                client.clone(),
                base.to_string(),
            );
            tokio::spawn(async move {
                let mut answers = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let Some(shopper) = shoppers.get(n) else {
                        break;
                    };
                    let sent = Instant::now();
                    let answer = order(&client, &base, shopper, item, packs(n)).await;
                    answers.push(Answer {
                        order_post: answer.as_ref().ok().and_then(|(_, took)| *took),
                        outcome: answer.map(|(outcome, _)| outcome),
                        packs: packs(n),
                        journey: sent.elapsed(),
                        at: started.elapsed(),
                    });
                }
                answers
            })
        })
        .collect();
    let mut answers = Vec::new();
    for worker in workers {
        answers.extend(worker.await.expect("a client"));
    }
    (started.elapsed().as_secs_f64(), answers)
}

/// Prints what the clients saw, and checks it against what the store holds: the stock never
/// below zero, what left it exactly what the validated orders took.
fn report(seconds: f64, answers: &[Answer], stock: i64, left: i64, picked: (i64, i64)) {
    let sorted = |durations: Vec<Duration>| {
        let mut durations = durations;
        durations.sort();
        durations
    };
    let with = |wanted: Outcome| answers.iter().filter(move |a| a.outcome == Ok(wanted));
    let errors: Vec<&String> = answers
        .iter()
        .filter_map(|a| a.outcome.as_ref().err())
        .collect();
    let validated: Vec<&Answer> = with(Outcome::Validated).collect();
    let packs: i64 = validated.iter().map(|a| a.packs).sum();
    let at_order = with(Outcome::RefusedAtOrder).count();
    let at_cart = with(Outcome::RefusedAtCart).count();
    let journeys = sorted(answers.iter().map(|a| a.journey).collect());
    let placed = sorted(validated.iter().filter_map(|a| a.order_post).collect());
    let refused = sorted(
        with(Outcome::RefusedAtOrder)
            .filter_map(|a| a.order_post)
            .collect(),
    );
    let last_validated = validated
        .iter()
        .map(|a| a.at)
        .max()
        .unwrap_or_default()
        .as_secs_f64();
    println!(
        "  {} orders answered in {seconds:.2} s ({:.0}/s), {} errors",
        answers.len(),
        answers.len() as f64 / seconds,
        errors.len(),
    );
    println!(
        "  validated: {} ({packs} packs), the last at {last_validated:.2} s: {:.0} validated/s",
        validated.len(),
        validated.len() as f64 / last_validated.max(f64::EPSILON),
    );
    if at_order + at_cart > 0 {
        let first = answers
            .iter()
            .filter(|a| {
                matches!(
                    a.outcome,
                    Ok(Outcome::RefusedAtOrder | Outcome::RefusedAtCart)
                )
            })
            .map(|a| a.at.as_secs_f64())
            .fold(seconds, f64::min);
        println!(
            "  refused: {} ({at_order} at the order, {at_cart} at the cart), from {first:.2} s on: {:.0} refused/s",
            at_order + at_cart,
            (at_order + at_cart) as f64 / (seconds - first).max(f64::EPSILON),
        );
    }
    println!(
        "  latency: cart + order p50 {}, p99 {}; the order POST, validated: p50 {}, p99 {}",
        ms(bench::percentile(&journeys, 50.0)),
        ms(bench::percentile(&journeys, 99.0)),
        ms(bench::percentile(&placed, 50.0)),
        ms(bench::percentile(&placed, 99.0)),
    );
    if !refused.is_empty() {
        println!(
            "  latency: the order POST, refused: p50 {}, p99 {}",
            ms(bench::percentile(&refused, 50.0)),
            ms(bench::percentile(&refused, 99.0)),
        );
    }
    let (orders_picked, packs_picked) = picked;
    println!(
        "  stock {stock} -> {left}; validated orders' picks: {orders_picked} orders, {packs_picked} packs"
    );
    assert!(
        errors.is_empty(),
        "errors: {:?}",
        &errors[..errors.len().min(5)]
    );
    assert!(left >= 0, "the stock went below zero");
    assert_eq!(
        packs_picked,
        stock - left,
        "what left the stock is what validated orders took"
    );
    assert_eq!(
        picked,
        (validated.len() as i64, packs),
        "every validated answer is a validated order, and nothing else is"
    );
}

/// What the validated orders took of the item, by their recorded picks.
async fn picked(store: &Store, item: ItemId) -> (i64, i64) {
    sqlx::query_as(
        "SELECT COUNT(DISTINCT o.id), CAST(COALESCE(SUM(p.quantity), 0) AS BIGINT) \
         FROM material_order_picks p JOIN material_orders o ON o.id = p.order_id \
         WHERE p.item_id = $1 AND o.status = 'validated'",
    )
    .bind(item.get())
    .fetch_one(store.pool())
    .await
    .expect("the picks")
}

#[tokio::main]
async fn main() {
    let args = bench::args("--orders", 5_000, 64);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = bench::database_url(&args, dir.path());
    let running = bench::start_server(&database, dir.path()).await;
    let base = running.base_url.clone();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.concurrency)
        .build()
        .expect("an HTTP client");

    let created = Instant::now();
    let shoppers = Arc::new(shoppers(&running.store, &base, &client, args.count).await);
    println!(
        "{} people with a session and a token in {:.1} s ({database}), {} clients",
        args.count,
        created.elapsed().as_secs_f64(),
        args.concurrency
    );

    let demand: i64 = (0..args.count).map(packs).sum();
    let runs = [
        (
            "stock for every order",
            "Affiches (stock pour tous)",
            demand,
        ),
        (
            "stock for half the demand",
            "Affiches (stock pour la moitié)",
            demand / 2,
        ),
    ];
    for (run, name, stock) in runs {
        let item = hot_item(&running.store, name, stock).await;
        let (seconds, answers) =
            rush(&base, &client, shoppers.clone(), item, args.concurrency).await;
        let left = running
            .store
            .item(item)
            .await
            .expect("the store")
            .expect("the item")
            .stock
            .expect("a stock");
        println!(
            "{run}: {demand} packs asked by {} orders, stock {stock}",
            args.count
        );
        report(
            seconds,
            &answers,
            stock,
            left,
            picked(&running.store, item).await,
        );
    }
    running.shutdown().await;
}
