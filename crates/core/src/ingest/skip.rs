//! Why a file, or one line of a file, was left out of the index.

/// A file (or a line of a JSON Lines file) that was not indexed, and why.
///
/// Displays as `path: reason`, e.g. `notas/a.jsonl: line 3: invalid JSON: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct Skipped {
    /// The path relative to the indexed folder, with `/` separators.
    pub path: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

impl Skipped {
    /// A skipped file or line.
    pub fn new(path: impl Into<String>, reason: SkipReason) -> Skipped {
        Skipped {
            path: path.into(),
            reason,
        }
    }
}

/// The reason a file or a line was not indexed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SkipReason {
    /// The file holds NUL bytes or mostly control characters: not text.
    #[error("binary file (not text)")]
    Binary,
    /// The bytes are not valid in the detected encoding.
    #[error("cannot decode the text (invalid bytes for its encoding)")]
    Undecodable,
    /// The file is larger than the configured limit.
    #[error("file too large ({size} bytes, the limit is {limit} bytes)")]
    TooLarge {
        /// The file's size in bytes (at least `limit + 1` when it grew while being read).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The file or folder could not be read; the operating system's message.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// The file was listed, then disappeared before it could be read.
    #[error("file vanished before it could be read")]
    Vanished,
    /// One line of a JSON Lines file is not a valid document (1-based line number).
    #[error("line {line}: {message}")]
    BadLine {
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// A document's date that names no day Lupa can read (see
    /// [`parse_date`](super::parse_date)). Only the date is left out: the document is
    /// indexed without one. This is a warning of [`ReadFile`](super::ReadFile), never
    /// the reason a file is skipped.
    #[error("{}unreadable date {value:?} ignored", line_prefix(*.line))]
    BadDate {
        /// The 1-based line of a JSON Lines file whose document has the date; `None`
        /// for a file that is one document.
        line: Option<usize>,
        /// The date as the file writes it (cut when very long).
        value: String,
    },
    /// A DOCX, ODT, EPUB or PDF file that cannot be read as one: not a zip archive, a part
    /// missing or not XML, or parts that unpack to more than their bound (a zip bomb).
    #[error("not a readable {format} file: {why}")]
    Damaged {
        /// The kind of file (`DOCX`, `ODT`, `EPUB`, `PDF`).
        format: &'static str,
        /// What is wrong.
        why: String,
    },
    /// A PDF whose pages hold no text: a scan without recognised text.
    #[error("no text layer (a scanned PDF without recognised text)")]
    NoTextLayer,
    /// The file is encrypted (protected by a password).
    #[error("encrypted (protected by a password)")]
    Encrypted,
    /// The file is empty, holds only whitespace, or no text is left once the markup
    /// is removed.
    #[error("no text to index (empty file)")]
    Empty,
    /// A symbolic link leads back to one of its own ancestor folders.
    #[error("symbolic link loop (leads back to {ancestor:?})")]
    SymlinkLoop {
        /// The ancestor folder the link points back to, relative to the indexed folder.
        ancestor: String,
    },
    /// A symbolic link, not followed (see [`Symlinks`](super::Symlinks)).
    #[error("symbolic link, not followed (`--follow` follows links that stay inside the folder)")]
    SymlinkNotFollowed,
    /// A symbolic link whose target lies outside the indexed folder.
    #[error("symbolic link outside the folder, not followed (`--follow-outside` follows it)")]
    OutsideFolder,
    /// A symbolic link whose target does not exist.
    #[error("broken symbolic link")]
    BrokenSymlink,
    /// A device, socket or named pipe with a supported extension.
    #[error("not a regular file")]
    NotRegularFile,
    /// Two file names that are not valid UTF-8 map to the same displayed path; only
    /// the first one is indexed.
    #[error("another file name shows as the same path (names that are not valid UTF-8)")]
    PathCollision,
}

/// `line N: ` for a reason that concerns one line of a file, else nothing.
fn line_prefix(line: Option<usize>) -> String {
    line.map(|line| format!("line {line}: "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_date_says_its_value_and_line() {
        let whole = SkipReason::BadDate {
            line: None,
            value: "ayer".into(),
        };
        assert_eq!(whole.to_string(), "unreadable date \"ayer\" ignored");
        let line = Skipped::new(
            "notas.jsonl",
            SkipReason::BadDate {
                line: Some(3),
                value: "hace 3 días".into(),
            },
        );
        assert_eq!(
            line.to_string(),
            "notas.jsonl: line 3: unreadable date \"hace 3 días\" ignored"
        );
    }
}
