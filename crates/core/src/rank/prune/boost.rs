//! [`Boost`]: tantivy's `BoostQuery`, whose parts the planner can see.

use tantivy::query::{BoostWeight, EnableScoring, Query, Weight};
use tantivy::{Score, Term};

/// tantivy's `BoostQuery`, with its parts visible to [`Bag`].
#[derive(Debug)]
pub(crate) struct Boost {
    pub(super) query: Box<dyn Query>,
    pub(super) boost: Score,
}

impl Boost {
    pub(crate) fn new(query: Box<dyn Query>, boost: Score) -> Self {
        Boost { query, boost }
    }
}

impl Clone for Boost {
    fn clone(&self) -> Self {
        Boost {
            query: self.query.box_clone(),
            boost: self.boost,
        }
    }
}

impl Query for Boost {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.query.weight(enable_scoring)?;
        Ok(if enable_scoring.is_scoring_enabled() {
            Box::new(BoostWeight::new(inner, self.boost))
        } else {
            inner
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}
