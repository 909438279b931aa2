//! The typed query tree.
//!
//! The parser produces it; `lupa-core` compiles it into engine queries. Words and
//! phrases keep the raw text the user typed: deciding what the tokens are is the
//! analyzer's job, not the parser's.

use serde::{Deserialize, Serialize};

/// A parsed search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Query {
    /// One word, possibly a prefix (`retir*`) or fuzzy (`Suleimany~1`) word.
    Term(Term),
    /// A quoted phrase, possibly with a proximity slop (`"retirada tropas"~3`).
    Phrase(Phrase),
    /// A sub-query limited to one field (`title:irak`). `field` is the canonical
    /// field name, never an alias.
    Field {
        /// Canonical field name, as the caller declared it.
        field: String,
        /// The scoped query.
        query: Box<Query>,
    },
    /// Every sub-query must match.
    And(Vec<Query>),
    /// At least one sub-query must match.
    Or(Vec<Query>),
    /// Documents that do not match the sub-query. Alone, it means every document
    /// except the matches.
    Not(Box<Query>),
    /// Lucene-style clauses, produced when `+word` or `-word` appear among words
    /// joined by the default operator: `Must` clauses are required, `MustNot`
    /// clauses excluded, and `Should` clauses optional when a `Must` clause is
    /// present (they then only add to the score).
    Clauses(Vec<Clause>),
}

/// One clause of a [`Query::Clauses`] list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Whether the clause is required, optional or excluded.
    pub occur: Occur,
    /// The clause itself.
    pub query: Query,
}

/// How a clause takes part in a [`Query::Clauses`] list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occur {
    /// `+word`: required.
    Must,
    /// A plain word: optional when some clause is required.
    Should,
    /// `-word`: excluded.
    MustNot,
}

/// A single word as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// The raw text, with escapes resolved (`EE.UU.`, `Al-Kazemi`, `1.200`).
    pub text: String,
    /// Prefix or fuzzy matching, if asked for.
    pub modifier: TermModifier,
}

/// What kind of matching a [`Term`] asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermModifier {
    /// Ordinary analyzed matching.
    #[default]
    None,
    /// `retir*`: every indexed word that starts with the text.
    Prefix,
    /// `Suleimany~1`: words within this many edits (1 or 2).
    Fuzzy(u8),
}

/// A quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    /// The raw text between the quotes, with escapes resolved.
    pub text: String,
    /// Lucene's slop: how many position moves may separate the words
    /// (`"a b"~3`). `None` for an exact phrase.
    pub slop: Option<u32>,
}
