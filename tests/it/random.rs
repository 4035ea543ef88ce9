//! Random-input tests for everything that reads user text besides the analyzer (which has its
//! own in analysis.rs): the query language end to end, front matter and JSON records.

use std::sync::OnceLock;

use bahth::indexer::article::{parse_json, parse_text};
use bahth::search::{self, parse::parse, query::Weights, Request};
use bahth::store::{self, Store};
use proptest::prelude::*;

/// A seeds index built once for all cases.
fn seeds() -> &'static (tempfile::TempDir, Store) {
    static SEEDS: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let analyzer = bahth::analysis::Analyzer::default();
        let st = store::open_or_create(dir.path(), &analyzer, false).unwrap();
        let opts = bahth::indexer::Options::new(vec![crate::common::root().join("seeds")]);
        bahth::indexer::run(&st, &analyzer, &opts).unwrap();
        let st = store::open(dir.path()).unwrap();
        (dir, st)
    })
}

/// Query-ish text: Arabic words from the seeds, syntax characters, marks and noise.
fn query_soup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("فاغنر".to_string()),
        Just("باماكو".to_string()),
        Just("جويتا".to_string()),
        Just("في".to_string()),
        Just("OR".to_string()),
        Just("source:".to_string()),
        Just("title:".to_string()),
        "[\"«»“”\\-~:()*?]{1,2}",
        "[\u{0621}-\u{0655}]{1,6}",
        "[ \t\n]{1,2}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..10).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_query_is_answered_or_refused_without_a_panic(q in query_soup(), any in any::<bool>(), articles in any::<bool>()) {
        let (_, st) = seeds();
        let reader = st.index.reader().unwrap();
        let searcher = reader.searcher();
        let mut req = Request::new(&q);
        req.any = any;
        req.articles = articles;
        match search::search(st, &searcher, &req, Weights::default()) {
            Ok(r) => {
                for h in &r.hits {
                    let n = h.snippet.chars().count();
                    prop_assert!(h.highlights.iter().all(|[s, e]| s < e && *e <= n));
                }
            }
            Err(e) => prop_assert!(e.to_string().contains("query"), "an error names the query: {e}"),
        }
        // The parser alone never refuses: what is not an operator is noted as punctuation,
        // and every note says what and where.
        let parsed = parse(&q);
        prop_assert!(parsed.notes.iter().all(|n| n.contains("character")), "{:?}", parsed.notes);
    }

    #[test]
    fn front_matter_and_json_never_panic(text in "(---\n)?([a-z]{0,5}:? ?[^\n]{0,20}\n){0,5}(---\n)?.{0,40}", json in ".{0,60}") {
        let (article, problems) = parse_text(&text);
        prop_assert!(article.text.len() <= text.len());
        prop_assert!(problems.iter().all(|p| !p.message.is_empty()));
        let _ = parse_json(&json, true);
        let _ = parse_json(&json, false);
    }
}
