//! Load: `C` clients, each on its own keep-alive connection, send the 1,000 SQuAD-es
//! questions of `docs/PERFORMANCE.md` to `/api/search` for `T` seconds, one request
//! after the other; against the same questions through `Index::search_batch` (on every
//! core, with the server's options: hits with titles and snippets, the total count and
//! suggestions), the ceiling, in the same run. Rounds interleave the two.
//!
//! ```text
//! LUPA_BENCH_INDEX=/tmp/idx cargo bench -p lupa-server --bench load
//! ```
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `LUPA_BENCH_INDEX` | a Lupa index of the ELTeC folder (`lupa index /tmp/eltec --index /tmp/idx`) | built from the ELTeC data as `benches/common/mod.rs` says |
//! | `LUPA_BENCH_CLIENTS` | concurrent clients | 64 |
//! | `LUPA_BENCH_SECONDS` | seconds of load per round (and of batches) | 30 |
//! | `LUPA_BENCH_ROUNDS` | interleaved rounds | 3 |
//!
//! The server runs in a process of its own (this program, started again), so its
//! resident memory is its own: sampled every second (`VmRSS`), with its peak
//! (`VmHWM`) at the end. The clients run on one thread of this process. An error is
//! any answer but 200, or a failed connection.

#[path = "../../../benches/common/mod.rs"]
mod common;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use lupa::{Index, SearchOptions, SyncOptions};
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const QUESTIONS: usize = 1_000;
/// Memory is compared from this point of each run on.
const WARM_UP: Duration = Duration::from_secs(5);

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--serve") {
        serve(Path::new(&args[2]));
        return;
    }
    let Some(questions) = questions() else {
        return;
    };
    let (_tmp, index_path) = match std::env::var_os("LUPA_BENCH_INDEX") {
        Some(p) => (None, PathBuf::from(p)),
        None => {
            // benches/common looks for the data next to the root package.
            if std::env::var_os("LUPA_BENCH_ELTEC").is_none() {
                std::env::set_var(
                    "LUPA_BENCH_ELTEC",
                    shared_data("corpus/eltec-spa/eltec_spa_level1_paragraphs.jsonl.gz"),
                );
            }
            let Some(corpus) = common::corpus("load") else {
                return;
            };
            let tmp = tempfile::tempdir().expect("a temporary folder");
            let path = tmp.path().join("idx");
            let index = Index::create(&path).expect("index");
            index
                .sync(&corpus.dir, &SyncOptions::default(), &mut |_| {})
                .expect("sync");
            (Some((tmp, corpus)), path)
        }
    };
    let clients = env_number("LUPA_BENCH_CLIENTS", 64) as usize;
    let seconds = Duration::from_secs(env_number("LUPA_BENCH_SECONDS", 30));
    let rounds = env_number("LUPA_BENCH_ROUNDS", 3) as usize;
    let index = Index::open(&index_path).expect("open the index");
    println!(
        "load bench: {} questions, {clients} clients, {} s per round, {rounds} rounds, index {}",
        questions.len(),
        seconds.as_secs(),
        index_path.display()
    );
    println!();
    println!("| round | `search_batch` | HTTP | HTTP / batch | p50 | p99 | errors | server RSS after {} s → end (peak) | server CPU per request | batch CPU per query |", WARM_UP.as_secs());
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut ratios = Vec::new();
    for round in 1..=rounds {
        // Alternate which goes first, so a slow spell of the machine hits both.
        let (batch, http) = if round % 2 == 1 {
            let b = batch(&index, &questions, seconds);
            (b, http(&index_path, &questions, clients, seconds))
        } else {
            let h = http(&index_path, &questions, clients, seconds);
            (batch(&index, &questions, seconds), h)
        };
        let ratio = http.per_second / batch.per_second;
        ratios.push(ratio);
        println!(
            "| {round} | {:.0} q/s | {:.0} req/s | {:.2} | {:.1} ms | {:.1} ms | {} of {} | {} → {} MiB ({} MiB) | {:.2} ms | {:.2} ms |",
            batch.per_second,
            http.per_second,
            ratio,
            common::ms(http.p50),
            common::ms(http.p99),
            http.errors,
            http.requests,
            http.rss_after_warm_up / 1024,
            http.rss_end / 1024,
            http.rss_peak / 1024,
            http.cpu_per_request * 1e3,
            batch.cpu_per_query * 1e3,
        );
        let _ = std::io::stdout().flush();
    }
    ratios.sort_by(f64::total_cmp);
    println!();
    println!("median HTTP / batch: {:.2}", ratios[ratios.len() / 2]);
}

/// `../shared/data/…` next to the repository: the data's place for every bench.
fn shared_data(rest: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rest)
}

/// The first 1,000 SQuAD-es questions of 7 to 9 words.
fn questions() -> Option<Vec<String>> {
    let path = std::env::var_os("LUPA_BENCH_SQUAD")
        .map(PathBuf::from)
        .unwrap_or_else(|| shared_data("qa/squad-es/dev-v1.1-es_small.json.gz"));
    let questions = common::squad_questions(&path, QUESTIONS);
    if questions.is_none() {
        eprintln!(
            "load bench: {} not found; nothing to measure (SQuAD-es, see docs/PERFORMANCE.md).",
            path.display()
        );
    }
    questions
}

/// Process CPU time (user + system) of `pid` (`self` for this process), in seconds.
fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line: 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// A `Vm…` line of `/proc/PID/status`, in KiB.
fn vm_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

struct Batch {
    per_second: f64,
    cpu_per_query: f64,
}

/// The questions through `Index::search_batch` on every core, again and again for
/// `seconds`.
fn batch(index: &Index, questions: &[String], seconds: Duration) -> Batch {
    let options = SearchOptions::default();
    let started = Instant::now();
    let cpu = cpu_seconds("self");
    let mut done = 0usize;
    while started.elapsed() < seconds {
        index.search_batch(questions, &options, 0, |_, results| {
            assert!(results.is_ok(), "{results:?}");
            done += 1;
            true
        });
    }
    let elapsed = started.elapsed().as_secs_f64();
    Batch {
        per_second: done as f64 / elapsed,
        cpu_per_query: (cpu_seconds("self") - cpu) / done as f64,
    }
}

struct Http {
    per_second: f64,
    requests: usize,
    errors: usize,
    p50: Duration,
    p99: Duration,
    rss_after_warm_up: u64,
    rss_end: u64,
    rss_peak: u64,
    cpu_per_request: f64,
}

/// The server, this program started again with `--serve INDEX`.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    fn start(index: &Path) -> ServerProcess {
        let mut child = Command::new(std::env::current_exe().expect("this program"))
            .arg("--serve")
            .arg(index)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's address");
        let addr = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("an address");
        ServerProcess { child, addr }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Closing its standard input stops it.
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Serves `index` on a free port until standard input closes.
fn serve(index: &Path) {
    let index = Index::open(index).expect("open the index");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let config = lupa_server::Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..lupa_server::Config::default()
        };
        let server = lupa_server::Server::bind(index, config)
            .await
            .expect("bind");
        println!("{}", server.url());
        let _ = std::io::stdout().flush();
        let stdin_closed = async {
            let _ = tokio::task::spawn_blocking(|| {
                let mut sink = String::new();
                while std::io::stdin()
                    .read_line(&mut sink)
                    .map(|n| n > 0)
                    .unwrap_or(false)
                {}
            })
            .await;
        };
        server.run(stdin_closed).await.expect("serve");
    });
}

/// Percent-encodes a query parameter.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn http(index: &Path, questions: &[String], clients: usize, seconds: Duration) -> Http {
    let server = ServerProcess::start(index);
    let pid = server.child.id();
    let pid_text = pid.to_string();
    let paths: Arc<Vec<String>> = Arc::new(
        questions
            .iter()
            .map(|q| format!("/api/search?q={}", encode(q)))
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let cpu = cpu_seconds(&pid_text);
    let started = Instant::now();
    let deadline = started + seconds;
    let (latencies, errors, rss_after_warm_up) = runtime.block_on(async {
        let sampler = tokio::spawn(async move {
            tokio::time::sleep(WARM_UP).await;
            vm_kib(pid, "VmRSS:")
        });
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (paths, next, addr) = (paths.clone(), next.clone(), server.addr);
            tasks.push(tokio::spawn(async move {
                client(addr, &paths, &next, deadline).await
            }));
        }
        let mut latencies = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (l, e) = task.await.expect("client task");
            latencies.extend(l);
            errors += e;
        }
        (latencies, errors, sampler.await.unwrap_or(0))
    });
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds(&pid_text) - cpu;
    let rss_end = vm_kib(pid, "VmRSS:");
    let rss_peak = vm_kib(pid, "VmHWM:");
    drop(server);
    let mut sorted = latencies;
    sorted.sort();
    let requests = sorted.len() + errors;
    Http {
        per_second: sorted.len() as f64 / elapsed,
        requests,
        errors,
        p50: common::quantile(&sorted, 0.50),
        p99: common::quantile(&sorted, 0.99),
        rss_after_warm_up,
        rss_end,
        rss_peak,
        cpu_per_request: cpu / requests.max(1) as f64,
    }
}

/// One client: one keep-alive connection, one request after the other until
/// `deadline`; the latencies of the answers that were 200, and the count of the rest.
async fn client(
    addr: SocketAddr,
    paths: &[String],
    next: &AtomicUsize,
    deadline: Instant,
) -> (Vec<Duration>, usize) {
    let mut latencies = Vec::new();
    let mut errors = 0;
    'connection: while Instant::now() < deadline {
        let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
            errors += 1;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut sender, connection)) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await
        else {
            errors += 1;
            continue;
        };
        tokio::spawn(connection);
        while Instant::now() < deadline {
            let path = &paths[next.fetch_add(1, Ordering::Relaxed) % paths.len()];
            let request = hyper::Request::get(path.as_str())
                .header(hyper::header::HOST, "127.0.0.1")
                .body(Empty::<Bytes>::new())
                .expect("a request");
            let sent = Instant::now();
            let answer = match sender.send_request(request).await {
                Ok(answer) => answer,
                Err(_) => {
                    errors += 1;
                    continue 'connection;
                }
            };
            let ok = answer.status() == hyper::StatusCode::OK;
            let body = answer.into_body().collect().await.map(|b| b.to_bytes());
            match body {
                Ok(body) if ok && !body.is_empty() => latencies.push(sent.elapsed()),
                _ => errors += 1,
            }
        }
    }
    (latencies, errors)
}
