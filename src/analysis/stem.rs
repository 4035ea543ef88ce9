//! Light stemming of one normalized Arabic word: pure functions, no allocation on the
//! common path.
//!
//! The rules are Lucene's `ArabicStemmer` (Larkey, Ballesteros & Connell, "Light Stemming for
//! Arabic Information Retrieval", light10) with three changes, each for a case the case tables
//! hold:
//! - a stem keeps at least [`MIN_STEM_CHARS`] letters: a rule that would leave fewer does not
//!   fire (بيان stays بيان, بالغ stays بالغ);
//! - a single leading ف ب ك ل is never stripped (فاغنر, باماكو, كيتا, لبنان); the query side
//!   expands clitics instead;
//! - the alef that carried tanween fath (شخصاً) is a case ending and goes;
//! - a protected word (see [`crate::analysis::lexicon`]) is returned whole once the article and
//!   conjunction are off, so مالي never becomes مال.

use rustc_hash::FxHashSet as HashSet;

/// The fewest letters a stem keeps.
pub const MIN_STEM_CHARS: usize = 3;

/// Article combinations, longest first (Lucene's list plus the و-led combinations).
pub const ARTICLE_PREFIXES: [&str; 9] = [
    "\u{0648}\u{0628}\u{0627}\u{0644}", // وبال
    "\u{0648}\u{0643}\u{0627}\u{0644}", // وكال
    "\u{0648}\u{0644}\u{0644}",         // ولل
    "\u{0648}\u{0627}\u{0644}",         // وال
    "\u{0628}\u{0627}\u{0644}",         // بال
    "\u{0643}\u{0627}\u{0644}",         // كال
    "\u{0641}\u{0627}\u{0644}",         // فال
    "\u{0644}\u{0644}",                 // لل
    "\u{0627}\u{0644}",                 // ال
];

/// The conjunction و, stripped when no article combination matched.
pub const CONJUNCTION: &str = "\u{0648}";

/// Inflectional suffixes in Lucene's order (after teh marbuta became ه); each that still
/// matches is stripped in turn. Lucene's يه and ي are not here: the nisba ي derives a new
/// word (لبنان → لبناني "Lebanese", حرير "silk" → الحريري "Hariri"), so it stays, while the
/// endings that inflect a nisba word still come off (الحوثيين, الحوثيون, الحوثية → حوثي).
pub const SUFFIXES: [&str; 6] = [
    "\u{0647}\u{0627}", // ها
    "\u{0627}\u{0646}", // ان
    "\u{0627}\u{062A}", // ات
    "\u{0648}\u{0646}", // ون
    "\u{064A}\u{0646}", // ين
    "\u{0647}",         // ه
];

const ALEF: &str = "\u{0627}";

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// True when `s` has at least [`MIN_STEM_CHARS`] characters (no count for long strings: a
/// character is at most 4 bytes).
fn long_enough(s: &str) -> bool {
    s.len() >= 4 * MIN_STEM_CHARS || chars(s) >= MIN_STEM_CHARS
}

/// Strips `affix` from the front when at least [`MIN_STEM_CHARS`] letters remain.
fn strip_prefix<'a>(w: &'a str, affix: &str) -> Option<&'a str> {
    w.strip_prefix(affix).filter(|rest| long_enough(rest))
}

/// Strips `affix` from the end when at least [`MIN_STEM_CHARS`] letters remain.
fn strip_suffix<'a>(w: &'a str, affix: &str) -> Option<&'a str> {
    w.strip_suffix(affix).filter(|rest| long_enough(rest))
}

/// The stem without a final nisba ي, when at least [`MIN_STEM_CHARS`] letters remain
/// (حريري → حرير): the loose name-variant key is built on it, as before the stem kept the ي.
pub fn without_nisba(stem: &str) -> &str {
    strip_suffix(stem, "\u{064A}").unwrap_or(stem)
}

/// Removes the article (with its clitic combinations) or a leading و.
pub fn strip_article<'a>(word: &'a str, protected: &HashSet<String>) -> &'a str {
    if protected.contains(word) {
        return word;
    }
    for p in ARTICLE_PREFIXES {
        if let Some(rest) = strip_prefix(word, p) {
            return rest;
        }
    }
    strip_prefix(word, CONJUNCTION).unwrap_or(word)
}

/// Light-stems a normalized word. `tanween_fath` says the original carried tanween fath, so a
/// final alef is the accusative ending.
pub fn light_stem<'a>(word: &'a str, tanween_fath: bool, protected: &'a HashSet<String>) -> &'a str {
    if protected.contains(word) {
        return word;
    }
    for p in ARTICLE_PREFIXES {
        if let Some(rest) = strip_prefix(word, p) {
            if rest.starts_with(CONJUNCTION) {
                if let Some(w) = waw_word(rest, tanween_fath, protected) {
                    return w;
                }
            }
            return strip_suffixes(rest, tanween_fath, protected);
        }
    }
    if let Some(rest) = strip_prefix(word, CONJUNCTION) {
        // A leading و belongs to the word when the word, suffixes off, is a protected
        // و-word: وزارتها is وزارة + ها, not و + زارتها.
        return waw_word(word, tanween_fath, protected)
            .unwrap_or_else(|| strip_suffixes(rest, tanween_fath, protected));
    }
    strip_suffixes(word, tanween_fath, protected)
}

/// The protected word `word` is an inflection of, keeping its leading و, if any.
fn waw_word<'a>(word: &'a str, tanween_fath: bool, protected: &'a HashSet<String>) -> Option<&'a str> {
    let kept = strip_suffixes(word, tanween_fath, protected);
    // One buffer for the four candidates: this runs for every word that starts with و.
    let mut candidate = String::with_capacity(kept.len() + 4);
    ["", "\u{0647}", "\u{064A}\u{0647}", "\u{064A}"]
        .iter()
        .find_map(|tail| {
            candidate.clear();
            candidate.push_str(kept);
            candidate.push_str(tail);
            protected.get(&candidate)
        })
        .map(String::as_str)
}

/// Removes the tanween alef and the inflectional suffixes (no prefix rules).
fn strip_suffixes<'a>(word: &'a str, tanween_fath: bool, protected: &HashSet<String>) -> &'a str {
    let mut w = word;
    if protected.contains(w) {
        return w;
    }
    if tanween_fath || unmarked_accusative(w) {
        if let Some(rest) = strip_suffix(w, ALEF) {
            w = rest;
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = strip_suffix(w, s) {
            w = rest;
            if PRONOUNS.contains(&s) && open_teh_marbuta(w) {
                // مسؤوليتها → مسؤولية: the teh marbuta opened before the pronoun goes back
                // to ه, which comes off with the rest of the feminine ending (a nisba ي stays).
                return &w[..w.len() - TEH.len()];
            }
        }
    }
    w
}

/// Pronoun suffixes before which a teh marbuta is written as an open ت.
/// Whether `w` is the indefinite accusative of the فعيل pattern written without its mark
/// (قتيلا, جريحا, جديدا, كبيرا, طويلا for قتيلاً ...): five letters, consonant, consonant,
/// ي, consonant, ا. News writes this accusative unmarked as often as marked, and the
/// pattern is the commonest one it falls on (counts, casualties, adjectives). Names that end
/// in ا are left alone unless they have exactly this shape with consonants where the
/// pattern has them (جويتا, كينيا, سوريا, ليبيا do not).
fn unmarked_accusative(w: &str) -> bool {
    // Five two-byte letters at most: checked without collecting them.
    if w.len() > 10 || !w.ends_with('\u{0627}') {
        return false;
    }
    let mut c = ['\0'; 5];
    let mut n = 0;
    for x in w.chars() {
        if n == 5 {
            return false;
        }
        c[n] = x;
        n += 1;
    }
    let consonant = |x: char| !matches!(x, '\u{0627}' | '\u{0648}' | '\u{064A}' | '\u{0621}');
    n == 5 && consonant(c[0]) && consonant(c[1]) && c[2] == '\u{064A}' && consonant(c[3]) && c[4] == '\u{0627}'
}

const PRONOUNS: [&str; 2] = ["\u{0647}\u{0627}", "\u{0647}"];
const TEH: &str = "\u{062A}";
/// Shortest word (in letters) in which a final ت before a pronoun is read as teh marbuta:
/// shorter ones are mostly roots ending in ت (بيت, وقت, صوت).
const MIN_OPEN_TEH_CHARS: usize = 5;

fn open_teh_marbuta(w: &str) -> bool {
    w.ends_with(TEH) && !w.ends_with("\u{0627}\u{062A}") && chars(w) >= MIN_OPEN_TEH_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize::normalize;

    fn stem(word: &str) -> String {
        let protected: HashSet<String> =
            ["مالي", "الله", "وزير", "سودان", "وزاره"].iter().map(|s| s.to_string()).collect();
        let n = normalize(word);
        light_stem(&n, word.contains('\u{064B}'), &protected).to_string()
    }

    #[test]
    fn one_rule_per_row() {
        let rows = [
            ("article", "المطار", "مطار"),
            ("wa + article", "والجيش", "جيش"),
            ("bi + article", "بالجيش", "جيش"),
            ("li + article", "للجيش", "جيش"),
            ("wa + li + article", "وللحكومة", "حكوم"),
            ("conjunction on a name", "وفاغنر", "فاغنر"),
            ("single fa kept", "فاغنر", "فاغنر"),
            ("single ba kept", "باماكو", "باماكو"),
            ("plural -un", "مسلحون", "مسلح"),
            ("plural -in with article", "المسلحين", "مسلح"),
            ("feminine plural", "الهجمات", "هجم"),
            ("teh marbuta", "مدرسة", "مدرس"),
            ("nisba feminine", "العسكرية", "عسكري"),
            ("nisba masculine", "العسكري", "عسكري"),
            ("nisba plural", "الحوثيين", "حوثي"),
            ("nisba is not the place", "اللبناني", "لبناني"),
            ("nisba is not the noun", "الحريري", "حريري"),
            ("tanween alef", "شخصاً", "شخص"),
            ("tanween alef 2", "قتيلاً", "قتيل"),
            ("no tanween keeps alef", "أمريكا", "امريكا"),
            ("unmarked accusative of faeel", "قتيلا", "قتيل"),
            ("unmarked accusative of faeel 2", "جريحا", "جريح"),
            ("a name ending in alef keeps it", "جويتا", "جويتا"),
            ("a country ending in alef keeps it", "كينيا", "كينيا"),
            ("too short for suffix", "بيان", "بيان"),
            ("plural to singular", "بيانات", "بيان"),
            ("open teh before pronoun", "مسؤوليتها", "مسءولي"),
            ("open teh, nisba", "مسؤولية", "مسءولي"),
            ("open teh, plain", "حكومتها", "حكوم"),
            ("root teh kept", "بيتها", "بيت"),
            ("plural teh kept", "قواتها", "قوات"),
            ("too short for bal-", "بالغ", "بالغ"),
            ("trailing waw kept", "باماكو", "باماكو"),
            ("protected country", "مالي", "مالي"),
            ("protected with article", "المالي", "مالي"),
            ("money is not Mali", "مال", "مال"),
            ("protected allah", "الله", "الله"),
            ("protected allah with wa", "والله", "الله"),
            ("protected waw word", "وزير", "وزير"),
            ("protected with wa+article", "والوزير", "وزير"),
            ("protected after article", "السودان", "سودان"),
            ("protected waw word with a suffix", "وزيرها", "وزير"),
            ("protected waw word, open teh", "وزارتها", "وزاره"),
            ("protected waw word, plural", "وزارات", "وزاره"),
            ("conjunction before a protected waw word", "ووزيرها", "وزير"),
            ("article before a protected waw word's plural", "الوزارات", "وزاره"),
            ("latin untouched", "jnim", "jnim"),
            ("empty", "", ""),
        ];
        for (rule, input, want) in rows {
            assert_eq!(stem(input), want, "rule {rule}: {input}");
        }
    }
}
