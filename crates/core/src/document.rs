//! One document of the index, by its id, with a query's matches marked in its text.

use crate::error::Result;
use crate::index::Index;
use crate::search::{compile, parser, SearchOptions};
use crate::snippet;
use std::ops::Range;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

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
        let found = searcher
            .search(&term, &TopDocs::with_limit(1).order_by_score())
            .map_err(|e| self.classify(e))?;
        let Some((_, address)) = found.into_iter().next() else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.classify(e))?;
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let mut title = text_of(self.fields.title);
        if title.is_empty() {
            title = text_of(self.fields.excerpt_title);
        }
        let body = text_of(self.fields.body);
        let highlights = match query {
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
                snippet::matches(&body, &compiled.matcher)
            }
            _ => Vec::new(),
        };
        Ok(Some(Document {
            id: text_of(self.fields.id),
            title,
            body,
            highlights,
        }))
    }
}
