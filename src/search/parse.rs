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
//! | `!spelling` | leave this spelling (with its clitics) out of the words' expansions |

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
    /// `!spelling`: spellings left out of the expansions, as typed.
    pub drops: Vec<String>,
}

const OPEN_QUOTES: [(char, char); 3] = [('"', '"'), ('«', '»'), ('“', '”')];

/// Parses a query, or says what is wrong with it.
pub fn parse(query: &str) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let mut pending_or = false;
    let chars: Vec<(usize, char)> = query.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let negated = c == '-';
        let mut j = if negated { i + 1 } else { i };
        if negated && (j >= chars.len() || chars[j].1.is_whitespace()) {
            return Err(format!("a lone `-` at character {}: write -word to exclude a word", pos + 1));
        }
        let atom;
        if let Some(&(_, close)) = chars.get(j).and_then(|(_, q)| OPEN_QUOTES.iter().find(|(o, _)| o == q)) {
            let start = j + 1;
            let end = (start..chars.len()).find(|&k| chars[k].1 == close);
            let Some(end) = end else {
                return Err(format!(
                    "the quote opened at character {} is never closed: add a closing {close}",
                    chars[j].0 + 1
                ));
            };
            let text: String = chars[start..end].iter().map(|(_, c)| c).collect();
            atom = Atom::Phrase(text);
            j = end + 1;
        } else {
            let start = j;
            while j < chars.len() && !chars[j].1.is_whitespace() {
                j += 1;
            }
            let word: String = chars[start..j].iter().map(|(_, c)| c).collect();
            if word == "OR" && !negated {
                if out.clauses.is_empty() || pending_or {
                    return Err("OR must stand between two words or phrases".into());
                }
                pending_or = true;
                i = j;
                continue;
            }
            if let Some(spelling) = word.strip_prefix('!').filter(|_| !negated) {
                if !spelling.chars().any(char::is_alphanumeric) {
                    // An exclamation mark with no word after it is punctuation, as at the end
                    // of a pasted headline (`… "الخوف"!`): it leaves nothing out.
                    i = j;
                    continue;
                }
                out.drops.push(spelling.to_string());
                i = j;
                continue;
            }
            if let Some(name) = word.strip_prefix("source:") {
                if name.is_empty() {
                    return Err("source: needs an outlet name, e.g. source:الجزيرة".into());
                }
                out.sources.push(name.to_string());
                i = j;
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
                return Err(format!("empty word at character {}", pos + 1));
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
    if pending_or {
        return Err("OR at the end of the query: put a word or phrase after it".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(t: &str) -> Atom {
        Atom::Word { text: t.into(), fuzzy: false, title: false }
    }

    #[test]
    fn one_rule_per_row() {
        let p = parse("فاغنر جويتا").unwrap();
        assert_eq!(p.clauses.len(), 2, "bare words");
        let p = parse("\"نصرة الإسلام\" «في باماكو»").unwrap();
        assert_eq!(p.clauses[0].alternatives, vec![Atom::Phrase("نصرة الإسلام".into())], "phrase");
        assert_eq!(p.clauses[1].alternatives, vec![Atom::Phrase("في باماكو".into())], "guillemet phrase");
        let p = parse("مالي -النيجر").unwrap();
        assert!(p.clauses[1].negated, "exclude");
        let p = parse("جويتا OR غويتا باماكو").unwrap();
        assert_eq!(p.clauses.len(), 2, "OR joins alternatives");
        assert_eq!(p.clauses[0].alternatives, vec![word("جويتا"), word("غويتا")]);
        let p = parse("source:الجزيرة title:فاغنر هجوم~").unwrap();
        assert_eq!(p.sources, vec!["الجزيرة".to_string()], "source filter");
        assert_eq!(p.clauses[0].alternatives, vec![Atom::Word { text: "فاغنر".into(), fuzzy: false, title: true }]);
        assert_eq!(p.clauses[1].alternatives, vec![Atom::Word { text: "هجوم".into(), fuzzy: true, title: false }]);
        let p = parse("ترامب !ترمب").unwrap();
        assert_eq!((p.clauses.len(), p.drops.clone()), (1, vec!["ترمب".to_string()]), "drop a spelling");
        for bad in ["\"unclosed", "a -", "-", "OR a", "a OR", "a OR OR b", "source:", "title:"] {
            assert!(parse(bad).is_err(), "{bad:?} is malformed");
        }
        for (headline, words) in [("عاجل !", 1), ("بسبب \"الخوف\"!", 2), ("لماذا؟! !!", 1)] {
            let p = parse(headline).unwrap_or_else(|e| panic!("{headline:?}: {e}"));
            assert_eq!((p.clauses.len(), p.drops.len()), (words, 0), "{headline:?}: a trailing ! is punctuation");
        }
        assert_eq!(parse("").unwrap(), Parsed::default(), "empty parses to nothing");
    }
}
