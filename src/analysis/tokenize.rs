//! Word boundaries: splits text into word spans (byte ranges into the original text).
//!
//! Unicode word boundaries (UAX #29, via unicode-segmentation) keep Arabic letters with their
//! combining marks, tatweel and joiners; bahth then splits the segments UAX #29 glues
//! (`3.5`, `can't`, `a_b`) at their inner punctuation and trims invisible format characters
//! from the edges, so a span always starts and ends on a visible letter or mark of the word.
//! URLs are reduced to their host name: their paths and query strings are not words.

use unicode_segmentation::UnicodeSegmentation;

use super::normalize::{is_arabic_mark, is_ignorable, PairSet};

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
        let host_start = text[start..end].find("://").map_or(start, |i| start + i + 3);
        let host_end = text[host_start..end].find(['/', '?', '#']).map_or(end, |i| host_start + i);
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
///
/// Fast path: text is first cut at ASCII white space (UAX #29 always breaks there); a chunk
/// made only of Arabic letters, harakat and ASCII letters/digits, starting with a letter or
/// digit, is one UAX #29 word, once quotes, brackets and sentence punctuation are off its
/// edges, so the (slow) word-break table lookups run only on the other chunks. A property test checks the result equals plain UAX #29 segmentation.
pub fn for_each_word(text: &str, f: impl FnMut(usize, usize)) {
    let mut sink = Segments::new(text, f);
    for (start, chunk) in chunks(text) {
        if let Some((lead, word)) = simple_word(chunk) {
            sink.simple(start + lead, word.len());
        } else {
            for (o, seg) in chunk.split_word_bound_indices() {
                sink.segment(start + o, seg);
            }
        }
    }
}

/// The chunks of `text` between ASCII white space, each with its byte offset: what
/// `str::split_ascii_whitespace` gives, with the end of a chunk found eight bytes at a time
/// (every ASCII white-space byte is below 0x21, and a word rarely holds such a byte).
pub(crate) fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        i = chunk_end(bytes, i);
        Some((start, &text[start..i]))
    })
}

/// The index of the first ASCII white-space byte at or after `i`, or the length.
fn chunk_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    loop {
        // Eight bytes at a time while none is below 0x21 (the test has no false negatives).
        while let Some(eight) = bytes.get(i..i + 8) {
            let x =
                u64::from_le_bytes([eight[0], eight[1], eight[2], eight[3], eight[4], eight[5], eight[6], eight[7]]);
            if x.wrapping_sub(ONES * 0x21) & !x & HIGH != 0 {
                break;
            }
            i += 8;
        }
        // Then byte by byte over the next eight (or the rest).
        let stop = (i + 8).min(bytes.len());
        while i < stop {
            if bytes[i].is_ascii_whitespace() {
                return i;
            }
            i += 1;
        }
        if i >= bytes.len() {
            return bytes.len();
        }
    }
}

/// Receives UAX #29 segments in order: drops those without a letter or digit and those inside
/// a URL path, splits and trims the rest into words for `f`.
struct Segments<F> {
    skips: Vec<(usize, usize)>,
    skip_i: usize,
    f: F,
}

impl<F: FnMut(usize, usize)> Segments<F> {
    fn new(text: &str, f: F) -> Self {
        Segments { skips: url_paths(text), skip_i: 0, f }
    }

    /// A segment known to be one word with no invisible characters (see [`is_simple_word`]):
    /// passed on whole unless it lies inside a URL path.
    fn simple(&mut self, start: usize, len: usize) {
        if !self.in_skip(start) {
            (self.f)(start, start + len);
        }
    }

    /// Whether `start` lies inside a URL path (moves the cursor over the ranges before it).
    fn in_skip(&mut self, start: usize) -> bool {
        let skips = &self.skips;
        while self.skip_i < skips.len() && skips[self.skip_i].1 <= start {
            self.skip_i += 1;
        }
        self.skip_i < skips.len() && skips[self.skip_i].0 <= start && start < skips[self.skip_i].1
    }

    fn segment(&mut self, seg_start: usize, seg: &str) {
        if !seg.chars().any(is_letter_or_digit) {
            return;
        }
        if self.in_skip(seg_start) {
            return;
        }
        split_segment(seg, seg_start, &mut self.f);
    }
}

/// Punctuation that opens a chunk and that UAX #29 always breaks after (quotes, brackets and
/// the hashtag sign, of no word-break class of their own).
fn is_opening_punctuation(c: char) -> bool {
    matches!(c, '«' | '(' | '"' | '“' | '[' | '#')
}

/// Punctuation that closes a chunk: UAX #29 breaks before it when no letter or digit follows
/// (the commas and full stops join only between two letters or two digits; % never joins).
fn is_closing_punctuation(c: char) -> bool {
    matches!(c, '،' | '.' | ':' | '؛' | '؟' | '!' | '»' | ')' | '"' | '”' | ']' | ',' | '?' | ';' | '%')
}

/// The chunk without the quotes, brackets and sentence punctuation at its edges, and the
/// byte offset where what is left starts. The punctuation is a segment of its own under
/// UAX #29 and carries no letter, so it would be dropped anyway.
fn strip_edge_punctuation(chunk: &str) -> (usize, &str) {
    let inner = chunk.trim_start_matches(is_opening_punctuation);
    let lead = chunk.len() - inner.len();
    (lead, inner.trim_end_matches(is_closing_punctuation))
}

/// The word a chunk between white space is, with its offset in the chunk, when quotes,
/// brackets and sentence punctuation off its edges leave one simple word (see
/// [`is_simple_word`]); `None` when the chunk needs UAX #29 segmentation. A URL never is one.
pub(crate) fn simple_word(chunk: &str) -> Option<(usize, &str)> {
    let (lead, word) = strip_edge_punctuation(chunk);
    is_simple_word(word).then_some((lead, word))
}

/// The Arabic letters U+0621–U+063A and U+0641–U+064A (no tatweel).
const SIMPLE_LETTERS: PairSet = PairSet { d8: 0, d9: 0 }.range('\u{0621}', '\u{063A}').range('\u{0641}', '\u{064A}');
/// Those letters and the harakat U+064B–U+0652.
const SIMPLE_LETTERS_AND_HARAKAT: PairSet = SIMPLE_LETTERS.range('\u{064B}', '\u{0652}');

/// True when UAX #29 would keep the whole chunk as one word: Arabic letters (no tatweel),
/// harakat and ASCII letters/digits only, beginning with a letter or digit. Read byte by
/// byte: the Arabic letters are U+0621–U+063A (D8 A1–D8 BA in UTF-8) and U+0641–U+064A
/// (D9 81–D9 8A), the harakat U+064B–U+0652 (D9 8B–D9 92).
fn is_simple_word(chunk: &str) -> bool {
    let b = chunk.as_bytes();
    // The common case, all Arabic: a letter first, then letters and harakat.
    if b.len() >= 2
        && SIMPLE_LETTERS.holds_all(&b[..2])
        && (b.len() == 2 || SIMPLE_LETTERS_AND_HARAKAT.holds_all(&b[2..]))
    {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let ok = match c {
            0xD8 => (0xA1..=0xBA).contains(&next),
            // A haraka may not open the word.
            0xD9 => (0x81..=0x8A).contains(&next) || (i > 0 && (0x8B..=0x92).contains(&next)),
            _ => false,
        };
        if !ok {
            return false;
        }
        i += 2;
    }
    !b.is_empty()
}

/// Plain UAX #29 segmentation, the reference the fast path is tested against.
#[cfg(test)]
fn for_each_word_reference(text: &str, f: impl FnMut(usize, usize)) {
    let mut sink = Segments::new(text, f);
    for (seg_start, seg) in text.split_word_bound_indices() {
        sink.segment(seg_start, seg);
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
    use proptest::prelude::*;

    fn spans(text: &str, fast: bool) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        if fast {
            for_each_word(text, |s, e| out.push((s, e)));
        } else {
            for_each_word_reference(text, |s, e| out.push((s, e)));
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn chunks_are_the_split_at_ascii_white_space(
            parts in proptest::collection::vec("([ \t\n\r\x0B\x0C\x01\x1F!\u{A0}]{1,3}|[a-z\u{0621}-\u{064A}]{1,12}|«[\u{0621}-\u{064A}]{1,20}»)", 0..60),
        ) {
            let text: String = parts.concat();
            let want: Vec<(usize, &str)> = text
                .split_ascii_whitespace()
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .collect();
            prop_assert_eq!(chunks(&text).collect::<Vec<_>>(), want);
        }

        #[test]
        fn fast_path_equals_uax29(text in "([\u{0621}-\u{0655}\u{0670}\u{0640}\u{200C}\u{200F}a-zA-Z0-9 \n\t\r.,:;،؛؟!?«»()\"“”\\[\\]'’\u{00A0}#%_@-]{0,12}){0,8}") {
            prop_assert_eq!(spans(&text, true), spans(&text, false));
        }
    }

    #[test]
    fn fast_path_equals_uax29_on_the_seeds() {
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(spans(&text, true), spans(&text, false));
        }
    }

    fn words(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word(text, |s, e| out.push(&text[s..e]));
        out
    }

    #[test]
    fn one_rule_per_row() {
        let rows: [(&str, &str, &[&str]); 10] = [
            ("arabic punctuation", "باماكو، مالي؛ لماذا؟", &["باماكو", "مالي", "لماذا"]),
            ("guillemets and quotes", "«فاغنر» “جويتا”", &["فاغنر", "جويتا"]),
            ("hyphen splits latin", "CSP-PSD", &["CSP", "PSD"]),
            ("colon splits time", "05:30", &["05", "30"]),
            ("slash and brackets", "مالي/النيجر (بوركينا)", &["مالي", "النيجر", "بوركينا"]),
            ("marks stay inside", "شخصاً قُتل", &["شخصاً", "قُتل"]),
            ("tatweel stays inside", "باماكـــو", &["باماكـــو"]),
            ("bidi marks trimmed", "\u{200F}باماكو\u{200F} x", &["باماكو", "x"]),
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
