//! Parses what a user types into a typed [`Query`] tree.
mod ast;

pub use ast::{Clause, Occur, Phrase, Query, Term, TermModifier};

/// Placeholder until the parser lands.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// How side-by-side words join.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultOperator {
    /// All must match.
    All,
    /// Any may match.
    Any,
}

/// Placeholder parser: words and quoted phrases only.
#[derive(Debug, Clone)]
pub struct Parser {
    op: DefaultOperator,
}

/// Builds a [`Parser`].
#[derive(Debug, Clone)]
pub struct ParserBuilder {
    op: DefaultOperator,
}

impl Parser {
    /// A builder.
    pub fn builder() -> ParserBuilder {
        ParserBuilder {
            op: DefaultOperator::Any,
        }
    }
    /// Parses.
    pub fn parse(&self, input: &str) -> Result<Query, ParseError> {
        let mut items = Vec::new();
        for (i, part) in input.split('"').enumerate() {
            if i % 2 == 1 {
                items.push(Query::Phrase(Phrase {
                    text: part.into(),
                    slop: None,
                }));
            } else {
                for w in part.split_whitespace() {
                    let (text, modifier) = match w.strip_suffix('*') {
                        Some(p) => (p, TermModifier::Prefix),
                        None => (w, TermModifier::None),
                    };
                    items.push(Query::Term(Term {
                        text: text.into(),
                        modifier,
                    }));
                }
            }
        }
        if items.is_empty() {
            return Err(ParseError("empty".into()));
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else if self.op == DefaultOperator::All {
            Query::And(items)
        } else {
            Query::Or(items)
        })
    }
}

impl ParserBuilder {
    /// Sets the default operator.
    pub fn default_operator(mut self, op: DefaultOperator) -> Self {
        self.op = op;
        self
    }
    /// Declares a field.
    pub fn field(self, _name: &str, _aliases: &[&str]) -> Self {
        self
    }
    /// Builds.
    pub fn build(self) -> Parser {
        Parser { op: self.op }
    }
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
