//! Emails kept in memory instead of leaving the machine: the outbox delivers into a bag that
//! its owner reads. The integration tests read their emails there, as a relay would receive
//! them (composed, encoded and addressed by the same code), without a file to poll.

use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Default)]
pub struct Mailbag(Arc<Mutex<Vec<Vec<u8>>>>);

impl Mailbag {
    /// Adds messages, each as formatted for SMTP.
    pub fn put(&self, messages: Vec<Vec<u8>>) {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend(messages);
    }

    /// Every message put so far, oldest first.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}
