//! Article keys: a 64-bit key for every article id of a segment, read once per segment from
//! the id fast field's dictionary and kept per segment id (segments never change). Articles
//! compare across segments by key without resolving ordinals to strings one block at a time;
//! the key depends only on the id, never on the segment layout.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Result;
use tantivy::Searcher;

use crate::schema::names;

/// Segments whose article keys are kept before the cache is emptied.
const KEYED_SEGMENTS: usize = 1024;

/// The 64-bit key of one article id.
pub fn key_of(id: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id)
}

/// A 64-bit key for every article id of a segment, by the id's ordinal in the segment's
/// id dictionary: articles compare across segments without resolving ordinals to strings one
/// block at a time (the dictionary is read once per segment, which never changes; the keys
/// are kept per segment id).
pub fn article_keys(searcher: &Searcher, segment: u32) -> Result<Arc<Vec<u64>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Vec<u64>>>>> = OnceLock::new();
    let reader = searcher.segment_reader(segment);
    let id = reader.segment_id().uuid_string();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(k) = cache.lock().ok().and_then(|c| c.get(&id).cloned()) {
        return Ok(k);
    }
    let mut keys = Vec::new();
    if let Some(col) = reader.fast_fields().str(names::ARTICLE_ID)? {
        let dict = col.dictionary();
        keys.reserve(dict.num_terms());
        let mut stream = dict.stream()?;
        while stream.advance() {
            keys.push(key_of(stream.key()));
        }
    }
    let keys = Arc::new(keys);
    if let Ok(mut c) = cache.lock() {
        if c.len() >= KEYED_SEGMENTS {
            c.clear();
        }
        c.insert(id, keys.clone());
    }
    Ok(keys)
}
