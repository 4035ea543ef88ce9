//! Exports of a search's hits, as the page downloads them: CSV for spreadsheets (UTF-8 with
//! a byte-order mark, which Excel needs to read Arabic; one row per hit with its URL) and
//! JSON Lines (one hit a line, the `search --json` hit schema).

use std::io::Write;

use anyhow::Result;

use crate::search::Response;

/// The byte-order mark that tells Excel a CSV file is UTF-8.
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 10] =
    ["rank", "article_id", "source", "date", "title", "url", "story", "copies", "passage", "snippet"];

/// CSV: the byte-order mark, a header, one row per hit.
pub fn write_csv(out: &mut impl Write, r: &Response) -> Result<()> {
    out.write_all(UTF8_BOM.as_bytes())?;
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for h in &r.hits {
        w.write_record([
            h.rank.to_string().as_str(),
            &h.article_id,
            &h.source,
            h.date.as_deref().unwrap_or(""),
            &h.title,
            h.url.as_deref().unwrap_or(""),
            &h.story,
            &h.copies.len().to_string(),
            &h.passage.to_string(),
            &h.snippet,
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// JSON Lines: one hit a line.
pub fn write_jsonl(out: &mut impl Write, r: &Response) -> Result<()> {
    for h in &r.hits {
        serde_json::to_writer(&mut *out, h)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
