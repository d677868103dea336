//! What the HTTP benchmarks share: their command line (`--database URL`, a count, `--concurrency
//! N`) and the percentile of their latencies. Included with `#[path]` by each example (a folder
//! without `main.rs` is not an example of its own).

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
