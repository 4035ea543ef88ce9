//! Parsed user query → tantivy query, plus the set of terms the snippet highlighter looks for.
//!
//! Each word becomes a disjunction over the forms bahth indexes, weighted so that an exact
//! match scores above a stem match, above a proclitic form, above a variant-only match (an
//! exact match also matches the looser fields, so its score is the sum). Words are combined
//! with MUST (all-words mode) or SHOULD (any mode); phrases run on the exact and stem fields.

use std::collections::HashSet;

use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::anyof::AnyOf;
use super::parse::{Atom, Parsed};
use crate::analysis::normalize::is_arabic_letter;
use crate::analysis::{AnalyzedToken, Analyzer};
use crate::names::{tables, Answer, Ask, Choices, Kind, NameForm, Names, Phrase, Spelling, Verdict, WordExpansion};
use crate::schema::Fields;

/// Field weights: the ranking knobs, measured with `bahth eval` (see the README).
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Normalized surface form.
    pub exact: f32,
    /// Stem.
    pub stem: f32,
    /// Proclitic forms (بفاغنر for فاغنر, فاغنر for لفاغنر), on the stem field.
    pub clitic: f32,
    /// Name-variant key.
    pub variant: f32,
    /// Title fields (added to the body weights).
    pub title: f32,
    /// Typo-tolerant match.
    pub fuzzy: f32,
    /// Words near each other (sloppy phrase on the stem field).
    pub proximity: f32,
    /// The nisba adjective of a word in ranked any-word queries, as a share of `stem`.
    pub nisba: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { exact: 0.5, stem: 1.0, clitic: 0.4, variant: 0.3, title: 0.5, fuzzy: 0.3, proximity: 0.5, nisba: 0.3 }
    }
}

impl Weights {
    /// The defaults, or `BAHTH_WEIGHTS=exact,stem,clitic,variant,title,fuzzy,proximity[,nisba]`
    /// (used by `bahth eval` to measure other settings without rebuilding).
    pub fn from_env() -> Weights {
        let mut w = Weights::default();
        if let Ok(v) = std::env::var("BAHTH_WEIGHTS") {
            let vals: Vec<f32> = v.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            match vals[..] {
                [exact, stem, clitic, variant, title, fuzzy, proximity] => {
                    w = Weights { exact, stem, clitic, variant, title, fuzzy, proximity, ..w }
                }
                [exact, stem, clitic, variant, title, fuzzy, proximity, nisba] => {
                    w = Weights { exact, stem, clitic, variant, title, fuzzy, proximity, nisba }
                }
                _ => {}
            }
        }
        w
    }
}

/// How the query is run.
#[derive(Debug, Clone, Copy)]
pub struct Mode {
    /// Any word may match (ranked); otherwise all must.
    pub any: bool,
    /// Match name variants.
    pub variants: bool,
    /// Only the typed forms: normalization and clitics, no stems, no variants.
    pub as_typed: bool,
}

/// Ranked any-word queries with more content words than this skip the loose expansions
/// (proclitic forms and name-variant keys): long questions and titles carry enough evidence
/// without them (on the relevance sets they moved nDCG@10 by less than 0.007), while they doubled the latency of
/// any-word ranking (variant keys have long posting lists; each proclitic form costs a
/// term-dictionary lookup). Short queries, typically names, keep both.
pub const MAX_WORDS_FOR_EXPANSIONS: usize = 4;

/// In ranked any-word queries, a word in more passages than this share of the index (and than
/// [`MIN_EXPANSION_DF`]) is a common word, not a name: its variant key and proclitic forms are
/// not added. Their posting lists are as long as the word's own and bring nothing a common
/// word needs (the idea of Lucene's CommonTermsQuery); rare words, where spelling variants
/// matter, keep them.
pub const MAX_EXPANSION_DF_SHARE: f64 = 0.01;
/// The document frequency below which a word is always expanded, whatever the index size.
pub const MIN_EXPANSION_DF: u64 = 1000;

/// What the highlighter looks for in a passage.
#[derive(Debug, Default, Clone)]
pub struct MatchSet {
    /// Normalized forms.
    pub exact: HashSet<String>,
    /// Stems (including proclitic stems).
    pub stems: HashSet<String>,
    /// Variant keys.
    pub variants: HashSet<String>,
    /// Normalized forms matched with typo tolerance: (form, distance).
    pub fuzzy: Vec<(String, u8)>,
}

impl MatchSet {
    /// True when an analyzed token of a passage matches the query.
    pub fn matches(&self, t: &AnalyzedToken) -> bool {
        if self.exact.contains(&t.normalized) {
            return true;
        }
        if t.stopword {
            return false;
        }
        self.stems.contains(&t.stem)
            || self.variants.contains(&t.variant)
            || self.fuzzy.iter().any(|(f, d)| super::snippet::within_distance(f, &t.normalized, *d))
    }
}

/// Builds tantivy queries for one search.
pub struct Builder<'a> {
    /// Analyzer of the index.
    pub analyzer: &'a Analyzer,
    /// Field handles.
    pub fields: &'a Fields,
    /// Weights.
    pub weights: Weights,
    /// Mode.
    pub mode: Mode,
    /// For document frequencies (reverse clitic check).
    pub searcher: &'a Searcher,
    /// The document frequencies this search has read: the builder's checks and the ranking
    /// pass's weights share them.
    pub stats: super::termstats::TermStats<'a>,
    /// Terms to highlight.
    pub matches: MatchSet,
    /// The spellings each expanded query word reached, in query order.
    pub spellings: Vec<Spelling>,
    /// Every form name expansion considered, with its evidence and verdict (for `--explain`).
    pub verdicts: Vec<Verdict>,
    /// True when the reporter left out every spelling of a name: the query then rightly
    /// matches nothing, and no any-word fallback should widen it.
    pub all_left_out: bool,
    /// Normalized spellings the user left out (`!spelling`).
    drops: HashSet<String>,
    /// Content (non-stopword) words in the query, set by [`Builder::build`].
    content_words: usize,
    /// Each query text analyzed once, however often the query is (re)built.
    analyzed: std::collections::HashMap<String, Vec<AnalyzedToken>>,
}

fn boxed(q: impl Query + 'static, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        Box::new(q)
    } else {
        Box::new(BoostQuery::new(Box::new(q), boost))
    }
}

/// A disjunction of `Should` clauses as an [`AnyOf`]; any other query unchanged.
fn seekable(q: Box<dyn Query>) -> Box<dyn Query> {
    match (*q).downcast_ref::<BooleanQuery>() {
        Some(b)
            if b.get_minimum_number_should_match() <= 1
                && b.clauses().len() >= 2
                && b.clauses().iter().all(|(o, _)| *o == Occur::Should) =>
        {
            Box::new(AnyOf::new(b.clauses().iter().map(|(_, c)| c.box_clone()).collect()))
        }
        _ => q,
    }
}

fn boxed_dyn(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

fn term_q(field: Field, text: &str, boost: f32) -> Box<dyn Query> {
    boxed(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs), boost)
}

/// The stem of the nisba adjective made from `stem` (لبنان → لبناني), or None when `stem`
/// already ends in ي or is too short to be a name or a noun.
pub fn nisba_adjective(stem: &str) -> Option<String> {
    let ends_in_yeh = stem.ends_with('\u{064A}');
    (!ends_in_yeh && stem.chars().count() >= crate::analysis::stem::MIN_STEM_CHARS).then(|| format!("{stem}\u{064A}"))
}

fn is_arabic(s: &str) -> bool {
    s.chars().any(is_arabic_letter)
}

impl<'a> Builder<'a> {
    /// A builder for one search.
    pub fn new(
        analyzer: &'a Analyzer,
        fields: &'a Fields,
        weights: Weights,
        mode: Mode,
        searcher: &'a Searcher,
    ) -> Builder<'a> {
        Builder {
            analyzer,
            fields,
            weights,
            mode,
            searcher,
            stats: super::termstats::TermStats::new(searcher),
            matches: MatchSet::default(),
            spellings: Vec::new(),
            verdicts: Vec::new(),
            all_left_out: false,
            drops: HashSet::new(),
            content_words: 0,
            analyzed: Default::default(),
        }
    }

    /// Name expansion over this builder's index.
    fn names(&self) -> Names<'a> {
        Names::new(self.analyzer, self.fields, self.searcher)
    }

    /// The analysis of a piece of query text (cached).
    fn tokens(&mut self, text: &str) -> Vec<AnalyzedToken> {
        if let Some(t) = self.analyzed.get(text) {
            return t.clone();
        }
        let toks = self.analyzer.analyze(text);
        self.analyzed.insert(text.to_string(), toks.clone());
        toks
    }

    /// The stems of this index, other than `own`, whose variant key is `key` (Arabic keys
    /// only: a Latin word's key is itself), each with the boost that makes it weigh as the
    /// key would as one term: BM25 gives a rare stem a larger idf than the key they share,
    /// so each is scaled by idf(key) / idf(stem), the key's document frequency taken as the
    /// sum of its stems'.
    fn variant_stems(&self, key: &str, own: &str) -> Vec<(String, f32)> {
        if !is_arabic(key) {
            return Vec::new();
        }
        // A walk of the stem dictionary per segment: remembered per index state, as the name
        // expansions are (a server sees the same words again and again).
        crate::names::memo::get_or(self.searcher, &format!("variant_stems|{key}|{own}"), || {
            self.variant_stems_uncached(key, own)
        })
    }

    fn variant_stems_uncached(&self, key: &str, own: &str) -> Vec<(String, f32)> {
        let mut found: Vec<(String, u64)> = Vec::new();
        let Some(re) = crate::names::compiled(&crate::analysis::variants::key_pattern(key)) else { return Vec::new() };
        for seg in self.searcher.segment_readers() {
            let Ok(inv) = seg.inverted_index(self.fields.body[1]) else { continue };
            let Ok(mut stream) = inv.terms().search(&*re).into_stream() else { continue };
            while stream.advance() {
                let Ok(stem) = std::str::from_utf8(stream.key()) else { continue };
                if stem == own
                    || crate::analysis::variants::variant_key(crate::analysis::stem::without_nisba(stem)) != key
                {
                    continue;
                }
                let df = u64::from(stream.value().doc_freq);
                match found.iter_mut().find(|(s, _)| s == stem) {
                    Some((_, d)) => *d += df,
                    None => found.push((stem.to_string(), df)),
                }
            }
        }
        let n = self.searcher.num_docs() as f64;
        let idf = |df: f64| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let key_idf = idf(found.iter().map(|(_, d)| *d as f64).sum());
        found.into_iter().map(|(s, d)| (s, (key_idf / idf(d as f64).max(f64::EPSILON)) as f32)).collect()
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        tantivy::query::Bm25StatisticsProvider::doc_freq(&self.stats, &Term::from_field_text(field, text)).unwrap_or(0)
    }

    /// The disjunction for one analyzed word on body (or title) fields.
    /// Whether this word goes through name expansion: all-words searches of up to
    /// [`MAX_WORDS_FOR_EXPANSIONS`] content words (names, not questions or titles).
    fn expands_names(&self, t: &AnalyzedToken) -> bool {
        !self.mode.any && !t.stopword && is_arabic(&t.stem) && self.content_words <= MAX_WORDS_FOR_EXPANSIONS
    }

    /// The reporter's choices, as names takes them.
    fn choices(&self) -> Choices<'_> {
        Choices { drops: &self.drops, variants: self.mode.variants, as_typed: self.mode.as_typed }
    }

    /// The spellings a query word reaches, and its split spellings ([`Names::ask`]), recorded
    /// for the user.
    fn expansion(&mut self, t: &AnalyzedToken) -> (WordExpansion, Vec<(String, Phrase)>) {
        // Each question is answered in its own kind; any other answer reaches nothing.
        let (e, splits) = match self.names().ask(Ask::Word(t), &self.choices()) {
            Answer::Word { expansion, splits } => (expansion, splits),
            _ => (WordExpansion { common: true, ..WordExpansion::default() }, Vec::new()),
        };
        self.verdicts.extend(e.verdicts.iter().cloned());
        self.spellings.extend(e.spellings.iter().cloned());
        (e, splits)
    }

    /// A name: exactly the spellings its expansion accepted, on the body and title exact
    /// fields, and its split spellings as phrases. Nothing else can match (no stem, no loose
    /// key), so counts count the name's mentions and the spellings line lists every form that
    /// matched.
    fn name_word(&mut self, t: &AnalyzedToken, e: &WordExpansion, splits: Vec<(String, Phrase)>) -> Box<dyn Query> {
        let w = self.weights;
        let (f, tf) = (self.fields.body, self.fields.title_forms);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (terms, weight) in [(&e.own, w.stem), (&e.variants, w.variant)] {
            for term in terms.iter() {
                // The typed form ranks above its clitic forms and other spellings.
                let weight = if *term == t.normalized { w.exact + w.stem } else { weight };
                self.matches.exact.insert(term.clone());
                should.push((Occur::Should, term_q(f[0], term, weight)));
                should.push((Occur::Should, term_q(tf[0], term, w.title)));
            }
        }
        // Written as two words elsewhere (بيونغ يانغ for بيونغيانغ).
        for (form, phrase) in splits {
            should.push((Occur::Should, boxed_dyn(phrase.query(self.fields, false), w.exact + w.stem)));
            should.push((Occur::Should, boxed_dyn(phrase.query(self.fields, true), w.title)));
            self.matches.exact.extend(phrase.parts.iter().flatten().cloned());
            self.spellings.push(Spelling { form, kind: Kind::Split, passages: phrase.passages });
        }
        Box::new(BooleanQuery::new(should))
    }

    fn word(&mut self, t: &AnalyzedToken, fuzzy: bool, title_only: bool) -> Box<dyn Query> {
        // A word~ asks for typo tolerance instead: it is matched as any word is.
        let names = match (!title_only && !fuzzy && self.expands_names(t)).then(|| self.expansion(t)) {
            Some((e, splits)) if !e.common => return self.name_word(t, &e, splits),
            other => other,
        };
        let w = self.weights;
        let (f, tf) = (self.fields.body, self.fields.title_forms);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // A clause whose weight is 0 is left out (BAHTH_WEIGHTS can switch a form off).
        let mut push = |field: Field, text: &str, boost: f32| {
            if boost > 0.0 {
                should.push((Occur::Should, term_q(field, text, boost)));
            }
        };
        self.matches.exact.insert(t.normalized.clone());
        if !title_only {
            push(f[0], &t.normalized, w.exact);
        }
        push(tf[0], &t.normalized, if title_only { w.exact } else { w.title });
        if t.stopword {
            return Box::new(BooleanQuery::new(should));
        }
        self.matches.stems.insert(t.stem.clone());
        push(tf[1], &t.stem, if title_only { w.stem } else { w.title * 0.8 });
        if title_only {
            return Box::new(BooleanQuery::new(should));
        }
        push(f[1], &t.stem, w.stem);
        if self.mode.any && is_arabic(&t.stem) {
            // Ranked any-word matching (questions, titles) also reaches the nisba adjective
            // of the word (الصين → الصينية): the stem field keeps them apart so that a name
            // search finds the place and not its adjective, while topical ranking gains from
            // meeting them at a lower weight.
            if let Some(adjective) = nisba_adjective(&t.stem) {
                push(f[1], &adjective, w.stem * w.nisba);
            }
        }
        // All-words queries always expand (the intersection keeps them cheap); ranked
        // any-word queries expand only short queries' rare words.
        let mut stem_df = None;
        let expand = !self.mode.any
            || (self.content_words <= MAX_WORDS_FOR_EXPANSIONS && {
                let limit = (self.searcher.num_docs() as f64 * MAX_EXPANSION_DF_SHARE) as u64;
                *stem_df.insert(self.doc_freq(f[1], &t.stem)) <= limit.max(MIN_EXPANSION_DF)
            });
        if let Some(adjective) = names.as_ref().filter(|(e, _)| e.common).and_then(|_| nisba_adjective(&t.stem)) {
            // A common word (not a name) also meets its nisba derivation, as the stemmer of
            // Lucene does (مسؤول, مسؤولية); a name never does (لبنان, اللبناني).
            self.matches.stems.insert(adjective.clone());
            push(f[1], &adjective, w.stem * w.nisba);
        }
        if names.is_some() {
            // A common word of a short all-words query: found through its stem and its
            // clitic forms below; its look-alikes are other words, not spellings.
        } else if self.mode.variants && w.variant > 0.0 && expand {
            // Ranked any-word queries: the loose variant key, as the stems of this index that
            // share it (read off the stem dictionary; the index keeps no field of keys).
            self.matches.variants.insert(t.variant.clone());
            for (stem, boost) in self.variant_stems(&t.variant, &t.stem) {
                push(f[1], &stem, w.variant * boost);
            }
        }
        if is_arabic(&t.stem) && w.clitic > 0.0 && expand {
            for form in self.clitic_forms(t, names.is_none()) {
                push(f[1], &form, w.clitic);
                self.matches.stems.insert(form);
            }
        }
        if fuzzy && w.fuzzy > 0.0 {
            let d = if t.normalized.chars().count() >= 8 { 2 } else { 1 };
            self.matches.fuzzy.push((t.normalized.clone(), d));
            let q = FuzzyTermQuery::new(Term::from_field_text(f[0], &t.normalized), d, true);
            should.push((Occur::Should, boxed(q, w.fuzzy)));
        }
        Box::new(BooleanQuery::new(should))
    }

    /// The clitic forms of a query word in this index's stem field: a word that carries a
    /// proclitic (لفاغنر) also matches the bare form, when the bare form is at least as common
    /// in this index (so فاغنر is never read as ف + اغنر; `strip` is false for a common word of
    /// a short all-words query), and the word (and its bare form) with a proclitic in front
    /// (بفاغنر, لفاغنر), where the index has it. A dozen dictionary lookups per word, so the
    /// answer is remembered per index state, as name expansions are.
    fn clitic_forms(&self, t: &AnalyzedToken, strip: bool) -> Vec<String> {
        let key = format!("clitic_forms|{}|{}|{strip}", t.normalized, t.stem);
        crate::names::memo::get_or(self.searcher, &key, || {
            let f = self.fields.body;
            let mut forms = Vec::new();
            let mut bases = vec![t.stem.clone()];
            let proclitics = tables::proclitics().iter().filter(|p| !p.is_empty());
            let mut stem_df = None;
            for p in proclitics.clone().filter(|_| strip) {
                if let Some(bare) = t.normalized.strip_prefix(p.as_str()).filter(|b| b.chars().count() >= 3) {
                    let bare_stem = self.analyzer.stem_normalized(bare);
                    let own = *stem_df.get_or_insert_with(|| self.doc_freq(f[1], &t.stem));
                    if !bases.contains(&bare_stem) && self.doc_freq(f[1], &bare_stem) >= own.max(1) {
                        forms.push(bare_stem.clone());
                        bases.push(bare_stem);
                    }
                }
            }
            for base in &bases {
                for p in proclitics.clone() {
                    let form = format!("{p}{base}");
                    if form != t.stem && self.doc_freq(f[1], &form) > 0 {
                        forms.push(form);
                    }
                }
            }
            forms
        })
    }

    /// A phrase over analyzed tokens (positions kept, stopwords included).
    fn phrase(&mut self, toks: &[AnalyzedToken]) -> Box<dyn Query> {
        let w = self.weights;
        let first = toks.first().map_or(0, |t| t.position);
        let terms = |field: Field, pick: &dyn Fn(&AnalyzedToken) -> &str| -> Vec<(usize, Term)> {
            toks.iter().map(|t| (t.position - first, Term::from_field_text(field, pick(t)))).collect()
        };
        for t in toks {
            self.matches.exact.insert(t.normalized.clone());
            if !t.stopword {
                self.matches.stems.insert(t.stem.clone());
            }
        }
        let exact = PhraseQuery::new_with_offset(terms(self.fields.body[0], &|t| &t.normalized));
        // Stopwords are not in the stem field: the stem phrase skips them, keeping the gaps.
        let content: Vec<(usize, Term)> = toks
            .iter()
            .filter(|t| !t.stopword)
            .map(|t| (t.position - first, Term::from_field_text(self.fields.body[1], &t.stem)))
            .collect();
        let mut clauses = vec![(Occur::Should, boxed(exact, w.exact))];
        if content.len() >= 2 {
            clauses.push((Occur::Should, boxed(PhraseQuery::new_with_offset(content), w.stem)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// One atom: a word, a multi-token word (as a phrase) or a phrase. None if it analyzes to
    /// nothing or (when `drop_stopwords`) only to stopwords.
    fn atom(&mut self, atom: &Atom, drop_stopwords: bool) -> Option<Box<dyn Query>> {
        match atom {
            Atom::Word { text, fuzzy, title } => {
                let toks = self.tokens(text);
                match toks.len() {
                    0 => None,
                    1 if drop_stopwords && toks[0].stopword => None,
                    1 => Some(self.word(&toks[0], *fuzzy, *title)),
                    _ => Some(self.phrase(&toks)),
                }
            }
            Atom::Phrase(text) => {
                let toks = self.tokens(text);
                match toks.len() {
                    0 => None,
                    1 => Some(self.word(&toks[0], false, false)),
                    2 if toks.iter().all(|t| self.expands_names(t)) => {
                        // A quoted two-word name: its phrase, its spellings and its joined
                        // spelling (أبو ظبي, أبوظبي).
                        let exact = self.phrase(&toks);
                        let words: Vec<String> = toks.iter().map(|t| t.normalized.clone()).collect();
                        Some(match (self.name(&words), self.typed_dropped(&words)) {
                            (Some(name), true) => name,
                            (Some(name), false) => {
                                Box::new(BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, name)]))
                            }
                            (None, _) => exact,
                        })
                    }
                    _ => Some(self.phrase(&toks)),
                }
            }
        }
    }

    /// Consecutive plain words of a short all-words query that the corpus shows standing
    /// together as one name: (first clause, number of clauses).
    fn name_runs(&mut self, parsed: &Parsed) -> Vec<(usize, usize)> {
        if self.mode.any || !(2..=MAX_WORDS_FOR_EXPANSIONS).contains(&self.content_words) {
            return Vec::new();
        }
        let words: Vec<Option<String>> = parsed
            .clauses
            .iter()
            .map(|c| match (c.negated, c.alternatives.as_slice()) {
                (false, [Atom::Word { text, fuzzy: false, title: false }]) => match self.tokens(text).as_slice() {
                    [t] if !t.stopword && is_arabic(&t.normalized) => Some(t.normalized.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        match self.names().ask(Ask::Runs(&words), &self.choices()) {
            Answer::Runs(runs) => runs,
            _ => Vec::new(),
        }
    }

    /// A name of several words: every spelling of it the index holds (see
    /// [`crate::names::compound`]): the typed words as a phrase (sound-class spellings of each
    /// word, proclitics on the first), with neighbouring parts joined or a part split, and a
    /// spelling that is one word with that word's own expansion.
    fn name(&mut self, words: &[String]) -> Option<Box<dyn Query>> {
        let w = self.weights;
        let forms = match self.names().ask(Ask::Name(words), &self.choices()) {
            Answer::Name(forms) => forms,
            _ => Vec::new(),
        };
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for f in forms {
            match f {
                NameForm::Phrase { form, kind, phrase } => {
                    should.push((Occur::Should, boxed_dyn(phrase.query(self.fields, false), w.exact + w.stem)));
                    should.push((Occur::Should, boxed_dyn(phrase.query(self.fields, true), w.title)));
                    self.matches.exact.extend(phrase.parts.iter().flatten().cloned());
                    self.spellings.extend(phrase.spellings(&form, kind));
                }
                NameForm::Word { kind, expansion: e } => {
                    // One word: its clitics and variants come with its own expansion.
                    for (terms, weight) in [(&e.own, w.exact + w.stem), (&e.variants, w.variant)] {
                        for term in terms.iter() {
                            should.push((Occur::Should, term_q(self.fields.body[0], term, weight)));
                            should.push((Occur::Should, term_q(self.fields.title_forms[0], term, w.title)));
                            self.matches.exact.insert(term.clone());
                        }
                    }
                    self.verdicts.extend(e.verdicts.iter().cloned());
                    self.spellings.extend(e.spellings.into_iter().map(|s| Spelling { kind, ..s }));
                }
            }
        }
        if should.is_empty() {
            // Every spelling left out (`!"حزب الله"` on حزب الله): the name matches nothing,
            // rather than its words one by one.
            self.all_left_out |= self.typed_dropped(words);
            return self.typed_dropped(words).then(|| Box::new(tantivy::query::EmptyQuery) as Box<dyn Query>);
        }
        Some(Box::new(BooleanQuery::new(should)))
    }

    /// Whether the reporter left out the name's typed spelling (`!"حزب الله"`).
    fn typed_dropped(&self, words: &[String]) -> bool {
        self.drops.contains(&words.join(" "))
    }

    /// Adds the terms collected for the clause just built to those of the earlier clauses.
    fn keep_matches(&mut self, earlier: MatchSet) {
        let got = std::mem::replace(&mut self.matches, earlier);
        self.matches.exact.extend(got.exact);
        self.matches.stems.extend(got.stems);
        self.matches.variants.extend(got.variants);
        self.matches.fuzzy.extend(got.fuzzy);
    }

    /// The text query of a parsed user query, or None when nothing searchable is left.
    pub fn build(&mut self, parsed: &Parsed) -> Option<Box<dyn Query>> {
        // A spelling of several words (`!"حزب الله"`) is matched as its normalized words with
        // one space between, as the spellings list writes it.
        self.drops = parsed
            .drops
            .iter()
            .map(|d| self.analyzer.analyze(d).into_iter().map(|t| t.normalized).collect::<Vec<_>>().join(" "))
            .filter(|d| !d.is_empty())
            .collect();
        self.spellings.clear();
        self.verdicts.clear();
        self.all_left_out = false;
        let only_stopwords = parsed.clauses.iter().filter(|c| !c.negated).all(|c| {
            c.alternatives.iter().all(|a| match a {
                Atom::Word { text, .. } => self.tokens(text).iter().all(|t| t.stopword),
                Atom::Phrase(_) => false,
            })
        });
        self.content_words = parsed
            .clauses
            .iter()
            .filter(|c| !c.negated)
            .flat_map(|c| &c.alternatives)
            .map(|a| match a {
                Atom::Word { text, .. } | Atom::Phrase(text) => {
                    self.tokens(text).iter().filter(|t| !t.stopword).count()
                }
            })
            .sum();
        let mut positive: Vec<Box<dyn Query>> = Vec::new();
        let mut negative: Vec<Box<dyn Query>> = Vec::new();
        let mut near: Vec<AnalyzedToken> = Vec::new();
        let runs = self.name_runs(parsed);
        for (ci, clause) in parsed.clauses.iter().enumerate() {
            if runs.iter().any(|&(start, len)| ci > start && ci < start + len) {
                continue;
            }
            if let Some(&(_, len)) = runs.iter().find(|&&(start, _)| start == ci) {
                let words: Vec<String> = parsed.clauses[ci..ci + len]
                    .iter()
                    .flat_map(|c| &c.alternatives)
                    .filter_map(|a| match a {
                        Atom::Word { text, .. } => self.tokens(text).first().map(|t| t.normalized.clone()),
                        Atom::Phrase(_) => None,
                    })
                    .collect();
                if let Some(q) = self.name(&words) {
                    positive.push(q);
                    continue;
                }
            }
            let saved = std::mem::take(&mut self.matches);
            let drop_stop = !only_stopwords && !clause.negated;
            let alts: Vec<Box<dyn Query>> =
                clause.alternatives.iter().filter_map(|a| self.atom(a, drop_stop)).collect();
            if clause.negated {
                self.matches = saved;
            } else {
                self.keep_matches(saved);
                if let [Atom::Word { text, title: false, .. }] = clause.alternatives.as_slice() {
                    near.extend(self.tokens(text).into_iter().filter(|t| !t.stopword));
                }
            }
            if alts.is_empty() {
                continue;
            }
            let q: Box<dyn Query> = if alts.len() == 1 {
                alts.into_iter().next()?
            } else {
                Box::new(BooleanQuery::new(alts.into_iter().map(|q| (Occur::Should, q)).collect()))
            };
            if clause.negated {
                negative.push(q)
            } else {
                positive.push(q)
            }
        }
        if positive.is_empty() {
            return None;
        }
        let occur = if self.mode.any { Occur::Should } else { Occur::Must };
        // Words that are intersected are mostly sought, not walked: each word's alternatives
        // become an `AnyOf`, whose seeks are cheap (same scores, see its module).
        let intersected = !self.mode.any && positive.len() >= 2;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            positive.into_iter().map(|q| (occur, if intersected { seekable(q) } else { q })).collect();
        if !self.mode.any && (2..=8).contains(&near.len()) {
            let terms: Vec<(usize, Term)> = near
                .iter()
                .enumerate()
                .map(|(i, t)| (i, Term::from_field_text(self.fields.body[1], &t.stem)))
                .collect();
            let q = PhraseQuery::new_with_offset_and_slop(terms, 3 * near.len() as u32);
            clauses.push((Occur::Should, boxed(q, self.weights.proximity)));
        }
        let text_query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        if negative.is_empty() {
            return Some(text_query);
        }
        let mut all = vec![(Occur::Must, text_query)];
        all.extend(negative.into_iter().map(|q| (Occur::MustNot, q)));
        Some(Box::new(BooleanQuery::new(all)))
    }
}
