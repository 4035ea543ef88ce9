//! Word boundaries: splits text into word spans (byte ranges into the original text).
//!
//! Unicode word boundaries (UAX #29, via unicode-segmentation) keep Arabic letters with their
//! combining marks, tatweel and joiners; bahth then splits the segments UAX #29 glues
//! (`3.5`, `can't`, `a_b`) at their inner punctuation and trims invisible format characters
//! from the edges, so a span always starts and ends on a visible letter or mark of the word.
//! URLs are reduced to their host name: their paths and query strings are not words.

use unicode_segmentation::UnicodeSegmentation;

use super::normalize::{is_arabic_mark, is_ignorable};

/// Letters and digits, with a fast path for ASCII and the Arabic block (the Unicode table
/// lookup of `char::is_alphanumeric` is slow for non-ASCII text).
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{0660}'..='\u{0669}') || c.is_alphanumeric()
}

/// True for characters that belong inside a word.
fn is_word_char(c: char) -> bool {
    is_letter_or_digit(c) || is_arabic_mark(c) || is_ignorable(c) || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Byte ranges of URL paths (everything after the host), which are not indexed.
fn url_paths(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if !(text.contains("://") || text.contains("www.")) {
        return out;
    }
    let mut from = 0;
    while let Some(found) = find_url_start(&text[from..]) {
        let start = from + found;
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '«' | '»' | '"' | '<' | '>' | '،'))
            .map_or(text.len(), |e| start + e);
        let host_start = text[start..end]
            .find("://")
            .map_or(start, |i| start + i + 3);
        let host_end = text[host_start..end]
            .find(['/', '?', '#'])
            .map_or(end, |i| host_start + i);
        if start < host_start {
            out.push((start, host_start));
        }
        if host_end < end {
            out.push((host_end, end));
        }
        from = end.max(start + 1);
        while from < text.len() && !text.is_char_boundary(from) {
            from += 1;
        }
        if from >= text.len() {
            break;
        }
    }
    out
}

fn find_url_start(s: &str) -> Option<usize> {
    let a = s.find("http://");
    let b = s.find("https://");
    let c = s.find("www.");
    [a, b, c].into_iter().flatten().min()
}

/// Calls `f(start, end)` for every word of `text`, in order.
pub fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    let skips = url_paths(text);
    let mut skip_i = 0;
    for (seg_start, seg) in text.split_word_bound_indices() {
        if !seg.chars().any(is_letter_or_digit) {
            continue;
        }
        while skip_i < skips.len() && skips[skip_i].1 <= seg_start {
            skip_i += 1;
        }
        if skip_i < skips.len() && skips[skip_i].0 <= seg_start && seg_start < skips[skip_i].1 {
            continue;
        }
        split_segment(seg, seg_start, &mut f);
    }
}

/// Splits one UAX #29 segment at inner punctuation and trims invisible edges.
fn split_segment(seg: &str, base: usize, f: &mut impl FnMut(usize, usize)) {
    let mut piece_start: Option<usize> = None;
    for (i, c) in seg.char_indices() {
        if is_word_char(c) {
            piece_start.get_or_insert(i);
        } else if let Some(s) = piece_start.take() {
            emit_trimmed(seg, s, i, base, f);
        }
    }
    if let Some(s) = piece_start {
        emit_trimmed(seg, s, seg.len(), base, f);
    }
}

fn emit_trimmed(seg: &str, s: usize, e: usize, base: usize, f: &mut impl FnMut(usize, usize)) {
    let piece = &seg[s..e];
    let lead = piece.len() - piece.trim_start_matches(is_ignorable).len();
    let trimmed = piece.trim_matches(is_ignorable);
    if trimmed.chars().any(is_letter_or_digit) {
        let start = base + s + lead;
        f(start, start + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |s, e| out.push(&text[s..e]));
        out
    }

    #[test]
    fn one_rule_per_row() {
        let rows: [(&str, &str, &[&str]); 10] = [
            (
                "arabic punctuation",
                "باماكو، مالي؛ لماذا؟",
                &["باماكو", "مالي", "لماذا"],
            ),
            (
                "guillemets and quotes",
                "«فاغنر» “جويتا”",
                &["فاغنر", "جويتا"],
            ),
            ("hyphen splits latin", "CSP-PSD", &["CSP", "PSD"]),
            ("colon splits time", "05:30", &["05", "30"]),
            (
                "slash and brackets",
                "مالي/النيجر (بوركينا)",
                &["مالي", "النيجر", "بوركينا"],
            ),
            ("marks stay inside", "شخصاً قُتل", &["شخصاً", "قُتل"]),
            ("tatweel stays inside", "باماكـــو", &["باماكـــو"]),
            (
                "bidi marks trimmed",
                "\u{200F}باماكو\u{200F} x",
                &["باماكو", "x"],
            ),
            (
                "url keeps host only",
                "انظر https://www.example.com/a/b?c=1 هنا",
                &["انظر", "www", "example", "com", "هنا"],
            ),
            ("empty", "", &[]),
        ];
        for (rule, text, want) in rows {
            assert_eq!(words(text), want.to_vec(), "rule {rule}");
        }
    }
}
