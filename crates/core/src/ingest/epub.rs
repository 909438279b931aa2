//! E-books (`.epub`): the XHTML chapters of the book's spine, in reading order.
//!
//! `META-INF/container.xml` names the package file (`.opf`); its manifest lists the
//! book's files and its spine their reading order. Each chapter is read as HTML
//! ([`html_to_text`](super::html::html_to_text)); chapters are separated by a blank
//! line. The title is the package's `dc:title`, else the first chapter's title,
//! else the first line of the text. The author, date, source and language are the
//! package's `dc:creator`s, `dc:date`, `dc:publisher` and `dc:language` (the
//! chapters' own `<meta>` tags are not read).

use super::archive::Archive;
use super::html::html_to_text;
use super::meta::MetaFields;
use super::read::Extracted;
use super::skip::SkipReason;
use super::xml::{elements, first_text, texts};

const FORMAT: &str = "EPUB";

fn damaged(why: impl Into<String>) -> SkipReason {
    SkipReason::Damaged {
        format: FORMAT,
        why: why.into(),
    }
}

pub(crate) fn epub_to_text(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut archive = Archive::open(bytes, FORMAT)?;
    let container = archive
        .text("META-INF/container.xml")?
        .ok_or_else(|| damaged("it has no META-INF/container.xml"))?;
    // A book under DRM lists its encrypted chapters in META-INF/encryption.xml (fonts
    // are listed there too when obfuscated, and do not matter).
    if let Some(encryption) = archive.text("META-INF/encryption.xml")? {
        let references = elements(&encryption, "CipherReference", &["URI"]).unwrap_or_default();
        if references.iter().flatten().flatten().any(|uri| {
            let uri = uri.to_ascii_lowercase();
            uri.ends_with(".xhtml") || uri.ends_with(".html") || uri.ends_with(".htm")
        }) {
            return Err(SkipReason::Encrypted);
        }
    }
    let package_path = elements(&container, "rootfile", &["full-path"])
        .map_err(|why| damaged(format!("META-INF/container.xml: {why}")))?
        .into_iter()
        .find_map(|mut values| values.pop().flatten())
        .ok_or_else(|| damaged("META-INF/container.xml names no package file"))?;
    let package = archive
        .text(&package_path)?
        .ok_or_else(|| damaged(format!("it has no {package_path}")))?;
    let title = first_text(&package, "title");
    let fields = metadata(&package);
    let manifest = elements(&package, "item", &["id", "href", "media-type"])
        .map_err(|why| damaged(format!("{package_path}: {why}")))?;
    let spine = elements(&package, "itemref", &["idref"])
        .map_err(|why| damaged(format!("{package_path}: {why}")))?;
    let base = package_path
        .rsplit_once('/')
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();

    let mut body = String::new();
    let mut first_title = None;
    for idref in spine.into_iter().filter_map(|mut v| v.pop().flatten()) {
        let Some(item) = manifest
            .iter()
            .find(|item| item.first().and_then(Option::as_deref) == Some(idref.as_str()))
        else {
            continue;
        };
        let (Some(href), media) = (&item[1], item[2].as_deref()) else {
            continue;
        };
        if !matches!(media, None | Some("application/xhtml+xml" | "text/html")) {
            continue;
        }
        let path = resolve(&base, &percent_decode(href));
        let Some(chapter) = archive.text(&path)? else {
            continue;
        };
        let chapter = html_to_text(&chapter);
        if first_title.is_none() && !chapter.title_is_excerpt && !chapter.title.is_empty() {
            first_title = Some(chapter.title);
        }
        if chapter.body.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&chapter.body);
    }
    Ok(Extracted::new(title, first_title, body, fields))
}

/// What the package file says: its authors (the `dc:creator`s, less those with an
/// EPUB 2 `opf:role` other than `aut`, such as illustrators), its date (`dc:date`; of
/// EPUB 2's `opf:event`s, the publication first and never the modification), its
/// publisher (`dc:publisher`, the source) and its language (`dc:language`).
fn metadata(package: &str) -> MetaFields {
    let mut fields = MetaFields::default();
    let creators = texts(package, "creator", "role");
    let authors = creators.iter().filter(|(_, role)| {
        role.as_deref()
            .is_none_or(|r| r.eq_ignore_ascii_case("aut"))
    });
    fields.authors(authors.map(|(name, _)| name));
    let dates = texts(package, "date", "event");
    let event = |wanted: &'static [&'static str]| {
        dates.iter().filter(move |(_, event)| {
            let event = event.as_deref().unwrap_or("publication");
            wanted.iter().any(|w| event.eq_ignore_ascii_case(w))
        })
    };
    let by_event = event(&["publication"]).chain(event(&["original-publication", "creation"]));
    for (date, _) in by_event {
        fields.date(date);
    }
    if let Some(publisher) = first_text(package, "publisher") {
        fields.source(&publisher);
    }
    if let Some(language) = first_text(package, "language") {
        fields.lang(&language);
    }
    fields
}

/// `href` (relative to the package file's folder `base`, which ends in `/` or is
/// empty), with `.` and `..` steps resolved inside the archive.
fn resolve(base: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = Vec::new();
    let joined = format!("{base}{href}");
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// `%XX` escapes decoded (an href is a URL); invalid ones are kept as they are.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_metadata() {
        let opf = r#"<package xmlns:dc="d" xmlns:opf="o"><metadata>
            <dc:title>T</dc:title><dc:creator opf:role="aut">Ana</dc:creator>
            <dc:creator opf:role="ill">Ilustradora</dc:creator><dc:creator>Luis</dc:creator>
            <dc:date opf:event="modification">2022-01-01</dc:date>
            <dc:date opf:event="creation">2020-05-05</dc:date>
            <dc:date opf:event="publication">2021-07-26</dc:date>
            <dc:publisher>Ediciones del Sur</dc:publisher><dc:language>es</dc:language>
            </metadata></package>"#;
        let (meta, bad) = metadata(opf).finish();
        assert_eq!(bad, None);
        assert_eq!(meta.author.as_deref(), Some("Ana, Luis"));
        assert_eq!(meta.date, crate::ingest::Day::from_ymd(2021, 7, 26));
        assert_eq!(meta.source.as_deref(), Some("Ediciones del Sur"));
        assert_eq!(meta.lang.as_deref(), Some("es"));

        let opf = "<metadata><dc:creator>Unknown Author</dc:creator><dc:date>2021</dc:date>\
            <dc:date opf:event=\"modification\">2022-01-01</dc:date></metadata>";
        let (meta, bad) = metadata(opf).finish();
        assert_eq!((meta.author, meta.date), (None, None));
        assert_eq!(bad.as_deref(), Some("2021"), "a year is not a day");
    }

    #[test]
    fn hrefs() {
        assert_eq!(
            resolve("OEBPS/", "Text/cap1.xhtml"),
            "OEBPS/Text/cap1.xhtml"
        );
        assert_eq!(
            resolve("OEBPS/Text/", "../cap1.xhtml#n1"),
            "OEBPS/cap1.xhtml"
        );
        assert_eq!(resolve("", "./a.xhtml"), "a.xhtml");
        assert_eq!(resolve("", "../../a.xhtml"), "a.xhtml");
        assert_eq!(
            percent_decode("cap%C3%ADtulo%201.xhtml"),
            "capítulo 1.xhtml"
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
