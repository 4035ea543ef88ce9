//! The forms of `bahth stories` (the list of stories told more than once) and the lines a
//! search hit shows about its copies.

use std::io::Write;

use anyhow::Result;

use crate::search::Hit;
use crate::stories::{Copy, Listed};

/// JSON: `[{"story", "articles": [{"id", "source", "date", "title"}]}]`, largest first.
pub fn write_json(out: &mut impl Write, stories: &[Listed]) -> Result<()> {
    writeln!(out, "{}", serde_json::to_string(stories)?)?;
    Ok(())
}

/// Terminal: per story its size, first publication and every copy, then a total line.
pub fn write_text(out: &mut impl Write, stories: &[Listed], all: usize, grouped: usize) -> Result<()> {
    for s in stories {
        let outlets: std::collections::BTreeSet<&str> = s.articles.iter().map(|m| m.source.as_str()).collect();
        writeln!(out, "{} articles in {} outlets · story {}", s.articles.len(), outlets.len(), s.story)?;
        for m in &s.articles {
            writeln!(out, "     {} · {} · {}", m.source, m.date.as_deref().unwrap_or("no date"), m.title)?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{} stories shown; the index has {all} stories told more than once ({grouped} articles)",
        stories.len()
    )?;
    Ok(())
}

/// The lines under a hit that has copies: with `--stories`, "first: outlet, date" and
/// "also in: outlet (date), …"; otherwise one line counting them.
pub fn copies_lines(h: &Hit, stories: bool) -> Vec<String> {
    if h.copies.is_empty() {
        return Vec::new();
    }
    let when = |c: &Copy| c.date.clone().unwrap_or_else(|| "no date".into());
    if !stories {
        let outlets: std::collections::BTreeSet<&str> = h.copies.iter().map(|c| c.source.as_str()).collect();
        let names: Vec<&str> = outlets.into_iter().collect();
        return vec![format!("also as {} other article(s): {}", h.copies.len(), names.join(", "))];
    }
    let hit_first = h
        .copies
        .iter()
        .all(|c| (c.date.as_deref().unwrap_or("~"), &c.id) >= (h.date.as_deref().unwrap_or("~"), &h.article_id));
    let first = if hit_first {
        format!("first: {}, {}", h.source, h.date.as_deref().unwrap_or("no date"))
    } else {
        let c = &h.copies[0];
        format!("first: {}, {} (not among the matches shown: {})", c.source, when(c), c.title)
    };
    let also: Vec<String> = h
        .copies
        .iter()
        .filter(|c| hit_first || c.id != h.copies[0].id)
        .map(|c| format!("{} ({})", c.source, when(c)))
        .collect();
    if also.is_empty() {
        return vec![first];
    }
    vec![first, format!("also in: {}", also.join(", "))]
}
