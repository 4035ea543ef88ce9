//! `bahth bench`: indexing throughput against stock tantivy (each run in its own process, so
//! peak memory is per engine), warm in-process query latency on the two query sets, and the
//! daily loop on a folder of one file per article (re-index after one change).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use serde_json::Value;

use crate::analysis::Analyzer;
use crate::baseline::Stock;
use crate::cli::{AnalyzerChoice, BenchArgs};
use crate::indexer::article::{read_all, Article};
use crate::search::count::{By, Unit};
use crate::search::{self, query::Weights, Request};
use crate::store;

/// Peak resident memory of this process, in MB (Linux; 0 elsewhere).
pub fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1024.0)
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// One indexing run (`bahth bench-index`): prints its figures as JSON.
pub fn index_once(
    engine: AnalyzerChoice,
    corpus: &Path,
    index: &Path,
    threads: usize,
    heap: usize,
    stories: bool,
) -> Result<Value> {
    let started = Instant::now();
    let (docs, bytes) = match engine {
        AnalyzerChoice::Arabic => {
            let analyzer = Analyzer::default();
            let st = store::open_or_create(index, &analyzer, false)?;
            let opts = crate::indexer::Options {
                threads,
                heap_mb: heap,
                stories,
                ..crate::indexer::Options::new(vec![corpus.to_path_buf()])
            };
            let s = crate::indexer::run(&st, &analyzer, &opts)?;
            (s.added, s.bytes)
        }
        AnalyzerChoice::Stock => {
            let arts = read_all(corpus)?;
            let (n, bytes) = (arts.len(), arts.iter().map(|a| a.text.len() as u64).sum());
            Stock::build(index, arts.into_iter(), threads, heap)?;
            (n, bytes)
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    Ok(serde_json::json!({
        "seconds": seconds, "docs": docs, "text_mb": bytes as f64 / 1e6,
        "mb_per_s": bytes as f64 / 1e6 / seconds, "docs_per_s": docs as f64 / seconds,
        "index_mb": dir_bytes(index) as f64 / 1e6, "peak_rss_mb": peak_rss_mb(),
    }))
}

/// One `bahth search QUERY --articles` in a fresh process (open the index, expand, search,
/// print), as a reporter's shell runs it; its output is discarded.
fn cli_search(index: &Path, q: &str) -> Result<()> {
    let status = Command::new(self_exe()?)
        .args(["search", q, "--articles", "--index"])
        .arg(index)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running bahth search")?;
    if status.code().is_some_and(|c| c <= 1) {
        Ok(())
    } else {
        bail!("bahth search {q} failed: {status}")
    }
}

fn self_exe() -> Result<PathBuf> {
    std::env::current_exe().context("finding the bahth binary")
}

fn spawn_index(engine: &str, args: &BenchArgs, corpus: &Path, index: &Path) -> Result<Value> {
    let _ = std::fs::remove_dir_all(index);
    let (engine, stories) = match engine.strip_suffix("-no-stories") {
        Some(e) => (e, false),
        None => (engine, true),
    };
    let out = Command::new(self_exe()?)
        .args([
            "bench-index",
            "--engine",
            engine,
            "--threads",
            &args.threads.to_string(),
            "--heap",
            &args.heap.to_string(),
        ])
        .arg("--corpus")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(if stories { &[][..] } else { &["--no-stories"][..] })
        .output()
        .context("running bench-index")?;
    if !out.status.success() {
        bail!("bench-index {engine} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    serde_json::from_slice(&out.stdout).context("reading bench-index output")
}

/// Median run by seconds.
fn median(mut runs: Vec<Value>) -> Value {
    runs.sort_by(|a, b| a["seconds"].as_f64().partial_cmp(&b["seconds"].as_f64()).unwrap_or(std::cmp::Ordering::Equal));
    runs.get(runs.len() / 2).cloned().unwrap_or(Value::Null)
}

/// Latency percentiles in ms.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest query.
    pub max: f64,
}

fn percentiles(mut ms: Vec<f64>) -> Latency {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = |p: f64| ms.get(((ms.len() as f64 * p).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    Latency { p50: at(0.50), p95: at(0.95), p99: at(0.99), max: ms.last().copied().unwrap_or(0.0) }
}

/// Times `f` over every query after one warm-up pass.
fn time_queries(queries: &[String], mut f: impl FnMut(&str) -> Result<()>) -> Result<Latency> {
    for q in queries {
        f(q)?;
    }
    let mut ms = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        f(q)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(percentiles(ms))
}

/// The bahth query modes measured.
#[derive(Debug, Clone, Copy)]
enum Mode {
    /// Ranked any-word, top 10 with stored fields: the peers' setting.
    Bare,
    /// As `bahth search` answers: all words (falling back to any), total count, snippets.
    Snippets,
    /// As `bahth search` answers, with facet counts.
    SnippetsFacets,
}

fn bahth_query(st: &store::Store, searcher: &tantivy::Searcher, q: &str, mode: Mode) -> Result<()> {
    let mut req = Request::new(q);
    match mode {
        Mode::Bare => {
            req.any = true;
            req.snippets = false;
            req.facets = false;
            req.count = false;
        }
        Mode::Snippets => req.facets = false,
        Mode::SnippetsFacets => {}
    }
    let parsed = search::bag_of_words(st, q);
    if !parsed.clauses.is_empty() {
        search::search_parsed(st, searcher, &req, parsed, Weights::from_env(), Instant::now())?;
    }
    Ok(())
}

fn write_folder(arts: &[Article], dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for (i, a) in arts.iter().enumerate() {
        let mut s = String::from("---\n");
        s.push_str(&format!("id: {}\n", a.id));
        if let Some(src) = &a.source {
            s.push_str(&format!("source: {src}\n"));
        }
        if let Some(d) = a.date {
            s.push_str(&format!("date: {}\n", crate::stats::ymd(d)));
        }
        if let Some(t) = &a.title {
            s.push_str(&format!("title: {}\n", t.replace('\n', " ")));
        }
        s.push_str("---\n");
        s.push_str(&a.text);
        std::fs::write(dir.join(format!("{i:06}.txt")), s)?;
    }
    Ok(())
}

fn run_index_cli(folder: &Path, index: &Path) -> Result<(f64, Value)> {
    let t = Instant::now();
    let out = Command::new(self_exe()?).arg("index").arg(folder).arg("--index").arg(index).arg("--json").output()?;
    let secs = t.elapsed().as_secs_f64();
    if !out.status.success() {
        bail!("bahth index failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok((secs, serde_json::from_slice(&out.stdout)?))
}

fn read_query_texts(path: &Path) -> Result<Vec<String>> {
    Ok(crate::eval::read_queries(path)?.into_iter().map(|(_, q)| q).collect())
}

/// An optional set that is missing: skipped with one line that names it and its flag.
fn optional(path: &Path, flag: &str, what: &str) -> bool {
    let there = path.exists();
    if !there {
        eprintln!("bench: skipping {what}: {} not found (give it with {flag})", path.display());
    }
    there
}

/// Runs the whole benchmark and returns its JSON result (also printed as markdown).
pub fn run(args: &BenchArgs) -> Result<Value> {
    if !args.corpus.exists() {
        bail!("--corpus {}: not found; give the corpus to index with --corpus PATH", args.corpus.display());
    }
    let tmp = tempfile::tempdir()?;
    let work = args.work.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&work)?;
    let mut corpus = args.corpus.clone();
    if args.limit > 0 {
        let arts: Vec<Article> = read_all(&args.corpus)?.into_iter().take(args.limit).collect();
        corpus = work.join("corpus.jsonl");
        let mut f = std::io::BufWriter::new(std::fs::File::create(&corpus)?);
        for a in &arts {
            use std::io::Write;
            let date = a.date.map(crate::stats::ymd);
            writeln!(
                f,
                "{}",
                serde_json::json!({"id": a.id, "title": a.title, "source": a.source, "date": date, "text": a.text})
            )?;
        }
    }
    eprintln!("bench: indexing {} ({} runs per engine)", corpus.display(), args.runs);
    let (bix, six) = (work.join("bahth-index"), work.join("stock-index"));
    let mut b_runs = Vec::new();
    let mut s_runs = Vec::new();
    let mut n_runs = Vec::new();
    let nix = work.join("bahth-index-no-stories");
    // The three runs of a round go in a different order each round: on a shared machine a
    // run's speed drifts with what ran just before it (three `bahth bench` runs of one
    // binary on a 2-core machine gave 1.39x, 1.51x and 1.52x with a fixed order and three
    // rounds).
    for round in 0..if args.reuse { 0 } else { args.runs.max(1) } {
        for turn in 0..3 {
            match (round + turn) % 3 {
                0 => s_runs.push(spawn_index("stock", args, &corpus, &six)?),
                1 => n_runs.push(spawn_index("arabic-no-stories", args, &corpus, &nix)?),
                _ => b_runs.push(spawn_index("arabic", args, &corpus, &bix)?),
            }
        }
    }
    let _ = std::fs::remove_dir_all(&nix);
    // What story sketches and grouping add, round by round: the bahth run and the same run
    // without stories are next to each other in every round, so their ratio is taken before
    // the machine drifts (the medians of the two sets of runs can come from different rounds).
    let mut paired: Vec<f64> =
        b_runs.iter().zip(&n_runs).map(|(b, n)| f(b, "seconds") / f(n, "seconds") - 1.0).collect();
    paired.sort_by(f64::total_cmp);
    let paired_share = paired.get(paired.len() / 2).copied().unwrap_or(0.0);
    let (b, s, n) = (median(b_runs), median(s_runs), median(n_runs));
    let stories_cost = serde_json::json!({
        "time_share": paired_share,
        "time_share_per_round": paired,
        "time_share_of_medians": f(&b, "seconds") / f(&n, "seconds") - 1.0,
        "size_share": f(&b, "index_mb") / f(&n, "index_mb") - 1.0,
        "seconds_without": f(&n, "seconds"), "index_mb_without": f(&n, "index_mb"),
    });
    let ratio = b["mb_per_s"].as_f64().unwrap_or(0.0) / s["mb_per_s"].as_f64().unwrap_or(1.0);
    let time_ratio = b["seconds"].as_f64().unwrap_or(0.0) / s["seconds"].as_f64().unwrap_or(1.0);

    eprintln!("bench: query latency");
    let titles =
        if optional(&args.titles, "--titles", "the title set") { read_query_texts(&args.titles)? } else { vec![] };
    let short =
        if optional(&args.short, "--short", "the short-query set") { read_query_texts(&args.short)? } else { vec![] };
    let st = store::open(&bix)?;
    let reader = st.reader()?;
    let searcher = reader.searcher();
    let stock = Stock::open(&six)?;
    let mut latency = serde_json::Map::new();
    // Entity queries: every spelling, as `bahth search --articles` runs it (query language,
    // all words, name expansion, snippets and facets).
    let entity_file = args.entities.join("entities.tsv");
    let entities: Vec<String> = if optional(&entity_file, "--entities", "the entity set") {
        crate::eval::entities::read_entities(&entity_file)?.into_iter().flat_map(|e| e.spellings).collect()
    } else {
        Vec::new()
    };
    let as_searched = |q: &str| -> Result<()> {
        let mut req = Request::new(q);
        req.articles = true;
        search::search(&st, &searcher, &req, Weights::from_env()).map(|_| ())
    };
    // Counts by month over the same spellings, and the commonest name alone (repeated), as a
    // reporter's `count` and `search --articles` run them.
    let by_month = |q: &str| -> Result<()> {
        let req = Request::new(q);
        search::count_request(&st, &searcher, &req, &[By::Month], Unit::Articles).map(|_| ())
    };
    let count_month = time_queries(&entities, by_month)?;
    let mut commonest = (0u64, String::new());
    for q in &entities {
        let n = search::count_request(&st, &searcher, &Request::new(q), &[], Unit::Articles)?.counts.total;
        if n > commonest.0 {
            commonest = (n, q.clone());
        }
    }
    let repeated = if commonest.1.is_empty() { Vec::new() } else { vec![commonest.1.clone(); 50] };
    let commonest_articles = time_queries(&repeated, as_searched)?;
    let commonest_count = time_queries(&repeated, by_month)?;
    latency.insert(
        "counts".into(),
        serde_json::json!({"count_by_month": count_month, "commonest": commonest.1, "commonest_articles": commonest.0,
            "commonest_search_articles": commonest_articles, "commonest_count_by_month": commonest_count}),
    );
    let remembered = time_queries(&entities, as_searched)?;
    let as_stories = |q: &str| -> Result<()> {
        let mut req = Request::new(q);
        req.stories = true;
        search::search(&st, &searcher, &req, Weights::from_env()).map(|_| ())
    };
    let stories_search = time_queries(&entities, as_stories)?;
    // `bahth stories`: the grouping computed afresh from the sketches, and the command as a
    // reporter runs it (reading stories.json).
    let grouping = time_queries(&["all".to_string()], |_| crate::stories::Stories::build(&st, &searcher).map(|_| ()))?;
    let listing = time_queries(&vec!["stories".to_string(); 20], |_| {
        let status = Command::new(self_exe()?)
            .args(["stories", "--json", "--index"])
            .arg(&bix)
            .stdout(std::process::Stdio::null())
            .status()?;
        if status.code().is_some_and(|c| c <= 1) {
            Ok(())
        } else {
            bail!("bahth stories failed: {status}")
        }
    })?;
    latency.insert(
        "stories".into(),
        serde_json::json!({"search_articles": remembered.clone(), "search_stories": stories_search,
            "grouping_afresh": grouping, "stories_cli_process": listing}),
    );
    crate::names::memo::set_enabled(false);
    let fresh = time_queries(&entities, as_searched)?;
    crate::names::memo::set_enabled(true);
    let process = time_queries(&entities, |q| cli_search(&bix, q))?;
    latency.insert(
        "entities".into(),
        serde_json::json!({"queries": entities.len(), "bahth_snippets_facets": remembered,
            "bahth_fresh_expansion": fresh, "bahth_cli_process": process,
            "stock_top10": time_queries(&entities, |q| stock.search(q, 10).map(|_| ()))?}),
    );
    for (name, qs) in [("titles", &titles), ("short", &short)] {
        let bare = time_queries(qs, |q| bahth_query(&st, &searcher, q, Mode::Bare))?;
        let snip = time_queries(qs, |q| bahth_query(&st, &searcher, q, Mode::Snippets))?;
        let full = time_queries(qs, |q| bahth_query(&st, &searcher, q, Mode::SnippetsFacets))?;
        crate::names::memo::set_enabled(false);
        let fresh = time_queries(qs, |q| bahth_query(&st, &searcher, q, Mode::SnippetsFacets))?;
        crate::names::memo::set_enabled(true);
        let base = time_queries(qs, |q| stock.search(q, 10).map(|_| ()))?;
        latency.insert(
            name.into(),
            serde_json::json!({"queries": qs.len(), "bahth_top10": bare, "bahth_snippets": snip,
                "bahth_snippets_facets": full, "bahth_fresh_expansion": fresh, "stock_top10": base}),
        );
    }

    let mut folder = Value::Null;
    if !args.no_folder {
        eprintln!("bench: one file per article, index, change one, re-index");
        let arts = read_all(&corpus)?;
        let dir = work.join("folder");
        let fix = work.join("folder-index");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&fix);
        write_folder(&arts, &dir)?;
        let (first, _) = run_index_cli(&dir, &fix)?;
        let (noop, _) = run_index_cli(&dir, &fix)?;
        let target = dir.join(format!("{:06}.txt", arts.len() / 2));
        let mut text = std::fs::read_to_string(&target)?;
        text.push_str("\nفقرة أضيفت للتو عن باماكو.\n");
        std::fs::write(&target, text)?;
        let (one, v) = run_index_cli(&dir, &fix)?;
        if v["updated"] != 1 {
            bail!("re-index after one change did not update exactly one article: {v}");
        }
        folder = serde_json::json!({"files": arts.len(), "first_index_s": first, "unchanged_rerun_s": noop, "one_change_rerun_s": one});
    }
    Ok(serde_json::json!({
        "corpus": corpus.display().to_string(), "threads": args.threads, "heap_mb": args.heap,
        "indexing": {"bahth": b, "stock": s, "throughput_ratio": ratio, "time_ratio": time_ratio, "stories": stories_cost},
        "latency_ms": latency, "folder": folder,
    }))
}

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(f64::NAN)
}

/// The result as a markdown table.
pub fn markdown(r: &Value) -> String {
    let mut out = String::new();
    let ix = &r["indexing"];
    out.push_str("| indexing | seconds | MB/s | docs/s | index MB | peak MB |\n|---|---|---|---|---|---|\n");
    for e in ["bahth", "stock"] {
        let v = &ix[e];
        out.push_str(&format!(
            "| {e} | {:.2} | {:.1} | {:.0} | {:.0} | {:.0} |\n",
            f(v, "seconds"),
            f(v, "mb_per_s"),
            f(v, "docs_per_s"),
            f(v, "index_mb"),
            f(v, "peak_rss_mb")
        ));
    }
    out.push_str(&format!(
        "\nbahth/stock indexing time: {:.2}x (throughput ratio {:.2}x, over different byte counts)\n\n",
        f(ix, "time_ratio"),
        f(ix, "throughput_ratio")
    ));
    let sc = &ix["stories"];
    if !sc.is_null() {
        out.push_str(&format!(
            "stories (sketches and grouping): {:+.1}% indexing time (median of the rounds' paired ratios: {}; ratio of the medians {:+.1}%; {:.2} s without), +{:.1}% index size ({:.0} MB without)\n\n",
            100.0 * f(sc, "time_share"),
            sc["time_share_per_round"]
                .as_array()
                .map(|v| v.iter().map(|x| format!("{:+.1}%", 100.0 * x.as_f64().unwrap_or(0.0))).collect::<Vec<_>>().join(" "))
                .unwrap_or_default(),
            100.0 * f(sc, "time_share_of_medians"),
            f(sc, "seconds_without"),
            100.0 * f(sc, "size_share"),
            f(sc, "index_mb_without")
        ));
    }
    let st = &r["latency_ms"]["stories"];
    if !st.is_null() {
        let cell =
            |v: &Value| format!("{:.2} / {:.2} / {:.2} / {:.2}", f(v, "p50"), f(v, "p95"), f(v, "p99"), f(v, "max"));
        out.push_str(&format!(
            "| stories, ms (p50 / p95 / p99 / max) | |\n|---|---|\n| `search --articles`, every entity spelling | {} |\n| `search --stories`, the same | {} |\n| grouping computed afresh from the sketches | {} |\n| a fresh `bahth stories --json` process, wall | {} |\n\n",
            cell(&st["search_articles"]), cell(&st["search_stories"]), cell(&st["grouping_afresh"]), cell(&st["stories_cli_process"])
        ));
    }
    out.push_str("| latency ms (p50 / p95 / p99 / max) | titles | short | entities |\n|---|---|---|---|\n");
    for (label, key) in [
        ("bahth top 10, stored fields", "bahth_top10"),
        ("bahth + snippets", "bahth_snippets"),
        ("bahth + snippets + facets", "bahth_snippets_facets"),
        ("the same, name expansion computed afresh", "bahth_fresh_expansion"),
        ("a fresh `bahth search --articles` process, wall", "bahth_cli_process"),
        ("stock tantivy top 10", "stock_top10"),
    ] {
        let cell = |set: &str| {
            let v = &r["latency_ms"][set][key];
            if v.is_null() {
                return "-".to_string();
            }
            format!("{:.2} / {:.2} / {:.2} / {:.2}", f(v, "p50"), f(v, "p95"), f(v, "p99"), f(v, "max"))
        };
        out.push_str(&format!("| {label} | {} | {} | {} |\n", cell("titles"), cell("short"), cell("entities")));
    }
    let c = &r["latency_ms"]["counts"];
    if !c.is_null() {
        let cell =
            |v: &Value| format!("{:.2} / {:.2} / {:.2} / {:.2}", f(v, "p50"), f(v, "p95"), f(v, "p99"), f(v, "max"));
        out.push_str(&format!(
            "\n| counts, ms (p50 / p95 / p99 / max) | |\n|---|---|\n| `count --by month`, every entity spelling | {} |\n| `search --articles` {} ({} articles), 50 times | {} |\n| `count --by month` {}, 50 times | {} |\n",
            cell(&c["count_by_month"]),
            c["commonest"].as_str().unwrap_or(""),
            c["commonest_articles"],
            cell(&c["commonest_search_articles"]),
            c["commonest"].as_str().unwrap_or(""),
            cell(&c["commonest_count_by_month"]),
        ));
    }
    if !r["folder"].is_null() {
        let v = &r["folder"];
        out.push_str(&format!(
            "\nfolder of {} files: first index {:.1} s, unchanged rerun {:.2} s, one changed article {:.2} s (wall, process start included)\n",
            v["files"], f(v, "first_index_s"), f(v, "unchanged_rerun_s"), f(v, "one_change_rerun_s")
        ));
    }
    out
}
