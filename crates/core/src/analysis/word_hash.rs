//! The hash of short words that the analysis keys its maps with: the stem cache and the
//! lexicon. A step of its own, so that neither of them has to import the other for it.

use std::hash::Hasher;

/// The hash of a word for the stem cache: eight bytes at a time (the multiply-rotate step of
/// rustc's FxHash, with a final mix so that the low bits, which pick the slot, and the high
/// bits, kept as a tag, depend on every byte). SipHash, or FNV's byte-at-a-time loop, costs
/// a large share of a cache hit. The last bytes are read with overlapping loads rather than
/// copied into a buffer: a copy of variable length followed by an 8-byte read of the buffer
/// stalls the CPU (no store-to-load forwarding), which cost a quarter of a cache hit.
pub(super) fn hash_word(bytes: &[u8]) -> u64 {
    // Seeded with the length, so that the tail only tells apart words of one length.
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    let n = rest.len();
    if n > 0 {
        let tail = if n >= 4 {
            let mut lo = [0u8; 4];
            let mut hi = [0u8; 4];
            lo.copy_from_slice(&rest[..4]);
            hi.copy_from_slice(&rest[n - 4..]);
            u64::from(u32::from_le_bytes(lo)) | u64::from(u32::from_le_bytes(hi)) << 32
        } else {
            u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
        };
        h = mix(h, tail);
    }
    let h = h ^ (h >> 29);
    h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(SEED)
}

/// The hasher of the stem cache's map of long words and of the [`super::Lexicon`], built
/// on [`hash_word`].
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix(self.0, hash_word(bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_differ_in_one_byte_hash_apart() {
        let mut words = std::collections::HashSet::new();
        for len in 1..=20 {
            for at in 0..len {
                for byte in [b'a', b'b', b'z'] {
                    let mut word = vec![b'm'; len];
                    word[at] = byte;
                    words.insert(word);
                }
            }
        }
        let hashes: std::collections::HashSet<u64> =
            words.iter().map(|word| hash_word(word)).collect();
        assert_eq!(hashes.len(), words.len());
    }
}
