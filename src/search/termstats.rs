//! Term statistics for one search, each read once.
//!
//! A query word becomes a dozen terms (exact, stem, title, clitic forms, variant stems), and
//! tantivy reads each term's document frequency from the dictionary of every segment when it
//! builds the query's weights, after the query builder has already read most of them to decide
//! which clitic forms exist. [`TermStats`] answers both from one lookup: it is the
//! [`Bm25StatisticsProvider`] the ranking pass is scored with, and the builder's own source of
//! document frequencies. Frequencies are also remembered across requests for the index state
//! they were read from (the [`crate::names::memo`] generation: a commit that changes the
//! segments empties them), since a server meets the same words all day; the scorers still
//! read each term's postings from the segments.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Terms whose frequencies are kept across requests before the memo is emptied (some 20 MB).
const KEPT_TERMS: usize = 200_000;

/// Document frequencies remembered across requests, for one index state.
#[derive(Default)]
struct Shared {
    generation: u64,
    doc_freq: HashMap<Term, u64>,
}

fn shared() -> &'static Mutex<Shared> {
    static SHARED: OnceLock<Mutex<Shared>> = OnceLock::new();
    SHARED.get_or_init(Default::default)
}

/// Document frequencies and field sizes of one searcher, remembered as they are read.
pub struct TermStats<'a> {
    searcher: &'a Searcher,
    doc_freq: RefCell<HashMap<Term, u64>>,
    tokens: RefCell<HashMap<Field, u64>>,
    /// The index state of `searcher`, read on the first lookup (None: not remembering).
    generation: RefCell<Option<u64>>,
}

impl<'a> TermStats<'a> {
    /// Statistics of `searcher`, none read yet.
    pub fn new(searcher: &'a Searcher) -> TermStats<'a> {
        TermStats { searcher, doc_freq: RefCell::default(), tokens: RefCell::default(), generation: RefCell::default() }
    }

    /// The frequency remembered by an earlier request on the same index state.
    fn remembered(&self, term: &Term) -> Option<u64> {
        if !crate::names::memo::enabled() {
            return None;
        }
        let generation =
            *self.generation.borrow_mut().get_or_insert_with(|| crate::names::memo::generation(self.searcher));
        let shared = shared().lock().ok()?;
        (shared.generation == generation).then(|| shared.doc_freq.get(term).copied()).flatten()
    }

    fn remember(&self, term: &Term, n: u64) {
        let Some(generation) = *self.generation.borrow() else { return };
        let Ok(mut shared) = shared().lock() else { return };
        if shared.generation != generation || shared.doc_freq.len() >= KEPT_TERMS {
            shared.doc_freq.clear();
            shared.generation = generation;
        }
        shared.doc_freq.insert(term.clone(), n);
    }

    /// The searcher the statistics come from.
    pub fn searcher(&self) -> &'a Searcher {
        self.searcher
    }
}

impl Bm25StatisticsProvider for TermStats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if let Some(n) = self.tokens.borrow().get(&field) {
            return Ok(*n);
        }
        let n = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        self.tokens.borrow_mut().insert(field, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.searcher)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        if let Some(n) = self.doc_freq.borrow().get(term) {
            return Ok(*n);
        }
        let n = match self.remembered(term) {
            Some(n) => n,
            None => {
                let n = self.searcher.doc_freq(term)?;
                self.remember(term, n);
                n
            }
        };
        self.doc_freq.borrow_mut().insert(term.clone(), n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn answers_as_the_searcher_does_and_reads_each_term_once() {
        let mut b = Schema::builder();
        let body = b.add_text_field("body", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for text in ["فاغنر في مالي", "فاغنر", "مالي مالي", ""] {
            w.add_document(doc!(body => text)).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let stats = TermStats::new(&searcher);
        for word in ["فاغنر", "مالي", "في", "غائب"] {
            let term = Term::from_field_text(body, word);
            for _ in 0..2 {
                assert_eq!(stats.doc_freq(&term).unwrap(), searcher.doc_freq(&term).unwrap(), "{word}");
            }
        }
        assert_eq!(stats.doc_freq.borrow().len(), 4, "each term read once");
        assert_eq!(stats.total_num_tokens(body).unwrap(), 6);
        assert_eq!(stats.total_num_docs().unwrap(), Bm25StatisticsProvider::total_num_docs(&searcher).unwrap());
        assert_eq!(stats.total_num_docs().unwrap(), 4);

        // A later request on the same index state reads the remembered frequency; one after a
        // commit that changed the segments reads the new one.
        let wagner = Term::from_field_text(body, "فاغنر");
        assert_eq!(TermStats::new(&searcher).doc_freq(&wagner).unwrap(), 2);
        w.add_document(doc!(body => "فاغنر")).unwrap();
        w.commit().unwrap();
        let reader = index.reader().unwrap();
        let later = reader.searcher();
        assert_eq!(TermStats::new(&later).doc_freq(&wagner).unwrap(), 3);
        assert_eq!(TermStats::new(&searcher).doc_freq(&wagner).unwrap(), 2, "the old state keeps its own");
    }
}
