//! Expansions remembered per index state: what a query word reaches depends only on the word,
//! the options and the index's segments, so a server or a benchmark that sees the word again
//! on the same segments reuses the answer (as tantivy reuses decompressed store blocks). A
//! commit that changes the segments changes the key, so nothing stale is ever served.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use tantivy::Searcher;

use super::compound::Phrase;
use super::expand::WordExpansion;

/// Entries kept before the memo is emptied.
pub const KEPT: usize = 20_000;

/// One remembered answer.
#[derive(Debug, Clone)]
pub enum Memo {
    /// [`super::expand::Expander::word`].
    Word(WordExpansion),
    /// [`super::expand::Expander::splits`].
    Splits(Vec<(String, Phrase)>),
    /// [`super::expand::Expander::together`].
    Together(bool),
    /// [`super::expand::Expander::phrase`].
    Phrase(Option<Phrase>),
}

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Turns remembering on or off (the benchmark measures both).
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// The index state a searcher sees: its segment ids and their deletes.
pub fn generation(searcher: &Searcher) -> String {
    let mut ids: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|r| format!("{}:{}", r.segment_id().uuid_string(), r.num_deleted_docs()))
        .collect();
    ids.sort();
    ids.join(",")
}

/// The remembered answer under `key`, or `compute`'s, remembered.
pub fn get_or(key: String, compute: impl FnOnce() -> Memo) -> Memo {
    static CACHE: OnceLock<Mutex<HashMap<String, Memo>>> = OnceLock::new();
    if !ENABLED.load(Ordering::Relaxed) {
        return compute();
    }
    let cache = CACHE.get_or_init(Default::default);
    if let Some(m) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return m;
    }
    let m = compute();
    if let Ok(mut c) = cache.lock() {
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(key, m.clone());
    }
    m
}
