//! Many queries at once, on several threads, their results handed back in order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::{Index, Result, SearchOptions, SearchResults};

impl Index {
    /// Runs every query of `queries` with `options` on `threads` threads (0: one per
    /// core), and hands each one's results to `each` with its position, in the order of
    /// `queries`, as soon as it and every query before it are done. `each` returns
    /// whether to go on; when it says no, queries not yet started are not run.
    ///
    /// The results are those [`Index::search`] gives one query at a time: the threads
    /// share the index's term statistics and remembered lookups, which depend only on
    /// the index.
    ///
    /// ```
    /// use lupa_core::{Index, NewDocument, SearchOptions};
    ///
    /// let index = Index::create_in_ram()?;
    /// let mut writer = index.writer()?;
    /// for (id, body) in [("a", "retirada de las tropas"), ("b", "el fin de las misiones")] {
    ///     writer.add(&NewDocument { id: id.into(), file: id.into(), body: body.into(), ..Default::default() })?;
    /// }
    /// writer.commit(&Default::default())?;
    /// index.reload()?;
    ///
    /// let mut first_hits = Vec::new();
    /// index.search_batch(&["tropas", "misión", "nada"], &SearchOptions::default(), 2, |_, results| {
    ///     first_hits.push(results.ok().and_then(|r| r.hits.first().map(|h| h.id.clone())));
    ///     true
    /// });
    /// assert_eq!(first_hits, [Some("a".to_string()), Some("b".to_string()), None]);
    /// # Ok::<(), lupa_core::Error>(())
    /// ```
    pub fn search_batch<Q, F>(
        &self,
        queries: &[Q],
        options: &SearchOptions,
        threads: usize,
        mut each: F,
    ) where
        Q: AsRef<str> + Sync,
        F: FnMut(usize, Result<SearchResults>) -> bool,
    {
        let threads = match threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .min(queries.len());
        if threads <= 1 {
            for (n, query) in queries.iter().enumerate() {
                if !each(n, self.search(query.as_ref(), options)) {
                    return;
                }
            }
            return;
        }
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::channel();
            for _ in 0..threads {
                let sender = sender.clone();
                let (next, stop) = (&next, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let Some(query) = queries.get(n) else {
                            break;
                        };
                        let results = self.search(query.as_ref(), options);
                        if sender.send((n, results)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            // Results that came before their turn.
            let mut early = BTreeMap::new();
            let mut turn = 0;
            for (n, results) in receiver {
                early.insert(n, results);
                while let Some(results) = early.remove(&turn) {
                    if !each(turn, results) {
                        stop.store(true, Ordering::Relaxed);
                        return;
                    }
                    turn += 1;
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::{Index, NewDocument, SearchOptions};

    fn index() -> Index {
        let index = Index::create_in_ram().unwrap();
        let mut writer = index.writer().unwrap();
        let texts = [
            "La retirada de las tropas de Irak empezó en verano.",
            "El fin de las misiones en el extranjero.",
            "Las tropas construyeron un puente sobre el río.",
            "El Estado Islámico perdió la ciudad.",
            "Se edificó la catedral en el siglo doce.",
        ];
        for (n, body) in texts.iter().enumerate() {
            let id = format!("{n}.txt");
            writer
                .add(&NewDocument {
                    id: id.clone(),
                    file: id,
                    body: body.to_string(),
                    ..Default::default()
                })
                .unwrap();
        }
        writer.commit(&Default::default()).unwrap();
        index.reload().unwrap();
        index
    }

    fn hits(results: &crate::SearchResults) -> Vec<(String, u32)> {
        results
            .hits
            .iter()
            .map(|h| (h.id.clone(), h.score.to_bits()))
            .collect()
    }

    #[test]
    fn results_come_in_order_and_as_one_at_a_time() {
        let index = index();
        let mut queries: Vec<String> = [
            "tropas",
            "¿Cuándo se construyó la catedral?",
            "\"fin de las misiones\"",
            "Irak OR Daesh",
            "(unclosed",
            "puente río",
        ]
        .iter()
        .map(|q| q.to_string())
        .collect();
        // Enough queries for both threads to be busy at once.
        for n in 0..50 {
            queries.push(queries[n % 6].clone());
        }
        let options = SearchOptions::default();
        let alone: Vec<_> = queries
            .iter()
            .map(|q| {
                index
                    .search(q, &options)
                    .map(|r| hits(&r))
                    .map_err(|e| e.to_string())
            })
            .collect();
        assert!(alone[4].is_err(), "a malformed query fails");
        assert!(
            alone
                .iter()
                .filter(|r| matches!(r, Ok(h) if !h.is_empty()))
                .count()
                > 40
        );
        for threads in [1, 2, 3] {
            let mut got = Vec::new();
            index.search_batch(&queries, &options, threads, |n, results| {
                assert_eq!(n, got.len(), "in order");
                got.push(results.map(|r| hits(&r)).map_err(|e| e.to_string()));
                true
            });
            assert_eq!(got, alone, "{threads} threads");
        }
    }

    #[test]
    fn stops_when_told() {
        let index = index();
        let queries = vec!["tropas"; 100];
        let mut seen = 0;
        index.search_batch(&queries, &SearchOptions::default(), 2, |_, _| {
            seen += 1;
            seen < 3
        });
        assert_eq!(seen, 3);
    }
}
