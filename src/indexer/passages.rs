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

fn split_long(text: &str, s: usize, e: usize, max_words: usize, out: &mut Vec<(usize, usize)>) {
    let para = &text[s..e];
    if para.split_whitespace().count() <= max_words {
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
