//! What the HTTP benchmarks share: their command line (`--database URL`, a count, `--concurrency
//! N`), the server they start, the CSRF cookie a page sets, and the percentile of their
//! latencies. Included with `#[path]` by each example (a folder without `main.rs` is not an
//! example of its own); each uses part of it.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

pub struct Args {
    /// Empty: a fresh SQLite file.
    pub database: String,
    /// How many gifts, orders…: the value of the example's own flag.
    pub count: usize,
    pub concurrency: usize,
}

/// Reads `--database`, `count_flag` (`--gifts`, `--orders`) and `--concurrency`.
pub fn args(count_flag: &str, count: usize, concurrency: usize) -> Args {
    let mut args = Args {
        database: String::new(),
        count,
        concurrency,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().unwrap_or_default();
        match flag.as_str() {
            "--database" => args.database = value,
            "--concurrency" => args.concurrency = value.parse().expect("--concurrency N"),
            flag if flag == count_flag => {
                args.count = value.parse().unwrap_or_else(|_| panic!("{count_flag} N"))
            }
            _ => panic!("unknown argument {flag}"),
        }
    }
    args
}

/// The `p`-th percentile of sorted latencies.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p / 100.0).round() as usize]
}

/// `args.database`, or a fresh SQLite file in `dir`.
pub fn database_url(args: &Args, dir: &Path) -> String {
    if args.database.is_empty() {
        format!("sqlite://{}", dir.join("bench.db").display())
    } else {
        args.database.clone()
    }
}

/// The app on a free port of this machine, its emails written to `dir/mail`.
pub async fn start_server(database_url: &str, dir: &Path) -> essaim::Running {
    let mut config = essaim::Config {
        bind: "127.0.0.1:0".into(),
        database_url: database_url.into(),
        ..essaim::Config::default()
    };
    config.mail.file_dir = dir.join("mail");
    essaim::start(config).await.expect("the server starts")
}

/// The CSRF token a page's answer sets in its cookie, as a browser keeps it.
pub fn csrf_cookie(answer: &reqwest::Response) -> Option<String> {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("essaim_csrf="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
}
