//! Names: which spellings a query word or a multi-word name reaches in an index, and the
//! evidence for each. Core logic between analysis and search: search calls it, it never calls
//! search.
//!
//! - [`tables`]: the linguistic tables (proclitics, article, endings), written once;
//! - [`spelling`]: pure functions over spellings (clitic parses, distance, candidate patterns,
//!   splits) derived from the tables;
//! - [`evidence`]: contexts and the likelihood ratio that accepts or rejects a form;
//! - [`expand`]: one word → its forms ([`Names::word`], the entry point for a word);
//! - [`compound`]: names of several words, joined and split spellings;
//! - [`memo`]: answers remembered per index state;
//! - [`ask`]: the single entry point search calls ([`Names::ask`]).

pub mod ask;
pub mod compound;
pub mod evidence;
pub mod expand;
pub mod memo;
pub mod spelling;
pub mod tables;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

pub use ask::{Answer, Ask, Choices, NameForm};
pub use compound::{NameSpelling, Phrase};
pub use evidence::{any_of, Corpus};
pub use expand::{Kind, Names, Spelling, Verdict, WordExpansion};

/// Compiled automata kept for reuse (building one costs more than running it).
const AUTOMATA_KEPT: usize = 4096;

/// The automaton of `pattern`, compiled once per process (a bounded cache, emptied when
/// full, like the automaton caches of Lucene's query parsers).
pub fn compiled(pattern: &str) -> Option<Arc<tantivy_fst::Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<tantivy_fst::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().ok()?.get(pattern) {
        return Some(re.clone());
    }
    let re = Arc::new(tantivy_fst::Regex::new(pattern).ok()?);
    let mut map = cache.lock().ok()?;
    if map.len() >= AUTOMATA_KEPT {
        map.clear();
    }
    map.insert(pattern.to_string(), re.clone());
    Some(re)
}

impl<'a> Names<'a> {
    /// Name expansion over the index `searcher` reads, with its analyzer and fields.
    pub fn new(
        analyzer: &'a crate::analysis::Analyzer,
        fields: &'a crate::schema::Fields,
        searcher: &'a tantivy::Searcher,
    ) -> Names<'a> {
        Names { corpus: Corpus { analyzer, fields, searcher } }
    }
}
