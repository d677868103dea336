//! How an axis lists its contributions: most supported, newest, or a random sample that stays
//! the same for one visitor while they page through it (a seed of theirs, not a fresh draw at
//! each page, which would show some twice and others never).

/// Contributions per page of a list or of the search.
pub const PAGE_SIZE: i64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    MostSupported,
    Newest,
    /// The visitor's seed, kept in the page's links.
    Random(u32),
}

impl ListOrder {
    /// `ordre` and `graine` from the address; an unknown order is the default one, and a
    /// random order without a seed takes the visitor's.
    pub fn parse(order: Option<&str>, seed: Option<&str>, visitor_seed: u32) -> Self {
        match order {
            Some("recentes") => Self::Newest,
            Some("hasard") => {
                Self::Random(seed.and_then(|s| s.parse().ok()).unwrap_or(visitor_seed))
            }
            _ => Self::MostSupported,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::MostSupported => "soutiens",
            Self::Newest => "recentes",
            Self::Random(_) => "hasard",
        }
    }
}

/// A visitor's seed from something stable of theirs (their CSRF cookie): the same visitor sees
/// the same sample, two visitors see different ones.
pub fn visitor_seed(stable: &str) -> u32 {
    // FNV-1a: stable across releases and machines, unlike std's hasher.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in stable.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % RANDOM_MODULUS as u32
}

/// The random order is `(id * RANDOM_MULTIPLIER + seed) % RANDOM_MODULUS`, computed by the
/// database: a permutation of ids that a seed shifts, with the same integers on SQLite and
/// PostgreSQL (no overflow below ids of 10^9).
pub const RANDOM_MULTIPLIER: i64 = 2_654_435_761;
pub const RANDOM_MODULUS: i64 = 1_000_003;

/// Which page of a list: from `page` in the address, 1 by default, never below 1 nor absurdly far.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_comes_from_the_address_and_the_random_one_keeps_its_seed() {
        assert_eq!(ListOrder::parse(None, None, 7), ListOrder::MostSupported);
        assert_eq!(
            ListOrder::parse(Some("n'importe"), None, 7),
            ListOrder::MostSupported
        );
        assert_eq!(
            ListOrder::parse(Some("recentes"), None, 7),
            ListOrder::Newest
        );
        assert_eq!(
            ListOrder::parse(Some("hasard"), None, 7),
            ListOrder::Random(7)
        );
        assert_eq!(
            ListOrder::parse(Some("hasard"), Some("42"), 7),
            ListOrder::Random(42)
        );
        assert_eq!(
            ListOrder::parse(Some("hasard"), Some("x"), 7),
            ListOrder::Random(7)
        );
    }

    #[test]
    fn a_visitor_keeps_a_seed_and_two_visitors_differ() {
        assert_eq!(visitor_seed("abc"), visitor_seed("abc"));
        assert_ne!(visitor_seed("abc"), visitor_seed("abd"));
        assert!(i64::from(visitor_seed("zzz")) < RANDOM_MODULUS);
    }

    #[test]
    fn the_random_key_fits_in_sixty_four_bits() {
        assert!((1_000_000_000i64).checked_mul(RANDOM_MULTIPLIER).is_some());
    }

    #[test]
    fn pages_start_at_one() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("-4")), 1);
        assert_eq!(page_number(Some("3")), 3);
        assert_eq!(page_number(Some("x")), 1);
    }
}
