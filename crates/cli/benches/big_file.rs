//! One big file: the ELTeC novels joined into one plain-text "obras completas" file of about
//! 50 MB, in a folder of its own. Measures, for the `lupa` binary and for the tantivy peer
//! (`../shared/peers/tantivy_fields_peer.py`: tantivy with the text stored) in the same run:
//! - indexing: wall time and peak anonymous memory (`RssAnon`, sampled every 5 ms);
//! - a search whose only hit is the file, for a common word and for a word that occurs once
//!   near the end of the file: wall time of the whole process and its peak resident set
//!   (`ru_maxrss`), and whether Lupa's snippet shows the rare word.
//!
//! ```text
//! python3 ../shared/peers/eltec_prep.py \
//!     ../shared/data/corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz /tmp/eltec
//! LUPA_BENCH_ELTEC_DIR=/tmp/eltec cargo bench -p lupa-cli --bench big_file
//! ```
//!
//! Linux only (`/proc`); the measuring wrapper is a few lines of Python. Without the folder, or without Python's `tantivy` module
//! for the peer, it says what is missing and measures what it can.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const LUPA: &str = env!("CARGO_BIN_EXE_lupa");
const ROUNDS: usize = 3;
const COMMON: &str = "guerra";

/// What one process cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    wall: Duration,
    /// Peak `RssAnon` seen while it ran, KiB.
    anon_kib: u64,
    /// Its peak resident set (`ru_maxrss`), KiB.
    rss_kib: u64,
}

/// Runs a program, samples its `RssAnon` every 5 ms and prints, after its own output, its
/// wall time, that peak and its `ru_maxrss` (exact, from the kernel): a Python wrapper,
/// because the standard library gives no rusage of a child and Lupa has no `unsafe`.
const MEASURE: &str = r#"
import resource, subprocess, sys, threading, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
peak = [0]
def sample():
    while child.poll() is None:
        try:
            for line in open(f"/proc/{child.pid}/status"):
                if line.startswith("RssAnon:"):
                    peak[0] = max(peak[0], int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.005)
sampler = threading.Thread(target=sample)
sampler.start()
out = child.stdout.read()
code = child.wait()
wall = time.perf_counter() - start
sampler.join()
sys.stdout.buffer.write(out)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"\nMEASURED {wall} {peak[0]} {rss}")
sys.exit(code)
"#;

/// Runs `program args` to the end; its cost and its standard output.
fn run(program: &str, args: &[&std::ffi::OsStr]) -> (Cost, String) {
    let out = Command::new("python3")
        .args(["-c", MEASURE, program])
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{program} {args:?} failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (output, measured) = text.rsplit_once("\nMEASURED ").expect("the measures");
    let v: Vec<f64> = measured
        .split_whitespace()
        .map(|x| x.parse().expect("a number"))
        .collect();
    let cost = Cost {
        wall: Duration::from_secs_f64(v[0]),
        anon_kib: v[1] as u64,
        rss_kib: v[2] as u64,
    };
    (cost, output.to_string())
}

/// The ELTeC folder's text files, in name order.
fn text_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("the folder reads").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A word of at least eight letters that occurs once in `text`, as late in it as can be.
fn rare_word_near_end(text: &str) -> String {
    let mut counts = std::collections::HashMap::new();
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 8)
        .map(str::to_lowercase)
        .collect();
    for w in &words {
        *counts.entry(w.as_str()).or_insert(0) += 1;
    }
    words
        .iter()
        .rev()
        .find(|w| counts[w.as_str()] == 1)
        .cloned()
        .expect("some word occurs once")
}

fn median(mut costs: Vec<Cost>) -> Cost {
    costs.sort_by_key(|c| c.wall);
    let mid = costs[costs.len() / 2];
    let mut anon: Vec<u64> = costs.iter().map(|c| c.anon_kib).collect();
    let mut rss: Vec<u64> = costs.iter().map(|c| c.rss_kib).collect();
    anon.sort_unstable();
    rss.sort_unstable();
    Cost {
        wall: mid.wall,
        anon_kib: anon[anon.len() / 2],
        rss_kib: rss[rss.len() / 2],
    }
}

fn mb(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    // `cargo test --benches` runs bench targets with no `--bench` flag: do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(eltec) = std::env::var_os("LUPA_BENCH_ELTEC_DIR").map(PathBuf::from) else {
        eprintln!(
            "big_file bench: set LUPA_BENCH_ELTEC_DIR to the ELTeC folder made by \
             `python3 ../shared/peers/eltec_prep.py \
             ../shared/data/corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz /tmp/eltec` \
             (the corpus: https://github.com/COST-ELTeC/ELTeC-spa); nothing measured."
        );
        return;
    };
    let work = tempfile::tempdir().expect("a temporary folder");
    let folder = work.path().join("obras");
    std::fs::create_dir(&folder).expect("the folder");
    let mut text = String::new();
    for file in text_files(&eltec) {
        text.push_str(&std::fs::read_to_string(&file).expect("ELTeC files are UTF-8"));
        text.push_str("\n\n");
    }
    assert!(
        text.len() > 1_000_000,
        "{} holds too little text",
        eltec.display()
    );
    let rare = rare_word_near_end(&text);
    let rare_at = text.rfind(&rare).unwrap_or(0) as f64 / text.len() as f64;
    std::fs::write(folder.join("obras_completas.txt"), &text).expect("the big file");
    let size = text.len();
    drop(text);
    println!(
        "one file of {:.1} MB; rare word {rare:?} at {:.1}% of it; common word {COMMON:?}",
        size as f64 / 1e6,
        rare_at * 100.0
    );

    let peer = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/peers/tantivy_fields_peer.py");
    let has_peer = peer.is_file()
        && Command::new("python3")
            .args(["-c", "import tantivy"])
            .status()
            .is_ok_and(|s| s.success());
    if !has_peer {
        eprintln!(
            "big_file bench: the tantivy peer needs {} and Python's tantivy module \
             (`python3 -m pip install tantivy==0.27.0`); measuring Lupa alone.",
            peer.display()
        );
    }

    let (mut lupa_index, mut peer_index) = (Vec::new(), Vec::new());
    let mut lupa_search = [Vec::new(), Vec::new()];
    let mut peer_search = [Vec::new(), Vec::new()];
    let mut snippet_ok = true;
    for round in 0..ROUNDS {
        let index = work.path().join(format!("lupa-{round}"));
        let (cost, _) = run(
            LUPA,
            &[
                "--index".as_ref(),
                index.as_os_str(),
                "index".as_ref(),
                folder.as_os_str(),
            ],
        );
        lupa_index.push(cost);
        for (n, word) in [COMMON, rare.as_str()].into_iter().enumerate() {
            let (cost, out) = run(
                LUPA,
                &[
                    "--index".as_ref(),
                    index.as_os_str(),
                    "search".as_ref(),
                    "--json".as_ref(),
                    word.as_ref(),
                ],
            );
            lupa_search[n].push(cost);
            let results: serde_json::Value = serde_json::from_str(&out).expect("JSON results");
            let hit = &results["hits"][0];
            let shown = hit["snippet"].as_str().unwrap_or_default();
            if hit["path"] != "obras_completas.txt" || !shown.to_lowercase().contains(word) {
                snippet_ok = false;
                eprintln!("lupa search {word:?}: the hit or its snippet misses it: {hit}");
            }
        }
        if has_peer {
            let index = work.path().join(format!("peer-{round}"));
            let (cost, _) = run(
                "python3",
                &[
                    peer.as_os_str(),
                    "index".as_ref(),
                    folder.as_os_str(),
                    "--index".as_ref(),
                    index.as_os_str(),
                ],
            );
            peer_index.push(cost);
            for (n, word) in [COMMON, rare.as_str()].into_iter().enumerate() {
                let (cost, _) = run(
                    "python3",
                    &[
                        peer.as_os_str(),
                        "search".as_ref(),
                        word.as_ref(),
                        "--index".as_ref(),
                        index.as_os_str(),
                    ],
                );
                peer_search[n].push(cost);
            }
        }
    }

    println!("\nmedians of {ROUNDS} interleaved rounds (wall time of the whole process):");
    println!("| step | lupa | tantivy peer |");
    println!("|---|---|---|");
    let cell = |costs: &Vec<Cost>, anon: bool| -> String {
        if costs.is_empty() {
            return "—".to_string();
        }
        let c = median(costs.clone());
        let memory = if anon { c.anon_kib } else { c.rss_kib };
        let what = if anon { "RssAnon" } else { "RSS" };
        format!("{:.2} s, {:.0} MB {what}", c.wall.as_secs_f64(), mb(memory))
    };
    println!(
        "| index | {} | {} |",
        cell(&lupa_index, true),
        cell(&peer_index, true)
    );
    for (n, word) in [COMMON, rare.as_str()].into_iter().enumerate() {
        println!(
            "| search {word:?} | {} | {} |",
            cell(&lupa_search[n], false),
            cell(&peer_search[n], false)
        );
    }
    println!(
        "\nlupa's snippets show the word searched for: {}",
        if snippet_ok { "yes" } else { "NO" }
    );
    println!(
        "targets: index ≤ 400 MB RssAnon; each search ≤ 0.3 s and ≤ 150 MB RSS; the snippet shows the rare word"
    );
}
