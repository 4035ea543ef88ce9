//! File formats to articles: text in, [`Article`]s out (bytes to text is [`super::decode`]).
//!
//! `.txt`/`.md` with optional YAML (`---`) or TOML (`+++`) front matter, `.json` (one object or an array),
//! `.jsonl`/`.ndjson` (one object a line), any of them gzipped (`.gz`). Per-record problems
//! are returned as [`Problem`]s; a file-level problem is a [`Skip`] reason.

use std::path::Path;

use serde_json::Value;
use tantivy::DateTime;

use super::decode::{decode, read_bytes};

/// One article, as parsed (before passage splitting).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Stable id: front-matter/JSON `id`, else derived from the path.
    pub id: String,
    /// Title, if the file gave one.
    pub title: Option<String>,
    /// Outlet, if the file gave one.
    pub source: Option<String>,
    /// Publication date.
    pub date: Option<DateTime>,
    /// Original URL.
    pub url: Option<String>,
    /// Authors (front matter `author`/`authors`, JSON the same).
    pub authors: Vec<String>,
    /// Tags (front matter or JSON `tags`).
    pub tags: Vec<String>,
    /// The article text.
    pub text: String,
}

/// A problem with one record or field: reported, never fatal for the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line number in the file, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// True when the record was skipped (false: a warning such as a bad date).
    pub skipped: bool,
}

/// Why a whole file is skipped.
pub type Skip = String;

/// The formats bahth reads, by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text or Markdown with optional front matter.
    Text,
    /// One JSON object or an array of them.
    Json,
    /// One JSON object a line.
    JsonLines,
    /// A saved web page.
    Html,
}

/// The format of a file from its name (`.gz` looked through), or None if bahth does not read it.
pub fn format_of(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(n) => (n.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.')?.1;
    let f = match ext {
        "txt" | "md" | "markdown" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        "html" | "htm" => Format::Html,
        _ => return None,
    };
    Some((f, gz))
}

/// Parses a date: YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339.
pub fn parse_date(s: &str) -> Option<DateTime> {
    use time::format_description::well_known::Rfc3339;
    use time::{Date, Month, OffsetDateTime};
    let s = s.trim().trim_matches('"');
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(DateTime::from_utc(dt));
    }
    let mut parts = s.splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok().filter(|y| (1000..=9999).contains(y))?;
    let m: u8 = match parts.next() {
        Some(m) => m.parse().ok()?,
        None => 1,
    };
    let d: u8 = match parts.next() {
        Some(d) => d.get(..2).unwrap_or(d).parse().ok()?,
        None => 1,
    };
    let date = Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()?;
    Some(DateTime::from_utc(date.midnight().assume_utc()))
}

/// Parses a text file with optional front matter (YAML between `---` lines, TOML between
/// `+++` lines; see [`super::front`]) into one article (id filled later).
pub fn parse_text(text: &str) -> (Article, Vec<Problem>) {
    let mut art = Article::default();
    let mut problems = Vec::new();
    let mut body = text;
    match super::front::block(text) {
        Ok(None) => {}
        Err(()) => problems.push(Problem {
            line: Some(1),
            message: "front matter opened on line 1 is never closed; the whole file is read as text".into(),
            skipped: false,
        }),
        Ok(Some(b)) => {
            body = &text[b.text_start..];
            match super::front::fields(&b) {
                Ok(fields) => {
                    for (key, values) in fields {
                        set_values(&mut art, &key, &values, Some(1), &mut problems);
                    }
                }
                Err((line, message)) => {
                    let syntax = if b.syntax == super::front::Syntax::Yaml { "YAML" } else { "TOML" };
                    let fallback = super::front::lines(&b);
                    let what = if fallback.is_some() {
                        "it was read line by line as `key: value` instead (quote values that hold `: ` to silence this)"
                    } else {
                        "the metadata is ignored, the text is indexed"
                    };
                    problems.push(Problem {
                        line: Some(line),
                        message: format!("front matter does not parse as {syntax} (line {line}: {message}); {what}"),
                        skipped: false,
                    });
                    for (key, values) in fallback.unwrap_or_default() {
                        set_values(&mut art, &key, &values, Some(1), &mut problems);
                    }
                }
            }
        }
    }
    art.text = body.to_string();
    (art, problems)
}

/// Sets a field that may carry several values (authors, tags) or one.
fn set_values(art: &mut Article, key: &str, values: &[String], line: Option<usize>, problems: &mut Vec<Problem>) {
    let clean = || values.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    match key.to_ascii_lowercase().as_str() {
        "author" | "authors" => art.authors.extend(clean()),
        "tags" | "tag" => art.tags.extend(clean()),
        _ => {
            if let Some(v) = values.first() {
                set_field(art, key, v.trim(), line, problems);
            }
        }
    }
}

fn set_field(art: &mut Article, key: &str, value: &str, line: Option<usize>, problems: &mut Vec<Problem>) {
    if value.is_empty() {
        return;
    }
    match key.to_ascii_lowercase().as_str() {
        "title" => art.title = Some(value.to_string()),
        "source" => art.source = Some(value.to_string()),
        "url" => art.url = Some(value.to_string()),
        "id" => art.id = value.to_string(),
        "date" => match parse_date(value) {
            Some(d) => art.date = Some(d),
            None => problems.push(Problem {
                line,
                message: format!("date {value:?} is not YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339; the article is indexed without a date"),
                skipped: false,
            }),
        },
        _ => {}
    }
}

/// One JSON record to an article, or the reason it cannot be one.
pub fn from_json(v: &Value, line: Option<usize>, problems: &mut Vec<Problem>) -> Option<Article> {
    let Some(obj) = v.as_object() else {
        problems.push(Problem { line, message: "not a JSON object; skipped".into(), skipped: true });
        return None;
    };
    let text = ["text", "body", "content"].iter().find_map(|k| obj.get(*k).and_then(Value::as_str));
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        problems.push(Problem {
            line,
            message: "no text (fields text, body or content); skipped".into(),
            skipped: true,
        });
        return None;
    };
    let mut art = Article { text: text.to_string(), ..Article::default() };
    for key in ["title", "source", "date", "url", "id", "author", "authors", "tags"] {
        let scalar = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let values: Vec<String> = match obj.get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
            Some(v) => scalar(v).into_iter().collect(),
            None => continue,
        };
        set_values(&mut art, key, &values, line, problems);
    }
    Some(art)
}

/// Parses line `line_no` (1-based) of a JSON-lines file; blank lines give nothing.
pub fn json_line(line_no: usize, line: &str, problems: &mut Vec<Problem>) -> Option<Article> {
    if line.trim().is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(v) => {
            let mut a = from_json(&v, Some(line_no), problems)?;
            if a.id.is_empty() {
                a.id = format!(":{line_no}");
            }
            Some(a)
        }
        Err(e) => {
            problems.push(Problem { line: Some(line_no), message: format!("bad JSON ({e}); skipped"), skipped: true });
            None
        }
    }
}

/// Parses a whole JSON or JSON-lines text.
pub fn parse_json(text: &str, lines: bool) -> (Vec<Article>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    if lines {
        for (i, line) in text.lines().enumerate() {
            out.extend(json_line(i + 1, line, &mut problems));
        }
    } else {
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    if let Some(mut a) = from_json(v, None, &mut problems) {
                        if a.id.is_empty() {
                            a.id = format!("#{i}");
                        }
                        out.push(a);
                    }
                }
            }
            Ok(v) => out.extend(from_json(&v, None, &mut problems)),
            Err(e) => problems.push(Problem {
                line: Some(e.line()),
                message: format!("bad JSON ({e}); skipped"),
                skipped: true,
            }),
        }
    }
    (out, problems)
}

/// Reads every article of a file or folder (JSON, JSON lines or text, gzipped or not), for
/// evaluation and benchmarks. Unreadable files and bad records are left out.
pub fn read_all(path: &Path) -> anyhow::Result<Vec<Article>> {
    let walked = super::walk::walk(&[path.to_path_buf()], None);
    if walked.files.is_empty() {
        anyhow::bail!("no readable articles in {}", path.display());
    }
    let mut out = Vec::new();
    for f in &walked.files {
        let decoder = if f.format == Format::Html { super::decode::decode_html } else { decode };
        let Ok(text) = read_bytes(&f.path, f.gz, u64::MAX / 2).and_then(decoder) else {
            continue;
        };
        let mut arts = match f.format {
            Format::Text => vec![parse_text(&text).0],
            Format::Html => vec![super::html::parse_html(&text).0],
            Format::Json => parse_json(&text, false).0,
            Format::JsonLines => parse_json(&text, true).0,
        };
        for a in &mut arts {
            if a.id.is_empty() || a.id.starts_with([':', '#']) {
                a.id = format!("{}{}", f.id_base, a.id);
            }
        }
        out.extend(arts);
    }
    Ok(out)
}

/// The title fallback: the first non-empty line, cut to about 120 characters at a word end.
pub fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    if line.chars().count() <= 120 {
        return Some(line.to_string());
    }
    let cut: String = line.chars().take(120).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).to_string();
    Some(format!("{cut}…"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_dates() {
        let (a, p) = parse_text(
            "---\nsource: 'الجزيرة'\ndate: 2024-09-19\ntitle: عنوان\nfoo: bar\nauthor: أحمد\ntags: [مالي, فاغنر]\n---\nالنص\n",
        );
        assert_eq!(a.source.as_deref(), Some("الجزيرة"), "quotes are the YAML parser's");
        assert_eq!(a.title.as_deref(), Some("عنوان"));
        assert_eq!(a.text, "النص\n");
        assert_eq!(
            (a.authors.clone(), a.tags.clone()),
            (vec!["أحمد".to_string()], vec!["مالي".to_string(), "فاغنر".to_string()])
        );
        assert!(a.date.is_some());
        assert!(p.is_empty(), "{p:?}");
        let (a, p) = parse_text("---\ntitle: a\n  bad: [indent\n---\nالنص");
        assert!(
            a.title.as_deref() == Some("a") && a.text == "النص" && p.len() == 1 && !p[0].skipped,
            "a bad block is a warning, and its `key: value` lines are read: {p:?}"
        );
        assert!(p[0].message.contains("read line by line"), "{p:?}");
        let (a, p) = parse_text("---\n[not, a, pair\n---\nالنص");
        assert!(a.title.is_none() && a.text == "النص" && p.len() == 1, "nothing to read: {p:?}");
        assert!(p[0].message.contains("the metadata is ignored"), "{p:?}");
        for d in ["2024-09-19", "2024-09", "2024", "2024-09-19T10:00:00Z", "2024-09-19T10:00:00+03:00"] {
            assert!(parse_date(d).is_some(), "{d}");
        }
        for d in ["19/09/2024", "yesterday", "2024-13-01", ""] {
            assert!(parse_date(d).is_none(), "{d}");
        }
        let (a, p) = parse_text("---\ndate: أمس\n---\nنص");
        assert!(a.date.is_none() && p.len() == 1 && !p[0].skipped, "a bad date is a warning");
        let (a, p) = parse_text("---\nsource: x\nنص بلا نهاية");
        assert!(a.text.contains("نص") && p.len() == 1, "unclosed front matter");
    }

    #[test]
    fn json_records() {
        let (arts, probs) = parse_json(
            "{\"id\":\"a\",\"text\":\"x\"}\nnot json\n{\"body\":\"y\",\"date\":\"2018\"}\n{\"title\":\"no text\"}\n",
            true,
        );
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].id, ":3");
        assert_eq!(probs.iter().map(|p| p.line).collect::<Vec<_>>(), vec![Some(2), Some(4)]);
        let (arts, _) = parse_json("[{\"content\":\"a\"},{\"text\":\"b\",\"id\":7}]", false);
        assert_eq!(arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), vec!["#0", "7"]);
    }
}
