//! The linguistic tables of name expansion, each written once: the proclitics that may stand
//! before a name, the article, the endings that make another word of a name, and (from
//! [`crate::analysis::variants`]) the sound classes. Every list, regular expression and
//! legality check that needs one of them is derived here from these tables.
//!
//! Order of Arabic proclitics (Lucene's ArabicStemmer prefix list and any Arabic grammar):
//! a conjunction (و or ف), then a preposition (ب, ك or ل), then the article ال; ل + ال is
//! written لل. Two conjunctions or two prepositions never stack.

use std::sync::OnceLock;

/// Conjunctions written joined to the next word.
pub const CONJUNCTIONS: [&str; 2] = ["و", "ف"];
/// Prepositions written joined to the next word.
pub const PREPOSITIONS: [&str; 3] = ["ب", "ك", "ل"];
/// The definite article.
pub const ARTICLE: &str = "ال";
/// ل + ال, as written.
pub const LAM_ARTICLE: &str = "لل";

/// The endings by which a group name or a nisba word inflects: the feminine (ة, folded to
/// ه), the dual (ان) and the plurals (ين, ون, ات). A name with one of them is another word
/// unless the corpus shows the same contexts (الحوثيون and الحوثيين are one group; بولت is
/// not بولتون). Two kinds of ending are not here. The nisba ي (with يه, يين, يون) derives
/// another word (لبنان → لبناني "Lebanese", حرير → الحريري), and counts of a name never
/// include its adjective, however alike their contexts. The attached pronouns
/// ([`PRONOUNS`]) never stand on a name. Used to propose candidates and to relate them to the
/// typed form; only the corpus accepts one.
pub const ENDINGS: [&str; 5] = ["ه", "ين", "ون", "ان", "ات"];

/// The nisba letter, which makes a group or people's name of a place or a person (حوث →
/// الحوثي, كرد → الكردي). Only on it do the [`ENDINGS`] make forms of one name: الحوثي,
/// الحوثية, الحوثيين, الحوثيون are one group; without it an ending makes another word of
/// the same letters (عفر "Tal Afar" is no form of عفرين, بولت no form of بولتون, إمارة "an
/// emirate" no form of الإمارات).
pub const NISBA: char = '\u{064A}';

/// Attached pronouns: "my", "his", "her", "their", "our", "your". A word written with a
/// proclitic may also read as another word with one of these (وجده: و + جده "and Jeddah", or
/// وجد + ه "he found him").
pub const PRONOUNS: [&str; 8] = ["ي", "ه", "ها", "هم", "هما", "نا", "كم", "كما"];

/// Endings a common word takes and a name does not: plurals and pronouns (a name takes the
/// nisba endings as much as a common word does, so they are not here).
pub const FAMILY_ENDINGS: [&str; 7] = ["ات", "ون", "ين", "ها", "هم", "ته", "تها"];

/// The same after a nisba ي: only the feminine plural and pronouns after the feminine
/// (جمعيات, جمعيتها), since a group name has its own plurals (الحوثيين, الحوثيون).
pub const NISBA_FAMILY_ENDINGS: [&str; 4] = ["ات", "ته", "تها", "تهم"];

/// Every legal proclitic sequence without the article, the empty one first: conjunction?
/// preposition?.
pub fn proclitics() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        let mut out = Vec::new();
        for c in std::iter::once("").chain(CONJUNCTIONS) {
            for p in std::iter::once("").chain(PREPOSITIONS) {
                out.push(format!("{c}{p}"));
            }
        }
        out
    })
}

/// Every legal proclitic sequence ending in the article: conjunction? (ب|ك)? ال, and
/// conjunction? لل.
pub fn article_forms() -> &'static [String] {
    static A: OnceLock<Vec<String>> = OnceLock::new();
    A.get_or_init(|| {
        let mut out = Vec::new();
        for c in std::iter::once("").chain(CONJUNCTIONS) {
            for p in std::iter::once("").chain(PREPOSITIONS.iter().copied().filter(|p| *p != "ل")) {
                out.push(format!("{c}{p}{ARTICLE}"));
            }
            out.push(format!("{c}{LAM_ARTICLE}"));
        }
        out
    })
}

/// Whether `prefix` is a legal proclitic sequence (with or without the article).
pub fn is_legal_prefix(prefix: &str) -> bool {
    proclitics().iter().any(|p| p == prefix) || article_forms().iter().any(|p| p == prefix)
}

/// A regular expression for any legal prefix (proclitics, with or without the article),
/// derived from the tables: `(?:(?:و|ف)?(?:ب|ك|ل)?|(?:و|ف)?(?:ب|ك)?ال|(?:و|ف)?لل)`.
pub fn prefix_pattern() -> String {
    let conj = format!("(?:{})?", CONJUNCTIONS.join("|"));
    let prep = format!("(?:{})?", PREPOSITIONS.join("|"));
    let prep_art =
        format!("(?:{})?", PREPOSITIONS.iter().filter(|p| **p != "ل").copied().collect::<Vec<_>>().join("|"));
    format!("(?:{conj}{prep}|{conj}{prep_art}{ARTICLE}|{conj}{LAM_ARTICLE})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_lists_hold_every_legal_sequence_and_no_other() {
        let p = proclitics();
        assert_eq!(p.len(), 12);
        assert_eq!(p[0], "");
        for legal in ["و", "ف", "ب", "ك", "ل", "وب", "فل", "وك"] {
            assert!(p.iter().any(|x| x == legal), "{legal}");
        }
        for illegal in ["بل", "لب", "وو", "فو", "لو"] {
            assert!(!is_legal_prefix(illegal), "{illegal} does not stack");
        }
        let a = article_forms();
        for legal in ["ال", "وال", "بال", "كال", "وبال", "فكال", "لل", "ولل", "فلل"] {
            assert!(a.iter().any(|x| x == legal), "{legal}");
        }
        assert!(!a.iter().any(|x| x == "لال"), "ل + ال is written لل");
    }

    #[test]
    fn prefix_pattern_matches_exactly_the_legal_prefixes() {
        let re = tantivy_fst::Regex::new(&prefix_pattern()).expect("compiles");
        let matches = |w: &str| {
            use tantivy_fst::Automaton;
            let mut s = re.start();
            for b in w.bytes() {
                s = re.accept(&s, b);
            }
            re.is_match(&s)
        };
        for p in proclitics().iter().chain(article_forms()) {
            assert!(matches(p), "{p}");
        }
        for illegal in ["بل", "لال", "وو", "الو"] {
            assert!(!matches(illegal), "{illegal}");
        }
    }
}
