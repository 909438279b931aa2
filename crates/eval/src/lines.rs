//! Reading the text files that topics and judgments come in.

use crate::error::{Error, Result};
use std::path::Path;

/// The lines of a topics or judgments file that hold data, with their 1-based numbers:
/// blank lines and lines starting with `#` are skipped.
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line))
        .filter(|(_, line)| !(line.trim().is_empty() || line.starts_with('#')))
}

/// The text of the file at `path`.
pub(crate) fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
