//! The terminal form of `bahth search`: one block per hit, then facet counts and totals.
//! Matches are ANSI bold yellow on a terminal, ⟦…⟧ markers in pipes or with NO_COLOR: a pair
//! Arabic news text does not use (it quotes with «…», so those would look like the article's own).

use std::io::Write;

use anyhow::Result;

use crate::search::{Hit, Response};

/// How matches are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// ANSI escape codes.
    Ansi,
    /// ⟦…⟧ markers (U+27E6, U+27E7).
    Plain,
}

impl Marks {
    /// ANSI on a terminal without NO_COLOR, plain otherwise.
    pub fn detect() -> Marks {
        use std::io::IsTerminal;
        if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) {
            Marks::Ansi
        } else {
            Marks::Plain
        }
    }
    fn open(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[1;33m",
            Marks::Plain => "⟦",
        }
    }
    fn close(self) -> &'static str {
        match self {
            Marks::Ansi => "\x1b[0m",
            Marks::Plain => "⟧",
        }
    }
}

/// The snippet with its highlights marked.
pub fn marked(hit: &Hit, marks: Marks) -> String {
    let mut out = String::with_capacity(hit.snippet.len() + 16);
    let mut spans = hit.highlights.iter().peekable();
    for (i, c) in hit.snippet.chars().enumerate() {
        if let Some([s, _]) = spans.peek() {
            if *s == i {
                out.push_str(marks.open());
            }
        }
        out.push(if c == '\n' { ' ' } else { c });
        if let Some([_, e]) = spans.peek() {
            if *e == i + 1 {
                out.push_str(marks.close());
                spans.next();
            }
        }
    }
    out
}

/// `path#passage`, the path relative to the current folder when it lies below it; the
/// article id follows when it is not the file's own (JSON records).
pub fn location(h: &Hit) -> String {
    let cwd = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    let path = std::path::Path::new(&h.path);
    let shown = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    let file = path.file_name().and_then(|f| f.to_str()).unwrap_or("");
    if !file.is_empty() && h.article_id.ends_with(file) {
        format!("{}#{}", shown.display(), h.passage)
    } else {
        format!("{}#{}  (id {})", shown.display(), h.passage, h.article_id)
    }
}

/// Spellings shown on the terminal line; the rest are counted (`--json` has them all).
pub const SHOWN_SPELLINGS: usize = 12;

/// `spellings: ترامب 9803 · لترامب 512 clitic · ترمب 860 variant …`: the typed form first,
/// each other form marked by its kind.
pub fn spellings_line(r: &Response) -> Option<String> {
    if r.spellings.is_empty() {
        return None;
    }
    let mut parts: Vec<String> = r
        .spellings
        .iter()
        .take(SHOWN_SPELLINGS)
        .map(|s| match s.kind {
            crate::names::Kind::Typed => format!("{} {}", s.form, s.passages),
            k => format!("{} {} {}", s.form, s.passages, k.label()),
        })
        .collect();
    if r.spellings.len() > SHOWN_SPELLINGS {
        parts.push(format!("+{} more (--json lists them)", r.spellings.len() - SHOWN_SPELLINGS));
    }
    Some(format!("spellings (passages): {}", parts.join(" · ")))
}

/// Writes the whole response.
pub fn write(out: &mut impl Write, r: &Response, marks: Marks, explain: bool) -> Result<()> {
    if r.fallback_any {
        writeln!(out, "no passage has all the words; showing passages with any of them\n")?;
    }
    for h in &r.hits {
        writeln!(
            out,
            "{:>3}. [{:.2}] {} · {} · {}",
            h.rank,
            h.score,
            h.source,
            h.date.as_deref().unwrap_or("no date"),
            h.title
        )?;
        if !h.authors.is_empty() || !h.tags.is_empty() {
            let mut parts = Vec::new();
            if !h.authors.is_empty() {
                parts.push(format!("by {}", h.authors.join(", ")));
            }
            if !h.tags.is_empty() {
                parts.push(format!("tags: {}", h.tags.join(", ")));
            }
            writeln!(out, "     {}", parts.join(" · "))?;
        }
        writeln!(out, "     {}", location(h))?;
        writeln!(out, "     {}", marked(h, marks))?;
        for line in super::stories::copies_lines(h, r.unit == crate::search::count::Unit::Stories) {
            writeln!(out, "     {line}")?;
        }
        if explain {
            if let Some(e) = &h.explain {
                writeln!(out, "     why: {}", serde_json::to_string_pretty(e)?.replace('\n', "\n     "))?;
            }
        }
        writeln!(out)?;
    }
    if let Some(line) = spellings_line(r) {
        writeln!(out, "{line}")?;
    }
    if explain && !r.evidence.is_empty() {
        writeln!(out, "evidence (+ in, - out):")?;
        for v in &r.evidence {
            let sign = if v.accepted { '+' } else { '-' };
            writeln!(out, "  {sign} {} [{}] {} passages: {}", v.form, v.hypothesis, v.passages, v.evidence)?;
        }
    }
    if !r.facets.source.is_empty() {
        let mut by_count: Vec<_> = r.facets.source.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let parts: Vec<String> = by_count.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let scope = if r.facets.outlet_filter_ignored { " (every outlet, before the outlet filter)" } else { "" };
        writeln!(out, "{} per outlet{scope}: {}", r.unit.name(), parts.join(" · "))?;
    }
    if let Some(n) = r.undated_excluded {
        if n > 0 {
            writeln!(out, "{n} matching passages have no date and were left out by the date filter")?;
        }
    }
    writeln!(out, "{} {} in {:.1} ms", r.total_hits, r.unit.name(), r.took_ms)?;
    for s in &r.suggestions {
        writeln!(out, "did you mean: {} ({} articles)", s.query, s.articles)?;
    }
    Ok(())
}
