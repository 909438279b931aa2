//! The fast hash of the crate's maps keyed by terms and words of queries, shared by the
//! index's cache of lookups and the pruner's statistics.

use std::hash::Hasher;

/// A fast hash for short terms (the multiply-rotate of rustc's `FxHasher`): the keys
/// are the words of queries, and SipHash's resistance to chosen collisions costs more
/// here than it buys.
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
