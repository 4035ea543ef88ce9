//! The analysis chain: text in, tokens out, each with its byte range in the original text and
//! its three forms: exact and stem (indexed) and the variant key (computed for queries).
//!
//! The pipeline order is written here once, in [`Analyzer::for_each_token`]:
//!
//! 1. **words** ([`tokenize`]): UAX #29 word spans of the *original* text. Offsets are taken
//!    here and never change afterwards, so highlights land on the word as the user sees it.
//! 2. **normalize** ([`normalize`]): marks, letter forms, digits, presentation forms,
//!    invisible characters, Latin case and accents. Alef maqsura is kept for step 4.
//! 3. **length limit**: words over [`MAX_TOKEN_CHARS`] *characters* are dropped (a byte limit
//!    would drop long vocalized words such as وَالْإِسْرَائِيلِيِّينَ).
//! 4. **stopwords** ([`lexicon`]): checked on the form before ى is folded and on the folded
//!    form, so على and فى are stopwords and the name علي is not. Stopwords keep their position
//!    (phrases need them) and are not stemmed.
//! 5. **fold ى → ي**: every word but على, which keeps ى so it never meets the name علي.
//! 6. **stem** ([`stem`], or Snowball): needs the folded form (suffix rules are written for ه
//!    and ي) and the tanween flag from step 2.
//! 7. **variant key** ([`variants`]): computed from the stem, so clitics and suffixes are off.

pub mod letters;
pub mod lexicon;
pub mod normalize;
pub mod stem;
pub mod tantivy_glue;
pub mod tokenize;
pub mod variants;

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;
use serde::{Deserialize, Serialize};

/// The analyzer's name, recorded in every index.
pub const ANALYZER_NAME: &str = "bahth-arabic";
/// Bumped whenever a change to the chain changes indexed terms; an index built with another
/// version must be rebuilt.
pub const ANALYZER_VERSION: u32 = 5;
/// Longest token kept, in characters of the normalized form.
pub const MAX_TOKEN_CHARS: usize = 40;

static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Which stemmer fills the stem field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StemmerKind {
    /// bahth's light stemmer (Lucene light10 with a minimum stem length and protected words).
    Light,
    /// The Snowball Arabic stemmer from rust-stemmers.
    Snowball,
    /// No stemming: the stem field holds the normalized form.
    None,
}

impl StemmerKind {
    /// The name written into the index and shown by `stats`.
    pub fn name(self) -> &'static str {
        match self {
            StemmerKind::Light => "light",
            StemmerKind::Snowball => "snowball",
            StemmerKind::None => "none",
        }
    }
}

/// One analyzed word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// Word position (stopwords count).
    pub position: usize,
    /// The normalized surface form (exact field).
    pub normalized: String,
    /// The stem (stem field).
    pub stem: String,
    /// The name-variant key (queries reach stems that share it; empty from
    /// [`Analyzer::for_each_indexed_token`]).
    pub variant: String,
    /// Whether the word is a stopword.
    pub stopword: bool,
}

/// Steps 1–3 of the pipeline: calls `f(start, end, info, normalized)` for every word of
/// `text` whose normalized form is not empty and not over [`MAX_TOKEN_CHARS`] characters.
fn words(text: &str, mut f: impl FnMut(usize, usize, normalize::NormInfo, &mut String)) {
    let mut buf = String::new();
    tokenize::for_each_word(text, |start, end| {
        buf.clear();
        let info = normalize::normalize_into(&text[start..end], &mut buf);
        if kept(&buf) {
            f(start, end, info, &mut buf);
        }
    });
}

/// Step 3: whether a normalized word is kept (not empty, not over [`MAX_TOKEN_CHARS`]
/// characters; bytes are counted first, characters only when the bytes are over).
fn kept(normalized: &str) -> bool {
    !normalized.is_empty() && (normalized.len() <= MAX_TOKEN_CHARS || normalized.chars().count() <= MAX_TOKEN_CHARS)
}

/// The configured analysis chain. Cheap to clone (shared word lists).
#[derive(Clone)]
pub struct Analyzer {
    stemmer: StemmerKind,
    stopwords: Arc<lexicon::Stopwords>,
    protected: Arc<HashSet<String>>,
    extra_protected: Arc<Vec<String>>,
    /// Tells configurations apart (clones share it): keys the tokenizer cache.
    id: usize,
    snowball: Arc<rust_stemmers::Stemmer>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").field("stemmer", &self.stemmer).finish()
    }
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer::with_words(StemmerKind::Light, Vec::new())
    }
}

impl Analyzer {
    /// An analyzer with the given stemmer and extra protected-word files.
    pub fn new(stemmer: StemmerKind, protect: &[impl AsRef<Path>]) -> Result<Analyzer> {
        Ok(Analyzer::with_words(stemmer, lexicon::protected_words(protect)?))
    }

    /// An analyzer with the given stemmer and extra protected words (already folded), as
    /// recorded in an index.
    pub fn with_words(stemmer: StemmerKind, extra_protected: Vec<String>) -> Analyzer {
        let mut protected = lexicon::builtin_protected();
        protected.extend(extra_protected.iter().cloned());
        Analyzer {
            stemmer,
            stopwords: Arc::new(lexicon::Stopwords::load()),
            protected: Arc::new(protected),
            extra_protected: Arc::new(extra_protected),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            snowball: Arc::new(rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic)),
        }
    }

    /// An id shared by clones of this analyzer and by no other configuration.
    pub fn id(&self) -> usize {
        self.id
    }

    /// The user's protected words (from `--protect` files), recorded in the index so that
    /// searches analyze queries the same way.
    pub fn extra_protected(&self) -> &[String] {
        &self.extra_protected
    }

    /// The stemmer in use.
    pub fn stemmer(&self) -> StemmerKind {
        self.stemmer
    }

    /// Analyzes `text` into a vector of tokens.
    pub fn analyze(&self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        self.for_each_token(text, |t| out.push(t.clone()));
        out
    }

    /// Runs the pipeline over `text`, calling `f` for each token. The one place the order of
    /// the steps is written.
    pub fn for_each_token(&self, text: &str, f: impl FnMut(&AnalyzedToken)) {
        self.pipeline(text, true, f)
    }

    /// The pipeline without step 7: tokens with an empty `variant`, for the indexer (the index
    /// holds no variant keys; queries compute theirs).
    pub fn for_each_indexed_token(&self, text: &str, f: impl FnMut(&AnalyzedToken)) {
        self.pipeline(text, false, f)
    }

    fn pipeline(&self, text: &str, with_variant: bool, mut f: impl FnMut(&AnalyzedToken)) {
        let mut tok = AnalyzedToken {
            start: 0,
            end: 0,
            position: 0,
            normalized: String::new(),
            stem: String::new(),
            variant: String::new(),
            stopword: false,
        };
        let mut position = 0;
        words(text, |start, end, info, normalized| {
            // The buffer moves into the token and back: no copy per word.
            tok.normalized = std::mem::take(normalized);
            let folded = normalize::has_alef_maqsura(&tok.normalized)
                .then(|| tok.normalized.replace(normalize::ALEF_MAQSURA, "\u{064A}"));
            let folded_ref = folded.as_deref().unwrap_or(&tok.normalized);
            tok.stopword = info.arabic && self.stopwords.contains(&tok.normalized, folded_ref);
            if let Some(f) = folded {
                if !(tok.stopword && lexicon::Stopwords::keeps_maqsura(&f)) {
                    tok.normalized = f;
                }
            }
            tok.stem.clear();
            tok.variant.clear();
            if tok.stopword || !info.arabic {
                tok.stem.push_str(&tok.normalized);
                if with_variant {
                    tok.variant.push_str(&tok.normalized);
                }
            } else {
                self.stem_into(&tok.normalized, info.tanween_fath, &mut tok.stem);
                if with_variant {
                    tok.variant.push_str(&variants::variant_key(stem::without_nisba(&tok.stem)));
                }
            }
            tok.start = start;
            tok.end = end;
            tok.position = position;
            position += 1;
            f(&tok);
            *normalized = std::mem::take(&mut tok.normalized);
        });
    }

    /// Steps 1–3 of the pipeline only (words, normalize, length limit): each kept word's
    /// normalized form, before stopwords and ى folding. The story sketch reads text this way
    /// ([`crate::stories::sketch`]): copies are told by their words, not their stems.
    pub fn for_each_normalized(&self, text: &str, mut f: impl FnMut(&str)) {
        words(text, |_, _, _, normalized| f(normalized));
    }

    /// [`Analyzer::for_each_normalized`] until `f` returns false: the story sketch wants the
    /// first words of an article and nothing after them. The text is read one chunk between
    /// ASCII white space at a time (step 1 never joins two such chunks, and a URL never spans
    /// one), so the rest of a long text is never touched. A chunk of letters that fold to
    /// themselves (most words of running text) is its own word and normalized form, passed
    /// on with no copy; a chunk that is one simple word once quotes and brackets are off its
    /// edges (as step 1 reads it) is normalized directly. Any other chunk goes through steps
    /// 1–3.
    pub fn normalized_words_while(&self, text: &str, mut f: impl FnMut(&str) -> bool) {
        let mut buf = String::new();
        for (_, chunk) in tokenize::chunks(text) {
            // Self-folding letters are two bytes each, and a word of them is a simple word.
            if chunk.len() <= 2 * MAX_TOKEN_CHARS && normalize::folds_to_itself(chunk.as_bytes()) {
                if !f(chunk) {
                    return;
                }
                continue;
            }
            // A chunk that step 1 reads as one simple word.
            let go = if let Some((_, word)) = tokenize::simple_word(chunk) {
                buf.clear();
                normalize::normalize_into(word, &mut buf);
                !kept(&buf) || f(&buf)
            } else {
                let mut go = true;
                words(chunk, |_, _, _, normalized| {
                    if go {
                        go = f(normalized);
                    }
                });
                go
            };
            if !go {
                return;
            }
        }
    }

    fn stem_into(&self, word: &str, tanween_fath: bool, out: &mut String) {
        match self.stemmer {
            StemmerKind::Light => out.push_str(stem::light_stem(word, tanween_fath, &self.protected)),
            StemmerKind::None => out.push_str(word),
            StemmerKind::Snowball => {
                if self.protected.contains(stem::strip_article(word, &self.protected)) {
                    out.push_str(stem::strip_article(word, &self.protected));
                } else {
                    out.push_str(&self.snowball.stem(word));
                }
            }
        }
    }

    /// Analyzes a single query word: the forms of its first token, if any.
    pub fn analyze_word(&self, word: &str) -> Option<AnalyzedToken> {
        let mut first = None;
        self.for_each_token(word, |t| {
            if first.is_none() {
                first = Some(t.clone());
            }
        });
        first
    }

    /// The light stem of an already-normalized word (used by query-side clitic expansion).
    pub fn stem_normalized(&self, word: &str) -> String {
        let mut out = String::new();
        self.stem_into(word, false, &mut out);
        out
    }
}
