//! Personal share codes: `?r=CODE` credits a new signature to the person who shared the link.

use rand::Rng;

/// No 0/O, 1/I/L: a code read aloud or copied by hand survives.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralCode(String);

impl ReferralCode {
    pub fn generate(rng: &mut impl Rng) -> Self {
        Self(
            (0..LEN)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect(),
        )
    }

    /// Lenient on case and surrounding spaces; anything else that is not a code is `None`
    /// (a mangled share link must never stop someone from signing).
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim().to_ascii_uppercase();
        (code.len() == LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_parse_back() {
        let mut rng = rand::thread_rng();
        for _ in 0..100 {
            let code = ReferralCode::generate(&mut rng);
            assert_eq!(
                ReferralCode::parse(&code.as_str().to_lowercase()),
                Some(code)
            );
        }
        assert_eq!(ReferralCode::parse("ABC"), None);
        assert_eq!(ReferralCode::parse("ABCDEFG0"), None);
    }
}
