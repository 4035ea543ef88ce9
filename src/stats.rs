//! `bahth stats`: what an index holds (articles, passages, sources, date range, size,
//! analyzer), read from the index itself.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector};

use crate::schema::names;
use crate::store::{Payload, Store};

/// The facts `stats` reports (also its JSON form).
#[derive(Debug, Serialize)]
pub struct Stats {
    /// Articles.
    pub articles: u64,
    /// Passages (tantivy documents).
    pub passages: u64,
    /// Articles per source.
    pub sources: BTreeMap<String, u64>,
    /// Earliest article date (YYYY-MM-DD).
    pub first_date: Option<String>,
    /// Latest article date.
    pub last_date: Option<String>,
    /// Index size on disk, bytes.
    pub bytes: u64,
    /// Analyzer identity (name/version/stemmer).
    pub analyzer: String,
}

/// Formats a tantivy date as YYYY-MM-DD.
pub fn ymd(d: tantivy::DateTime) -> String {
    let dt = d.into_utc();
    format!("{:04}-{:02}-{:02}", dt.year(), dt.month() as u8, dt.day())
}

/// Source name of a facet path `/name`.
pub fn source_name(facet: &tantivy::schema::Facet) -> String {
    facet.to_path().last().map_or_else(String::new, |s| s.to_string())
}

/// Computes the stats of an open index.
pub fn stats(store: &Store) -> Result<Stats> {
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let first_passages = crate::schema::lead_passages(&store.fields);
    let mut facets = FacetCollector::for_field(names::SOURCE);
    facets.add_facet("/");
    let (articles, facet_counts) = searcher.search(&first_passages, &(Count, facets))?;
    let sources = facet_counts.get("/").map(|(f, n)| (source_name(f), n)).collect();
    let (mut lo, mut hi): (Option<i64>, Option<i64>) = (None, None);
    for seg in searcher.segment_readers() {
        let col = seg.fast_fields().date(names::DATE)?;
        for doc in seg.doc_ids_alive() {
            if let Some(d) = col.first(doc) {
                let t = d.into_timestamp_secs();
                lo = Some(lo.map_or(t, |v| v.min(t)));
                hi = Some(hi.map_or(t, |v| v.max(t)));
            }
        }
    }
    let bytes = std::fs::read_dir(&store.dir)
        .with_context(|| format!("listing {}", store.dir.display()))?
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let to_date = |t: i64| ymd(tantivy::DateTime::from_timestamp_secs(t));
    Ok(Stats {
        articles: articles as u64,
        passages: searcher.num_docs(),
        sources,
        first_date: lo.map(to_date),
        last_date: hi.map(to_date),
        bytes,
        analyzer: Payload::of(&store.analyzer).identity(),
    })
}
