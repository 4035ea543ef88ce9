//! Answers remembered per index state: what a query word reaches depends only on the word,
//! the options and the articles in the index, so a server or a benchmark that sees the word
//! again on the same segments reuses the answer (as tantivy reuses decompressed store
//! blocks). The key starts with the searcher's [`generation`]: a commit that changes the
//! segments changes the key, so nothing stale is ever served. One generic memo for every kind
//! of answer (word expansions, phrases, splits, pairs of words).

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::Searcher;

/// Entries kept before the memo is emptied.
pub const KEPT: usize = 20_000;

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Turns remembering on or off (the benchmark measures both).
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

/// Whether answers are remembered.
pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// The index state a searcher sees: its segment ids and their deletes, as one 64-bit hash
/// (xxh3 of the sorted ids and delete counts: read on every memo lookup, so no text is built).
pub fn generation(searcher: &Searcher) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut ids: Vec<(tantivy::index::SegmentId, u32)> =
        searcher.segment_readers().iter().map(|r| (r.segment_id(), r.num_deleted_docs())).collect();
    ids.sort_unstable();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    ids.hash(&mut h);
    h.finish()
}

type Entry = Arc<dyn Any + Send + Sync>;

/// The remembered answer under `key` (for `searcher`'s generation), or `compute`'s,
/// remembered. Keys of different answer types never collide: the type is part of the key.
pub fn get_or<T: Clone + Send + Sync + 'static>(searcher: &Searcher, key: &str, compute: impl FnOnce() -> T) -> T {
    static CACHE: OnceLock<Mutex<HashMap<String, Entry>>> = OnceLock::new();
    if !ENABLED.load(Ordering::Relaxed) {
        return compute();
    }
    let key = format!("{}|{:016x}|{key}", std::any::type_name::<T>(), generation(searcher));
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        if let Some(t) = hit.downcast_ref::<T>() {
            return t.clone();
        }
    }
    let value = compute();
    if let Ok(mut c) = cache.lock() {
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(key, Arc::new(value.clone()));
    }
    value
}
