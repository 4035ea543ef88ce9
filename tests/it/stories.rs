//! Stories: copies of a seed article (retitled, with an intro, with its end cut, in other
//! outlets) are grouped with it, other articles are not, the grouping is the same however the
//! articles arrived, and search, count and `bahth stories` show it.

use std::path::Path;

use serde_json::Value;

use crate::common::{bahth, copy_dir, root, search_json, write};

const ORIGINAL: &str = "001_12b060ec122e59bf.txt";

/// The body of seed 001 (after its front matter).
fn original_body() -> String {
    let text = std::fs::read_to_string(root().join("seeds").join(ORIGINAL)).unwrap();
    text.splitn(3, "---\n").nth(2).unwrap().to_string()
}

/// Three republished copies of seed 001, each in its own outlet and a day or two later.
fn write_copies(dir: &Path) {
    let body = original_body();
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    let retitled =
        format!("---\ntitle: مقتل العشرات في هجوم على باماكو\nsource: وكالة أ\ndate: 2024-09-19\n---\n{body}");
    let intro = format!(
        "---\ntitle: باماكو تحت النار\nsource: صحيفة ب\ndate: 2024-09-20\n---\nتنشر الصحيفة نقلا عن وكالة فرانس برس التقرير التالي عن الهجوم الذي شهدته العاصمة المالية.\n{body}"
    );
    let trimmed = format!(
        "---\ntitle: هجوم باماكو\nsource: موقع ج\ndate: 2024-09-21\n---\n{}\n",
        lines[..lines.len() * 2 / 3].join("\n")
    );
    write(dir, "copy-a.txt", &retitled);
    write(dir, "copy-b.txt", &intro);
    write(dir, "copy-c.txt", &trimmed);
}

fn run(dir: &Path, args: &[&str]) -> Value {
    let out = bahth().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn index(dir: &Path, extra: &[&str]) {
    let out = bahth().current_dir(dir).args(["index", "articles", "--quiet"]).args(extra).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Each story as its sorted article ids, sorted.
fn stories_of(dir: &Path) -> Vec<(String, Vec<String>)> {
    let out = bahth().current_dir(dir).args(["stories", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let code = out.status.code();
    assert_eq!(code, if v.as_array().unwrap().is_empty() { Some(1) } else { Some(0) }, "exit 1 when none, as grep");
    let mut out: Vec<(String, Vec<String>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let ids = s["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_string());
            (s["story"].as_str().unwrap().to_string(), ids.collect())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn copies_form_one_story_led_by_the_first_publication() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    copy_dir(&root().join("seeds"), &articles);
    write_copies(&articles);
    index(dir.path(), &[]);

    let stories = stories_of(dir.path());
    assert_eq!(stories.len(), 1, "one story told more than once, the other seeds are not copies: {stories:?}");
    let (story, ids) = &stories[0];
    assert!(story.ends_with(ORIGINAL), "the story is named by its earliest article (ties by id): {story}");
    assert_eq!(ids.len(), 4, "the original and its three copies: {ids:?}");
    let listed = run(dir.path(), &["stories", "--json"]);
    let dates: Vec<&str> =
        listed[0]["articles"].as_array().unwrap().iter().map(|a| a["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-09-19", "2024-09-19", "2024-09-20", "2024-09-21"], "earliest first");

    // Every hit carries its story; a copy lists the others with outlet, date and title.
    let (_, v) = search_json(dir.path(), &["باماكو", "--articles"]);
    let hits = v["hits"].as_array().unwrap();
    let copy = hits.iter().find(|h| h["article_id"].as_str().unwrap().ends_with("copy-b.txt")).unwrap();
    assert_eq!(copy["story"].as_str().unwrap(), story);
    let outlets: Vec<&str> = copy["copies"].as_array().unwrap().iter().map(|c| c["source"].as_str().unwrap()).collect();
    assert_eq!(outlets, ["فرانس برس", "وكالة أ", "موقع ج"]);
    assert!(copy["copies"][0]["title"].is_string());
    let other = hits.iter().find(|h| h["article_id"].as_str().unwrap().contains("003_")).unwrap();
    assert_eq!(other["story"], other["article_id"], "an article with no copies is its own story");
    assert!(other.get("copies").is_none(), "and lists none");
    let articles_total = v["total_hits"].as_u64().unwrap();

    // --stories: one hit per story, counted in stories, led by the earliest copy.
    let (_, s) = search_json(dir.path(), &["باماكو", "--stories"]);
    assert_eq!(s["unit"], "stories");
    assert_eq!(s["total_hits"].as_u64().unwrap(), articles_total - 3, "four copies count once");
    let led: Vec<&Value> = s["hits"].as_array().unwrap().iter().filter(|h| h["story"] == story.as_str()).collect();
    assert_eq!(led.len(), 1, "the story shows once");
    assert_eq!(led[0]["article_id"].as_str().unwrap(), story, "led by its first publication");
    let text = bahth().current_dir(dir.path()).args(["search", "باماكو", "--stories"]).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("first: فرانس برس, 2024-09-19"), "{text}");
    assert!(text.contains("also in: وكالة أ (2024-09-19), صحيفة ب (2024-09-20), موقع ج (2024-09-21)"), "{text}");

    // count --unit stories: once per outlet that carried it, in the month of the first.
    let c = run(dir.path(), &["count", "باماكو", "--unit", "stories", "--by", "source", "--json"]);
    assert_eq!(c["total"].as_u64().unwrap(), articles_total - 3);
    let per: std::collections::HashMap<&str, u64> = c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"][0].as_str().unwrap(), r["count"].as_u64().unwrap()))
        .collect();
    for outlet in ["فرانس برس", "وكالة أ", "صحيفة ب", "موقع ج"] {
        assert_eq!(per[outlet], 1, "{outlet} carried the story: {c}");
    }
}

#[test]
fn incremental_runs_give_the_stories_of_a_full_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    copy_dir(&root().join("seeds"), &articles);
    index(dir.path(), &[]);
    assert!(stories_of(dir.path()).is_empty(), "the seeds alone have no copies");
    // The copies arrive a day later, one run at a time.
    write_copies(&articles);
    index(dir.path(), &[]);
    let incremental = stories_of(dir.path());
    index(dir.path(), &["--full"]);
    assert_eq!(stories_of(dir.path()), incremental, "a full rebuild gives the same stories");
    assert_eq!(incremental[0].1.len(), 4);

    // A copy deleted leaves the rest of its story; the original deleted, the copies regroup
    // under the earliest that is left.
    std::fs::remove_file(articles.join("copy-c.txt")).unwrap();
    index(dir.path(), &[]);
    assert_eq!(stories_of(dir.path())[0].1.len(), 3);
    std::fs::remove_file(articles.join(ORIGINAL)).unwrap();
    index(dir.path(), &[]);
    let left = stories_of(dir.path());
    assert_eq!(left.len(), 1);
    assert!(left[0].0.ends_with("copy-a.txt"), "the earliest left leads: {left:?}");
    index(dir.path(), &["--full"]);
    assert_eq!(stories_of(dir.path()), left, "and a rebuild agrees");
}

#[test]
fn the_synthetic_set_on_the_seeds_groups_every_copy_and_nothing_else() {
    let out = bahth().current_dir(root()).args(["eval", "--stories", "--docs", "seeds", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["originals"].as_u64().unwrap() >= 2, "{v}");
    assert_eq!(v["copies"].as_u64().unwrap(), 6 * v["originals"].as_u64().unwrap());
    for (edit, p) in v["by_edit"].as_array().unwrap().iter().map(|e| (&e[0], &e[1])) {
        assert!(p["recall"].as_f64().unwrap() >= 0.98, "{edit}: {p}");
        assert!(p["precision"].as_f64().unwrap() >= 0.98, "{edit}: {p}");
    }
    assert!(v["all"]["pairs"].as_u64().unwrap() > 0);
}

#[test]
fn the_api_groups_counts_and_lists_stories_as_the_cli_does() {
    use crate::serve::{enc, json, serve_with};
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    copy_dir(&root().join("seeds"), &articles);
    write_copies(&articles);
    index(dir.path(), &[]);
    let server = serve_with(dir.path(), &["--index", "index"]);
    let q = enc("باماكو");

    let (code, s) = json(&server, &format!("/api/search?q={q}&stories=true&limit=100"));
    assert_eq!(code, 200, "{s}");
    let (_, cli) = search_json(dir.path(), &["باماكو", "--stories"]);
    assert_eq!(s["unit"], "stories");
    assert_eq!(s["total_hits"], cli["total_hits"], "page and CLI count the same stories");
    assert_eq!(s["facets"], cli["facets"]);

    let (code, h) = json(&server, &format!("/api/histogram?q={q}&by=source&unit=stories"));
    assert_eq!(code, 200, "{h}");
    let c = run(dir.path(), &["count", "باماكو", "--unit", "stories", "--by", "source", "--json"]);
    assert_eq!(h["rows"], c["rows"]);
    assert_eq!(h["total"], c["total"]);
    let (code, bad) = json(&server, &format!("/api/histogram?q={q}&unit=copies"));
    assert_eq!(code, 400);
    assert!(bad["error"].as_str().unwrap().contains("articles, passages or stories"), "{bad}");

    let (code, list) = json(&server, "/api/stories");
    assert_eq!(code, 200);
    assert_eq!(list, run(dir.path(), &["stories", "--json"]));
    let (code, _) = json(&server, "/api/stories?min_size=1");
    assert_eq!(code, 400, "a story of one has no copies");

    // The article view names the copies.
    let id = list[0]["articles"][3]["id"].as_str().unwrap().to_string();
    let (code, a) = json(&server, &format!("/api/article/{}?q={q}", enc(&id)));
    assert_eq!(code, 200, "{a}");
    assert_eq!(a["story"], list[0]["story"]);
    assert_eq!(a["copies"].as_array().unwrap().len(), 3);
}
