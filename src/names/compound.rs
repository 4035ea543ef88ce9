//! Names of more than one word: when query words stand together as a name, and every
//! spelling of such a name with its parts joined or split (أبوظبي = أبو ظبي,
//! عبد ربه منصور هادي = عبدربه منصور هادي, أبو بكر البغدادي = أبوبكر البغدادي), both ways.
//!
//! - Query words are one name when the corpus shows them side by side in at least
//!   [`TOGETHER_SHARE`] of the passages that have them all (حزب الله, دير الزور), the longest
//!   such run of the typed words first (عبد الملك الحوثي is one name, though عبد and الملك,
//!   "king", meet apart in سلمان بن عبد العزيز far more often than side by side). They are then
//!   matched as a phrase (each word in its sound-class spellings, proclitics on the first),
//!   so a passage with حزب ... الله far apart is no mention; words that merely co-occur
//!   (فاغنر جويتا) stay separate words.
//! - A name of several words also matches each spelling with two neighbouring parts written
//!   as one word, or one part written as two, that the index holds as a phrase.
//! - A one-word query also matches its splits into two words that the index holds side by
//!   side. Where a part of a split has fewer than [`MIN_SAFE_PART_CHARS`] letters it is
//!   usually a particle (من صور is "from Tyre", not منصور), so such a split needs the
//!   name's context ([`super::evidence`]); longer parts are the same letters with a space
//!   moved.

use tantivy::collector::Count;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, RegexPhraseQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::evidence::any_of;
use super::expand::{Kind, Names, Spelling};
use super::{memo, spelling};

/// Share of the passages holding all the words that must hold them side by side, in order, for
/// them to be read as one name: more often together than apart.
pub const TOGETHER_SHARE: f64 = 0.5;
/// A part of a split spelling shorter than this is usually a particle or preposition (من,
/// عن, في, بن): the split then needs the context test.
pub const MIN_SAFE_PART_CHARS: usize = 3;
/// Spellings of one multi-word name tried at most (joins × splits of up to four words).
pub const MAX_NAME_SPELLINGS: usize = 32;
/// Spellings of one phrase counted for the spellings line at most: the given words and the
/// other terms one position at a time (a first word has up to 35 proclitic forms, each other
/// word a handful of sound-class spellings).
pub const MAX_PHRASE_FORMS: usize = 64;

/// One multi-word spelling found in the index: the exact terms at each position.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Terms per position (the first with its proclitic forms).
    pub parts: Vec<Vec<String>>,
    /// Passages that hold the phrase.
    pub passages: u64,
    /// The spellings the phrase matched, for the spellings line: the words as given, then
    /// each other term at one position (a clitic or sound-class spelling of that word) with
    /// the given words elsewhere, with their passages; those the index holds, the given words
    /// first, then the most common. Counted for the spellings of a name
    /// ([`Names::name_spellings`]); empty for a phrase found otherwise.
    pub forms: Vec<PhraseForm>,
}

/// One spelling a phrase matched ([`Phrase::forms`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseForm {
    /// Its words, joined by a space.
    pub form: String,
    /// The position whose word differs from the given one (None: the words as given).
    pub changed: Option<usize>,
    /// The differing word is the given first word with proclitics (وحزب الله).
    pub clitic: bool,
    /// Passages that hold it.
    pub passages: u64,
}

/// One spelling of a multi-word name: its words, how it differs from the typed one, and the
/// phrase (None when it is one word).
#[derive(Debug, Clone)]
pub struct NameSpelling {
    /// The words of this spelling.
    pub words: Vec<String>,
    /// Typed, Joined or Split.
    pub kind: Kind,
    /// The phrase in the index (two words or more).
    pub phrase: Option<Phrase>,
}

impl Phrase {
    /// Leaves out the listed forms the user dropped (`!"بسيدي بوزيد"`): the word that makes
    /// each one differ from the given words is taken out of its position. False when a
    /// position is left with no word (the phrase can no longer match).
    pub fn drop_forms(&mut self, drops: &std::collections::HashSet<String>) -> bool {
        for f in self.forms.iter().filter(|f| drops.contains(&f.form)) {
            if let Some((i, word)) = f.changed.and_then(|i| f.form.split(' ').nth(i).map(|w| (i, w))) {
                if let Some(part) = self.parts.get_mut(i) {
                    part.retain(|t| t != word);
                }
            }
        }
        self.forms.retain(|f| !drops.contains(&f.form));
        self.parts.iter().all(|p| !p.is_empty())
    }

    /// The spellings line entries of this phrase, found as a spelling of `kind`: the words as
    /// given keep `kind`; a first word with proclitics is a clitic form of a typed name; any
    /// other changed word is a variant. One entry for the whole phrase when no form was
    /// counted on its own.
    pub fn spellings(&self, form: &str, kind: Kind) -> Vec<Spelling> {
        if self.forms.is_empty() {
            return vec![Spelling { form: form.to_string(), kind, passages: self.passages }];
        }
        let mut out: Vec<Spelling> = self
            .forms
            .iter()
            .map(|f| {
                let kind = match (f.changed, f.clitic) {
                    (None, _) => kind,
                    (Some(_), true) if kind == Kind::Typed => Kind::Clitic,
                    (Some(_), true) => kind,
                    (Some(_), false) => Kind::Variant,
                };
                Spelling { form: f.form.clone(), kind, passages: f.passages }
            })
            .collect();
        // As a word's spellings: by kind, then the most common first (the sort is stable:
        // the given words stay first among their kind).
        out.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.passages.cmp(&a.passages)));
        out
    }

    /// The query that finds this phrase on the body's (or title's) exact field.
    pub fn query(&self, fields: &crate::schema::Fields, title: bool) -> Box<dyn Query> {
        phrase_query(fields, &self.parts, title)
    }
}

/// The phrase query over `parts` (the exact terms at each position) on the body's (or
/// title's) exact field.
fn phrase_query(fields: &crate::schema::Fields, parts: &[Vec<String>], title: bool) -> Box<dyn Query> {
    let field = if title { fields.title_forms[0] } else { fields.body[0] };
    let mut terms = Vec::with_capacity(parts.len());
    for (i, p) in parts.iter().enumerate() {
        let pattern = alternation(p);
        match super::compiled(&pattern) {
            Some(re) => terms.push((i, pattern, re)),
            None => return Box::new(tantivy::query::EmptyQuery),
        }
    }
    if terms.len() < 2 {
        return Box::new(tantivy::query::EmptyQuery);
    }
    Box::new(RegexPhraseQuery::from_regexes(field, terms, 0))
}

fn alternation(terms: &[String]) -> String {
    terms.iter().map(|t| regex_syntax_escape(t)).collect::<Vec<_>>().join("|")
}

fn regex_syntax_escape(t: &str) -> String {
    t.chars().map(|c| if c.is_alphanumeric() { c.to_string() } else { format!("\\{c}") }).collect()
}

/// Every sequence of words obtained from `words` by joining neighbours (a bit per gap of
/// `joins`) — the typed sequence first.
fn joined(words: &[String], joins: u32) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        match out.last_mut() {
            Some(last) if i > 0 && joins >> (i - 1) & 1 == 1 => last.push_str(w),
            _ => out.push(w.clone()),
        }
    }
    out
}

impl Names<'_> {
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

    fn phrase_query(&self, parts: &[Vec<String>], title: bool) -> Box<dyn Query> {
        phrase_query(self.corpus.fields, parts, title)
    }

    fn count(&self, q: &dyn Query) -> u64 {
        self.corpus.searcher.search(q, &Count).unwrap_or(0) as u64
    }

    /// The words as a phrase in this index, if it holds them side by side.
    pub fn phrase(&self, words: &[String]) -> Option<Phrase> {
        let key = format!("p|{}", words.join(" "));
        memo::get_or(self.corpus.searcher, &key, || self.phrase_uncached(words))
    }

    fn phrase_uncached(&self, words: &[String]) -> Option<Phrase> {
        if words.len() < 2 {
            return None;
        }
        let parts = self.parts(words)?;
        let passages = self.count(&*self.phrase_query(&parts, false));
        if passages == 0 {
            return None;
        }
        Some(Phrase { parts, passages, forms: Vec::new() })
    }

    /// [`Phrase::forms`]: at most [`MAX_PHRASE_FORMS`] spellings are counted. Forms that
    /// differ at two positions at once are matched but not listed one by one.
    fn phrase_forms(&self, words: &[String], parts: &[Vec<String>]) -> Vec<PhraseForm> {
        let field = self.corpus.fields.body[0];
        let exact = |ws: &[String]| -> u64 {
            let terms: Vec<Term> = ws.iter().map(|w| Term::from_field_text(field, w)).collect();
            if terms.iter().any(|t| super::evidence::alive_df(self.corpus.searcher, t) == 0) {
                return 0;
            }
            self.count(&PhraseQuery::new(terms))
        };
        let given = std::iter::once((None, words.to_vec()));
        let one_off = parts.iter().enumerate().flat_map(|(i, terms)| {
            terms.iter().filter(move |t| **t != words[i]).map(move |t| {
                let mut ws = words.to_vec();
                ws[i] = t.clone();
                (Some(i), ws)
            })
        });
        let mut forms = given
            .chain(one_off)
            .take(MAX_PHRASE_FORMS)
            .filter_map(|(changed, ws)| {
                let passages = exact(&ws);
                let clitic =
                    changed == Some(0) && spelling::parses(&ws[0]).any(|p| !p.prefix.is_empty() && p.rest == words[0]);
                (passages > 0).then(|| PhraseForm { form: ws.join(" "), changed, clitic, passages })
            })
            .collect::<Vec<_>>();
        forms.sort_by(|a, b| {
            a.changed.is_some().cmp(&b.changed.is_some()).then(b.passages.cmp(&a.passages)).then(a.form.cmp(&b.form))
        });
        forms
    }

    /// Passages with the exact words side by side, in order, and with all of them anywhere
    /// (both zero when the index lacks one of the words).
    fn plain_counts(&self, words: &[&str]) -> (u64, u64) {
        let f = self.corpus.fields.body[0];
        let terms: Vec<Term> = words.iter().map(|w| Term::from_field_text(f, w)).collect();
        if terms.iter().any(|t| super::evidence::alive_df(self.corpus.searcher, t) == 0) {
            return (0, 0);
        }
        let side_by_side = self.count(&PhraseQuery::new(terms.to_vec()));
        let all = BooleanQuery::new(
            terms
                .iter()
                .map(|t| (Occur::Must, Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)) as Box<dyn Query>))
                .collect(),
        );
        (side_by_side, self.count(&all))
    }

    /// Whether neighbouring query words (two or more) stand together as one name in this
    /// index: side by side, in the typed order, in at least [`TOGETHER_SHARE`] of the passages
    /// that hold them all. The words as typed decide when the index holds each of them; else
    /// their spellings do.
    pub fn together(&self, words: &[String]) -> bool {
        let key = format!("t|{}", words.join("|"));
        memo::get_or(self.corpus.searcher, &key, || self.together_uncached(words))
    }

    fn together_uncached(&self, words: &[String]) -> bool {
        if words.len() < 2 {
            return false;
        }
        let plain: Vec<&str> = words.iter().map(String::as_str).collect();
        let (side_by_side, all) = self.plain_counts(&plain);
        if all > 0 {
            return side_by_side as f64 >= TOGETHER_SHARE * all as f64;
        }
        let Some(phrase) = self.phrase(words) else { return false };
        let all = BooleanQuery::new(
            phrase.parts.iter().map(|p| (Occur::Must, any_of(self.corpus.fields.body[0], p))).collect::<Vec<_>>(),
        );
        let all = self.count(&all).max(1);
        phrase.passages as f64 >= TOGETHER_SHARE * all as f64
    }

    /// The split spellings of `word` that the index holds side by side (ابو ظبي for ابوظبي),
    /// each with the evidence that accepts it; splits with a short part need `word`'s context.
    pub fn splits(&self, word: &str) -> Vec<(String, Phrase)> {
        let key = format!("s|{word}");
        memo::get_or(self.corpus.searcher, &key, || self.splits_uncached(word))
    }

    fn splits_uncached(&self, word: &str) -> Vec<(String, Phrase)> {
        let found: Vec<(String, Phrase, bool)> = spelling::splits(word)
            .filter(|(l, r)| self.plain_counts(&[l, r]).0 > 0)
            .filter_map(|(l, r)| {
                let safe = l.chars().count().min(r.chars().count()) >= MIN_SAFE_PART_CHARS;
                let words = [l.to_string(), r.to_string()];
                self.phrase(&words).map(|p| (format!("{l} {r}"), p, safe))
            })
            .collect();
        if found.iter().all(|(_, _, safe)| *safe) {
            return found.into_iter().map(|(f, p, _)| (f, p)).collect();
        }
        let ctx = self.corpus.context(&[word.to_string()]);
        found
            .into_iter()
            .filter(|(_, p, safe)| {
                *safe
                    || ctx.as_ref().is_some_and(|ctx| {
                        let q = self.phrase_query(&p.parts, false);
                        self.corpus.judge_query(ctx, &*q, 0.0).confirmed()
                    })
            })
            .map(|(f, p, _)| (f, p))
            .collect()
    }

    /// Every spelling of the multi-word name `words` that the index holds: the typed one, and
    /// those with neighbouring parts joined or one part split.
    pub fn name_spellings(&self, words: &[String]) -> Vec<NameSpelling> {
        let key = format!("n|{}", words.join(" "));
        memo::get_or(self.corpus.searcher, &key, || self.name_spellings_uncached(words))
    }

    fn name_spellings_uncached(&self, words: &[String]) -> Vec<NameSpelling> {
        let mut out: Vec<NameSpelling> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let gaps = words.len().saturating_sub(1).min(3) as u32;
        for joins in 0..(1u32 << gaps) {
            let seq = joined(words, joins);
            // Each word as it stands, or split in two where the index holds the split.
            let mut seqs: Vec<(Vec<String>, bool)> = vec![(Vec::new(), false)];
            for w in &seq {
                let mut next = Vec::new();
                for (s, split) in &seqs {
                    let mut plain = s.clone();
                    plain.push(w.clone());
                    next.push((plain, *split));
                    for (form, _) in self.splits(w) {
                        let mut parts = s.clone();
                        parts.extend(form.split(' ').map(str::to_string));
                        next.push((parts, true));
                    }
                }
                next.truncate(MAX_NAME_SPELLINGS);
                seqs = next;
            }
            for (s, split) in seqs {
                if !seen.insert(s.join(" ")) {
                    continue;
                }
                let kind = match (joins, split) {
                    (0, false) => Kind::Typed,
                    (_, true) => Kind::Split,
                    _ => Kind::Joined,
                };
                if s.len() == 1 {
                    out.push(NameSpelling { words: s, kind, phrase: None });
                } else if let Some(mut p) = self.phrase(&s) {
                    p.forms = self.phrase_forms(&s, &p.parts);
                    out.push(NameSpelling { words: s, kind, phrase: Some(p) });
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::joined;

    #[test]
    fn joins_follow_the_gap_bits() {
        let w: Vec<String> = ["عبد", "ربه", "منصور"].iter().map(|s| s.to_string()).collect();
        assert_eq!(joined(&w, 0), w);
        assert_eq!(joined(&w, 0b01), vec!["عبدربه".to_string(), "منصور".into()]);
        assert_eq!(joined(&w, 0b10), vec!["عبد".to_string(), "ربهمنصور".into()]);
        assert_eq!(joined(&w, 0b11), vec!["عبدربهمنصور".to_string()]);
    }
}
