//! Feeds arbitrary bytes to the PDF reader, as if they were a `.pdf` file.
//!
//! The PDF parser (pdf-extract on lopdf) is not Lupa's, and it panics on some damaged
//! files; the reader catches those panics and skips the file as damaged. libFuzzer
//! counts every panic as a crash, so this target has its own panic hook: a panic
//! raised inside a dependency (its location is a file of the cargo registry) is left
//! to the reader to catch, silently; any other panic is Lupa's own, and aborts as a
//! crash. A panic of a dependency that the reader fails to catch still reaches
//! libFuzzer's harness, which aborts too. So a crash here is always Lupa's bug.
//!
//! What the reader returns stays linear in the input: the streams of a PDF may
//! decompress to at most the archive budget (200 bytes per byte, at least 4 MiB, at
//! most 128 MiB), checked before the PDF is opened, so its document stays below
//! twice that. libFuzzer's `-timeout` and `-rss_limit_mb` bound time and memory per
//! input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lupa_core::ingest::{read_bytes, Format};
use std::panic::PanicHookInfo;
use std::sync::Once;

/// Decompressed bytes per byte of the file, at most (the reader's budget).
const MOST_UNPACKED_PER_BYTE: usize = 200;
const LEAST_BUDGET: usize = 4 << 20;
const MOST_UNPACKED: usize = 128 << 20;

static HOOK: Once = Once::new();

/// Whether a panic was raised in a dependency's source, not in Lupa's.
fn in_dependency(info: &PanicHookInfo<'_>) -> bool {
    info.location()
        .is_some_and(|at| at.file().contains("/registry/src/"))
}

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        // libFuzzer's hook: print, then abort.
        let crash = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !in_dependency(info) {
                crash(info);
            }
        }));
    });
    let Ok(read) = read_bytes("a.pdf", Format::Pdf, data.to_vec()) else {
        return;
    };
    let out: usize = read
        .docs
        .iter()
        .map(|d| d.body.len() + d.title.len() + d.id.len())
        .sum();
    let budget = (MOST_UNPACKED_PER_BYTE * data.len()).clamp(LEAST_BUDGET, MOST_UNPACKED);
    assert!(
        out <= 2 * (budget + data.len()),
        "{} bytes in, {out} bytes of documents out",
        data.len()
    );
    assert_eq!(read.docs.len(), 1, "a PDF is one document");
});
