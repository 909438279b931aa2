//! One document of the index, by its id, with a query's matches marked in its text.

use crate::error::Result;
use crate::index::Index;
use crate::search::snippet;
use crate::search::{compile, parser, SearchOptions};
use std::ops::Range;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, TantivyDocument, Term};

/// A stored document, as [`Index::document`] finds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// Its identity: the path relative to the indexed folder (`file.jsonl#id` for a
    /// JSONL line).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its whole text, as indexed.
    pub body: String,
    /// Byte ranges of `body` that match the query asked for, in order, not
    /// overlapping (empty without a query).
    pub highlights: Vec<Range<usize>>,
}

impl Index {
    /// The document whose id is `id`, if the index holds one; with `query`, the matches
    /// of that query in its text, found as snippets find them (stems, accents,
    /// synonyms, phrases).
    ///
    /// Only ids of the index are looked up: nothing here touches the file system.
    ///
    /// ```
    /// use lupa_core::{Index, NewDocument, SearchOptions};
    /// let index = Index::create_in_ram()?;
    /// let mut writer = index.writer()?;
    /// writer.add(&NewDocument {
    ///     id: "irak.txt".into(),
    ///     file: "irak.txt".into(),
    ///     title: "Retirada".into(),
    ///     body: "Anunció la retirada de las tropas.".into(),
    ///     ..Default::default()
    /// })?;
    /// writer.commit(&Default::default())?;
    /// let doc = index.document("irak.txt", Some("retirar"), &SearchOptions::default())?;
    /// let doc = doc.expect("the document is there");
    /// assert_eq!(&doc.body[doc.highlights[0].clone()], "retirada");
    /// assert!(index.document("../irak.txt", None, &SearchOptions::default())?.is_none());
    /// # Ok::<(), lupa_core::Error>(())
    /// ```
    pub fn document(
        &self,
        id: &str,
        query: Option<&str>,
        options: &SearchOptions,
    ) -> Result<Option<Document>> {
        self.guard(|| self.document_inner(id, query, options))
    }

    fn document_inner(
        &self,
        id: &str,
        query: Option<&str>,
        options: &SearchOptions,
    ) -> Result<Option<Document>> {
        let searcher = self.reader.searcher();
        let term = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        // A long text is stored as passages, joined back here in their order.
        let mut found: Vec<DocAddress> = searcher
            .search(&term, &DocSetCollector)
            .map_err(|e| self.classify(e))?
            .into_iter()
            .collect();
        if found.is_empty() {
            return Ok(None);
        }
        found.sort();
        let matcher = match query {
            Some(query) if !query.trim().is_empty() => {
                let ast = parser(options.operator).parse(query)?;
                let compiled = compile(
                    Some(&searcher),
                    Some(&self.lookups),
                    self.fields,
                    self.variant,
                    &ast,
                    options,
                )?;
                Some(compiled.matcher)
            }
            _ => None,
        };
        let mut parts = Vec::with_capacity(found.len());
        for address in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.classify(e))?;
            let part = doc
                .get_first(self.fields.part)
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            parts.push((part, doc));
        }
        parts.sort_by_key(|(part, _)| *part);
        let text_of = |doc: &TantivyDocument, field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let first = &parts[0].1;
        let mut title = text_of(first, self.fields.title);
        if title.is_empty() {
            title = text_of(first, self.fields.excerpt_title);
        }
        let id = text_of(first, self.fields.id);
        let mut body = String::new();
        let mut highlights = Vec::new();
        for (_, doc) in &parts {
            let passage = doc
                .get_first(self.fields.body)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            if let Some(matcher) = &matcher {
                let at = body.len();
                highlights.extend(
                    snippet::matches(passage, matcher)
                        .into_iter()
                        .map(|r| r.start + at..r.end + at),
                );
            }
            body.push_str(passage);
        }
        Ok(Some(Document {
            id,
            title,
            body,
            highlights,
        }))
    }
}
