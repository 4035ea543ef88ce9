//! bahth: full-text search for Arabic news on tantivy. The library holds everything; the
//! binary (`main.rs`) only parses arguments and maps results to exit codes.

pub mod analysis;
pub mod app;
pub mod baseline;
pub mod bench;
pub mod cli;
pub mod error;
pub mod eval;
pub mod indexer;
pub mod keys;
pub mod names;
pub mod output;
pub mod schema;
pub mod search;
pub mod serve;
pub mod stats;
pub mod store;
pub mod stories;
