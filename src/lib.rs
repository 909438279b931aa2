//! Lupa: full-text search for Spanish text.
pub use lupa_core as core;
pub use lupa_query as query;
