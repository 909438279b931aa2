//! The field names a parser knows, and advice for the misspelt ones.

use std::collections::BTreeMap;

/// What a field holds, which decides how `name:` reads what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Words: `name:` scopes the operand after it.
    Text,
    /// Dates: `name:` takes a date value.
    Date,
}

/// The field names a parser knows: every spelling, lowercased, to the
/// canonical name and the kind of field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fields {
    spellings: BTreeMap<String, (String, FieldKind)>,
}

impl Fields {
    /// Declares a field; a spelling declared again takes the new meaning.
    pub(crate) fn insert(&mut self, name: &str, aliases: &[&str], kind: FieldKind) {
        for spelling in std::iter::once(&name).chain(aliases) {
            self.spellings
                .insert(spelling.to_lowercase(), (name.to_string(), kind));
        }
    }

    pub(crate) fn get(&self, lowercase: &str) -> Option<(&str, FieldKind)> {
        self.spellings
            .get(lowercase)
            .map(|(name, kind)| (name.as_str(), *kind))
    }

    /// The known spelling closest to `lowercase`, if it is close enough to be a
    /// likely typo.
    pub(crate) fn suggest(&self, lowercase: &str) -> Option<&str> {
        let len = lowercase.chars().count();
        let limit = if len <= 4 { 1 } else { 2 };
        self.spellings
            .keys()
            .map(|known| (edit_distance(lowercase, known), known))
            .filter(|&(d, _)| d <= limit)
            .min_by_key(|&(d, _)| d)
            .map(|(_, known)| known.as_str())
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of neighbours each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance("titel", "title"), 1);
        assert_eq!(edit_distance("body", "bdy"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("texto", "texto"), 0);
    }
}
