//! The user query language, parsed into a small AST (pure; no tantivy).
//!
//! | syntax | meaning |
//! |---|---|
//! | `word` | must match (all-words mode) or should match (`--any`) |
//! | `"a phrase"`, `«a phrase»`, `“a phrase”` | words in order, after analysis |
//! | `-word`, `-"phrase"` | must not match |
//! | `a OR b` | either alternative satisfies the clause |
//! | `source:NAME` | only this outlet (repeatable, OR'ed with each other and `--source`) |
//! | `title:WORD` | the word must be in the title |
//! | `word~` | typo-tolerant: edit distance 1 (2 for words of 8+ letters) |
//! | `!spelling`, `!"two words"` | leave this spelling (with its clitics) out of the words' expansions |
//!
//! Pasted text never fails to parse: a headline is not written in this language. What cannot
//! be read as an operator is read as punctuation and noted: a lone `-` or `!`, a quote never
//! closed, an `OR` with nothing on one side, `source:`, `title:` or `~` with no word.

/// One thing a clause can match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A bare word (may analyze to several tokens, then it is a phrase).
    Word {
        /// As typed.
        text: String,
        /// `word~`.
        fuzzy: bool,
        /// `title:word`.
        title: bool,
    },
    /// A quoted phrase.
    Phrase(String),
}

/// Alternatives joined by OR, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Any of these satisfies the clause.
    pub alternatives: Vec<Atom>,
    /// `-`: documents matching the clause are excluded.
    pub negated: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The clauses.
    pub clauses: Vec<Clause>,
    /// `source:` filters.
    pub sources: Vec<String>,
    /// `!spelling`: spellings left out of the expansions, as typed (a quoted one may have
    /// several words).
    pub drops: Vec<String>,
    /// What was read as punctuation rather than as an operator, in words.
    pub notes: Vec<String>,
}

const OPEN_QUOTES: [(char, char); 3] = [('"', '"'), ('«', '»'), ('“', '”')];

/// The closing quote of an opening one.
fn closing(c: char) -> Option<char> {
    OPEN_QUOTES.iter().find(|(o, _)| *o == c).map(|(_, close)| *close)
}

/// Parses a query. Never fails: see the module doc.
pub fn parse(query: &str) -> Parsed {
    let mut out = Parsed::default();
    let mut pending_or = false;
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    let at = |k: usize| chars.get(k).map_or(query.len(), |c| c.0) + 1;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-';
        let drop = c == '!';
        let mut j = if negated || drop { i + 1 } else { i };
        if (negated || drop) && (j >= chars.len() || chars[j].1.is_whitespace()) {
            out.notes.push(format!("a lone `{c}` at character {} was read as punctuation", at(i)));
            i = j;
            continue;
        }
        let atom;
        if let Some(close) = chars.get(j).and_then(|(_, q)| closing(*q)) {
            let start = j + 1;
            let Some(end) = (start..chars.len()).find(|&k| chars[k].1 == close) else {
                out.notes.push(format!("the quote at character {} is never closed: read as punctuation", at(j)));
                i = j + 1;
                continue;
            };
            let text: String = chars[start..end].iter().map(|(_, c)| c).collect();
            i = end + 1;
            if drop {
                out.drops.push(text);
                continue;
            }
            atom = Atom::Phrase(text);
            j = end + 1;
        } else {
            let start = j;
            while j < chars.len() && !chars[j].1.is_whitespace() {
                j += 1;
            }
            let word: String = chars[start..j].iter().map(|(_, c)| c).collect();
            i = j;
            if word == "OR" && !negated && !drop {
                let next_is_word = chars[j..].iter().any(|(_, c)| !c.is_whitespace());
                if out.clauses.is_empty() || pending_or || !next_is_word {
                    out.notes
                        .push(format!("`OR` at character {} has no word on one side: read as punctuation", at(start)));
                } else {
                    pending_or = true;
                }
                continue;
            }
            if drop {
                if word.chars().any(char::is_alphanumeric) {
                    out.drops.push(word);
                } else {
                    // An exclamation mark with no word after it is punctuation, as at the end
                    // of a pasted headline (`… "الخوف"!!`).
                    out.notes.push(format!("`!{word}` at character {} was read as punctuation", at(start - 1)));
                }
                continue;
            }
            if let Some(name) = word.strip_prefix("source:") {
                if name.is_empty() {
                    out.notes.push(format!("`source:` at character {} names no outlet: left out", at(start)));
                } else {
                    out.sources.push(name.to_string());
                }
                continue;
            }
            let (word, title) = match word.strip_prefix("title:") {
                Some(w) => (w.to_string(), true),
                None => (word, false),
            };
            let (word, fuzzy) = match word.strip_suffix('~') {
                Some(w) => (w.to_string(), true),
                None => (word, false),
            };
            if word.is_empty() {
                out.notes.push(format!("an operator with no word at character {} was left out", at(start)));
                continue;
            }
            atom = Atom::Word { text: word, fuzzy, title };
        }
        if pending_or && !negated {
            if let Some(last) = out.clauses.last_mut() {
                last.alternatives.push(atom);
            }
        } else {
            out.clauses.push(Clause { alternatives: vec![atom], negated });
        }
        pending_or = false;
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Atom {
        Atom::Word { text: t.into(), fuzzy: false, title: false }
    }

    #[test]
    fn one_rule_per_row() {
        let p = parse("فاغنر جويتا");
        assert_eq!(p.clauses.len(), 2, "bare words");
        let p = parse("\"نصرة الإسلام\" «في باماكو»");
        assert_eq!(p.clauses[0].alternatives, vec![Atom::Phrase("نصرة الإسلام".into())], "phrase");
        assert_eq!(p.clauses[1].alternatives, vec![Atom::Phrase("في باماكو".into())], "guillemet phrase");
        let p = parse("مالي -النيجر");
        assert!(p.clauses[1].negated, "exclude");
        let p = parse("جويتا OR غويتا باماكو");
        assert_eq!(p.clauses.len(), 2, "OR joins alternatives");
        assert_eq!(p.clauses[0].alternatives, vec![word("جويتا"), word("غويتا")]);
        let p = parse("source:الجزيرة title:فاغنر هجوم~");
        assert_eq!(p.sources, vec!["الجزيرة".to_string()], "source filter");
        assert_eq!(p.clauses[0].alternatives, vec![Atom::Word { text: "فاغنر".into(), fuzzy: false, title: true }]);
        assert_eq!(p.clauses[1].alternatives, vec![Atom::Word { text: "هجوم".into(), fuzzy: true, title: false }]);
        let p = parse("ترامب !ترمب");
        assert_eq!((p.clauses.len(), p.drops.clone()), (1, vec!["ترمب".to_string()]), "drop a spelling");
        let p = parse("حزب الله !\"حزب الله\" أبوظبي !«ابو ظبي»");
        assert_eq!(p.drops, vec!["حزب الله".to_string(), "ابو ظبي".to_string()], "a quoted spelling of two words");
        assert_eq!(p.clauses.len(), 3);
        // Pasted text: what is not an operator is punctuation, noted, never an error.
        for (pasted, words) in [
            ("\"unclosed", 1),
            ("a -", 1),
            ("-", 0),
            ("OR a", 1),
            ("a OR", 1),
            ("a OR OR b", 1),
            ("source:", 0),
            ("title:", 0),
            ("فاغنر - مالي", 2),
            ("«عاجل: هجوم في باماكو", 4),
        ] {
            let p = parse(pasted);
            assert_eq!(p.clauses.len(), words, "{pasted:?}: {p:?}");
            assert!(!p.notes.is_empty(), "{pasted:?} says what it read as punctuation");
            assert!(p.drops.is_empty() && p.sources.is_empty(), "{pasted:?}");
        }
        for (headline, words) in [("عاجل !", 1), ("بسبب \"الخوف\"!", 2), ("لماذا؟! !!", 1)] {
            let p = parse(headline);
            assert_eq!((p.clauses.len(), p.drops.len()), (words, 0), "{headline:?}: a trailing ! is punctuation");
        }
        assert_eq!(parse(""), Parsed::default(), "empty parses to nothing");
    }
}
