//! Per-address rate limits (burst per minute, sustained per hour) with `governor`'s GCRA,
//! and one per OSDI API token.
//! In memory, per app instance: behind a load balancer each instance limits on its own.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::LimitConfig;

pub struct RateLimits {
    sign: Pair,
    login: Pair,
    /// Keyed by API token id: several tokens may share an address, one token many addresses.
    api: DefaultKeyedRateLimiter<i64>,
}

struct Pair {
    burst: DefaultKeyedRateLimiter<IpAddr>,
    sustained: DefaultKeyedRateLimiter<IpAddr>,
}

impl Pair {
    fn new(per_minute: u32, per_hour: u32) -> Self {
        let nz = |n: u32| NonZeroU32::new(n.max(1)).expect("max(1)");
        Self {
            burst: RateLimiter::keyed(Quota::per_minute(nz(per_minute))),
            sustained: RateLimiter::keyed(Quota::per_hour(nz(per_hour))),
        }
    }

    /// Both windows are charged, so that a client cannot spread a flood under the burst limit.
    fn allow(&self, ip: IpAddr) -> bool {
        let burst = self.burst.check_key(&ip).is_ok();
        let sustained = self.sustained.check_key(&ip).is_ok();
        burst && sustained
    }
}

impl RateLimits {
    pub fn new(config: &LimitConfig) -> Self {
        Self {
            sign: Pair::new(config.sign_per_minute, config.sign_per_hour),
            login: Pair::new(config.login_per_minute, config.login_per_hour),
            api: RateLimiter::keyed(Quota::per_minute(
                NonZeroU32::new(config.api_per_minute.max(1)).expect("max(1)"),
            )),
        }
    }

    pub fn allow_signature(&self, ip: IpAddr) -> bool {
        self.sign.allow(ip)
    }

    pub fn allow_login(&self, ip: IpAddr) -> bool {
        self.login.allow(ip)
    }

    pub fn allow_api(&self, token_id: i64) -> bool {
        self.api.check_key(&token_id).is_ok()
    }

    /// Forgets addresses whose limits have fully recovered, so memory stays bounded.
    pub fn spawn_upkeep(limits: Arc<Self>) {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                for pair in [&limits.sign, &limits.login] {
                    pair.burst.retain_recent();
                    pair.sustained.retain_recent();
                }
                limits.api.retain_recent();
            }
        });
    }
}
