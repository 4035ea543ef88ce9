//! Stock tantivy: the baseline a tantivy user gets without Arabic analysis (default
//! tokenizer, one text field, BM25, OR of the query terms). Used by `eval --analyzer stock`
//! and by `bench` to measure bahth against it in the same run.

use std::path::Path;

use anyhow::{Context, Result};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::tokenizer::TokenStream;
use tantivy::{Index, IndexReader, TantivyDocument, Term};

use crate::indexer::article::Article;

/// A stock tantivy index.
pub struct Stock {
    /// The index.
    pub index: Index,
    reader: IndexReader,
    id: tantivy::schema::Field,
    title: tantivy::schema::Field,
    text: tantivy::schema::Field,
}

fn schema() -> (Schema, tantivy::schema::Field, tantivy::schema::Field, tantivy::schema::Field) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", TEXT | STORED);
    let text = b.add_text_field("text", TEXT | STORED);
    (b.build(), id, title, text)
}

impl Stock {
    /// Indexes `articles` into a new index in `dir`.
    pub fn build(dir: &Path, articles: impl Iterator<Item = Article>, threads: usize, heap_mb: usize) -> Result<Stock> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let (schema, id, title, text) = schema();
        let index = Index::create_in_dir(dir, schema)
            .with_context(|| format!("creating a stock index in {}", dir.display()))?;
        let mut w: tantivy::IndexWriter =
            index.writer_with_num_threads(threads.max(1), (heap_mb.max(20 * threads)) << 20)?;
        for a in articles {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, &a.id);
            doc.add_text(title, a.title.as_deref().unwrap_or(""));
            doc.add_text(text, &a.text);
            w.add_document(doc)?;
        }
        w.commit()?;
        w.wait_merging_threads()?;
        Stock::open_index(index)
    }

    /// Opens a stock index built by [`Stock::build`].
    pub fn open(dir: &Path) -> Result<Stock> {
        Stock::open_index(Index::open_in_dir(dir).with_context(|| format!("opening {}", dir.display()))?)
    }

    fn open_index(index: Index) -> Result<Stock> {
        let reader = index.reader()?;
        let s = index.schema();
        Ok(Stock { title: s.get_field("title")?, id: s.get_field("id")?, text: s.get_field("text")?, index, reader })
    }

    /// The OR query of the default tokenizer's terms of `text`.
    pub fn query(&self, text: &str) -> Box<dyn Query> {
        let mut tok = self.index.tokenizer_for_field(self.text).unwrap_or_default();
        let mut stream = tok.token_stream(text);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        while stream.advance() {
            for field in [self.title, self.text] {
                let t = Term::from_field_text(field, &stream.token().text);
                clauses.push((Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))));
            }
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Top `k` article ids for `text`, loading each hit's stored fields.
    pub fn search(&self, text: &str, k: usize) -> Result<Vec<(String, f32)>> {
        let searcher = self.reader.searcher();
        let top = searcher.search(&*self.query(text), &TopDocs::with_limit(k.max(1)).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            out.push((doc.get_first(self.id).and_then(|v| v.as_str()).unwrap_or_default().to_string(), score));
        }
        Ok(out)
    }
}
