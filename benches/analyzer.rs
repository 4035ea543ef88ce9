//! Analyzer throughput (MB/s of Arabic text) on the seed articles.

use bahth::analysis::{Analyzer, StemmerKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn seeds() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let mut text = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for p in paths {
        text.push_str(&std::fs::read_to_string(p).unwrap());
    }
    text
}

fn analyzer(c: &mut Criterion) {
    let text = seeds();
    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Bytes(text.len() as u64));
    for kind in [StemmerKind::Light, StemmerKind::Snowball, StemmerKind::None] {
        let a = Analyzer::new(kind, &[] as &[&str]).unwrap();
        g.bench_function(kind.name(), |b| {
            b.iter(|| {
                let mut n = 0usize;
                a.for_each_token(&text, |t| n += t.stem.len());
                n
            })
        });
    }
    g.finish();
}

criterion_group!(benches, analyzer);
criterion_main!(benches);
