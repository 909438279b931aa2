//! Collection statistics that every node ranks with, so that a passage scores the same
//! whether the collection is on one node or on many.
//!
//! Sphinx computes a keyword's IDF from the index it searches, so each shard of a
//! distributed index would rank with its own document frequencies. A node whose index
//! names a `global_idf` file takes them from that file instead (with the query option
//! `global_idf=1`). Lupa writes that file from its own index, which holds every passage
//! the cluster holds, in the format of `indextool --buildidf`: the number of documents
//! (little-endian i64), then for each keyword its 64-bit FNV-1a hash and its document
//! count (u64, u32), by hash.
//!
//! A keyword's count is the most passages that hold it in any one of the local fields
//! it comes from (stemmed titles and texts, folded words); a passage holding it in two
//! fields is counted once, so the count is exact for most keywords and a close lower
//! bound for the rest. Whatever the counts, every node reads the same file.

use crate::document::{keyword_of, EVERY};
use crate::error::{Error, Result};
use lupa::{Snapshot, Vocabulary};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Writes the statistics of `snapshot` to `path` (see the module docs).
pub fn write_global_idf(snapshot: &Snapshot, path: &Path) -> Result<()> {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for vocabulary in [Vocabulary::Title, Vocabulary::Body, Vocabulary::Folded] {
        snapshot.vocabulary(vocabulary, |word, docs| {
            let docs = u32::try_from(docs).unwrap_or(u32::MAX);
            let count = counts.entry(fnv1a64(&keyword_of(word))).or_default();
            *count = (*count).max(docs);
        })?;
    }
    let total = snapshot.passages();
    counts.insert(fnv1a64(EVERY), u32::try_from(total).unwrap_or(u32::MAX));
    let mut records: Vec<(u64, u32)> = counts.into_iter().collect();
    records.sort_unstable();
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::with_capacity(8 + records.len() * 12);
    bytes.extend_from_slice(&(total as i64).to_le_bytes());
    for (hash, docs) in records {
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&docs.to_le_bytes());
    }
    // Written beside and renamed, so a node never reads half a file.
    let partial = path.with_extension("idf.partial");
    let mut file = std::fs::File::create(&partial).map_err(io)?;
    file.write_all(&bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&partial, path).map_err(io)
}

/// Sphinx's keyword hash: 64-bit FNV-1a of the UTF-8 bytes.
fn fnv1a64(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    #[test]
    fn fnv1a64_is_sphinx_keyword_hash() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(super::fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
