//! `smtp-sink`: the stand-in relay as a program, for the benchmarks.
//!
//!     smtp-sink --listen 127.0.0.1:2525 [--log accepted.log] [--refuse-every N] [--delay-ms N]
//!
//! Prints the messages accepted each second; with `--log`, appends one line per accepted
//! message: `<unix time in microseconds> <recipient>` (flushed every 100 ms), which the
//! benchmark joins with the times of the sign-ups.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use essaim_smtp_sink::{Accepted, OnAccept, Sink, SinkConfig};

#[tokio::main]
async fn main() {
    let mut listen = "127.0.0.1:2525".to_string();
    let mut log: Option<String> = None;
    let mut config = SinkConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--listen" => listen = value(),
            "--log" => log = Some(value()),
            "--refuse-every" => {
                config.refuse_every = Some(
                    value()
                        .parse()
                        .unwrap_or_else(|_| usage("--refuse-every N")),
                )
            }
            "--delay-ms" => {
                config.delay =
                    Duration::from_millis(value().parse().unwrap_or_else(|_| usage("--delay-ms N")))
            }
            _ => usage(&format!("unknown argument {arg}")),
        }
    }
    let lines = Arc::new(Mutex::new(Vec::<u8>::new()));
    let on_accept: Option<OnAccept> = log.as_ref().map(|_| {
        let lines = lines.clone();
        Box::new(move |accepted: &Accepted| {
            let micros = accepted
                .at
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_micros();
            let mut lines = lines.lock().expect("not poisoned");
            for recipient in &accepted.recipients {
                let _ = writeln!(lines, "{micros} {recipient}");
            }
        }) as OnAccept
    });
    let sink = Sink::start_on(&listen, config, on_accept)
        .await
        .unwrap_or_else(|e| usage(&format!("cannot listen on {listen}: {e}")));
    println!("smtp-sink listening on {}", sink.addr());
    let mut file = log.map(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| usage(&format!("cannot open {path}: {e}")))
    });
    let mut ticker = tokio::time::interval(Duration::from_millis(100));
    let (mut last_count, mut tick) = (0usize, 0u64);
    loop {
        ticker.tick().await;
        tick += 1;
        if let Some(file) = file.as_mut() {
            let pending = std::mem::take(&mut *lines.lock().expect("not poisoned"));
            if !pending.is_empty() {
                let _ = file.write_all(&pending);
            }
        }
        if tick % 10 == 0 {
            let count = sink.accepted_count();
            if count != last_count {
                println!(
                    "accepted {count} (+{}/s), refused {}",
                    count - last_count,
                    sink.refused_count()
                );
                last_count = count;
            }
        }
    }
}

fn usage(problem: &str) -> ! {
    eprintln!("smtp-sink: {problem}\nusage: smtp-sink --listen ADDR [--log FILE] [--refuse-every N] [--delay-ms N]");
    std::process::exit(2)
}
