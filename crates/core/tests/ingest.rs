//! Ingestion on real folders: walking, formats, encodings and bad files.

use lupa_core::ingest::{
    decode, plain_text_title, read_file, walk, Day, FileMeta, Metadata, ParsedDoc, ReadFile,
    SkipReason, Skipped, Symlinks, WalkOptions,
};
use proptest::prelude::*;
use std::fs;
use std::path::Path;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Writes `files` (relative path, bytes) under `root`, creating folders.
fn write_files(root: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    for (path, bytes) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)?;
    }
    Ok(())
}

/// All items of a walk, split into files and skipped entries.
fn collect(walk: impl Iterator<Item = Result<FileMeta, Skipped>>) -> (Vec<FileMeta>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for item in walk {
        match item {
            Ok(meta) => files.push(meta),
            Err(skip) => skipped.push(skip),
        }
    }
    (files, skipped)
}

fn rel_paths(files: &[FileMeta]) -> Vec<&str> {
    files.iter().map(|meta| meta.rel_path.as_str()).collect()
}

/// Reads the single file `name` holding `bytes`.
fn read_one(name: &str, bytes: &[u8]) -> Result<ReadFile, Skipped> {
    let dir = tempfile::tempdir().map_err(|e| Skipped::new("tempdir", unreadable(e)))?;
    write_files(dir.path(), &[(name, bytes)]).map_err(|e| Skipped::new(name, unreadable(e)))?;
    let (files, skipped) = collect(walk(dir.path(), &WalkOptions::default()));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(rel_paths(&files), [name]);
    read_file(&files[0])
}

fn unreadable(error: std::io::Error) -> SkipReason {
    SkipReason::Unreadable(error.to_string())
}

/// The single document of a file.
fn single(name: &str, bytes: &[u8]) -> Result<(ParsedDoc, &'static str), Skipped> {
    let mut read = read_one(name, bytes)?;
    assert_eq!(read.docs.len(), 1, "{:?}", read.docs);
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    Ok((read.docs.remove(0), read.encoding))
}

fn skip_reason(name: &str, bytes: &[u8]) -> SkipReason {
    match read_one(name, bytes) {
        Ok(read) => panic!("{name} was read: {read:?}"),
        Err(skipped) => {
            assert_eq!(skipped.path, name);
            skipped.reason
        }
    }
}

#[test]
fn utf8_plain_text() -> TestResult {
    let (doc, encoding) = single(
        "nota.txt",
        "El año de la acción\n\nTexto del artículo.\n".as_bytes(),
    )?;
    assert_eq!(encoding, "UTF-8");
    assert_eq!(doc.id, "nota.txt");
    assert_eq!(doc.title, "El año de la acción");
    // The body keeps the title line, so its words are searchable.
    assert_eq!(doc.body, "El año de la acción\n\nTexto del artículo.\n");
    Ok(())
}

#[test]
fn utf8_with_byte_order_mark() -> TestResult {
    let (doc, encoding) = single("bom.txt", b"\xEF\xBB\xBFa\xC3\xB1o\r\nsegunda")?;
    assert_eq!(encoding, "UTF-8");
    assert_eq!(doc.title, "año");
    assert_eq!(doc.body, "año\nsegunda");
    Ok(())
}

#[test]
fn utf16_with_byte_order_marks() -> TestResult {
    let text = "Canción de otoño\nacción";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    let (doc, encoding) = single("le.txt", &le)?;
    assert_eq!((doc.body.as_str(), encoding), (text, "UTF-16LE"));
    assert_eq!(doc.title, "Canción de otoño");
    let (doc, encoding) = single("be.txt", &be)?;
    assert_eq!((doc.body.as_str(), encoding), (text, "UTF-16BE"));
    Ok(())
}

#[test]
fn windows_1252_curly_quotes_and_euro() -> TestResult {
    let bytes = b"\x93Cuesta 5 \x80\x94 dijo el ni\xF1o\x85\n";
    let (doc, encoding) = single("cp1252.txt", bytes)?;
    assert_eq!(encoding, "windows-1252");
    assert_eq!(doc.body, "“Cuesta 5 €” dijo el niño…\n");
    Ok(())
}

#[test]
fn latin1_reads_ano_not_replacement_characters() -> TestResult {
    let (doc, encoding) = single("latin1.txt", b"a\xF1o\nacci\xF3n")?;
    assert_eq!(encoding, "windows-1252");
    assert_eq!(doc.title, "año");
    assert_eq!(doc.body, "año\nacción");
    assert!(!doc.body.contains('\u{FFFD}'));
    Ok(())
}

#[test]
fn latin9_euro_sign() -> TestResult {
    let (doc, encoding) = single("latin9.txt", b"Precio: 10 \xA4 al a\xF1o")?;
    assert_eq!(encoding, "ISO-8859-15");
    assert_eq!(doc.body, "Precio: 10 € al año");
    Ok(())
}

#[test]
fn markdown_title_and_stripped_syntax() -> TestResult {
    let source = "Intro *breve*.\n\n# La **sequía** en Murcia\n\nUn [enlace](https://x.es) y `código`.\n\n- uno\n- dos\n";
    let (doc, _) = single("notas/Articulo.MD", source.as_bytes())?;
    assert_eq!(doc.id, "notas/Articulo.MD");
    assert_eq!(doc.title, "La sequía en Murcia");
    assert_eq!(
        doc.body,
        "Intro breve.\n\nLa sequía en Murcia\n\nUn enlace y código.\n\nuno\ndos"
    );
    let (doc, _) = single(
        "sin.markdown",
        b"Solo un p\xC3\xA1rrafo.\nSigue aqu\xC3\xAD.",
    )?;
    assert_eq!(doc.title, "Solo un párrafo. Sigue aquí.");
    Ok(())
}

#[test]
fn html_text_without_scripts_with_entities() -> TestResult {
    let page = "<html><head><title>Noticia &amp; más</title><style>h1{}</style>\
        <script>alert('no')</script></head><body><h1>Titular</h1>\
        <p>Caf&eacute; &lt;solo&gt; &#241;</p><noscript>sin js</noscript>\
        <template>oculto</template><div>fin</div></body></html>";
    let (doc, _) = single("pagina.html", page.as_bytes())?;
    assert_eq!(doc.title, "Noticia & más");
    assert_eq!(doc.body, "Titular\n\nCafé <solo> ñ\n\nfin");
    let (doc, _) = single("sin-title.HTM", b"<p>Antes</p><h1>El <b>titular</b></h1>")?;
    assert_eq!(doc.title, "El titular");
    let (doc, _) = single("solo.htm", b"<div>Solo texto aqu\xC3\xAD</div>")?;
    assert_eq!(doc.title, "Solo texto aquí");
    Ok(())
}

#[test]
fn html_with_only_scripts_is_empty() {
    let reason = skip_reason(
        "vacia.html",
        b"<script>var a = 1;</script><style>p{}</style>",
    );
    assert_eq!(reason, SkipReason::Empty);
}

#[test]
fn jsonl_bad_line_is_reported_and_the_rest_indexed() -> TestResult {
    let lines = "{\"id\": 1, \"title\": \"Uno\", \"text\": \"primero\"}\n\
        \n\
        {\"id\": \"dos\", \"body\": \"Segundo texto.\"}\n\
        {esto no es json}\n\
        {\"id\": 4, \"title\": \"sin texto\"}\n\
        {\"text\": \"Sin id.\"}\n";
    let read = read_one("datos/lote.jsonl", lines.as_bytes())?;
    let docs: Vec<_> = read
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.title.as_str(), d.body.as_str()))
        .collect();
    assert_eq!(
        docs,
        [
            ("datos/lote.jsonl#1", "Uno", "primero"),
            ("datos/lote.jsonl#dos", "Segundo texto.", "Segundo texto."),
            ("datos/lote.jsonl#6", "Sin id.", "Sin id."),
        ]
    );
    let lines: Vec<usize> = read
        .warnings
        .iter()
        .map(|w| match w.reason {
            SkipReason::BadLine { line, .. } => line,
            ref other => panic!("{other}"),
        })
        .collect();
    assert_eq!(lines, [4, 5]);
    assert!(read.warnings[0]
        .to_string()
        .starts_with("datos/lote.jsonl: line 4: invalid JSON"));
    assert_eq!(
        read.warnings[1].to_string(),
        "datos/lote.jsonl: line 5: no \"text\" or \"body\" field"
    );
    Ok(())
}

#[test]
fn html_markdown_and_jsonl_give_their_metadata() -> TestResult {
    let page = r#"<!doctype html><html lang="es"><head><title>Riego</title>
        <meta property="og:site_name" content="El Diario">
        <meta property="article:published_time" content="2021-07-26T10:30:00+02:00">
        <link rel="canonical" href="https://eldiario.es/riego">
        <script type="application/ld+json">{"@type": "NewsArticle",
            "author": [{"name": "Ana Pérez"}, {"name": "Luis Gómez"}]}</script>
        </head><body><p>La sequía obliga a cortar el riego.</p></body></html>"#;
    let (doc, _) = single("riego.html", page.as_bytes())?;
    let day = Day::from_ymd(2021, 7, 26);
    assert_eq!(
        doc.meta,
        Metadata {
            date: day,
            author: Some("Ana Pérez, Luis Gómez".into()),
            source: Some("El Diario".into()),
            url: Some("https://eldiario.es/riego".into()),
            lang: Some("es".into()),
        }
    );
    let note = "---\ntitle: Riego\nfecha: lunes, 26 de julio de 2021\nautor: [Ana Pérez]\n\
        fuente: El Diario\n---\n\nLa sequía obliga a cortar el riego.\n";
    let (doc, _) = single("riego.md", note.as_bytes())?;
    assert_eq!(doc.title, "Riego");
    assert_eq!(doc.meta.date, day);
    assert_eq!(doc.meta.author.as_deref(), Some("Ana Pérez"));
    assert_eq!(doc.meta.source.as_deref(), Some("El Diario"));
    let lines = "{\"text\": \"uno\", \"date\": \"26/07/2021\", \"source\": \"El Diario\", \"url\": \"https://x.es/1\"}\n";
    let read = read_one("lote.jsonl", lines.as_bytes())?;
    assert_eq!(read.docs[0].meta.date, day);
    assert_eq!(read.docs[0].meta.url.as_deref(), Some("https://x.es/1"));
    let (doc, _) = single("nota.txt", b"Sin metadatos.")?;
    assert_eq!(doc.meta, Metadata::default());
    Ok(())
}

#[test]
fn an_unreadable_date_is_a_warning_and_the_document_is_indexed() -> TestResult {
    let read = read_one("nota.md", b"---\ndate: ayer\n---\n\nTexto de la nota.")?;
    assert_eq!(read.docs.len(), 1);
    assert_eq!(read.docs[0].body, "Texto de la nota.");
    assert_eq!(read.docs[0].meta.date, None);
    let warnings: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["nota.md: unreadable date \"ayer\" ignored"]);

    let lines = "{\"text\": \"uno\"}\n{\"text\": \"dos\", \"fecha\": \"el otro día\"}\n";
    let read = read_one("lote.jsonl", lines.as_bytes())?;
    assert_eq!(read.docs.len(), 2);
    let warnings: Vec<String> = read.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["lote.jsonl: line 2: unreadable date \"el otro día\" ignored"]
    );

    // A bad date does not make a file without text any less empty.
    let cases: [(&str, &[u8]); 2] = [
        ("vacia.md", b"---\ndate: ayer\n---\n"),
        (
            "vacia.html",
            b"<head><meta name=date content=ayer></head><body> </body>",
        ),
    ];
    for (name, bytes) in cases {
        assert_eq!(skip_reason(name, bytes), SkipReason::Empty, "{name}");
    }
    Ok(())
}

#[test]
fn binary_file_is_skipped() {
    assert_eq!(
        skip_reason("foto.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        SkipReason::Binary
    );
}

#[test]
fn empty_and_blank_files_are_skipped() {
    assert_eq!(skip_reason("vacio.txt", b""), SkipReason::Empty);
    assert_eq!(skip_reason("blanco.md", b"  \n\t\r\n"), SkipReason::Empty);
    assert_eq!(skip_reason("blanco.jsonl", b"\n\n"), SkipReason::Empty);
}

#[test]
fn too_large_file_is_skipped_by_walk_and_by_read() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_files(
        dir.path(),
        &[("grande.txt", &[b'a'; 100]), ("chico.txt", b"hola")],
    )?;
    let options = WalkOptions {
        max_file_size: 10,
        ..WalkOptions::default()
    };
    let (files, skipped) = collect(walk(dir.path(), &options));
    assert_eq!(rel_paths(&files), ["chico.txt"]);
    assert_eq!(
        skipped,
        [Skipped::new(
            "grande.txt",
            SkipReason::TooLarge {
                size: 100,
                limit: 10
            }
        )]
    );
    assert_eq!(
        skipped[0].to_string(),
        "grande.txt: file too large (100 bytes, the limit is 10 bytes)"
    );
    // The file grows after the walk: read_file does not read it whole.
    fs::write(dir.path().join("chico.txt"), [b'b'; 50])?;
    let reason = read_file(&files[0]).map(|_| ()).map_err(|s| s.reason);
    assert!(
        matches!(reason, Err(SkipReason::TooLarge { limit: 10, .. })),
        "{reason:?}"
    );
    Ok(())
}

#[test]
fn hidden_files_and_folders_are_skipped_and_ignore_files_are_not_applied() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_files(
        dir.path(),
        &[
            (".oculto.txt", b"no"),
            (".git/nota.txt", b"no"),
            ("sub/.privado/nota.md", b"no"),
            (".gitignore", b"*.txt\n"),
            (".ignore", b"*.md\n"),
            ("b.txt", b"si"),
            ("a/nota.md", b"si"),
            ("a/z.HTML", b"si"),
            ("a/foto.jpg", b"no"),
            ("c.rs", b"no"),
        ],
    )?;
    let mut walker = walk(dir.path(), &WalkOptions::default());
    let (files, skipped) = collect(walker.by_ref());
    assert!(skipped.is_empty(), "{skipped:?}");
    // Sorted by name, folder by folder.
    assert_eq!(rel_paths(&files), ["a/nota.md", "a/z.HTML", "b.txt"]);
    assert_eq!(walker.unsupported(), 2);
    assert!(files.iter().all(|f| f.size == 2 && f.mtime_ns > 0));
    Ok(())
}

#[test]
fn skip_paths_are_honoured() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_files(
        dir.path(),
        &[
            ("indice/meta.json.txt", b"no"),
            ("otro/nota.txt", b"no"),
            ("articulos/uno.txt", b"si"),
            ("solo.txt", b"no"),
        ],
    )?;
    // One skip path as given, one through another spelling (`x/../`), one a file.
    let options = WalkOptions {
        skip: vec![
            dir.path().join("indice"),
            dir.path().join("articulos/../otro"),
            dir.path().join("solo.txt"),
        ],
        ..WalkOptions::default()
    };
    let (files, skipped) = collect(walk(dir.path(), &options));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(rel_paths(&files), ["articulos/uno.txt"]);
    Ok(())
}

#[test]
fn vanished_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_files(dir.path(), &[("efimero.txt", b"hola")])?;
    let (files, _) = collect(walk(dir.path(), &WalkOptions::default()));
    fs::remove_file(dir.path().join("efimero.txt"))?;
    let error = read_file(&files[0]).map(|_| ()).map_err(|s| s.to_string());
    assert_eq!(
        error,
        Err("efimero.txt: file vanished before it could be read".to_owned())
    );
    Ok(())
}

#[test]
fn the_root_may_be_a_single_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    write_files(dir.path(), &[("sub/solo.txt", b"hola")])?;
    let (files, skipped) = collect(walk(
        &dir.path().join("sub/solo.txt"),
        &WalkOptions::default(),
    ));
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(rel_paths(&files), ["solo.txt"]);
    Ok(())
}

#[test]
fn a_missing_root_is_reported_not_a_panic() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (files, skipped) = collect(walk(&dir.path().join("no-existe"), &WalkOptions::default()));
    assert!(files.is_empty());
    assert_eq!(skipped.len(), 1);
    assert!(
        matches!(skipped[0].reason, SkipReason::Unreadable(_)),
        "{skipped:?}"
    );
    Ok(())
}

#[test]
fn long_first_line_title_rule() -> TestResult {
    // Up to 160 characters: the line as it is.
    let line = format!("{} fin", "ñ".repeat(156));
    assert_eq!(line.chars().count(), 160);
    let (doc, _) = single("corta.txt", format!("{line}\nresto").as_bytes())?;
    assert_eq!(doc.title, line);

    // Longer: the first sentence, when it is short enough.
    let text = format!("Acción en la cuenca del Segura. {}", "palabra ".repeat(40));
    assert_eq!(plain_text_title(&text), "Acción en la cuenca del Segura.");

    // A long first sentence: cut at a word before 120 characters, with an ellipsis.
    let text = format!("{}y sigue. Otra.", "camión acción ".repeat(20));
    let title = plain_text_title(&text);
    assert!(title.ends_with('…'), "{title}");
    let kept = title.trim_end_matches('…');
    assert!(kept.chars().count() <= 120, "{title}");
    assert!(text.starts_with(kept), "{title}");
    let next = text[kept.len()..].chars().next();
    assert_eq!(next, Some(' '), "cut inside a word: {title}");
    Ok(())
}

#[test]
fn decode_is_usable_alone() {
    assert_eq!(decode(b"a\xF1o"), Ok(("año".to_owned(), "windows-1252")));
    assert_eq!(decode(b"\0\0"), Err(SkipReason::Binary));
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::symlink;

    /// Walks `root` following `symlinks`: (listed paths, (skipped path, reason)).
    fn walk_with(root: &Path, symlinks: Symlinks) -> (Vec<String>, Vec<(String, SkipReason)>) {
        let options = WalkOptions {
            symlinks,
            ..WalkOptions::default()
        };
        let (files, skipped) = collect(walk(root, &options));
        let mut skipped: Vec<_> = skipped.into_iter().map(|s| (s.path, s.reason)).collect();
        skipped.sort_by(|a, b| a.0.cmp(&b.0));
        let files = files.into_iter().map(|f| f.rel_path).collect();
        (files, skipped)
    }

    /// A folder `docs` with a link to a file and a link to a folder outside it, a link
    /// to a file inside it, a link to a folder inside it, a loop and a broken link.
    fn linked_folder() -> Result<tempfile::TempDir, Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        write_files(
            tmp.path(),
            &[
                ("docs/nota.txt", b"hola"),
                ("docs/sub/real.md", b"# Real"),
                ("fuera/secreto.txt", b"privado"),
                ("fuera/carpeta/otro.txt", b"privado"),
            ],
        )?;
        let docs = tmp.path().join("docs");
        symlink(
            tmp.path().join("fuera/secreto.txt"),
            docs.join("secreto.txt"),
        )?;
        symlink(tmp.path().join("fuera/carpeta"), docs.join("carpeta"))?;
        symlink(docs.join("sub/real.md"), docs.join("enlace.md"))?;
        symlink(docs.join("sub"), docs.join("atajo"))?;
        symlink(&docs, docs.join("sub/bucle"))?;
        symlink(docs.join("nada.txt"), docs.join("roto.txt"))?;
        // A link to a file Lupa does not read is passed over silently.
        symlink(tmp.path().join("fuera/secreto.txt"), docs.join("foto.jpg"))?;
        Ok(tmp)
    }

    #[test]
    fn symlinks_are_not_followed_by_default() -> TestResult {
        let tmp = linked_folder()?;
        let (files, skipped) = walk_with(&tmp.path().join("docs"), Symlinks::Skip);
        assert_eq!(files, ["nota.txt", "sub/real.md"]);
        let not_followed = SkipReason::SymlinkNotFollowed;
        let expected: Vec<(String, SkipReason)> = [
            "atajo",
            "carpeta",
            "enlace.md",
            "roto.txt",
            "secreto.txt",
            "sub/bucle",
        ]
        .into_iter()
        .map(|p| (p.to_string(), not_followed.clone()))
        .collect();
        assert_eq!(skipped, expected);
        Ok(())
    }

    #[test]
    fn follow_stays_inside_the_folder() -> TestResult {
        let tmp = linked_folder()?;
        let (files, skipped) = walk_with(&tmp.path().join("docs"), Symlinks::Inside);
        assert_eq!(
            files,
            ["atajo/real.md", "enlace.md", "nota.txt", "sub/real.md"]
        );
        assert_eq!(
            skipped,
            [
                (
                    "atajo/bucle".to_string(),
                    SkipReason::SymlinkLoop {
                        ancestor: "docs".to_string()
                    }
                ),
                ("carpeta".to_string(), SkipReason::OutsideFolder),
                ("roto.txt".to_string(), SkipReason::BrokenSymlink),
                ("secreto.txt".to_string(), SkipReason::OutsideFolder),
                (
                    "sub/bucle".to_string(),
                    SkipReason::SymlinkLoop {
                        ancestor: "docs".to_string()
                    }
                ),
            ]
        );
        Ok(())
    }

    #[test]
    fn follow_outside_follows_every_link_and_a_loop_ends() -> TestResult {
        let tmp = linked_folder()?;
        let (files, skipped) = walk_with(&tmp.path().join("docs"), Symlinks::Anywhere);
        assert_eq!(
            files,
            [
                "atajo/real.md",
                "carpeta/otro.txt",
                "enlace.md",
                "nota.txt",
                "secreto.txt",
                "sub/real.md"
            ]
        );
        let reasons: Vec<&str> = skipped.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(reasons, ["atajo/bucle", "roto.txt", "sub/bucle"]);
        let read = read_file(
            &walk(
                &tmp.path().join("docs"),
                &WalkOptions {
                    symlinks: Symlinks::Anywhere,
                    ..WalkOptions::default()
                },
            )
            .filter_map(Result::ok)
            .find(|f| f.rel_path == "secreto.txt")
            .ok_or("secreto.txt not listed")?,
        )?;
        assert_eq!(read.docs[0].body, "privado");
        Ok(())
    }

    #[test]
    fn links_into_a_skipped_folder_stay_out() -> TestResult {
        let dir = tempfile::tempdir()?;
        write_files(
            dir.path(),
            &[("a/nota.txt", b"hola"), ("fuera/real.md", b"# Real")],
        )?;
        symlink(dir.path().join("fuera"), dir.path().join("a/enlace"))?;
        let options = WalkOptions {
            skip: vec![dir.path().join("fuera")],
            symlinks: Symlinks::Inside,
            ..WalkOptions::default()
        };
        let (files, skipped) = collect(walk(dir.path(), &options));
        assert_eq!(rel_paths(&files), ["a/nota.txt"]);
        assert!(skipped.is_empty(), "{skipped:?}");
        Ok(())
    }

    #[test]
    fn non_utf8_file_name_is_listed_lossily_and_read() -> TestResult {
        let dir = tempfile::tempdir()?;
        let name = OsStr::from_bytes(b"a\xF1o.txt");
        fs::write(dir.path().join(name), "contenido")?;
        let (files, skipped) = collect(walk(dir.path(), &WalkOptions::default()));
        assert!(skipped.is_empty(), "{skipped:?}");
        assert_eq!(rel_paths(&files), ["a\u{FFFD}o.txt"]);
        let read = read_file(&files[0])?;
        assert_eq!(read.docs[0].id, "a\u{FFFD}o.txt");
        assert_eq!(read.docs[0].body, "contenido");

        // A second name that shows the same way is reported, not listed twice.
        fs::write(dir.path().join(OsStr::from_bytes(b"a\xF2o.txt")), "otro")?;
        let (files, skipped) = collect(walk(dir.path(), &WalkOptions::default()));
        assert_eq!(rel_paths(&files), ["a\u{FFFD}o.txt"]);
        assert_eq!(
            skipped,
            [Skipped::new("a\u{FFFD}o.txt", SkipReason::PathCollision)]
        );
        Ok(())
    }

    #[test]
    fn unreadable_file_is_skipped() -> TestResult {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        write_files(dir.path(), &[("cerrado.txt", b"secreto")])?;
        let path = dir.path().join("cerrado.txt");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000))?;
        if fs::read(&path).is_ok() {
            // Running as root: permissions do not apply.
            return Ok(());
        }
        let (files, _) = collect(walk(dir.path(), &WalkOptions::default()));
        let reason = read_file(&files[0]).map(|_| ()).map_err(|s| s.reason);
        assert!(
            matches!(reason, Err(SkipReason::Unreadable(_))),
            "{reason:?}"
        );
        Ok(())
    }
}

proptest! {
    #[test]
    fn plain_text_title_is_bounded(text in "\\PC{0,400}", lines in proptest::collection::vec("[a-zñáé .!?…\u{301}\t]{0,300}", 0..4)) {
        for input in [text.clone(), lines.join("\n"), format!("{text}\n{}", lines.join("\r\n"))] {
            let title = plain_text_title(&input);
            prop_assert!(title.chars().count() <= 161, "{} chars: {title:?}", title.chars().count());
            prop_assert_eq!(title.trim(), title.as_str());
        }
    }

    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&bytes);
    }
}

#[test]
fn lupaignore_leaves_out_what_it_lists() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    std::fs::create_dir(root.join("borradores")).expect("mkdir");
    std::fs::write(root.join(".lupaignore"), "README.md\nborradores/\n").expect("write");
    std::fs::write(root.join("README.md"), "# Sobre esta carpeta\n").expect("write");
    std::fs::write(root.join("nota.txt"), "Una nota\n").expect("write");
    std::fs::write(root.join("borradores/b.txt"), "Borrador\n").expect("write");
    let found: Vec<String> = lupa_core::ingest::walk(root, &Default::default())
        .filter_map(Result::ok)
        .map(|m| m.rel_path)
        .collect();
    assert_eq!(found, ["nota.txt"]);
}
