//! Thin tantivy glue: the analyzer as a tantivy [`Tokenizer`] for one of the three forms.
//!
//! The indexer hands tantivy the passage text once per field (exact, stem); tantivy tokenizes
//! the fields of a document one after the other on the same indexing thread, so a one-entry
//! per-thread cache of the last analysis makes the fields cost one analysis pass, run on
//! tantivy's indexing threads. (Pre-tokenized values were tried first: tantivy serializes
//! them to JSON inside the document, which cost more than the analysis.)
//!
//! New indexes have no variant field. An index built before that still names the variant
//! tokenizer in its schema, so it stays registered; nothing is written to that field now, and
//! should it be asked for, it analyzes on its own, outside the cache.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::{AnalyzedToken, Analyzer};

/// Which form of a token a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The normalized surface form.
    Exact,
    /// The stem.
    Stem,
    /// The name-variant key.
    Variant,
}

impl Form {
    /// The tokenizer name registered with tantivy.
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            Form::Exact => "bahth_exact",
            Form::Stem => "bahth_stem",
            Form::Variant => "bahth_variant",
        }
    }

    /// The text of `tok` for this form.
    pub fn pick(self, tok: &AnalyzedToken) -> &str {
        match self {
            Form::Exact => &tok.normalized,
            Form::Stem => &tok.stem,
            Form::Variant => &tok.variant,
        }
    }

    /// Whether this form's field holds `tok`. Stopwords live only in the exact field (phrases
    /// need them there); a variant key equal to the stem is not repeated in the variant field
    /// (the stem field already holds it).
    pub fn indexes(self, tok: &AnalyzedToken) -> bool {
        match self {
            Form::Exact => true,
            Form::Stem => !tok.stopword,
            Form::Variant => !tok.stopword && tok.variant != tok.stem,
        }
    }

    /// The tantivy token for `tok` in this form.
    pub fn token(self, tok: &AnalyzedToken) -> Token {
        Token {
            offset_from: tok.start,
            offset_to: tok.end,
            position: tok.position,
            text: self.pick(tok).to_string(),
            position_length: 1,
        }
    }
}

/// The analyzer seen through one form.
#[derive(Clone)]
pub struct FormTokenizer {
    /// The chain.
    pub analyzer: Analyzer,
    /// The form emitted.
    pub form: Form,
}

/// One token of the cached analysis: offsets, position and its indexed forms as ranges into
/// the per-form text arenas (no allocation per token).
#[derive(Clone, Copy)]
struct Slot {
    start: usize,
    end: usize,
    position: usize,
    forms: [(u32, u32); 2],
    indexed: [bool; 2],
}

/// The last text analyzed on this thread.
#[derive(Default)]
struct LastAnalysis {
    analyzer: Option<usize>,
    text: String,
    arenas: [String; 2],
    slots: Vec<Slot>,
}

thread_local! {
    static LAST: RefCell<LastAnalysis> = RefCell::new(LastAnalysis::default());
}

const CACHED_FORMS: [Form; 2] = [Form::Exact, Form::Stem];

fn slot(form: Form) -> usize {
    match form {
        Form::Exact => 0,
        Form::Stem | Form::Variant => 1,
    }
}

impl LastAnalysis {
    fn fill(&mut self, analyzer: &Analyzer, text: &str) {
        self.analyzer = Some(analyzer.id());
        self.text.clear();
        self.text.push_str(text);
        self.slots.clear();
        for a in &mut self.arenas {
            a.clear();
        }
        let (arenas, slots) = (&mut self.arenas, &mut self.slots);
        analyzer.for_each_indexed_token(text, |t| {
            let mut forms = [(0, 0); 2];
            let mut indexed = [false; 2];
            for f in CACHED_FORMS {
                let arena = &mut arenas[slot(f)];
                let from = arena.len() as u32;
                arena.push_str(f.pick(t));
                forms[slot(f)] = (from, arena.len() as u32);
                indexed[slot(f)] = f.indexes(t);
            }
            slots.push(Slot { start: t.start, end: t.end, position: t.position, forms, indexed });
        });
    }
}

impl Tokenizer for FormTokenizer {
    type TokenStream<'a> = CachedTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CachedTokenStream {
        if self.form == Form::Variant {
            let mut own = Vec::new();
            self.analyzer.for_each_token(text, |t| {
                if Form::Variant.indexes(t) {
                    own.push(Form::Variant.token(t));
                }
            });
            own.reverse();
            return CachedTokenStream { form: 0, next: 0, token: Token::default(), own: Some(own) };
        }
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if last.analyzer != Some(self.analyzer.id()) || last.text != text {
                last.fill(&self.analyzer, text);
            }
        });
        CachedTokenStream { form: slot(self.form), next: 0, token: Token::default(), own: None }
    }
}

/// Replays this thread's cached analysis for one form, reusing one token buffer (or, for
/// the variant form, hands out tokens of its own analysis).
pub struct CachedTokenStream {
    form: usize,
    next: usize,
    token: Token,
    own: Option<Vec<Token>>,
}

impl TokenStream for CachedTokenStream {
    fn advance(&mut self) -> bool {
        if let Some(own) = self.own.as_mut() {
            return match own.pop() {
                Some(t) => {
                    self.token = t;
                    true
                }
                None => false,
            };
        }
        LAST.with(|last| {
            let last = last.borrow();
            while let Some(s) = last.slots.get(self.next) {
                self.next += 1;
                if !s.indexed[self.form] {
                    continue;
                }
                let (from, to) = s.forms[self.form];
                self.token.text.clear();
                self.token.text.push_str(&last.arenas[self.form][from as usize..to as usize]);
                self.token.offset_from = s.start;
                self.token.offset_to = s.end;
                self.token.position = s.position;
                return true;
            }
            false
        })
    }
    fn token(&self) -> &Token {
        &self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
