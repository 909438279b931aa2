//! Word, OpenDocument and EPUB files as LibreOffice writes them (made by
//! `tests/data/office/make.sh` from our own Spanish text), and hostile ones: a zip
//! bomb named `.docx`, damaged and encrypted files. Each is read or skipped with a
//! reason; nothing panics, and a search finds what the readable ones say.

use lupa_core::ingest::{read_bytes, Day, Format, Metadata, ParsedDoc, SkipReason};
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
    let (doc, warnings) = read_warned(name, bytes)?;
    assert!(warnings.is_empty(), "{warnings:?}");
    Ok(doc)
}

/// The one document of a file, and its warnings as shown.
fn read_warned(name: &str, bytes: Vec<u8>) -> Result<(ParsedDoc, Vec<String>), SkipReason> {
    let mut read = read_bytes(name, format(name), bytes).map_err(|s| s.reason)?;
    assert_eq!(read.docs.len(), 1);
    let warnings = read.warnings.iter().map(ToString::to_string).collect();
    Ok((read.docs.remove(0), warnings))
}

/// A zip archive of `entries` (name, text).
fn zipped(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in entries {
        out.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(text.as_bytes()).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

fn day(year: i32, month: u32, day: u32) -> Option<Day> {
    Day::from_ymd(year, month, day)
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
fn the_metadata_libreoffice_writes_is_read_and_its_placeholders_are_not() {
    // LibreOffice names the language of its own locale, not the text's; it leaves
    // DOCX's dc:creator empty, and signs the e-book with "Unknown Author".
    let cases = [
        ("retirada.docx", Some("en-US")),
        ("retirada.odt", None),
        ("retirada.epub", Some("en")),
        ("retirada.pdf", Some("en-US")),
    ];
    for (name, lang) in cases {
        let doc = read(name, bytes(name)).unwrap_or_else(|r| panic!("{name}: {r}"));
        let meta = &doc.meta;
        assert_eq!(meta.lang.as_deref(), lang, "{name}");
        assert_eq!(
            (&meta.author, &meta.source, &meta.url),
            (&None, &None, &None),
            "{name}"
        );
        // Only the PDF export records when it was made (D:20261207002610Z').
        assert_eq!(
            meta.date.is_some(),
            name.ends_with(".pdf"),
            "{name}: {meta:?}"
        );
    }
}

/// The parts of a DOCX whose `docProps/core.xml` holds `core` (its properties).
fn docx_with(core: &str) -> Vec<u8> {
    zipped(&[
        (
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>Informe sobre el riego.</w:t></w:r></w:p>\
             </w:body></w:document>",
        ),
        (
            "docProps/core.xml",
            &format!(
                "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\" xmlns:dcterms=\"t\">{core}\
                 </cp:coreProperties>"
            ),
        ),
    ])
}

#[test]
fn office_files_and_e_books_give_their_author_date_source_and_language() {
    let docx = docx_with(
        "<dc:creator>Ana Pérez; Luis Gómez</dc:creator>\
         <dcterms:created>2021-07-26T10:30:00Z</dcterms:created><dc:language>es-ES</dc:language>",
    );
    let odt = zipped(&[
        (
            "content.xml",
            "<office:document-content><office:body><office:text><text:p>Informe.</text:p>\
             </office:text></office:body></office:document-content>",
        ),
        (
            "meta.xml",
            "<office:document-meta><office:meta><meta:initial-creator>Ana Pérez</meta:initial-creator>\
             <dc:creator>Otra persona</dc:creator>\
             <meta:creation-date>2021-07-26T10:30:00.5</meta:creation-date>\
             <dc:date>2022-02-02T00:00:00</dc:date><dc:language>es</dc:language>\
             </office:meta></office:document-meta>",
        ),
    ]);
    let epub = zipped(&[
        (
            "META-INF/container.xml",
            "<container><rootfiles><rootfile full-path=\"OEBPS/content.opf\"/></rootfiles></container>",
        ),
        (
            "OEBPS/content.opf",
            "<package xmlns:dc=\"d\"><metadata><dc:title>Crónica</dc:title>\
             <dc:creator>Ana Pérez</dc:creator><dc:date>26 de julio de 2021</dc:date>\
             <dc:publisher>Ediciones del Sur</dc:publisher><dc:language>es</dc:language>\
             </metadata><manifest><item id=\"c1\" href=\"c1.xhtml\" media-type=\"application/xhtml+xml\"/>\
             </manifest><spine><itemref idref=\"c1\"/></spine></package>",
        ),
        (
            "OEBPS/c1.xhtml",
            "<html><head><meta name=\"author\" content=\"No\"></head><body><p>Capítulo.</p></body></html>",
        ),
    ]);
    let docx = read("informe.docx", docx).expect("docx").meta;
    assert_eq!(
        docx,
        Metadata {
            date: day(2021, 7, 26),
            author: Some("Ana Pérez, Luis Gómez".into()),
            source: None,
            url: None,
            lang: Some("es-ES".into()),
        }
    );
    let odt = read("informe.odt", odt).expect("odt").meta;
    assert_eq!(odt.author.as_deref(), Some("Ana Pérez"));
    assert_eq!(odt.date, day(2021, 7, 26));
    assert_eq!(odt.lang.as_deref(), Some("es"));
    let epub = read("cronica.epub", epub).expect("epub");
    assert_eq!(epub.body, "Capítulo.");
    assert_eq!(
        epub.meta,
        Metadata {
            date: day(2021, 7, 26),
            author: Some("Ana Pérez".into()),
            source: Some("Ediciones del Sur".into()),
            url: None,
            lang: Some("es".into()),
        }
    );
}

#[test]
fn an_unreadable_date_in_the_metadata_is_a_warning_and_the_document_is_read() {
    let docx =
        docx_with("<dcterms:created>el martes</dcterms:created><dc:creator>Ana</dc:creator>");
    let (doc, warnings) = read_warned("informe.docx", docx).expect("docx");
    assert_eq!(
        warnings,
        ["informe.docx: unreadable date \"el martes\" ignored"]
    );
    assert_eq!(doc.body, "Informe sobre el riego.");
    assert_eq!(
        (doc.meta.date, doc.meta.author.as_deref()),
        (None, Some("Ana"))
    );
    // Damaged metadata is no reason to skip the text either.
    let (doc, warnings) = read_warned("roto.docx", docx_with("<dc:creator>Ana")).expect("docx");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(doc.meta, Metadata::default());
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

/// A PDF of the object bodies `objects` (numbered from 1, the catalog first), with a
/// classic cross-reference table.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    pdf_with_trailer(objects, "")
}

/// [`pdf`], with `trailer` added to its trailer dictionary (`/Info 5 0 R`).
fn pdf_with_trailer(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for object in objects {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in &offsets {
        tail.push_str(&format!("{offset:010} 00000 n \n"));
    }
    tail.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    ));
    pdf.extend_from_slice(tail.as_bytes());
    pdf
}

/// An object body written as text.
fn obj(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

/// A stream object of `content`, its dictionary holding `dict` besides the length.
fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut object = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    object.extend_from_slice(content);
    object.extend_from_slice(b"\nendstream");
    object
}

/// A one-page PDF saying "Hola", whose information dictionary holds `info` and whose
/// catalog holds `catalog`.
fn pdf_with_info(catalog: &str, info: &str) -> Vec<u8> {
    pdf_with_trailer(
        &[
            obj(&format!("<< /Type /Catalog /Pages 2 0 R {catalog} >>")),
            obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            obj(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
                 /Resources << /Font << /F1 5 0 R >> >> >>",
            ),
            stream("", b"BT /F1 12 Tf 10 50 Td (Hola) Tj ET"),
            obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            obj(&format!("<< {info} >>")),
        ],
        "/Info 6 0 R",
    )
}

#[test]
fn a_pdf_gives_its_author_creation_date_and_language() {
    let pdf = pdf_with_info(
        "/Lang (es-ES)",
        "/Title (Informe) /Author (Ana P\\351rez) /CreationDate (D:20210726103000+02'00')",
    );
    let doc = read("informe.pdf", pdf).expect("a PDF with an Info dictionary");
    assert_eq!(doc.title, "Informe");
    assert_eq!(
        doc.meta,
        Metadata {
            date: day(2021, 7, 26),
            author: Some("Ana Pérez".into()),
            source: None,
            url: None,
            lang: Some("es-ES".into()),
        }
    );
    let pdf = pdf_with_info("", "/Author <FEFF0041006E0061> /CreationDate (D:2021)");
    let (doc, warnings) = read_warned("informe.pdf", pdf).expect("a PDF");
    assert_eq!(doc.meta.author.as_deref(), Some("Ana"));
    assert_eq!(doc.meta.date, None);
    assert_eq!(
        warnings,
        ["informe.pdf: unreadable date \"D:2021\" ignored"]
    );
}

#[test]
fn a_pdf_without_text_is_skipped_as_having_no_text_layer_and_a_cut_one_as_damaged() {
    // One page with a drawn rectangle and no text, as a scan without OCR is.
    let content = "0 0 1 rg 10 10 100 50 re f";
    let pdf = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>"),
        stream("", content.as_bytes()),
    ]);
    assert_eq!(read("escaneado.pdf", pdf), Err(SkipReason::NoTextLayer));

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

#[test]
fn a_bad_date_does_not_skip_the_file_it_is_a_warning_of_the_sync() {
    let folder = tempfile::tempdir().expect("tempdir");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(
        docs.join("informe.docx"),
        docx_with("<dcterms:created>pronto</dcterms:created>"),
    )
    .expect("write");
    let index = Index::create(&folder.path().join("idx")).expect("create");
    let report = index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    assert_eq!((report.added, report.documents), (1, 1), "{report:?}");
    assert!(report.skipped.is_empty(), "{report:?}");
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    assert_eq!(
        report.warnings[0].reason,
        SkipReason::BadDate {
            line: None,
            value: "pronto".into()
        }
    );
    let found = index
        .search("riego", &SearchOptions::default())
        .expect("search");
    assert_eq!(found.total, 1);
}

/// A one-page PDF that writes "Hola" and then draws the form XObject `/X` (object 6),
/// followed by the objects `more` (numbered from 6).
fn with_forms(more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        ),
        stream("", b"BT /F1 12 Tf 10 50 Td (Hola) Tj ET /X Do"),
        obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ];
    objects.extend(more);
    pdf(&objects)
}

/// A form XObject whose content is `content`, drawing `/X` as object `next` if any.
fn form(content: &str, next: Option<usize>) -> Vec<u8> {
    let resources = next.map_or(String::new(), |n| {
        format!("/Resources << /XObject << /X {n} 0 R >> >>")
    });
    stream(
        &format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] {resources}"),
        content.as_bytes(),
    )
}

/// PDFs built to make a PDF reader loop, overflow its stack or fill the memory, each
/// with what its skip reason must say.
fn hostile_pdfs() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let parent_loop = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        // No MediaBox or Resources of its own: a reader looks for them in its parent,
        // which is itself.
        obj("<< /Type /Page /Parent 3 0 R /Contents 4 0 R >>"),
        stream("", b"BT (Hola) Tj ET"),
    ]);
    let self_drawing = with_forms(vec![form("/X Do", None)]);
    let deep = with_forms((6..6 + 500).map(|n| form("/X Do", Some(n + 1))).collect());
    let repeated = with_forms(
        (6..6 + 40)
            .map(|n| form("/X Do /X Do", Some(n + 1)))
            .collect(),
    );
    let mut zeros = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zeros.write_all(&vec![b' '; 64 << 20]).expect("compress");
    let bomb = pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R >>"),
        stream("/Filter /FlateDecode", &zeros.finish().expect("compress")),
    ]);
    vec![
        ("bucle.pdf", parent_loop, "page tree loops back on itself"),
        ("espejo.pdf", self_drawing, "draws itself"),
        ("hondo.pdf", deep, "nested more than 64 levels deep"),
        ("eco.pdf", repeated, "repeat one another past 4 MiB"),
        ("bomba.pdf", bomb, "compression bomb"),
    ]
}

#[test]
fn a_pdf_built_to_loop_overflow_or_explode_is_skipped_as_damaged_before_it_is_read() {
    for (name, pdf, why) in hostile_pdfs() {
        match read(name, pdf) {
            Err(SkipReason::Damaged {
                format: "PDF",
                why: said,
            }) => {
                assert!(said.contains(why), "{name}: {said}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    // The same drawings without the loop are read: a form drawn once, nested twice.
    let fine = with_forms(vec![form("/X Do", Some(7)), form("", None)]);
    let doc = read("bien.pdf", fine).expect("a PDF with nested forms");
    assert_eq!(doc.body, "Hola");
}

#[test]
fn a_folder_with_hostile_pdfs_is_indexed_and_the_good_pdf_found() {
    let folder = tempfile::tempdir().expect("tempdir");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::copy(data("retirada.pdf"), docs.join("retirada.pdf")).expect("copy");
    let hostile = hostile_pdfs();
    for (name, pdf, _) in &hostile {
        std::fs::write(docs.join(name), pdf).expect("write");
    }
    let index = Index::create(&folder.path().join("idx")).expect("create");
    let report = index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    assert_eq!(report.added, 1, "{report:?}");
    assert_eq!(report.skipped.len(), hostile.len(), "{report:?}");
    let found = index
        .search("retirada tropas", &SearchOptions::default())
        .expect("search");
    let ids: Vec<&str> = found.hits.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["retirada.pdf"]);
}

#[test]
fn a_two_column_pdf_reads_column_after_column_with_cut_words_joined() {
    // LibreOffice's PDF of `columnas.fodt`: two justified columns on a page, a word cut
    // at a line's end (`retira-` / `da`), an `ﬁ` ligature.
    let doc = read("columnas.pdf", bytes("columnas.pdf")).expect("columnas.pdf");
    assert_eq!(doc.title, "Dos columnas sobre Irak");
    let body = &doc.body;
    let first = body.find("La primera columna").expect("first column");
    let second = body.find("La segunda columna").expect("second column");
    assert!(first < second, "the columns in reading order");
    // Not interleaved: nothing of the second column comes before its start.
    assert!(!body[..second].contains("Karrada"), "{body}");
    assert!(
        body.contains("La retirada de las tropas preocupa en la oficina"),
        "{body}"
    );
    // Justified lines keep single spaces.
    assert!(!body.contains("  "), "{body}");
}

#[test]
fn a_two_column_pdf_is_found_by_phrases_that_cross_its_lines() {
    let folder = tempfile::tempdir().expect("tempdir");
    let docs = folder.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::copy(data("columnas.pdf"), docs.join("columnas.pdf")).expect("copy");
    let index = Index::create(&folder.path().join("idx")).expect("create");
    index
        .sync(&docs, &SyncOptions::default(), &mut |_| {})
        .expect("sync");
    for query in [
        "\"retirada de las tropas preocupa\"",
        "oficina",
        "\"barrio de Karrada\"",
    ] {
        let found = index
            .search(query, &SearchOptions::default())
            .expect("search");
        assert_eq!(found.total, 1, "{query}");
    }
}
