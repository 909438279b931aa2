//! Lupa's Spanish analyzer, ingestion, index and search.
pub mod analysis;
pub mod ingest;
