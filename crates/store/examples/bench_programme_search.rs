//! Benchmark of the programme's full-text search: 200,000 contributions written from a
//! vocabulary of 20,000 words — the programme's themes first, then made-up words for the long
//! tail — whose frequencies follow the Zipf–Mandelbrot law of content words in real text (the
//! k-th word weighs 1/(k + 50): the most frequent is in about a quarter of the contributions,
//! the 300th in a few percent), then 1,000 searches of one to three words drawn the same way
//! (frequent words are searched more often, as real visitors do). Each search is what `/programme/recherche` asks
//! of the store: the first page of 20, best first, and the number of results. Prints p50, p90,
//! p99 and the mean number of results.
//!
//! cargo run --release -p essaim-store --example bench_programme_search -- [DATABASE_URL] [CONTRIBUTIONS]
//!
//! Without a URL it uses a fresh SQLite file in the temporary folder. On a PostgreSQL URL it
//! works in a schema of its own (bench_programme), dropped at the start of each run. The
//! contributions are loaded in bulk by SQL (not measured), with the index terms SQLite's FTS5
//! gets from the store (`index_terms`); PostgreSQL computes its tsvector column itself.

use std::time::{Duration, Instant};

use essaim_domain::programme::search::{index_terms, SearchQuery};
use essaim_store::{Backend, Store};

const VOCABULARY: &str = "république constitution assemblée citoyens peuple référendum vote \
    élection démocratie souveraineté salaire salaires emploi chômage travail retraite retraites \
    services publics hôpital hôpitaux école écoles université enseignants santé médecins \
    logement logements loyers transports train trains gratuité gratuit énergie nucléaire \
    renouvelables climat écologie planification agriculture paysans alimentation eau forêt \
    océan mer biodiversité pollution pesticides industrie usines relocalisation impôts fiscalité \
    riches fortune banques finance dette europe traités souveraine frontières paix défense \
    armée diplomatie coopération culture artistes laïcité égalité femmes hommes handicap \
    jeunesse étudiants enfants familles quartiers villages communes ruralité police justice \
    prison libertés numérique internet données espace recherche science sciences innovation \
    pêche littoral outre-mer montagne tourisme sport associations bénévoles syndicats grève \
    entreprises coopératives économie sociale solidaire pauvreté précarité minimum revenu \
    allocations sécurité sociale mutuelles pharmacie médicaments vieillesse dépendance \
    autonomie accessibilité bus vélo routes autoroutes péages fret rail ports aéroports avion \
    voiture électrique essence carburant chauffage isolation rénovation bâtiments urbanisme \
    terres foncier eau potable assainissement déchets recyclage plastique consommation \
    publicité médias presse indépendance information télévision radio éducation populaire \
    bibliothèques musées théâtre cinéma musique patrimoine langues régionales francophonie \
    immigration asile accueil réfugiés nationalité droit vote étrangers proportionnelle sénat \
    président pouvoirs révocation élus mandat cumul transparence corruption lobbies \
    conflits intérêts lanceurs alerte référendums initiative citoyenne constituante tirage sort";

/// A small deterministic generator (xorshift): every run writes the same contributions.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const VOCABULARY_SIZE: usize = 20_000;
/// Zipf–Mandelbrot's offset: content words are less skewed than text with its stop words.
const OFFSET: f64 = 50.0;

/// Words drawn by the Zipf–Mandelbrot law: the k-th most frequent has weight 1/(k + OFFSET).
struct Zipf {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

/// The n-th made-up word: syllables that read as French and stem as French.
fn made_up(mut n: usize) -> String {
    const SYLLABLES: [&str; 24] = [
        "ba", "co", "di", "fé", "ga", "li", "mo", "nu", "pa", "ré", "sa", "ti", "vo", "cha", "pro",
        "tra", "lu", "mi", "on", "ver", "por", "gé", "ri", "tan",
    ];
    let mut word = String::new();
    for _ in 0..4 {
        word.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    word.push_str("ment");
    word
}

impl Zipf {
    fn new() -> Self {
        let mut words: Vec<String> = VOCABULARY.split_whitespace().map(String::from).collect();
        let mut n = 0;
        while words.len() < VOCABULARY_SIZE {
            words.push(made_up(n));
            n += 1;
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|k| {
                total += 1.0 / (k as f64 + OFFSET);
                total
            })
            .collect();
        Self { words, cumulative }
    }

    fn word(&self, random: &mut Random) -> &str {
        let total = *self.cumulative.last().unwrap();
        let target = (random.next() % 1_000_000) as f64 / 1_000_000.0 * total;
        let at = self.cumulative.partition_point(|c| *c < target);
        &self.words[at.min(self.words.len() - 1)]
    }

    fn text(&self, random: &mut Random, words: usize) -> String {
        (0..words)
            .map(|_| self.word(random))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p / 100.0).round() as usize]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

async fn database(args: &[String]) -> String {
    let url = args
        .first()
        .filter(|u| !u.is_empty())
        .cloned()
        .unwrap_or_else(|| {
            let path = std::env::temp_dir().join("essaim-bench-programme.db");
            let _ = std::fs::remove_file(&path);
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite://{}", path.display())
        });
    if !url.starts_with("postgres") {
        return url;
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("PostgreSQL");
    for statement in [
        "DROP SCHEMA IF EXISTS bench_programme CASCADE",
        "CREATE SCHEMA bench_programme",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}options=-c%20search_path%3Dbench_programme")
}

/// `count` contributions spread over the seven axes, in transactions of 2,000.
async fn seed(store: &Store, zipf: &Zipf, random: &mut Random, count: usize) {
    let mut tx = store.pool().begin().await.unwrap();
    for n in 1..=count {
        let title_words = 4 + (random.next() % 7) as usize;
        let body_words = 30 + (random.next() % 90) as usize;
        let title = zipf.text(random, title_words);
        let body = zipf.text(random, body_words);
        sqlx::query(
            "INSERT INTO programme_contributions (id, axis, author_label, title, body, status, \
             supports, created_at, updated_at) VALUES ($1, $2, NULL, $3, $4, 'published', $5, $1, $1)",
        )
        .bind(n as i64)
        .bind(1 + (n % 7) as i64)
        .bind(&title)
        .bind(&body)
        .bind((random.next() % 50) as i64)
        .execute(&mut *tx)
        .await
        .unwrap();
        if store.backend() == Backend::Sqlite {
            sqlx::query("INSERT INTO programme_search (rowid, terms) VALUES ($1, $2)")
                .bind(n as i64)
                .bind(index_terms(&title, &body))
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        if n % 2_000 == 0 {
            tx.commit().await.unwrap();
            tx = store.pool().begin().await.unwrap();
        }
    }
    tx.commit().await.unwrap();
    if store.backend() == Backend::Postgres {
        sqlx::query("ANALYZE programme_contributions")
            .execute(store.pool())
            .await
            .unwrap();
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let store = Store::connect(&database(&args).await)
        .await
        .expect("database");
    store.migrate().await.expect("migrations");
    let zipf = Zipf::new();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);

    let started = Instant::now();
    seed(&store, &zipf, &mut random, count).await;
    println!(
        "{:?}: {count} contributions loaded in {:.1} s",
        store.backend(),
        started.elapsed().as_secs_f64()
    );

    let mut latencies = Vec::new();
    let mut results = 0i64;
    for n in 0..1_000 {
        let words = 1 + n % 3;
        let typed = zipf.text(&mut random, words);
        let Some(query) = SearchQuery::parse(&typed) else {
            continue;
        };
        let started = Instant::now();
        let (page, total) = store.search_contributions(&query, 1).await.unwrap();
        latencies.push(started.elapsed());
        assert!(page.len() as i64 <= total);
        results += total;
    }
    latencies.sort();
    println!(
        "{:?}: {} searches, p50 {}, p90 {}, p99 {}, max {}; {} results on average",
        store.backend(),
        latencies.len(),
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 90.0)),
        ms(percentile(&latencies, 99.0)),
        ms(*latencies.last().unwrap()),
        results / latencies.len() as i64
    );
}
