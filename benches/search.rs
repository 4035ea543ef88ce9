//! Query + snippet generation on a fixed index of the seeds (built once in a temp folder).

use bahth::analysis::Analyzer;
use bahth::search::{self, query::Weights, Request};
use bahth::store;
use criterion::{criterion_group, criterion_main, Criterion};

fn search_bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let analyzer = Analyzer::default();
    let st = store::open_or_create(dir.path(), &analyzer, false).unwrap();
    let opts = bahth::indexer::Options::new(vec![concat!(env!("CARGO_MANIFEST_DIR"), "/seeds").into()]);
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
