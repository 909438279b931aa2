//! Tokens to tree: precedence, grouping, and recovery from mistakes.
//!
//! One recursive-descent parser serves both modes. It always recovers (drops a
//! dangling operator, closes an open group, reads an unclosed phrase to the
//! end) and records what it had to fix; [`Parser::parse`] fails on the first
//! record, [`Parser::parse_lenient`] returns the repaired tree with all of
//! them. Grammar, loosest first:
//!
//! ```text
//! sequence := ( or | stray `)` | stray AND/OR )*      side by side: default operator
//! or       := and ( OR and )*
//! and      := unary ( AND unary )*
//! unary    := NOT* signed
//! signed   := ( `+` | `-` )? scoped
//! scoped   := field* atom
//! atom     := word | phrase | date filter | `(` sequence `)`
//! ```
//!
//! A date filter (`fecha:2021-07`) is one token: the lexer reads its value,
//! since the value has a syntax of its own. A wrong one was reported there and
//! reads as nothing.
//!
//! Only groups recurse; runs of `NOT` and of field scopes are read in loops.
//! Every level of nesting is counted against the depth limit before it is
//! entered, so no input can exhaust the stack.

use std::ops::Range;

use crate::ast::{Clause, Occur, Query};
use crate::error::{ParseError, ParseErrorKind, Report};
use crate::fields::{FieldKind, Fields};
use crate::lexer::{self, Options, Tok, Token};

/// How words written side by side combine: `guerra Irak`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DefaultOperator {
    /// Every word must match, as if joined by `AND`. Plain words next to
    /// `+word`/`-word` are required too.
    #[default]
    All,
    /// Any word may match, as if joined by `OR`. Plain words next to a
    /// `+word` then only add to the score.
    Any,
}

/// Parses query text into a [`Query`].
///
/// Build one with [`Parser::builder`] and share it: it is cheap to clone and
/// `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Parser {
    default_operator: DefaultOperator,
    fields: Fields,
    max_depth: usize,
    max_len: usize,
}

/// What [`Parser::parse_lenient`] returns: the best query it could make of the
/// text, and every problem it had to work around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lenient {
    /// The repaired query; `None` when nothing searchable is left.
    pub query: Option<Query>,
    /// The problems, in the order they were found.
    pub errors: Vec<ParseError>,
}

/// Settings for a [`Parser`].
#[derive(Debug, Clone)]
pub struct ParserBuilder {
    default_operator: DefaultOperator,
    fields: Fields,
    max_depth: usize,
    max_len: usize,
}

impl Default for ParserBuilder {
    fn default() -> Self {
        ParserBuilder {
            default_operator: DefaultOperator::default(),
            fields: Fields::default(),
            max_depth: Parser::DEFAULT_MAX_DEPTH,
            max_len: Parser::DEFAULT_MAX_LEN,
        }
    }
}

impl ParserBuilder {
    /// How words side by side combine. Default: [`DefaultOperator::All`].
    pub fn default_operator(mut self, operator: DefaultOperator) -> Self {
        self.default_operator = operator;
        self
    }

    /// Declares a field that `name:` can scope to, with other spellings that
    /// mean the same field. Matching ignores case; the tree always holds
    /// `name`. A name must be letters, digits and `_`, starting with a letter,
    /// or it can never be typed. `name:` for an undeclared name is part of a
    /// word, so `https://x.es` and `10:30` stay words. A spelling declared
    /// again, as a text or a date field, takes its last meaning.
    pub fn field(mut self, name: &str, aliases: &[&str]) -> Self {
        self.fields.insert(name, aliases, FieldKind::Text);
        self
    }

    /// Declares a date field that `name:` filters on, with other spellings (e.g.
    /// `.date_field("date", &["fecha"])`). Matching ignores case. `name:` then
    /// takes a date value (the forms are in the crate's syntax table), never a
    /// sub-query, and gives a [`Query::DateRange`].
    pub fn date_field(mut self, name: &str, aliases: &[&str]) -> Self {
        self.fields.insert(name, aliases, FieldKind::Date);
        self
    }

    /// How deep parentheses, `NOT`s and field scopes may nest. Default 64;
    /// values are kept between 1 and [`Parser::MAX_DEPTH_LIMIT`] (128). Each
    /// level of parentheses takes about 1.5 KB of stack in an optimized build
    /// (5 KB unoptimized), so the limit fits any thread's stack.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth.clamp(1, Parser::MAX_DEPTH_LIMIT);
        self
    }

    /// The longest query accepted, in characters. Default 10,000. Longer
    /// queries are an error in [`Parser::parse`]; [`Parser::parse_lenient`]
    /// reads only the first `len` characters.
    pub fn max_len(mut self, len: usize) -> Self {
        self.max_len = len;
        self
    }

    /// The parser.
    pub fn build(&self) -> Parser {
        Parser {
            default_operator: self.default_operator,
            fields: self.fields.clone(),
            max_depth: self.max_depth,
            max_len: self.max_len,
        }
    }
}

impl Default for Parser {
    fn default() -> Self {
        Parser::builder().build()
    }
}

impl Parser {
    /// The default nesting limit.
    pub const DEFAULT_MAX_DEPTH: usize = 64;
    /// The highest nesting limit [`ParserBuilder::max_depth`] accepts.
    pub const MAX_DEPTH_LIMIT: usize = 128;
    /// The default length limit, in characters.
    pub const DEFAULT_MAX_LEN: usize = 10_000;

    /// Settings, starting from the defaults.
    pub fn builder() -> ParserBuilder {
        ParserBuilder::default()
    }

    /// How this parser combines words side by side.
    pub fn default_operator(&self) -> DefaultOperator {
        self.default_operator
    }

    /// Parses `input`, failing on the first problem.
    pub fn parse(&self, input: &str) -> Result<Query, ParseError> {
        let (query, errors) = self.run(input, false);
        match (errors.into_iter().next(), query) {
            (Some(error), _) => Err(error),
            (None, Some(query)) => Ok(query),
            (None, None) => unreachable!("an empty result is always reported"),
        }
    }

    /// Parses `input` as well as it can. It never fails: an unclosed phrase
    /// runs to the end, an unclosed group closes at the end, a stray `)` or a
    /// dangling operator is dropped, a query made only of operators searches
    /// them as words. Meant for search as you type; show
    /// [`Lenient::errors`] as advice.
    pub fn parse_lenient(&self, input: &str) -> Lenient {
        let (query, errors) = self.run(input, true);
        Lenient { query, errors }
    }

    fn run(&self, input: &str, lenient: bool) -> (Option<Query>, Vec<ParseError>) {
        let mut report = Report::new(input);
        let mut chars: Vec<char> = Vec::with_capacity(input.len().min(self.max_len));
        chars.extend(input.chars().take(self.max_len));
        if input.len() > chars.len() {
            let total = chars.len()
                + input[chars.iter().map(|c| c.len_utf8()).sum()..]
                    .chars()
                    .count();
            if total > self.max_len {
                report.push(
                    ParseErrorKind::TooLong,
                    self.max_len..total,
                    format!(
                        "the query is {total} characters long; the limit is {}",
                        self.max_len
                    ),
                    Some("shorten the query".into()),
                );
                if !lenient {
                    return (None, report.errors);
                }
            }
        }
        let options = Options {
            fields: &self.fields,
            keywords: true,
            advice: lenient,
        };
        let lexed = lexer::lex(&chars, &options, &mut report);
        let mut query = self.tree(lexed.tokens, chars.len(), &mut report);
        if query.is_none() && lexed.saw_keyword && lenient {
            // Only operators: `NO`, `Y`, `AND`. Search them as words.
            let options = Options {
                keywords: false,
                advice: false,
                ..options
            };
            let mut scratch = Report::new(input);
            let tokens = lexer::lex(&chars, &options, &mut scratch).tokens;
            query = self.tree(tokens, chars.len(), &mut scratch);
        }
        (query, report.errors)
    }

    fn tree(&self, tokens: Vec<Token>, len: usize, report: &mut Report<'_>) -> Option<Query> {
        let mut state = State {
            parser: self,
            tokens,
            pos: 0,
            depth: 0,
            flattened: 0,
            report,
        };
        let query = state.sequence(None);
        if query.is_none() && state.report.errors.is_empty() {
            state.report.push(
                ParseErrorKind::EmptyQuery,
                0..len,
                "empty query: nothing to search for",
                Some("type a word or a quoted phrase".into()),
            );
        }
        query
    }
}

/// An operand on its way up: a `+`/`-` sign only means something for an
/// operand standing alone in a sequence, and an unparenthesized chain of the
/// default operator merges into the sequence around it.
struct Item {
    sign: Option<Occur>,
    query: Query,
    /// Built from an `AND` (true) or `OR` (false) chain without parentheses.
    chain: Option<bool>,
}

impl Item {
    fn plain(query: Query) -> Self {
        Item {
            sign: None,
            query,
            chain: None,
        }
    }

    /// Inside `AND`, `OR` and `NOT`, `-x` means `NOT x` and `+x` means `x`.
    fn into_query(self) -> Query {
        match self.sign {
            Some(Occur::MustNot) => Query::not(self.query),
            _ => self.query,
        }
    }
}

struct State<'p, 'r, 'i> {
    parser: &'p Parser,
    tokens: Vec<Token>,
    pos: usize,
    /// Nesting of the operand being read: groups, `NOT`s and field scopes.
    depth: usize,
    /// `(` skipped for being too deep, whose `)` are still to come.
    flattened: usize,
    report: &'r mut Report<'i>,
}

impl State<'_, '_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn span(&self) -> Range<usize> {
        self.tokens[self.pos].span.clone()
    }

    fn text(&self, span: &Range<usize>) -> String {
        self.report
            .input()
            .chars()
            .skip(span.start)
            .take(span.len())
            .collect()
    }

    fn missing(&mut self, span: Range<usize>, side: &str) {
        let op = self.text(&span);
        let (message, hint) = match side {
            "left" => (
                format!("`{op}` has nothing on its left"),
                format!("put a word before `{op}`, or remove it"),
            ),
            "right" => (
                format!("`{op}` has nothing on its right"),
                format!("put a word after `{op}`, or remove it"),
            ),
            _ => (
                format!("`{op}` has nothing to apply to"),
                format!("put a word, a quoted phrase or a group right after `{op}`"),
            ),
        };
        self.report
            .push(ParseErrorKind::MissingOperand, span, message, Some(hint));
    }

    /// Reads operands side by side until the end or, inside a group, its `)`.
    fn sequence(&mut self, open: Option<&Range<usize>>) -> Option<Query> {
        let mut items = Vec::new();
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Close if self.flattened > 0 => {
                    self.flattened -= 1;
                    self.pos += 1;
                }
                Tok::Close if open.is_some() => break,
                Tok::Close => {
                    self.report.push(
                        ParseErrorKind::UnbalancedClose,
                        self.span(),
                        "unbalanced `)`: no group is open",
                        Some("remove it, or open the group with `(`".into()),
                    );
                    self.pos += 1;
                }
                Tok::And | Tok::Or => {
                    self.missing(self.span(), "left");
                    self.pos += 1;
                }
                _ => {
                    let before = self.pos;
                    if let Some(item) = self.or() {
                        items.push(item);
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        self.join(items)
    }

    fn join(&self, mut items: Vec<Item>) -> Option<Query> {
        let all = self.parser.default_operator == DefaultOperator::All;
        if items.len() <= 1 && items.iter().all(|item| item.sign.is_none()) {
            return items.pop().map(|item| item.query);
        }
        if items.iter().any(|item| item.sign.is_some()) {
            let plain = if all { Occur::Must } else { Occur::Should };
            let clauses = items
                .into_iter()
                .map(|item| Clause {
                    occur: item.sign.unwrap_or(plain),
                    query: item.query,
                })
                .collect();
            return Some(Query::Clauses(clauses));
        }
        let mut queries = Vec::with_capacity(items.len());
        for item in items {
            match (item.chain, item.query) {
                (Some(true), Query::And(parts)) if all => queries.extend(parts),
                (Some(false), Query::Or(parts)) if !all => queries.extend(parts),
                (_, query) => queries.push(query),
            }
        }
        Some(if all {
            Query::And(queries)
        } else {
            Query::Or(queries)
        })
    }

    /// A chain of operands joined by one binary operator.
    fn chain(
        &mut self,
        is_op: fn(&Tok) -> bool,
        operand: fn(&mut Self) -> Option<Item>,
        and: bool,
    ) -> Option<Item> {
        let before = self.pos;
        let mut parts = Vec::new();
        match operand(self) {
            Some(item) => parts.push(item),
            // Read, reported, and nothing came of it (`() AND x`, a wrong date):
            // the operator still joins what follows.
            None if self.pos > before && self.peek().is_some_and(is_op) => {}
            None => return None,
        }
        while self.peek().is_some_and(is_op) {
            let op = self.span();
            self.pos += 1;
            let before = self.pos;
            match operand(self) {
                Some(item) => parts.push(item),
                // Something was read but nothing came of it (`x AND ()`): that
                // was reported; carry on.
                None if self.pos > before => {}
                None => {
                    self.missing(op, "right");
                    break;
                }
            }
        }
        if parts.len() <= 1 {
            return parts.pop();
        }
        let queries = parts.into_iter().map(Item::into_query).collect();
        Some(Item {
            sign: None,
            query: if and {
                Query::And(queries)
            } else {
                Query::Or(queries)
            },
            chain: Some(and),
        })
    }

    fn or(&mut self) -> Option<Item> {
        self.chain(|t| *t == Tok::Or, Self::and, false)
    }

    fn and(&mut self) -> Option<Item> {
        self.chain(|t| *t == Tok::And, Self::unary, true)
    }

    fn unary(&mut self) -> Option<Item> {
        let mut nots = Vec::new();
        while self.peek() == Some(&Tok::Not) {
            nots.push(self.span());
            self.pos += 1;
        }
        if nots.is_empty() {
            return self.signed();
        }
        let mut count = nots.len();
        let room = self.parser.max_depth - self.depth;
        if count > room {
            self.too_deep(nots[room].clone());
            // Keep what the NOTs meant: an odd number excludes.
            count = (count % 2).min(room);
        }
        let before = self.pos;
        self.depth += count;
        let operand = self.signed();
        self.depth -= count;
        let Some(operand) = operand else {
            if self.pos == before {
                self.missing(nots.pop().unwrap_or_default(), "operand");
            }
            return None;
        };
        let mut query = operand.into_query();
        for _ in 0..count {
            query = Query::not(query);
        }
        Some(Item::plain(query))
    }

    fn signed(&mut self) -> Option<Item> {
        let sign = match self.peek() {
            Some(Tok::Plus) => Occur::Must,
            Some(Tok::Minus) => Occur::MustNot,
            _ => return self.scoped().map(Item::plain),
        };
        let span = self.span();
        self.pos += 1;
        let before = self.pos;
        match self.scoped() {
            Some(query) => Some(Item {
                sign: Some(sign),
                query,
                chain: None,
            }),
            None => {
                if self.pos == before {
                    self.missing(span, "operand");
                }
                None
            }
        }
    }

    fn scoped(&mut self) -> Option<Query> {
        let mut fields = Vec::new();
        while let Some(Tok::Field(name)) = self.peek() {
            fields.push((name.clone(), self.span()));
            self.pos += 1;
        }
        if fields.is_empty() {
            return self.atom();
        }
        let room = self.parser.max_depth - self.depth;
        if fields.len() > room {
            self.too_deep(fields[room].1.clone());
            // The innermost scope is the one that takes effect.
            fields.drain(..fields.len() - room.min(1));
        }
        let before = self.pos;
        self.depth += fields.len();
        let operand = self.atom();
        self.depth -= fields.len();
        let Some(mut query) = operand else {
            if self.pos == before {
                if let Some((_, span)) = fields.pop() {
                    self.missing(span, "operand");
                }
            }
            return None;
        };
        for (name, _) in fields.into_iter().rev() {
            query = Query::field(name, query);
        }
        Some(query)
    }

    fn atom(&mut self) -> Option<Query> {
        let token = self.tokens.get_mut(self.pos)?;
        let query = match &mut token.tok {
            Tok::Word(term) => Query::Term(std::mem::take(term)),
            Tok::Phrase(phrase) => Query::Phrase(std::mem::take(phrase)),
            Tok::Date(field, Some(range)) => Query::DateRange {
                field: std::mem::take(field),
                range: *range,
            },
            Tok::Date(_, None) => {
                self.pos += 1;
                return None;
            }
            Tok::Open => return self.group(),
            _ => return None,
        };
        self.pos += 1;
        Some(query)
    }

    fn group(&mut self) -> Option<Query> {
        let open = self.span();
        self.pos += 1;
        if self.depth >= self.parser.max_depth {
            // Read what follows as if this `(` and its `)` were not there.
            self.too_deep(open);
            self.flattened += 1;
            return None;
        }
        self.depth += 1;
        let first = self.pos;
        let inner = self.sequence(Some(&open));
        self.depth -= 1;
        if self.peek() == Some(&Tok::Close) {
            let close = self.span();
            // Only a group with nothing in it is empty; what came to nothing
            // inside (`(fecha:julio)`, `(NOT)`) was reported already.
            let empty = self.pos == first;
            self.pos += 1;
            if inner.is_none() && empty {
                self.report.push(
                    ParseErrorKind::EmptyGroup,
                    open.start..close.end,
                    "empty group",
                    Some("put something between the parentheses, or remove them".into()),
                );
            }
        } else {
            self.report.push(
                ParseErrorKind::UnbalancedOpen,
                open,
                "unclosed `(`",
                Some("close the group opened here with `)`".into()),
            );
        }
        inner
    }

    fn too_deep(&mut self, span: Range<usize>) {
        if self.report.has(ParseErrorKind::TooDeep) {
            return;
        }
        let max = self.parser.max_depth;
        self.report.push(
            ParseErrorKind::TooDeep,
            span,
            format!("the query nests deeper than {max} levels"),
            Some("remove some parentheses, `NOT`s or field scopes".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_and_errors_travel_between_threads() {
        fn shared<T: Clone + Send + Sync + 'static>() {}
        fn error<E: std::error::Error + Send + Sync + 'static>() {}
        shared::<Parser>();
        shared::<ParserBuilder>();
        shared::<Lenient>();
        error::<ParseError>();
    }

    #[test]
    fn limits_are_clamped() {
        let parser = Parser::builder().max_depth(0).build();
        assert_eq!(parser.max_depth, 1);
        let parser = Parser::builder().max_depth(usize::MAX).build();
        assert_eq!(parser.max_depth, Parser::MAX_DEPTH_LIMIT);
    }
}
