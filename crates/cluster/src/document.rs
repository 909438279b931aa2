//! A passage of the local index as the cluster stores it: Lupa's analysis as keywords,
//! one per position, and the stored fields as attributes.
//!
//! | cluster field | holds |
//! |---|---|
//! | `title` | the searched title's indexed forms (stems), stop words included |
//! | `body` | the text's indexed forms, one per position, stop words included |
//! | `folded` | the folded, unstemmed words of title and text (prefixes, typos, exact forms) |
//! | `alt` | the other forms at a position (the parts of `Al-Kazemi`, `1200` for `1.200`), and [`EVERY`] |
//! | `author`, `source` | their folded words |
//!
//! Beside the stored fields (`doc`, `part`, `shown_title`, `text`, the metadata), the
//! attribute `words` holds how many positions the text has, for the ranking's length
//! prior, and `document` the [`document_key`] search groups passages by.
//!
//! Keywords are written in an alphabet the cluster's charset keeps whole: `a`–`z`,
//! `0`–`9` and `ñ` stand for themselves, any other character (`.` of `1.200`, letters of
//! other scripts, `_`) as `_HEX_`, its code point in hexadecimal. So no form of Lupa's is
//! split, merged or folded again by the cluster.

use lupa::analysis::Analysis;
use lupa::StoredPassage;
use std::fmt::Write as _;

/// The keyword held at a position that Lupa's analysis leaves empty.
pub(crate) const GAP: &str = "_0_";
/// The keyword every document holds, so that `NOT x` alone has something to subtract from.
pub(crate) const EVERY: &str = "_1_";
/// A keyword no document holds: what a prefix with no words becomes.
pub(crate) const NOTHING: &str = "_2_";

/// Version of the stored layout; a change rewrites every passage on the next push.
const LAYOUT: u32 = 3;

/// Appends `form` as a cluster keyword.
pub(crate) fn keyword(form: &str, out: &mut String) {
    for c in form.chars() {
        match c {
            'a'..='z' | '0'..='9' | 'ñ' => out.push(c),
            other => {
                let _ = write!(out, "_{:x}_", u32::from(other));
            }
        }
    }
}

/// `form` as a cluster keyword.
pub(crate) fn keyword_of(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    keyword(form, &mut out);
    out
}

/// The cluster's document id of passage `part` of document `id`: 63 bits of its
/// BLAKE3 hash, never 0.
pub(crate) fn cluster_id(id: &str, part: u64) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(id.as_bytes());
    hasher.update(&[0]);
    hasher.update(&part.to_le_bytes());
    low63(&hasher).max(1)
}

/// What the passages of document `id` share: the key search groups them by, so that a
/// document shows once, with its best passage. An integer, because Sphinx groups by one
/// in half the time it takes to group by a string.
pub(crate) fn document_key(id: &str) -> i64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(id.as_bytes());
    low63(&hasher) as i64
}

/// The shard of the passage whose cluster id is `id`.
pub(crate) fn shard_of(id: u64, shards: usize) -> usize {
    (id % shards as u64) as usize
}

/// What a stored passage is made of: when it changes, the passage is written again.
pub(crate) fn digest(id: &str, hash: u64) -> i64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&LAYOUT.to_le_bytes());
    hasher.update(&lupa::analysis::ANALYZER_VERSION.to_le_bytes());
    hasher.update(&hash.to_le_bytes());
    hasher.update(id.as_bytes());
    low63(&hasher) as i64
}

/// 63 bits of a hash: a positive `i64`, as Sphinx's ids and signed attributes want.
fn low63(hasher: &blake3::Hasher) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&hasher.finalize().as_bytes()[..8]);
    u64::from_le_bytes(first) >> 1
}

/// The column list of a `REPLACE`, in the order [`values`] writes.
pub(crate) const COLUMNS: &str = "id, title, body, folded, alt, author, source, doc, part, \
     shown_title, text, digest, date, dated, date_from_file, author_text, source_text, url, words, document";

/// The searched fields of a passage, as keywords separated by spaces.
pub(crate) struct Fields {
    pub title: String,
    pub body: String,
    pub folded: String,
    pub alt: String,
    pub author: String,
    pub source: String,
    /// How many positions the text has.
    pub words: u32,
}

impl Fields {
    /// Analyzes `passage` into its searched fields.
    pub(crate) fn of(analysis: &mut Analysis, passage: &StoredPassage) -> Fields {
        let mut alt = String::new();
        let (title, _) = stemmed(analysis, &passage.title, &mut alt);
        let (body, words) = stemmed(analysis, &passage.body, &mut alt);
        alt.push_str(EVERY);
        let mut folded = String::new();
        for text in [&passage.title, &passage.body] {
            folded_keywords(analysis, text, &mut folded);
        }
        let names = |analysis: &mut Analysis, text: &Option<String>| {
            let mut out = String::new();
            folded_keywords(analysis, text.as_deref().unwrap_or_default(), &mut out);
            out
        };
        Fields {
            title,
            body,
            folded,
            alt,
            author: names(analysis, &passage.author),
            source: names(analysis, &passage.source),
            words,
        }
    }

    /// Every keyword of every field, each as often as it stands there.
    pub(crate) fn keywords(&self) -> impl Iterator<Item = &str> {
        [
            &self.title,
            &self.body,
            &self.folded,
            &self.alt,
            &self.author,
            &self.source,
        ]
        .into_iter()
        .flat_map(|field| field.split_ascii_whitespace())
    }
}

/// Appends the `(…)` row of `passage` for a `REPLACE … VALUES`.
pub(crate) fn values(analysis: &mut Analysis, passage: &StoredPassage, out: &mut String) {
    let id = cluster_id(&passage.id, passage.part);
    let Fields {
        title,
        body,
        folded,
        alt,
        author,
        source,
        words,
    } = Fields::of(analysis, passage);
    let _ = write!(out, "({id}, ");
    for field in [&title, &body, &folded, &alt, &author, &source] {
        crate::sql::quote(field, out);
        out.push_str(", ");
    }
    crate::sql::quote(&passage.id, out);
    let _ = write!(out, ", {}, ", passage.part);
    crate::sql::quote(&passage.shown_title, out);
    out.push_str(", ");
    crate::sql::quote(&passage.body, out);
    let digest = digest(&passage.id, passage.hash);
    let (date, dated) = match passage.date {
        Some(day) => (i64::from(day.days()), 1),
        None => (0, 0),
    };
    let _ = write!(
        out,
        ", {digest}, {date}, {dated}, {}, ",
        u8::from(passage.date_from_file)
    );
    for text in [&passage.author, &passage.source, &passage.url] {
        crate::sql::quote(text.as_deref().unwrap_or_default(), out);
        out.push_str(", ");
    }
    let _ = write!(out, "{words}, {})", document_key(&passage.id));
}

/// Appends the folded words of `text` to `out` as keywords, each followed by a space.
fn folded_keywords(analysis: &mut Analysis, text: &str, out: &mut String) {
    for (_, form) in analysis.folded(text) {
        keyword(&form, out);
        out.push(' ');
    }
}

/// The indexed forms of `text` as keywords, one per position; the other forms at a
/// position go to `alt`; and how many positions the text has.
fn stemmed(analysis: &mut Analysis, text: &str, alt: &mut String) -> (String, u32) {
    let mut out = String::with_capacity(text.len());
    let mut next = 0;
    for token in analysis.analyze(text) {
        while next < token.position {
            out.push_str(GAP);
            out.push(' ');
            next += 1;
        }
        keyword(&token.indexed, &mut out);
        out.push(' ');
        next = token.position + 1;
        for other in &token.alternatives {
            keyword(other, alt);
            alt.push(' ');
        }
    }
    (out, u32::try_from(next).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_keep_spanish_letters_and_escape_the_rest() {
        assert_eq!(keyword_of("año"), "año");
        assert_eq!(keyword_of("1.200"), "1_2e_200");
        assert_eq!(keyword_of("a_b"), "a_5f_b");
        assert_eq!(keyword_of("αβ"), "_3b1__3b2_");
        assert_ne!(keyword_of("ano"), keyword_of("año"));
    }

    #[test]
    fn ids_are_stable_positive_and_spread_over_shards() {
        assert_eq!(cluster_id("a.txt", 0), cluster_id("a.txt", 0));
        assert_ne!(cluster_id("a.txt", 0), cluster_id("a.txt", 1));
        let mut counts = [0usize; 3];
        for n in 0..3000 {
            let id = cluster_id(&format!("{n}.txt"), 0);
            assert!(id > 0 && id < 1 << 63);
            counts[shard_of(id, 3)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..1100).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn a_row_holds_stems_with_stop_words_and_alternatives() {
        let passage = StoredPassage {
            id: "irak.txt".into(),
            title: "Al-Kazemi".into(),
            shown_title: "Al-Kazemi".into(),
            body: "La retirada de las tropas cuesta 1.200 euros.".into(),
            ..Default::default()
        };
        let mut out = String::new();
        values(&mut Analysis::new(), &passage, &mut out);
        assert!(
            out.contains("'la retir de las trop cuest 1_2e_200 eur '"),
            "{out}"
        );
        assert!(out.contains("'al kazemi 1200 _1_'"), "{out}");
        assert!(out.contains("'irak.txt', 0, 'Al-Kazemi'"), "{out}");
    }
}
