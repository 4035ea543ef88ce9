//! Front matter, as Hugo, Jekyll and Obsidian write it: YAML between `---` lines (through
//! yaml-rust2) or TOML between `+++` lines (through the toml crate), read into plain
//! key → values pairs. Pure functions; [`super::article`] decides what the keys mean.
//!
//! Scalars become one value (quotes are the parser's business, so `'الجزيرة'` is الجزيرة);
//! lists, inline or block, become several; multi-line strings keep their lines; YAML and TOML
//! dates become their text. A block that does not parse is reported with its line in the
//! file and the parser's message, and the text after it is still the article.

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
