//! Front matter, as Hugo, Jekyll and Obsidian write it: YAML between `---` lines (through
//! yaml-rust2) or TOML between `+++` lines (through the toml crate), read into plain
//! key → values pairs. Pure functions; [`super::article`] decides what the keys mean.
//!
//! Scalars become one value (quotes are the parser's business, so `'الجزيرة'` is الجزيرة);
//! lists, inline or block, become several; multi-line strings keep their lines; YAML and TOML
//! dates become their text. A block that does not parse is read again line by line as
//! `key: value` ([`lines`]) with a warning naming its line and the parser's message; the text
//! after it is the article either way.

/// Key → values pairs, in the block's order.
pub type Pairs = Vec<(String, Vec<String>)>;

/// Which delimiter opened the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `---`.
    Yaml,
    /// `+++`.
    Toml,
}

/// Front matter found at the top of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block<'a> {
    /// YAML or TOML.
    pub syntax: Syntax,
    /// The lines between the delimiters.
    pub body: &'a str,
    /// Byte offset where the article text starts (after the closing delimiter).
    pub text_start: usize,
}

/// The front matter block at the top of `text`: Ok(None) when there is none, Err(()) when it
/// is opened and never closed.
#[allow(clippy::result_unit_err)]
pub fn block(text: &str) -> Result<Option<Block<'_>>, ()> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let syntax = match text[..first_end].trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => return Ok(None),
    };
    let delimiter = if syntax == Syntax::Yaml { "---" } else { "+++" };
    let start = (first_end + 1).min(text.len());
    let mut offset = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == delimiter || (syntax == Syntax::Yaml && line.trim_end() == "...") {
            return Ok(Some(Block { syntax, body: &text[start..offset], text_start: offset + line.len() }));
        }
        offset += line.len();
    }
    Err(())
}

/// Key → values of a block, or (line in the file, message) when it does not parse. Line 1
/// is the opening delimiter.
pub fn fields(b: &Block) -> Result<Pairs, (usize, String)> {
    match b.syntax {
        Syntax::Yaml => yaml(b.body),
        Syntax::Toml => toml_fields(b.body),
    }
}

/// The block read line by line as `key: value`, split at the first `: ` (or a trailing `:`),
/// for front matter that YAML rejects but a person wrote meaning exactly that (an unquoted
/// colon in a title: `title: ضربة في باماكو: هجوم`). Lines without a key, comments and
/// indented lines (block lists) are passed over; surrounding quotes come off. None when no
/// line reads as a pair.
pub fn lines(b: &Block) -> Option<Pairs> {
    let mut out: Pairs = Vec::new();
    for line in b.body.lines() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let (key, value) = match line.split_once(": ") {
            Some((k, v)) => (k, v),
            None => match line.trim_end().strip_suffix(':') {
                Some(k) => (k, ""),
                None => continue,
            },
        };
        let key = key.trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let value = value.trim();
        let unquoted = ['"', '\''].iter().find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q)).unwrap_or(value);
        out.push((key.to_string(), vec![unquoted.to_string()].into_iter().filter(|v| !v.is_empty()).collect()));
    }
    (!out.is_empty()).then_some(out)
}

fn yaml(body: &str) -> Result<Pairs, (usize, String)> {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(body).map_err(|e| (e.marker().line() + 1, e.info().to_string()))?;
    let Some(doc) = docs.into_iter().next() else { return Ok(Vec::new()) };
    let Yaml::Hash(map) = doc else {
        return Err((2, "front matter is not a list of `key: value` pairs".into()));
    };
    fn scalar(v: &Yaml) -> Option<String> {
        match v {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    }
    Ok(map
        .iter()
        .filter_map(|(k, v)| {
            let key = scalar(k)?;
            let values = match v {
                Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
                v => scalar(v).into_iter().collect(),
            };
            Some((key, values))
        })
        .collect())
}

fn toml_fields(body: &str) -> Result<Pairs, (usize, String)> {
    let table: toml::Table = body.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(0, |s| body[..s.start.min(body.len())].matches('\n').count());
        (line + 2, e.message().to_string())
    })?;
    fn scalar(v: &toml::Value) -> Option<String> {
        match v {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(i) => Some(i.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::Boolean(b) => Some(b.to_string()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            _ => None,
        }
    }
    Ok(table
        .iter()
        .map(|(k, v)| {
            let values = match v {
                toml::Value::Array(items) => items.iter().filter_map(scalar).collect(),
                v => scalar(v).into_iter().collect(),
            };
            (k.clone(), values)
        })
        .collect())
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn a_title_with_an_unquoted_colon_reads_line_by_line() {
        let text = "---\nsource: صوت الحق\ntitle: ضربة في باماكو: هجوم معقد\ndate: '2024-09-17'\n---\nنص";
        let b = block(text).unwrap().unwrap();
        assert!(fields(&b).is_err(), "YAML rejects the block");
        let got = lines(&b).expect("pairs");
        assert_eq!(got[0], ("source".to_string(), vec!["صوت الحق".to_string()]));
        assert_eq!(got[1], ("title".to_string(), vec!["ضربة في باماكو: هجوم معقد".to_string()]));
        assert_eq!(got[2], ("date".to_string(), vec!["2024-09-17".to_string()]));
        let none = block("---\njust words here\n---\nنص").unwrap().unwrap();
        assert_eq!(lines(&none), None, "no key: nothing to read");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(f: &[(String, Vec<String>)], k: &str) -> Vec<String> {
        f.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    #[test]
    fn yaml_one_form_per_row() {
        let text = "---\ntitle: \"عنوان: مع نقطتين\"\nsource: 'الجزيرة'\ndate: 2024-09-19\ntags: [مالي, فاغنر]\nauthors:\n  - أحمد\n  - سارة\nsummary: |\n  سطر أول\n  سطر ثان\n---\nالنص\n";
        let b = block(text).unwrap().unwrap();
        assert_eq!(b.syntax, Syntax::Yaml);
        assert_eq!(&text[b.text_start..], "النص\n");
        let f = fields(&b).unwrap();
        assert_eq!(get(&f, "title"), vec!["عنوان: مع نقطتين"], "quoted with a colon inside");
        assert_eq!(get(&f, "source"), vec!["الجزيرة"], "single quotes are not part of the value");
        assert_eq!(get(&f, "date"), vec!["2024-09-19"], "a YAML date as its text");
        assert_eq!(get(&f, "tags"), vec!["مالي", "فاغنر"], "inline list");
        assert_eq!(get(&f, "authors"), vec!["أحمد", "سارة"], "block list");
        assert_eq!(get(&f, "summary"), vec!["سطر أول\nسطر ثان\n"], "multi-line string");
    }

    #[test]
    fn toml_and_errors() {
        let text = "+++\ntitle = \"عنوان\"\ndate = 2024-09-19T10:00:00Z\ntags = [\"مالي\"]\n+++\nالنص";
        let b = block(text).unwrap().unwrap();
        assert_eq!(b.syntax, Syntax::Toml);
        let f = fields(&b).unwrap();
        assert_eq!(get(&f, "title"), vec!["عنوان"]);
        assert_eq!(get(&f, "date"), vec!["2024-09-19T10:00:00Z"], "a TOML datetime as its text");
        assert_eq!(get(&f, "tags"), vec!["مالي"]);
        assert_eq!(&text[b.text_start..], "النص");

        let bad = "---\ntitle: a\nsource: [unclosed\n---\nنص";
        let (line, msg) = fields(&block(bad).unwrap().unwrap()).unwrap_err();
        assert!(line >= 3 && !msg.is_empty(), "the line of the problem: {line} {msg}");
        let bad = "+++\ntitle = \n+++\nنص";
        let (line, _) = fields(&block(bad).unwrap().unwrap()).unwrap_err();
        assert_eq!(line, 2, "TOML errors name their line");
        assert_eq!(block("---\nno end"), Err(()), "unclosed");
        assert_eq!(block("نص عادي\n---\n"), Ok(None), "no front matter");
        assert!(fields(&block("---\nجملة بلا مفتاح\n---\n").unwrap().unwrap()).is_err(), "not a mapping");
    }
}
