//! The word lists the analyzer consults: stopwords and the protected lexicon, both data
//! files in this folder, folded once with the analyzer's own normalizer.

use rustc_hash::FxHashSet as HashSet;
use std::path::Path;

use anyhow::{Context, Result};

use super::normalize::{fold_alef_maqsura, normalize_into};

/// Lucene's Arabic stopword list (see the file's header for its origin).
pub const STOPWORDS_AR: &str = include_str!("stopwords_ar.txt");
/// The built-in protected lexicon.
pub const PROTECTED_AR: &str = include_str!("protected_ar.txt");

fn entries(data: &str) -> impl Iterator<Item = &str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Words that fold onto a stopword but are not one: the name علي folds like the preposition
/// على. Their stopword spelling keeps its alef maqsura in the index.
pub const NOT_STOPWORDS: [&str; 1] = ["\u{0639}\u{0644}\u{064A}"];

/// The stopword sets.
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    /// Entries in the analyzer's pre-maqsura form (على).
    soft: HashSet<String>,
    /// Entries fully folded (في for فى too), less [`NOT_STOPWORDS`].
    folded: HashSet<String>,
    /// Both sets together: a word with no alef maqsura is its own folded form, and one
    /// lookup here answers for it.
    either: HashSet<String>,
    /// The longest entry in bytes: a longer word (most content words) is looked up nowhere.
    longest: usize,
}

impl Stopwords {
    /// Lucene's list, folded both ways.
    pub fn load() -> Stopwords {
        let soft: HashSet<String> = entries(STOPWORDS_AR)
            .map(|w| {
                let mut s = String::new();
                normalize_into(w, &mut s);
                s
            })
            .collect();
        let folded: HashSet<String> =
            soft.iter().map(|w| fold(w)).filter(|w| !NOT_STOPWORDS.contains(&w.as_str())).collect();
        let either: HashSet<String> = soft.union(&folded).cloned().collect();
        let longest = either.iter().map(String::len).max().unwrap_or(0);
        Stopwords { soft, folded, either, longest }
    }

    /// Whether a word is a stopword, given its pre-maqsura form and its folded form: على and
    /// فى (a common spelling of في) are, the name علي is not.
    pub fn contains(&self, soft: &str, folded: &str) -> bool {
        // Folding keeps the length (ى and ي are two bytes each).
        if soft.len() > self.longest {
            return false;
        }
        if soft == folded {
            return self.either.contains(soft);
        }
        self.soft.contains(soft) || self.folded.contains(folded)
    }

    /// The form a stopword is indexed under: the folded one, except where folding would make
    /// it meet a non-stopword (على stays على).
    pub fn keeps_maqsura(folded: &str) -> bool {
        NOT_STOPWORDS.contains(&folded)
    }
}

fn fold(w: &str) -> String {
    let mut s = String::new();
    normalize_into(w, &mut s);
    fold_alef_maqsura(&mut s);
    s
}

/// The built-in protected lexicon, fully folded.
pub fn builtin_protected() -> HashSet<String> {
    entries(PROTECTED_AR).map(fold).collect()
}

/// The words of user protected-word files (`--protect FILE`), folded, sorted, deduplicated.
pub fn protected_words(files: &[impl AsRef<Path>]) -> Result<Vec<String>> {
    let mut words = Vec::new();
    for path in files {
        let path = path.as_ref();
        let data = std::fs::read_to_string(path)
            .with_context(|| format!("reading the protected-word file {}", path.display()))?;
        words.extend(entries(&data).map(fold));
    }
    words.sort();
    words.dedup();
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lucene_list_is_complete_and_folded() {
        assert_eq!(entries(STOPWORDS_AR).count(), 119);
        let s = Stopwords::load();
        for w in ["على", "الى", "الذي", "وفي", "ومن", "في", "فى"] {
            assert!(s.contains(w, &fold(w)), "{w} is a stopword");
        }
        assert!(!s.contains("علي", "علي"), "the name Ali is not a stopword");
    }

    #[test]
    fn one_lookup_answers_as_two() {
        let s = Stopwords::load();
        let mut words: Vec<String> = s.soft.iter().chain(s.folded.iter()).cloned().collect();
        words.extend(["علي", "مالي", "فاغنر", "والى", "والي", "حتي", "حتى", "x"].map(String::from));
        for w in &words {
            let f = fold(w);
            assert_eq!(s.contains(w, &f), s.soft.contains(w.as_str()) || s.folded.contains(&f), "{w}");
        }
    }

    #[test]
    fn protected_entries_are_folded() {
        let p = builtin_protected();
        assert!(p.contains("مالي") && p.contains("سودان") && p.contains("وزاره"));
        assert!(!p.contains("مال"));
    }
}
