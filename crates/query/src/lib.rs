//! Parses what a user types into a typed [`Query`] tree, or into a
//! [`ParseError`] that points at the problem.
//!
//! The crate knows nothing about indexes: words and phrases keep the raw text
//! the user typed, and `lupa-core` runs them through the analyzer.
//!
//! ```
//! use lupa_query::{Date, DateRange, DefaultOperator, Parser, Query, Term};
//!
//! let parser = Parser::builder()
//!     .default_operator(DefaultOperator::All)
//!     .field("title", &["título", "titulo"])
//!     .field("body", &["texto"])
//!     .date_field("date", &["fecha"])
//!     .build();
//!
//! let query = parser.parse("título:Irak retir* NO Bush")?;
//! assert_eq!(
//!     query,
//!     Query::And(vec![
//!         Query::field("title", Query::term("Irak")),
//!         Query::Term(Term::prefix("retir")),
//!         Query::not(Query::term("Bush")),
//!     ])
//! );
//! // Printing gives canonical text, which parses back to the same tree.
//! assert_eq!(query.to_string(), "title:Irak AND retir* AND NOT Bush");
//! assert_eq!(parser.parse(&query.to_string())?, query);
//!
//! // Date filters select documents by a date field.
//! let query = parser.parse("Irak fecha:>=2021-07")?;
//! let july = Date::new(2021, 7, 1);
//! assert_eq!(
//!     query,
//!     Query::And(vec![
//!         Query::term("Irak"),
//!         Query::date_range("date", DateRange { from: july, to: None }),
//!     ])
//! );
//! assert_eq!(query.to_string(), "Irak AND date:>=2021-07-01");
//!
//! // Errors point at the problem.
//! let error = parser.parse(r#"Irak "fin de las misiones"#).unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "unclosed quote\n  Irak \"fin de las misiones\n       ^\n  hint: close the quote opened here"
//! );
//!
//! // While the user types, take the best guess and the advice.
//! let typing = parser.parse_lenient("guerra AND (Irak OR");
//! assert_eq!(typing.query.unwrap().to_string(), "guerra AND Irak");
//! assert_eq!(typing.errors.len(), 2);
//! # Ok::<(), lupa_query::ParseError>(())
//! ```
//!
//! # Syntax
//!
//! | Write | Meaning |
//! |---|---|
//! | `Irak`, `EE.UU.`, `Al-Kazemi`, `1.200`, `10:30` | a word: letters and digits, with `.` `-` `'` `/` `@` `:` inside; the analyzer splits it later |
//! | `¿Dónde está Irak?` | three words: punctuation that is not syntax (`¿ ? ¡ ! , ;`) separates words |
//! | `"fin de las misiones"` | a phrase |
//! | `"retirada tropas"~3` | a phrase whose words may be up to 3 moves apart (Lucene slop) |
//! | `guerra Irak` | side by side: both (default [`DefaultOperator::All`]) or either ([`DefaultOperator::Any`]) |
//! | `a AND b`, `a && b`, `a Y b` | both |
//! | `a OR b`, <code>a &#124;&#124; b</code>, `a O b` | either |
//! | `NOT a`, `!a`, `NO a` | not `a`; alone it means every document without `a` |
//! | `+a`, `-a` | `a` required / excluded, also before phrases, groups and fields; a `-` inside a word (`Al-Kazemi`) is part of it |
//! | `(a OR b) AND c` | grouping, nested as deep as the depth limit |
//! | `title:irak`, `title:"…"`, `title:(a OR b)` | limited to a declared field; names and aliases ignore case; an undeclared `name:` is part of a word |
//! | `retir*` | words starting with `retir` |
//! | `Suleimany~1`, `~2`, `~` | words within 1 or 2 edits; `~` alone is `~1` |
//! | `\"`, `\(`, `\AND`, `\-x` | a backslash makes the next character (or keyword) plain text |
//! | `fecha:2021`, `fecha:2021-07`, `fecha:2021-07-26`, `fecha:26/07/2021` | a filter on a declared date field ([`ParserBuilder::date_field`]): every day of that year, month or day (day/month/year with `/`) |
//! | `fecha:>=2021-07-01`, `fecha:>2021-07`, `fecha:<=2021`, `fecha:<2021-07-26` | from or up to a date: `>2021-07` starts on 2021-08-01, `<2021-07-26` ends on 2021-07-25 |
//! | `fecha:[2021-01-01 TO 2021-06-30]`, `fecha:[2021-01 TO *]` | from the first day of A to the last day of B; `*` leaves a side open; `TO` in any case |
//!
//! Lowercase `and`, `or`, `not`, `y`, `o`, `no` are ordinary words.
//! Precedence, tightest first: `NOT`, `AND`, `OR`, then side by side. So
//! `guerra Irak OR Irán` is `guerra AND (Irak OR Irán)`, and `a AND b OR c` is
//! `(a AND b) OR c`. When a `+` or `-` word stands side by side with others,
//! the sequence becomes [`Query::Clauses`] with Lucene's meaning: `+` words
//! are required, `-` words excluded, and plain words required under
//! [`DefaultOperator::All`] or optional under [`DefaultOperator::Any`]. Inside
//! an `AND`, `OR` or `NOT`, `-a` is simply `NOT a` and `+a` is `a`.
//!
//! A date filter ([`Query::DateRange`]) stands wherever a word can: side by
//! side, with `AND`, `OR`, `NOT`, `+`, `-` and in groups. Its value has no
//! spaces except inside `[…]`; months and days may have one digit
//! (`2021-7-6`, `6/7/2021`), years have four. A date field takes a date,
//! never a sub-query (`fecha:(a OR b)` is an error). A text field scope
//! around a date filter leaves it as it is, since the filter names its own
//! field: in `title:(Irak fecha:2021)` only `Irak` is limited to `title`, as
//! the innermost scope wins in `title:(a body:b)`. A value that is not one of
//! the forms, not a real day (`2021-02-30`) or a range that ends before it
//! starts is a [`ParseErrorKind::BadDate`]; [`Parser::parse_lenient`] drops
//! that filter and keeps the rest. Printed, a filter always shows its bounds:
//! `date:[2021-01-01 TO 2021-12-31]`, `date:>=2021-07-01`, `date:<=2021-06-30`.
//!
//! # Errors
//!
//! [`Parser::parse`] reports the first problem as a [`ParseError`]: its
//! [`ParseErrorKind`], its span in characters, a message and, where one helps,
//! a hint. [`Parser::parse_lenient`] never fails: it returns the best query
//! it can make and all the problems, for search as you type. Neither can
//! exhaust the stack, whatever the input: nesting is limited
//! ([`ParserBuilder::max_depth`]) and so is length
//! ([`ParserBuilder::max_len`]).
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![warn(missing_docs)]

mod ast;
mod date;
mod display;
mod error;
mod fields;
mod lexer;
mod parser;

pub use ast::{
    Clause, Date, DateRange, Leaf, LeafKind, Leaves, Occur, Phrase, Query, Term, TermModifier,
};
pub use error::{ParseError, ParseErrorKind, Result};
pub use parser::{DefaultOperator, Lenient, Parser, ParserBuilder};

/// The README's example runs as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
