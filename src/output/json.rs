//! The `--json` form of `bahth search`. The schema, kept stable:
//!
//! ```text
//! {
//!   "query": "...", "total_hits": 12, "unit": "passages" | "articles", "took_ms": 1.3,
//!   "facets": {"source": {"الجزيرة": 3, ...}},   // in `unit`
//!   "fallback_any": false,            // true: no passage had every word; any-word ranking
//!   "undated_excluded": null,         // with --from/--to: hits left out for having no date
//!   "spellings": [{"form": "ترمب", "kind": "variant", "passages": 860}, ...],
//!   "rejected": [{"stem": "...", "reason": "..."}],   // with --explain only
//!   "evidence": [{"form", "hypothesis", "passages", "evidence", "accepted"}],   // with --explain only
//!   "hits": [{
//!     "rank": 1, "score": 7.2, "article_id": "seeds/002_….txt", "path": "/…/002_….txt",
//!     "source": "الجزيرة", "date": "2024-09-19" | null, "title": "...", "passage": 3,
//!     "text": "whole passage, original text", "snippet": "window of the passage",
//!     "highlights": [[start, end], ...]   // char offsets of matched words in snippet
//!   }]
//! }
//! ```

use std::io::Write;

use anyhow::Result;

use crate::search::Response;

/// Writes the response as one JSON object and a newline.
pub fn write(out: &mut impl Write, r: &Response) -> Result<()> {
    serde_json::to_writer(&mut *out, r)?;
    writeln!(out)?;
    Ok(())
}
