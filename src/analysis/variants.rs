//! The name-variant key: a loose form of a stem under which transliterations of one foreign
//! name meet (جويتا/غويتا, فاغنر/فاجنر, أسيمي/عاصمي).
//!
//! Pure function. Arabic writers spell foreign sounds with different letters; the classes
//! below fold the letters that stand for one sound, after the tables of Arabic
//! transliteration practice (hard g: غ ج ق ك, see [`SOUND_CLASSES`]; v, p, ch and the Maghrebi g
//! are folded earlier by normalization), plus the
//! emphatic/plain pairs that transliterations swap (ص/س, ط/ت, ض/د, ظ/ذ/ز, ث/س) and ع/ء/ا.
//! Long-vowel letters (ا و ي) inside the word are dropped, and doubled letters collapse.
//! A stem shorter than [`MIN_STEM_CHARS`] (علي, غوي) or a key shorter than [`MIN_KEY_CHARS`]
//! is too loose to be useful; the stem is used instead.

/// The fewest letters a key keeps; shorter keys fall back to the stem.
pub const MIN_KEY_CHARS: usize = 3;
/// Stems shorter than this are native words far more often than names: no variant key.
pub const MIN_STEM_CHARS: usize = 4;

/// The transliteration classes: letters Arabic writers use for one foreign sound, and the
/// emphatic/plain pairs transliterations swap. The first letter of each class is its
/// representative. Written once: [`letter_class`], [`class_letters`] and the name-expansion
/// patterns are derived from it. The letters written only for foreign sounds (گ ڤ پ چ ڨ ...)
/// are not here: normalization folds them into the Arabic letter of their skeleton
/// ([`super::letters`]) before any class is looked up.
pub const SOUND_CLASSES: [&str; 5] = [
    "كغجق", // hard g (and k): جويتا/غويتا/قويتا, فاغنر/فاجنر
    "سصث",  // s and its emphatic and interdental neighbours
    "تط",   // t and emphatic t
    "دض",   // d and emphatic d
    "زذظ",  // z, dh and emphatic dh
];

/// The first code point of the Arabic block, where every letter of [`SOUND_CLASSES`] lies.
const ARABIC_BLOCK: u32 = 0x0600;

/// The index in [`SOUND_CLASSES`] of each letter of the Arabic block (u8::MAX: none), derived
/// once from the table: the analyzer looks a class up for every letter it indexes.
fn class_index() -> &'static [u8; 256] {
    static INDEX: std::sync::OnceLock<[u8; 256]> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = [u8::MAX; 256];
        for (i, class) in SOUND_CLASSES.iter().enumerate() {
            for c in class.chars() {
                index[(c as u32 - ARABIC_BLOCK) as usize] = i as u8;
            }
        }
        index
    })
}

/// The class of `c` in [`SOUND_CLASSES`], if any.
fn class_of(c: char) -> Option<&'static str> {
    let offset = (c as u32).checked_sub(ARABIC_BLOCK).filter(|o| *o < 256)?;
    SOUND_CLASSES.get(usize::from(class_index()[offset as usize])).copied()
}

/// Maps a consonant to its transliteration class (the class's representative letter), or
/// the letter itself when it has none. Also used by name expansion ([`crate::names`]).
pub fn letter_class(c: char) -> char {
    class_of(c).and_then(|class| class.chars().next()).unwrap_or(c)
}

/// Every letter of `c`'s class ("" when `c` has none), for regular-expression classes.
pub fn class_letters(c: char) -> &'static str {
    class_of(c).unwrap_or("")
}

/// The letters Arabic writers use for the foreign hard g (غ in the Levant and the Gulf press,
/// ج in Egypt and the Maghreb, ق where ڨ is not typed): one sound, three letters. ك is not
/// among them: it writes a k, native and foreign (كويتا is Quetta, not جويتا).
pub const FOREIGN_G: &str = "غجق";

/// Whether `c` is one of the letters written for the foreign hard g ([`FOREIGN_G`]), so that
/// swapping them is a spelling and not another word, even without evidence.
pub fn is_foreign_sound_letter(c: char) -> bool {
    FOREIGN_G.contains(c)
}

/// Maps a letter to its sound class for the variant key: [`letter_class`], with ع and ء
/// read as the alef they are often written as (أسيمي/عاصمي).
pub fn sound_class(c: char) -> char {
    match c {
        'ع' | 'ء' => 'ا',
        c => letter_class(c),
    }
}

fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي')
}

/// The variant key of a stem. Non-Arabic stems are returned unchanged.
pub fn variant_key(stem: &str) -> String {
    if !stem.chars().any(crate::analysis::normalize::is_arabic_letter) {
        return stem.to_string();
    }
    let n = stem.chars().count();
    if n < MIN_STEM_CHARS {
        return stem.to_string();
    }
    let mut key = String::with_capacity(stem.len());
    let mut last: Option<char> = None;
    for (i, c) in stem.chars().enumerate() {
        let inside = i > 0 && i + 1 < n;
        if inside && is_long_vowel(c) {
            continue;
        }
        let k = sound_class(c);
        if last != Some(k) {
            key.push(k);
        }
        last = Some(k);
    }
    if key.chars().count() < MIN_KEY_CHARS {
        stem.to_string()
    } else {
        key
    }
}

/// The letters whose [`sound_class`] is `k`: the class's letters, or ع ء and the alef for
/// an alef, or the letter alone.
fn preimage(k: char) -> String {
    match k {
        'ا' => "اعءأإآ".to_string(),
        k => match class_of(k) {
            Some(class) => class.to_string(),
            None => k.to_string(),
        },
    }
}

/// A regular expression (for the term dictionary's automaton) that every stem whose
/// [`variant_key`] is `key` matches: each key letter is one or more letters of its sound
/// class, with long vowels anywhere after the first. It matches more than that (a vowel at
/// either end, a short stem); callers check each stem it finds with [`variant_key`]. The
/// index keeps no field of keys: a query reaches a word's spellings by reading the stem
/// dictionary through this pattern (see [`crate::search`]).
pub fn key_pattern(key: &str) -> String {
    let mut out = String::new();
    for (i, k) in key.chars().enumerate() {
        let letters = escape_class(&preimage(k));
        if i == 0 {
            out.push_str(&format!("[{letters}](?:[{letters}]|[اوي])*"));
        } else {
            out.push_str(&format!("(?:[{letters}](?:[{letters}]|[اوي])*)"));
        }
    }
    out
}

/// `letters` made safe inside a regular-expression character class.
fn escape_class(letters: &str) -> String {
    let mut out = String::with_capacity(letters.len());
    for c in letters.chars() {
        if matches!(c, '\\' | ']' | '[' | '^' | '-' | '&' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lookup_agrees_with_the_table() {
        for class in SOUND_CLASSES {
            let first = class.chars().next().unwrap();
            for c in class.chars() {
                assert_eq!(letter_class(c), first, "{c}");
                assert_eq!(class_letters(c), class, "{c}");
            }
        }
        for c in ['ا', 'ب', 'ع', 'a', '\u{10FFFF}', '\u{05FF}', '\u{0700}'] {
            assert_eq!(letter_class(c), c, "{c} has no class");
        }
    }

    #[test]
    fn one_rule_per_row() {
        let same = [
            ("hard g: jim/ghain", "جويتا", "غويتا"),
            ("hard g: qaf", "قويتا", "غويتا"),
            ("hard g in the middle", "فاغنر", "فاجنر"),
            ("emphatic s and ain", "اسيمي", "عاصمي"),
        ];
        for (rule, a, b) in same {
            assert_eq!(variant_key(a), variant_key(b), "rule {rule}: {a} / {b}");
        }
        // v and p are folded by normalization before any key is made.
        let norm = crate::analysis::normalize::normalize;
        assert_eq!(variant_key("فيينا"), variant_key(&norm("ڤيينا")), "v");
        assert_eq!(variant_key("بوتين"), variant_key(&norm("پوتين")), "p");
        let differ = [
            ("short key falls back to the stem", "غوي", "غويتا"),
            ("short stems keep their letters", "علي", "الي"),
            ("different consonants", "باماكو", "باماك"),
        ];
        for (rule, a, b) in differ {
            assert_ne!(variant_key(a), variant_key(b), "rule {rule}: {a} / {b}");
        }
        assert_eq!(variant_key("jnim"), "jnim", "latin unchanged");
        assert_eq!(variant_key(""), "", "empty");
    }

    #[test]
    fn the_key_pattern_matches_every_stem_with_that_key() {
        let stems = [
            "جويتا",
            "غويتا",
            "قويتا",
            "فاغنر",
            "فاجنر",
            "اسيمي",
            "عاصمي",
            "باماكو",
            "كتاب",
            "كاتب",
            "مسؤول",
            "jnim",
            "abc-d",
            "a]b",
            "واشنطن",
            "ووشنطن",
            "بوتين",
        ];
        for stem in stems {
            let key = variant_key(stem);
            let re = tantivy_fst::Regex::new(&key_pattern(&key)).expect("pattern compiles");
            assert!(matches(&re, stem), "{stem} (key {key}) must match {}", key_pattern(&key));
        }
        let re = tantivy_fst::Regex::new(&key_pattern(&variant_key("جويتا"))).unwrap();
        assert!(!matches(&re, "باماكو"), "unrelated consonants stay out");
        assert!(!matches(&re, "جوت"), "a stem missing a key letter stays out");
    }

    fn matches(re: &tantivy_fst::Regex, s: &str) -> bool {
        use tantivy_fst::Automaton;
        let mut state = re.start();
        for b in s.bytes() {
            state = re.accept(&state, b);
        }
        re.is_match(&state)
    }
}
