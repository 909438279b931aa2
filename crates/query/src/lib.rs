//! Parses what a user types into a typed [`Query`] tree.
mod ast;

pub use ast::{Clause, Occur, Phrase, Query, Term, TermModifier};
