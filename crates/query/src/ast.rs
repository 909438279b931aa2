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
    /// Documents whose date field `field` (canonical name) falls in `range`. A filter: it
    /// selects documents and never scores them.
    ///
    /// A date filter names its own field, so a text field scope around it
    /// (`title:(Irak fecha:2021)`) does not change it, just as the innermost
    /// scope wins in `title:(a body:b)`.
    DateRange {
        /// Canonical name of the date field, as the caller declared it.
        field: String,
        /// The days the filter keeps.
        range: DateRange,
    },
}

/// A calendar day, as written in a date filter.
///
/// Days follow the proleptic Gregorian calendar. Query text writes years with
/// four digits (0000 to 9999); the type itself takes any `i32` year. The
/// derived order is the calendar's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// The year, as written: `2021`.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

/// Inclusive bounds on a date; `None` leaves that side open. Never both `None`.
///
/// `fecha:2021` is `2021-01-01` to `2021-12-31`, `fecha:>=2021-07` is from
/// `2021-07-01` on, and `fecha:<2021-07-26` is up to `2021-07-25`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day kept, if there is a first.
    pub from: Option<Date>,
    /// The last day kept, if there is a last.
    pub to: Option<Date>,
}

impl Date {
    /// The day, or `None` when it is not a real day: months run from 1 to 12,
    /// and February has 29 days in leap years (divisible by 4, except
    /// centuries not divisible by 400).
    ///
    /// ```
    /// use lupa_query::Date;
    ///
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2021, 2, 29).is_none());
    /// assert!(Date::new(2021, 13, 1).is_none());
    /// ```
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let last = days_in_month(year, month)?;
        (1..=last)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The day after, across months and years.
    pub(crate) fn next(self) -> Date {
        let Date { year, month, day } = self;
        if days_in_month(year, month).is_some_and(|last| day < last) {
            Date {
                day: day + 1,
                ..self
            }
        } else if month < 12 {
            Date {
                month: month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    /// The day before, across months and years.
    pub(crate) fn previous(self) -> Date {
        let Date { year, month, day } = self;
        if day > 1 {
            Date {
                day: day - 1,
                ..self
            }
        } else if month > 1 {
            let day = days_in_month(year, month - 1).unwrap_or(28);
            Date {
                month: month - 1,
                day,
                ..self
            }
        } else {
            Date {
                year: year - 1,
                month: 12,
                day: 31,
            }
        }
    }
}

/// Whether February of `year` has 29 days.
pub(crate) fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// How many days `month` of `year` has; `None` for a month outside 1 to 12.
pub(crate) fn days_in_month(year: i32, month: u8) -> Option<u8> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => return None,
    })
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phrase {
    /// The raw text between the quotes, with escapes resolved.
    pub text: String,
    /// Lucene's slop: how many position moves may separate the words
    /// (`"a b"~3`). `None` for an exact phrase.
    pub slop: Option<u32>,
}

impl Term {
    /// A plain word.
    pub fn new(text: impl Into<String>) -> Self {
        Term {
            text: text.into(),
            modifier: TermModifier::None,
        }
    }

    /// A prefix word: `retir*`.
    pub fn prefix(text: impl Into<String>) -> Self {
        Term {
            text: text.into(),
            modifier: TermModifier::Prefix,
        }
    }

    /// A fuzzy word: `Suleimany~1`.
    pub fn fuzzy(text: impl Into<String>, distance: u8) -> Self {
        Term {
            text: text.into(),
            modifier: TermModifier::Fuzzy(distance),
        }
    }
}

impl Phrase {
    /// An exact phrase.
    pub fn new(text: impl Into<String>) -> Self {
        Phrase {
            text: text.into(),
            slop: None,
        }
    }

    /// A proximity phrase: `"retirada tropas"~3`.
    pub fn with_slop(text: impl Into<String>, slop: u32) -> Self {
        Phrase {
            text: text.into(),
            slop: Some(slop),
        }
    }
}

impl From<Term> for Query {
    fn from(term: Term) -> Self {
        Query::Term(term)
    }
}

impl From<Phrase> for Query {
    fn from(phrase: Phrase) -> Self {
        Query::Phrase(phrase)
    }
}

impl Query {
    /// A plain word.
    pub fn term(text: impl Into<String>) -> Self {
        Query::Term(Term::new(text))
    }

    /// An exact phrase.
    pub fn phrase(text: impl Into<String>) -> Self {
        Query::Phrase(Phrase::new(text))
    }

    /// `query` limited to the field with this canonical name.
    pub fn field(field: impl Into<String>, query: Query) -> Self {
        Query::Field {
            field: field.into(),
            query: Box::new(query),
        }
    }

    /// A filter on the date field with this canonical name.
    pub fn date_range(field: impl Into<String>, range: DateRange) -> Self {
        Query::DateRange {
            field: field.into(),
            range,
        }
    }

    /// Everything except what `query` matches.
    #[allow(clippy::should_implement_trait)]
    pub fn not(query: Query) -> Self {
        Query::Not(Box::new(query))
    }

    /// The words and phrases of the query, left to right, each with the field
    /// it is limited to and whether it is excluded. This is what highlighting
    /// needs: the words to look for in a matching document (skipping the
    /// [`Leaf::negated`] ones). Date filters have no words, so they yield
    /// nothing.
    ///
    /// ```
    /// use lupa_query::{Parser, LeafKind};
    ///
    /// let parser = Parser::builder()
    ///     .field("title", &["título"])
    ///     .date_field("date", &["fecha"])
    ///     .build();
    /// let query = parser.parse(r#"título:Irak "fin de las misiones" fecha:2021 -Bush"#)?;
    /// let shown: Vec<String> = query
    ///     .leaves()
    ///     .filter(|leaf| !leaf.negated)
    ///     .map(|leaf| match leaf.kind {
    ///         LeafKind::Term(term) => term.text.clone(),
    ///         LeafKind::Phrase(phrase) => phrase.text.clone(),
    ///     })
    ///     .collect();
    /// assert_eq!(shown, ["Irak", "fin de las misiones"]);
    /// # Ok::<(), lupa_query::ParseError>(())
    /// ```
    pub fn leaves(&self) -> Leaves<'_> {
        Leaves {
            stack: vec![(self, None, false)],
        }
    }

    /// Calls `visit` on every word and phrase, in the order of
    /// [`Query::leaves`].
    pub fn walk<'a>(&'a self, mut visit: impl FnMut(Leaf<'a>)) {
        for leaf in self.leaves() {
            visit(leaf);
        }
    }
}

/// A word or a phrase, as found by [`Query::leaves`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind<'a> {
    /// A word.
    Term(&'a Term),
    /// A phrase.
    Phrase(&'a Phrase),
}

/// One word or phrase of a query, with its context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leaf<'a> {
    /// The word or phrase.
    pub kind: LeafKind<'a>,
    /// The canonical name of the innermost field it is limited to, if any.
    pub field: Option<&'a str>,
    /// Whether it sits under an odd number of `NOT`s and `-` prefixes, so a
    /// matching document does not contain it.
    pub negated: bool,
}

impl<'a> Leaf<'a> {
    /// The raw text of the word or phrase.
    pub fn text(&self) -> &'a str {
        match self.kind {
            LeafKind::Term(term) => &term.text,
            LeafKind::Phrase(phrase) => &phrase.text,
        }
    }
}

/// Iterator over the words and phrases of a query; see [`Query::leaves`]. It
/// keeps its own stack, so deep queries cannot overflow the call stack.
#[derive(Debug, Clone)]
pub struct Leaves<'a> {
    stack: Vec<(&'a Query, Option<&'a str>, bool)>,
}

impl<'a> Iterator for Leaves<'a> {
    type Item = Leaf<'a>;

    fn next(&mut self) -> Option<Leaf<'a>> {
        while let Some((query, field, negated)) = self.stack.pop() {
            let kind = match query {
                Query::Term(term) => LeafKind::Term(term),
                Query::Phrase(phrase) => LeafKind::Phrase(phrase),
                Query::DateRange { .. } => continue,
                Query::Field { field, query } => {
                    self.stack.push((query, Some(field), negated));
                    continue;
                }
                Query::Not(query) => {
                    self.stack.push((query, field, !negated));
                    continue;
                }
                Query::And(queries) | Query::Or(queries) => {
                    self.stack
                        .extend(queries.iter().rev().map(|q| (q, field, negated)));
                    continue;
                }
                Query::Clauses(clauses) => {
                    self.stack.extend(
                        clauses
                            .iter()
                            .rev()
                            .map(|c| (&c.query, field, negated ^ (c.occur == Occur::MustNot))),
                    );
                    continue;
                }
            };
            return Some(Leaf {
                kind,
                field,
                negated,
            });
        }
        None
    }
}
