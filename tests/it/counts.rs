//! Counts a reporter can publish, on a corpus where the right numbers are known by
//! construction: several passages per article, three outlets, dates over three months with an
//! empty month between, undated articles.

use std::path::Path;

use serde_json::Value;

use crate::common::{bahth, root, search_json, write};

/// (id, outlet, date, passages that name كيدال, passages that do not)
const ARTICLES: [(&str, &str, &str, usize, usize); 7] = [
    ("a1", "وكالة أ", "2024-01-10", 3, 0),
    ("a2", "وكالة أ", "2024-03-05", 2, 1),
    ("b1", "وكالة ب", "2024-01-20", 1, 1),
    ("b2", "وكالة ب", "2024-04-02", 2, 0),
    ("c1", "وكالة ج", "", 2, 0),
    ("c2", "وكالة ج", "2024-03-15", 1, 2),
    ("n1", "وكالة أ", "2024-02-10", 0, 2),
];

fn corpus(dir: &Path) {
    for (id, source, date, with, without) in ARTICLES {
        let mut text = String::new();
        for i in 0..with {
            text.push_str(&format!("وصلت قافلة جديدة إلى كيدال في الشمال، الفقرة {i}.\n\n"));
        }
        for i in 0..without {
            text.push_str(&format!("تحدث السكان عن الأسعار في السوق، الفقرة {i}.\n\n"));
        }
        let date = if date.is_empty() { String::new() } else { format!("date: {date}\n") };
        write(dir, &format!("c/{id}.txt"), &format!("---\nid: {id}\nsource: {source}\n{date}---\n{text}"));
    }
    let out = bahth().current_dir(dir).args(["index", "c", "--quiet"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn count_json(dir: &Path, args: &[&str]) -> Value {
    let out = bahth().current_dir(dir).args(["count", "كيدال", "--json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rows(v: &Value) -> Vec<(Vec<String>, u64)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = r["key"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect();
            (key, r["count"].as_u64().unwrap())
        })
        .collect()
}

fn month_rows(v: &Value) -> Vec<(String, u64)> {
    rows(v).into_iter().map(|(k, n)| (k[0].clone(), n)).collect()
}

#[test]
fn months_in_articles_and_passages_with_the_empty_month_and_the_undated() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let v = count_json(dir.path(), &["--by", "month"]);
    assert_eq!(v["unit"], "articles");
    assert_eq!((v["total"].as_u64(), v["undated"].as_u64()), (Some(6), Some(1)));
    let want = [("2024-01", 2), ("2024-02", 0), ("2024-03", 2), ("2024-04", 1)];
    assert_eq!(month_rows(&v), want.map(|(k, n)| (k.to_string(), n)).to_vec(), "February is empty, not missing");
    let sum: u64 = rows(&v).iter().map(|r| r.1).sum();
    assert_eq!(sum + v["undated"].as_u64().unwrap(), v["total"].as_u64().unwrap());

    let p = count_json(dir.path(), &["--by", "month", "--passages"]);
    assert_eq!(p["unit"], "passages");
    assert_eq!((p["total"].as_u64(), p["undated"].as_u64()), (Some(11), Some(2)));
    let want = [("2024-01", 4), ("2024-02", 0), ("2024-03", 3), ("2024-04", 2)];
    assert_eq!(month_rows(&p), want.map(|(k, n)| (k.to_string(), n)).to_vec());
}

#[test]
fn outlets_sum_to_the_total_in_both_units_and_the_three_faces_agree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    corpus(d);
    for (args, total, per) in [(vec![], 6, [2, 2, 2]), (vec!["--passages"], 11, [5, 3, 3])] {
        let mut a = vec!["--by", "source"];
        a.extend(args.iter().copied());
        let v = count_json(d, &a);
        let got: Vec<(String, u64)> = month_rows(&v);
        let want: Vec<(String, u64)> =
            ["وكالة أ", "وكالة ب", "وكالة ج"].iter().map(|s| s.to_string()).zip(per).collect();
        assert_eq!(got, want, "{args:?}");
        assert_eq!(v["total"], total);
        assert_eq!(got.iter().map(|r| r.1).sum::<u64>(), total, "outlets sum to the total");

        // search: the same total and outlet counts, in the same unit.
        let mut s = vec!["كيدال", "--limit", "100"];
        if args.is_empty() {
            s.push("--articles");
        }
        let (_, r) = search_json(d, &s);
        assert_eq!(r["total_hits"], total, "{args:?}");
        assert_eq!(r["unit"], if args.is_empty() { "articles" } else { "passages" });
        let facets: Vec<(String, u64)> =
            r["facets"]["source"].as_object().unwrap().iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap())).collect();
        assert_eq!(facets, want, "search facets in the unit of the total");
    }

    // CSV and text carry the same rows as JSON.
    let v = count_json(d, &["--by", "source", "--by", "month"]);
    assert_eq!(rows(&v).len(), 12, "three outlets by four months, empty cells as 0");
    assert!(rows(&v).contains(&(vec!["وكالة أ".into(), "2024-02".into()], 0)));
    assert!(rows(&v).contains(&(vec!["وكالة ج".into(), "2024-03".into()], 1)));
    let csv =
        bahth().current_dir(d).args(["count", "كيدال", "--by", "source", "--by", "month", "--csv"]).output().unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("source,month,articles"));
    let from_csv: Vec<(Vec<String>, u64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (vec![f[0].to_string(), f[1].to_string()], f[2].parse().unwrap())
        })
        .collect();
    assert_eq!(from_csv, rows(&v));
    let text = bahth().current_dir(d).args(["count", "كيدال", "--by", "month"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("articles per month for كيدال\n"), "{text}");
    for (month, n) in [("2024-01", 2), ("2024-02", 0), ("2024-03", 2), ("2024-04", 1)] {
        let line = text.lines().find(|l| l.starts_with(month)).unwrap_or_else(|| panic!("{month} in {text}"));
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[1], n.to_string(), "{line}");
        assert_eq!(line.contains('█'), n > 0, "a bar for every bucket with hits: {line}");
    }
    assert!(text.contains("undated  1"), "{text}");
    assert!(text.contains("6 articles in all (1 undated)"), "{text}");
    let none = bahth().current_dir(d).args(["count", "باماكو"]).output().unwrap();
    assert_eq!(none.status.code(), Some(1), "no match: exit 1, as search");
    let bad = bahth().current_dir(d).args(["count", "كيدال", "--by", "year"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "an unknown bucket is a usage error");
}

#[test]
fn seeds_article_totals_are_distinct_article_ids() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&root().join("seeds"), &dir.path().join("seeds"));
    let out = bahth().current_dir(dir.path()).args(["index", "seeds", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    for q in ["فاغنر", "مالي", "باماكو", "جويتا"] {
        let (_, v) = search_json(dir.path(), &[q, "--articles", "--limit", "100"]);
        let ids: std::collections::BTreeSet<&str> =
            v["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
        assert_eq!(v["total_hits"].as_u64().unwrap() as usize, ids.len(), "{q}");
        let facet_sum: u64 = v["facets"]["source"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(facet_sum as usize, ids.len(), "{q}: outlets sum to the articles");
    }
}
