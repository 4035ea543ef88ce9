//! Smoke runs of `bahth eval` and `bahth bench` on the seeds, so the measuring tools cannot
//! rot (the full runs on ../shared/bench are documented in the README).

use serde_json::Value;

use crate::common::{bahth, root};

#[test]
fn eval_scores_the_seed_queries_and_writes_a_trec_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run.txt");
    let fx = root().join("tests/fixtures");
    let out = bahth()
        .current_dir(root())
        .args(["eval", "--docs", "seeds", "--json", "--run-out"])
        .arg(&run)
        .arg("--queries")
        .arg(fx.join("seed-queries.tsv"))
        .arg("--qrels")
        .arg(fx.join("seed-qrels.tsv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["scores"];
    assert_eq!(s["queries"], 3);
    assert!(s["mrr_10"].as_f64().unwrap() > 0.5, "the seed queries find their articles: {v}");
    assert_eq!(s["recall_100"], 1.0, "{v}");
    let run_text = std::fs::read_to_string(&run).unwrap();
    let first: Vec<&str> = run_text.lines().next().unwrap().split(' ').collect();
    assert_eq!(first.len(), 6);
    assert_eq!((first[0], first[1], first[3], first[5]), ("q1", "Q0", "1", "bahth"));
    // Queries with quotes, question marks and colons are bags of words, never errors; the
    // stock analyzer runs too.
    let out = bahth()
        .current_dir(root())
        .args(["eval", "--docs", "seeds", "--analyzer", "stock", "--json", "--queries"])
        .arg(fx.join("seed-queries.tsv"))
        .arg("--qrels")
        .arg(fx.join("seed-qrels.tsv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let bad = bahth()
        .current_dir(root())
        .args(["eval", "--docs", "seeds", "--queries", "nowhere.tsv", "--qrels", "x"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn bench_runs_end_to_end_on_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let fx = root().join("tests/fixtures");
    let out_file = dir.path().join("bench.json");
    let out = bahth()
        .current_dir(root())
        .args(["bench", "--corpus", "seeds", "--runs", "1"])
        .arg("--titles")
        .arg(fx.join("seed-queries.tsv"))
        .arg("--short")
        .arg(fx.join("seed-queries.tsv"))
        .arg("--entities")
        .arg(fx.join("seed-entities"))
        .arg("--work")
        .arg(dir.path().join("work"))
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("| bahth |") && table.contains("bahth + snippets + facets"), "{table}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(v["indexing"]["bahth"]["docs"], 5);
    assert_eq!(v["indexing"]["stock"]["docs"], 5);
    assert!(v["indexing"]["bahth"]["peak_rss_mb"].as_f64().unwrap() > 0.0);
    assert!(v["latency_ms"]["titles"]["bahth_top10"]["p95"].as_f64().unwrap() > 0.0);
    assert_eq!(v["latency_ms"]["entities"]["queries"], 4);
    assert!(v["latency_ms"]["entities"]["bahth_snippets_facets"]["max"].as_f64().unwrap() > 0.0);
    assert!(
        v["latency_ms"]["entities"]["bahth_cli_process"]["p50"].as_f64().unwrap() > 0.0,
        "a fresh process per spelling"
    );
    assert!(table.contains("a fresh `bahth search --articles` process"), "{table}");
    assert!(v["indexing"]["time_ratio"].as_f64().unwrap() > 0.0);
    assert!(v["latency_ms"]["counts"]["commonest_count_by_month"]["p95"].as_f64().unwrap() > 0.0);
    assert!(table.contains("`count --by month`"), "{table}");
    assert_eq!(v["folder"]["files"], 5);
}

#[test]
fn eval_entities_scores_every_spelling_on_the_seeds() {
    let fx = root().join("tests/fixtures/seed-entities");
    let out = bahth()
        .current_dir(root())
        .args(["eval", "--docs", "seeds", "--json", "--entities"])
        .arg(&fx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let qs = v["queries"].as_array().unwrap();
    assert_eq!(qs.len(), 4, "every spelling is a query");
    for q in qs {
        assert_eq!(q["recall"], 1.0, "every article that spells the name is found: {q}");
        let (found, returned) = (q["found"].as_f64().unwrap(), q["returned"].as_f64().unwrap());
        assert!((q["precision"].as_f64().unwrap() - found / returned).abs() < 1e-9, "{q}");
        if q["key"] == "wagner" {
            assert_eq!(q["precision"], 1.0, "{q}");
        }
    }
    // Five seed articles are no evidence: each spelling reaches its own forms and the letters
    // of one foreign sound (جويتا/غويتا), nothing that would need contexts.
    assert_eq!(v["mean_worst_recall"], 1.0);
    let text = bahth().current_dir(root()).args(["eval", "--docs", "seeds", "--entities"]).arg(&fx).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("macro recall        1.000") && text.contains("worst-spelling recall"), "{text}");
}

#[test]
fn bench_skips_a_missing_optional_set_and_names_a_missing_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let out = bahth().current_dir(dir.path()).args(["bench", "--corpus", "nowhere.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--corpus nowhere.jsonl"), "the flag is named");
    // Run from outside the repository: the default sets in ../shared/bench are not there. The
    // working folder is two levels inside the temporary one, so its ../shared is inside it too
    // (a temporary folder made beside ../shared, as CI's may be, would otherwise see it).
    let cwd = dir.path().join("outside").join("repo");
    std::fs::create_dir_all(&cwd).unwrap();
    assert!(!cwd.join("../shared").exists());
    let out = bahth()
        .current_dir(&cwd)
        .args(["bench", "--runs", "1", "--no-folder", "--corpus"])
        .arg(root().join("seeds"))
        .arg("--work")
        .arg(dir.path().join("work"))
        .arg("--out")
        .arg(dir.path().join("bench.json"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for set in ["the title set", "the short-query set", "the entity set"] {
        assert_eq!(stderr.matches(&format!("skipping {set}")).count(), 1, "one line for {set}: {stderr}");
    }
}
