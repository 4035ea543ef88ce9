//! One function per subcommand: configuration in, core call, output out.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::analysis::Analyzer;
use crate::cli::{Cli, Command, IndexArgs, SearchArgs};
use crate::error::{EXIT_NO_HITS, EXIT_OK};
use crate::indexer::{self, Summary};
use crate::store;

/// Runs one parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Analyze { text, json, analysis } => {
            let analyzer = Analyzer::new(analysis.stemmer, &analysis.protect)?;
            analyze(&analyzer, &text, json)
        }
        Command::Index(args) => index(&args),
        Command::Stats { index, json } => stats(index, json),
        Command::Search(args) => search(&args),
        Command::Count(args) => count(&args),
        Command::Serve { index, host, port, open, header_timeout, body_timeout } => {
            ensure_default_index(index.as_deref())?;
            let st = store::open(&store::default_dir(index.as_deref()))?;
            let limits = crate::serve::Limits {
                headers: std::time::Duration::from_secs_f64(header_timeout),
                body: std::time::Duration::from_secs_f64(body_timeout),
            };
            crate::serve::run(st, &host, port, open, limits)?;
            Ok(EXIT_OK)
        }
        Command::Check { index, json } => check(index, json),
        Command::Stories { index, json, min_size, limit } => stories(index.as_deref(), json, min_size, limit),
        Command::Eval(args) => eval(&args),
        Command::Bench(args) => {
            let r = crate::bench::run(&args)?;
            std::fs::write(&args.out, serde_json::to_string_pretty(&r)?)
                .with_context(|| format!("writing {}", args.out.display()))?;
            println!("{}", crate::bench::markdown(&r));
            eprintln!("bench: wrote {}", args.out.display());
            Ok(EXIT_OK)
        }
        Command::BenchIndex { engine, corpus, index, threads, heap, no_stories } => {
            let v = crate::bench::index_once(engine, &corpus, &index, threads, heap, !no_stories)?;
            println!("{v}");
            Ok(EXIT_OK)
        }
    }
}

fn analyze(analyzer: &Analyzer, text: &str, json: bool) -> Result<i32> {
    let tokens = analyzer.analyze(text);
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = tokens
            .iter()
            .map(|t| {
                serde_json::json!({
                    "text": &text[t.start..t.end], "start": t.start, "end": t.end,
                    "normalized": t.normalized, "stem": t.stem, "variant": t.variant,
                    "stopword": t.stopword,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({ "tokens": rows }))?;
    } else {
        writeln!(out, "{:<20} {:>11}  {:<16} {:<14} {:<14} stop", "text", "bytes", "normalized", "stem", "variant")?;
        for t in &tokens {
            writeln!(
                out,
                "{:<20} {:>5}..{:<5}  {:<16} {:<14} {:<14} {}",
                &text[t.start..t.end],
                t.start,
                t.end,
                t.normalized,
                t.stem,
                t.variant,
                if t.stopword { "yes" } else { "" }
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// The indexer options of `bahth index` arguments.
pub fn index_options(args: &IndexArgs, progress: bool) -> indexer::Options {
    let paths = if args.paths.is_empty() { vec![PathBuf::from("seeds")] } else { args.paths.clone() };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    indexer::Options {
        paths,
        source: args.source.clone(),
        threads: args.threads.unwrap_or(cores).clamp(1, 8),
        heap_mb: args.heap,
        full: args.full,
        dry_run: args.dry_run,
        keep_missing: args.keep_missing,
        max_bytes: args.max_file_mb.saturating_mul(1 << 20),
        commit_every: args.commit_every,
        passage_words: args.passage_words,
        progress,
        stories: true,
    }
}

fn index(args: &IndexArgs) -> Result<i32> {
    if args.threads == Some(0) {
        return Err(crate::error::user("--threads must be at least 1"));
    }
    let dir = store::default_dir(args.index.as_deref());
    let analyzer = Analyzer::new(args.analysis.stemmer, &args.analysis.protect)?;
    let opts = index_options(args, !args.quiet && !args.json);
    for p in &opts.paths {
        if !p.exists() {
            return Err(crate::error::user(format!(
                "{} does not exist: give files or folders of articles to index",
                p.display()
            )));
        }
    }
    if args.full && !args.dry_run && store::exists(&dir) {
        let why = if store::is_damaged(&dir) {
            Some(("damaged", "is damaged"))
        } else if store::schema_differs(&dir) {
            Some(("old", "has the fields of an older bahth"))
        } else {
            None
        };
        if let Some((suffix, said)) = why {
            let aside = store::move_aside(&dir, suffix)?;
            eprintln!(
                "bahth: the index at {} {said}: moved it to {} (delete that folder once the rebuild is done), rebuilding",
                dir.display(),
                aside.display()
            );
        }
    }
    let st = store::open_or_create(&dir, &analyzer, args.full)?;
    let summary = indexer::run(&st, &analyzer, &opts)?;
    report(&summary, args)?;
    Ok(EXIT_OK)
}

/// The one-line summary: `added N, updated N, removed N, unchanged N, skipped N (reasons) in X s (Y MB/s)`.
pub fn summary_line(s: &Summary) -> String {
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for k in &s.skipped {
        let short = k.reason.split([':', '(', ';']).next().unwrap_or("").trim().to_string();
        *reasons.entry(short).or_default() += 1;
    }
    let why = if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.iter().map(|(r, n)| format!("{n} {r}")).collect::<Vec<_>>().join(", "))
    };
    let mbs = if s.seconds > 0.0 { s.bytes as f64 / 1e6 / s.seconds } else { 0.0 };
    format!(
        "added {}, updated {}, removed {}, unchanged {}, skipped {}{} in {:.2} s ({:.1} MB/s)",
        s.added,
        s.updated,
        s.removed,
        s.unchanged,
        s.skipped.len(),
        why,
        s.seconds,
        mbs
    )
}

fn report(s: &Summary, args: &IndexArgs) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({
            "added": s.added, "updated": s.updated, "removed": s.removed, "unchanged": s.unchanged,
            "skipped": s.skipped, "warnings": s.warnings, "not_walked": s.index_dirs, "passages": s.passages, "bytes": s.bytes,
            "seconds": s.seconds, "dry_run": args.dry_run, "stories": s.stories, "stories_seconds": s.stories_seconds,
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    if args.quiet {
        return Ok(());
    }
    let shown = if args.verbose { usize::MAX } else { 10 };
    if args.verbose {
        for d in &s.index_dirs {
            eprintln!("bahth: not walking {d}: it holds a bahth index");
        }
    }
    for k in s.skipped.iter().take(shown) {
        eprintln!("bahth: skipped {}: {}", k.path, k.reason);
    }
    if s.skipped.len() > shown {
        eprintln!("bahth: … and {} more skipped (--verbose lists all)", s.skipped.len() - shown);
    }
    for k in s.warnings.iter().take(shown) {
        eprintln!("bahth: warning: {}: {}", k.path, k.reason);
    }
    let prefix = if args.dry_run { "dry run: would have " } else { "" };
    writeln!(out, "{prefix}{}", summary_line(s))?;
    Ok(())
}

fn stats(index: Option<PathBuf>, json: bool) -> Result<i32> {
    let dir = store::default_dir(index.as_deref());
    let st = store::open(&dir)?;
    let s = crate::stats::stats(&st)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&s)?)?;
    } else {
        writeln!(out, "index      {}", dir.display())?;
        writeln!(out, "articles   {}", s.articles)?;
        writeln!(out, "passages   {}", s.passages)?;
        writeln!(
            out,
            "dates      {} .. {}",
            s.first_date.as_deref().unwrap_or("-"),
            s.last_date.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "size       {:.1} MB", s.bytes as f64 / 1e6)?;
        writeln!(out, "analyzer   {}", s.analyzer)?;
        writeln!(out, "sources")?;
        for (name, n) in &s.sources {
            writeln!(out, "  {n:>7}  {name}")?;
        }
    }
    Ok(EXIT_OK)
}

/// Builds the default index from seeds/ when a first search finds none.
fn ensure_default_index(index: Option<&std::path::Path>) -> Result<()> {
    let default = index.is_none() && std::env::var_os("BAHTH_INDEX").is_none();
    let dir = store::default_dir(index);
    if default && !store::exists(&dir) && std::path::Path::new("seeds").is_dir() {
        eprintln!("bahth: no index yet: building {} from seeds/ (once)", dir.display());
        let analyzer = Analyzer::default();
        let st = store::open_or_create(&dir, &analyzer, false)?;
        let opts = indexer::Options { max_bytes: 20 << 20, ..indexer::Options::new(vec![PathBuf::from("seeds")]) };
        indexer::run(&st, &analyzer, &opts)?;
    }
    Ok(())
}

fn search(args: &SearchArgs) -> Result<i32> {
    if args.limit == 0 {
        return Err(crate::error::user("--limit must be at least 1"));
    }
    let (st, reader) = open_for_queries(&args.opts)?;
    let searcher = reader.searcher();
    let mut req = request(&args.query, &args.opts);
    req.limit = args.limit;
    req.offset = args.offset;
    req.articles = args.articles;
    req.stories = args.stories;
    req.sort = args.sort;
    req.explain = args.explain;
    if args.csv || args.jsonl {
        return export(&st, &searcher, &req, args.csv);
    }
    let resp = crate::search::search(&st, &searcher, &req, Default::default())?;
    if !args.json {
        for note in &resp.notes {
            eprintln!("bahth: note: {note}");
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        crate::output::json::write(&mut out, &resp)?;
    } else {
        crate::output::text::write(&mut out, &resp, crate::output::text::Marks::detect(), args.explain)?;
    }
    out.flush()?;
    Ok(if resp.hits.is_empty() && resp.total_hits == 0 { EXIT_NO_HITS } else { EXIT_OK })
}

/// `search --csv` / `--jsonl`: every hit, written a page at a time as it is found.
fn export(st: &store::Store, searcher: &tantivy::Searcher, req: &crate::search::Request, csv: bool) -> Result<i32> {
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = if csv {
        let mut w = crate::output::export::Csv::start(out)?;
        let n = crate::search::export(st, searcher, req, |hits| w.rows(hits))?;
        w.get_mut().flush()?;
        n
    } else {
        let mut out = out;
        let n = crate::search::export(st, searcher, req, |hits| crate::output::export::write_jsonl(&mut out, hits))?;
        out.flush()?;
        n
    };
    Ok(if written == 0 { EXIT_NO_HITS } else { EXIT_OK })
}

fn stories(index: Option<&std::path::Path>, json: bool, min_size: usize, limit: usize) -> Result<i32> {
    if min_size < 2 {
        return Err(crate::error::user("--min-size must be at least 2 (a story of one article has no copies)"));
    }
    ensure_default_index(index)?;
    let st = store::open(&store::default_dir(index))?;
    crate::stories::Stories::require(&st)?;
    let searcher = st.reader()?.searcher();
    let all = crate::stories::Stories::of(&st, &searcher)?;
    let limit = if limit == 0 { usize::MAX } else { limit };
    let shown = all.listing(&st, &searcher, min_size, limit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        crate::output::stories::write_json(&mut out, &shown)?;
    } else {
        crate::output::stories::write_text(&mut out, &shown, all.stories.len(), all.grouped_articles())?;
    }
    out.flush()?;
    Ok(if shown.is_empty() { EXIT_NO_HITS } else { EXIT_OK })
}

fn eval(args: &crate::cli::EvalArgs) -> Result<i32> {
    if let Some(dir) = &args.entities {
        return eval_entities(args, dir);
    }
    if args.stories {
        return eval_stories(args);
    }
    let r = crate::eval::run(args)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&r)?)?;
    } else {
        let s = &r.scores;
        writeln!(out, "config      {}", r.config)?;
        writeln!(out, "queries     {}", s.queries)?;
        writeln!(out, "nDCG@10     {:.3}", s.ndcg_10)?;
        writeln!(out, "MRR@10      {:.3}", s.mrr_10)?;
        writeln!(out, "Recall@100  {:.3}", s.recall_100)?;
        writeln!(out, "MAP         {:.3}", s.map)?;
        writeln!(out, "index {:.1} s, queries {:.1} s", r.index_seconds, r.query_seconds)?;
    }
    Ok(EXIT_OK)
}

fn eval_stories(args: &crate::cli::EvalArgs) -> Result<i32> {
    let docs = args.docs.clone().unwrap_or_else(|| "../shared/bench/ant-news.jsonl.gz".into());
    if !docs.exists() {
        return Err(crate::error::user(format!("--docs {}: no such file or folder", docs.display())));
    }
    let tmp = tempfile::tempdir().context("creating a temporary folder")?;
    let r = crate::eval::stories::run(&docs, args.originals, tmp.path())?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&r)?)?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "originals {}, copies {}, negatives {}", r.originals, r.copies, r.negatives)?;
    writeln!(
        out,
        "{:<20} {:>7} {:>6} {:>5} {:>5} {:>9} {:>7}",
        "pairs", "judged", "TP", "FP", "FN", "precision", "recall"
    )?;
    let mut row = |name: &str, p: &crate::eval::stories::Pairs| {
        writeln!(
            out,
            "{:<20} {:>7} {:>6} {:>5} {:>5} {:>9.3} {:>7.3}",
            name, p.pairs, p.true_positives, p.false_positives, p.false_negatives, p.precision, p.recall
        )
    };
    for (e, p) in &r.by_edit {
        row(&serde_json::to_value(e)?.as_str().unwrap_or_default().replace('_', " "), p)?;
    }
    row("same-day negatives", &r.negatives_pairs)?;
    row("all", &r.all)?;
    Ok(EXIT_OK)
}

fn eval_entities(args: &crate::cli::EvalArgs, dir: &std::path::Path) -> Result<i32> {
    let r = crate::eval::entities::run(args, dir)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&r)?)?;
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "{:<12} {:<22} {:>8} {:>8} {:>7} {:>9} {:>8}",
        "entity", "query", "returned", "relevant", "recall", "precision", "ms"
    )?;
    for q in &r.queries {
        writeln!(
            out,
            "{:<12} {:<22} {:>8} {:>8} {:>7.3} {:>9.3} {:>8.1}",
            q.key, q.query, q.returned, q.relevant, q.recall, q.precision, q.took_ms
        )?;
    }
    writeln!(out, "queries             {}", r.queries.len())?;
    writeln!(out, "macro recall        {:.3}", r.macro_recall)?;
    writeln!(out, "macro precision     {:.3}", r.macro_precision)?;
    writeln!(out, "worst-spelling recall (mean over {} entities) {:.3}", r.worst_recall.len(), r.mean_worst_recall)?;
    writeln!(out, "index {:.1} s", r.index_seconds)?;
    Ok(EXIT_OK)
}

fn count(args: &crate::cli::CountArgs) -> Result<i32> {
    let (st, reader) = open_for_queries(&args.opts)?;
    let searcher = reader.searcher();
    let req = request(&args.query, &args.opts);
    let unit = match (args.unit, args.passages) {
        (Some(u), _) => u,
        (None, true) => crate::search::count::Unit::Passages,
        (None, false) => crate::search::count::Unit::Articles,
    };
    let mut by = args.by.clone();
    by.dedup();
    let resp = crate::search::count_request(&st, &searcher, &req, &by, unit)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        crate::output::counts::write_json(&mut out, &resp)?;
    } else if args.csv {
        crate::output::counts::write_csv(&mut out, &resp)?;
    } else {
        crate::output::counts::write_text(&mut out, &resp)?;
    }
    out.flush()?;
    Ok(if resp.counts.total == 0 { EXIT_NO_HITS } else { EXIT_OK })
}

fn check(index: Option<PathBuf>, json: bool) -> Result<i32> {
    let dir = store::default_dir(index.as_deref());
    let c = store::check(&dir)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&c)?)?;
    } else if c.problems.is_empty() {
        writeln!(
            out,
            "index {}: {} segments, every checksum matches, analyzer {}",
            c.index,
            c.segments,
            c.analyzer.as_deref().unwrap_or("none (empty)")
        )?;
    } else {
        writeln!(out, "index {}: damaged or unusable", c.index)?;
        for p in &c.problems {
            writeln!(out, "  {p}")?;
        }
        writeln!(
            out,
            "rebuild it from your articles with `bahth index PATH... --index {} --full` (the damaged folder is moved aside)",
            c.index
        )?;
    }
    Ok(if c.problems.is_empty() { EXIT_OK } else { 2 })
}

/// The request a query and its options make (search's other defaults as in
/// [`crate::search::Request::new`]).
fn request(query: &str, o: &crate::cli::QueryOpts) -> crate::search::Request {
    let mut req = crate::search::Request::new(query);
    req.sources = o.source.clone();
    req.from = o.from.clone();
    req.to = o.to.clone();
    req.added_since = o.added_since.clone();
    req.any = o.any;
    req.variants = !o.no_variants;
    req.as_typed = o.as_typed;
    req
}

/// The index a query runs on (built from seeds/ on first use) and a reader on it.
fn open_for_queries(o: &crate::cli::QueryOpts) -> Result<(store::Store, tantivy::IndexReader)> {
    ensure_default_index(o.index.as_deref())?;
    let st = store::open(&store::default_dir(o.index.as_deref()))?;
    let reader = st.reader()?;
    Ok((st, reader))
}
