//! `bahth eval`: relevance of bahth (or stock tantivy) on TREC-style queries and judgments.
//!
//! Queries run as bags of words in ranked any-match mode; hits are grouped by article (an
//! article scores as its best passage; with `--passage-words 0`, the default here, each
//! article is one passage, so whole-article evidence is scored). Metrics in [`metrics`].

pub mod entities;
pub mod metrics;
pub mod stories;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::analysis::Analyzer;
use crate::baseline::Stock;
use crate::cli::{AnalyzerChoice, EvalArgs};
use crate::error::user;
use crate::search::{self, query::Weights, Request};
use crate::store;
use metrics::{Judged, Scores};

/// Reads `qid<TAB>query` lines.
pub fn read_queries(path: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading queries {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let Some((qid, q)) = line.split_once('\t') else {
            return Err(user(format!("{}:{}: expected qid<TAB>query", path.display(), i + 1)));
        };
        out.push((qid.trim().to_string(), q.to_string()));
    }
    Ok(out)
}

/// Reads TREC qrels: `qid 0 docid relevance` (tabs or spaces).
pub fn read_qrels(path: &Path) -> Result<HashMap<String, Judged>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading qrels {}", path.display()))?;
    let mut out: HashMap<String, Judged> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.is_empty() {
            continue;
        }
        let rel = f.get(3).and_then(|r| r.parse::<i64>().ok());
        let (Some(rel), 4) = (rel, f.len()) else {
            return Err(user(format!("{}:{}: expected `qid 0 docid relevance`", path.display(), i + 1)));
        };
        out.entry(f[0].to_string()).or_default().insert(f[2].to_string(), rel.max(0) as u32);
    }
    Ok(out)
}

/// An evaluation's result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    /// The configuration, e.g. `arabic/light/variants`.
    pub config: String,
    /// Mean scores.
    pub scores: Scores,
    /// Seconds to build the index.
    pub index_seconds: f64,
    /// Seconds to run the queries.
    pub query_seconds: f64,
}

/// Runs an evaluation.
pub fn run(args: &EvalArgs) -> Result<Report> {
    let (Some(queries), Some(qrels)) = (&args.queries, &args.qrels) else {
        return Err(user("give --queries Q.tsv and --qrels QRELS.tsv, or --entities DIR"));
    };
    let queries = read_queries(queries)?;
    let qrels = read_qrels(qrels)?;
    let passage_words = args.passage_words.unwrap_or(0);
    let tmp = tempfile::tempdir().context("creating a temporary index folder")?;
    let docs =
        || -> Result<PathBuf> { args.docs.clone().ok_or_else(|| user("give --docs FILE_OR_DIR (or --index DIR)")) };
    let started = Instant::now();
    let mut runs: HashMap<String, Vec<(String, f32)>> = HashMap::new();
    let config;
    let index_seconds;
    match args.analyzer {
        AnalyzerChoice::Stock => {
            let stock = Stock::build(tmp.path(), crate::indexer::article::read_all(&docs()?)?.into_iter(), 2, 512)?;
            index_seconds = started.elapsed().as_secs_f64();
            for (qid, q) in &queries {
                runs.insert(qid.clone(), stock.search(q, args.k)?);
            }
            config = "stock".to_string();
        }
        AnalyzerChoice::Arabic => {
            let st = match &args.index {
                Some(dir) => store::open(dir)?,
                None => build_index(tmp.path(), args.stemmer, docs()?, Some(passage_words))?,
            };
            index_seconds = started.elapsed().as_secs_f64();
            let reader = st.reader()?;
            let searcher = reader.searcher();
            for (qid, q) in &queries {
                let mut req = Request::new(q);
                req.any = true;
                req.articles = true;
                req.limit = args.k;
                req.variants = !args.no_variants;
                req.snippets = false;
                req.facets = false;
                req.count = false;
                let parsed = search::bag_of_words(&st, q);
                if parsed.clauses.is_empty() {
                    continue;
                }
                let resp = search::search_parsed(&st, &searcher, &req, parsed, Weights::from_env(), Instant::now())?;
                runs.insert(qid.clone(), resp.hits.into_iter().map(|h| (h.article_id, h.score)).collect());
            }
            let stemmer = st.analyzer.stemmer();
            config = format!(
                "arabic/{}/{}/{}",
                stemmer.name(),
                if args.no_variants { "no-variants" } else { "variants" },
                if passage_words == 0 { "articles".to_string() } else { format!("passages{passage_words}") }
            );
        }
    }
    let query_seconds = started.elapsed().as_secs_f64() - index_seconds;
    if let Some(path) = &args.run_out {
        write_run(path, &queries, &runs)?;
    }
    let ranked: HashMap<String, Vec<String>> =
        runs.into_iter().map(|(q, r)| (q, r.into_iter().map(|(d, _)| d).collect())).collect();
    Ok(Report { config, scores: metrics::score(&qrels, &ranked), index_seconds, query_seconds })
}

/// Indexes `docs` into a new index at `dir` (passages of `passage_words`, or the indexer's
/// default) and opens it.
pub fn build_index(
    dir: &Path,
    stemmer: crate::analysis::StemmerKind,
    docs: PathBuf,
    passage_words: Option<usize>,
) -> Result<store::Store> {
    let analyzer = Analyzer::new(stemmer, &[] as &[&Path])?;
    let st = store::open_or_create(dir, &analyzer, false)?;
    let defaults = crate::indexer::Options::new(vec![docs]);
    let opts = crate::indexer::Options {
        heap_mb: 512,
        passage_words: passage_words.unwrap_or(defaults.passage_words),
        ..defaults
    };
    crate::indexer::run(&st, &analyzer, &opts)?;
    store::open(dir)
}

/// Writes a TREC run file: `qid Q0 docid rank score bahth`.
pub fn write_run(path: &Path, queries: &[(String, String)], runs: &HashMap<String, Vec<(String, f32)>>) -> Result<()> {
    let mut f = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("creating the run file {}", path.display()))?,
    );
    for (qid, _) in queries {
        for (rank, (doc, score)) in runs.get(qid).into_iter().flatten().enumerate() {
            writeln!(f, "{qid} Q0 {doc} {} {score:.6} bahth", rank + 1)?;
        }
    }
    f.flush()?;
    Ok(())
}
