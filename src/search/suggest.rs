//! "Did you mean": when a query finds nothing or almost nothing, the words it typed that the
//! index does not hold are replaced by the closest words it does hold (one edit, two for long
//! words, the commonest first), and the corrected query is offered with the articles it finds
//! (فاغنز → فاغنر). Only words of the query as typed are replaced; operators stay.

use anyhow::Result;
use serde::Serialize;
use tantivy::Searcher;

use super::parse::{Atom, Parsed};
use super::Request;
use crate::store::Store;

/// A query finds "almost nothing" below this many articles: a name search with one or two
/// hits is worth a second look, and a correction that finds more is worth offering.
pub const FEW_ARTICLES: usize = 3;

/// Longest edit distance of a correction: one edit, two for words of eight letters or more (as
/// the query language's `word~`).
fn max_edits(word: &str) -> usize {
    if word.chars().count() >= 8 {
        2
    } else {
        1
    }
}

/// A corrected query and the articles it finds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Suggestion {
    /// The query with its unknown words replaced.
    pub query: String,
    /// Articles it finds (with the request's filters).
    pub articles: u64,
}

/// A Levenshtein DFA as an automaton over the term dictionary (as tantivy's fuzzy query
/// wraps it).
struct Dfa(levenshtein_automata::DFA);

impl tantivy_fst::Automaton for Dfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), levenshtein_automata::Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The closest indexed word to `normalized` (the commonest at the smallest distance), if the
/// word itself is not indexed and a close one is. A walk of every segment's dictionary, so the
/// answer is remembered per index state (it depends on nothing else).
fn closest(store: &Store, searcher: &Searcher, normalized: &str) -> Option<String> {
    crate::names::memo::get_or(searcher, &format!("closest|{normalized}"), || walk(store, searcher, normalized))
}

fn walk(store: &Store, searcher: &Searcher, normalized: &str) -> Option<String> {
    let field = store.fields.body[0];
    if searcher.doc_freq(&tantivy::Term::from_field_text(field, normalized)).unwrap_or(0) > 0 {
        return None;
    }
    let limit = max_edits(normalized);
    let builder = levenshtein_automata::LevenshteinAutomatonBuilder::new(limit as u8, true);
    let mut found: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for seg in searcher.segment_readers() {
        let Ok(inv) = seg.inverted_index(field) else { continue };
        let Ok(mut stream) = inv.terms().search(Dfa(builder.build_dfa(normalized))).into_stream() else { continue };
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else { continue };
            *found.entry(term.to_string()).or_insert(0) += u64::from(stream.value().doc_freq);
        }
    }
    found
        .into_iter()
        .map(|(t, df)| (strsim::damerau_levenshtein(&t, normalized), std::cmp::Reverse(df), t))
        .min()
        .map(|(_, _, t)| t)
}

/// Suggestions for a request that found `found` articles (none when it found enough).
pub fn suggest(
    store: &Store,
    searcher: &Searcher,
    req: &Request,
    parsed: &Parsed,
    found: usize,
) -> Result<Vec<Suggestion>> {
    if found >= FEW_ARTICLES {
        return Ok(Vec::new());
    }
    let mut corrected = req.query.clone();
    let mut changed = false;
    for clause in parsed.clauses.iter().filter(|c| !c.negated) {
        for atom in &clause.alternatives {
            let Atom::Word { text, fuzzy: false, .. } = atom else { continue };
            let Some(tok) = store.analyzer.analyze_word(text) else { continue };
            if tok.stopword {
                continue;
            }
            if let Some(better) = closest(store, searcher, &tok.normalized) {
                corrected = corrected.replacen(text.as_str(), &better, 1);
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(Vec::new());
    }
    let mut check = req.clone();
    check.query = corrected.clone();
    let counted = super::count_request(store, searcher, &check, &[], super::count::Unit::Articles)?;
    let articles = counted.counts.total;
    Ok(if articles as usize > found { vec![Suggestion { query: corrected, articles }] } else { Vec::new() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_words_allow_two_edits() {
        assert_eq!(super::max_edits("فاغنز"), 1);
        assert_eq!(super::max_edits("والمسلمينن"), 2);
    }
}
