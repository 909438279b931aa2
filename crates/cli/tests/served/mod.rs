//! Starts the real `lupa serve` on an ephemeral port and talks HTTP/1.1 to it over a
//! plain socket, so a test controls every byte it sends (raw paths such as
//! `/api/doc/../../etc/passwd`, bodies sent in pieces).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The `lupa` binary, run in `dir` without the caller's index settings, in a Spanish
/// locale whatever the caller's (a page then speaks Spanish to a client that names no
/// language).
pub fn lupa(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lupa"));
    c.current_dir(dir)
        .env_remove("LUPA_INDEX")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    locale(&mut c, "es_ES.UTF-8");
    c
}

/// Runs `c` in the locale `lang` (`LANG`), with no other variable that chooses the
/// language of messages.
pub fn locale<'c>(c: &'c mut Command, lang: &str) -> &'c mut Command {
    for var in ["LC_ALL", "LC_MESSAGES", "LANGUAGE", "LUPA_LANG"] {
        c.env_remove(var);
    }
    c.env("LANG", lang)
}

/// A running `lupa serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
    pub url: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Served {
    /// Starts `lupa serve --bind 127.0.0.1:0 ARGS` in `dir` and waits for the line with
    /// its URL.
    pub fn start(dir: &Path, args: &[&str]) -> Served {
        let mut child = lupa(dir)
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start lupa serve");
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut err = child.stderr.take().expect("stderr");
        let collected = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = collected.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("read the first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| {
                let _ = child.kill();
                let err = stderr.lock().map(|s| s.clone()).unwrap_or_default();
                panic!("no URL in the first line {line:?}; stderr: {err}")
            })
            .to_string();
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while out.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .expect("address");
        Served {
            child,
            addr,
            url,
            stderr,
        }
    }

    /// What the server wrote to standard error so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, &[], b"")
    }

    /// `GET path` answered with JSON.
    pub fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path);
        let value = serde_json::from_slice(&r.body)
            .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {}", r.text()));
        (r.status, value)
    }

    /// Sends `signal` (`TERM`, `INT`) to the server.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits at most `limit` for the server to exit.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Sends one request (the path exactly as given) and reads the answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write_head(&mut stream, method, path, headers, body.len());
    stream.write_all(body).expect("send body");
    read_response(&mut stream)
}

pub fn write_head(
    stream: &mut TcpStream,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body_len: usize,
) {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if body_len > 0 || method == "POST" {
        head.push_str(&format!("Content-Length: {body_len}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
}

/// Reads one answer: its head, then `Content-Length` bytes when it says how many
/// (some peers keep the connection open after `Connection: close`), else all until the
/// peer closes.
pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).expect("read answer");
        if n == 0 {
            panic!("no head in {:?}", String::from_utf8_lossy(&raw));
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let length = String::from_utf8_lossy(&raw[..split])
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    match length {
        Some(length) => {
            while raw.len() < split + 4 + length {
                let n = stream.read(&mut buf).expect("read answer");
                if n == 0 {
                    break;
                }
                raw.extend_from_slice(&buf[..n]);
            }
        }
        None => {
            stream.read_to_end(&mut raw).expect("read answer");
        }
    }
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&data[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
}

/// `%`-encodes a query parameter.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A temporary folder with articles in `docs/`.
pub struct Folder {
    pub tmp: tempfile::TempDir,
}

impl Folder {
    pub fn new() -> Folder {
        let f = Folder {
            tmp: tempfile::tempdir().expect("tempdir"),
        };
        std::fs::create_dir(f.docs()).expect("mkdir");
        f
    }

    /// A folder with a copy of the repository's sample articles.
    pub fn with_sample_articles() -> Folder {
        let f = Folder::new();
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        for entry in std::fs::read_dir(&data).expect("data/") {
            let entry = entry.expect("entry");
            let name = entry.file_name();
            // Files only: a `.lupa` index left there by a run of the README is not copied.
            if entry.path().is_file() {
                std::fs::copy(entry.path(), f.docs().join(&name)).expect("copy");
            }
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    pub fn docs(&self) -> PathBuf {
        self.root().join("docs")
    }

    pub fn write(&self, name: &str, text: &str) {
        let path = self.docs().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    /// `lupa ARGS` in this folder; fails the test unless it exits with `code`.
    pub fn lupa(&self, args: &[&str], code: i32) -> String {
        let out = lupa(self.root()).args(args).output().expect("run lupa");
        assert_eq!(
            out.status.code(),
            Some(code),
            "lupa {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Polls `check` every 20 ms until it holds or `limit` passes; how long it took.
pub fn eventually(limit: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    loop {
        if check() {
            return Some(start.elapsed());
        }
        if start.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
