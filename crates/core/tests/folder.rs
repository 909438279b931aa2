//! The folder an index lives in: Lupa writes only into new, empty or Lupa folders,
//! deletes only the index's own files, and replaces an index atomically.

use lupa_core::{Error, Index, SearchOptions, SyncOptions, MARKER};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("prefix").to_path_buf();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// A folder of a user's own: a note and a folder of photos.
fn users_folder(root: &Path) -> PathBuf {
    let notes = root.join("notes");
    write(&notes, "notas.txt", "Mis notas: comprar pan.");
    write(&notes, "fotos/playa.jpg", "\u{FF}\u{D8} no es una foto");
    notes
}

fn articles(root: &Path) -> PathBuf {
    let docs = root.join("docs");
    write(
        &docs,
        "irak.txt",
        "Retirada de Irak\n\nLas tropas se retiran de Irak.",
    );
    write(
        &docs,
        "murcia.txt",
        "Riego en Murcia\n\nLa sequía llega a la huerta.",
    );
    docs
}

fn ids(index: &Index, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = index
        .search(query, &SearchOptions::default())
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

fn rebuild(path: &Path, folder: &Path) -> lupa_core::Result<Index> {
    Index::rebuild(path, folder, &SyncOptions::default(), &mut |_| {}).map(|(index, _)| index)
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().expect("tmp");
    let notes = users_folder(tmp.path());
    let docs = articles(tmp.path());
    let before = snapshot(&notes);
    let attempts: [(&str, lupa_core::Result<Index>); 4] = [
        ("create", Index::create(&notes)),
        ("open_or_create", Index::open_or_create(&notes)),
        ("recreate", Index::recreate(&notes)),
        ("rebuild", rebuild(&notes, &docs)),
    ];
    for (what, result) in attempts {
        match result {
            Err(e @ Error::ForeignFolder { .. }) => {
                let message = e.to_string();
                assert!(message.contains("notes"), "{what}: {message}");
                assert!(message.contains("notas.txt"), "{what}: {message}");
                assert!(message.contains("fotos/"), "{what}: {message}");
                assert!(message.contains("--index"), "{what}: {message}");
            }
            other => panic!("{what}: {other:?}"),
        }
        assert_eq!(snapshot(&notes), before, "{what} touched the user's files");
    }
    // Searching such a folder finds no index, and writes nothing either.
    assert!(matches!(
        Index::open(&notes),
        Err(Error::IndexNotFound { .. })
    ));
    assert_eq!(snapshot(&notes), before);
}

#[test]
fn an_index_is_made_in_a_new_or_empty_folder_and_carries_the_marker() {
    let tmp = tempfile::tempdir().expect("tmp");
    let empty = tmp.path().join("vacía");
    std::fs::create_dir(&empty).expect("mkdir");
    for path in [tmp.path().join("nueva/idx"), empty] {
        let index = Index::create(&path).expect("create");
        assert!(path.join(MARKER).is_file());
        let marker: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path.join(MARKER)).expect("read")).expect("json");
        assert_eq!(marker["format"], 1);
        assert!(marker["analyzer_version"].as_u64().is_some());
        drop(index);
        assert!(matches!(
            Index::create(&path),
            Err(Error::IndexExists { .. })
        ));
        Index::open_or_create(&path).expect("opens");
    }
}

#[test]
fn rebuild_replaces_the_index_and_keeps_the_users_files_beside_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = articles(tmp.path());
    let path = tmp.path().join("idx");
    let index = Index::open_or_create(&path).expect("create");
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    // A synonyms file the user keeps beside the index is the user's.
    std::fs::write(path.join("synonyms.txt"), "riego, regadío\n").expect("write");
    assert_eq!(ids(&index, "Irak"), ["irak.txt"]);

    std::fs::remove_file(docs.join("irak.txt")).expect("rm");
    write(&docs, "siria.txt", "Siria\n\nLas tropas entran en Siria.");
    let index = rebuild(&path, &docs).expect("rebuild");
    assert!(ids(&index, "Irak").is_empty());
    assert_eq!(ids(&index, "tropas"), ["siria.txt"]);
    assert_eq!(
        std::fs::read_to_string(path.join("synonyms.txt")).expect("kept"),
        "riego, regadío\n"
    );
    // Nothing of the rebuild is left over, and only the new index's files remain.
    assert!(!path.join(".lupa-rebuild").exists());
    let reopened = Index::open(&path).expect("open");
    assert_eq!(reopened.stats().expect("stats").documents, 2);
    let size_after_rebuild = reopened.stats().expect("stats").size_bytes;
    let fresh = tmp.path().join("fresh");
    let clean = rebuild(&fresh, &docs).expect("fresh build");
    let clean_size = clean.stats().expect("stats").size_bytes;
    assert!(
        size_after_rebuild as f64 <= clean_size as f64 * 1.1 + 4096.0,
        "{size_after_rebuild} bytes after the rebuild, {clean_size} for a clean build"
    );
}

#[test]
fn rebuild_replaces_an_index_this_version_cannot_open() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = articles(tmp.path());
    let path = tmp.path().join("idx");
    let index = Index::create(&path).expect("create");
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    drop(index);
    // Make it look like an index of another analyzer version.
    let meta = std::fs::read_to_string(path.join("meta.json")).expect("meta");
    let mut meta: serde_json::Value = serde_json::from_str(&meta).expect("json");
    let payload = meta["payload"].as_str().expect("payload").to_string();
    let mut info: serde_json::Value = serde_json::from_str(&payload).expect("info");
    info["analyzer_version"] = 1.into();
    meta["payload"] = info.to_string().into();
    std::fs::write(path.join("meta.json"), meta.to_string()).expect("write");
    assert!(matches!(
        Index::open(&path),
        Err(Error::IncompatibleVersion { found: 1, .. })
    ));
    let index = rebuild(&path, &docs).expect("rebuild");
    assert_eq!(ids(&index, "sequia"), ["murcia.txt"]);
}

#[test]
fn an_index_from_before_the_marker_is_still_lupas() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = articles(tmp.path());
    let path = tmp.path().join("idx");
    let index = Index::create(&path).expect("create");
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    drop(index);
    std::fs::remove_file(path.join(MARKER)).expect("rm marker");
    let index = Index::open_or_create(&path).expect("opens");
    assert_eq!(ids(&index, "Irak"), ["irak.txt"]);
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    assert!(path.join(MARKER).is_file(), "the first writer marks it");
    rebuild(&path, &docs).expect("rebuild");
}

#[test]
fn a_rebuild_is_refused_while_another_writer_runs() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = articles(tmp.path());
    let path = tmp.path().join("idx");
    let index = Index::create(&path).expect("create");
    let writer = index.writer().expect("writer");
    assert!(matches!(rebuild(&path, &docs), Err(Error::Locked { .. })));
    drop(writer);
    rebuild(&path, &docs).expect("rebuild");
}
