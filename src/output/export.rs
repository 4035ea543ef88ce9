//! Exports of a search's hits, as the page downloads them and `search --csv` prints them:
//! CSV for spreadsheets (UTF-8 with a byte-order mark, which Excel needs to read Arabic; one
//! row per hit with its URL, authors and the spellings it matched) and JSON Lines (one hit a
//! line, the `search --json` hit schema). Both are written a page of hits at a time.

use std::io::Write;

use anyhow::Result;

use crate::search::Hit;

/// The byte-order mark that tells Excel a CSV file is UTF-8.
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "rank",
    "article_id",
    "title",
    "source",
    "date",
    "url",
    "authors",
    "spellings",
    "snippet",
    "story",
    "copies",
    "passage",
];

/// Separates several values in one CSV cell (authors, spellings).
pub const CELL_SEPARATOR: &str = " | ";

/// The distinct spellings a hit matched, as its snippet highlights them, in order of
/// appearance. Highlights with only white space between them are one spelling: a name of two
/// words (حزب الله) or a split spelling (ترا مب) is matched as a whole.
pub fn matched_spellings(h: &Hit) -> Vec<String> {
    let chars: Vec<char> = h.snippet.chars().collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &[s, e] in &h.highlights {
        let (s, e) = (s.min(chars.len()), e.min(chars.len()));
        match runs.last_mut() {
            Some(last) if last.1 <= s && chars[last.1..s].iter().all(|c| c.is_whitespace()) => last.1 = e,
            _ => runs.push((s, e)),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (s, e) in runs {
        let word: String = chars[s..e].iter().collect();
        if !word.is_empty() && !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// A CSV export: the byte-order mark and the header, then rows page by page.
pub struct Csv<W: Write> {
    out: W,
}

impl<W: Write> Csv<W> {
    /// Writes the byte-order mark and the header.
    pub fn start(mut out: W) -> Result<Csv<W>> {
        out.write_all(UTF8_BOM.as_bytes())?;
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(CSV_COLUMNS)?;
        w.flush()?;
        drop(w);
        Ok(Csv { out })
    }

    /// One row per hit.
    pub fn rows(&mut self, hits: &[Hit]) -> Result<()> {
        let mut w = csv::Writer::from_writer(&mut self.out);
        for h in hits {
            w.write_record([
                h.rank.to_string().as_str(),
                &h.article_id,
                &h.title,
                &h.source,
                h.date.as_deref().unwrap_or(""),
                h.url.as_deref().unwrap_or(""),
                &h.authors.join(CELL_SEPARATOR),
                &matched_spellings(h).join(CELL_SEPARATOR),
                &h.snippet,
                &h.story,
                &h.copies.len().to_string(),
                &h.passage.to_string(),
            ])?;
        }
        w.flush()?;
        Ok(())
    }

    /// The writer underneath (to take the bytes of a page written to a buffer).
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }
}

/// JSON Lines: one hit a line.
pub fn write_jsonl(out: &mut impl Write, hits: &[Hit]) -> Result<()> {
    for h in hits {
        serde_json::to_writer(&mut *out, h)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
