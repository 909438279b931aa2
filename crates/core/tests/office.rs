//! Word, OpenDocument and EPUB files as LibreOffice writes them (made by
//! `tests/data/office/make.sh` from our own Spanish text), and hostile ones: a zip
//! bomb named `.docx`, damaged and encrypted files. Each is read or skipped with a
//! reason; nothing panics, and a search finds what the readable ones say.

use lupa_core::ingest::{read_bytes, Format, ParsedDoc, SkipReason};
use lupa_core::{Index, SearchOptions, SyncOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/office")
        .join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn format(name: &str) -> Format {
    Format::from_path(Path::new(name)).unwrap_or_else(|| panic!("no format for {name}"))
}

fn read(name: &str, bytes: Vec<u8>) -> Result<ParsedDoc, SkipReason> {
    let mut read = read_bytes(name, format(name), bytes).map_err(|s| s.reason)?;
    assert_eq!(read.docs.len(), 1);
    assert!(read.warnings.is_empty());
    Ok(read.docs.remove(0))
}

/// The paragraphs of the source text, as every format must give them back.
const PARAGRAPHS: &[&str] = &[
    "Irak y Estados Unidos acuerdan la retirada",
    "El gobierno de Irak anunció el jueves un acuerdo con EE.UU. para la retirada gradual de las tropas extranjeras del país, tras años de presencia militar.",
    "Reacciones en Bagdad",
    "En las calles de Bagdad, la noticia se recibió con cautela: «Esperamos que la retirada traiga paz», dijo un vecino del barrio de Karrada.",
    "El ornitorrinco no tiene nada que ver con esta noticia, pero la ñ de año sí.",
];

#[test]
fn docx_odt_and_epub_give_the_text_paragraph_by_paragraph_and_the_metadata_title() {
    for name in [
        "retirada.docx",
        "retirada.odt",
        "retirada.epub",
        "retirada.pdf",
    ] {
        let doc = read(name, bytes(name)).unwrap_or_else(|r| panic!("{name}: {r}"));
        // A PDF keeps the lines of its layout: a paragraph's lines are joined here.
        let body = if name.ends_with(".pdf") {
            doc.body
                .split("\n\n")
                .map(|p| p.replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\n\n")
        } else {
            doc.body.clone()
        };
        assert_eq!(doc.id, name);
        assert_eq!(
            doc.title, "Acuerdo para la retirada de las tropas",
            "{name}"
        );
        assert!(!doc.title_is_excerpt);
        let paragraphs: Vec<&str> = body.split("\n\n").map(str::trim).collect();
        for p in PARAGRAPHS {
            assert!(
                paragraphs.contains(p),
                "{name}: no paragraph {p:?} in {body:?}"
            );
        }
        // The list items are there, each on its own.
        for item in ["Plazo: doce meses.", "Asesores: permanecerán en Erbil."] {
            assert!(doc.body.contains(item), "{name}: {:?}", doc.body);
        }
        // No markup, no style names, no metadata in the text.
        for junk in ["<", "w:", "Heading", "TextBody", "stylesheet"] {
            assert!(
                !doc.body.contains(junk),
                "{name}: {junk:?} in {:?}",
                doc.body
            );
        }
    }
}

#[test]
fn without_a_metadata_title_the_first_line_is_the_title() {
    let doc = read("nota.docx", bytes("nota.docx")).expect("nota.docx");
    assert_eq!(doc.title, "Nota sin título de metadatos");
    assert!(doc.body.contains("El quebrantahuesos vuela sobre Huesca."));
}

#[test]
fn encrypted_files_are_skipped_as_encrypted() {
    for name in ["protegido.docx", "protegido.odt", "protegido.pdf"] {
        assert_eq!(
            read(name, bytes(name)),
            Err(SkipReason::Encrypted),
            "{name}"
        );
    }
}

/// A zip whose `entry` unpacks to `size` bytes of spaces inside `prefix` and `suffix`.
fn bomb(entry: &str, prefix: &str, size: usize, suffix: &str) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file(entry, zip::write::SimpleFileOptions::default())
        .expect("start");
    out.write_all(prefix.as_bytes()).expect("write");
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..size >> 20 {
        out.write_all(&spaces).expect("write");
    }
    out.write_all(suffix.as_bytes()).expect("write");
    out.finish().expect("finish").into_inner()
}

#[test]
fn a_zip_bomb_named_docx_is_skipped_without_unpacking_it() {
    // 256 MiB of XML in a quarter of a megabyte.
    let bytes = bomb(
        "word/document.xml",
        "<w:document><w:body><w:p><w:r><w:t>",
        256 << 20,
        "</w:t></w:r></w:p></w:body></w:document>",
    );
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    match read("bomba.docx", bytes) {
        Err(SkipReason::Damaged {
            format: "DOCX",
            why,
        }) => {
            assert!(why.contains("zip bomb"), "{why}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn damaged_files_are_skipped_with_what_is_wrong() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // Cut in half: the zip's directory is at its end.
        (
            "cortado.docx",
            {
                let b = bytes("retirada.docx");
                b[..b.len() / 2].to_vec()
            },
            "zip",
        ),
        ("texto.odt", b"esto no es un ODT".to_vec(), "zip"),
        ("vacio.epub", Vec::new(), "zip"),
        // A zip without the part that holds the text.
        (
            "sin-documento.docx",
            {
                let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                out.start_file("otra.xml", zip::write::SimpleFileOptions::default())
                    .expect("start");
                out.write_all(b"<a/>").expect("write");
                out.finish().expect("finish").into_inner()
            },
            "word/document.xml",
        ),
        // Its text part is not well-formed XML.
        (
            "mal.odt",
            {
                let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                out.start_file("content.xml", zip::write::SimpleFileOptions::default())
                    .expect("start");
                out.write_all(
                    b"<office:document-content><text:p>abierto</office:document-content>",
                )
                .expect("write");
                out.finish().expect("finish").into_inner()
            },
            "content.xml",
        ),
        // An old Word file renamed.
        (
            "viejo.docx",
            {
                let mut b = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
                b.extend_from_slice(&[0; 512]);
                b
            },
            "older Office format",
        ),
    ];
    for (name, bytes, says) in cases {
        match read(name, bytes) {
            Err(SkipReason::Damaged { why, .. }) => {
                assert!(why.contains(says), "{name}: {why}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn a_pdf_without_text_is_skipped_as_having_no_text_layer_and_a_cut_one_as_damaged() {
    // One page with a drawn rectangle and no text, as a scan without OCR is.
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    let content = "0 0 1 rg 10 10 100 50 re f";
    for object in [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ] {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", offsets.len()));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        offsets.len() + 1
    ));
    for offset in &offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    ));
    assert_eq!(
        read("escaneado.pdf", pdf.into_bytes()),
        Err(SkipReason::NoTextLayer)
    );

    let whole = bytes("retirada.pdf");
    let cut = whole[..whole.len() / 2].to_vec();
    assert!(matches!(
        read("cortado.pdf", cut),
        Err(SkipReason::Damaged { format: "PDF", .. })
    ));
}

#[test]
fn a_folder_with_office_files_and_hostile_ones_is_indexed_and_searched() {
    let folder = tempfile::tempdir().expect("tempdir");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    for name in [
        "retirada.docx",
        "retirada.odt",
        "retirada.epub",
        "retirada.pdf",
        "nota.docx",
    ] {
        std::fs::copy(data(name), docs.join(name)).expect("copy");
    }
    std::fs::copy(data("protegido.docx"), docs.join("protegido.docx")).expect("copy");
    std::fs::write(
        docs.join("bomba.docx"),
        bomb("word/document.xml", "<w:t>", 64 << 20, ""),
    )
    .expect("write");
    std::fs::write(
        docs.join("nota.txt"),
        "Una nota de texto sobre el ornitorrinco.\n",
    )
    .expect("write");

    let index = Index::create(&folder.path().join("idx")).expect("create");
    let report = index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    assert_eq!(report.added, 6, "{report:?}");
    let mut skipped: Vec<(String, String)> = report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect();
    skipped.sort();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].0, "bomba.docx");
    assert!(skipped[0].1.contains("zip bomb"), "{skipped:?}");
    assert_eq!(skipped[1].0, "protegido.docx");
    assert!(skipped[1].1.contains("encrypted"), "{skipped:?}");

    let options = SearchOptions::default();
    let found = index.search("ornitorrinco", &options).expect("search");
    let mut ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "nota.txt",
            "retirada.docx",
            "retirada.epub",
            "retirada.odt",
            "retirada.pdf"
        ]
    );
    let phrase = index
        .search("\"retirada gradual de las tropas\"", &options)
        .expect("search");
    // The PDF breaks this phrase across two lines, which a phrase still matches.
    assert_eq!(phrase.total, 4, "{:?}", phrase.hits);
    let quebranta = index.search("quebrantahuesos", &options).expect("search");
    assert_eq!(quebranta.hits.len(), 1);
    assert_eq!(quebranta.hits[0].title, "Nota sin título de metadatos");
}
