//! A fast hasher for in-memory tables keyed by words and ids, and the maps and sets keyed with it.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher (the FxHash scheme) for tables keyed by words and ids:
/// looking words up is most of the passes' time, and the keys are short strings and numbers,
/// not attacker-chosen ones that would need SipHash's flooding protection.
#[derive(Clone, Copy, Debug, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    /// Mixes one word into the hash.
    #[inline]
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The hash turned so that its well-mixed high bits come low: a hash table picks buckets
    /// by the low bits, which the multiply leaves as the low bits of the key alone (an event id
    /// `article << 20 | index` would put every event of one index in one bucket), as
    /// `rustc-hash` 2 does.
    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

/// A hash map keyed with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// A hash set keyed with [`FxHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    /// Keys that differ only in their high bits (event ids are `article << 20 | index`) still
    /// differ in the low bits a hash table picks its buckets by.
    #[test]
    fn keys_differing_only_high_up_land_in_different_buckets() {
        let build = BuildHasherDefault::<FxHasher>::default();
        let buckets: HashSet<u64> = (0..4096_i64)
            .map(|article| build.hash_one(article << 20) & 0xfff)
            .collect();
        assert!(buckets.len() > 2048, "{} buckets of 4096", buckets.len());
    }
}
