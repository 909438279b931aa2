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
//! A keyword's count is the number of passages that hold it in any field, as Sphinx
//! counts it: every passage is analyzed as the push analyzes it. The count must be
//! exact, not merely the same on every node: Sphinx takes the larger of the file's count
//! and its own shard's, so a count below the true one would be overruled on a node that
//! holds the whole collection and kept on nodes that hold a part, and the same passage
//! would score differently on one node and on three.

use crate::document::Fields;
use crate::error::{Error, Result};
use lupa::analysis::Analysis;
use lupa::{PassageKey, Snapshot};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// Writes the statistics of `snapshot` to `path` (see the module docs).
pub fn write_global_idf(snapshot: &Snapshot, path: &Path) -> Result<()> {
    let keys = snapshot.keys()?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = keys.len().div_ceil(threads).max(1);
    let parts: Vec<Result<HashMap<u64, u32>>> = std::thread::scope(|scope| {
        let counting: Vec<_> = keys
            .chunks(chunk)
            .map(|keys| scope.spawn(|| count(snapshot, keys)))
            .collect();
        counting
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for part in parts {
        for (hash, docs) in part? {
            *counts.entry(hash).or_default() += docs;
        }
    }
    let total = snapshot.passages();
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

/// How many of the passages of `keys` hold each keyword, by the keyword's hash.
fn count(snapshot: &Snapshot, keys: &[PassageKey]) -> Result<HashMap<u64, u32>> {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    let mut analysis = Analysis::new();
    let mut seen = HashSet::new();
    for key in keys {
        let passage = snapshot.read(key)?;
        let fields = Fields::of(&mut analysis, &passage);
        seen.clear();
        for keyword in fields.keywords() {
            let hash = fnv1a64(keyword);
            if seen.insert(hash) {
                *counts.entry(hash).or_default() += 1;
            }
        }
    }
    Ok(counts)
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
