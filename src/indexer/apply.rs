//! Applying the plan to one file: read it, parse its articles, claim their ids, and write
//! the new or changed ones (delete by id, then add their passages) to the shared writer.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use tantivy::schema::Facet;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::article::{self, Article, Format};
use super::walk::FileEntry;
use super::{merge, passages, Known, Options, Skipped, Summary};
use crate::schema::Fields;

/// Content hash of an article: its text and metadata.
pub fn article_hash(a: &Article, source: &str) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [a.text.as_str(), a.title.as_deref().unwrap_or(""), source, a.url.as_deref().unwrap_or("")] {
        h.update(part.as_bytes());
        h.update(&[0xff]);
    }
    for part in a.authors.iter().chain([String::new()].iter()).chain(&a.tags) {
        h.update(part.as_bytes());
        h.update(&[0xfe]);
    }
    h.update(&a.date.map_or(i64::MIN, |d| d.into_timestamp_secs()).to_le_bytes());
    h.digest()
}

/// Shared state of one run's workers.
pub(super) struct Run<'a> {
    pub(super) fields: Fields,
    /// The analyzer the writer's tokenizers use (the story sketch reads its normalized words).
    pub(super) analyzer: &'a crate::analysis::Analyzer,
    /// When this run started (seconds): the `added` time of its new articles.
    pub(super) run_started: i64,
    pub(super) opts: &'a Options,
    pub(super) existing: &'a HashMap<String, Known>,
    pub(super) writer: Option<&'a IndexWriter>,
    pub(super) progress: &'a indicatif::ProgressBar,
    /// Article ids claimed in this run (unchanged files' ids first): a second claim is a duplicate.
    pub(super) seen: &'a Mutex<HashSet<String>>,
    pub(super) summary: &'a Mutex<Summary>,
}

impl Run<'_> {
    fn skip(&self, path: String, reason: String) {
        if let Ok(mut s) = self.summary.lock() {
            s.skipped.push(Skipped { path, reason });
        }
    }

    /// Reads, parses and indexes one file.
    pub(super) fn file(&self, f: &FileEntry, previous: &HashMap<String, Known>) {
        let display = f.path.display().to_string();
        if f.format == Format::JsonLines {
            return self.json_lines(f, previous, display);
        }
        let decoder = if f.format == Format::Html { super::decode::decode_html } else { super::decode::decode };
        let text = match super::decode::read_bytes(&f.path, f.gz, self.opts.max_bytes).and_then(decoder) {
            Ok(t) => t,
            Err(reason) => {
                self.progress.inc(f.size);
                return self.skip(display, reason);
            }
        };
        let mut local = Summary { bytes: text.len() as u64, ..Summary::default() };
        let (arts, problems) = match f.format {
            Format::Text => {
                let (a, p) = article::parse_text(&text);
                if a.text.trim().is_empty() {
                    self.progress.inc(f.size);
                    return self.skip(display, "empty file (no text after the front matter)".into());
                }
                (vec![a], p)
            }
            Format::Html => {
                let (a, p) = super::html::parse_html(&text);
                if a.text.trim().is_empty() {
                    self.progress.inc(f.size);
                    return self
                        .skip(display, "no article text in the page (only navigation, scripts or furniture)".into());
                }
                (vec![a], p)
            }
            Format::Json | Format::JsonLines => article::parse_json(&text, f.format == Format::JsonLines),
        };
        self.progress.inc(f.size);
        for a in arts {
            self.article(a, f, previous, &display, &mut local);
        }
        self.report(local, problems, &display);
    }

    /// A JSON-lines file, record by record as it is read and decompressed, so tantivy's
    /// threads start on the first article while the rest of a large file is still coming in.
    fn json_lines(&self, f: &FileEntry, previous: &HashMap<String, Known>, display: String) {
        let mut lines = match super::decode::open_lines(&f.path, f.gz, self.opts.max_bytes) {
            Ok(l) => l,
            Err(reason) => {
                self.progress.inc(f.size);
                return self.skip(display, reason);
            }
        };
        let mut local = Summary::default();
        let mut problems = Vec::new();
        let (mut buf, mut line_no, mut shown, mut records) = (Vec::new(), 0usize, 0u64, 0usize);
        loop {
            match lines.next_line(&mut buf) {
                Ok(Some(true)) => {}
                Ok(Some(false)) => {
                    line_no += 1;
                    problems.push(article::Problem {
                        line: Some(line_no),
                        message: format!(
                            "record over the {} MB limit: skipped (raise --max-file-mb)",
                            lines.max_bytes >> 20
                        ),
                        skipped: true,
                    });
                    continue;
                }
                Ok(None) => break,
                Err(e) => {
                    problems.push(article::Problem {
                        line: Some(line_no + 1),
                        message: format!("reading stopped ({e}); the records after this line are not indexed"),
                        skipped: true,
                    });
                    break;
                }
            }
            line_no += 1;
            if line_no == 1 && buf.contains(&0) {
                self.progress.inc(f.size);
                return self.skip(display, "binary file (NUL bytes)".into());
            }
            let raw = if line_no == 1 { buf.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&buf) } else { &buf[..] };
            match std::str::from_utf8(raw) {
                Ok(line) => {
                    if !line.trim().is_empty() {
                        records += 1;
                    }
                    if let Some(a) = article::json_line(line_no, line.trim_end_matches(['\n', '\r']), &mut problems) {
                        self.article(a, f, previous, &display, &mut local);
                    }
                }
                Err(_) => problems.push(article::Problem {
                    line: Some(line_no),
                    message: "not UTF-8 (JSON must be); skipped".into(),
                    skipped: true,
                }),
            }
            let now = lines.raw_read().min(f.size);
            self.progress.inc(now.saturating_sub(shown));
            shown = now.max(shown);
        }
        self.progress.inc(f.size.saturating_sub(shown));
        if records == 0 && problems.is_empty() {
            return self.skip(display, "empty file".into());
        }
        local.bytes = lines.bytes;
        self.report(local, problems, &display);
    }

    /// Adds one file's problems and counts to the run's summary.
    fn report(&self, mut local: Summary, problems: Vec<article::Problem>, display: &str) {
        for p in problems {
            let path = p.line.map_or_else(|| display.to_string(), |l| format!("{display}:{l}"));
            let entry = Skipped { path, reason: p.message };
            if p.skipped {
                local.skipped.push(entry)
            } else {
                local.warnings.push(entry)
            }
        }
        if let Ok(mut s) = self.summary.lock() {
            merge(&mut s, local);
        }
    }

    /// Claims, compares and (if new or changed) writes one article of file `f`.
    fn article(
        &self,
        mut a: Article,
        f: &FileEntry,
        previous: &HashMap<String, Known>,
        display: &str,
        local: &mut Summary,
    ) {
        if a.id.is_empty() {
            a.id = f.id_base.clone();
        } else if a.id.starts_with([':', '#']) {
            a.id = format!("{}{}", f.id_base, a.id);
        }
        let source = a
            .source
            .clone()
            .or_else(|| self.opts.source.clone())
            .or_else(|| f.first_folder.clone())
            .unwrap_or_else(|| "unknown".into());
        let first_claim = self.seen.lock().map(|mut s| s.insert(a.id.clone())).unwrap_or(true);
        if !first_claim {
            local.skipped.push(Skipped {
                path: format!("{display} (article {})", a.id),
                reason: format!(
                    "duplicate article id {:?}: another file of this run has it; give each article its own id",
                    a.id
                ),
            });
            return;
        }
        let hash = article_hash(&a, &source);
        // A changed (or rebuilt) article keeps the time it first entered the index.
        let added =
            self.existing.get(&a.id).or_else(|| previous.get(&a.id)).and_then(|k| k.added).unwrap_or(self.run_started);
        match self.existing.get(&a.id) {
            Some(k) if k.hash == hash && k.path == f.key => local.unchanged += 1,
            Some(_) => {
                local.updated += 1;
                local.passages += self.write(&a, &source, hash, added, f, true);
            }
            None => {
                if previous.contains_key(&a.id) {
                    local.updated += 1;
                } else {
                    local.added += 1;
                }
                local.passages += self.write(&a, &source, hash, added, f, false);
            }
        }
    }

    /// Writes one article's passages (after deleting its old version); returns the count.
    #[allow(clippy::too_many_arguments)]
    fn write(&self, a: &Article, source: &str, hash: u64, added: i64, f: &FileEntry, replace: bool) -> usize {
        let fields = &self.fields;
        let spans = passages::passages(&a.text, self.opts.passage_words);
        let Some(w) = self.writer else {
            return spans.len();
        };
        if replace {
            w.delete_term(Term::from_field_text(fields.article_id, &a.id));
        }
        let title = a.title.clone().or_else(|| article::first_line_title(&a.text)).unwrap_or_default();
        let facet = Facet::from_path([source]);
        // The story sketch of the article's text (not its title: copies are often retitled).
        // An article with no words of text (a title-only item) is sketched by its title.
        let sketch = fields.story.filter(|_| self.opts.stories).and_then(|f| {
            crate::stories::sketch_text(self.analyzer, &a.text)
                .or_else(|| crate::stories::sketch_text(self.analyzer, &title))
                .map(|s| (f, s))
        });
        for (n, (s, e)) in spans.iter().enumerate() {
            let text = &a.text[*s..*e];
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.article_id, &a.id);
            doc.add_text(fields.path, &f.key);
            doc.add_facet(fields.source, facet.clone());
            if let Some(d) = a.date {
                doc.add_date(fields.date, d);
            }
            doc.add_text(fields.title, &title);
            for a in &a.authors {
                doc.add_text(fields.authors, a);
            }
            for t in &a.tags {
                doc.add_text(fields.tags, t);
            }

            doc.add_u64(fields.passage, n as u64);
            if let Some(field) = fields.added {
                doc.add_date(field, tantivy::DateTime::from_timestamp_secs(added));
            }
            doc.add_text(fields.text, text);
            doc.add_u64(fields.start, *s as u64);
            doc.add_u64(fields.end, *e as u64);
            if n == 0 {
                // The URL is the article's, stored once (the article view reads the lead
                // passage; per passage it cost a tenth of the index).
                if let Some(u) = &a.url {
                    doc.add_text(fields.url, u);
                }
                // Re-index bookkeeping is read from the first passage only.
                doc.add_u64(fields.hash, hash);
                doc.add_u64(fields.file_size, f.size);
                doc.add_u64(fields.file_mtime, f.mtime);
                if let Some(((values, count), s)) = &sketch {
                    for v in s.packed {
                        doc.add_u64(*values, v);
                    }
                    doc.add_u64(*count, u64::from(s.shingles));
                }
            }
            // Each form's tokenizer analyzes the text; the three share one pass (tantivy_glue).
            for field in fields.body {
                doc.add_text(field, text);
            }
            // The title is searchable on the article's first passage (the lead), which a
            // title match then boosts; repeating it on every passage cost 18% of indexing.
            if n == 0 {
                for field in fields.title_forms {
                    doc.add_text(field, &title);
                }
            }
            if let Err(e) = w.add_document(doc) {
                self.skip(format!("{}#{n}", f.path.display()), format!("index write failed: {e}"));
            }
        }
        spans.len()
    }
}
