//! Running a query: [`Index::search`] compiles it, collects the best documents (the
//! pruned collector of `crate::rank`, or tantivy's), reads their ids, titles and
//! snippets, and suggests a corrected query when few match.

use super::order;
use super::{compile, filter, parser, FacetKind, Hit, Pruning, SearchOptions, SearchResults, Sort};
use crate::error::{Error, Result};
use crate::index::{passages, Index};
use crate::ingest::Day;
use crate::rank::prune;
use crate::search::snippet::Matcher;
use crate::search::snippet::{self, Snippet};
use crate::search::suggest::SUGGEST_BELOW;
use lupa_query::Query;
use std::collections::HashSet;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, EmptyQuery, Occur};
use tantivy::schema::Value;
use tantivy::{DocAddress, Score, Searcher, TantivyDocument};

/// A hit as ranked: its score, the address of its best passage, its path.
type Ranked = (Score, DocAddress, String);

impl Index {
    /// Parses `query` and runs it.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let parser = parser(options.operator);
        let ast = if options.lenient {
            match parser.parse_lenient(query).query {
                Some(ast) => ast,
                None => {
                    return Ok(SearchResults {
                        query: query.to_string(),
                        total: 0,
                        hits: Vec::new(),
                        suggestion: None,
                        facets: Vec::new(),
                    })
                }
            }
        } else {
            parser.parse(query)?
        };
        self.search_query(query, &ast, options)
    }

    /// Runs an already parsed query. `text` is only echoed back in the results.
    pub fn search_query(
        &self,
        text: &str,
        ast: &Query,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        self.guard(|| self.run(text, ast, options))
    }

    fn run(&self, text: &str, ast: &Query, options: &SearchOptions) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let (rest, filters) = filter::split(ast);
        let filters = filter::compile(&filters, options, self.fields, self.variant);
        let (query, matcher) = match &rest {
            Some(rest) => {
                let compiled = compile(
                    Some(&searcher),
                    Some(&self.lookups),
                    self.fields,
                    self.variant,
                    rest,
                    options,
                )?;
                let query: Box<dyn tantivy::query::Query> = match compiled.query {
                    Some(q) => q,
                    None if compiled.stop_only => {
                        return Err(Error::OnlyStopWords {
                            query: text.to_string(),
                        })
                    }
                    None => Box::new(EmptyQuery),
                };
                (query, compiled.matcher)
            }
            // Only filters: every document they let through, alike.
            None => (
                Box::new(AllQuery) as Box<dyn tantivy::query::Query>,
                Matcher::new(self.variant),
            ),
        };
        let query: Box<dyn tantivy::query::Query> = if filters.is_empty() {
            query
        } else {
            let mut clauses = vec![(Occur::Must, query)];
            clauses.extend(filters);
            Box::new(BooleanQuery::new(clauses))
        };
        let everything = options.sort != Sort::Score || !options.facets.is_empty();
        let mut facets = Vec::new();
        let (docs, total) = if everything {
            let sources = options.facets.contains(&FacetKind::Source);
            let mut matches = self.all_matches(&searcher, query.as_ref(), sources)?;
            facets = order::facets(&matches, &options.facets);
            if options.sort == Sort::Score {
                self.top_documents(&searcher, query.as_ref(), options)?
            } else {
                order::sort(&mut matches, options.sort);
                let total = matches.len();
                let page = matches
                    .into_iter()
                    .skip(options.offset)
                    .take(options.limit)
                    .map(|m| (m.score, m.address, m.id))
                    .collect();
                (page, total)
            }
        } else {
            self.top_documents(&searcher, query.as_ref(), options)?
        };
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address, id) in docs.into_iter().take(options.limit) {
            if !options.documents {
                hits.push(Hit {
                    id,
                    title: String::new(),
                    score,
                    snippet: Snippet::default(),
                    date: None,
                    date_from_file: false,
                    author: None,
                    source: None,
                    url: None,
                });
                continue;
            }
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.classify(e))?;
            let text_of = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let snippet = if options.snippet_chars == 0 {
                Snippet::default()
            } else {
                snippet::best(&text_of(self.fields.body), &matcher, options.snippet_chars)
            };
            let mut title = text_of(self.fields.title);
            if title.is_empty() {
                title = text_of(self.fields.excerpt_title);
            }
            let some_text = |field| Some(text_of(field)).filter(|t| !t.is_empty());
            let date = doc
                .get_first(self.fields.date)
                .and_then(|v| v.as_i64())
                .and_then(|days| i32::try_from(days).ok())
                .map(Day::from_days);
            hits.push(Hit {
                id: text_of(self.fields.id),
                title,
                score,
                snippet,
                date,
                date_from_file: doc
                    .get_first(self.fields.date_from_file)
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                author: some_text(self.fields.author),
                source: some_text(self.fields.source),
                url: some_text(self.fields.url),
            });
        }
        let suggestion = if options.suggest && total < SUGGEST_BELOW {
            self.suggestion(&searcher, ast, total, options)?
        } else {
            None
        };
        Ok(SearchResults {
            query: text.to_string(),
            total,
            hits,
            suggestion,
            facets,
        })
    }

    /// The best `options.offset + options.limit` documents for `query`, past the
    /// offset, and how many match in all; equal scores in the order of their paths. A
    /// long text's passages count as one document, ranked by its best passage: where
    /// the index holds passages, more are collected until enough distinct documents
    /// are found.
    fn top_documents(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        options: &SearchOptions,
    ) -> Result<(Vec<Ranked>, usize)> {
        let want = options.limit.max(1) + options.offset;
        let passages = self
            .has_passages
            .get(searcher)
            .map_err(|e| self.classify(e))?;
        let mut k = want;
        loop {
            // With passages, the count comes from counting documents, below.
            let count = options.count && !passages;
            let (found, total, with_ties) =
                self.top_passages(searcher, query, k, count, options)?;
            let exhausted = found.len() < k;
            let last = found.last().map(|(score, _)| *score);
            let found = if passages {
                found
            } else {
                self.fewest_ties(searcher, found, want)?
            };
            // Each document once (a long text by its best passage), with its path.
            let mut seen = HashSet::new();
            let mut grouped: Vec<(Score, DocAddress, String)> = Vec::with_capacity(want);
            for (score, address) in found {
                let id = self.id_of(searcher, address)?;
                if seen.insert(id.clone()) {
                    grouped.push((score, address, id));
                }
            }
            // Equal scores go by path, so that two builds of one folder rank alike: a
            // document left out may tie the last one wanted, and then more are read
            // (pruned searches hand over every tie of the k-th best at once).
            let enough = grouped.len() >= want;
            let ties_beyond =
                enough && !exhausted && !with_ties && last == Some(grouped[want - 1].0);
            if (enough && !ties_beyond) || exhausted {
                grouped.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
                grouped.truncate(want);
                let total = if !options.count && options.pruning != Pruning::Never {
                    // Only what was collected, as `SearchOptions::count` says.
                    seen.len().min(want)
                } else if passages {
                    searcher
                        .search(query, &passages::CountDocuments)
                        .map_err(|e| self.classify(e))?
                } else {
                    total
                };
                let page = grouped.into_iter().skip(options.offset).collect();
                return Ok((page, total));
            }
            k = k.saturating_mul(4);
        }
    }

    /// `found` (best first) without the documents that tie the `want`-th best but
    /// cannot make the first `want` by path: of those ties, each segment keeps only the
    /// `want` earliest by the ordinal of their path, which is cheap to read and in path
    /// order within a segment. A fuzzy word scores every match alike, and then reading
    /// every match's path would cost more than the search.
    fn fewest_ties(
        &self,
        searcher: &Searcher,
        mut found: prune::Hits,
        want: usize,
    ) -> Result<prune::Hits> {
        let Some(&(boundary, _)) = found.get(want - 1) else {
            return Ok(found);
        };
        let first_tie = found.partition_point(|(score, _)| *score > boundary);
        let last_tie = found.partition_point(|(score, _)| *score >= boundary);
        if last_tie <= want {
            found.truncate(last_tie);
            return Ok(found);
        }
        let tied = &found[first_tie..last_tie];
        let ords = self
            .doc_ids
            .ords(searcher, tied.iter().map(|&(_, address)| address))
            .map_err(|e| self.classify(e))?;
        let mut ties: Vec<_> = tied
            .iter()
            .zip(ords)
            .map(|(&(score, address), ord)| (address.segment_ord, ord, score, address))
            .collect();
        // Each segment's ties by ordinal; the first `need` of each segment stay.
        ties.sort_unstable_by_key(|&(segment, ord, _, address)| (segment, ord, address));
        let need = want - first_tie;
        found.truncate(first_tie);
        let mut current = None;
        let mut kept = 0;
        for (segment, _, score, address) in ties {
            if current != Some(segment) {
                current = Some(segment);
                kept = 0;
            }
            if kept < need {
                found.push((score, address));
                kept += 1;
            }
        }
        Ok(found)
    }

    /// The best `k` tantivy documents (whole documents or passages) for `query`, how
    /// many match in all (with `count` off, pruned searches say only how many they
    /// collected), and whether every document that ties the `k`-th best is there too
    /// (pruned searches collect them; tantivy's `TopDocs` keeps the earliest).
    fn top_passages(
        &self,
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        k: usize,
        count: bool,
        options: &SearchOptions,
    ) -> Result<(prune::Hits, usize, bool)> {
        if options.pruning == Pruning::Never {
            let top = TopDocs::with_limit(k).order_by_score();
            let (found, total) = searcher
                .search(query, &(top, Count))
                .map_err(|e| self.classify(e))?;
            return Ok((found, total, false));
        }
        let statistics = self.lookups.statistics(searcher);
        let always = options.pruning == Pruning::Always;
        let (found, total) = prune::top_k(searcher, &statistics, query, k, count, always)
            .map_err(|e| self.classify(e))?;
        let total = total.unwrap_or(found.len());
        Ok((found, total, true))
    }

    /// A document's id, read from its fast field (no stored document is decompressed).
    pub(super) fn id_of(
        &self,
        searcher: &Searcher,
        address: tantivy::DocAddress,
    ) -> Result<String> {
        self.doc_ids
            .get(searcher, address)
            .map_err(|e| self.classify(e))?
            .map_err(|source| Error::Io {
                path: self.where_().to_path_buf(),
                source,
            })
    }

    /// A corrected query that finds more than `total` documents, if there is one.
    fn suggestion(
        &self,
        searcher: &Searcher,
        ast: &Query,
        total: usize,
        options: &SearchOptions,
    ) -> Result<Option<String>> {
        let Some(fixed) = self.correct(searcher, ast)? else {
            return Ok(None);
        };
        let compiled = compile(
            Some(searcher),
            Some(&self.lookups),
            self.fields,
            self.variant,
            &fixed,
            options,
        )?;
        let Some(query) = compiled.query else {
            return Ok(None);
        };
        let found = query.count(searcher).map_err(|e| self.classify(e))?;
        Ok((found > total).then(|| fixed.to_string()))
    }
}
