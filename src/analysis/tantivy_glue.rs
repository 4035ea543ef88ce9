//! Thin tantivy glue: the analyzer as a tantivy [`Tokenizer`] for one of the three forms.
//!
//! Index time feeds tantivy pre-tokenized text (one analysis pass fills the three fields);
//! these tokenizers are registered on every opened index so that tantivy's own machinery
//! (and anyone opening the index with tantivy) analyzes text exactly the same way.

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

/// Tokens computed up front and replayed.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for FormTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        let form = self.form;
        self.analyzer
            .for_each_token(text, |t| tokens.push(form.token(t)));
        VecTokenStream { tokens, next: 0 }
    }
}
