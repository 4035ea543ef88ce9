//! Snippets: the ~200-character window of a passage with the most query matches, with the
//! matched words' char offsets inside it. Works on the original text: the passage is
//! analyzed again and each token's byte range points at the word as written.

use serde::Serialize;

use super::query::MatchSet;
use crate::analysis::Analyzer;

/// Target snippet length in characters.
pub const SNIPPET_CHARS: usize = 200;
/// Context kept before the first match, in characters.
const LEAD_CHARS: usize = 40;

/// A snippet and its highlights.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Snippet {
    /// Original text of the window (with "…" where cut).
    pub text: String,
    /// `[start, end)` char offsets of matched words inside `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// True when the edit distance between `a` and `b` is at most `d`.
pub fn within_distance(a: &str, b: &str, d: u8) -> bool {
    a.chars().count().abs_diff(b.chars().count()) <= d as usize && strsim::levenshtein(a, b) <= d as usize
}

/// Byte ranges of the words of `text` that match.
pub fn matched_ranges(analyzer: &Analyzer, text: &str, m: &MatchSet) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    analyzer.for_each_token(text, |t| {
        if m.matches(t) {
            out.push((t.start, t.end, t.normalized.clone()));
        }
    });
    out
}

fn char_pos(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Builds the snippet of `text` for the match set.
pub fn snippet(analyzer: &Analyzer, text: &str, m: &MatchSet) -> Snippet {
    let hits = matched_ranges(analyzer, text, m);
    let total_chars = text.chars().count();
    // Best window: the one starting at a match that covers the most distinct matched words.
    let mut best = (0usize, 0usize, 0usize); // (score, first hit index, last hit index)
    for i in 0..hits.len() {
        let start_c = char_pos(text, hits[i].0);
        let mut distinct: Vec<&str> = Vec::new();
        let mut last = i;
        for (j, h) in hits.iter().enumerate().skip(i) {
            if char_pos(text, h.1) > start_c + SNIPPET_CHARS - LEAD_CHARS.min(SNIPPET_CHARS / 4) {
                break;
            }
            if !distinct.contains(&h.2.as_str()) {
                distinct.push(&h.2);
            }
            last = j;
        }
        let score = distinct.len() * 100 + (last - i + 1);
        if score > best.0 {
            best = (score, i, last);
        }
    }
    let (win_start_c, win_end_c) = if hits.is_empty() {
        (0, SNIPPET_CHARS.min(total_chars))
    } else {
        let first_c = char_pos(text, hits[best.1].0);
        let s = first_c.saturating_sub(LEAD_CHARS);
        let e = (s + SNIPPET_CHARS).min(total_chars);
        (e.saturating_sub(SNIPPET_CHARS).min(s), e)
    };
    // Snap to white space so no word is cut.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |(b, _)| *b);
    let mut s = win_start_c;
    while s > 0 && s < chars.len() && !chars[s - 1].1.is_whitespace() {
        s -= 1;
        if win_start_c - s > 20 {
            break;
        }
    }
    let mut e = win_end_c;
    while e < chars.len() && !chars[e].1.is_whitespace() {
        e += 1;
        if e - win_end_c > 20 {
            break;
        }
    }
    let (sb, eb) = (byte_at(s), byte_at(e));
    let body = text[sb..eb].trim_end();
    let lead = if sb > 0 { "…" } else { "" };
    let trail = if sb + body.len() < text.trim_end().len() { "…" } else { "" };
    let shift = lead.chars().count();
    let highlights = hits
        .iter()
        .filter(|h| h.0 >= sb && h.1 <= sb + body.len())
        .map(|h| [shift + char_pos(&text[sb..], h.0 - sb), shift + char_pos(&text[sb..], h.1 - sb)])
        .collect();
    Snippet { text: format!("{lead}{body}{trail}"), highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_cover_the_diacritized_word() {
        let a = Analyzer::default();
        let mut m = MatchSet::default();
        m.stems.insert("شخص".into());
        let text = "قتل 21 شخصاً في الهجوم.";
        let s = snippet(&a, text, &m);
        assert_eq!(s.text, text);
        let [from, to] = s.highlights[0];
        let got: String = s.text.chars().skip(from).take(to - from).collect();
        assert_eq!(got, "شخصاً");
    }

    #[test]
    fn long_text_is_windowed_around_the_match() {
        let a = Analyzer::default();
        let mut m = MatchSet::default();
        m.exact.insert("فاغنر".into());
        let text = format!("{} فاغنر {}", "كلمة ".repeat(200), "نص ".repeat(200));
        let s = snippet(&a, &text, &m);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 45);
        let [from, to] = s.highlights[0];
        assert_eq!(s.text.chars().skip(from).take(to - from).collect::<String>(), "فاغنر");
    }

    #[test]
    fn no_match_gives_the_opening() {
        let s = snippet(&Analyzer::default(), "نص قصير", &MatchSet::default());
        assert_eq!(s.text, "نص قصير");
        assert!(s.highlights.is_empty());
        assert!(within_distance("فاغنر", "فاغنز", 1) && !within_distance("فاغنر", "باماكو", 2));
    }
}
