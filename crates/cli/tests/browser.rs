//! The search page in a real browser: headless Chromium, driven by ChromeDriver over
//! the W3C WebDriver protocol (plain HTTP and JSON), opens `lupa serve`'s page, types a
//! query, submits it, reads the rendered hits and marks from the DOM, opens a hit, and
//! keeps screenshots as test artefacts.
//!
//! It needs `chromium` and `chromedriver` (Debian's `chromium` and `chromium-driver`,
//! which `.ci/run` installs; `LUPA_CHROMIUM` and `LUPA_CHROMEDRIVER` name other
//! binaries). Without them the test says so and passes, unless
//! `LUPA_REQUIRE_BROWSER=1` (set in CI), where it fails.
//!
//! `LUPA_SCREENSHOT=PATH` also writes the results page's screenshot to `PATH` (the
//! README's picture is made this way).

mod served;

use base64::Engine as _;
use serde_json::{json, Value};
use served::{request, Folder, Served};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key WebDriver sends as Enter.
const ENTER: &str = "\u{E007}";
/// How a WebDriver answer names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn binary(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    path.is_file().then_some(path)
}

/// Chromium and ChromeDriver, or `None` after saying loudly why the test is skipped.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = binary("LUPA_CHROMIUM", "/usr/bin/chromium");
    let driver = binary("LUPA_CHROMEDRIVER", "/usr/bin/chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let why = "SKIPPED: the browser test needs /usr/bin/chromium and /usr/bin/chromedriver \
                       (apt-get install chromium chromium-driver), or LUPA_CHROMIUM and LUPA_CHROMEDRIVER";
            if std::env::var("LUPA_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("{why}; LUPA_REQUIRE_BROWSER=1 requires it");
            }
            eprintln!("\n{why}\n");
            None
        }
    }
}

/// A running ChromeDriver on a loopback port, stopped when dropped.
struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Driver {
    fn start(path: &Path) -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let start = Instant::now();
        loop {
            if std::net::TcpStream::connect(driver.addr).is_ok()
                && driver.call("GET", "/status", None)["ready"] == true
            {
                return driver;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not get ready on {}",
                driver.addr
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers: &[(&str, &str)] = if method == "POST" {
            &[("Content-Type", "application/json")]
        } else {
            &[]
        };
        let answer = request(self.addr, method, path, headers, body.as_bytes());
        let mut value = answer.json();
        assert_eq!(
            answer.status,
            200,
            "WebDriver {method} {path}: {}",
            answer.text()
        );
        value["value"].take()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser window.
struct Session<'d> {
    driver: &'d Driver,
    id: String,
}

impl<'d> Session<'d> {
    fn open(driver: &'d Driver, chromium: &Path, profile: &Path) -> Session<'d> {
        // The flags keep Chromium off the network (this machine has none) and able to
        // run as root in a container.
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1000,900",
            // A Spanish reader's browser: it asks for Spanish pages (Accept-Language).
            "--lang=es-ES",
            "--accept-lang=es-ES,es",
            &format!("--user-data-dir={}", profile.display()),
        ];
        let value = driver.call(
            "POST",
            "/session",
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": args,
                    "prefs": {"intl.accept_languages": "es-ES,es"},
                },
            }}})),
        );
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {value}"))
            .to_string();
        Session { driver, id }
    }

    fn call(&self, method: &str, command: &str, body: Option<Value>) -> Value {
        self.driver
            .call(method, &format!("/session/{}/{command}", self.id), body)
    }

    fn go(&self, url: &str) {
        self.call("POST", "url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The elements matching a CSS selector, in document order.
    fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no {css} in {}", self.source()))
    }

    fn text(&self, element: &str) -> String {
        self.call("GET", &format!("element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        self.call("GET", &format!("element/{element}/attribute/{name}"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("element/{element}/click"), Some(json!({})));
    }

    /// The DOM as the browser has it.
    fn source(&self) -> String {
        self.call("GET", "source", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the page's address satisfies `done`.
    fn wait_for_url(&self, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let url = self.url();
            if done(&url) {
                return url;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "still at {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A PNG of the window.
    fn screenshot(&self) -> Vec<u8> {
        let b64 = self.call("GET", "screenshot", None);
        base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap_or_default())
            .expect("base64 PNG")
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.id);
        let _ = request(self.driver.addr, "DELETE", &path, &[], b"");
    }
}

/// Keeps `png` among the test's artefacts (and at `LUPA_SCREENSHOT` for the results).
fn keep(name: &str, png: &[u8]) -> PathBuf {
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("artefact folder");
    let path = dir.join(name);
    std::fs::write(&path, png).expect("write the screenshot");
    eprintln!("screenshot: {}", path.display());
    path
}

#[test]
fn a_search_typed_in_the_page_shows_highlighted_hits_and_opens_one() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let folder = Folder::with_sample_articles();
    let server = Served::start(folder.root(), &["--dir", "docs"]);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().expect("profile folder");
    let browser = Session::open(&driver, &chromium, profile.path());

    browser.go(&server.url);
    let home = browser.source();
    assert!(home.contains("10 documentos en el índice"), "{home}");

    // Typed as a person would, and sent with Enter.
    let q = browser.find("input#q");
    browser.type_into(&q, &format!("retirada tropas{ENTER}"));
    let url = browser.wait_for_url(|u| u.contains("q=retirada"));
    assert!(url.contains("q=retirada+tropas"), "{url}");

    let hits = browser.find_all("ol.hits li.hit");
    assert_eq!(hits.len(), 5, "{}", browser.source());
    let count = browser.text(&browser.find("main"));
    assert!(count.contains("1–5 de 5 resultados"), "{count}");
    // Every hit has a title link, its path and a snippet with the words marked.
    for hit in &hits {
        let text = browser.text(hit);
        assert!(text.contains(".txt"), "no path in {text}");
    }
    let marks: Vec<String> = browser
        .find_all("ol.hits p.snippet mark")
        .iter()
        .map(|m| browser.text(m).to_lowercase())
        .collect();
    assert!(
        marks.iter().any(|m| m == "retirada") && marks.iter().any(|m| m == "tropas"),
        "marks: {marks:?}"
    );
    let png = browser.screenshot();
    keep("results.png", &png);
    if let Some(path) = std::env::var_os("LUPA_SCREENSHOT") {
        std::fs::write(&path, &png).expect("write LUPA_SCREENSHOT");
    }

    // The first hit opens its document, with the words marked in its text.
    let first = browser.find("ol.hits li.hit h2 a");
    let title = browser.text(&first);
    let href = browser.attribute(&first, "href");
    assert!(href.contains("/doc/"), "{href}");
    browser.click(&first);
    browser.wait_for_url(|u| u.contains("/doc/"));
    let heading = browser.text(&browser.find("main h1"));
    assert_eq!(heading, title);
    let marked = browser.find_all("main mark");
    assert!(!marked.is_empty(), "{}", browser.source());
    keep("document.png", &browser.screenshot());

    // A typo's error is shown with its caret, on the page.
    browser.go(&format!("{}?q=%22fin+de", server.url));
    let error = browser.source();
    assert!(error.contains("^"), "{error}");
}
