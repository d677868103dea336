//! Whether the relay can be reached. When a connection to it fails (down, restarting,
//! refusing our password), every email would fail the same way: rather than spending each
//! email's attempts and scheduling each one half a minute later, the senders hold the emails
//! back and the dispatcher stops claiming for a pause that doubles while the relay stays
//! unreachable (1 s, 2 s, 4 s… up to a minute) and ends at the first answer from it.

use std::sync::Mutex;
use std::time::{Duration, Instant};

const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(60);

pub(super) struct RelayHealth {
    state: Mutex<State>,
}

struct State {
    paused_until: Option<Instant>,
    next_pause: Duration,
}

impl RelayHealth {
    pub fn new() -> Self {
        Self {
            state: Mutex::new(State {
                paused_until: None,
                next_pause: FIRST_PAUSE,
            }),
        }
    }

    /// A connection failed: pause (unless a pause is already running); returns how long the
    /// current pause still lasts.
    pub fn unreachable(&self) -> Duration {
        let mut state = self.state.lock().expect("not poisoned");
        let now = Instant::now();
        match state.paused_until {
            Some(until) if until > now => until - now,
            _ => {
                let pause = state.next_pause;
                state.paused_until = Some(now + pause);
                state.next_pause = (pause * 2).min(LONGEST_PAUSE);
                pause
            }
        }
    }

    /// The relay answered (even to refuse one email): it is there.
    pub fn reachable(&self) {
        let mut state = self.state.lock().expect("not poisoned");
        state.paused_until = None;
        state.next_pause = FIRST_PAUSE;
    }

    /// How long to wait before trying the relay again, if a pause is running.
    pub fn paused_for(&self) -> Option<Duration> {
        let state = self.state.lock().expect("not poisoned");
        state
            .paused_until
            .and_then(|until| until.checked_duration_since(Instant::now()))
            .filter(|left| !left.is_zero())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_while_unreachable_and_end_at_the_first_answer() {
        let health = RelayHealth::new();
        assert_eq!(health.paused_for(), None);
        assert_eq!(health.unreachable(), FIRST_PAUSE);
        assert!(health.paused_for().is_some());
        // Other senders failing during the same pause do not lengthen it.
        assert!(health.unreachable() <= FIRST_PAUSE);
        health.state.lock().unwrap().paused_until = None;
        assert_eq!(
            health.unreachable(),
            FIRST_PAUSE * 2,
            "the next pause is longer"
        );
        health.reachable();
        assert_eq!(health.paused_for(), None);
        assert_eq!(health.unreachable(), FIRST_PAUSE, "back to the first pause");
    }

    #[test]
    fn pauses_stop_growing_at_a_minute() {
        let health = RelayHealth::new();
        for _ in 0..20 {
            health.unreachable();
            health.state.lock().unwrap().paused_until = None;
        }
        assert_eq!(health.unreachable(), LONGEST_PAUSE);
    }
}
