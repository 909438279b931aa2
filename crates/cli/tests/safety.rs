//! Lupa never touches what is not its own: folders it did not create, files reached
//! through symbolic links, and what a full disk or a killed rebuild leaves behind. Every
//! test runs the real binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn lupa(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lupa"));
    c.args(args)
        .current_dir(cwd)
        .env_remove("LUPA_INDEX")
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    lupa(cwd, args).output().expect("run lupa")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The ids of every hit of `query` in the index at `index`.
fn hit_ids(cwd: &Path, index: &Path, query: &str) -> Vec<String> {
    let index = index.to_str().expect("utf-8 path");
    let out = run(
        cwd,
        &["search", "--index", index, "--json", "-n", "1000", query],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query}: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["path"].as_str().expect("path").to_string())
        .collect();
    ids.sort();
    ids
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_followed_only_when_asked() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(
        &root.join("docs/irak.txt"),
        "Retirada de Irak\n\nLas tropas se retiran.",
    );
    write(
        &root.join("fuera/secreto.txt"),
        "Diario\n\nUn texto privado sobre la peña.",
    );
    write(
        &root.join("fuera/carpeta/nota.txt"),
        "Nota\n\nOtro texto privado sobre la peña.",
    );
    symlink(
        root.join("fuera/secreto.txt"),
        root.join("docs/secreto.txt"),
    )
    .expect("link");
    symlink(root.join("fuera/carpeta"), root.join("docs/carpeta")).expect("link");
    symlink(root.join("docs"), root.join("docs/bucle")).expect("link");
    let index = root.join("idx");
    let idx = index.to_str().expect("utf-8");

    // By default no link is followed, and each one is listed with its reason.
    let out = run(root, &["index", "docs", "--index", idx, "--verbose"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in ["secreto.txt", "carpeta", "bucle"] {
        let line = stderr(&out)
            .lines()
            .find(|l| l.contains(name))
            .map(str::to_string)
            .unwrap_or_else(|| panic!("{name} not reported: {}", stderr(&out)));
        assert!(line.contains("not followed"), "{line}");
    }
    assert!(hit_ids(root, &index, "peña").is_empty());

    // `--follow` follows links inside the folder only: the loop ends, the rest stays out.
    let out = run(root, &["index", "docs", "--index", idx, "--follow", "-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("secreto.txt") && l.contains("outside the folder")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("carpeta") && l.contains("outside the folder")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("bucle") && l.contains("loop")),
        "{err}"
    );
    assert!(hit_ids(root, &index, "peña").is_empty());
    assert_eq!(hit_ids(root, &index, "retirada"), ["irak.txt"]);

    // `--follow-outside` is the explicit way to index what the links lead to.
    let out = run(
        root,
        &[
            "index",
            "docs",
            "--index",
            idx,
            "--follow",
            "--follow-outside",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        hit_ids(root, &index, "peña"),
        ["carpeta/nota.txt", "secreto.txt"]
    );

    // And the next run without the flags takes them out again.
    let out = run(root, &["index", "docs", "--index", idx]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(hit_ids(root, &index, "peña").is_empty());
}

/// Every file under `dir` (relative path → bytes), links not followed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("prefix").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

const WORDS: &[&str] = &[
    "gobierno",
    "retirada",
    "tropas",
    "coalición",
    "Irak",
    "asesoría",
    "misiones",
    "combate",
    "año",
    "peña",
    "acción",
    "información",
    "Estados",
    "Unidos",
    "frontera",
    "ministro",
];

/// Writes `n` small articles whose words vary with their number; each also holds
/// `mark`, so that two versions of a folder can be told apart.
fn articles(dir: &Path, n: usize, mark: &str) {
    for i in 0..n {
        let mut text = format!("Artículo {i} {mark}\n\n{mark} ");
        for j in 0..60 {
            text.push_str(WORDS[(i * 7 + j * 3 + j / 5) % WORDS.len()]);
            text.push(if j % 9 == 8 { '.' } else { ' ' });
        }
        write(&dir.join(format!("s{}/{i:05}.txt", i % 10)), &text);
    }
}

/// Every hit of a few queries: (query, total, sorted ids).
/// Each query's hit count and the set of paths it returns.
type Answers = Vec<(String, u64, BTreeSet<String>)>;

fn answers(cwd: &Path, index: &Path) -> Answers {
    [
        "retirada",
        "\"Estados Unidos\"",
        "peña OR acción",
        "asesoria AND NOT Irak",
        "antiguo",
        "nuevo",
    ]
    .iter()
    .map(|q| {
        let out = run(
            cwd,
            &[
                "search",
                "--index",
                utf8(index),
                "--json",
                "-n",
                "100000",
                q,
            ],
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{q}: {}",
            stderr(&out)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["path"].as_str().expect("path").to_string())
            .collect();
        (q.to_string(), v["total"].as_u64().expect("total"), ids)
    })
    .collect()
}

/// Segment files in the index folder that its last commit does not use.
fn stray_files(index: &Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).expect("meta.json"))
            .expect("json");
    let live: BTreeSet<String> = meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["segment_id"].as_str().expect("id").replace('-', ""))
        .collect();
    let mut stray = Vec::new();
    for entry in std::fs::read_dir(index).expect("read_dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let Some((id, _ext)) = name.split_once('.') else {
            continue;
        };
        let is_segment_file = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
        if is_segment_file && !live.contains(id) {
            stray.push(name);
        }
    }
    stray.sort();
    stray
}

/// Bytes of the files directly in `dir`.
fn folder_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[test]
fn an_index_is_never_written_into_someone_elses_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    articles(&root.join("docs"), 5, "antiguo");
    write(&root.join("notes/notas.txt"), "Mis notas: comprar pan.");
    write(&root.join("notes/fotos/playa.jpg"), "no es una foto");
    let before = snapshot(&root.join("notes"));
    for rebuild in [false, true] {
        let mut args = vec!["index", "docs", "--index", "notes"];
        if rebuild {
            args.push("--rebuild");
        }
        let out = run(root, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("notes is not empty and is not a Lupa index"),
            "{err}"
        );
        assert!(err.contains("notas.txt") && err.contains("fotos/"), "{err}");
        assert!(err.contains("--index"), "says what to do: {err}");
        assert_eq!(snapshot(&root.join("notes")), before, "{args:?}");
    }
    // The folder being indexed is no place for its index either.
    let docs_before = snapshot(&root.join("docs"));
    let out = run(root, &["index", "docs", "--index", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&root.join("docs")), docs_before);
    // An empty folder is fine.
    std::fs::create_dir(root.join("vacía")).expect("mkdir");
    let out = run(root, &["index", "docs", "--index", "vacía"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A small deterministic generator for the kill moments.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn a_rebuild_killed_at_any_moment_leaves_the_old_index_or_the_new() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let (old, new) = (root.join("old"), root.join("new"));
    articles(&old, 150, "antiguo");
    articles(&new, 200, "nuevo");
    let index = root.join("idx");
    let out = run(
        root,
        &["index", "old", "--index", "idx", "--commit-every", "50"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(index.join("synonyms.txt"), "peña, roca\n").expect("write");
    let old_answers = answers(root, &index);
    let rebuild = [
        "index",
        "new",
        "--index",
        "idx",
        "--rebuild",
        "--commit-every",
        "50",
    ];
    let started = Instant::now();
    let out = run(root, &rebuild);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let full = started.elapsed();
    let new_answers = answers(root, &index);
    assert_ne!(old_answers, new_answers);

    // Back to the old folder, then rebuild towards the new one and kill it.
    let mut rng = Lcg(20261206);
    let mut seen = (0, 0);
    for round in 0..20 {
        let out = run(root, &["index", "old", "--index", "idx", "--rebuild"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let wait = Duration::from_millis(rng.below(full.as_millis() as u64 * 11 / 10));
        let mut child = lupa(root, &rebuild)
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        let now = answers(root, &index);
        if now == old_answers {
            seen.0 += 1;
        } else if now == new_answers {
            seen.1 += 1;
        } else {
            panic!("round {round}, killed after {wait:?}: neither the old index nor the new");
        }
        assert_eq!(
            std::fs::read_to_string(index.join("synonyms.txt")).expect("kept"),
            "peña, roca\n",
            "round {round}"
        );
    }
    eprintln!("kills that left the old index, the new: {seen:?}");
    assert!(seen.0 > 0, "no kill landed before the swap: {seen:?}");
    // Whatever the kills left, the next run removes.
    let out = run(root, &rebuild);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answers(root, &index), new_answers);
    assert!(!index.join(".lupa-rebuild").exists());
    assert_eq!(stray_files(&index), Vec::<String>::new());
}

#[test]
fn many_segments_build_every_time_to_the_same_index() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    articles(&root.join("docs"), 240, "antiguo");
    let mut first: Option<(Answers, u64)> = None;
    for round in 0..4 {
        let index = root.join(format!("idx{round}"));
        // A commit every few files: forty segments for the final merge.
        let out = run(
            root,
            &[
                "index",
                "docs",
                "--index",
                utf8(&index),
                "--commit-every",
                "6",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).contains("240 added"), "{}", stderr(&out));
        assert_eq!(stray_files(&index), Vec::<String>::new(), "round {round}");
        let now = (answers(root, &index), folder_size(&index));
        match &first {
            None => first = Some(now),
            Some((answers, size)) => {
                assert_eq!(&now.0, answers, "round {round}");
                let ratio = now.1 as f64 / *size as f64;
                assert!((0.9..=1.1).contains(&ratio), "round {round}: {ratio}");
            }
        }
    }
    // Growing an index in many small commits merges in the background: the same
    // answers, and nothing left over.
    let index = root.join("grown");
    for part in 0..3 {
        articles(&root.join(format!("grow/p{part}")), 80, "antiguo");
        let out = run(
            root,
            &[
                "index",
                "grow",
                "--index",
                utf8(&index),
                "--commit-every",
                "4",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "part {part}: {}", stderr(&out));
        assert_eq!(stray_files(&index), Vec::<String>::new(), "part {part}");
    }
    let clean = root.join("clean");
    let out = run(root, &["index", "grow", "--index", utf8(&clean)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answers(root, &index), answers(root, &clean));
    assert!(first.is_some());
}

#[test]
fn a_build_killed_in_its_final_merge_is_finished_by_the_next_run() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    articles(&root.join("docs"), 600, "antiguo");
    let clean = root.join("clean");
    let out = run(root, &["index", "docs", "--index", utf8(&clean)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = answers(root, &clean);
    let index = root.join("idx");
    let mut killed_in_merge = false;
    for _attempt in 0..10 {
        let _ = std::fs::remove_dir_all(&index);
        let mut child = lupa(
            root,
            &[
                "index",
                "docs",
                "--index",
                utf8(&index),
                "--commit-every",
                "6",
            ],
        )
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
        // Every document committed in many segments: the final merge is running.
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if committed(&index) == Some((600, true)) {
                break;
            }
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if status.code().is_none() && committed(&index) == Some((600, true)) {
            killed_in_merge = true;
            break;
        }
    }
    assert!(killed_in_merge, "never caught the final merge");
    let out = run(root, &["index", "docs", "--index", utf8(&index)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answers(root, &index), expected);
    assert_eq!(stray_files(&index), Vec::<String>::new());
}

/// The documents the last commit of `index` holds, and whether it has several
/// segments; `None` before the first commit.
fn committed(index: &Path) -> Option<(u64, bool)> {
    let bytes = std::fs::read(index.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let segments = meta["segments"].as_array()?;
    let docs = segments.iter().filter_map(|s| s["max_doc"].as_u64()).sum();
    Some((docs, segments.len() > 1))
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs of `size` (as `mount -o size=` takes it), or says loudly why it
    /// cannot: only root may mount. Set `LUPA_REQUIRE_ROOT=1` (CI does) to make that a
    /// failure instead of a skip.
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().expect("tmp");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match out {
            Ok(out) if out.status.success() => Some(Tmpfs { dir }),
            other => {
                let why = match other {
                    Ok(out) => stderr(&out),
                    Err(e) => e.to_string(),
                };
                if std::env::var_os("LUPA_REQUIRE_ROOT").is_some() {
                    panic!("cannot mount a tmpfs (LUPA_REQUIRE_ROOT is set): {why}");
                }
                eprintln!("SKIPPED: this test needs to mount a small tmpfs (run as root): {why}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(self.dir.path())
            .output()
            .expect("mount");
        assert!(out.status.success(), "remount {options}: {}", stderr(&out));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).output();
    }
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_next_run_finishes_the_job() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    articles(&root.join("docs"), 1500, "antiguo");
    let clean = root.join("clean");
    let out = run(root, &["index", "docs", "--index", utf8(&clean)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = answers(root, &clean);
    // A disk that holds about half of the finished index.
    let Some(disk) = Tmpfs::mount(&(folder_size(&clean) / 2).to_string()) else {
        return;
    };

    let index = disk.path().join("idx");
    let index_arg = utf8(&index);
    let build = [
        "index",
        "docs",
        "--index",
        index_arg,
        "--commit-every",
        "300",
    ];
    let out = run(root, &build);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "lupa: no space left on device while writing the index at {index_arg}; \
             the index is unchanged at its last commit ("
        )),
        "{err}"
    );
    assert!(
        err.contains("free space and run `lupa index` again"),
        "{err}"
    );
    assert!(!err.contains("index writer was killed"), "{err}");
    // The index opens at its last commit, and what the failure wrote is gone.
    let committed_docs: u64 = err
        .split("last commit (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("document count in the message");
    let out = run(root, &["stats", "--index", index_arg, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(stats["documents"].as_u64(), Some(committed_docs));
    assert_eq!(stray_files(&index), Vec::<String>::new());

    // With room again, the next run completes with the answers of a clean build.
    disk.remount("size=64m");
    let out = run(root, &build);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(answers(root, &index), expected);
    assert_eq!(stray_files(&index), Vec::<String>::new());
}

#[test]
fn a_read_only_index_is_searched_and_says_why_it_cannot_be_updated() {
    let Some(disk) = Tmpfs::mount("64m") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    articles(&root.join("docs"), 50, "antiguo");
    let index = disk.path().join("idx");
    let index_arg = utf8(&index);
    let out = run(root, &["index", "docs", "--index", index_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = answers(root, &index);
    disk.remount("ro");
    assert_eq!(answers(root, &index), before);
    let out = run(root, &["stats", "--index", index_arg]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    articles(&root.join("docs/más"), 5, "nuevo");
    for extra in [&[][..], &["--rebuild"][..]] {
        let mut args = vec!["index", "docs", "--index", index_arg];
        args.extend_from_slice(extra);
        let out = run(root, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "the index at {index_arg} is on a read-only file system; the index is \
                 unchanged at its last commit (50 documents) and can still be searched"
            )),
            "{args:?}: {err}"
        );
    }
    assert_eq!(answers(root, &index), before);
}

/// `lupa` run as the user `nobody`, or `None` (said loudly) where this test cannot
/// switch users: that takes root and `setpriv`. `LUPA_REQUIRE_ROOT=1` makes it a
/// failure instead of a skip.
fn as_nobody(cwd: &Path, args: &[&str]) -> Option<Output> {
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_lupa"))
        .args(args)
        .current_dir(cwd)
        .env_remove("LUPA_INDEX")
        // English, whatever the caller's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE")
        .env_remove("LUPA_LANG")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output();
    let why = match out {
        Ok(out) if !stderr(&out).contains("setpriv:") => return Some(out),
        Ok(out) => stderr(&out),
        Err(e) => e.to_string(),
    };
    if std::env::var_os("LUPA_REQUIRE_ROOT").is_some() {
        panic!("cannot run lupa as another user (LUPA_REQUIRE_ROOT is set): {why}");
    }
    eprintln!("SKIPPED: this test runs lupa as `nobody`, which needs root and setpriv: {why}");
    None
}

#[cfg(unix)]
#[test]
fn another_user_searches_the_index_and_is_told_why_it_cannot_write_it() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    articles(&root.join("docs"), 30, "antiguo");
    let out = run(root, &["index", "docs", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&root.join("idx"));
    let Some(out) = as_nobody(root, &["search", "--index", "idx", "--json", "retirada"]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mine = run(root, &["search", "--index", "idx", "--json", "retirada"]);
    assert_eq!(out.stdout, mine.stdout);
    for extra in [&[][..], &["--rebuild"][..]] {
        let mut args = vec!["index", "docs", "--index", "idx"];
        args.extend_from_slice(extra);
        let out = as_nobody(root, &args).expect("ran before");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with(
                "lupa: permission denied while writing the index at idx; the index is \
                 unchanged at its last commit (30 documents); make the folder writable"
            ),
            "{args:?}: {err}"
        );
        assert!(!err.contains("IndexWriter"), "{err}");
    }
    assert_eq!(snapshot(&root.join("idx")), before);
}
