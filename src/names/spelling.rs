//! Spellings of one name, as pure functions over normalized words: how a word splits into
//! proclitics and the rest, how far two spellings are apart, and the loose pattern that finds
//! candidate spellings in an index's vocabulary.
//!
//! Transliterators write one foreign sound with different letters and write or leave out long
//! vowels (ترامب/ترمب, أردوغان/أردوجان/أردغان, بومبيو/بامبيو, خامنئي/خامنيي, صنعاء/صنعا). The
//! distance here allows exactly that and nothing else:
//! - a letter may become another of its sound class at no cost ([`sound_class`]: hard g غ ج ق
//!   ك and the emphatic/plain pairs س ص ث, ت ط, د ض, ز ذ ظ, the one table of
//!   [`crate::analysis::variants::SOUND_CLASSES`]; the letters written only for foreign
//!   sounds, ڤ پ چ گ ڨ, are folded by normalization before any word gets here);
//! - a long vowel or hamza (ا و ي ء) inside the word may be written, left out or swapped for
//!   another, at cost 1;
//! - a final hamza after alef may be left out (صنعاء/صنعا), at cost 1;
//! - the first and the last letter never change class: the last letter carries the endings
//!   that make another word (لبنان/لبناني, الحريري/الحرير), the first is where a different
//!   word most often starts.
//!
//! The budget is one edit when the longer spelling has five letters or more, none below
//! (native words of four letters differ by a pattern vowel: قتيل/قتل): a spelling is a
//! *candidate* within it. Whether a candidate is the same name is for the corpus to say (see
//! [`super::expand`]); letter similarity alone never decides.

use super::tables;

/// The fewest letters the rest of a word keeps when a proclitic is read off it.
pub const MIN_REST_CHARS: usize = 2;

/// A word read as prefix + rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parse<'a> {
    /// The proclitics (and article) read off the front.
    pub prefix: &'a str,
    /// Whether the prefix ends in the article.
    pub article: bool,
    /// The rest of the word.
    pub rest: &'a str,
}

/// Every way to read `word` as proclitics (with or without the article) + a rest of at least
/// [`MIN_REST_CHARS`] letters, the whole word first.
pub fn parses(word: &str) -> impl Iterator<Item = Parse<'_>> {
    let plain = tables::proclitics().iter().map(|p| (p.as_str(), false));
    let art = tables::article_forms().iter().map(|p| (p.as_str(), true));
    plain.chain(art).filter_map(move |(p, article)| {
        let rest = word.strip_prefix(p)?;
        (rest.chars().count() >= MIN_REST_CHARS).then_some(Parse { prefix: p, article, rest })
    })
}

/// The representative of a letter's sound class (the letter itself when it has none): the
/// analyzer's transliteration classes, where ع and ء stay themselves.
pub fn sound_class(c: char) -> char {
    crate::analysis::variants::letter_class(c)
}

/// The letters of `c`'s sound class, for a regular expression character class.
fn class_letters(c: char) -> &'static str {
    crate::analysis::variants::class_letters(c)
}

/// Long vowels and hamza: the letters transliterations write, drop or swap.
pub fn is_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ء')
}

/// The fewest letters, in the longer of two spellings, that allow a vowel edit: shorter
/// native words differ by one long vowel (قتيل "casualty" / قتل "killing").
pub const MIN_EDIT_CHARS: usize = 5;

/// The edit budget between spellings of `a` and `b` letters: one when the longer has
/// [`MIN_EDIT_CHARS`] letters or more (ترمب/ترامب, صنعا/صنعاء), none below.
pub fn budget(a: usize, b: usize) -> u32 {
    u32::from(a.max(b) >= MIN_EDIT_CHARS)
}

/// Whether a stem can reach any spelling with a vowel edit (a longer spelling may).
fn may_edit(stem: &str) -> bool {
    budget(stem.chars().count() + 1, 0) > 0
}

const FAR: u32 = u32::MAX / 2;

/// The spelling distance from `a` to `b` (see the module doc), or None when it is over
/// `a`'s [`budget`] or when only other letters would make them meet.
pub fn spelling_cost(a: &str, b: &str) -> Option<u32> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return None;
    }
    let inner = |i: usize, len: usize| i > 0 && i + 1 < len;
    let final_hamza = |s: &[char], i: usize| i + 1 == s.len() && i > 0 && s[i] == 'ء' && s[i - 1] == 'ا';
    let mut d = vec![vec![FAR; m + 1]; n + 1];
    d[0][0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let here = d[i][j];
            if here >= FAR {
                continue;
            }
            if i < n && j < m {
                let same = sound_class(a[i]) == sound_class(b[j]);
                let vowels = is_vowel(a[i]) && is_vowel(b[j]) && inner(i, n) && inner(j, m);
                if same {
                    d[i + 1][j + 1] = d[i + 1][j + 1].min(here);
                } else if vowels {
                    d[i + 1][j + 1] = d[i + 1][j + 1].min(here + 1);
                }
            }
            if i < n && ((is_vowel(a[i]) && inner(i, n)) || final_hamza(&a, i)) {
                d[i + 1][j] = d[i + 1][j].min(here + 1);
            }
            if j < m && ((is_vowel(b[j]) && inner(j, m)) || final_hamza(&b, j)) {
                d[i][j + 1] = d[i][j + 1].min(here + 1);
            }
        }
    }
    let cost = d[n][m];
    (cost <= budget(n, m)).then_some(cost)
}

/// Escapes one letter for a regular expression.
fn literal(c: char) -> String {
    if c.is_alphanumeric() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

/// A character class matching `c` and the letters of its sound class.
fn class(c: char) -> String {
    let letters = class_letters(c);
    if letters.is_empty() {
        literal(c)
    } else {
        format!("[{letters}]")
    }
}

/// A regular expression over normalized words that matches every word that is `stem`, or a
/// spelling within reach of it, with any proclitics, the article and any of [`tables::ENDINGS`]:
/// the cheap key that proposes candidates from an index's vocabulary. Looser than
/// [`spelling_cost`], which checks each candidate it finds.
pub fn candidate_pattern(stem: &str) -> String {
    let letters: Vec<char> = stem.chars().collect();
    let mut out = tables::prefix_pattern();
    let n = letters.len();
    let gap = if may_edit(stem) { "[اويء]{0,2}" } else { "" };
    for (i, &c) in letters.iter().enumerate() {
        let first = i == 0;
        let last = i + 1 == n;
        if !first && !last && is_vowel(c) && may_edit(stem) {
            continue;
        }
        if !first {
            out.push_str(gap);
        }
        if last && c == 'ء' {
            out.push_str("ء?");
        } else {
            out.push_str(&class(c));
        }
        if last && c == 'ا' {
            out.push_str("ء?");
        }
    }
    out.push_str("(?:");
    out.push_str(&tables::ENDINGS.join("|"));
    out.push_str("|ا");
    out.push_str(")?");
    out
}

/// A regular expression for one word of a multi-word name: its letters or others of their
/// sound class (بيونج for بيونغ), with proclitics and the article in front when it is the
/// name's `first` word. No vowel edits and no endings: the words of a name stand as written.
pub fn part_pattern(word: &str, first: bool) -> String {
    let mut out = String::new();
    if first {
        out.push_str(&tables::prefix_pattern());
    }
    for c in word.chars() {
        out.push_str(&class(c));
    }
    out
}

/// Every way to cut `word` into two words of at least [`MIN_PART_CHARS`] letters each
/// (ابو + ظبي for ابوظبي, بن + قردان for بنقردان), left to right.
pub fn splits(word: &str) -> impl Iterator<Item = (&str, &str)> {
    let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let n = cuts.len();
    (MIN_PART_CHARS..=n.saturating_sub(MIN_PART_CHARS)).map(move |k| (&word[..cuts[k]], &word[cuts[k]..]))
}

/// The fewest letters each word of a split spelling keeps: two, for the particles of names
/// (بن قردان); splits with a part this short need evidence ([`super::compound`]).
pub const MIN_PART_CHARS: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_cost_one_rule_per_row() {
        let meet = [
            ("long vowel left out", "ترامب", "ترمب", 1),
            ("hard g", "اردوغان", "اردوجان", 0),
            ("inner waw left out", "اردوغان", "اردغان", 1),
            ("vowel swapped", "بومبيو", "بامبيو", 1),
            ("hamza seat to yeh", "خامنءي", "خامنيي", 1),
            ("final hamza after alef", "صنعاء", "صنعا", 1),
            ("two sound classes", "بيونغيانغ", "بيونجيانج", 0),
            ("emphatic s", "سلطان", "صلطان", 0),
            ("identical", "لافروف", "لافروف", 0),
        ];
        for (rule, a, b, cost) in meet {
            assert_eq!(spelling_cost(a, b), Some(cost), "rule {rule}: {a} / {b}");
            assert_eq!(spelling_cost(b, a), Some(cost), "rule {rule} reversed");
        }
        let apart = [
            ("a consonant more", "ترامب", "تراقب"),
            ("a consonant less", "حفتر", "حفر"),
            ("another consonant", "حفتر", "دفتر"),
            ("three vowel moves", "ماكرون", "مقارن"),
            ("last letter: nisba", "لبنان", "لبناني"),
            ("last letter: the noun under a nisba", "حريري", "حرير"),
            ("two vowel edits over budget", "حوثيين", "حسين"),
            ("four letters allow no vowel edit", "علي", "عالي"),
            ("native pattern vowels", "قتيل", "قتل"),
            ("empty", "", "ترامب"),
        ];
        for (rule, a, b) in apart {
            assert_eq!(spelling_cost(a, b), None, "rule {rule}: {a} / {b}");
        }
    }

    #[test]
    fn parses_read_every_prefix() {
        let got: Vec<(&str, bool, &str)> = parses("للبنان").map(|p| (p.prefix, p.article, p.rest)).collect();
        assert!(got.contains(&("", false, "للبنان")));
        assert!(got.contains(&("ل", false, "لبنان")));
        assert!(got.contains(&("لل", true, "بنان")));
        assert!(parses("وال").all(|p| p.rest.chars().count() >= MIN_REST_CHARS));
    }

    #[test]
    fn candidate_pattern_finds_spellings_with_clitics_and_endings() {
        let check = |stem: &str, word: &str, want: bool| {
            let re = regex_lite(&candidate_pattern(stem));
            assert_eq!(re.matches_word(word), want, "{stem} ~ {word}: {}", candidate_pattern(stem));
        };
        check("ترامب", "لترمب", true);
        check("ترامب", "وترامب", true);
        check("صنعاء", "بصنعا", true);
        check("صنعا", "صنعاء", true);
        check("حوثي", "للحوثيين", true);
        check("بيونغيانغ", "بيونجيانج", true);
        check("ترامب", "تراقب", false);
        check("حفتر", "دفتر", false);
    }

    #[test]
    fn splits_keep_two_letters_a_side() {
        let got: Vec<(&str, &str)> = splits("ابوظبي").collect();
        assert_eq!(got, vec![("اب", "وظبي"), ("ابو", "ظبي"), ("ابوظ", "بي")]);
        assert!(splits("بنقردان").any(|s| s == ("بن", "قردان")));
        assert_eq!(splits("بيونغيانغ").count(), 6);
        assert_eq!(splits("حزب").count(), 0, "too short to split");
        let re = regex_lite(&part_pattern("بيونغ", true));
        assert!(re.matches_word("وبيونج") && !re.matches_word("بيون"));
        assert!(!regex_lite(&part_pattern("يانغ", false)).matches_word("ويانغ"), "no proclitic inside a name");
    }

    /// The pattern compiled as the index compiles it (anchored, whole word).
    fn regex_lite(p: &str) -> tantivy_fst::Regex {
        tantivy_fst::Regex::new(p).expect("pattern compiles")
    }

    trait MatchesWord {
        fn matches_word(&self, w: &str) -> bool;
    }
    impl MatchesWord for tantivy_fst::Regex {
        fn matches_word(&self, w: &str) -> bool {
            use tantivy_fst::Automaton;
            let mut s = self.start();
            for b in w.bytes() {
                s = self.accept(&s, b);
            }
            Automaton::is_match(self, &s)
        }
    }
}
