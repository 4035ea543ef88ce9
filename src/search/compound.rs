//! Names of more than one word: when query words stand together as a name, and the joined
//! and split spellings of a name (أبوظبي = أبو ظبي, بيونغيانغ = بيونغ يانغ), both ways.
//!
//! - Two query words are one name when the corpus shows them side by side in at least
//!   [`TOGETHER_SHARE`] of the passages that have both (حزب الله, دير الزور). They are then
//!   matched as a phrase (each word in its sound-class spellings, proclitics on the first),
//!   so a passage with حزب ... الله far apart is no mention; words that merely co-occur
//!   (فاغنر جويتا) stay separate words.
//! - A two-word name also matches its joined spelling, expanded like any word.
//! - A one-word query also matches every split of it into two words of three letters or
//!   more that the index holds side by side.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RegexPhraseQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::expand::{any_of, Expander};
use super::memo::{self, Memo};
use super::spelling;

/// Share of the passages holding both words that must hold them side by side for the two to
/// be read as one name.
pub const TOGETHER_SHARE: f64 = 0.5;

/// One multi-word spelling found in the index: the exact terms at each position.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Terms per position (the first with its proclitic forms).
    pub parts: Vec<Vec<String>>,
    /// Passages that hold the phrase.
    pub passages: u64,
}

fn alternation(terms: &[String]) -> String {
    terms.iter().map(|t| regex_syntax_escape(t)).collect::<Vec<_>>().join("|")
}

fn regex_syntax_escape(t: &str) -> String {
    t.chars().map(|c| if c.is_alphanumeric() { c.to_string() } else { format!("\\{c}") }).collect()
}

impl Expander<'_> {
    /// The exact terms in this index for each word of a name (sound-class spellings,
    /// proclitics on the first word); None when a word has none.
    fn parts(&self, words: &[String]) -> Option<Vec<Vec<String>>> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let terms: Vec<String> = self.vocabulary(&spelling::part_pattern(w, i == 0)).into_keys().collect();
                (!terms.is_empty()).then_some(terms)
            })
            .collect()
    }

    /// The phrase query over `parts` on the body's (or title's) exact field.
    pub fn phrase_query(&self, parts: &[Vec<String>], title: bool) -> Box<dyn Query> {
        let field = if title { self.fields.title_forms[0] } else { self.fields.body[0] };
        let mut terms = Vec::with_capacity(parts.len());
        for (i, p) in parts.iter().enumerate() {
            let pattern = alternation(p);
            match super::expand::compiled(&pattern) {
                Some(re) => terms.push((i, pattern, re)),
                None => return Box::new(tantivy::query::EmptyQuery),
            }
        }
        if terms.len() < 2 {
            return Box::new(tantivy::query::EmptyQuery);
        }
        Box::new(RegexPhraseQuery::from_regexes(field, terms, 0))
    }

    fn count(&self, q: &dyn Query) -> u64 {
        self.searcher.search(q, &Count).unwrap_or(0) as u64
    }

    /// The words as a phrase in this index, if it holds them side by side.
    pub fn phrase(&self, words: &[String]) -> Option<Phrase> {
        let key = format!("p|{}|{}", memo::generation(self.searcher), words.join(" "));
        match memo::get_or(key, || Memo::Phrase(self.phrase_uncached(words))) {
            Memo::Phrase(p) => p,
            _ => self.phrase_uncached(words),
        }
    }

    fn phrase_uncached(&self, words: &[String]) -> Option<Phrase> {
        if words.len() < 2 {
            return None;
        }
        let parts = self.parts(words)?;
        let passages = self.count(&*self.phrase_query(&parts, false));
        (passages > 0).then_some(Phrase { parts, passages })
    }

    /// Passages with the exact words `a b` side by side, and with both anywhere.
    fn plain_counts(&self, a: &str, b: &str) -> (u64, u64) {
        let f = self.fields.body[0];
        let terms = [Term::from_field_text(f, a), Term::from_field_text(f, b)];
        if terms.iter().any(|t| self.searcher.doc_freq(t).unwrap_or(0) == 0) {
            return (0, 0);
        }
        let side_by_side = self.count(&PhraseQuery::new(terms.to_vec()));
        let both = BooleanQuery::new(
            terms
                .iter()
                .map(|t| (Occur::Must, Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)) as Box<dyn Query>))
                .collect(),
        );
        (side_by_side, self.count(&both))
    }

    /// Whether two query words stand together as one name in this index.
    pub fn together(&self, a: &str, b: &str) -> bool {
        let key = format!("t|{}|{a}|{b}", memo::generation(self.searcher));
        match memo::get_or(key, || Memo::Together(self.together_uncached(a, b))) {
            Memo::Together(t) => t,
            _ => self.together_uncached(a, b),
        }
    }

    fn together_uncached(&self, a: &str, b: &str) -> bool {
        // The words as typed decide most pairs without enumerating their spellings.
        let (side_by_side, both) = self.plain_counts(a, b);
        if both > 0 {
            return side_by_side as f64 >= TOGETHER_SHARE * both as f64;
        }
        let words = [a.to_string(), b.to_string()];
        let Some(phrase) = self.phrase(&words) else { return false };
        let both = BooleanQuery::new(
            phrase.parts.iter().map(|p| (Occur::Must, any_of(self.fields.body[0], p))).collect::<Vec<_>>(),
        );
        let both = self.count(&both).max(1);
        phrase.passages as f64 >= TOGETHER_SHARE * both as f64
    }

    /// The split spellings of `word` that the index holds (ابو ظبي for ابوظبي).
    pub fn splits(&self, word: &str) -> Vec<(String, Phrase)> {
        let key = format!("s|{}|{word}", memo::generation(self.searcher));
        match memo::get_or(key, || Memo::Splits(self.splits_uncached(word))) {
            Memo::Splits(s) => s,
            _ => self.splits_uncached(word),
        }
    }

    fn splits_uncached(&self, word: &str) -> Vec<(String, Phrase)> {
        spelling::splits(word)
            .filter(|(l, r)| self.plain_counts(l, r).0 > 0)
            .filter_map(|(l, r)| {
                let words = [l.to_string(), r.to_string()];
                self.phrase(&words).map(|p| (format!("{l} {r}"), p))
            })
            .collect()
    }
}
