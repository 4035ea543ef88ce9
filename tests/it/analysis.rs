//! The analyzer through `bahth analyze`: every row of tests/cases/analysis.tsv, the CLI's JSON
//! shape, and random-input properties on the library.

use bahth::analysis::tantivy_glue::{Form, FormTokenizer};
use bahth::analysis::Analyzer;
use proptest::prelude::*;
use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::common::{analyze_json, case_rows, check_spans};

fn single(text: &str) -> serde_json::Value {
    let toks = analyze_json(text);
    assert_eq!(toks.len(), 1, "{text:?} must be one token, got {toks:?}");
    toks[0].clone()
}

#[test]
fn every_row_of_analysis_tsv() {
    let rows = case_rows("analysis.tsv");
    assert!(rows.len() >= 40, "the table is all there");
    let mut failures = Vec::new();
    for (line, row) in rows {
        let (kind, left, right, note) = (&row[0], &row[1], &row[2], row.get(3).cloned().unwrap_or_default());
        let l = single(left);
        let r = if kind == "norm" { serde_json::Value::Null } else { single(right) };
        let ok = match kind.as_str() {
            "norm" => l["normalized"] == right.as_str(),
            "same" => l["stem"] == r["stem"],
            "differ" => l["stem"] != r["stem"] && l["normalized"] != r["normalized"] && l["variant"] != r["variant"],
            other => panic!("line {line}: unknown kind {other}"),
        };
        if !ok {
            failures.push(format!("line {line} ({kind} {left} {right}: {note}): got {l} / {r}"));
        }
    }
    assert!(failures.is_empty(), "failing rows:\n{}", failures.join("\n"));
}

#[test]
fn analyze_json_has_the_documented_fields() {
    let text = "وَالْإِسْرَائِيلِيِّينَ على JNIM";
    let toks = analyze_json(text);
    assert_eq!(toks.len(), 3, "a long vocalized word is kept (length counts characters)");
    for key in ["text", "start", "end", "normalized", "stem", "variant", "stopword"] {
        assert!(toks[0].get(key).is_some(), "missing {key}");
    }
    assert_eq!(toks[0]["text"], "وَالْإِسْرَائِيلِيِّينَ", "offsets cover the diacritized original");
    assert_eq!(toks[1]["stopword"], true);
    assert_eq!(toks[2]["normalized"], "jnim");
}

#[test]
fn stopwords_by_spelling_and_the_name_ali() {
    for w in ["على", "إلى", "الى", "الذي", "وفي", "ومن", "عَلَى"] {
        assert_eq!(single(w)["stopword"], true, "{w} is a stopword");
    }
    let ali = single("علي");
    assert_eq!(ali["stopword"], false, "the name Ali is not a stopword");
    assert_ne!(ali["normalized"], single("على")["normalized"], "على and علي must not meet");
}

#[test]
fn offsets_land_on_the_original_words_in_the_seeds() {
    let analyzer = Analyzer::default();
    for entry in std::fs::read_dir(crate::common::root().join("seeds")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let toks = analyzer.analyze(&text);
        assert!(toks.len() > 100);
        let spans: Vec<_> = toks.iter().map(|t| (t.start, t.end, text[t.start..t.end].to_string())).collect();
        check_spans(&text, &spans);
    }
}

#[test]
fn tantivy_tokenizers_emit_the_analyzer_forms() {
    let analyzer = Analyzer::default();
    let text = "قال مسؤولون إنّ شخصاً قُتل في باماكو";
    let toks = analyzer.analyze(text);
    for form in [Form::Exact, Form::Stem, Form::Variant] {
        let mut tk = FormTokenizer { analyzer: analyzer.clone(), form };
        let mut stream = tk.token_stream(text);
        let mut got = Vec::new();
        while stream.advance() {
            let t = stream.token();
            got.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        let want: Vec<_> = toks
            .iter()
            .filter(|t| form.indexes(t))
            .map(|t| (form.pick(t).to_string(), t.start, t.end, t.position))
            .collect();
        assert_eq!(got, want, "{form:?}");
    }
}

/// Arabic letters, marks, tatweel, joiners, bidi marks, digits, presentation forms, Latin
/// and punctuation, mixed at random.
fn arabic_soup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[\u{0621}-\u{064A}]{1,8}",
        "[\u{064B}-\u{0655}\u{0670}\u{0640}]{1,3}",
        "[\u{200B}-\u{200F}\u{061C}\u{202A}-\u{202E}\u{FEFF}\u{00AD}]",
        "[\u{0660}-\u{0669}\u{06F0}-\u{06F9}]{1,4}",
        "[\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFC}]{1,3}",
        "[a-zA-ZÀ-ÿ]{1,6}",
        "[ \n\t،؛؟«»“”()/\\-.:,!?]{1,2}",
        "https?://[a-z.]{1,8}/[a-z/]{0,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokens_keep_their_invariants(text in arabic_soup()) {
        let toks = Analyzer::default().analyze(&text);
        let spans: Vec<_> = toks.iter().map(|t| (t.start, t.end, text[t.start..t.end].to_string())).collect();
        check_spans(&text, &spans);
        for (i, t) in toks.iter().enumerate() {
            prop_assert_eq!(t.position, i);
            prop_assert!(!t.normalized.is_empty() && !t.stem.is_empty());
        }
    }

    #[test]
    fn analysis_is_idempotent_on_its_output(text in arabic_soup()) {
        let analyzer = Analyzer::default();
        for t in analyzer.analyze(&text) {
            let again = analyzer.analyze(&t.normalized);
            prop_assert_eq!(again.len(), 1, "{:?} re-analyzed into {:?}", t.normalized, again);
            prop_assert_eq!(&again[0].normalized, &t.normalized);
            prop_assert_eq!(again[0].stopword, t.stopword);
        }
    }

    #[test]
    fn any_unicode_never_panics(text in any::<String>()) {
        let toks = Analyzer::default().analyze(&text);
        let spans: Vec<_> = toks.iter().map(|t| (t.start, t.end, text[t.start..t.end].to_string())).collect();
        check_spans(&text, &spans);
    }
}
