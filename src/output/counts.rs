//! The faces of `bahth count`: a terminal table with bars, CSV and JSON. The rows are the
//! same in all three (one per bucket, empty time buckets as 0).
//!
//! JSON schema: `{"query", "unit": "articles"|"passages", "by": ["source"|"month"|"week"|"day"],
//! "total", "undated", "rows": [{"key": [...], "count"}], "spellings": [...], "took_ms"}`.

use std::io::Write;

use anyhow::Result;

use crate::search::CountResponse;

/// Width of the longest bar, in block characters.
pub const BAR_WIDTH: usize = 40;

/// Eighths of a block, for the bar's last character.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/// A bar of `count` against `max`, in full and partial Unicode blocks.
pub fn bar(count: u64, max: u64) -> String {
    if max == 0 {
        return String::new();
    }
    let eighths = (count as f64 / max as f64 * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    if s.is_empty() && count > 0 {
        s.push('▏');
    }
    s
}

/// The terminal table: a title line, one row per bucket with its count and bar, the total.
pub fn write_text(out: &mut impl Write, r: &CountResponse) -> Result<()> {
    let c = &r.counts;
    let dims: Vec<&str> = c.by.iter().map(|b| by_name(*b)).collect();
    writeln!(out, "{} per {} for {}", c.unit.name(), dims.join(" and "), r.query)?;
    let widths: Vec<usize> =
        (0..c.by.len()).map(|i| c.rows.iter().map(|row| row.key[i].chars().count()).max().unwrap_or(0)).collect();
    let max = c.rows.iter().map(|row| row.count).max().unwrap_or(0);
    let num = c.rows.iter().map(|row| row.count.to_string().len()).max().unwrap_or(1);
    for row in &c.rows {
        let keys: Vec<String> = row.key.iter().zip(&widths).map(|(k, w)| pad(k, *w)).collect();
        writeln!(out, "{}  {:>num$}  {}", keys.join("  "), row.count, bar(row.count, max))?;
    }
    let timed = c.by.iter().any(|b| *b != crate::search::count::By::Source);
    if timed && c.undated > 0 {
        writeln!(out, "undated  {:>num$}  (not in any {} above)", c.undated, dims.join("/"))?;
    }
    writeln!(out, "{} {} in all ({} undated), {:.1} ms", c.total, c.unit.name(), c.undated, r.took_ms)?;
    Ok(())
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn by_name(b: crate::search::count::By) -> &'static str {
    use crate::search::count::By;
    match b {
        By::Source => "source",
        By::Month => "month",
        By::Week => "week",
        By::Day => "day",
    }
}

/// CSV: a header (the dimensions, then the unit), one record per bucket.
pub fn write_csv(out: &mut impl Write, r: &CountResponse) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = r.counts.by.iter().map(|b| by_name(*b)).collect();
    header.push(r.counts.unit.name());
    w.write_record(&header)?;
    for row in &r.counts.rows {
        let mut rec = row.key.clone();
        rec.push(row.count.to_string());
        w.write_record(&rec)?;
    }
    w.flush()?;
    Ok(())
}

/// JSON: the response as one object and a newline.
pub fn write_json(out: &mut impl Write, r: &CountResponse) -> Result<()> {
    serde_json::to_writer(&mut *out, r)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_are_sized_to_the_largest_bucket() {
        assert_eq!(bar(10, 10).chars().count(), super::BAR_WIDTH);
        assert_eq!(bar(5, 10), "█".repeat(20));
        assert_eq!(bar(0, 10), "");
        assert_eq!(bar(1, 1000), "▏", "a bucket with hits always shows");
        assert_eq!(bar(3, 0), "");
    }
}
