//! Deterministic identifiers: every id and token comes from a counter mixed with the world's
//! seed (splitmix64), so the same seed and the same sequence of requests give the same ids.

use serde::{Deserialize, Serialize};

const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The id source of one world.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Ids {
    seed: u64,
    counter: u64,
}

impl Ids {
    /// A source for `seed`.
    pub fn new(seed: u64) -> Self {
        Ids { seed, counter: 0 }
    }

    /// The next pseudo-random 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        self.counter += 1;
        let mut z = self
            .seed
            .wrapping_add(self.counter.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[(self.next_u64() % alphabet.len() as u64) as usize] as char)
            .collect()
    }

    /// `prefix` + 8 upper-case letters or digits (`MA_ZKITB8Z2`).
    pub fn auth_id(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.chars(UPPER_ALNUM, 8))
    }

    /// A 40-character secret token.
    pub fn token(&mut self) -> String {
        self.chars(ALNUM, 40)
    }

    /// `n` lower-case hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        self.chars(b"0123456789abcdef", n)
    }

    /// A version-4-shaped UUID.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }

    /// A number in `range` (inclusive start, exclusive end).
    pub fn below(&mut self, end: u64) -> u64 {
        self.next_u64() % end.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_per_seed_and_well_formed() {
        let (mut a, mut b, mut c) = (Ids::new(7), Ids::new(7), Ids::new(8));
        let first: Vec<String> = (0..5).map(|_| a.auth_id("MA_")).collect();
        let again: Vec<String> = (0..5).map(|_| b.auth_id("MA_")).collect();
        let other: Vec<String> = (0..5).map(|_| c.auth_id("MA_")).collect();
        assert_eq!(first, again);
        assert_ne!(first, other);
        assert!(
            first
                .iter()
                .all(|id| id.len() == 11 && id[3..].bytes().all(|b| UPPER_ALNUM.contains(&b)))
        );
        let uuid = a.uuid();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
    }
}
