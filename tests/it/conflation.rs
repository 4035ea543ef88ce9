//! Every row of tests/cases/conflation.tsv and tests/cases/names.tsv, end to end: one tiny
//! article per word, indexed, then the query word searched.

use crate::common::{bahth, case_rows, search_json, write};

#[test]
fn every_row_of_conflation_tsv() {
    check_table("conflation.tsv");
}

#[test]
fn every_row_of_names_tsv() {
    check_table("names.tsv");
}

/// One tiny article per word of each row; the query must find its own article and every
/// MATCH article, and no NOT article.
fn check_table(table: &str) {
    let mut failures = Vec::new();
    for (line, row) in case_rows(table) {
        let query = row[0].clone();
        let must: Vec<String> = row[1].split(',').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let must_not: Vec<String> =
            row.get(2).map_or(vec![], |s| s.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect());
        let dir = tempfile::tempdir().unwrap();
        let mut words = vec![query.clone()];
        words.extend(must.iter().cloned());
        words.extend(must_not.iter().cloned());
        for (i, w) in words.iter().enumerate() {
            write(dir.path(), &format!("c/{i:02}.txt"), &format!("---\nid: w{i}\n---\n{w}\n"));
        }
        let out = bahth().current_dir(dir.path()).args(["index", "c", "--quiet"]).output().unwrap();
        assert!(out.status.success());
        let (_, v) = search_json(dir.path(), &[&query, "--limit", "100"]);
        let got: Vec<String> = v["hits"]
            .as_array()
            .map(|h| {
                h.iter()
                    .filter_map(|h| h["article_id"].as_str())
                    .map(|id| words[id[1..].parse::<usize>().unwrap()].clone())
                    .collect()
            })
            .unwrap_or_default();
        let missing: Vec<_> = std::iter::once(&query).chain(&must).filter(|w| !got.contains(w)).collect();
        let wrong: Vec<_> = must_not.iter().filter(|w| got.contains(w)).collect();
        if !missing.is_empty() || !wrong.is_empty() {
            failures.push(format!("line {line} {query}: missing {missing:?}, unwanted {wrong:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
