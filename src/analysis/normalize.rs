//! Character-level normalization of one word: the folded form that bahth indexes.
//!
//! Pure functions only. The rules follow Lucene's `ArabicNormalizer` and
//! `PersianNormalizer`, extended with the Unicode blocks that real scraped news text carries
//! (presentation forms from old PDFs, bidi controls, Extended Arabic-Indic digits):
//!
//! | input | output | source |
//! |---|---|---|
//! | harakat U+064B–U+065F, superscript alef U+0670, U+0610–U+061A, U+06D6–U+06ED, tatweel U+0640 | removed | Lucene ArabicNormalizer, Unicode Arabic block |
//! | أ إ آ ٱ ٲ ٳ, and ا + combining hamza/madda | ا | Lucene ArabicNormalizer |
//! | ؤ ئ, and و/ي + combining hamza | ء | bahth: مسؤول and مسئول meet |
//! | ى | kept here; folded to ي by [`fold_alef_maqsura`] after the stopword check | Lucene (fold), bahth (order) |
//! | ة | ه | Lucene ArabicNormalizer |
//! | ک ی ہ ە ۀ | ك ي ه ه ه | Lucene PersianNormalizer |
//! | ٠–٩, ۰–۹ | 0–9 | Unicode Nd |
//! | U+FB50–U+FDFF, U+FE70–U+FEFC | compatibility decomposition, then these rules | Unicode presentation forms |
//! | ZWSP/ZWNJ/ZWJ, LRM/RLM, ALM, U+202A–U+202E, U+2066–U+2069, BOM, soft hyphen | removed | Unicode Cf |
//! | Latin | lowercased, diacritics removed (Goïta → goita) | canonical decomposition |

use unicode_normalization::char::{decompose_canonical, decompose_compatible};

/// Alef maqsura, kept by [`normalize_into`] so that the stopword check can tell على from علي.
pub const ALEF_MAQSURA: char = '\u{0649}';
/// Tanween fath (fathatan): marks the accusative alef that light stemming strips.
pub const TANWEEN_FATH: char = '\u{064B}';
const HAMZA: char = '\u{0621}';
const ALEF: char = '\u{0627}';

/// What [`normalize_into`] learned about the word while folding it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NormInfo {
    /// The word carried tanween fath (شخصاً, جنديًا): its final alef is a case ending.
    pub tanween_fath: bool,
    /// The folded word holds at least one Arabic letter.
    pub arabic: bool,
}

/// True for characters that are dropped everywhere: invisible format controls.
pub fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' | '\u{00AD}' | '\u{2060}')
}

/// True for Arabic diacritics, Quranic annotation marks and tatweel: removed from words.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}' | '\u{08D3}'..='\u{08FF}')
}

/// True for the Arabic letters and digits bahth treats as Arabic script.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Normalizes one word, appending the folded form to `out` (alef maqsura is kept; see
/// [`fold_alef_maqsura`]). Returns what it saw on the way.
pub fn normalize_into(word: &str, out: &mut String) -> NormInfo {
    let mut info = NormInfo::default();
    // Most words of running Arabic text are letters that fold to themselves: copied whole.
    if folds_to_itself(word.as_bytes()) {
        out.push_str(word);
        info.arabic = true;
        return info;
    }
    // The next most are ASCII and two-byte Arabic letters and marks, folded pair by pair.
    let mark = out.len();
    if let Some(info) = fold_bytes(word, out) {
        return info;
    }
    out.truncate(mark);
    normalize_chars(word, out, info)
}

/// What [`fold_bytes`] does with one two-byte character of U+0600–U+067F.
#[derive(Clone, Copy)]
enum Pair {
    /// An Arabic letter written as it is.
    Keep,
    /// An Arabic letter written as another.
    To(char),
    /// A mark or tatweel, removed.
    Drop,
    /// Tanween fath: removed, and noted.
    Fath,
    /// Anything else: the word takes the letter-by-letter path.
    Slow,
}

/// The action for the character whose UTF-8 bytes are `lead`, `next` (lead D8 or D9). The
/// same rules as [`push_folded`], for the characters that need no context.
const fn pair(lead: u8, next: u8) -> Pair {
    match (lead, next) {
        (0xD8, 0xA1) | (0xD8, 0xA7..=0xA8) | (0xD8, 0xAA..=0xBA) => Pair::Keep,
        // آ أ إ → ا; ؤ ئ → ء; ة → ه.
        (0xD8, 0xA2) | (0xD8, 0xA3) | (0xD8, 0xA5) => Pair::To(ALEF),
        (0xD8, 0xA4) | (0xD8, 0xA6) => Pair::To(HAMZA),
        (0xD8, 0xA9) => Pair::To('\u{0647}'),
        // ف … ي, with ى kept for the stopword check.
        (0xD9, 0x81..=0x8A) => Pair::Keep,
        (0xD9, 0x8B) => Pair::Fath,
        // Tatweel and the harakat after tanween fath up to sukun.
        (0xD9, 0x80) | (0xD9, 0x8C..=0x92) => Pair::Drop,
        _ => Pair::Slow,
    }
}

/// [`normalize_into`] for a word of ASCII and the two-byte Arabic letters and marks whose
/// folding needs no context; `None` (with `out` partly written) for any other word. What is
/// kept as it is goes out in runs, a slice of the word each: most words change one letter
/// (ة at the end, أ at the start) or none.
fn fold_bytes(word: &str, out: &mut String) -> Option<NormInfo> {
    let w = word.as_bytes();
    let mut info = NormInfo::default();
    // word[kept..i] is unchanged so far and not yet written.
    let mut kept = 0;
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        if c.is_ascii() {
            if c.is_ascii_uppercase() {
                out.push_str(&word[kept..i]);
                out.push(char::from(c.to_ascii_lowercase()));
                kept = i + 1;
            }
            i += 1;
            continue;
        }
        if !(c == 0xD8 || c == 0xD9) || i + 1 >= w.len() {
            return None;
        }
        // Every pair below is a whole two-byte character, so i + 2 is a character boundary.
        match pair(c, w[i + 1]) {
            Pair::Keep => info.arabic = true,
            Pair::To(to) => {
                out.push_str(&word[kept..i]);
                out.push(to);
                kept = i + 2;
                info.arabic = true;
            }
            dropped @ (Pair::Drop | Pair::Fath) => {
                out.push_str(&word[kept..i]);
                kept = i + 2;
                info.tanween_fath |= matches!(dropped, Pair::Fath);
            }
            Pair::Slow => return None,
        }
        i += 2;
    }
    out.push_str(&word[kept..]);
    Some(info)
}

/// [`normalize_into`] letter by letter (the fast path's reference).
fn normalize_chars(word: &str, out: &mut String, mut info: NormInfo) -> NormInfo {
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_presentation_form(c) {
            decompose_compatible(c, |d| {
                if !d.is_whitespace() {
                    push_folded(d, out, &mut info)
                }
            });
        } else {
            push_folded(c, out, &mut info);
        }
    }
    info
}

/// Normalizes one word into a new string, with alef maqsura folded to yeh: the form used for
/// stopword-free comparisons and the `norm` rows of the case table.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    normalize_into(word, &mut out);
    fold_alef_maqsura(&mut out);
    out
}

/// Whether `s` holds alef maqsura ى: a scan for its two UTF-8 bytes (D9 89), which no
/// other character contains. `str::contains` with a char searches for a one-char string
/// and cost a tenth of all analysis time on words of a few letters.
pub fn has_alef_maqsura(s: &str) -> bool {
    s.as_bytes().windows(2).any(|w| w == [0xD9, 0x89])
}

/// Folds alef maqsura ى to yeh ي in place (both are two bytes in UTF-8).
pub fn fold_alef_maqsura(s: &mut String) {
    if has_alef_maqsura(s) {
        *s = s.replace(ALEF_MAQSURA, "\u{064A}");
    }
}

/// The set of two-byte characters U+0600–U+067F whose second UTF-8 byte has one of the
/// bits set, for lead byte D8 (`d8`) and D9 (`d9`): bit `n` stands for second byte 0x80 + n.
#[derive(Clone, Copy)]
pub(crate) struct PairSet {
    pub(crate) d8: u64,
    pub(crate) d9: u64,
}

impl PairSet {
    /// The set holding the characters `from..=to` (both in U+0600–U+067F).
    pub(crate) const fn range(mut self, from: char, to: char) -> PairSet {
        let mut c = from as u32;
        while c <= to as u32 {
            let bit = 1u64 << ((c & 0x3F) as u64);
            if c < 0x0640 {
                self.d8 |= bit;
            } else {
                self.d9 |= bit;
            }
            c += 1;
        }
        self
    }

    /// The set without `c`.
    pub(crate) const fn without(mut self, c: char) -> PairSet {
        let bit = 1u64 << ((c as u32 & 0x3F) as u64);
        if (c as u32) < 0x0640 {
            self.d8 &= !bit;
        } else {
            self.d9 &= !bit;
        }
        self
    }

    /// True when `w` is non-empty and made only of two-byte characters of this set. Written
    /// without a branch per letter: lead bytes D8 and D9 alternate at random in Arabic text,
    /// and a branch on them is mispredicted at every other letter.
    pub(crate) fn holds_all(self, w: &[u8]) -> bool {
        if w.is_empty() || !w.len().is_multiple_of(2) {
            return false;
        }
        let mut ok = true;
        for p in w.chunks_exact(2) {
            let mask = if p[0] == 0xD8 {
                self.d8
            } else if p[0] == 0xD9 {
                self.d9
            } else {
                0
            };
            ok &= (p[1] & 0xC0) == 0x80 && mask & (1u64 << (p[1] & 0x3F)) != 0;
        }
        ok
    }
}

/// The Arabic letters that fold to themselves (the fast path of [`push_folded`]): U+0621,
/// U+0627–U+0628, U+062A–U+063A and U+0641–U+064A but ى U+0649.
const SELF_FOLDING: PairSet = PairSet { d8: 0, d9: 0 }
    .range('\u{0621}', '\u{0621}')
    .range('\u{0627}', '\u{0628}')
    .range('\u{062A}', '\u{063A}')
    .range('\u{0641}', '\u{064A}')
    .without('\u{0649}');

/// True when `w` is made only of the Arabic letters that fold to themselves.
pub(crate) fn folds_to_itself(w: &[u8]) -> bool {
    SELF_FOLDING.holds_all(w)
}

fn push_folded(c: char, out: &mut String, info: &mut NormInfo) {
    // Fast path: the Arabic letters that fold to themselves.
    if matches!(c, '\u{0621}' | '\u{0627}'..='\u{0628}' | '\u{062A}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        && c != '\u{0649}'
    {
        info.arabic = true;
        out.push(c);
        return;
    }
    let folded = match c {
        TANWEEN_FATH => {
            info.tanween_fath = true;
            return;
        }
        // Combining hamza or madda: seat it on the letter before it.
        '\u{0653}'..='\u{0655}' => {
            if out.ends_with('\u{0648}') || out.ends_with('\u{064A}') || out.ends_with(ALEF_MAQSURA) {
                out.pop();
                out.push(HAMZA);
            }
            return;
        }
        c if is_arabic_mark(c) || is_ignorable(c) => return,
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => ALEF,
        '\u{0624}' | '\u{0626}' => HAMZA,
        '\u{0629}' => '\u{0647}',
        '\u{06A9}' => '\u{0643}',
        '\u{06CC}' => '\u{064A}',
        '\u{06C1}' | '\u{06D5}' | '\u{06C0}' => '\u{0647}',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            decompose_canonical(c, |d| {
                if !('\u{0300}'..='\u{036F}').contains(&d) {
                    out.extend(d.to_lowercase());
                }
            });
            return;
        }
        '\u{0300}'..='\u{036F}' => return,
        c if c.is_uppercase() => {
            out.extend(c.to_lowercase());
            return;
        }
        c => super::letters::arabic_base(c).unwrap_or(c),
    };
    if is_arabic_letter(folded) || folded == ALEF_MAQSURA {
        info.arabic = true;
    }
    out.push(folded);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn alef_maqsura_scan_equals_char_search(s in "[\u{0600}-\u{06FF}\u{0100}-\u{0200}a-z \u{1F600}]{0,12}") {
            proptest::prop_assert_eq!(has_alef_maqsura(&s), s.contains(ALEF_MAQSURA));
        }
    }

    #[test]
    fn one_rule_per_row() {
        let rows = [
            ("harakat", "قُتِلَ", "قتل"),
            ("tanween fath kept alef", "شخصاً", "شخصا"),
            ("shadda", "خلّف", "خلف"),
            ("superscript alef", "هٰذا", "هذا"),
            ("quranic mark", "الْحَمْدُۖ", "الحمد"),
            ("tatweel", "باماكـــو", "باماكو"),
            ("alef hamza above", "أفريقيا", "افريقيا"),
            ("alef hamza below", "إفريقيا", "افريقيا"),
            ("alef madda", "آخر", "اخر"),
            ("alef wasla", "ٱلحمد", "الحمد"),
            ("decomposed alef hamza", "ا\u{0654}فريقيا", "افريقيا"),
            ("decomposed yeh hamza", "مسي\u{0654}ول", "مسءول"),
            ("waw hamza", "مسؤول", "مسءول"),
            ("yeh hamza", "مسئول", "مسءول"),
            ("alef maqsura", "مستشفى", "مستشفي"),
            ("teh marbuta", "مدرسة", "مدرسه"),
            ("keheh and farsi yeh", "کیتا", "كيتا"),
            ("heh goal", "ہ", "ه"),
            ("arabic-indic digits", "٧٧", "77"),
            ("persian digits", "۲۰۲۴", "2024"),
            ("lam-alef ligature", "ﻻ", "لا"),
            ("lam-alef hamza ligature", "ﻷ", "لا"),
            ("presentation forms", "ﺑﺎﻣﺎﻛﻮ", "باماكو"),
            ("zwnj", "باما\u{200C}كو", "باماكو"),
            ("rlm", "\u{200F}باماكو\u{200F}", "باماكو"),
            ("bom and soft hyphen", "\u{FEFF}با\u{00AD}ماكو", "باماكو"),
            ("latin lowercase", "JNIM", "jnim"),
            ("latin diacritics", "Goïta", "goita"),
            ("latin accents", "Mopti-É", "mopti-e"),
            ("empty", "", ""),
            ("digits unchanged", "2024", "2024"),
        ];
        for (rule, input, want) in rows {
            assert_eq!(normalize(input), want, "rule {rule}: {input}");
        }
    }

    #[test]
    fn the_whole_word_fast_path_equals_the_letter_by_letter_path() {
        let block: Vec<char> = ('\u{0600}'..='\u{06FF}').chain(['a', 'Z', '7']).collect();
        for &a in &block {
            for &b in &block {
                let word: String = [a, b, a].iter().collect();
                let (mut fast, mut slow) = (String::new(), String::new());
                let fast_info = normalize_into(&word, &mut fast);
                let slow_info = normalize_chars(&word, &mut slow, NormInfo::default());
                assert_eq!((fast, fast_info), (slow, slow_info), "{word}");
            }
        }
    }

    #[test]
    fn maqsura_is_kept_until_folded() {
        let mut s = String::new();
        normalize_into("على", &mut s);
        assert_eq!(s, "على");
        fold_alef_maqsura(&mut s);
        assert_eq!(s, "علي");
    }

    #[test]
    fn tanween_is_reported() {
        let mut s = String::new();
        assert!(normalize_into("شخصاً", &mut s).tanween_fath);
        s.clear();
        assert!(!normalize_into("شخصا", &mut s).tanween_fath);
    }
}
