//! Snippets of texts that a search elsewhere found (a cluster's stored passages), made
//! as a local search makes them.

use super::snippet::{self, Matcher, Snippet};
use super::{compile, filter, SearchOptions};
use crate::analysis::Variant;
use crate::error::Result;
use lupa_query::Query;

/// What a query marks in a text: its words by their stems, its phrases, prefixes and
/// fuzzy words, with the synonyms of `options`.
///
/// ```
/// use lupa_core::{parser, DefaultOperator, Highlighter, SearchOptions};
/// let ast = parser(DefaultOperator::Any).parse("retirar tropas").unwrap();
/// let marks = Highlighter::new(&ast, &SearchOptions::default())?;
/// let snippet = marks.snippet("Anunció la retirada de las tropas.", 200);
/// assert_eq!(&snippet.text[snippet.highlights[0].clone()], "retirada");
/// # Ok::<(), lupa_core::Error>(())
/// ```
pub struct Highlighter {
    matcher: Matcher,
}

impl Highlighter {
    /// The marks of `ast`, compiled without an index (so with no typo or related-word
    /// expansions, which a snippet does not mark anyway).
    pub fn new(ast: &Query, options: &SearchOptions) -> Result<Highlighter> {
        let (rest, _) = filter::split(ast);
        let matcher = match rest {
            Some(rest) => {
                let fields = crate::schema::build().1;
                compile(None, None, fields, Variant::Lupa, &rest, options)?.matcher
            }
            None => Matcher::new(Variant::Lupa),
        };
        Ok(Highlighter { matcher })
    }

    /// The best passage of about `max_chars` characters of `text`, matches marked.
    pub fn snippet(&self, text: &str, max_chars: usize) -> Snippet {
        snippet::best(text, &self.matcher, max_chars)
    }
}
