//! The one entry point search calls: [`Names::ask`]. A query word, a run of query words or a
//! multi-word name goes in; what the index holds for it comes out (forms, splits, joined and
//! split spellings, each with its evidence), already narrowed to the reporter's choices (as
//! typed, variants off, spellings left out). The query builder only turns answers into
//! tantivy queries.

use std::collections::HashSet;

use super::compound::Phrase;
use super::expand::{Kind, Names, WordExpansion};
use crate::analysis::AnalyzedToken;

/// The reporter's choices that narrow every answer.
#[derive(Debug, Clone, Copy)]
pub struct Choices<'q> {
    /// Spellings left out (`!spelling`), normalized.
    pub drops: &'q HashSet<String>,
    /// Sound-class variants allowed (`--no-variants` switches them off).
    pub variants: bool,
    /// Only the typed forms and their clitics (`--as-typed`).
    pub as_typed: bool,
}

/// A question about the query.
#[derive(Debug, Clone, Copy)]
pub enum Ask<'q> {
    /// One query word.
    Word(&'q AnalyzedToken),
    /// Consecutive query words (None: a word that cannot be part of a name): which runs of
    /// them stand together as one name.
    Runs(&'q [Option<String>]),
    /// The words of a multi-word name.
    Name(&'q [String]),
}

/// One spelling of a multi-word name, ready to search.
#[derive(Debug, Clone)]
pub enum NameForm {
    /// Two words or more: a phrase the index holds.
    Phrase { form: String, kind: Kind, phrase: Phrase },
    /// One word (parts joined): that word's own expansion.
    Word { kind: Kind, expansion: WordExpansion },
}

/// The answer to an [`Ask`], of the same kind.
#[derive(Debug, Clone)]
pub enum Answer {
    /// A word's forms, and the split spellings of a name (none for a common word or as typed).
    Word { expansion: WordExpansion, splits: Vec<(String, Phrase)> },
    /// Runs of words that are one name: (first word, number of words), two words or more.
    Runs(Vec<(usize, usize)>),
    /// Every spelling of the name the index holds, typed one first.
    Name(Vec<NameForm>),
}

impl Names<'_> {
    /// Answers one question about the query (see the module doc).
    pub fn ask(&self, ask: Ask<'_>, choices: &Choices<'_>) -> Answer {
        match ask {
            Ask::Word(t) => {
                let expansion = self.narrowed(t, choices);
                let splits = if expansion.common || choices.as_typed {
                    Vec::new()
                } else {
                    self.splits(&t.normalized).into_iter().filter(|(f, _)| !choices.drops.contains(f)).collect()
                };
                Answer::Word { expansion, splits }
            }
            Ask::Runs(words) => Answer::Runs(self.runs(words)),
            Ask::Name(words) => Answer::Name(self.name_forms(words, choices)),
        }
    }

    /// A word's expansion under the choices.
    fn narrowed(&self, t: &AnalyzedToken, choices: &Choices<'_>) -> WordExpansion {
        let mut e = self.word(t, choices.drops, choices.variants && !choices.as_typed);
        if choices.as_typed {
            e.own.retain(|form| e.spellings.iter().any(|s| &s.form == form && s.kind <= Kind::Clitic));
            e.spellings.retain(|s| s.kind <= Kind::Clitic);
        }
        e
    }

    /// Runs of neighbouring words that stand together in the index as one name, left to
    /// right, each the longest from its first word (up to the end of the words that can be
    /// part of a name): the whole run is judged, not its pairs one by one.
    fn runs(&self, words: &[Option<String>]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let end = (i..words.len()).take_while(|&k| words[k].is_some()).last().map_or(i, |k| k + 1);
            let span: Vec<String> = words[i..end].iter().flatten().cloned().collect();
            let found = (2..=span.len()).rev().find(|&n| self.together(&span[..n]));
            match found {
                Some(n) => {
                    runs.push((i, n));
                    i += n;
                }
                None => i += 1,
            }
        }
        runs
    }

    /// The name's spellings under the choices; a one-word spelling that is common vocabulary
    /// is left out.
    fn name_forms(&self, words: &[String], choices: &Choices<'_>) -> Vec<NameForm> {
        let mut out = Vec::new();
        for spelling in self.name_spellings(words) {
            let form = spelling.words.join(" ");
            if (choices.as_typed && spelling.kind != Kind::Typed) || choices.drops.contains(&form) {
                continue;
            }
            if let Some(mut phrase) = spelling.phrase {
                if phrase.drop_forms(choices.drops) {
                    out.push(NameForm::Phrase { form, kind: spelling.kind, phrase });
                }
            } else if let Some(tok) = self.corpus.analyzer.analyze_word(&form) {
                let expansion = self.narrowed(&tok, choices);
                if !expansion.common {
                    out.push(NameForm::Word { kind: spelling.kind, expansion });
                }
            }
        }
        out
    }
}
