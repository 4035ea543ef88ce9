//! `bahth eval --entities DIR`: name search as a set task. Each spelling a user might type is
//! run as `bahth search --articles` with no limit; the articles it returns are scored against
//! every article that mentions the entity in any accepted spelling (recall and precision),
//! macro-averaged over all spellings, plus the worst spelling's recall per entity.
//!
//! The arithmetic ([`score`]) is pure and unit-tested; [`run`] is the adapter that indexes the
//! documents and runs the searches.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::cli::EvalArgs;
use crate::error::user;
use crate::search::{self, Request};
use crate::store;

/// Default documents for the entity set (ant-news with titles).
pub const DEFAULT_DOCS: &str = "../shared/bench/ant-news.jsonl.gz";

/// One entity: its key and the spellings run as queries.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Key shared with the qrels.
    pub key: String,
    /// Each spelling is one query.
    pub spellings: Vec<String>,
}

/// The result of one spelling.
#[derive(Debug, Clone, Serialize)]
pub struct QueryScore {
    /// Entity key.
    pub key: String,
    /// The spelling searched.
    pub query: String,
    /// Articles returned.
    pub returned: usize,
    /// Articles that mention the entity.
    pub relevant: usize,
    /// Returned and relevant.
    pub found: usize,
    /// found / relevant (1 when nothing is relevant).
    pub recall: f64,
    /// found / returned (1 when nothing is returned and nothing is relevant, else 0 when
    /// nothing is returned).
    pub precision: f64,
    /// Wall time of the search, ms.
    pub took_ms: f64,
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct EntityReport {
    /// Per spelling.
    pub queries: Vec<QueryScore>,
    /// Mean recall over all spellings.
    pub macro_recall: f64,
    /// Mean precision over all spellings.
    pub macro_precision: f64,
    /// Per entity, the lowest recall over its spellings.
    pub worst_recall: BTreeMap<String, f64>,
    /// Mean of `worst_recall`.
    pub mean_worst_recall: f64,
    /// Seconds to build the index.
    pub index_seconds: f64,
}

/// Reads entities.tsv: `key<TAB>spelling,spelling,...<TAB>...` (lines starting with # skipped).
pub fn read_entities(path: &Path) -> Result<Vec<Entity>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading entities {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let spellings: Vec<String> = cols
            .get(1)
            .map(|c| c.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
            .unwrap_or_default();
        if cols[0].trim().is_empty() || spellings.is_empty() {
            return Err(user(format!("{}:{}: expected key<TAB>spelling,spelling,...", path.display(), i + 1)));
        }
        out.push(Entity { key: cols[0].trim().to_string(), spellings });
    }
    Ok(out)
}

/// Scores the returned article sets. `results` holds (key, spelling, returned ids, ms).
pub fn score(
    results: &[(String, String, HashSet<String>, f64)],
    qrels: &HashMap<String, HashSet<String>>,
) -> (Vec<QueryScore>, f64, f64, BTreeMap<String, f64>, f64) {
    let empty = HashSet::new();
    let mut queries = Vec::new();
    let mut worst: BTreeMap<String, f64> = BTreeMap::new();
    for (key, query, returned, ms) in results {
        let relevant = qrels.get(key).unwrap_or(&empty);
        let found = returned.intersection(relevant).count();
        let recall = if relevant.is_empty() { 1.0 } else { found as f64 / relevant.len() as f64 };
        let precision = match (returned.len(), relevant.len()) {
            (0, 0) => 1.0,
            (0, _) => 0.0,
            (n, _) => found as f64 / n as f64,
        };
        let w = worst.entry(key.clone()).or_insert(1.0);
        *w = w.min(recall);
        queries.push(QueryScore {
            key: key.clone(),
            query: query.clone(),
            returned: returned.len(),
            relevant: relevant.len(),
            found,
            recall,
            precision,
            took_ms: *ms,
        });
    }
    let mean = |xs: &mut dyn Iterator<Item = f64>| {
        let (n, s) = xs.fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
        if n == 0 {
            0.0
        } else {
            s / n as f64
        }
    };
    let macro_recall = mean(&mut queries.iter().map(|q| q.recall));
    let macro_precision = mean(&mut queries.iter().map(|q| q.precision));
    let mean_worst = mean(&mut worst.values().copied());
    (queries, macro_recall, macro_precision, worst, mean_worst)
}

/// Reads qrels as sets of relevant article ids per key.
fn relevant_sets(path: &Path) -> Result<HashMap<String, HashSet<String>>> {
    Ok(super::read_qrels(path)?
        .into_iter()
        .map(|(k, judged)| (k, judged.into_iter().filter(|(_, r)| *r > 0).map(|(d, _)| d).collect()))
        .collect())
}

/// Runs the entity evaluation.
pub fn run(args: &EvalArgs, dir: &Path) -> Result<EntityReport> {
    let entities = read_entities(&dir.join("entities.tsv"))?;
    let qrels = relevant_sets(&dir.join("qrels.tsv"))?;
    let tmp = tempfile::tempdir().context("creating a temporary index folder")?;
    let started = Instant::now();
    let st = match &args.index {
        Some(d) => store::open(d)?,
        None => {
            let docs = args.docs.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DOCS));
            super::build_index(tmp.path(), args.stemmer, docs, args.passage_words)?
        }
    };
    let index_seconds = started.elapsed().as_secs_f64();
    let reader = st.reader()?;
    let searcher = reader.searcher();
    let mut results = Vec::new();
    for e in &entities {
        for q in &e.spellings {
            let mut req = Request::new(q);
            req.articles = true;
            req.variants = !args.no_variants;
            let t = Instant::now();
            let ids = search::matching_articles(&st, &searcher, &req)?;
            results.push((e.key.clone(), q.clone(), ids, t.elapsed().as_secs_f64() * 1000.0));
        }
    }
    let (queries, macro_recall, macro_precision, worst_recall, mean_worst_recall) = score(&results, &qrels);
    Ok(EntityReport { queries, macro_recall, macro_precision, worst_recall, mean_worst_recall, index_seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[&str]) -> HashSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recall_precision_and_worst_spelling_by_hand() {
        let qrels: HashMap<String, HashSet<String>> =
            [("a".to_string(), set(&["1", "2", "3", "4"])), ("b".to_string(), set(&["9"]))].into();
        let results = vec![
            // 3 of 4 found, 1 wrong: recall 0.75, precision 0.75.
            ("a".to_string(), "x".to_string(), set(&["1", "2", "3", "7"]), 1.0),
            // 2 of 4, none wrong: recall 0.5, precision 1.
            ("a".to_string(), "y".to_string(), set(&["1", "2"]), 1.0),
            // Nothing returned for a relevant article: recall 0, precision 0.
            ("b".to_string(), "z".to_string(), set(&[]), 1.0),
        ];
        let (qs, r, p, worst, mw) = score(&results, &qrels);
        assert_eq!(qs[0].found, 3);
        assert!((qs[0].recall - 0.75).abs() < 1e-9 && (qs[0].precision - 0.75).abs() < 1e-9);
        assert!((qs[1].recall - 0.5).abs() < 1e-9 && (qs[1].precision - 1.0).abs() < 1e-9);
        assert_eq!((qs[2].recall, qs[2].precision), (0.0, 0.0));
        assert!((r - (0.75 + 0.5 + 0.0) / 3.0).abs() < 1e-9);
        assert!((p - (0.75 + 1.0 + 0.0) / 3.0).abs() < 1e-9);
        assert_eq!(worst["a"], 0.5);
        assert_eq!(worst["b"], 0.0);
        assert!((mw - 0.25).abs() < 1e-9);
    }

    #[test]
    fn empty_answer_to_an_empty_question_is_perfect() {
        let qrels = HashMap::new();
        let (qs, r, p, _, _) = score(&[("k".into(), "q".into(), set(&[]), 0.0)], &qrels);
        assert_eq!((qs[0].recall, qs[0].precision, r, p), (1.0, 1.0, 1.0, 1.0));
    }
}
