//! Name expansion: which spellings a query word reaches in this index, and why.
//!
//! For one query word:
//! 1. **Its own forms.** The query's stem (read off its proclitics when the bare form is at
//!    least as common, so لترامب is ترامب) with any proclitic, the article and the endings
//!    the stemmer removes: the typed form, its clitic forms, its inflections (الحوثيين,
//!    الحوثيون, الحوثية meet through the stem حوثي). Always accepted.
//! 2. **Candidates.** Words of the index's vocabulary (the exact field's term dictionary,
//!    searched with [`spelling::candidate_pattern`] as an automaton) whose stem is within
//!    [`spelling::spelling_cost`] of the query's stem: ترمب for ترامب, فاجنر for فاغنر.
//! 3. **Evidence.** A candidate stem is the same name unless the corpus shows it is something
//!    else:
//!    - *its own family*: it carries two or more different endings (قوته, قوتها: a common
//!      noun with pronouns), which a foreign name never does;
//!    - *its contexts*: the words around the query's own spelling (stems within [`WINDOW`]
//!      words, in an even sample of its passages, [`MIN_CONTEXT_LIFT`] times more common
//!      there than in the index) are looked for in the candidate's passages. A candidate
//!      whose passages are likelier under the index's rate of them than under a rate halfway
//!      to the query's own is another word (الحراري for الحريري, صنعوا for صنعا). A query
//!      seen in few articles borrows the context of its most common candidate (صنعاء for
//!      صنعا) when that one is seen in enough. Where there is no distinctive context (a
//!      corpus of one word per article), the corpus has nothing to say and a candidate
//!      without counter-evidence is accepted.
//!
//! The same checks run for every word; there are no per-name rules or lists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::memo::{self, Memo};
use super::spelling;
use crate::analysis::{AnalyzedToken, Analyzer};
use crate::schema::Fields;

/// Words on each side of a query spelling that count as its context.
pub const WINDOW: usize = 5;
/// Passages of the query's own spelling read for its context.
pub const CONTEXT_SAMPLE: usize = 24;
/// Context stems kept (the most distinctive).
pub const CONTEXT_TERMS: usize = 12;
/// A context stem must be around the query in at least this many sampled passages.
pub const MIN_CONTEXT_PASSAGES: usize = 2;
/// A query whose own spellings are in fewer articles than this borrows the context of its
/// most common candidate: the passages of a few articles tell those articles' story, not
/// the name's.
pub const MIN_OWN_ARTICLES: usize = 10;
/// How many times more common around the query's spelling than in the whole index a stem
/// must be to count as its context.
pub const MIN_CONTEXT_LIFT: f64 = 3.0;
/// Fewer distinctive context stems than this: the corpus has nothing to say.
pub const MIN_CONTEXT_TERMS: usize = 3;
/// The rate a candidate of the same name is expected to show: this share of the way from
/// the index's context rate to the query's own (which is inflated, the context being chosen
/// on the query's own passages). The candidate is the name when its passages are likelier
/// under that rate than under the index's (a likelihood ratio).
pub const CONTEXT_SHARE: f64 = 0.5;
/// Distinct endings that make a candidate a common word with its own family.
pub const MIN_FAMILY_ENDINGS: usize = 2;

/// How a spelling relates to what the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The typed form itself (normalized).
    Typed,
    /// The typed form with proclitics or the article.
    Clitic,
    /// Another ending of the same stem (الحوثيون for الحوثيين).
    Inflection,
    /// Another spelling of the name (ترمب for ترامب), with or without clitics.
    Variant,
    /// Written as one word where the query has two (أبوظبي for أبو ظبي).
    Joined,
    /// Written as two words where the query has one (بيونغ يانغ for بيونغيانغ).
    Split,
}

impl Kind {
    /// The label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Typed => "typed",
            Kind::Clitic => "clitic",
            Kind::Inflection => "inflection",
            Kind::Variant => "variant",
            Kind::Joined => "joined",
            Kind::Split => "split",
        }
    }
}

/// One spelling a query reached (the `spellings` array of `--json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spelling {
    /// The spelling, normalized, as indexed (a split spelling has its space).
    pub form: String,
    /// How it relates to the query.
    pub kind: Kind,
    /// Passages that contain it.
    pub passages: u64,
}

/// What one query word reaches.
#[derive(Debug, Clone, Default)]
pub struct WordExpansion {
    /// The stem the query's own forms share (after reading off proclitics).
    pub stem: String,
    /// Exact-field terms of the query's own forms (typed, clitic, inflection).
    pub own: Vec<String>,
    /// Exact-field terms of accepted variants.
    pub variants: Vec<String>,
    /// Candidate stems rejected, with the reason (for `--explain` and tests).
    pub rejected: Vec<(String, &'static str)>,
    /// Every spelling reached, typed form first.
    pub spellings: Vec<Spelling>,
    /// The word is common vocabulary, not a name: its own forms carry two or more endings
    /// other than the nisba (مسؤولون, مسؤولين), as a name's never do.
    pub common: bool,
}

/// Compiled automata kept for reuse (building one costs more than running it).
const AUTOMATA_KEPT: usize = 4096;

/// The automaton of `pattern`, compiled once per process (a bounded cache, emptied when
/// full, like the automaton caches of Lucene's query parsers).
pub fn compiled(pattern: &str) -> Option<Arc<tantivy_fst::Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<tantivy_fst::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().ok()?.get(pattern) {
        return Some(re.clone());
    }
    let re = Arc::new(tantivy_fst::Regex::new(pattern).ok()?);
    let mut map = cache.lock().ok()?;
    if map.len() >= AUTOMATA_KEPT {
        map.clear();
    }
    map.insert(pattern.to_string(), re.clone());
    Some(re)
}

/// A candidate stem's terms (with their passages) and the endings seen on it.
type Group = (Vec<(String, u64)>, HashSet<String>);

/// Expands query words against one searcher.
pub struct Expander<'a> {
    /// The index's analyzer.
    pub analyzer: &'a Analyzer,
    /// Field handles.
    pub fields: &'a Fields,
    /// The searcher.
    pub searcher: &'a Searcher,
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
}

/// Any of `terms` in `field`.
pub fn any_of(field: tantivy::schema::Field, terms: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(terms.iter().map(|t| (Occur::Should, term_query(field, t))).collect()))
}

impl<'a> Expander<'a> {
    /// Passages (body field) that contain the exact term `text`.
    pub fn passages(&self, text: &str) -> u64 {
        self.searcher.doc_freq(&Term::from_field_text(self.fields.body[0], text)).unwrap_or(0)
    }

    fn stem_df(&self, text: &str) -> u64 {
        self.searcher.doc_freq(&Term::from_field_text(self.fields.body[1], text)).unwrap_or(0)
    }

    /// Exact-field terms of the body that match `pattern`, with their passage counts.
    pub fn vocabulary(&self, pattern: &str) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        let Some(re) = compiled(pattern) else { return out };
        let re = &*re;
        for seg in self.searcher.segment_readers() {
            let Ok(inv) = seg.inverted_index(self.fields.body[0]) else { continue };
            let Ok(mut stream) = inv.terms().search(&re).into_stream() else { continue };
            while stream.advance() {
                if let Ok(k) = std::str::from_utf8(stream.key()) {
                    *out.entry(k.to_string()).or_insert(0) += stream.value().doc_freq as u64;
                }
            }
        }
        out
    }

    /// Whether `stem` is common vocabulary: the index holds it with two or more of the
    /// endings a name never takes (plurals, pronouns: مسؤولون, مسؤولين), with or without the
    /// article.
    pub fn common_word(&self, stem: &str) -> bool {
        if !stem.chars().any(crate::analysis::normalize::is_arabic_letter) {
            return false;
        }
        // After a nisba ي only the feminine plural and pronouns after the feminine count
        // (جمعيات, جمعيتها): a group name has its own plurals (الحوثيين, الحوثيون).
        let endings: &[&str] =
            if stem.ends_with('\u{064A}') { &spelling::NISBA_FAMILY_ENDINGS } else { &spelling::FAMILY_ENDINGS };
        let mut found = 0;
        for ending in endings {
            let bare = format!("{stem}{ending}");
            if self.passages(&bare) > 0 || self.passages(&format!("ال{bare}")) > 0 {
                found += 1;
                if found >= MIN_FAMILY_ENDINGS {
                    return true;
                }
            }
        }
        false
    }

    /// The stem a query word's own forms share: its stem, or the stem of the word with a
    /// proclitic read off when that is at least as common in the index (لترامب → ترامب, while
    /// فاغنر stays فاغنر and لبنان stays لبنان).
    pub fn core_stem(&self, tok: &AnalyzedToken) -> String {
        let mut best = (tok.stem.clone(), self.stem_df(&tok.stem).max(1));
        for p in spelling::PROCLITICS.iter().filter(|p| !p.is_empty()) {
            if let Some(rest) = tok.normalized.strip_prefix(p).filter(|r| r.chars().count() >= 3) {
                let s = self.analyzer.stem_normalized(rest);
                let df = self.stem_df(&s);
                if df >= best.1 && s != best.0 {
                    best = (s, df);
                }
            }
        }
        best.0
    }

    /// Expands one analyzed query word (not a stopword). `drops` are normalized spellings
    /// the user left out (`!spelling`); `variants` false keeps the word's own forms only.
    pub fn word(&self, tok: &AnalyzedToken, drops: &HashSet<String>, variants: bool) -> WordExpansion {
        let mut d: Vec<&String> = drops.iter().collect();
        d.sort();
        let key =
            format!("w|{}|{}|{variants}|{d:?}|{}", memo::generation(self.searcher), self.analyzer.id(), tok.normalized);
        match memo::get_or(key, || Memo::Word(self.word_uncached(tok, drops, variants))) {
            Memo::Word(e) => e,
            _ => self.word_uncached(tok, drops, variants),
        }
    }

    fn word_uncached(&self, tok: &AnalyzedToken, drops: &HashSet<String>, variants: bool) -> WordExpansion {
        let stem = self.core_stem(tok);
        if self.common_word(&stem) {
            // A common word is not a name: its forms are found through the stem, and its
            // look-alikes are other words, not spellings (the evidence that rejects a
            // candidate, applied to the query itself).
            let passages = self.passages(&tok.normalized);
            let typed = Spelling { form: tok.normalized.clone(), kind: Kind::Typed, passages };
            return WordExpansion {
                stem,
                own: if passages > 0 { vec![tok.normalized.clone()] } else { Vec::new() },
                spellings: if passages > 0 { vec![typed] } else { Vec::new() },
                common: true,
                ..Default::default()
            };
        }
        let vocab = self.vocabulary(&spelling::candidate_pattern(&stem));
        let dropped = |t: &str| drops.contains(t) || spelling::parses(t).any(|p| drops.contains(p.rest));
        let own_rests: HashSet<&str> = std::iter::once(tok.normalized.as_str())
            .chain(spelling::parses(&tok.normalized).map(|p| p.rest))
            .filter(|r| self.analyzer.stem_normalized(r) == stem)
            .collect();
        let mut out = WordExpansion { stem: stem.clone(), ..Default::default() };
        // Candidate stem -> its terms (with passages) and the endings seen on it.
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for (term, df) in &vocab {
            if dropped(term) {
                continue;
            }
            let mut same: Option<Kind> = None;
            let mut variant: Option<(String, String)> = None;
            for p in spelling::parses(term) {
                let s = self.analyzer.stem_normalized(p.rest);
                if s == stem {
                    let kind = if *term == tok.normalized {
                        Kind::Typed
                    } else if own_rests.contains(p.rest) {
                        Kind::Clitic
                    } else {
                        Kind::Inflection
                    };
                    same = Some(same.map_or(kind, |k| k.min(kind)));
                } else if variant.is_none() && spelling::spelling_cost(&stem, &s).is_some() {
                    let ending = p.rest.find(s.as_str()).map(|i| p.rest[i + s.len()..].to_string()).unwrap_or_default();
                    variant = Some((s, ending));
                }
            }
            if let Some(kind) = same {
                out.own.push(term.clone());
                out.spellings.push(Spelling { form: term.clone(), kind, passages: *df });
            } else if let Some((s, ending)) = variant.filter(|_| variants) {
                let g = groups.entry(s).or_default();
                g.0.push((term.clone(), *df));
                if !ending.is_empty() {
                    g.1.insert(ending);
                }
            }
        }
        // A nisba word's plural and feminine endings (الحوثيين, الحوثية) are its own
        // inflections, which a group name has too: only other words can show a family.
        if !groups.is_empty() {
            // The name's context comes from its own spellings, or, when they are too rare to
            // show one, from the most common candidate that is not a common word (صنعاء for
            // صنعا): that candidate is the name's usual spelling, and the others are judged
            // against it.
            let family = |endings: &HashSet<String>| endings.len() >= MIN_FAMILY_ENDINGS;
            let own_passages: u64 = vocab.iter().filter(|(t, _)| out.own.contains(t)).map(|(_, d)| d).sum();
            let own_enough = self.articles_at_least(&out.own, own_passages, MIN_OWN_ARTICLES);
            let reference = if own_enough {
                None
            } else {
                groups
                    .iter()
                    .filter(|(_, (_, endings))| !family(endings))
                    .map(|(s, (terms, _))| (terms.iter().map(|(_, d)| d).sum::<u64>(), s.clone()))
                    .filter(|(d, _)| *d > own_passages)
                    .max()
                    .filter(|(d, s)| {
                        let terms: Vec<String> = groups[s].0.iter().map(|(t, _)| t.clone()).collect();
                        self.articles_at_least(&terms, *d, MIN_OWN_ARTICLES)
                    })
                    .map(|(_, s)| s)
            };
            // Neither the query nor a common candidate is in enough articles: the corpus has
            // nothing to say, and candidates without counter-evidence are accepted.
            let context = match &reference {
                None if own_enough => self.context(&out.own),
                None => None,
                Some(r) => {
                    let mut terms = out.own.clone();
                    terms.extend(groups[r].0.iter().map(|(t, _)| t.clone()));
                    self.context(&terms)
                }
            };
            for (s, (terms, endings)) in groups {
                let names: Vec<String> = terms.iter().map(|(t, _)| t.clone()).collect();
                let verdict = if family(&endings) {
                    Err("common word: its own family of endings")
                } else if reference.as_ref() == Some(&s) {
                    Ok(())
                } else {
                    context.as_ref().map_or(Ok(()), |c| c.judge(self, &names))
                };
                match verdict {
                    Ok(()) => {
                        for (t, df) in terms {
                            out.spellings.push(Spelling { form: t.clone(), kind: Kind::Variant, passages: df });
                            out.variants.push(t);
                        }
                    }
                    Err(why) => out.rejected.push((s, why)),
                }
            }
        }
        out.spellings.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.passages.cmp(&a.passages)).then(a.form.cmp(&b.form)));
        out
    }

    /// Whether the spellings `terms` (in `passages` passages) occur in at least `min`
    /// distinct articles.
    fn articles_at_least(&self, terms: &[String], passages: u64, min: usize) -> bool {
        if passages < min as u64 {
            return false;
        }
        if passages >= 5 * min as u64 {
            return true;
        }
        let Ok(docs) = self.searcher.search(&*any_of(self.fields.body[0], terms), &DocSetCollector) else {
            return false;
        };
        super::group::article_ids(self.searcher, docs.into_iter())
            .map(|ids| ids.into_iter().collect::<HashSet<_>>().len() >= min)
            .unwrap_or(false)
    }

    /// The distinctive context of the spellings `own`, or None when the corpus has nothing
    /// to say (too few passages or no distinctive neighbours).
    fn context(&self, own: &[String]) -> Option<Context> {
        if own.is_empty() {
            return None;
        }
        let own_set: HashSet<&str> = own.iter().map(String::as_str).collect();
        let own_q = any_of(self.fields.body[0], own);
        // An even sample over the index (best-scored passages would all tell one story).
        let mut all: Vec<DocAddress> = self.searcher.search(&*own_q, &DocSetCollector).ok()?.into_iter().collect();
        all.sort();
        let stride = all.len().div_ceil(CONTEXT_SAMPLE).max(1);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for addr in all.iter().step_by(stride) {
            let Ok(doc) = self.searcher.doc::<TantivyDocument>(*addr) else { continue };
            let text = doc.get_first(self.fields.text).and_then(|v| v.as_str()).unwrap_or_default();
            let toks = self.analyzer.analyze(text);
            let mut near: HashSet<&str> = HashSet::new();
            for (i, t) in toks.iter().enumerate() {
                if !own_set.contains(t.normalized.as_str()) {
                    continue;
                }
                let lo = i.saturating_sub(WINDOW);
                let hi = (i + WINDOW + 1).min(toks.len());
                for n in &toks[lo..hi] {
                    if !n.stopword && n.stem.chars().count() >= 3 && !own_set.contains(n.normalized.as_str()) {
                        near.insert(n.stem.as_str());
                    }
                }
            }
            for s in near {
                *seen.entry(s.to_string()).or_insert(0) += 1;
            }
        }
        let n = self.searcher.num_docs().max(1) as f64;
        let sampled = all.len().div_ceil(stride).max(1) as f64;
        // A context word is one far more common around the name than in the index (its
        // lift); generic words (يوم, قال) are around everything.
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
        let ctx = any_of(self.fields.body[1], &terms);
        let base = self.searcher.search(&*ctx, &Count).ok()? as f64 / n;
        let own_rate = self.rate(own_q, &*ctx)?;
        (own_rate > base).then_some(Context { query: ctx, base, own_rate })
    }

    /// Share of the passages of `q` that also hold a context term.
    fn rate(&self, q: Box<dyn Query>, ctx: &dyn Query) -> Option<f64> {
        let all = self.searcher.search(&*q, &Count).ok()?;
        if all == 0 {
            return None;
        }
        let both = BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, ctx.box_clone())]);
        Some(self.searcher.search(&both, &Count).ok()? as f64 / all as f64)
    }
}

/// The words around a query's own spelling, and how often they occur.
struct Context {
    /// Any of them, on the stem field.
    query: Box<dyn Query>,
    /// Share of all passages that hold one.
    base: f64,
    /// Share of the query's passages that hold one.
    own_rate: f64,
}

impl Context {
    /// Ok when the candidate's passages share the query's context.
    fn judge(&self, ex: &Expander, terms: &[String]) -> Result<(), &'static str> {
        let q = any_of(ex.fields.body[0], terms);
        let passages = ex.searcher.search(&*q, &Count).unwrap_or(0) as u64;
        let rate = ex.rate(q, &*self.query).unwrap_or(0.0);
        let share = self.base + CONTEXT_SHARE * (self.own_rate - self.base);
        if same_more_likely(passages, (rate * passages as f64).round() as u64, share, self.base) {
            Ok(())
        } else {
            Err("other contexts")
        }
    }
}

/// Whether `k` of `n` passages sharing a context are more likely under the rate `same` (the
/// candidate is the query's name) than under `other` (the index's rate: another word).
/// Binomial likelihoods; the binomial coefficient is the same on both sides.
pub fn same_more_likely(n: u64, k: u64, same: f64, other: f64) -> bool {
    let ll = |p: f64| {
        let p = p.clamp(1e-6, 1.0 - 1e-6);
        k as f64 * p.ln() + (n - k.min(n)) as f64 * (1.0 - p).ln()
    };
    n == 0 || ll(same) >= ll(other)
}

#[cfg(test)]
mod tests {
    use super::same_more_likely;

    #[test]
    fn likelihood_decides_by_rate_not_by_size() {
        assert!(same_more_likely(1, 1, 0.5, 0.1), "one passage in context: the name");
        assert!(!same_more_likely(1, 0, 0.5, 0.1), "one passage out of context: another word");
        assert!(same_more_likely(10, 4, 0.49, 0.14), "four in ten against a base of one in seven");
        assert!(!same_more_likely(60, 1, 0.45, 0.1), "one in sixty");
        assert!(same_more_likely(0, 0, 0.5, 0.1), "nothing to judge: no counter-evidence");
        assert!(same_more_likely(100_000, 60_000, 0.5, 0.1), "no overflow");
    }
}
