//! Query + snippet generation on a fixed index of the seeds (built once in a temp folder).

use bahth::analysis::Analyzer;
use bahth::search::{self, query::Weights, Request};
use bahth::store;
use criterion::{criterion_group, criterion_main, Criterion};

fn search_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let analyzer = Analyzer::default();
    let st = store::open_or_create(dir.path(), &analyzer).unwrap();
    let opts = bahth::indexer::Options {
        paths: vec![concat!(env!("CARGO_MANIFEST_DIR"), "/seeds").into()],
        source: None,
        threads: 1,
        heap_mb: 64,
        full: false,
        dry_run: false,
        keep_missing: true,
        max_bytes: 1 << 30,
        commit_every: 0,
        passage_words: 120,
        progress: false,
    };
    bahth::indexer::run(&st, &analyzer, &opts).unwrap();
    let st = store::open(dir.path()).unwrap();
    let reader = st.index.reader().unwrap();
    let searcher = reader.searcher();
    let mut g = c.benchmark_group("search");
    for q in ["فاغنر", "مطار موديبو كيتا", "\"نصرة الإسلام والمسلمين\"", "جويتا OR غويتا -باماكو"]
    {
        for snippets in [false, true] {
            let name = format!("{q} snippets={snippets}");
            g.bench_function(name, |b| {
                b.iter(|| {
                    let mut req = Request::new(q);
                    req.snippets = snippets;
                    search::search(&st, &searcher, &req, Weights::default()).unwrap().hits.len()
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, search_bench);
criterion_main!(benches);
