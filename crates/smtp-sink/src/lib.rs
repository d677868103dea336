//! A local SMTP server for tests and benchmarks: it speaks the protocol as a relay does
//! (RFC 5321: greeting, EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT,
//! pipelined commands) and keeps what it accepted, with the time. It can refuse one message
//! in N with a transient error (451), as a busy relay does, and answer slowly.
//!
//! It delivers nothing anywhere: it is the stand-in for the relay we cannot reach from here.

mod session;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::net::TcpListener;

#[derive(Debug, Clone, Default)]
pub struct SinkConfig {
    /// Refuse every Nth message (451, after its DATA), counted over all connections.
    pub refuse_every: Option<u64>,
    /// Wait this long before accepting each message (a slow relay).
    pub delay: Duration,
    /// Keep each message's text (tests read it); benchmarks keep only recipients and times.
    pub keep_text: bool,
    /// Recipients refused for good at RCPT (550 "no such user").
    pub unknown_recipients: Vec<String>,
}

/// Called for each accepted message (the binary writes its log with it).
pub type OnAccept = Box<dyn Fn(&Accepted) + Send + Sync>;

/// One message accepted.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub at: SystemTime,
    pub recipients: Vec<String>,
    /// The message as received (dot-unstuffed), when `keep_text`.
    pub text: Option<String>,
}

/// The running sink; it stops when the process (or the test's runtime) ends.
#[derive(Clone)]
pub struct Sink {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

pub(crate) struct Shared {
    config: SinkConfig,
    messages: AtomicU64,
    refused: AtomicU64,
    unknown: AtomicU64,
    accepted: Mutex<Vec<Accepted>>,
    on_accept: Option<OnAccept>,
}

impl Shared {
    /// Decides the fate of a complete message: `None` accepted, `Some(reply)` refused.
    pub(crate) fn take(&self, recipients: Vec<String>, text: String) -> Option<&'static str> {
        let n = self.messages.fetch_add(1, Ordering::Relaxed) + 1;
        if self
            .config
            .refuse_every
            .is_some_and(|every| every > 0 && n.is_multiple_of(every))
        {
            self.refused.fetch_add(1, Ordering::Relaxed);
            return Some("451 4.3.0 Temporary failure, try again later\r\n");
        }
        let accepted = Accepted {
            at: SystemTime::now(),
            recipients,
            text: self.config.keep_text.then_some(text),
        };
        if let Some(callback) = &self.on_accept {
            callback(&accepted);
        }
        self.accepted.lock().expect("not poisoned").push(accepted);
        None
    }

    pub(crate) fn keeps_text(&self) -> bool {
        self.config.keep_text
    }

    pub(crate) fn delay(&self) -> Duration {
        self.config.delay
    }

    pub(crate) fn knows(&self, recipient: &str) -> bool {
        let unknown = self
            .config
            .unknown_recipients
            .iter()
            .any(|unknown| unknown.eq_ignore_ascii_case(recipient));
        if unknown {
            self.unknown.fetch_add(1, Ordering::Relaxed);
        }
        !unknown
    }
}

impl Sink {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start(config: SinkConfig) -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0", config, None).await
    }

    pub async fn start_on(
        addr: &str,
        config: SinkConfig,
        on_accept: Option<OnAccept>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let sink = Self {
            addr: listener.local_addr()?,
            shared: Arc::new(Shared {
                config,
                messages: AtomicU64::new(0),
                refused: AtomicU64::new(0),
                unknown: AtomicU64::new(0),
                accepted: Mutex::new(Vec::new()),
                on_accept,
            }),
        };
        let shared = sink.shared.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(session::serve(socket, shared.clone()));
            }
        });
        Ok(sink)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `smtp://127.0.0.1:PORT`, for `mail.smtp_url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn accepted(&self) -> Vec<Accepted> {
        self.shared.accepted.lock().expect("not poisoned").clone()
    }

    pub fn accepted_count(&self) -> usize {
        self.shared.accepted.lock().expect("not poisoned").len()
    }

    /// Messages refused with "try again later".
    pub fn refused_count(&self) -> u64 {
        self.shared.refused.load(Ordering::Relaxed)
    }

    /// Recipients refused for good (`unknown_recipients`), each time they were tried.
    pub fn unknown_recipient_count(&self) -> u64 {
        self.shared.unknown.load(Ordering::Relaxed)
    }
}
