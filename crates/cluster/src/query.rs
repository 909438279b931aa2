//! A `lupa-query` AST compiled into Sphinx's extended query syntax, with Lupa's
//! analysis, synonyms and vocabulary, as a local search compiles it into tantivy's
//! queries:
//!
//! | query piece | becomes |
//! |---|---|
//! | word | its indexed form in `title`, `body` and `alt`, or any spelling of its synonym group (a multi-word spelling as a phrase); stop words are dropped |
//! | `"phrase"` | a phrase of the indexed forms, stop words at their places; `~N` becomes Sphinx's proximity `~N` |
//! | `retir*`, `word~N` | the folded words of the local index's vocabulary that match, as alternatives in `folded` |
//! | `title:`, `body:` | a field limit |
//! | `autor:`, `fuente:` | their folded words in `author`, `source` |
//! | `fecha:`, `--since`, `--until` | a filter on the `date` attribute (at the top of the query only) |
//! | `a b` (any), `a AND b`, `a OR b`, `+a b`, `-a`, `NOT a` | `a \| b`, `a b`, `a \| b`, `a \| (a b)`, `… -a`, [`EVERY`] `-a` |
//!
//! Every part is parenthesized: Sphinx's `|` binds tighter than its implicit AND, and a
//! field limit reaches to the end of its group.

use crate::document::{keyword, keyword_of, EVERY, NOTHING};
use crate::error::{Error, Result};
use lupa::analysis::Analysis;
use lupa::query::{Occur, Query, TermModifier};
use lupa::{Day, SearchOptions, Snapshot, Synonyms};

/// A compiled query.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    /// The `MATCH('…')` text; `None` when nothing is left to search for.
    pub text: Option<String>,
    /// Conditions on attributes (`date >= …`), joined by AND.
    pub filters: Vec<String>,
    /// Whether something was dropped because it held only stop words.
    pub stop_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    Title,
    Body,
}

impl Scope {
    fn fields(self) -> &'static str {
        match self {
            Scope::All => "@(title,body,alt)",
            Scope::Title => "@title",
            Scope::Body => "@(body,alt)",
        }
    }
}

enum Node {
    Text(String),
    StopOnly,
    Empty,
}

struct Compiler<'a> {
    analysis: Analysis,
    snapshot: Option<&'a Snapshot>,
    synonyms: Option<&'a Synonyms>,
    stop_only: bool,
    /// The folded forms of the top-level bag's words, for the exact-form part.
    exact: Vec<String>,
}

/// Compiles `ast` with `options`' synonyms and date bounds; prefix and fuzzy words are
/// expanded from `snapshot`'s vocabulary (without one they match nothing).
pub(crate) fn compile(
    ast: &Query,
    options: &SearchOptions,
    snapshot: Option<&Snapshot>,
) -> Result<Compiled> {
    let mut c = Compiler {
        analysis: Analysis::new(),
        snapshot,
        synonyms: options.synonyms.as_deref(),
        stop_only: false,
        exact: Vec::new(),
    };
    let mut filters = Vec::new();
    let mut required = Vec::new();
    let rest = c.split(ast, &mut filters, &mut required)?;
    let mut text = match rest {
        Some(rest) => match c.node(&rest, Scope::All, true)? {
            Node::Text(t) => Some(t),
            Node::StopOnly => {
                c.stop_only = true;
                None
            }
            Node::Empty => None,
        },
        None => Some(EVERY.to_string()),
    };
    if let Some(t) = &mut text {
        for r in &required {
            t.push(' ');
            t.push_str(r);
        }
        c.exact.sort();
        c.exact.dedup();
        if !c.exact.is_empty() {
            *t = maybe(t, &format!("(@folded ({}))", c.exact.join(" | ")));
        }
    }
    let bound = |day: Option<Day>, op: &str, filters: &mut Vec<String>| {
        if let Some(day) = day {
            filters.push(format!("dated = 1 AND date {op} {}", day.days()));
        }
    };
    bound(options.since, ">=", &mut filters);
    bound(options.until, "<=", &mut filters);
    Ok(Compiled {
        text,
        filters,
        stop_only: c.stop_only,
    })
}

impl Compiler<'_> {
    /// Takes the top-level filters out of `ast`, as a local search does: dates into
    /// `filters`, author and source into `required` (matched, with no weight).
    fn split(
        &mut self,
        ast: &Query,
        filters: &mut Vec<String>,
        required: &mut Vec<String>,
    ) -> Result<Option<Query>> {
        let mut own = |q: &Query, negated: bool, me: &mut Self| -> Result<bool> {
            match q {
                Query::Not(inner) => me.filter(inner, !negated, filters, required),
                q => me.filter(q, negated, filters, required),
            }
        };
        if own(ast, false, self)? {
            return Ok(None);
        }
        Ok(match ast {
            Query::And(items) | Query::Or(items) => {
                let mut kept = Vec::new();
                for item in items {
                    if !own(item, false, self)? {
                        kept.push(item.clone());
                    }
                }
                match kept.len() {
                    0 => None,
                    1 => kept.pop(),
                    _ if matches!(ast, Query::And(_)) => Some(Query::And(kept)),
                    _ => Some(Query::Or(kept)),
                }
            }
            Query::Clauses(list) => {
                let mut kept = Vec::new();
                for clause in list {
                    if !own(&clause.query, clause.occur == Occur::MustNot, self)? {
                        kept.push(clause.clone());
                    }
                }
                (!kept.is_empty()).then_some(Query::Clauses(kept))
            }
            other => Some(other.clone()),
        })
    }

    /// Whether `q` is a filter, recorded if so.
    fn filter(
        &mut self,
        q: &Query,
        negated: bool,
        filters: &mut Vec<String>,
        required: &mut Vec<String>,
    ) -> Result<bool> {
        match q {
            Query::DateRange { range, .. } => {
                let day = |d: Option<lupa::query::Date>| {
                    d.and_then(|d| Day::from_ymd(d.year, u32::from(d.month), u32::from(d.day)))
                };
                let mut parts = vec!["dated = 1".to_string()];
                if let Some(from) = day(range.from) {
                    parts.push(format!("date >= {}", from.days()));
                }
                if let Some(to) = day(range.to) {
                    parts.push(format!("date <= {}", to.days()));
                }
                let condition = parts.join(" AND ");
                filters.push(if negated {
                    // SphinxQL 2.2 has no NOT over a condition: outside the range.
                    let mut outside = vec!["dated = 0".to_string()];
                    if let Some(from) = day(range.from) {
                        outside.push(format!("date < {}", from.days()));
                    }
                    if let Some(to) = day(range.to) {
                        outside.push(format!("date > {}", to.days()));
                    }
                    if outside.len() > 2 {
                        return Err(Error::Unsupported {
                            what: "leaving out a closed date range".into(),
                        });
                    }
                    outside.join(" OR ")
                } else {
                    condition
                });
                Ok(true)
            }
            Query::Field { field, query } if field == lupa::AUTHOR || field == lupa::SOURCE => {
                let words = self.names(query)?;
                let Some(words) = words else {
                    return Ok(true);
                };
                let limited = format!("(@{field} {words})");
                required.push(if negated {
                    format!("-{limited}")
                } else {
                    limited
                });
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The words and phrases of a name filter, folded.
    fn names(&mut self, q: &Query) -> Result<Option<String>> {
        Ok(match q {
            Query::Term(t) => self.folded_words(&t.text).map(|w| w.join(" ")),
            Query::Phrase(p) => self
                .folded_words(&p.text)
                .map(|w| format!("\"{}\"", w.join(" "))),
            Query::And(items) | Query::Or(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| self.names(i))
                    .collect::<Result<Vec<_>>>()?
                    .into_iter()
                    .flatten()
                    .collect();
                let sep = if matches!(q, Query::And(_)) {
                    " "
                } else {
                    " | "
                };
                (!parts.is_empty()).then(|| format!("({})", parts.join(sep)))
            }
            _ => {
                return Err(Error::Unsupported {
                    what: "this author or source filter".into(),
                })
            }
        })
    }

    fn folded_words(&mut self, text: &str) -> Option<Vec<String>> {
        let words = self.folded_main(text);
        (!words.is_empty()).then(|| words.iter().map(|w| keyword_of(w)).collect())
    }

    /// The folded forms of `text`, one per position (what a folded query analyzer
    /// gives).
    fn folded_main(&mut self, text: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut last = None;
        for (position, form) in self.analysis.folded(text) {
            if last != Some(position) {
                out.push(form);
                last = Some(position);
            }
        }
        out
    }

    fn node(&mut self, q: &Query, scope: Scope, loose: bool) -> Result<Node> {
        Ok(match q {
            Query::Term(t) => match t.modifier {
                TermModifier::None => self.word(&t.text, scope, loose),
                TermModifier::Prefix => self.prefix(&t.text)?,
                TermModifier::Fuzzy(d) => self.fuzzy(&t.text, d.min(lupa::MAX_FUZZY_DISTANCE))?,
            },
            Query::Phrase(p) => self.phrase(&p.text, p.slop.unwrap_or(0), scope),
            Query::DateRange { .. } => {
                return Err(Error::Unsupported {
                    what: "a date filter inside a group".into(),
                })
            }
            Query::Field { field, query } => {
                let scope = match field.as_str() {
                    lupa::TITLE => Scope::Title,
                    lupa::BODY => Scope::Body,
                    lupa::AUTHOR | lupa::SOURCE => {
                        return Ok(match self.names(query)? {
                            Some(words) => Node::Text(format!("(@{field} {words})")),
                            None => Node::Empty,
                        })
                    }
                    _ => scope,
                };
                self.node(query, scope, false)?
            }
            Query::And(items) => {
                let clauses: Vec<(Occur, &Query)> = items
                    .iter()
                    .map(|item| match item {
                        Query::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        other => (Occur::Must, other),
                    })
                    .collect();
                self.boolean(&clauses, scope, loose)?
            }
            Query::Or(items) => {
                let clauses: Vec<(Occur, &Query)> = items
                    .iter()
                    .map(|item| match item {
                        Query::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        other => (Occur::Should, other),
                    })
                    .collect();
                self.boolean(&clauses, scope, loose)?
            }
            Query::Not(inner) => self.boolean(&[(Occur::MustNot, inner)], scope, false)?,
            Query::Clauses(list) => {
                let clauses: Vec<(Occur, &Query)> =
                    list.iter().map(|c| (c.occur, &c.query)).collect();
                self.boolean(&clauses, scope, loose)?
            }
        })
    }

    fn boolean(&mut self, clauses: &[(Occur, &Query)], scope: Scope, loose: bool) -> Result<Node> {
        let (mut must, mut should, mut not) = (Vec::new(), Vec::new(), Vec::new());
        let mut saw_stop = false;
        for (occur, q) in clauses {
            let child_loose = loose && *occur != Occur::MustNot;
            match self.node(q, scope, child_loose)? {
                Node::Text(t) => match occur {
                    Occur::Must => must.push(t),
                    Occur::Should => should.push(t),
                    Occur::MustNot => not.push(t),
                },
                Node::StopOnly => saw_stop = true,
                Node::Empty => {}
            }
        }
        if must.is_empty() && should.is_empty() && not.is_empty() {
            return Ok(if saw_stop {
                Node::StopOnly
            } else {
                Node::Empty
            });
        }
        if saw_stop {
            self.stop_only = true;
        }
        let mut text = match (must.is_empty(), should.is_empty()) {
            (true, true) => EVERY.to_string(),
            (false, true) => format!("({})", must.join(" ")),
            (true, false) => format!("({})", should.join(" | ")),
            (false, false) => maybe(
                &format!("({})", must.join(" ")),
                &format!("({})", should.join(" | ")),
            ),
        };
        for n in not {
            text = format!("({text} -{n})");
        }
        Ok(Node::Text(text))
    }

    fn word(&mut self, text: &str, scope: Scope, loose: bool) -> Node {
        let tokens = self.analysis.analyze(text);
        if tokens.is_empty() {
            return Node::Empty;
        }
        if tokens.iter().all(|t| t.stop_word) {
            return Node::StopOnly;
        }
        let forms: Vec<String> = tokens.iter().map(|t| t.indexed.clone()).collect();
        if loose && forms.len() == 1 {
            let folded = self.folded_words(text).unwrap_or_default();
            self.exact.extend(folded);
        }
        let mut spellings: Vec<String> = vec![self.phrase_text(&forms, 0)];
        if let Some(group) = self.synonyms.and_then(|s| s.spellings_of(&forms)) {
            for spelling in group {
                let t = self.phrase_text(spelling, 0);
                if !spellings.contains(&t) {
                    spellings.push(t);
                }
            }
        }
        let inner = if spellings.len() == 1 {
            spellings.remove(0)
        } else {
            format!("({})", spellings.join(" | "))
        };
        Node::Text(format!("({} {inner})", scope.fields()))
    }

    /// A word as a keyword, several as a phrase (with Sphinx's proximity for a slop).
    fn phrase_text(&self, forms: &[String], slop: u32) -> String {
        if forms.len() == 1 {
            return keyword_of(&forms[0]);
        }
        let mut out = String::from("\"");
        for (i, form) in forms.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            keyword(form, &mut out);
        }
        out.push('"');
        if slop > 0 {
            out.push_str(&format!("~{}", slop as usize + forms.len()));
        }
        out
    }

    fn phrase(&mut self, text: &str, slop: u32, scope: Scope) -> Node {
        let forms: Vec<String> = self
            .analysis
            .analyze(text)
            .into_iter()
            .map(|t| t.indexed)
            .collect();
        if forms.is_empty() {
            return Node::Empty;
        }
        Node::Text(format!(
            "({} {})",
            scope.fields(),
            self.phrase_text(&forms, slop)
        ))
    }

    fn prefix(&mut self, text: &str) -> Result<Node> {
        let words = self.folded_main(text);
        let Some((last, first)) = words.split_last() else {
            return Ok(Node::Empty);
        };
        let mut expanded = match self.snapshot {
            Some(s) => s.words_with_prefix(last, lupa::MAX_PREFIX_TERMS)?,
            None => Vec::new(),
        };
        expanded.sort();
        let mut parts: Vec<String> = first.iter().map(|w| keyword_of(w)).collect();
        parts.push(alternatives(&expanded));
        Ok(Node::Text(format!("(@folded {})", parts.join(" "))))
    }

    fn fuzzy(&mut self, text: &str, distance: u8) -> Result<Node> {
        let words = self.folded_main(text);
        if words.is_empty() {
            return Ok(Node::Empty);
        }
        let mut parts = Vec::new();
        for word in &words {
            let near = match self.snapshot {
                Some(s) => s.words_within(word, distance)?,
                None => Vec::new(),
            };
            parts.push(alternatives(&near));
        }
        Ok(Node::Text(format!("(@folded {})", parts.join(" "))))
    }
}

/// What matches `required` and scores `optional` too where it is found.
///
/// Sphinx 2.2's `MAYBE` operator is meant for this, but it returns only the documents
/// that match both sides; `A | (A B)` matches what `A` matches, and the ranking counts
/// `B`'s hits wherever they are.
fn maybe(required: &str, optional: &str) -> String {
    format!("({required} | ({required} {optional}))")
}

/// `(a | b | …)` of folded words; [`NOTHING`] when there are none.
fn alternatives(words: &[String]) -> String {
    if words.is_empty() {
        return NOTHING.to_string();
    }
    let keywords: Vec<String> = words.iter().map(|w| keyword_of(w)).collect();
    format!("({})", keywords.join(" | "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lupa::DefaultOperator;

    fn text(query: &str) -> String {
        let ast = lupa::parser(DefaultOperator::Any).parse(query).unwrap();
        let options = SearchOptions {
            synonyms: None,
            ..SearchOptions::default()
        };
        compile(&ast, &options, None).unwrap().text.unwrap()
    }

    #[test]
    fn words_become_stems_and_phrases_keep_stop_words() {
        assert_eq!(
            text("retirar tropas"),
            "(((@(title,body,alt) retir) | (@(title,body,alt) trop)) | \
             (((@(title,body,alt) retir) | (@(title,body,alt) trop)) (@folded (retirar | tropas))))"
        );
        assert_eq!(
            text("\"fin de las misiones\""),
            "(@(title,body,alt) \"fin de las mision\")"
        );
        assert_eq!(text("title:año"), "(@title año)");
    }

    #[test]
    fn negation_alone_subtracts_from_every_document() {
        assert_eq!(text("NOT irak"), "(_1_ -(@(title,body,alt) irak))");
    }

    #[test]
    fn stop_words_alone_are_reported() {
        let ast = lupa::parser(DefaultOperator::Any).parse("de la").unwrap();
        let c = compile(&ast, &SearchOptions::default(), None).unwrap();
        assert!(c.text.is_none() && c.stop_only);
    }
}
