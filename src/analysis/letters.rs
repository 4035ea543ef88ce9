//! Arabic-script letters outside the 28 of Arabic, folded to the Arabic letter of the same
//! skeleton: the letters writers use for foreign sounds (ڨ and ڭ for the hard g in the
//! Maghreb, گ and ک in the Gulf and Iraq, ڤ for v, پ for p, چ for ch or g, ژ for zh) and the
//! dotted and ringed letters of the Persian, Urdu, Kurdish, Pashto, Sindhi and African
//! orthographies, so that قفصة and ڨفصة, فاغنر and ڤاغنر, بوتين and پوتين are one word.
//!
//! Pure table. Each row was derived from the letter's Unicode name ("ARABIC LETTER QAF WITH
//! THREE DOTS ABOVE" → QAF), over the Arabic (U+0600–U+06FF), Arabic Supplement
//! (U+0750–U+077F) and Arabic Extended-A (U+08A0–U+08C8) blocks; letters named for their own
//! sound were given the letter of their skeleton (PEH → BEH, TCHEH → JEEM, JEH → ZAIN,
//! VEH → FEH, GAF/NG/GUEH → KAF, YEH BARREE → YEH, HEH DOACHASHMEE → HEH, VE/OE/U → WAW).
//! The presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) reach this table through their
//! compatibility decomposition in [`super::normalize`]. The 28 letters, the hamza seats,
//! alef wasla, keheh, Farsi yeh and the heh forms that [`super::normalize`] folds itself are
//! not here.

/// The Arabic letter `c` is folded to, or None when `c` is not one of the letters above.
pub fn arabic_base(c: char) -> Option<char> {
    Some(match c {
        '\u{0620}' | '\u{063D}' | '\u{063E}' | '\u{063F}' | '\u{0678}' | '\u{06CD}' | '\u{06CE}' | '\u{06D0}'
        | '\u{06D1}' | '\u{06D2}' | '\u{06D3}' | '\u{0775}' | '\u{0776}' | '\u{0777}' | '\u{077A}' | '\u{077B}'
        | '\u{08A8}' | '\u{08A9}' | '\u{08AC}' | '\u{08BA}' => '\u{064A}',
        '\u{063B}' | '\u{063C}' | '\u{06AA}' | '\u{06AB}' | '\u{06AC}' | '\u{06AD}' | '\u{06AE}' | '\u{06AF}'
        | '\u{06B0}' | '\u{06B1}' | '\u{06B2}' | '\u{06B3}' | '\u{06B4}' | '\u{0762}' | '\u{0763}' | '\u{0764}'
        | '\u{077F}' | '\u{08B0}' | '\u{08B4}' | '\u{08C2}' | '\u{08C8}' => '\u{0643}',
        '\u{066E}' | '\u{067B}' | '\u{067E}' | '\u{0680}' | '\u{0750}' | '\u{0751}' | '\u{0752}' | '\u{0753}'
        | '\u{0754}' | '\u{0755}' | '\u{0756}' | '\u{08A0}' | '\u{08A1}' | '\u{08B6}' | '\u{08B7}' | '\u{08BE}' => {
            '\u{0628}'
        }
        '\u{066F}' | '\u{06A7}' | '\u{06A8}' | '\u{08A5}' | '\u{08B5}' | '\u{08BC}' | '\u{08C4}' => '\u{0642}',
        '\u{0674}' => '\u{0621}',
        '\u{0675}' | '\u{0773}' | '\u{0774}' | '\u{08AD}' => '\u{0627}',
        '\u{0676}' | '\u{0677}' | '\u{06C4}' | '\u{06C5}' | '\u{06C6}' | '\u{06C7}' | '\u{06C8}' | '\u{06C9}'
        | '\u{06CA}' | '\u{06CB}' | '\u{06CF}' | '\u{0778}' | '\u{0779}' | '\u{08AB}' | '\u{08B1}' => '\u{0648}',
        '\u{0679}' | '\u{067A}' | '\u{067C}' | '\u{067D}' | '\u{067F}' | '\u{08B8}' | '\u{08BF}' | '\u{08C0}' => {
            '\u{062A}'
        }
        '\u{0681}' | '\u{0682}' | '\u{0685}' | '\u{0757}' | '\u{0758}' | '\u{076E}' | '\u{076F}' | '\u{0772}'
        | '\u{077C}' => '\u{062D}',
        '\u{0683}' | '\u{0684}' | '\u{0686}' | '\u{0687}' | '\u{06BF}' | '\u{08A2}' | '\u{08C1}' | '\u{08C5}'
        | '\u{08C6}' => '\u{062C}',
        '\u{0688}' | '\u{0689}' | '\u{068A}' | '\u{068B}' | '\u{068C}' | '\u{068D}' | '\u{068E}' | '\u{068F}'
        | '\u{0690}' | '\u{06EE}' | '\u{0759}' | '\u{075A}' | '\u{08AE}' => '\u{062F}',
        '\u{0691}' | '\u{0692}' | '\u{0693}' | '\u{0694}' | '\u{0695}' | '\u{0696}' | '\u{0697}' | '\u{0699}'
        | '\u{06EF}' | '\u{075B}' | '\u{076B}' | '\u{076C}' | '\u{0771}' | '\u{08AA}' | '\u{08B9}' => '\u{0631}',
        '\u{0698}' | '\u{08B2}' => '\u{0632}',
        '\u{069A}' | '\u{069B}' | '\u{069C}' | '\u{075C}' | '\u{076D}' | '\u{0770}' | '\u{077D}' | '\u{077E}' => {
            '\u{0633}'
        }
        '\u{069D}' | '\u{069E}' | '\u{08AF}' => '\u{0635}',
        '\u{069F}' | '\u{08A3}' => '\u{0637}',
        '\u{06A0}' | '\u{075D}' | '\u{075E}' | '\u{075F}' | '\u{08B3}' => '\u{0639}',
        '\u{06A1}' | '\u{06A2}' | '\u{06A3}' | '\u{06A4}' | '\u{06A5}' | '\u{06A6}' | '\u{0760}' | '\u{0761}'
        | '\u{08A4}' | '\u{08BB}' => '\u{0641}',
        '\u{06B5}' | '\u{06B6}' | '\u{06B7}' | '\u{06B8}' | '\u{076A}' | '\u{08A6}' | '\u{08C7}' => '\u{0644}',
        '\u{06B9}' | '\u{06BA}' | '\u{06BB}' | '\u{06BC}' | '\u{06BD}' | '\u{0767}' | '\u{0768}' | '\u{0769}'
        | '\u{08BD}' => '\u{0646}',
        '\u{06BE}' | '\u{06C2}' | '\u{06C3}' | '\u{06FF}' => '\u{0647}',
        '\u{06FA}' => '\u{0634}',
        '\u{06FB}' => '\u{0636}',
        '\u{06FC}' | '\u{08C3}' => '\u{063A}',
        '\u{0765}' | '\u{0766}' | '\u{08A7}' => '\u{0645}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::arabic_base;

    #[test]
    fn foreign_sound_letters_one_row_each() {
        let rows = [
            ("Maghrebi hard g: qaf with three dots", 'ڨ', 'ق'),
            ("Maghrebi qaf with one dot", 'ڧ', 'ق'),
            ("Moroccan g: ng", 'ڭ', 'ك'),
            ("Persian gaf", 'گ', 'ك'),
            ("v: veh", 'ڤ', 'ف'),
            ("v: Maghrebi feh with three dots below", 'ڥ', 'ف'),
            ("p: peh", 'پ', 'ب'),
            ("ch: tcheh", 'چ', 'ج'),
            ("zh: jeh", 'ژ', 'ز'),
            ("Urdu tteh", 'ٹ', 'ت'),
            ("Urdu heh doachashmee", 'ھ', 'ه'),
            ("Urdu yeh barree", 'ے', 'ي'),
            ("Kurdish ve", 'ۋ', 'و'),
            ("dotless qaf", 'ٯ', 'ق'),
            ("African feh (Extended-A)", 'ࢻ', 'ف'),
            ("keheh with dot above (Supplement)", 'ݢ', 'ك'),
        ];
        for (rule, from, to) in rows {
            assert_eq!(arabic_base(from), Some(to), "{rule}");
        }
    }

    #[test]
    fn every_folded_letter_lands_on_one_of_the_28() {
        let blocks = ('\u{0600}'..='\u{06FF}').chain('\u{0750}'..='\u{077F}').chain('\u{08A0}'..='\u{08FF}');
        let mut folded = 0;
        for c in blocks {
            if let Some(b) = arabic_base(c) {
                folded += 1;
                assert!(('\u{0621}'..='\u{064A}').contains(&b), "{c} → {b} is outside the 28 letters");
                assert_eq!(arabic_base(b), None, "{b} (from {c}) is folded again");
            }
        }
        assert!(folded >= 190, "every letter of the three blocks has its row ({folded})");
        for standard in ['ا', 'ب', 'ق', 'ك', 'ف', 'ج', 'ي', 'ه', 'و', 'ء'] {
            assert_eq!(arabic_base(standard), None, "{standard} is one of the 28 and stays");
        }
    }
}
