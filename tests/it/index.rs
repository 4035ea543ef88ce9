//! `bahth index` and `bahth stats` on real files in temp folders: the seeds, every format,
//! every skip reason, reruns, a killed run, a concurrent writer, Windows-1256.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::common::{bahth, copy_dir, root, search_json, write};

fn index_json(dir: &Path, args: &[&str]) -> Value {
    let out = bahth().current_dir(dir).arg("index").args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "index failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("index --json prints one object")
}

fn stats(dir: &Path) -> Value {
    let out = bahth().current_dir(dir).args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn counts(v: &Value) -> [u64; 4] {
    ["added", "updated", "removed", "unchanged"].map(|k| v[k].as_u64().unwrap())
}

#[test]
fn seeds_index_with_sources_dates_and_titles() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &dir.path().join("seeds"));
    let v = index_json(dir.path(), &[]);
    assert_eq!(counts(&v), [5, 0, 0, 0], "default PATH is seeds");
    assert!(v["passages"].as_u64().unwrap() > 20);
    let s = stats(dir.path());
    assert_eq!(s["articles"], 5);
    assert_eq!(s["first_date"], "2024-09-17");
    assert_eq!(s["last_date"], "2024-09-19");
    assert_eq!(s["sources"]["الجزيرة"], 1);
    assert_eq!(s["sources"].as_object().unwrap().len(), 5);
    assert!(s["analyzer"].as_str().unwrap().starts_with("bahth-arabic/"));
    assert!(s["bytes"].as_u64().unwrap() > 0);
    let (_, r) = search_json(dir.path(), &["JNIM"]);
    let hit = &r["hits"][0];
    assert_eq!(hit["source"], "لونغ وور جورنال");
    assert_eq!(hit["title"], "جماعة نصرة المسلمين تعمل على عزل باماكو", "front-matter title");
    // Seed 004 breaks a sentence after "14": the passage keeps both lines.
    let (_, r) = search_json(dir.path(), &["\"14 جنديا\""]);
    assert!(r["hits"][0]["text"].as_str().unwrap().contains("14\nجنديًا"), "mid-sentence line break joined");
}

#[test]
fn every_format_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "in/a.txt",
        "---\ntitle: نص\nsource: مصدر أ\ndate: 2024-01-02\nurl: http://x\ncustom: ok\n---\nخبر عن باماكو الأول\n",
    );
    write(p, "in/b.md", "# عنوان\n\nخبر عن باماكو الثاني\n");
    write(
        p,
        "in/c.json",
        r#"{"id": "c1", "title": "ج", "body": "خبر عن باماكو الثالث", "source": "مصدر ج", "date": "2024-03"}"#,
    );
    write(
        p,
        "in/d.json",
        r#"[{"id": "d1", "content": "خبر عن باماكو الرابع"}, {"id": "d2", "text": "خبر عن باماكو الخامس", "date": "2024-05-05T10:00:00Z"}]"#,
    );
    write(
        p,
        "in/e.jsonl",
        "{\"id\": \"e1\", \"text\": \"خبر عن باماكو السادس\"}\n{bad json\n{\"text\": \"خبر عن باماكو السابع\"}\n",
    );
    write(p, "in/f.ndjson", "{\"id\": \"f1\", \"text\": \"خبر عن باماكو الثامن\"}\n");
    let gz = |name: &str, content: &str| {
        let f = std::fs::File::create(p.join(name)).unwrap();
        let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::default());
        e.write_all(content.as_bytes()).unwrap();
        e.finish().unwrap();
    };
    gz("in/g.jsonl.gz", "{\"id\": \"g1\", \"text\": \"خبر عن باماكو التاسع\"}\n");
    gz("in/h.txt.gz", "خبر عن باماكو العاشر\n");
    let v = index_json(p, &["in", "--source", "احتياطي"]);
    assert_eq!(v["added"], 10, "{v}");
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "the bad JSON line: {v}");
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("e.jsonl:2"), "names the line");
    let (_, r) = search_json(p, &["باماكو"]);
    assert_eq!(r["total_hits"], 10);
    let s = stats(p);
    assert_eq!(s["sources"]["مصدر أ"], 1);
    assert_eq!(s["sources"]["مصدر ج"], 1);
    assert_eq!(s["sources"]["احتياطي"], 8, "--source fills in");
    let (_, r) = search_json(p, &["الثالث"]);
    assert_eq!(r["hits"][0]["article_id"], "c1");
    assert_eq!(r["hits"][0]["date"], "2024-03-01");
    let (_, r) = search_json(p, &["الثاني"]);
    assert_eq!(r["hits"][0]["title"], "# عنوان", "title falls back to the first line");
    let (_, r) = search_json(p, &["السابع"]);
    assert!(r["hits"][0]["article_id"].as_str().unwrap().ends_with("e.jsonl:3"), "id of a JSON record without id");
}

#[test]
fn source_falls_back_to_the_first_folder_then_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "in/bbc/x.txt", "خبر أول\n");
    write(p, "in/y.txt", "خبر ثان\n");
    index_json(p, &["in"]);
    let s = stats(p);
    assert_eq!(s["sources"]["bbc"], 1);
    assert_eq!(s["sources"]["unknown"], 1);
}

#[test]
fn every_skip_reason_is_reported_and_the_rest_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "in/good.txt", "خبر سليم عن باماكو\n");
    write(p, "in/empty.txt", "");
    write(p, "in/frontonly.txt", "---\ntitle: x\n---\n\n");
    std::fs::write(p.join("in/binary.txt"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    std::fs::write(p.join("in/latin1.txt"), [0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe, 0x81]).unwrap();
    std::fs::write(p.join("in/big.txt"), "كلمة ".repeat(250_000)).unwrap();
    write(p, "in/scan.pdf", "%PDF");
    write(p, "in/.hidden.txt", "خبر مخفي\n");
    std::os::unix::fs::symlink(p.join("in/nowhere.txt"), p.join("in/dangling.txt")).unwrap();
    let out = bahth().current_dir(p).args(["index", "in", "--max-file-mb", "1", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "skipped files do not fail the run");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 1);
    let reasons: Vec<(String, String)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let reason_of = |f: &str| {
        reasons
            .iter()
            .find(|(p, _)| p == f)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| panic!("{f} not reported: {reasons:?}"))
    };
    assert!(reason_of("empty.txt").contains("empty"));
    assert!(reason_of("frontonly.txt").contains("empty"));
    assert!(reason_of("binary.txt").contains("binary"));
    assert!(reason_of("latin1.txt").contains("not UTF-8"));
    assert!(reason_of("big.txt").contains("too large"));
    assert!(reason_of("scan.pdf").contains("unsupported"));
    assert!(reason_of("dangling.txt").contains("unreadable"));
    assert!(!reasons.iter().any(|(p, _)| p.contains("hidden")), "hidden files are not walked");
    // The plain summary names the reasons.
    let out = bahth().current_dir(p).args(["index", "in", "--max-file-mb", "1"]).output().unwrap();
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("added 0, updated 0, removed 0, unchanged 1, skipped 7 ("), "{line}");
    assert!(line.contains(" s (") && line.contains("MB/s)"), "{line}");
}

#[test]
fn windows_1256_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode("قال مسؤولون إن مسلحين هاجموا معسكراً في باماكو");
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/old.txt"), &bytes).unwrap();
    let v = index_json(dir.path(), &["in"]);
    assert_eq!(v["added"], 1, "{v}");
    let (code, r) = search_json(dir.path(), &["مسئولون"]);
    assert_eq!(code, 0);
    assert!(r["hits"][0]["text"].as_str().unwrap().contains("مسؤولون"));
}

#[test]
fn reruns_add_update_remove_and_skip_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "in/a.txt", "خبر أ عن باماكو\n");
    write(p, "in/b.txt", "خبر ب عن باماكو\n");
    write(p, "in/c.txt", "خبر ج عن باماكو\n");
    write(p, "other/z.txt", "خبر من مجلد آخر عن باماكو\n");
    assert_eq!(counts(&index_json(p, &["in", "other"])), [4, 0, 0, 0]);
    assert_eq!(counts(&index_json(p, &["in"])), [0, 0, 0, 3], "unchanged files are not re-indexed");
    write(p, "in/b.txt", "خبر ب معدل عن كيدال\n");
    std::fs::remove_file(p.join("in/c.txt")).unwrap();
    write(p, "in/d.txt", "خبر د جديد\n");
    assert_eq!(counts(&index_json(p, &["in"])), [1, 1, 1, 1], "add d, update b, remove c; other/ untouched");
    let s = stats(p);
    assert_eq!(s["articles"], 4, "a, b, d and other/z");
    let (_, r) = search_json(p, &["كيدال"]);
    assert_eq!(r["total_hits"], 1, "the new text of b is searchable");
    let (_, r) = search_json(p, &["باماكو"]);
    assert_eq!(r["total_hits"], 2, "the old text of b and the removed c are gone: a and other/z");
    // Touching a file without changing it re-reads it but changes nothing.
    let f = std::fs::File::options().append(true).open(p.join("in/a.txt")).unwrap();
    f.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)).unwrap();
    assert_eq!(counts(&index_json(p, &["in"])), [0, 0, 0, 3]);
    // --keep-missing keeps articles whose files are gone; --dry-run writes nothing.
    std::fs::remove_file(p.join("in/d.txt")).unwrap();
    assert_eq!(counts(&index_json(p, &["in", "--dry-run"])), [0, 0, 1, 2]);
    assert_eq!(counts(&index_json(p, &["in", "--keep-missing"])), [0, 0, 0, 2]);
    assert_eq!(stats(p)["articles"], 4);
    assert_eq!(counts(&index_json(p, &["in"])), [0, 0, 1, 2]);
    let v = index_json(p, &["in", "--full"]);
    assert_eq!(counts(&v), [0, 2, 0, 0], "--full rebuilds what is walked");
    assert_eq!(stats(p)["articles"], 2);
}

/// Articles in the big corpus.
const BIG: u64 = 3000;

/// A corpus big enough (about 45 MB) that indexing it takes a few seconds.
fn big_corpus(p: &Path) {
    let seed = std::fs::read_to_string(root().join("seeds/002_95559e0416d696e5.txt")).unwrap();
    let body: String = seed.split("---").last().unwrap().replace(['\n', '"'], " ");
    let mut f = std::io::BufWriter::new(std::fs::File::create(p.join("big/all.jsonl")).unwrap());
    for i in 0..BIG {
        writeln!(f, "{{\"id\": \"big{i}\", \"text\": \"{i} {body}\"}}").unwrap();
    }
}

/// Indexes the seeds into `p/index`, then starts indexing the big corpus in the background.
fn seeds_then_big_run(p: &Path) -> std::process::Child {
    copy_dir(&root().join("seeds"), &p.join("seeds"));
    index_json(p, &["seeds"]);
    std::fs::create_dir_all(p.join("big")).unwrap();
    big_corpus(p);
    std::process::Command::new(assert_cmd::cargo::cargo_bin("bahth"))
        .current_dir(p)
        .args(["index", "big", "--quiet", "--max-file-mb", "500"])
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_run_leaves_the_last_commit_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut child = seeds_then_big_run(p);
    std::thread::sleep(Duration::from_millis(400));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the run was killed mid-way (it must not have finished)");
    let s = stats(p);
    assert_eq!(s["articles"], 5, "the index opens and holds the previous commit");
    let (code, _) = search_json(p, &["فاغنر"]);
    assert_eq!(code, 0);
    let v = index_json(p, &["big", "--max-file-mb", "500"]);
    assert_eq!(v["added"], BIG);
    assert_eq!(stats(p)["articles"], BIG + 5, "a rerun reaches the full state");
}

#[test]
fn a_second_writer_fails_at_once_and_search_still_works() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mut child = seeds_then_big_run(p);
    std::thread::sleep(Duration::from_millis(300));
    let second = bahth().current_dir(p).args(["index", "seeds"]).output().unwrap();
    let (code, r) = search_json(p, &["فاغنر"]);
    let first_finished = child.try_wait().unwrap().is_some();
    assert!(!first_finished, "the first run was still going during the checks");
    assert_eq!(second.status.code(), Some(2), "second writer: exit 2");
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("locked by another"), "{err}");
    assert_eq!(code, 0, "search works during an index run");
    assert!(r["total_hits"].as_u64().unwrap() > 0);
    assert!(child.wait().unwrap().success());
    assert_eq!(stats(p)["articles"], BIG + 5, "nothing was corrupted");
}

#[test]
fn bad_flags_and_paths_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["index", "missing-folder"],
        vec!["index", "--threads", "0"],
        vec!["index", "--heap", "lots"],
        vec!["stats", "--index", "nowhere"],
    ] {
        let out = bahth().current_dir(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
    let file = write(dir.path(), "index", "not a folder");
    let out = bahth().current_dir(dir.path()).args(["index", "seeds", "--index"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "unusable index directory");
}

#[test]
fn protected_words_are_recorded_and_used_by_search() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "in/a.txt", "هجوم في كيدالين أمس\n");
    write(p, "in/b.txt", "خبر عن كيدال فقط\n");
    write(p, "protect.txt", "# one word a line\nكيدالين\n");
    let (_, r) = search_json(p, &["كيدالين", "--index", "nowhere"]);
    assert!(r.is_null());
    let out = bahth().current_dir(p).args(["index", "in", "--protect", "protect.txt", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, r) = search_json(p, &["كيدالين"]);
    let ids: Vec<&str> = r["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["in/a.txt"], "the protected name is not stemmed to كيدال at query time either");
    // A run without the same protected words would index differently: refused without --full.
    let out = bahth().current_dir(p).args(["index", "in"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--full"));
    let out = bahth().current_dir(p).args(["index", "in", "--full", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    // Name search matches spellings, not stems; ranked any-word search goes by the stem.
    let (_, r) = search_json(p, &["كيدالين", "--any"]);
    assert_eq!(r["total_hits"], 2, "rebuilt without the protected word, كيدالين and كيدال meet again");
}

#[test]
fn an_index_from_another_analyzer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &dir.path().join("seeds"));
    index_json(dir.path(), &["seeds"]);
    let meta = dir.path().join("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.contains("\\\"version\\\":"), "the payload records the analyzer version: {text}");
    std::fs::write(&meta, text.replace("\\\"version\\\":", "\\\"version\\\":9")).unwrap();
    let out = bahth().current_dir(dir.path()).args(["search", "فاغنر"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("re-index") && err.contains("--full"), "{err}");
    // The advice works: a plain rerun is refused too, --full rebuilds it under this version.
    let out = bahth().current_dir(dir.path()).args(["index", "seeds"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = index_json(dir.path(), &["seeds", "--full"]);
    assert_eq!(v["updated"], 5, "{v}");
    let (code, _) = search_json(dir.path(), &["فاغنر"]);
    assert_eq!(code, 0, "searchable again");
    assert_eq!(stats(dir.path())["articles"], 5);
}

#[test]
fn a_path_given_twice_and_a_duplicate_id_index_each_article_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "in/a.txt", "---\nid: same\n---\nخبر أول عن باماكو\n");
    write(p, "in/b.txt", "---\nid: same\n---\nخبر ثان عن باماكو\n");
    write(p, "in/c.txt", "خبر ثالث عن باماكو\n");
    let v = index_json(p, &["in", "in", "in/c.txt"]);
    assert_eq!(v["added"], 2, "c once, and one of the two files that claim the id `same`: {v}");
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["reason"].as_str().unwrap().contains("duplicate article id"));
    assert_eq!(stats(p)["articles"], 2);
    let (_, r) = search_json(p, &["باماكو"]);
    assert_eq!(r["total_hits"], 2, "no article is indexed twice");
}

#[test]
fn json_lines_are_streamed_with_every_skip_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("in")).unwrap();
    let gz = |name: &str, content: &[u8]| {
        let f = std::fs::File::create(p.join(name)).unwrap();
        let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
        e.write_all(content).unwrap();
        e.finish().unwrap();
    };
    // 2 MB of records once decompressed, a few KB compressed: a dump over the 1 MB limit is
    // indexed whole, since the limit is per record.
    let big: String =
        (0..4000).map(|i| format!("{{\"id\": \"g{i}\", \"text\": \"{}\"}}\n", "خبر ".repeat(60))).collect();
    gz("in/big.jsonl.gz", big.as_bytes());
    // One record over the limit, between two that are not.
    let huge = format!(
        "{{\"id\": \"h1\", \"text\": \"خبر\"}}\n{{\"id\": \"h2\", \"text\": \"{}\"}}\n{{\"id\": \"h3\", \"text\": \"خبر\"}}\n",
        "خبر ".repeat(200_000)
    );
    std::fs::write(p.join("in/huge.jsonl"), huge).unwrap();
    std::fs::write(p.join("in/nul.jsonl"), b"{\"text\": \"a\0\"}\n").unwrap();
    std::fs::write(p.join("in/empty.ndjson"), b"\n\n").unwrap();
    let mut mixed = "\u{FEFF}{\"id\": \"m1\", \"text\": \"خبر أول\"}\n".as_bytes().to_vec();
    mixed.extend_from_slice(b"{\"id\": \"m2\", \"text\": \"\xff\xfe\"}\n");
    mixed.extend_from_slice("{\"id\": \"m3\", \"text\": \"خبر ثالث\"}".as_bytes());
    std::fs::write(p.join("in/mixed.jsonl"), &mixed).unwrap();
    let out = bahth().current_dir(p).args(["index", "in", "--max-file-mb", "1", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["added"], 4004,
        "the 4000 records of the dump, h1 and h3, m1 (after its BOM) and m3 (no final newline)"
    );
    let reasons: Vec<String> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!("{} {}", s["path"].as_str().unwrap().rsplit('/').next().unwrap(), s["reason"].as_str().unwrap())
        })
        .collect();
    let has = |needle: &str| reasons.iter().any(|r| r.contains(needle));
    assert!(has("huge.jsonl:2 record over the 1 MB limit"), "{reasons:?}");
    assert!(!reasons.iter().any(|r| r.contains("big.jsonl.gz")), "{reasons:?}");
    assert!(has("nul.jsonl binary"), "{reasons:?}");
    assert!(has("empty.ndjson empty"), "{reasons:?}");
    assert!(has("mixed.jsonl:2 not UTF-8"), "{reasons:?}");
    // Two gzip members are read as one stream.
    std::fs::create_dir_all(p.join("multi")).unwrap();
    let mut both = Vec::new();
    for part in [big.as_bytes(), "{\"id\": \"tail\", \"text\": \"x\"}\n".as_bytes()] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(part).unwrap();
        both.extend(e.finish().unwrap());
    }
    std::fs::write(p.join("multi/two.jsonl.gz"), both).unwrap();
    let out = bahth().current_dir(p).args(["index", "multi", "--max-file-mb", "1", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = v["added"].as_u64().unwrap() + v["updated"].as_u64().unwrap();
    assert_eq!(read, 4001, "every record of both members (the dump's ids were indexed from in/ already): {v}");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn the_index_is_never_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "news/a.txt", "خبر عن باماكو\n");
    // Another bahth index inside the folder, built first.
    let out = bahth().current_dir(p).args(["index", "news", "--index", "old/idx", "--quiet"]).output().unwrap();
    assert!(out.status.success());
    for run in 0..2 {
        let out =
            bahth().current_dir(p).args(["index", ".", "--index", "idx", "--verbose", "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["skipped"].as_array().unwrap().len(),
            0,
            "run {run}: nothing of an index is read as an article: {v}"
        );
        assert_eq!(v["added"].as_u64().unwrap() + v["unchanged"].as_u64().unwrap(), 1, "run {run}: {v}");
    }
    let out = bahth().current_dir(p).args(["index", ".", "--index", "idx", "--verbose"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not walking ./idx: it holds a bahth index"), "{err}");
    assert!(err.contains("not walking ./old/idx: it holds a bahth index"), "{err}");
}

#[test]
fn a_damaged_index_is_named_checked_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    copy_dir(&root().join("seeds"), &p.join("seeds"));
    assert!(bahth().current_dir(p).args(["index", "seeds", "--quiet"]).output().unwrap().status.success());
    let ok = bahth().current_dir(p).args(["check"]).output().unwrap();
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("every checksum matches"));

    // A byte changed inside a segment file: the footer is intact, the checksum is not.
    let store = std::fs::read_dir(p.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|x| x == "store"))
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    bytes[10] ^= 0xff;
    std::fs::write(&store, &bytes).unwrap();
    let bad = bahth().current_dir(p).args(["check", "--json"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&bad.stdout).unwrap();
    let name = store.file_name().unwrap().to_string_lossy().to_string();
    assert!(v["damaged"].as_array().unwrap().iter().any(|f| f.as_str().unwrap().contains(&name)), "{v}");

    // A truncated segment file, as after a disk error: every command says so in plain words.
    let idx = std::fs::read_dir(p.join("index"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|x| x == "idx"))
        .unwrap();
    let len = std::fs::metadata(&idx).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&idx).unwrap().set_len(len / 2).unwrap();
    let idx_name = idx.file_name().unwrap().to_string_lossy().to_string();
    for args in [vec!["search", "فاغنر"], vec!["stats"], vec!["count", "فاغنر"], vec!["index", "seeds"], vec!["check"]]
    {
        let out = bahth().current_dir(p).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = format!("{}{}", String::from_utf8_lossy(&out.stderr), String::from_utf8_lossy(&out.stdout));
        assert!(said.contains(&idx_name), "{args:?} names the file: {said}");
        assert!(said.contains("--full"), "{args:?} says what to do: {said}");
        assert!(!said.contains("Footer magic") && !said.contains("panicked"), "{args:?}: {said}");
    }

    // --full moves the damaged folder aside and rebuilds from the sources.
    let out = bahth().current_dir(p).args(["index", "seeds", "--full", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 5);
    let aside: Vec<String> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("index.damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged folder is kept aside, not deleted");
    assert!(p.join(&aside[0]).join(&idx_name).exists());
    assert_eq!(bahth().current_dir(p).args(["check"]).output().unwrap().status.code(), Some(0));
    let (code, r) = search_json(p, &["فاغنر", "--articles"]);
    assert_eq!((code, r["total_hits"].as_u64()), (0, Some(5)));
}

#[test]
fn a_full_disk_keeps_the_last_commit_and_names_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let mnt = p.join("small");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1500k", "tmpfs"])
        .arg(&mnt)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        println!("skipped: a small tmpfs cannot be mounted here (needs root and mount rights)");
        return;
    }
    let unmount = || {
        let _ = std::process::Command::new("umount").arg(&mnt).output();
    };
    copy_dir(&root().join("seeds"), &p.join("seeds"));
    let out = bahth().current_dir(p).args(["index", "seeds", "--index", "small/idx", "--quiet"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Far more text than the 1.5 MB disk holds.
    let seed = std::fs::read_to_string(root().join("seeds/002_95559e0416d696e5.txt")).unwrap();
    let words: Vec<&str> = seed.split_whitespace().collect();
    for i in 0..40 {
        let text: Vec<&str> = (0..20_000).map(|k| words[(k * 7 + i * 13) % words.len()]).collect();
        write(p, &format!("more/{i}.txt"), &text.join(" "));
    }
    let out = bahth().current_dir(p).args(["index", "seeds", "more", "--index", "small/idx"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let (_, r) = search_json(p, &["فاغنر", "--articles", "--index", "small/idx"]);
    unmount();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the disk holding the index at small/idx is full"), "{err}");
    assert_eq!(r["total_hits"], 5, "the last commit is intact");
}

#[test]
fn front_matter_as_hugo_jekyll_and_obsidian_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "in/hugo.md",
        "---\ntitle: \"هجوم: ما نعرفه\"\nsource: 'الجزيرة'\ndate: 2024-09-19\ntags: [مالي, فاغنر]\nauthors:\n  - أحمد علي\n  - سارة\nsummary: |\n  سطر أول\n  سطر ثان\n---\nقاتلت قوات فاغنر قرب كيدال.\n",
    );
    write(
        p,
        "in/toml.md",
        "+++\ntitle = \"تقرير من باماكو\"\nsource = \"فرانس برس\"\ndate = 2024-09-18T10:00:00Z\nauthor = \"ليلى\"\ntags = [\"مالي\"]\n+++\nوصلت قوات فاغنر إلى باماكو.\n",
    );
    write(p, "in/bad.md", "---\ntitle: a\nsource: [غير مغلق\n---\nخبر آخر عن فاغنر في الشمال.\n");
    write(p, "in/rec.json", "{\"id\": \"r1\", \"text\": \"خبر عن فاغنر\", \"authors\": [\"هدى\"], \"tags\": \"نيجر\"}");
    let out = bahth().current_dir(p).args(["index", "in", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 4, "every file is indexed, the bad front matter too: {v}");
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{v}");
    let w = format!("{} {}", warnings[0]["path"], warnings[0]["reason"]);
    assert!(
        w.contains("bad.md") && w.contains("YAML") && w.contains("line 4") && w.contains("expected"),
        "file, line and parser message: {w}"
    );

    let (_, r) = search_json(p, &["فاغنر", "--articles", "--limit", "10"]);
    let hit = |id: &str| {
        r["hits"].as_array().unwrap().iter().find(|h| h["article_id"].as_str().unwrap().ends_with(id)).cloned().unwrap()
    };
    let hugo = hit("hugo.md");
    assert_eq!(hugo["source"], "الجزيرة", "no quotes in the outlet");
    assert_eq!(hugo["title"], "هجوم: ما نعرفه");
    assert_eq!(hugo["date"], "2024-09-19");
    assert_eq!(hugo["authors"], serde_json::json!(["أحمد علي", "سارة"]));
    assert_eq!(hugo["tags"], serde_json::json!(["مالي", "فاغنر"]));
    let toml = hit("toml.md");
    assert_eq!((toml["source"].as_str(), toml["date"].as_str()), (Some("فرانس برس"), Some("2024-09-18")));
    assert_eq!(toml["authors"], serde_json::json!(["ليلى"]));
    assert_eq!(toml["title"], "تقرير من باماكو", "TOML front matter is not the title");
    let bad = hit("bad.md");
    assert!(bad["text"].as_str().unwrap().contains("خبر آخر"), "the text after a bad block is indexed");
    assert_eq!(hit("r1")["authors"], serde_json::json!(["هدى"]));
    assert_eq!(hit("r1")["tags"], serde_json::json!(["نيجر"]));
    let facets: Vec<&String> = r["facets"]["source"].as_object().unwrap().keys().collect();
    assert!(facets.iter().all(|s| !s.contains('\'')), "{facets:?}");
    let out = bahth().current_dir(p).args(["search", "قرب كيدال"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("by أحمد علي, سارة · tags: مالي, فاغنر"), "{text}");
}

#[test]
fn web_pages_give_what_a_reader_sees() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    copy_dir(&root().join("tests/fixtures/html"), &p.join("pages"));
    // The same page gzipped, as archives keep them.
    let page = std::fs::read(p.join("pages/news-page.html")).unwrap();
    let page = String::from_utf8(page).unwrap().replace("wagner-kidal\"", "wagner-kidal-copy\"");
    let f = std::fs::File::create(p.join("pages/copy.html.gz")).unwrap();
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    e.write_all(page.as_bytes()).unwrap();
    e.finish().unwrap();
    let out = bahth().current_dir(p).args(["index", "pages", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 3, "{v}");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0, "{v}");

    let (_, r) = search_json(p, &["كيدال", "--articles"]);
    let hit = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["article_id"].as_str().unwrap().ends_with("news-page.html"))
        .unwrap()
        .clone();
    assert_eq!(hit["title"], "مقاتلو فاغنر يصلون إلى كيدال", "og:title first");
    assert_eq!(hit["source"], "الجزيرة نت", "og:site_name");
    assert_eq!(hit["date"], "2024-09-19", "article:published_time");
    // Paragraphs stay paragraphs: the article's lines are passages of their own.
    let (_, all) = search_json(p, &["كيدال", "--limit", "50"]);
    let texts: Vec<&str> = all["hits"].as_array().unwrap().iter().map(|h| h["text"].as_str().unwrap()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("وصل مقاتلون من مجموعة فاغنر الروسية إلى مدينة كيدال في شمال مالي، بحسب مصادر")),
        "{texts:?}"
    );

    // Sidebar headlines, related links, menus, comments, scripts, styles and footers are not the article's text.
    for furniture in [
        "سومطرة",
        "تونس",
        "الذهب",
        "الرئيسية",
        "فيسبوك",
        "الأوركسترا",
        "dataLayer",
        "font-family",
        "الحقوق",
        "مخفية",
        "أرشيفية",
    ] {
        let (code, r) = search_json(p, &[furniture]);
        assert_eq!(code, 1, "{furniture} is page furniture, not article text: {}", r["hits"]);
    }

    // A Windows-1256 page with its charset in http-equiv, a <time datetime> and no og tags.
    let (code, r) = search_json(p, &["تمبكتو", "--articles"]);
    assert_eq!(code, 0);
    let h = &r["hits"][0];
    assert_eq!(h["title"], "اشتباكات قرب تمبكتو");
    assert_eq!(h["date"], "2024-08-02");
    let (code, _) = search_json(p, &["الموقع القديم"]);
    assert_eq!(code, 1, "its footer is not indexed");
}

#[test]
fn a_dump_over_twenty_megabytes_is_indexed_with_the_default_limit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("dump")).unwrap();
    let f = std::fs::File::create(p.join("dump/big.jsonl.gz")).unwrap();
    let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
    let body = "خبر ".repeat(1000);
    let mut written = 0usize;
    let mut n = 0;
    while written < 21 << 20 {
        let line = format!("{{\"id\": \"d{n}\", \"source\": \"أرشيف\", \"text\": \"{body} {n}\"}}\n");
        written += line.len();
        e.write_all(line.as_bytes()).unwrap();
        n += 1;
    }
    e.finish().unwrap();
    let out = bahth().current_dir(p).args(["index", "dump", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], n, "every record of a 21 MB dump under the default 20 MB limit: {}", v["skipped"]);
    assert!(v["bytes"].as_u64().unwrap() > 20 << 20);
}

/// Every seed's own outlet, date and title come through, including the one whose YAML front
/// matter has an unquoted colon in its title (read line by line, with a warning), and no
/// outlet is "unknown".
#[test]
fn every_seed_keeps_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&crate::common::root().join("seeds"), &dir.path().join("seeds"));
    let out = bahth().current_dir(dir.path()).args(["index", "seeds"]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read line by line"), "the fallback is announced: {stderr}");
    let mut seeds: Vec<_> = std::fs::read_dir(dir.path().join("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    for path in seeds {
        let text = std::fs::read_to_string(&path).unwrap();
        let front: Vec<(&str, &str)> =
            text.lines().skip(1).take_while(|l| *l != "---").filter_map(|l| l.split_once(": ")).collect();
        let get = |k: &str| front.iter().find(|(key, _)| *key == k).map(|(_, v)| v.trim().to_string());
        let id = format!("seeds/{}", path.file_name().unwrap().to_string_lossy());
        let (_, v) = search_json(dir.path(), &["باماكو OR مالي OR الساحل", "--any", "--articles"]);
        let hit = v["hits"].as_array().unwrap().iter().find(|h| h["article_id"] == id.as_str()).cloned();
        let hit = hit.unwrap_or_else(|| panic!("{id} is found"));
        assert_eq!(hit["source"].as_str(), get("source").as_deref(), "{id}: outlet");
        if let Some(date) = get("date") {
            assert_eq!(hit["date"].as_str(), Some(date.as_str()), "{id}: date");
        }
        if let Some(title) = get("title") {
            assert_eq!(hit["title"].as_str(), Some(title.as_str()), "{id}: title");
        }
    }
    let out = bahth().current_dir(dir.path()).args(["stats", "--json"]).output().unwrap();
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = stats.to_string();
    assert!(!text.contains("unknown"), "no unknown outlet: {text}");
}

/// The daily loop: each article records when it first entered the index; `--added-since
/// last` keeps what the last run added (a changed article keeps its first date and is not
/// new), a date keeps what came since, the API and batch search agree, a deleted one is gone.
#[test]
fn what_is_new_since_the_last_run() {
    use serde_json::Value;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    std::fs::create_dir_all(&a).unwrap();
    let seeds = crate::common::root().join("seeds");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in &files[..3] {
        std::fs::copy(f, a.join(f.file_name().unwrap())).unwrap();
    }
    let run = |args: &[&str]| {
        let out = bahth().current_dir(dir.path()).args(args).output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap_or(Value::Null)
    };
    run(&["index", "a", "--quiet"]);
    let first = run(&["search", "باماكو", "--articles", "--json", "--limit", "100"]);
    let added_at = |v: &Value, id: &str| -> String {
        v["hits"].as_array().unwrap().iter().find(|h| h["article_id"].as_str().unwrap().ends_with(id)).unwrap()["added"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first_added = added_at(&first, "000_0a264e3769ada68d.txt");
    // The next day's run (a second later: times are kept to the second): two new, one changed.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for f in &files[3..5] {
        std::fs::copy(f, a.join(f.file_name().unwrap())).unwrap();
    }
    let changed = a.join("000_0a264e3769ada68d.txt");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nفقرة أضيفت اليوم عن باماكو.\n");
    std::fs::write(&changed, text).unwrap();
    run(&["index", "a", "--quiet"]);

    let new = run(&["search", "باماكو", "--articles", "--json", "--limit", "100", "--added-since", "last"]);
    let ids: std::collections::BTreeSet<String> =
        new["hits"].as_array().unwrap().iter().map(|h| h["article_id"].as_str().unwrap()[2..5].to_string()).collect();
    assert_eq!(ids, ["003", "004"].map(String::from).into(), "the two new articles, not the changed one: {new}");
    assert!(new["hits"].as_array().unwrap().iter().all(|h| h["new"] == true));
    let all = run(&["search", "باماكو", "--articles", "--json", "--limit", "100"]);
    assert_eq!(added_at(&all, "000_0a264e3769ada68d.txt"), first_added, "a changed article keeps its first date");
    assert_eq!(all["total_hits"], 5);
    let c = run(&["count", "باماكو", "--added-since", "last", "--json"]);
    assert_eq!(c["total"], 2, "count agrees");
    let today = &first_added[..10];
    let since = run(&["search", "باماكو", "--articles", "--json", "--limit", "100", "--added-since", today]);
    assert_eq!(since["total_hits"], 5, "everything came in today");

    // The API and batch search, the same.
    let server = crate::serve::serve(dir.path());
    let (code, api) = crate::serve::json(
        &server,
        &format!("/api/search?q={}&articles=true&added_since=last", crate::serve::enc("باماكو")),
    );
    assert_eq!((code, &api["total_hits"]), (200, &new["total_hits"]));
    let body = serde_json::json!({"names": ["باماكو"], "added_since": "last"}).to_string();
    let (code, rows) = crate::serve::post_json(&server, "/api/batch", &body);
    assert_eq!((code, &rows[0]["articles"]), (200, &Value::from(2)), "{rows}");
    drop(server);

    // A deleted article is gone, new or not.
    std::fs::remove_file(a.join(files[4].file_name().unwrap())).unwrap();
    run(&["index", "a", "--quiet"]);
    let after = run(&["search", "باماكو", "--articles", "--json", "--limit", "100"]);
    assert_eq!(after["total_hits"], 4);
    let out =
        bahth().current_dir(dir.path()).args(["search", "باماكو", "--added-since", "yesterday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--added-since"), "names the flag");
}
