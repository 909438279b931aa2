//! Synonyms: spellings of one thing that a search should treat alike.
//!
//! A plain-text file holds one group per line, entries separated by commas; `#` starts
//! a comment. Entries may have several words. At query time, an unquoted word (or run
//! of words) that matches an entry also searches every other entry of its group; a
//! multi-word entry is searched as a phrase. Quoted phrases stay literal.

use crate::analysis;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use tantivy::tokenizer::TextAnalyzer;

const SPANISH: &str = include_str!("../../data/synonyms-es.txt");

/// A set of synonym groups, keyed by their analyzed forms.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// Each group's entries: (as written, analyzed tokens).
    groups: Vec<Vec<(String, Vec<String>)>>,
    /// Analyzed tokens of an entry → its group.
    by_tokens: HashMap<Vec<String>, usize>,
    /// Every prefix of every entry's tokens (the entries themselves included).
    prefixes: HashSet<Vec<String>>,
    /// The most tokens any entry has.
    longest: usize,
}

/// A line of a synonyms file that could not be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct SynonymsError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line number (0 when the file could not be read).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Synonyms {
    /// The default Spanish list shipped with Lupa (`crates/core/data/synonyms-es.txt`).
    pub fn spanish() -> Synonyms {
        Synonyms::parse(SPANISH, Path::new("synonyms-es.txt")).unwrap_or_default()
    }

    /// Reads a synonyms file.
    pub fn from_file(path: &Path) -> Result<Synonyms, SynonymsError> {
        let text = std::fs::read_to_string(path).map_err(|e| SynonymsError {
            path: path.to_path_buf(),
            line: 0,
            message: e.to_string(),
        })?;
        Synonyms::parse(&text, path)
    }

    /// Parses the text of a synonyms file; `path` only names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Synonyms, SynonymsError> {
        let mut analyzer = analysis::query_analyzer();
        let mut out = Synonyms::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let entries: Vec<&str> = line
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .collect();
            if entries.len() < 2 {
                return Err(SynonymsError {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: "a group needs at least two entries, separated by commas".into(),
                });
            }
            let mut group = Vec::new();
            for entry in entries {
                let tokens = tokens(&mut analyzer, entry);
                if tokens.is_empty() {
                    return Err(SynonymsError {
                        path: path.to_path_buf(),
                        line: n + 1,
                        message: format!("`{entry}` has no searchable word"),
                    });
                }
                if !group.iter().any(|(_, t)| *t == tokens) {
                    group.push((entry.to_string(), tokens));
                }
            }
            if group.len() < 2 {
                // Spellings the analyzer already treats alike (`Irán, Iran`).
                continue;
            }
            let id = out.groups.len();
            for (_, tokens) in &group {
                out.longest = out.longest.max(tokens.len());
                out.by_tokens.entry(tokens.clone()).or_insert(id);
                for n in 1..=tokens.len() {
                    out.prefixes.insert(tokens[..n].to_vec());
                }
            }
            out.groups.push(group);
        }
        Ok(out)
    }

    /// How many groups there are.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The most analyzed tokens an entry has.
    pub(crate) fn longest(&self) -> usize {
        self.longest
    }

    /// Whether some entry's tokens start with `tokens` (or are `tokens`): if not, no
    /// run of words that starts this way can be an entry.
    pub(crate) fn may_start(&self, tokens: &[String]) -> bool {
        tokens.is_empty() || self.prefixes.contains(tokens)
    }

    /// The analyzed forms of every spelling in the group of `forms` (the indexed forms
    /// of a word or run of words, as [`analyze`](crate::analysis::analyze) gives them),
    /// `forms`' own spelling among them; `None` when `forms` is in no group.
    ///
    /// ```
    /// let synonyms = lupa_core::Synonyms::spanish();
    /// let spellings = synonyms.spellings_of(&["eeuu".to_string()]).unwrap();
    /// assert!(spellings.iter().any(|s| s.len() == 2));
    /// ```
    pub fn spellings_of(&self, forms: &[String]) -> Option<Vec<&[String]>> {
        self.group_of(forms)
            .map(|group| group.iter().map(|(_, toks)| toks.as_slice()).collect())
    }

    /// The entries of the group that `tokens` (analyzed) belongs to, as written and
    /// analyzed, including the matching entry itself.
    pub(crate) fn group_of(&self, tokens: &[String]) -> Option<&[(String, Vec<String>)]> {
        self.by_tokens
            .get(tokens)
            .and_then(|&g| self.groups.get(g))
            .map(Vec::as_slice)
    }
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    analysis::tokens(analyzer, text)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_parses() {
        let s = Synonyms::spanish();
        assert!(s.len() > 20);
        let irak = tokens(&mut analysis::query_analyzer(), "Iraq");
        let group = s.group_of(&irak).expect("Iraq is listed");
        assert!(group.iter().any(|(w, _)| w == "Irak"));
    }

    #[test]
    fn prefixes_of_entries_may_start_a_run() {
        let s = Synonyms::parse("Estados Unidos, EEUU\n", Path::new("s.txt")).expect("parse");
        let t = |text: &str| tokens(&mut analysis::query_analyzer(), text);
        assert!(s.may_start(&[]));
        assert!(s.may_start(&t("Estados")));
        assert!(s.may_start(&t("Estados Unidos")));
        assert!(s.may_start(&t("EEUU")));
        assert!(!s.may_start(&t("Unidos")));
        assert!(!s.may_start(&t("Estados Unidos Mexicanos")));
    }

    #[test]
    fn errors_name_the_line() {
        let e = Synonyms::parse("Irak, Iraq\nsolo\n", Path::new("s.txt")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("s.txt:2: "), "{e}");
        let e = Synonyms::parse("a, ¿?\n", Path::new("s.txt")).unwrap_err();
        assert!(e.message.contains("¿?"), "{e}");
    }
}
