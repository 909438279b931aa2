//! Indexing folders through the library: formats, encodings, bad files, incremental
//! sync, versions, locks and what searches see.

use lupa_core::{Error, Index, SearchOptions, SkipReason, SyncOptions};
use std::path::Path;

fn write(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

fn sync(index: &Index, root: &Path) -> lupa_core::SyncReport {
    index
        .sync(root, &SyncOptions::default(), &mut |_| {})
        .expect("sync")
}

fn ids(index: &Index, q: &str) -> Vec<String> {
    let mut ids: Vec<String> = index
        .search(
            q,
            &SearchOptions {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    ids.sort();
    ids
}

/// A folder with every kind of file Lupa reads, and some it must skip.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    write(
        root,
        "noticia.txt",
        "Retirada de Irak\n\nLas tropas dejan el país.".as_bytes(),
    );
    write(
        root,
        "latin1.txt",
        b"El a\xf1o de la acci\xf3n\n\nCampa\xf1a en Espa\xf1a.",
    );
    write(
        root,
        "pagina.html",
        b"<html><head><title>Crisis en Siria</title><script>var secreto = 'xyzzy';</script>\
          <style>.a{}</style></head><body><h1>Siria</h1><p>La ONU alerta &amp; pide ayuda.</p></body></html>",
    );
    write(
        root,
        "notas/apunte.md",
        "# Asesoría técnica\n\nLa **asesoría** continúa.".as_bytes(),
    );
    write(
        root,
        "lineas.jsonl",
        "{\"id\": 1, \"title\": \"Primera\", \"text\": \"Un pingüino en la playa.\"}\n\
          no es json\n\
          {\"id\": \"b\", \"body\": \"Sin título: la peña del pueblo.\"}\n"
            .as_bytes(),
    );
    write(root, "binario.txt", &[0, 1, 2, 3, 0, 0xff, 0xfe, 0]);
    write(root, "vacio.txt", b"");
    write(root, ".oculto.txt", b"No debe indexarse.");
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("notas/bucle")).expect("symlink");
    dir
}

#[test]
fn a_folder_of_every_format() {
    let dir = folder();
    let index = Index::create_in_ram().expect("index");
    let report = sync(&index, dir.path());
    assert_eq!(report.added, 5, "{report:?}");
    assert_eq!(report.documents, 6, "two JSONL lines are documents");
    let mut skipped: Vec<(String, String)> = report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect();
    skipped.sort();
    let names: Vec<&str> = skipped.iter().map(|(p, _)| p.as_str()).collect();
    #[cfg(unix)]
    assert_eq!(
        names,
        ["binario.txt", "notas/bucle", "vacio.txt"],
        "{skipped:?}"
    );
    assert!(report
        .skipped
        .iter()
        .any(|s| matches!(s.reason, SkipReason::Binary)));
    assert!(report
        .skipped
        .iter()
        .any(|s| matches!(s.reason, SkipReason::Empty)));
    assert_eq!(report.warnings.len(), 1, "the bad JSONL line");
    assert!(
        report.warnings[0].to_string().contains("line 2"),
        "{}",
        report.warnings[0]
    );

    // Latin-1 reads as Spanish.
    assert_eq!(ids(&index, "año"), ["latin1.txt"]);
    assert_eq!(ids(&index, "campaña"), ["latin1.txt"]);
    // HTML: the text, entities decoded, never the script.
    assert_eq!(ids(&index, "ONU"), ["pagina.html"]);
    assert!(ids(&index, "xyzzy").is_empty());
    let r = index
        .search("title:siria", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.hits[0].title, "Crisis en Siria");
    // Markdown: its heading is the title; syntax is gone from the text.
    let r = index
        .search("asesoria", &SearchOptions::default())
        .expect("search");
    assert_eq!(r.hits[0].id, "notas/apunte.md");
    assert_eq!(r.hits[0].title, "Asesoría técnica");
    assert!(
        !r.hits[0].snippet.text.contains("**"),
        "{}",
        r.hits[0].snippet.text
    );
    // JSONL: one document per good line, identified by file and id.
    assert_eq!(ids(&index, "pinguino"), ["lineas.jsonl#1"]);
    assert_eq!(ids(&index, "peña"), ["lineas.jsonl#b"]);
    // Hidden files stay out.
    assert!(ids(&index, "indexarse").is_empty());
}

#[test]
fn sync_adds_replaces_and_removes() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    write(
        root,
        "a.txt",
        "Primera\n\nLa retirada de las tropas.".as_bytes(),
    );
    write(root, "b.txt", "Segunda\n\nEl año de la acción.".as_bytes());
    write(
        root,
        "c.txt",
        "Tercera\n\nUna noticia deportiva.".as_bytes(),
    );
    let index = Index::create_in_ram().expect("index");
    let first = sync(&index, root);
    assert_eq!(
        (first.added, first.updated, first.removed, first.unchanged),
        (3, 0, 0, 0)
    );

    let again = sync(&index, root);
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 3)
    );
    assert!(!again.changed());

    // A changed file (new size), a removed one, a new one.
    write(
        root,
        "a.txt",
        "Primera\n\nEl fin de las misiones de combate.".as_bytes(),
    );
    std::fs::remove_file(root.join("c.txt")).expect("rm");
    write(root, "d.txt", "Cuarta\n\nEl pingüino.".as_bytes());
    let third = sync(&index, root);
    assert_eq!(
        (third.added, third.updated, third.removed, third.unchanged),
        (1, 1, 1, 1)
    );
    assert!(
        ids(&index, "retirada").is_empty(),
        "the old text of a.txt is gone"
    );
    assert_eq!(ids(&index, "misiones"), ["a.txt"]);
    assert!(ids(&index, "deportiva").is_empty());
    assert_eq!(ids(&index, "pinguino"), ["d.txt"]);

    // Same content, new modification time: confirmed unchanged by its hash.
    let file = std::fs::File::options()
        .append(true)
        .open(root.join("b.txt"))
        .expect("open");
    file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .expect("touch");
    let touched = sync(&index, root);
    assert_eq!(
        (touched.added, touched.updated, touched.unchanged),
        (0, 0, 3)
    );
    assert_eq!(ids(&index, "accion"), ["b.txt"]);
}

#[test]
fn a_build_from_scratch_ends_in_one_segment_and_keeps_its_record() {
    let dir = tempfile::tempdir().expect("tmp");
    for n in 0..5 {
        write(
            dir.path(),
            &format!("f{n}.txt"),
            format!("Título {n}\n\nLa retirada número {n}.").as_bytes(),
        );
    }
    let place = tempfile::tempdir().expect("tmp");
    let path = place.path().join("idx");
    let index = Index::create(&path).expect("create");
    // A commit per file: five segments before the final merge.
    let options = SyncOptions {
        commit_every: 1,
        ..Default::default()
    };
    let report = index.sync(dir.path(), &options, &mut |_| {}).expect("sync");
    assert_eq!(report.added, 5);
    let stats = index.stats().expect("stats");
    assert_eq!((stats.documents, stats.segments), (5, 1));
    assert_eq!(ids(&index, "retirada").len(), 5);
    drop(index);
    let index = Index::open(&path).expect("open");
    let info = index.info().expect("info");
    assert!(info.root.is_some() && info.last_sync.is_some());
    assert_eq!(index.stats().expect("stats").segments, 1);
    // A later sync of one changed file adds a segment; it does not rewrite the index.
    write(dir.path(), "f0.txt", b"Otro\n\nCambiado.");
    let report = index.sync(dir.path(), &options, &mut |_| {}).expect("sync");
    assert_eq!(report.updated, 1);
    assert_eq!(index.stats().expect("stats").segments, 2);
    assert_eq!(ids(&index, "retirada").len(), 4);
}

#[test]
fn index_on_disk_records_its_folder_and_reopens() {
    let dir = folder();
    let place = tempfile::tempdir().expect("tmp");
    let path = place.path().join("idx");
    let index = Index::create(&path).expect("create");
    sync(&index, dir.path());
    drop(index);
    let index = Index::open(&path).expect("open");
    let info = index.info().expect("info");
    assert_eq!(
        info.root.as_deref(),
        Some(dir.path().canonicalize().expect("canonical").as_path())
    );
    assert!(info.last_sync.is_some());
    assert_eq!(ids(&index, "ONU"), ["pagina.html"]);
}

#[test]
fn missing_and_incompatible_indexes_are_clear_errors() {
    let place = tempfile::tempdir().expect("tmp");
    let missing = place.path().join("nada");
    assert!(matches!(
        Index::open(&missing),
        Err(Error::IndexNotFound { .. })
    ));

    let path = place.path().join("idx");
    Index::create(&path).expect("create");
    // Pretend an older Lupa wrote it.
    let meta = path.join("meta.json");
    let text = std::fs::read_to_string(&meta).expect("meta");
    let current = format!(
        "\\\"analyzer_version\\\":{}",
        lupa_core::analysis::ANALYZER_VERSION
    );
    assert!(text.contains(&current), "{text}");
    std::fs::write(&meta, text.replace(&current, "\\\"analyzer_version\\\":1")).expect("write");
    let err = Index::open(&path).expect_err("incompatible");
    assert!(
        matches!(err, Error::IncompatibleVersion { found: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("--rebuild"), "{err}");
}

#[test]
fn a_second_writer_is_refused_and_readers_see_the_last_commit() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "a.txt", b"Una\n\nLa retirada.");
    let place = tempfile::tempdir().expect("tmp");
    let path = place.path().join("idx");
    let index = Index::create(&path).expect("create");
    sync(&index, dir.path());

    let mut writer = index.writer().expect("first writer");
    let other = Index::open(&path).expect("second handle");
    let err = other.writer().expect_err("second writer");
    assert!(matches!(err, Error::Locked { .. }), "{err}");
    assert!(err.to_string().contains(".tantivy-writer.lock"), "{err}");
    let err = other
        .sync(dir.path(), &SyncOptions::default(), &mut |_| {})
        .expect_err("sync while locked");
    assert!(matches!(err, Error::Locked { .. }), "{err}");

    // Uncommitted changes are invisible; committed ones appear.
    writer.delete_file("a.txt");
    assert_eq!(ids(&other, "retirada"), ["a.txt"]);
    writer.commit(&index.info().expect("info")).expect("commit");
    other.reload().expect("reload");
    assert!(ids(&other, "retirada").is_empty());
}

#[test]
fn a_folder_that_is_not_there() {
    let index = Index::create_in_ram().expect("index");
    let err = index
        .sync(
            Path::new("/no/such/folder"),
            &SyncOptions::default(),
            &mut |_| {},
        )
        .expect_err("no folder");
    assert!(matches!(err, Error::BadFolder { .. }), "{err}");
    assert!(err.to_string().contains("/no/such/folder"), "{err}");
}
