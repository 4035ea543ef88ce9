//! Splitting an article into passages: pure functions over byte ranges of the article text.
//!
//! A passage is a paragraph (lines separated by blank lines or single newlines). A line that
//! breaks mid-sentence (it ends on a digit or a stopword-like particle, or the next line opens
//! with punctuation) is joined with the next, as in seed 004 ("… 14" / "جنديًا …"). A paragraph
//! longer than `max_words` is split at sentence ends (. ؟ ! ؛ ? …).

/// Particles that cannot end an Arabic sentence: a line ending on one continues on the next.
const DANGLING: [&str; 14] = ["في", "من", "على", "إلى", "الى", "عن", "مع", "أن", "ان", "إن", "و", "أو", "بين", "حتى"];

/// Characters that end a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '؟' | '?' | '!' | '؛' | '…' | '۔')
}

/// True when `line` (trimmed) breaks off mid-sentence and `next` continues it.
fn continues(line: &str, next: &str) -> bool {
    let Some(last) = line.chars().last() else {
        return false;
    };
    if is_sentence_end(last) || matches!(last, ':' | '»' | '"' | '”' | ')') {
        return false;
    }
    let last_word = line.rsplit(char::is_whitespace).next().unwrap_or("");
    last.is_ascii_digit()
        || ('\u{0660}'..='\u{0669}').contains(&last)
        || DANGLING.contains(&last_word)
        || last == '،'
        || next.starts_with(['،', ',', '.', ')'])
}

/// Paragraph byte ranges of `text`, trimmed, with mid-sentence line breaks joined.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if !trimmed.is_empty() {
            lines.push((pos + lead, pos + lead + trimmed.len()));
        } else {
            lines.push((pos, pos));
        }
        pos += line.len();
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (s, e) in lines {
        if s == e {
            if let Some(p) = open.take() {
                out.push(p);
            }
            continue;
        }
        match open {
            Some((ps, pe)) if continues(&text[ps..pe], &text[s..e]) => open = Some((ps, e)),
            Some(p) => {
                out.push(p);
                open = Some((s, e));
            }
            None => open = Some((s, e)),
        }
    }
    out.extend(open);
    out
}

/// Passage byte ranges: paragraphs, long ones cut at sentence ends to about `max_words`
/// words (0: the whole text is one passage).
pub fn passages(text: &str, max_words: usize) -> Vec<(usize, usize)> {
    if max_words == 0 {
        let t = text.trim();
        if t.is_empty() {
            return Vec::new();
        }
        let lead = text.len() - text.trim_start().len();
        return vec![(lead, lead + t.len())];
    }
    let mut out = Vec::new();
    for (s, e) in paragraphs(text) {
        split_long(text, s, e, max_words, &mut out);
    }
    out
}

/// Whether `text` has more than `n` words (runs of non-white-space, as `split_whitespace`
/// reads them), read character by character from the lead bytes: only a lead byte that can
/// open a white-space character (C2, E1, E2, E3 in UTF-8) is decoded, so Arabic letters are
/// never decoded, and each is one step, not two.
fn has_more_words(text: &str, n: usize) -> bool {
    let b = text.as_bytes();
    // More than n words take at least n + 1 bytes and n separators.
    if b.len() <= 2 * n {
        return false;
    }
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < b.len() {
        let c = b[i];
        let (space, len) = if c < 0x80 {
            (c.is_ascii_whitespace() || c == 0x0B, 1)
        } else if matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            let ch = text[i..].chars().next().unwrap_or('\0');
            (ch.is_whitespace(), ch.len_utf8())
        } else {
            // A lead byte of a character that is no white space (i is always on one).
            (false, utf8_len(c))
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > n {
                return true;
            }
        }
        i += len;
    }
    false
}

/// The length of the UTF-8 sequence a lead byte opens (1 for anything else, which a
/// `&str` never holds at a character boundary).
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xFF => 4,
        _ => 1,
    }
}

fn split_long(text: &str, s: usize, e: usize, max_words: usize, out: &mut Vec<(usize, usize)>) {
    let para = &text[s..e];
    if !has_more_words(para, max_words) {
        out.push((s, e));
        return;
    }
    // Sentence ends: just past a sentence-ending character followed by white space.
    let mut cut_start = s;
    let mut words = 0;
    let mut prev_end_char = false;
    let mut in_word = false;
    for (i, c) in para.char_indices() {
        if c.is_whitespace() {
            if in_word {
                words += 1;
            }
            in_word = false;
            // Cut at a sentence end once half a passage is full, or anywhere at twice the size.
            if (prev_end_char && words >= max_words / 2) || words >= max_words * 2 {
                out.push((cut_start, s + i));
                cut_start = s + i + c.len_utf8();
                words = 0;
            }
        } else {
            in_word = true;
        }
        prev_end_char = is_sentence_end(c);
    }
    let rest = text[cut_start..e].trim();
    if !rest.is_empty() {
        let lead = text[cut_start..e].len() - text[cut_start..e].trim_start().len();
        out.push((cut_start + lead, cut_start + lead + rest.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, max: usize) -> Vec<&str> {
        passages(text, max).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn the_word_count_reads_white_space_as_split_whitespace_does() {
        let spaces = [
            ' ', '\t', '\n', '\u{0B}', '\u{0C}', '\r', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}', '\u{200A}',
            '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}',
        ];
        let others = [
            'ب', 'a', '\u{1C}', '\u{1F}', '\u{200B}', '\u{E1}', '\u{2010}', '\u{3001}', '\u{180E}', '\u{FEFF}', '.',
            '😀', 'ک',
        ];
        for &sp in &spaces {
            for &o in &others {
                for text in [format!("{o}{sp}{o}"), format!("{sp}{o}{o}{sp}"), format!("{o}{sp}{sp}{o}{sp}{o}")] {
                    let count = text.split_whitespace().count();
                    for n in 0..4 {
                        assert_eq!(has_more_words(&text, n), count > n, "{text:?} {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn one_rule_per_row() {
        assert_eq!(texts("أ ب.\n\nج د.", 120), vec!["أ ب.", "ج د."], "blank line");
        assert_eq!(texts("أ ب.\nج د.", 120), vec!["أ ب.", "ج د."], "single newline");
        assert_eq!(
            texts("فقد ما لا يقل عن 14\nجنديًا ماليًا.", 120),
            vec!["فقد ما لا يقل عن 14\nجنديًا ماليًا."],
            "digit at line end joins"
        );
        assert_eq!(texts("ذهب إلى\nباماكو.", 120), vec!["ذهب إلى\nباماكو."], "dangling particle joins");
        assert_eq!(
            texts("عنوان بلا نقطة\nنص المقال.", 120),
            vec!["عنوان بلا نقطة", "نص المقال."],
            "headline stays apart"
        );
        assert_eq!(texts("  \n\n", 120), Vec::<&str>::new(), "empty");
        assert_eq!(texts("  أ ب  \n ج ", 0), vec!["أ ب  \n ج"], "whole article");
        let long = "كلمة ".repeat(70) + "نهاية. " + &"كلمة ".repeat(70) + "نهاية.";
        let parts = texts(&long, 120);
        assert_eq!(parts.len(), 2, "long paragraph cut at the sentence end");
        assert!(parts[0].ends_with("نهاية."));
        let run_on = "كلمة ".repeat(500);
        assert!(texts(&run_on, 120).len() >= 2, "a paragraph without sentence ends is still cut");
    }
}
