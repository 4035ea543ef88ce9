//! `AnyOf`: the alternatives of one query word (its fields, forms and spellings) as a
//! disjunction whose seeks are cheap, for use inside an all-words intersection.
//!
//! Tantivy answers a `BooleanQuery` of `Should` clauses with its buffered union, which reads
//! ahead a window of 4,096 documents. That is right when the union is walked document by
//! document, but an intersection mostly *seeks* its words: every seek past the window clears
//! the window's 4,096 scores and refills it, and every union allocates and zeroes its window
//! when it is built. On headline searches (ten words, each a union of a dozen terms, in every
//! segment) that was a fifth of the server's time. `AnyOf` keeps no window: its current
//! document is the least of its clauses' documents, a seek seeks each clause, and the score
//! is computed only for a document the intersection keeps.
//!
//! The score is the sum of the scores of the clauses on the document, added in clause order
//! starting from zero, which is exactly how tantivy's union adds them: rankings and scores do
//! not change (a test compares them).

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// A disjunction of clauses scored as the sum of those that match.
#[derive(Debug)]
pub struct AnyOf {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        AnyOf { clauses: self.clauses.iter().map(|q| q.box_clone()).collect() }
    }
}

impl AnyOf {
    pub fn new(clauses: Vec<Box<dyn Query>>) -> AnyOf {
        AnyOf { clauses }
    }
}

impl Query for AnyOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self.clauses.iter().map(|q| q.weight(enable_scoring)).collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AnyOfWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.clauses {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let s = w.scorer(reader, boost)?;
            if s.doc() != TERMINATED {
                scorers.push(s);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            // 0.0 + s is s: one clause is its own scorer.
            1 => scorers.pop().unwrap_or_else(|| Box::new(EmptyScorer)),
            _ => Box::new(AnyOfScorer::new(scorers, reader.max_doc())),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
        }
        let mut explanation = Explanation::new("AnyOf, sum of", scorer.score());
        for w in &self.weights {
            if let Ok(child) = w.explain(reader, doc) {
                explanation.add_detail(child);
            }
        }
        Ok(explanation)
    }
}

/// The union of a few scorers, positioned on the least of their documents.
struct AnyOfScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
    max_doc: u32,
}

impl AnyOfScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>, max_doc: u32) -> AnyOfScorer {
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        AnyOfScorer { scorers, doc, max_doc }
    }

    fn least(&mut self) -> DocId {
        self.scorers.retain(|s| s.doc() != TERMINATED);
        self.doc = self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for AnyOfScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        if current == TERMINATED {
            return TERMINATED;
        }
        for s in self.scorers.iter_mut() {
            if s.doc() == current {
                s.advance();
            }
        }
        self.least()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in self.scorers.iter_mut() {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.least()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // As tantivy estimates a union: the chance that a document is in none of the clauses,
        // with clauses assumed to overlap somewhat (factor 0.8).
        let n = self.max_doc.max(1) as f64;
        let none: f64 = self.scorers.iter().map(|s| 1.0 - (s.size_hint() as f64 / n) * 0.8).product();
        ((n * (1.0 - none)).round() as u32).min(self.max_doc)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for AnyOfScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        for s in self.scorers.iter_mut() {
            if s.doc() == doc {
                score += s.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// An index of 12,000 documents (more than the 4,096 window of tantivy's union, so seeks
    /// go past it), each a few words w0..w29 drawn by a fixed generator, in three segments.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        let mut seed: u64 = 7;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for i in 0..12_000 {
            let n = 1 + next() % 8;
            // Word k appears with probability falling with k: some dense, some rare.
            let words: Vec<String> = (0..n).map(|_| format!("w{}", (next() % 30) * (next() % 30) / 30)).collect();
            writer.add_document(doc!(body => words.join(" "))).expect("add");
            if i % 4_000 == 3_999 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        (index, body)
    }

    fn term(f: tantivy::schema::Field, w: &str, boost: f32) -> Box<dyn Query> {
        let q = TermQuery::new(Term::from_field_text(f, w), IndexRecordOption::WithFreqs);
        Box::new(BoostQuery::new(Box::new(q), boost))
    }

    /// The same intersection of word disjunctions, as tantivy's unions and as `AnyOf`s, gives
    /// the same documents with the same scores (bit for bit), the same count and an
    /// explanation of the same score.
    #[test]
    fn any_of_scores_as_the_union_does() {
        let (index, f) = index();
        let searcher = index.reader().expect("reader").searcher();
        let words: &[&[&str]] =
            &[&["w0", "w1"], &["w3", "w17", "w26", "w9"], &["w12", "w2"], &["w28", "w27", "w25"], &["w5", "nowhere"]];
        let mut checked = 0;
        for a in 0..words.len() {
            for b in 0..words.len() {
                if a == b {
                    continue;
                }
                let alts = |ws: &[&str]| -> Vec<Box<dyn Query>> {
                    ws.iter().enumerate().map(|(i, w)| term(f, w, 1.0 + i as f32 * 0.5)).collect()
                };
                let union = |ws: &[&str]| -> Box<dyn Query> {
                    Box::new(BooleanQuery::new(alts(ws).into_iter().map(|q| (Occur::Should, q)).collect()))
                };
                let old = BooleanQuery::new(vec![(Occur::Must, union(words[a])), (Occur::Must, union(words[b]))]);
                let new = BooleanQuery::new(vec![
                    (Occur::Must, Box::new(AnyOf::new(alts(words[a]))) as Box<dyn Query>),
                    (Occur::Must, Box::new(AnyOf::new(alts(words[b])))),
                ]);
                let top = || TopDocs::with_limit(100_000).order_by_score();
                let (n_old, d_old) = searcher.search(&old, &(Count, top())).expect("search");
                let (n_new, d_new) = searcher.search(&new, &(Count, top())).expect("search");
                assert_eq!(n_old, n_new, "{:?} & {:?}", words[a], words[b]);
                assert_eq!(d_old.len(), d_new.len());
                for ((s1, a1), (s2, a2)) in d_old.iter().zip(&d_new) {
                    assert_eq!((s1.to_bits(), a1), (s2.to_bits(), a2), "{:?} & {:?}", words[a], words[b]);
                }
                if let Some((score, addr)) = d_new.first() {
                    let e = new.explain(&searcher, *addr).expect("explain");
                    assert!((e.value() - score).abs() < 1e-4, "explained {} for {score}", e.value());
                    assert!(e.to_pretty_json().contains("AnyOf"));
                }
                checked += n_new;
            }
        }
        assert!(checked > 1_000, "the intersections must match documents: {checked}");
    }
}
