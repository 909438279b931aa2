//! The zip archives that office documents and e-books are (DOCX, ODT, EPUB), read
//! with a bound on what they may unpack to.
//!
//! A zip entry says how large it is, but a hostile file can lie, and a few kilobytes of
//! deflated zeros can unpack to gigabytes (a "zip bomb"). So every entry is read
//! through a budget shared by the whole archive: at most [`MOST_UNPACKED_PER_BYTE`]
//! bytes per byte of the archive (at least [`LEAST_BUDGET`], at most
//! [`MOST_UNPACKED`]). Past it, the file is skipped with a reason, after reading no
//! more than the budget.

use super::skip::SkipReason;
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// The most bytes all the entries of one archive may unpack to, whatever its size.
pub(crate) const MOST_UNPACKED: u64 = 128 * 1024 * 1024;
/// The budget of a small archive: its parts may unpack to this much.
pub(crate) const LEAST_BUDGET: u64 = 4 * 1024 * 1024;
/// Unpacked bytes per byte of the archive, at most. Text in XML packs to between
/// a fifth and a twentieth of its size; far past that, the file is built to explode.
pub(crate) const MOST_UNPACKED_PER_BYTE: u64 = 200;

/// An open archive and what its entries may still unpack to.
pub(crate) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
    format: &'static str,
}

/// How much the entries of an archive of `len` bytes may unpack to in all.
pub(crate) fn budget(len: usize) -> u64 {
    let len = u64::try_from(len).unwrap_or(u64::MAX);
    len.saturating_mul(MOST_UNPACKED_PER_BYTE)
        .clamp(LEAST_BUDGET, MOST_UNPACKED)
}

impl<'a> Archive<'a> {
    /// Opens `bytes` as a zip archive; `format` names the kind of file in errors.
    pub(crate) fn open(bytes: &'a [u8], format: &'static str) -> Result<Self, SkipReason> {
        if bytes.starts_with(OLE_MAGIC) {
            return Err(ole(bytes, format));
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(format, &e))?;
        Ok(Archive {
            zip,
            budget: budget(bytes.len()),
            format,
        })
    }

    /// The text of the entry `name` (UTF-8), or `None` when the archive has no such
    /// entry.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, SkipReason> {
        let format = self.format;
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(damaged(format, &e)),
        };
        if entry.encrypted() {
            return Err(SkipReason::Encrypted);
        }
        let mut bytes = Vec::new();
        let read = entry
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| SkipReason::Damaged {
                format,
                why: format!("{name}: {e}"),
            })?;
        let read = u64::try_from(read).unwrap_or(u64::MAX);
        if read > self.budget {
            return Err(SkipReason::Damaged {
                format,
                why: format!(
                    "its parts unpack to more than {} MiB (a zip bomb?)",
                    budget_mib(self.budget)
                ),
            });
        }
        self.budget -= read;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| SkipReason::Damaged {
                format,
                why: format!("{name} is not UTF-8"),
            })
    }
}

/// The first bytes of an OLE compound file: what Office writes a password-protected
/// document as (and what an old `.doc` is).
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Why an OLE compound file is not read: encrypted when it holds the
/// `EncryptionInfo` stream of a protected Office document, else an older format.
fn ole(bytes: &[u8], format: &'static str) -> SkipReason {
    let name: Vec<u8> = "EncryptionInfo".bytes().flat_map(|b| [b, 0]).collect();
    if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
        SkipReason::Encrypted
    } else {
        SkipReason::Damaged {
            format,
            why: "an OLE compound file (an older Office format such as .doc), not a zip archive"
                .into(),
        }
    }
}

fn budget_mib(budget: u64) -> u64 {
    budget.div_ceil(1024 * 1024)
}

fn damaged(format: &'static str, error: &ZipError) -> SkipReason {
    match error {
        ZipError::UnsupportedArchive(m) if *m == ZipError::PASSWORD_REQUIRED => {
            SkipReason::Encrypted
        }
        ZipError::InvalidPassword => SkipReason::Encrypted,
        _ => SkipReason::Damaged {
            format,
            why: format!("not a readable zip archive: {error}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zipped(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            out.start_file(*name, SimpleFileOptions::default())
                .expect("start");
            out.write_all(data).expect("write");
        }
        out.finish().expect("finish").into_inner()
    }

    #[test]
    fn reads_entries_and_tells_missing_ones() {
        let bytes = zipped(&[("a.xml", "<a>año</a>".as_bytes())]);
        let mut archive = Archive::open(&bytes, "DOCX").expect("open");
        assert_eq!(archive.text("a.xml"), Ok(Some("<a>año</a>".to_string())));
        assert_eq!(archive.text("b.xml"), Ok(None));
    }

    #[test]
    fn a_zip_bomb_is_refused_after_its_budget() {
        let zeros = vec![b' '; 50 * 1024 * 1024];
        let bytes = zipped(&[("word/document.xml", &zeros)]);
        assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
        let mut archive = Archive::open(&bytes, "DOCX").expect("open");
        match archive.text("word/document.xml") {
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
    fn not_a_zip_is_damaged() {
        assert!(matches!(
            Archive::open(b"PK\x03\x04 roto", "ODT"),
            Err(SkipReason::Damaged { format: "ODT", .. })
        ));
        assert!(matches!(
            Archive::open(b"", "EPUB"),
            Err(SkipReason::Damaged { .. })
        ));
    }

    #[test]
    fn budgets() {
        assert_eq!(budget(0), LEAST_BUDGET);
        assert_eq!(budget(100 * 1024), 200 * 100 * 1024);
        assert_eq!(budget(usize::MAX), MOST_UNPACKED);
    }
}
