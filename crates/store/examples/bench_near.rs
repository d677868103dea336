//! Benchmark of "groups near me": 100,000 groups and 1,000,000 people (10 members a group),
//! placed like the French population, then 2,000 searches from random postal codes (weighted
//! by population, as real visitors would be). Prints p50 / p90 / p99 per search.
//!
//! cargo run --release -p essaim-store --example bench_near -- [DATABASE_URL] [GROUPS] [PEOPLE]
//!
//! Without a URL it uses a fresh SQLite file in the temporary folder. On a PostgreSQL URL it
//! works in a schema of its own (bench_near), dropped at the start of each run.

use std::time::{Duration, Instant};

use essaim_geo::grid::cell_of;
use essaim_store::Store;

/// A small deterministic generator (xorshift): every run seeds the same data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// Picks communes in proportion to their population.
struct Population {
    cumulative: Vec<u64>,
}

impl Population {
    fn new() -> Self {
        let mut total = 0;
        let cumulative = essaim_geo::communes()
            .iter()
            .map(|c| {
                total += u64::from(c.population.max(1));
                total
            })
            .collect();
        Self { cumulative }
    }

    fn pick(&self, random: &mut Random) -> &'static essaim_geo::Commune {
        let total = *self.cumulative.last().unwrap();
        let target = random.next() % total;
        let i = self.cumulative.partition_point(|&c| c <= target);
        &essaim_geo::communes()[i]
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = args.first().cloned().unwrap_or_else(|| {
        let path = std::env::temp_dir().join("essaim-bench-near.db");
        let _ = std::fs::remove_file(&path);
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        format!("sqlite://{}", path.display())
    });
    let groups: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let people: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);

    let url = if url.starts_with("postgres") {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.expect("PostgreSQL");
        sqlx::query("DROP SCHEMA IF EXISTS bench_near CASCADE")
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query("CREATE SCHEMA bench_near")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}options=-c%20search_path%3Dbench_near")
    } else {
        url
    };
    let store = Store::connect(&url).await.expect("database");
    store.migrate().await.expect("migrations");
    let population = Population::new();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);

    let started = Instant::now();
    seed(&store, &population, &mut random, groups, people).await;
    println!(
        "{:?}: seeded {groups} groups and {people} people in {:.1} s",
        store.backend(),
        started.elapsed().as_secs_f64()
    );
    if store.backend() == essaim_store::Backend::Postgres {
        sqlx::query("ANALYZE").execute(store.pool()).await.unwrap();
    }

    for (label, offset) in [("first page", 0), ("third page", 40)] {
        let mut times = Vec::with_capacity(2000);
        // Warm-up, then measured searches.
        for round in 0..2200 {
            let commune = population.pick(&mut random);
            let point = essaim_geo::point_of_postal_code(commune.postal_codes[0]).unwrap();
            let start = Instant::now();
            let (found, _) = store.groups_near(point, offset, 20).await.unwrap();
            let elapsed = start.elapsed();
            assert!(!found.is_empty() || commune.departement.starts_with('9'));
            if round >= 200 {
                times.push(elapsed);
            }
        }
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{:?} {label}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} searches)",
            store.backend(),
            ms(at(0.50)),
            ms(at(0.90)),
            ms(at(0.99)),
            ms(*times.last().unwrap()),
            times.len()
        );
    }
}

/// Groups around the population, 10 members each, in multi-row inserts.
async fn seed(
    store: &Store,
    population: &Population,
    random: &mut Random,
    groups: usize,
    people: usize,
) {
    const BATCH: usize = 500;
    let mut tx = store.pool().begin().await.unwrap();
    let mut done = 0;
    while done < groups {
        let n = BATCH.min(groups - done);
        let mut sql = String::from(
            "INSERT INTO support_groups (name, description, postal_code, commune, departement, lat, lon, cell, frequency, created_at) VALUES ",
        );
        let mut values = Vec::new();
        for i in 0..n {
            let c = population.pick(random);
            // Within about 2 km of the commune's point, so that towns hold many distinct groups.
            let point = (
                c.lat + (random.unit() - 0.5) * 0.04,
                c.lon + (random.unit() - 0.5) * 0.05,
            );
            let p = i * 7;
            sql.push_str(&format!(
                "{}(${}, 'Groupe', ${}, ${}, ${}, ${}, ${}, ${}, 'mensuelle', 0)",
                if i > 0 { ", " } else { "" },
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5,
                p + 6,
                p + 7
            ));
            values.push((
                format!("Groupe {}", done + i),
                c.postal_codes[0],
                c.name,
                c.departement,
                point,
            ));
        }
        let mut query = sqlx::query(&sql);
        for (name, code, commune, departement, point) in values {
            query = query
                .bind(name)
                .bind(code)
                .bind(commune)
                .bind(departement)
                .bind(point.0)
                .bind(point.1)
                .bind(cell_of(point));
        }
        query.execute(&mut *tx).await.unwrap();
        done += n;
    }
    tx.commit().await.unwrap();

    let mut tx = store.pool().begin().await.unwrap();
    let mut done = 0;
    while done < people {
        let n = BATCH.min(people - done);
        let mut sql = String::from(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, referral_code, created_at) VALUES ",
        );
        for i in 0..n {
            let p = i * 4;
            sql.push_str(&format!(
                "{}(${}, ${}, 'Prénom', 'Nom', ${}, 'FR', ${}, 0)",
                if i > 0 { ", " } else { "" },
                p + 1,
                p + 2,
                p + 3,
                p + 4
            ));
        }
        let mut query = sqlx::query(&sql);
        for i in 0..n {
            let id = done + i;
            let code = population.pick(random).postal_codes[0];
            query = query
                .bind(format!("p{id}@exemple.fr"))
                .bind(format!("p{id}@exemple.fr"))
                .bind(code)
                .bind(format!("R{id}"));
        }
        query.execute(&mut *tx).await.unwrap();
        done += n;
    }
    tx.commit().await.unwrap();
    // Ten members a group: person k belongs to group k / 10 + 1.
    let per_group = (people / groups.max(1)).max(1) as i64;
    sqlx::query(&format!(
        "INSERT INTO group_members (group_id, person_id, is_animator, joined_at) \
         SELECT (id - 1) / {per_group} + 1, id, CASE WHEN (id - 1) % {per_group} = 0 THEN 1 ELSE 0 END, 0 \
         FROM people WHERE (id - 1) / {per_group} + 1 <= {groups}"
    ))
    .execute(store.pool())
    .await
    .unwrap();
}
