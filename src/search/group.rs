//! Passages to articles: article ids of hits read from the id fast field (one sorted
//! dictionary pass per segment) and each article's best passage (counts: [`super::count`]).

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use tantivy::{DocAddress, Searcher};

use crate::schema::names;

pub use crate::keys::article_keys;

/// The article key of each document (see [`article_keys`]), in order.
pub fn article_key_of(searcher: &Searcher, addrs: &[DocAddress]) -> Result<Vec<u64>> {
    let mut cols = HashMap::new();
    let mut out = Vec::with_capacity(addrs.len());
    for a in addrs {
        if let std::collections::hash_map::Entry::Vacant(e) = cols.entry(a.segment_ord) {
            let col = searcher.segment_reader(a.segment_ord).fast_fields().str(names::ARTICLE_ID)?;
            e.insert((col, article_keys(searcher, a.segment_ord)?));
        }
        let (col, keys) = &cols[&a.segment_ord];
        let ord = col.as_ref().and_then(|c| c.term_ords(a.doc_id).next());
        out.push(ord.and_then(|o| keys.get(o as usize).copied()).unwrap_or(u64::from(a.doc_id) ^ u64::MAX));
    }
    Ok(out)
}

/// The best passage of each article, in rank order, at most `n` (article ids read from the
/// fast field, so no stored document is loaded for grouping).
pub fn best_per_article(searcher: &Searcher, docs: Vec<(f32, DocAddress)>, n: usize) -> Result<Vec<(f32, DocAddress)>> {
    let addrs: Vec<DocAddress> = docs.iter().map(|(_, a)| *a).collect();
    let ids = article_key_of(searcher, &addrs)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for ((score, addr), id) in docs.into_iter().zip(ids) {
        if seen.insert(id) {
            out.push((score, addr));
            if out.len() == n {
                break;
            }
        }
    }
    Ok(out)
}

/// The article id of each document, in order (one sorted dictionary pass per segment).
pub fn article_ids(searcher: &Searcher, addrs: impl Iterator<Item = DocAddress>) -> Result<Vec<String>> {
    let addrs: Vec<DocAddress> = addrs.collect();
    let mut by_segment: HashMap<u32, Vec<(usize, u32)>> = HashMap::new();
    for (i, addr) in addrs.iter().enumerate() {
        by_segment.entry(addr.segment_ord).or_default().push((i, addr.doc_id));
    }
    let mut out = vec![String::new(); addrs.len()];
    for (seg, docs) in by_segment {
        let Some(col) = searcher.segment_reader(seg).fast_fields().str(names::ARTICLE_ID)? else { continue };
        let rows: Vec<(usize, u64)> =
            docs.into_iter().filter_map(|(i, doc)| col.term_ords(doc).next().map(|o| (i, o))).collect();
        let strings = crate::store::resolve_ords(&col, rows.iter().map(|r| r.1))?;
        for (i, ord) in rows {
            if let Some(s) = strings.get(&ord) {
                out[i].clone_from(s);
            }
        }
    }
    Ok(out)
}
