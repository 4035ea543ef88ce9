//! The corpus evidence that a form is the name the user typed, or another word: the words
//! around the name (its context) and a likelihood ratio that asks whether a form's passages
//! share it.
//!
//! - A **context** is made from the passages of a set of spellings: the stems within
//!   [`WINDOW`] words of them, in a sample of [`CONTEXT_SAMPLE`] passages, kept when they are
//!   at least [`MIN_CONTEXT_LIFT`] times more common there than in the index. The sample is
//!   the passages with the smallest hash of (article id, passage number): a
//!   function of the articles alone, never of segment layout, thread count or indexing
//!   history. Document frequencies leave deleted documents out, so an index after many
//!   incremental runs decides as a fresh build of the same articles does.
//! - A form is **judged** on its passages: `k` of its `n` passages hold a context word. Under
//!   "the same name" they are expected at a rate halfway between the index's rate and the
//!   name's own (measured on passages held out of the sample the context was chosen on);
//!   under "another word", at the index's rate. The log-likelihood ratio of the
//!   two binomials, plus the prior log-odds of the kind of form, decides.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use crate::analysis::Analyzer;
use crate::schema::{names, Fields};

/// Words on each side of a spelling that count as its context.
pub const WINDOW: usize = 5;
/// Passages read for a context. Enough for a dozen distinctive words to show up twice, few
/// enough to read in a few milliseconds.
pub const CONTEXT_SAMPLE: usize = 24;
/// Context stems kept (the most distinctive).
pub const CONTEXT_TERMS: usize = 12;
/// A context stem must be around the spelling in at least this many sampled passages: once
/// is the story of one article.
pub const MIN_CONTEXT_PASSAGES: usize = 2;
/// How many times more common around the spelling than in the whole index a stem must be to
/// count as its context: generic words (يوم, قال) are around everything.
pub const MIN_CONTEXT_LIFT: f64 = 3.0;
/// Fewer distinctive context stems than this: the corpus has nothing to say.
pub const MIN_CONTEXT_TERMS: usize = 3;
/// Spellings seen in fewer distinct articles than this have no context of their own: the
/// passages of a few articles tell those articles' story, not the name's.
pub const MIN_OWN_ARTICLES: usize = 10;
/// The rate a form of the same name is expected to show: this share of the way from the
/// index's rate to the name's own (the own rate is inflated, its context being chosen on its
/// own passages; halfway is the point of no preference between the two).
pub const CONTEXT_SHARE: f64 = 0.5;
/// The share when two forms are each in enough articles for a context of their own, and the
/// typed form is judged in the other's: both rates are then measured, not guessed, and one
/// name predicts the same rate both ways. Two frequent names one letter apart (سلمان,
/// سليمان) share a topic, not their words.
pub const MUTUAL_SHARE: f64 = 1.0;

/// The document frequency of `term`, leaving deleted documents out (tantivy's `doc_freq`
/// counts them until a merge drops them).
pub fn alive_df(searcher: &Searcher, term: &Term) -> u64 {
    let deletes = searcher.segment_readers().iter().any(|r| r.num_deleted_docs() > 0);
    if deletes {
        searcher.search(&TermQuery::new(term.clone(), IndexRecordOption::Basic), &Count).unwrap_or(0) as u64
    } else {
        searcher.doc_freq(term).unwrap_or(0)
    }
}

/// Any of `terms` in `field`.
pub fn any_of(field: Field, terms: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        terms
            .iter()
            .map(|t| {
                let q: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

/// A passage as the evidence sees it: its article's content hash, its number, its address.
#[derive(Debug, Clone, Copy)]
pub struct PassageKey {
    /// The article's key (a hash of its id, [`crate::keys`]).
    pub article: u64,
    /// The passage number.
    pub passage: u64,
    /// Where it is in this searcher.
    pub addr: DocAddress,
}

impl PassageKey {
    /// The order of the deterministic sample.
    fn sample_key(&self) -> (u64, u64, u64) {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.article.to_le_bytes());
        bytes[8..].copy_from_slice(&self.passage.to_le_bytes());
        (xxhash_rust::xxh3::xxh3_64(&bytes), self.article, self.passage)
    }
}

/// Collects the [`PassageKey`] of every matching passage (with each segment's article keys).
struct Keys(Vec<Arc<Vec<u64>>>);

struct SegmentKeys {
    segment: SegmentOrdinal,
    ids: Option<tantivy::columnar::StrColumn>,
    keys: Arc<Vec<u64>>,
    passage: Option<tantivy::columnar::Column<u64>>,
    out: Vec<PassageKey>,
}

impl Collector for Keys {
    type Fruit = Vec<PassageKey>;
    type Child = SegmentKeys;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentKeys> {
        let ff = reader.fast_fields();
        Ok(SegmentKeys {
            segment,
            ids: ff.str(names::ARTICLE_ID)?,
            keys: self.0.get(segment as usize).cloned().unwrap_or_default(),
            passage: ff.u64(names::PASSAGE).ok(),
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<PassageKey>>) -> tantivy::Result<Vec<PassageKey>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentKeys {
    type Fruit = Vec<PassageKey>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let ord = self.ids.as_ref().and_then(|c| c.term_ords(doc).next());
        let article = ord.and_then(|o| self.keys.get(o as usize).copied()).unwrap_or(u64::from(doc) ^ u64::MAX);
        let passage = self.passage.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        self.out.push(PassageKey { article, passage, addr: DocAddress::new(self.segment, doc) });
    }

    fn harvest(self) -> Vec<PassageKey> {
        self.out
    }
}

/// Counts the passages of a query, and those among them in a set.
struct InSet(Arc<Vec<Vec<u64>>>);

struct SegmentInSet {
    bits: Arc<Vec<Vec<u64>>>,
    segment: usize,
    n: u64,
    k: u64,
}

impl Collector for InSet {
    type Fruit = (u64, u64);
    type Child = SegmentInSet;

    fn for_segment(&self, segment: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentInSet> {
        Ok(SegmentInSet { bits: self.0.clone(), segment: segment as usize, n: 0, k: 0 })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(u64, u64)>) -> tantivy::Result<(u64, u64)> {
        Ok(fruits.into_iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)))
    }
}

impl SegmentCollector for SegmentInSet {
    type Fruit = (u64, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.n += 1;
        let word = self.bits.get(self.segment).and_then(|b| b.get(doc as usize / 64)).copied().unwrap_or(0);
        if word >> (doc % 64) & 1 == 1 {
            self.k += 1;
        }
    }

    fn harvest(self) -> (u64, u64) {
        (self.n, self.k)
    }
}

/// Marks every passage of a query in one bit set per segment.
struct Bits;

struct SegmentBits {
    bits: Vec<u64>,
}

impl Collector for Bits {
    type Fruit = Vec<Vec<u64>>;
    type Child = SegmentBits;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentBits> {
        Ok(SegmentBits { bits: vec![0; (reader.max_doc() as usize).div_ceil(64)] })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u64>>) -> tantivy::Result<Vec<Vec<u64>>> {
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentBits {
    type Fruit = Vec<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(w) = self.bits.get_mut(doc as usize / 64) {
            *w |= 1 << (doc % 64);
        }
    }

    fn harvest(self) -> Vec<u64> {
        self.bits
    }
}

/// The index as evidence: field handles, the analyzer and a searcher.
#[derive(Clone, Copy)]
pub struct Corpus<'a> {
    /// The index's analyzer.
    pub analyzer: &'a Analyzer,
    /// Field handles.
    pub fields: &'a Fields,
    /// The searcher.
    pub searcher: &'a Searcher,
}

/// What stands right next to a set of spellings in their sampled passages: the content stems
/// found beside them (one word either side) in at least [`MIN_CONTEXT_PASSAGES`] passages,
/// and the share of their occurrences that have one beside them.
#[derive(Debug, Clone)]
pub struct Neighbours {
    /// The stems.
    pub stems: HashSet<String>,
    /// Share of the spellings' sampled occurrences with one of them beside it (Laplace).
    pub own_rate: f64,
}

/// How often the words beside some spellings are given neighbours, and how often the words
/// beside the other words of the same passages are: (occurrences, with a neighbour; other
/// positions, with a neighbour).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NeighbourCounts {
    /// Occurrences of the spellings in their sampled passages.
    pub occurrences: u64,
    /// Those with one of the given stems right beside them.
    pub beside: u64,
    /// Every other word position of the same passages.
    pub others: u64,
    /// Those with one of the given stems right beside them.
    pub others_beside: u64,
}

/// Held-out passages needed to measure a name's own rate apart from the sample its context
/// was chosen on (fewer: the whole set, and an inflated rate, which only makes judging
/// stricter).
pub const MIN_HELD_OUT: usize = 10;

impl Context {
    /// Whether the passage at `addr` holds a context word.
    fn contains(&self, addr: DocAddress) -> bool {
        let word = self.bits.get(addr.segment_ord as usize).and_then(|b| b.get(addr.doc_id as usize / 64));
        word.is_some_and(|w| w >> (addr.doc_id % 64) & 1 == 1)
    }
}

/// The words around a set of spellings, and how often they occur.
#[derive(Debug, Clone)]
pub struct Context {
    /// The context stems, most distinctive first.
    pub terms: Vec<String>,
    /// Which passages hold one, per segment.
    bits: Arc<Vec<Vec<u64>>>,
    /// Share of all passages that hold one.
    pub base: f64,
    /// Share of the spellings' own passages that hold one.
    pub own_rate: f64,
}

/// The log Bayes factor the passages alone must reach to *confirm* a form with other letters
/// than the typed ones (another spelling, ending, article, a join or split, a clitic read
/// off): ln 3, where "positive" evidence starts on Kass and Raftery's scale (Bayes factors,
/// JASA 1995); a factor between 1 and 3 is "not worth more than a bare mention". Letters only
/// propose: one passage in five in the name's context (فرحاني for روحاني, فوكنر for فاغنر),
/// or a single one that sits in it, leans the right way without showing anything.
pub const CONFIRM_LLR: f64 = 1.098_612_288_668_109_8; // ln 3

/// A judgement of one form against a context.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// The form's passages.
    pub passages: u64,
    /// Those that hold a context word.
    pub in_context: u64,
    /// The log-likelihood ratio of "same name" over "another word" (the log Bayes factor).
    pub llr: f64,
    /// The same with the prior log-odds added: the posterior log-odds.
    pub score: f64,
}

impl Judgement {
    fn new(passages: u64, in_context: u64, llr: f64, prior: f64) -> Self {
        Judgement { passages, in_context, llr, score: llr + prior }
    }

    /// Whether the form is more likely the name than another word: the decision between two
    /// readings of the same letters (a clitic form that also reads as another word + pronoun).
    pub fn same(&self) -> bool {
        self.score >= 0.0
    }

    /// Whether the corpus confirms a form with other letters: the passages alone give at least
    /// positive evidence ([`CONFIRM_LLR`]) and, with the prior, the name is the likelier reading.
    pub fn confirmed(&self) -> bool {
        self.llr >= CONFIRM_LLR && self.same()
    }
}

impl<'a> Corpus<'a> {
    /// Passages (exact body field) holding the term, deleted documents left out.
    pub fn passages(&self, text: &str) -> u64 {
        alive_df(self.searcher, &Term::from_field_text(self.fields.body[0], text))
    }

    fn stem_df(&self, text: &str) -> u64 {
        alive_df(self.searcher, &Term::from_field_text(self.fields.body[1], text))
    }

    /// The passage keys of the passages holding any of `terms` (exact body field).
    pub fn keys(&self, terms: &[String]) -> Vec<PassageKey> {
        if terms.is_empty() {
            return Vec::new();
        }
        let keys: Vec<Arc<Vec<u64>>> = (0..self.searcher.segment_readers().len() as u32)
            .map(|s| crate::keys::article_keys(self.searcher, s).unwrap_or_default())
            .collect();
        self.searcher.search(&*any_of(self.fields.body[0], terms), &Keys(keys)).unwrap_or_default()
    }

    /// Distinct articles (by content) among the passages holding any of `terms`.
    pub fn articles(&self, terms: &[String]) -> usize {
        self.keys(terms).iter().map(|k| k.article).collect::<HashSet<_>>().len()
    }

    /// The context of the spellings `own`, or None when the corpus has nothing to say: they
    /// are in fewer than [`MIN_OWN_ARTICLES`] articles, or nothing is distinctive around them.
    pub fn context(&self, own: &[String]) -> Option<Context> {
        let mut keys = self.keys(own);
        if keys.iter().map(|k| k.article).collect::<HashSet<_>>().len() < MIN_OWN_ARTICLES {
            return None;
        }
        keys.sort_by_key(PassageKey::sample_key);
        let held_out: Vec<PassageKey> = keys.split_off(CONTEXT_SAMPLE.min(keys.len()));
        let own_set: HashSet<&str> = own.iter().map(String::as_str).collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for key in &keys {
            for stem in self.neighbours(key.addr, &own_set) {
                *seen.entry(stem).or_insert(0) += 1;
            }
        }
        let n = self.searcher.num_docs().max(1) as f64;
        let sampled = keys.len().max(1) as f64;
        let mut scored: Vec<(f64, String)> = seen
            .into_iter()
            .filter(|(_, c)| *c >= MIN_CONTEXT_PASSAGES)
            .filter_map(|(s, c)| {
                let lift = (c as f64 / sampled) / (self.stem_df(&s).max(1) as f64 / n);
                (lift >= MIN_CONTEXT_LIFT).then(|| (c as f64 * lift.ln(), s))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(CONTEXT_TERMS);
        if scored.len() < MIN_CONTEXT_TERMS {
            return None;
        }
        let terms: Vec<String> = scored.into_iter().map(|(_, s)| s).collect();
        let bits = Arc::new(self.searcher.search(&*any_of(self.fields.body[1], &terms), &Bits).ok()?);
        let base = bits.iter().flatten().map(|w| u64::from(w.count_ones())).sum::<u64>() as f64 / n;
        let mut ctx = Context { terms, bits, base, own_rate: 0.0 };
        // The own rate is measured on the passages the context was not chosen from, when
        // there are enough: on the sample itself it is inflated by the choice.
        ctx.own_rate = if held_out.len() >= MIN_HELD_OUT {
            let k = held_out.iter().filter(|p| ctx.contains(p.addr)).count();
            laplace(k as u64, held_out.len() as u64)
        } else {
            let (all, k) = self.in_context(&ctx, own);
            laplace(k, all)
        };
        (ctx.own_rate > ctx.base).then_some(ctx)
    }

    /// The sampled passages of `own` (the same deterministic sample as [`Corpus::context`]),
    /// analyzed.
    fn sample_tokens(&self, own: &[String]) -> Vec<Vec<crate::analysis::AnalyzedToken>> {
        let mut keys = self.keys(own);
        keys.sort_by_key(PassageKey::sample_key);
        keys.truncate(CONTEXT_SAMPLE);
        keys.iter()
            .filter_map(|k| self.searcher.doc::<TantivyDocument>(k.addr).ok())
            .map(|doc| {
                let text = doc.get_first(self.fields.text).and_then(|v| v.as_str()).unwrap_or_default();
                self.analyzer.analyze(text)
            })
            .collect()
    }

    /// The words right beside `own` ([`Neighbours`]), or None when fewer than
    /// [`MIN_CONTEXT_TERMS`] stems are beside them often enough.
    pub fn neighbours_of(&self, own: &[String]) -> Option<Neighbours> {
        let own_set: HashSet<&str> = own.iter().map(String::as_str).collect();
        let passages = self.sample_tokens(own);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for toks in &passages {
            let mut here = HashSet::new();
            for i in occurrences(toks, &own_set) {
                here.extend(beside(toks, i, &own_set).map(|t| t.stem.clone()));
            }
            for stem in here {
                *seen.entry(stem).or_insert(0) += 1;
            }
        }
        let stems: HashSet<String> =
            seen.into_iter().filter(|(_, c)| *c >= MIN_CONTEXT_PASSAGES).map(|(s, _)| s).collect();
        if stems.len() < MIN_CONTEXT_TERMS {
            return None;
        }
        let (mut n, mut k) = (0, 0);
        for toks in &passages {
            for i in occurrences(toks, &own_set) {
                n += 1;
                k += u64::from(beside(toks, i, &own_set).any(|t| stems.contains(&t.stem)));
            }
        }
        Some(Neighbours { stems, own_rate: laplace(k, n) })
    }

    /// [`NeighbourCounts`] of the spellings `terms` against the stems `stems`, on their sample.
    pub fn beside_counts(&self, terms: &[String], stems: &HashSet<String>) -> NeighbourCounts {
        let set: HashSet<&str> = terms.iter().map(String::as_str).collect();
        let mut c = NeighbourCounts::default();
        for toks in self.sample_tokens(terms) {
            for i in 0..toks.len() {
                let hit = beside(&toks, i, &set).any(|t| stems.contains(&t.stem));
                if set.contains(toks[i].normalized.as_str()) {
                    c.occurrences += 1;
                    c.beside += u64::from(hit);
                } else {
                    c.others += 1;
                    c.others_beside += u64::from(hit);
                }
            }
        }
        c
    }

    /// Judges whether the spellings `terms` stand beside the words that stand beside the name
    /// (`near`) more often than the other words of their own passages do: "the same name"
    /// predicts a rate [`CONTEXT_SHARE`] of the way from the other words' rate to the name's
    /// own; "another word in the same passages", the other words' rate. The passages being
    /// the same on both sides, their topic cancels out: only what stands next to the form
    /// counts (جيم ماتيس in news of Korea is not كيم جونغ اون).
    pub fn judge_beside(&self, near: &Neighbours, terms: &[String]) -> Judgement {
        let c = self.beside_counts(terms, &near.stems);
        let base = laplace(c.others_beside, c.others);
        let same = base + CONTEXT_SHARE * (near.own_rate - base);
        Judgement::new(c.occurrences, c.beside, log_likelihood_ratio(c.occurrences, c.beside, same, base), 0.0)
    }

    /// The content stems within [`WINDOW`] words of any of `own` in the passage at `addr`.
    fn neighbours(&self, addr: DocAddress, own: &HashSet<&str>) -> HashSet<String> {
        let mut near = HashSet::new();
        let Ok(doc) = self.searcher.doc::<TantivyDocument>(addr) else { return near };
        let text = doc.get_first(self.fields.text).and_then(|v| v.as_str()).unwrap_or_default();
        let toks = self.analyzer.analyze(text);
        for (i, t) in toks.iter().enumerate() {
            if !own.contains(t.normalized.as_str()) {
                continue;
            }
            let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(toks.len()));
            for n in &toks[lo..hi] {
                if !n.stopword && n.stem.chars().count() >= 3 && !own.contains(n.normalized.as_str()) {
                    near.insert(n.stem.clone());
                }
            }
        }
        near
    }

    /// The passages holding any of `terms`, and those among them holding a context word.
    fn in_context(&self, ctx: &Context, terms: &[String]) -> (u64, u64) {
        if terms.is_empty() {
            return (0, 0);
        }
        self.searcher.search(&*any_of(self.fields.body[0], terms), &InSet(ctx.bits.clone())).unwrap_or((0, 0))
    }

    /// Judges the passages of `query` (a phrase, say) against `ctx`, as [`Corpus::judge`].
    pub fn judge_query(&self, ctx: &Context, query: &dyn Query, prior: f64) -> Judgement {
        let (n, k) = self.searcher.search(query, &InSet(ctx.bits.clone())).unwrap_or((0, 0));
        let same = ctx.base + CONTEXT_SHARE * (ctx.own_rate - ctx.base);
        Judgement::new(n, k, log_likelihood_ratio(n, k, same, ctx.base), prior)
    }

    /// Judges the spellings `terms` against `ctx`, with the prior log-odds `prior` that a form
    /// of their kind is the name.
    pub fn judge(&self, ctx: &Context, terms: &[String], prior: f64) -> Judgement {
        self.judge_at(ctx, terms, prior, CONTEXT_SHARE)
    }

    /// [`Corpus::judge`] with the share of the own rate that "the same name" predicts.
    pub fn judge_at(&self, ctx: &Context, terms: &[String], prior: f64, share: f64) -> Judgement {
        let (n, k) = self.in_context(ctx, terms);
        let same = ctx.base + share * (ctx.own_rate - ctx.base);
        Judgement::new(n, k, log_likelihood_ratio(n, k, same, ctx.base), prior)
    }
}

/// The positions of `own` in `toks`.
fn occurrences<'t>(
    toks: &'t [crate::analysis::AnalyzedToken],
    own: &'t HashSet<&str>,
) -> impl Iterator<Item = usize> + 't {
    toks.iter().enumerate().filter(|(_, t)| own.contains(t.normalized.as_str())).map(|(i, _)| i)
}

/// The content words right beside position `i` (one either side), none of them `own`.
fn beside<'t>(
    toks: &'t [crate::analysis::AnalyzedToken],
    i: usize,
    own: &'t HashSet<&str>,
) -> impl Iterator<Item = &'t crate::analysis::AnalyzedToken> + 't {
    [i.checked_sub(1), Some(i + 1)]
        .into_iter()
        .flatten()
        .filter_map(move |j| toks.get(j))
        .filter(move |t| !t.stopword && t.stem.chars().count() >= 3 && !own.contains(t.normalized.as_str()))
}

/// The rate of `k` in `n` by Laplace's rule of succession, (k + 1) / (n + 2): ten of ten
/// passages in context is a rate of 0.92, not a certainty that one passage out of context
/// would refute.
pub fn laplace(k: u64, n: u64) -> f64 {
    (k as f64 + 1.0) / (n as f64 + 2.0)
}

/// The log-likelihood ratio of `k` successes in `n` under the rate `same` over the rate
/// `other` (binomials; the binomial coefficient cancels). Zero when `n` is zero.
pub fn log_likelihood_ratio(n: u64, k: u64, same: f64, other: f64) -> f64 {
    let ll = |p: f64| {
        let p = p.clamp(1e-6, 1.0 - 1e-6);
        k as f64 * p.ln() + (n - k.min(n)) as f64 * (1.0 - p).ln()
    };
    ll(same) - ll(other)
}

#[cfg(test)]
mod tests {
    use super::{log_likelihood_ratio, Judgement, CONFIRM_LLR};

    #[test]
    fn confirming_needs_positive_evidence_and_the_likelier_reading() {
        // (passages, in context, rate under "same", index rate, prior) -> confirmed
        let cases: [(u64, u64, f64, f64, f64, bool); 6] = [
            (5, 1, 0.395, 0.068, 0.0, false), // one in five: leans, shows nothing (فوكنر)
            (2, 1, 0.5, 0.1, 0.0, false),     // one in two
            (4, 4, 0.45, 0.07, 0.0, true),    // four of four
            (1, 1, 0.6, 0.1, 0.0, true),      // a single passage, in a context six times the index's rate
            (3, 3, 0.45, 0.07, -2.2, true),   // an ending: three of three overcome the prior
            (2, 2, 0.45, 0.07, -4.0, false),  // positive evidence, but the prior still wins
        ];
        for (n, k, same, base, prior, want) in cases {
            let llr = log_likelihood_ratio(n, k, same, base);
            let j = Judgement::new(n, k, llr, prior);
            assert_eq!(j.confirmed(), want, "{k} of {n}, llr {llr:.2}, prior {prior}");
            // Invariants: confirmed implies the likelier reading and positive evidence.
            assert!(!j.confirmed() || (j.same() && j.llr >= CONFIRM_LLR));
        }
    }

    #[test]
    fn likelihood_decides_by_rate_not_by_size() {
        let same = |n, k, s, o| log_likelihood_ratio(n, k, s, o) >= 0.0;
        assert!(same(1, 1, 0.5, 0.1), "one passage in context: the name");
        assert!(!same(1, 0, 0.5, 0.1), "one passage out of context: another word");
        assert!(same(10, 4, 0.49, 0.14), "four in ten against a base of one in seven");
        assert!(!same(60, 1, 0.45, 0.1), "one in sixty");
        assert_eq!(log_likelihood_ratio(0, 0, 0.5, 0.1), 0.0, "nothing to judge: no evidence either way");
        assert!(same(100_000, 60_000, 0.5, 0.1), "no overflow");
        assert!(
            log_likelihood_ratio(30, 1, 0.33, 0.05) < -2.2,
            "thirty passages mostly out of context outweigh a clitic's prior"
        );
    }
}
