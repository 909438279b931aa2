//! Ingestion: from a folder to documents, before any indexing. This room uses nothing
//! else of Lupa's; the index's sync (`index/sync.rs`) calls it.
//!
//! Two steps, so that a caller can decide per file whether it needs reading again
//! (by path, size and modification time) and can read files in parallel:
//! 1. [`walk`](fn@walk) lists the files of a folder that Lupa reads, as [`FileMeta`]s.
//! 2. [`read_file`] reads one of them into [`ParsedDoc`]s, with a [`content_hash`] of
//!    its bytes and warnings about the parts it left out.
//!
//! Nothing here prints or stops at a bad file: every file or line that is left out
//! comes back as a [`Skipped`] value saying which and why ([`SkipReason`]).
//!
//! | Extension | Read as | Title |
//! | --- | --- | --- |
//! | `.txt`, `.text` | plain text, whole | [`plain_text_title`] |
//! | `.md`, `.markdown` | Markdown, syntax removed | front matter `title`, else the first heading, else [`plain_text_title`] |
//! | `.html`, `.htm` | visible text of the page | `<title>`, else the first `<h1>`, else [`plain_text_title`] |
//! | `.jsonl`, `.ndjson` | one document per line: `id`, `title`, `text` or `body` | `title`, else [`plain_text_title`] of the text |
//! | `.docx` | Word: the paragraphs of `word/document.xml` | `dc:title`, else the first title or heading paragraph, else [`plain_text_title`] |
//! | `.odt` | OpenDocument: the paragraphs and headings of `content.xml` | `dc:title`, else the first heading, else [`plain_text_title`] |
//! | `.epub` | e-book: the XHTML chapters of the spine, in reading order | `dc:title`, else the first chapter's title, else [`plain_text_title`] |
//! | `.pdf` | the text layer, page after page (a PDF without one is skipped) | `/Title`, else [`plain_text_title`] |
//!
//! Each document also carries a [`Metadata`], where its file says it: its date (read
//! by [`parse_date`]), author, source (the site or publication), address and language.
//!
//! | Format | Date | Author | Source | Address; language |
//! | --- | --- | --- | --- | --- |
//! | text | — | — | — | — |
//! | Markdown | front matter `date`, `fecha` | `author`, `autor`, `authors`, `autores` | `source`, `fuente` | `url`; `lang`, `language`, `idioma` |
//! | HTML | `<meta>` `article:published_time`, `date`, `dc.date`…, `itemprop="datePublished"`; JSON-LD `datePublished`; the first `<time datetime>` of the first `<article>` | `<meta name="author">`, `dc.creator`; JSON-LD `author` | `og:site_name`, `dc.publisher`; JSON-LD `publisher` | `<link rel="canonical">`, `og:url`; `<html lang>`, `content-language`, JSON-LD `inLanguage` |
//! | JSON Lines | `date`, `fecha` | `author`, `autor` | `source`, `fuente` | `url`; `lang` |
//! | DOCX | `dcterms:created` | `dc:creator` | — | —; `dc:language` |
//! | ODT | `meta:creation-date`, `dc:date` | `meta:initial-creator`, `dc:creator` | — | —; `dc:language` |
//! | EPUB | `dc:date` (the publication) | `dc:creator` (authors) | `dc:publisher` | —; `dc:language` |
//! | PDF | `/CreationDate` | `/Author` | — | —; the catalog's `/Lang` |
//!
//! Where a cell names several places, the first that gives a usable value counts: for
//! HTML, meta tags come before JSON-LD (`html_meta.rs` says why). Values are trimmed
//! and squeezed; an author or source is cut at [`META_MAX_CHARS`]. A date that names
//! no day leaves the document without one and adds a [`SkipReason::BadDate`] warning
//! (naming the line for JSON Lines), when no other place gives a date; it never skips
//! the file.
//!
//! Extensions are matched without regard to case. Encodings are detected by
//! [`decode`](fn@decode). DOCX, ODT and EPUB files are zip archives: what their parts
//! may unpack to is bounded (a zip bomb is skipped, see `archive.rs`), and a damaged
//! or encrypted one is skipped with its reason. A PDF is checked before the PDF reader
//! sees it (`pdf_guard.rs`): the same bound on what its streams unpack to, and no loop
//! or runaway nesting in its pages and drawings.
//!
//! ```
//! use lupa_core::ingest::{read_file, walk, WalkOptions};
//!
//! let folder = tempfile::tempdir()?;
//! std::fs::write(folder.path().join("nota.txt"), "Riego en Murcia\nLa sequía…")?;
//! std::fs::write(folder.path().join("foto.jpg"), [0xFF, 0xD8])?;
//! let mut files = walk(folder.path(), &WalkOptions::default());
//! let meta = files.next().ok_or("no file listed")??;
//! assert!(files.next().is_none());
//! assert_eq!(files.unsupported(), 1);
//! let read = read_file(&meta)?;
//! assert_eq!(read.docs[0].id, "nota.txt");
//! assert_eq!(read.docs[0].title, "Riego en Murcia");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod archive;
mod builder;
mod date;
mod decode;
mod docx;
mod epub;
mod front_matter;
mod html;
mod html_meta;
mod jsonl;
mod markdown;
mod meta;
mod odt;
mod pdf;
mod pdf_guard;
mod read;
mod skip;
mod title;
mod walk;
mod xml;

pub use date::parse_date;
pub use decode::decode;
pub use meta::{days_in_month, Day, Metadata, META_MAX_CHARS};
pub use read::{content_hash, read_bytes, read_file, ParsedDoc, ReadFile};
pub use skip::{SkipReason, Skipped};
pub use title::{plain_text_title, TITLE_CUT_CHARS, TITLE_MAX_CHARS};
pub use walk::{walk, FileMeta, Symlinks, Walk, WalkOptions, DEFAULT_MAX_FILE_SIZE, IGNORE_FILE};

use std::path::Path;

/// How a file is read, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `.txt`, `.text`.
    Text,
    /// `.md`, `.markdown`.
    Markdown,
    /// `.html`, `.htm`.
    Html,
    /// `.jsonl`, `.ndjson`: one JSON document per line.
    JsonLines,
    /// `.docx`: a Word document.
    Docx,
    /// `.odt`: an OpenDocument text.
    Odt,
    /// `.epub`: an e-book.
    Epub,
    /// `.pdf`: the text layer of a PDF.
    Pdf,
}

impl Format {
    /// The format of a path, from its extension (any case); `None` when Lupa does not
    /// read such files.
    ///
    /// ```
    /// use lupa_core::ingest::Format;
    /// assert_eq!(Format::from_path("a/Nota.MD".as_ref()), Some(Format::Markdown));
    /// assert_eq!(Format::from_path("foto.jpg".as_ref()), None);
    /// ```
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "docx" => Some(Format::Docx),
            "odt" => Some(Format::Odt),
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}
