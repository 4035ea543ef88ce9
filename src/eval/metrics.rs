//! Ranking metrics with trec_eval's definitions (pure functions).
//!
//! - `ndcg_cut_10`: DCG over the top 10 with gain = judged relevance and discount
//!   1/log2(rank + 1), divided by the DCG of the ideal ordering of all judged documents.
//! - `recip_rank` cut at 10 (MRR@10): 1/rank of the first relevant document in the top 10.
//! - `recall_100`: relevant documents in the top 100 / all relevant documents.
//! - `map`: mean over relevant documents of the precision at their rank (unretrieved ones
//!   count 0), over the whole ranking given.
//!
//! Averages run over every query of the qrels with at least one relevant document; a query
//! with no results scores 0 (trec_eval `-c`).

use std::collections::HashMap;

/// Judgments of one query: doc id → relevance (> 0 is relevant).
pub type Judged = HashMap<String, u32>;

/// nDCG at `k`.
pub fn ndcg(ranking: &[String], judged: &Judged, k: usize) -> f64 {
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, d)| judged.get(d).copied().unwrap_or(0) as f64 / ((i + 2) as f64).log2())
        .sum();
    let mut ideal: Vec<u32> = judged.values().copied().filter(|&r| r > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal.iter().take(k).enumerate().map(|(i, &r)| r as f64 / ((i + 2) as f64).log2()).sum();
    if idcg > 0.0 {
        dcg / idcg
    } else {
        0.0
    }
}

/// Reciprocal rank of the first relevant document within the top `k`.
pub fn reciprocal_rank(ranking: &[String], judged: &Judged, k: usize) -> f64 {
    ranking.iter().take(k).position(|d| judged.get(d).is_some_and(|&r| r > 0)).map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

fn relevant_count(judged: &Judged) -> usize {
    judged.values().filter(|&&r| r > 0).count()
}

/// Recall within the top `k`.
pub fn recall(ranking: &[String], judged: &Judged, k: usize) -> f64 {
    let n = relevant_count(judged);
    if n == 0 {
        return 0.0;
    }
    let found = ranking.iter().take(k).filter(|d| judged.get(*d).is_some_and(|&r| r > 0)).count();
    found as f64 / n as f64
}

/// Average precision over the whole ranking.
pub fn average_precision(ranking: &[String], judged: &Judged) -> f64 {
    let n = relevant_count(judged);
    if n == 0 {
        return 0.0;
    }
    let mut found = 0;
    let mut sum = 0.0;
    for (i, d) in ranking.iter().enumerate() {
        if judged.get(d).is_some_and(|&r| r > 0) {
            found += 1;
            sum += found as f64 / (i + 1) as f64;
        }
    }
    sum / n as f64
}

/// Mean scores over a set of queries.
#[derive(Debug, Clone, Default, serde::Serialize, PartialEq)]
pub struct Scores {
    /// Queries averaged over.
    pub queries: usize,
    /// nDCG@10.
    pub ndcg_10: f64,
    /// MRR@10.
    pub mrr_10: f64,
    /// Recall@100 (at `k` when k < 100).
    pub recall_100: f64,
    /// MAP.
    pub map: f64,
}

/// Scores every judged query; `runs` maps qid → ranked doc ids (missing: no results).
pub fn score(qrels: &HashMap<String, Judged>, runs: &HashMap<String, Vec<String>>) -> Scores {
    let mut s = Scores::default();
    let empty = Vec::new();
    for (qid, judged) in qrels {
        if relevant_count(judged) == 0 {
            continue;
        }
        let ranking = runs.get(qid).unwrap_or(&empty);
        s.queries += 1;
        s.ndcg_10 += ndcg(ranking, judged, 10);
        s.mrr_10 += reciprocal_rank(ranking, judged, 10);
        s.recall_100 += recall(ranking, judged, 100);
        s.map += average_precision(ranking, judged);
    }
    if s.queries > 0 {
        let n = s.queries as f64;
        s.ndcg_10 /= n;
        s.mrr_10 /= n;
        s.recall_100 /= n;
        s.map /= n;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hand_computed_example() {
        // Query 1: relevant a (2) and b (1); ranking x a y b.
        let j1: Judged = [("a".to_string(), 2), ("b".to_string(), 1), ("z".to_string(), 0)].into();
        let r1 = ids(&["x", "a", "y", "b"]);
        // DCG = 2/log2(3) + 1/log2(5) = 1.26186 + 0.43068 = 1.69254
        // IDCG = 2/log2(2) + 1/log2(3) = 2 + 0.63093 = 2.63093
        assert!((ndcg(&r1, &j1, 10) - 1.69254 / 2.63093).abs() < 1e-4);
        assert_eq!(reciprocal_rank(&r1, &j1, 10), 0.5);
        assert_eq!(recall(&r1, &j1, 100), 1.0);
        assert_eq!(recall(&r1, &j1, 2), 0.5);
        // AP = (1/2 + 2/4) / 2 = 0.5
        assert!((average_precision(&r1, &j1) - 0.5).abs() < 1e-12);
        // Query 2: relevant c, never retrieved; query 3 has no run at all.
        let j2: Judged = [("c".to_string(), 1)].into();
        let j3: Judged = [("d".to_string(), 1)].into();
        let qrels: HashMap<String, Judged> = [("1".into(), j1), ("2".into(), j2), ("3".into(), j3)].into();
        let runs: HashMap<String, Vec<String>> = [("1".into(), r1), ("2".into(), ids(&["x"]))].into();
        let s = score(&qrels, &runs);
        assert_eq!(s.queries, 3, "a judged query without results counts");
        assert!((s.mrr_10 - 0.5 / 3.0).abs() < 1e-12);
        assert!((s.map - 0.5 / 3.0).abs() < 1e-12);
        assert!((s.recall_100 - 1.0 / 3.0).abs() < 1e-12);
        // Rank 11 is outside MRR@10.
        let late: Vec<String> = (0..10).map(|i| format!("n{i}")).chain(["c".to_string()]).collect();
        assert_eq!(reciprocal_rank(&late, &qrels["2"], 10), 0.0);
    }
}
