//! Searching a cluster: the query compiled with Lupa's analysis (`query.rs`), sent to a
//! node's distributed index, ranked there with BM25F and phrase proximity over the
//! collection's global statistics, passages grouped into documents, and snippets made
//! from the stored text as a local search makes them.

use crate::address::Address;
use crate::error::{Error, Result};
use crate::query::compile;
use crate::sql::Conn;
use lupa::{Day, Highlighter, Hit, Index, SearchOptions, SearchResults, Snippet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Scores are sent back as integers: this many per unit of score.
const SCALE: f32 = 10_000.0;

/// A cluster to search and push to.
pub struct Cluster {
    address: Address,
    vocabulary: Option<Index>,
    timeout: Duration,
    next: AtomicUsize,
}

impl Cluster {
    /// The cluster at `address`, with no local vocabulary: prefix and fuzzy words match
    /// nothing until [`with_vocabulary`](Cluster::with_vocabulary) gives one.
    pub fn new(address: Address) -> Cluster {
        Cluster {
            address,
            vocabulary: None,
            timeout: Duration::from_secs(10),
            next: AtomicUsize::new(0),
        }
    }

    /// Expands prefix and fuzzy words from `index`, the local index that was pushed.
    pub fn with_vocabulary(mut self, index: Index) -> Cluster {
        self.vocabulary = Some(index);
        self
    }

    /// How long a node may take to answer before the next is tried (10 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Cluster {
        self.timeout = timeout;
        self
    }

    /// The cluster's address.
    pub fn address(&self) -> &Address {
        &self.address
    }

    /// Brings the cluster level with `index` (see [`push`](crate::push)).
    pub fn push(&self, index: &Index, options: &crate::PushOptions) -> Result<crate::PushReport> {
        crate::push(index, &self.address, options)
    }

    /// Searches the cluster with Lupa's query language, as [`Index::search`] searches a
    /// local index: the same options, the same kind of results.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let ast = lupa::parser(options.operator)
            .parse(query)
            .map_err(lupa::Error::from)?;
        self.search_query(query, &ast, options)
    }

    /// [`search`](Cluster::search) for a query already parsed from `query`, as
    /// [`Index::search_query`].
    pub fn search_query(
        &self,
        query: &str,
        ast: &lupa::query::Query,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        Cluster::supports(options)?;
        let snapshot = self.vocabulary.as_ref().map(Index::snapshot);
        let compiled = compile(ast, options, snapshot.as_ref())?;
        let Some(text) = compiled.text else {
            if compiled.stop_only {
                return Err(lupa::Error::OnlyStopWords {
                    query: query.to_string(),
                }
                .into());
            }
            return Ok(SearchResults {
                query: query.to_string(),
                total: 0,
                hits: Vec::new(),
                suggestion: None,
                facets: Vec::new(),
            });
        };
        let sql = select(&self.address.index, &text, &compiled.filters, options);
        let (rows, total) = self.ask(&sql)?;
        let marks = Highlighter::new(ast, options)?;
        let hits = rows
            .into_iter()
            .map(|row| hit(row, &marks, options))
            .collect();
        Ok(SearchResults {
            query: query.to_string(),
            total,
            hits,
            suggestion: None,
            facets: Vec::new(),
        })
    }

    /// Whether a search with `options` can run on a cluster: it ranks by score only and
    /// counts no facets.
    pub fn supports(options: &SearchOptions) -> Result<()> {
        if options.sort != lupa::Sort::Score || !options.facets.is_empty() {
            return Err(Error::Unsupported {
                what: "sorting by date or counting facets".into(),
            });
        }
        Ok(())
    }

    /// How many passages each node holds in its shard, node by node (`None` for a node
    /// that does not answer).
    pub fn stored(&self) -> Vec<(crate::Node, Option<u64>)> {
        let table = self.address.shard_index();
        self.address
            .nodes()
            .map(|node| {
                let count = Conn::open(node, self.timeout)
                    .and_then(|mut conn| {
                        conn.rows::<(u64,)>("a count", &format!("SELECT COUNT(*) FROM {table}"))
                    })
                    .ok()
                    .and_then(|rows| rows.first().map(|r| r.0));
                (node.clone(), count)
            })
            .collect()
    }

    /// The `MATCH` text `query` becomes on this cluster (`None`: nothing to search for),
    /// for explaining a search.
    pub fn match_text(&self, query: &str, options: &SearchOptions) -> Result<Option<String>> {
        let ast = lupa::parser(options.operator)
            .parse(query)
            .map_err(lupa::Error::from)?;
        let snapshot = self.vocabulary.as_ref().map(Index::snapshot);
        Ok(compile(&ast, options, snapshot.as_ref())?.text)
    }

    /// Sends `sql` to one node after another until one answers: its rows and
    /// `total_found`.
    fn ask(&self, sql: &str) -> Result<(Vec<Row>, usize)> {
        let nodes: Vec<_> = self.address.nodes().collect();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let mut tried = Vec::new();
        for n in 0..nodes.len() {
            let node = nodes[(start + n) % nodes.len()];
            let answer = Conn::open(node, self.timeout).and_then(|mut conn| {
                let rows: Vec<Row> = conn.rows("a search", sql)?;
                let meta = conn.meta()?;
                if let Some((_, warning)) = meta.iter().find(|(k, _)| k == "warning") {
                    // An agent missing: the answer would lack its shard.
                    return Err(Error::Refused {
                        node: conn.node().to_string(),
                        what: "a search".into(),
                        reason: warning.clone(),
                    });
                }
                let total = meta
                    .iter()
                    .find(|(k, _)| k == "total_found")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(rows.len());
                Ok((rows, total))
            });
            match answer {
                Ok(answer) => return Ok(answer),
                Err(Error::Refused { reason, node, .. }) if !reason.contains("agent") => {
                    // The query itself is wrong: every node would say so.
                    return Err(Error::Refused {
                        node,
                        what: "a search".into(),
                        reason,
                    });
                }
                Err(e) => tried.push(e.to_string()),
            }
        }
        Err(Error::NoNode { tried })
    }
}

/// One group (document) of a search: its best passage's attributes.
type Row = (
    String,
    String,
    String,
    i64,
    u32,
    u32,
    String,
    String,
    String,
    i64,
);

/// The ranking: BM25F over the fields (the title weighs more, exact forms less) and the
/// longest run of query words in order in a field (phrase proximity).
///
/// BM25F's own length normalization is off (b = 0): Sphinx 2.2's `bm25f` takes a
/// real-time index's average field length as 1 / documents, so any b > 0 would rank by
/// length alone. A document prior stands in for it: the score is divided by
/// `(words + 10)^`[`LENGTH`], `words` being the positions of the passage's text, a
/// figure of the passage alone, so it is the same on every shard.
///
/// Sphinx takes BM25F's field weights as integers: they are scaled by [`WEIGHTS`] and
/// k1 with them, which scales every score by one constant and changes no order.
pub(crate) fn ranker(options: &SearchOptions) -> String {
    let r = &options.ranking;
    let w = |weight: f32| (weight * WEIGHTS).round() as u32;
    format!(
        "ranker=expr('(bm25f({k1}, 0, {{title={title}, body={one}, alt={one}, folded={exact}}}) \
         + {prox} * (sum(lcs * user_weight) - 1)) * {SCALE} / pow(words + 10, {LENGTH})')",
        k1 = r.bm25_k1 * WEIGHTS,
        title = w(r.title_boost),
        one = w(1.0),
        exact = w(r.exact_boost),
        prox = r.proximity_boost / 10.0,
    )
}

/// How strongly a longer passage is pushed down. MRR@10 on one node, b = 0 and no
/// prior against this one: SQuAD-es 0.7946 → 0.8111, XQuAD-es 0.9517 → 0.9578 (0.1 and
/// 0.2 gave 0.8102 and 0.8088 on SQuAD-es; `benches/cluster.rs`, `docs/CLUSTER.md`).
const LENGTH: f32 = 0.15;

/// What BM25F's field weights are multiplied by.
const WEIGHTS: f32 = 10.0;

fn select(index: &str, text: &str, filters: &[String], options: &SearchOptions) -> String {
    let mut sql = String::from(
        "SELECT doc, shown_title, text, date, dated, date_from_file, author_text, \
         source_text, url, WEIGHT() AS w FROM ",
    );
    sql.push_str(index);
    sql.push_str(" WHERE MATCH(");
    crate::sql::quote(text, &mut sql);
    sql.push(')');
    for f in filters {
        sql.push_str(" AND ");
        sql.push_str(f);
    }
    // Each node sends its best `want` documents with their stored text: Sphinx's
    // default of 1,000 made a query on ELTeC five times slower. The total found does
    // not depend on it.
    let want = options.offset + options.limit.max(1);
    sql.push_str(&format!(
        " GROUP BY document WITHIN GROUP ORDER BY w DESC ORDER BY w DESC, doc ASC \
         LIMIT {}, {} OPTION {}, field_weights=(title=2, body=1, alt=1, folded=1, \
         author=1, source=1), idf='plain,tfidf_unnormalized', global_idf=1, \
         max_matches={}",
        options.offset,
        options.limit,
        ranker(options),
        want,
    ));
    sql
}

fn hit(row: Row, marks: &Highlighter, options: &SearchOptions) -> Hit {
    let (id, title, text, date, dated, from_file, author, source, url, weight) = row;
    let some = |s: String| Some(s).filter(|s| !s.is_empty());
    Hit {
        id,
        title,
        score: weight as f32 / SCALE,
        snippet: if options.snippet_chars == 0 {
            Snippet::default()
        } else {
            marks.snippet(&text, options.snippet_chars)
        },
        date: (dated == 1)
            .then(|| i32::try_from(date).ok().map(Day::from_days))
            .flatten(),
        date_from_file: from_file == 1,
        author: some(author),
        source: some(source),
        url: some(url),
    }
}
