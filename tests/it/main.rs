//! One integration binary that drives the real `bahth` CLI in temporary folders.
//! The case tables live in tests/cases/; every row is checked.

mod analysis;
mod browser;
mod common;
mod conflation;
mod counts;
mod index;
mod measure;
mod names;
mod random;
mod search;
mod serve;
mod stories;
