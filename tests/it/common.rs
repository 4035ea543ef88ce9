//! Helpers shared by the integration tests: running the binary, reading case tables, and the
//! token-invariant check every analysis test goes through.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The `bahth` binary under test, with a clean environment.
pub fn bahth() -> Command {
    let mut cmd = Command::cargo_bin("bahth").expect("binary built");
    cmd.env_remove("BAHTH_INDEX").env("NO_COLOR", "1");
    cmd
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Rows of a case table (tab-separated, `#` comments skipped), with their line numbers.
pub fn case_rows(name: &str) -> Vec<(usize, Vec<String>)> {
    let path = root().join("tests/cases").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows: Vec<(usize, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect();
    // A table that lost its rows would make every test over it pass without checking anything.
    assert!(!rows.is_empty(), "{} has no rows", path.display());
    rows
}

/// `bahth analyze --json TEXT`, checked against the token invariants.
pub fn analyze_json(text: &str) -> Vec<Value> {
    let out = bahth().args(["analyze", "--json", text]).output().expect("runs");
    assert!(out.status.success(), "analyze failed on {text:?}: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let tokens = v["tokens"].as_array().expect("tokens array").clone();
    let spans: Vec<(usize, usize, String)> = tokens
        .iter()
        .map(|t| {
            (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
                t["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    check_spans(text, &spans);
    tokens
}

/// Token invariants: offsets in range, on char boundaries, non-decreasing and
/// non-overlapping, the slice equals the reported text and holds a letter or digit.
pub fn check_spans(text: &str, spans: &[(usize, usize, String)]) {
    let mut last_end = 0;
    for (start, end, word) in spans {
        assert!(start < end && *end <= text.len(), "offsets {start}..{end} out of range in {text:?}");
        assert!(text.is_char_boundary(*start) && text.is_char_boundary(*end), "not on char boundaries: {start}..{end}");
        assert!(*start >= last_end, "tokens overlap or go backwards at {start}");
        assert_eq!(&text[*start..*end], word, "slice differs from the token's text");
        assert!(word.chars().any(char::is_alphanumeric), "token {word:?} has no letter or digit");
        last_end = *end;
    }
}

/// Writes `content` to `dir/name`, creating folders.
pub fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, content).unwrap();
    p
}

/// A temp folder holding a copy of seeds/ and an index of it at `index/`.
pub fn seed_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("seeds"), &dir.path().join("seeds"));
    let out = bahth().current_dir(dir.path()).args(["index", "seeds", "--quiet"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// Copies a flat folder.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// `bahth search --json` in `dir`; returns (exit code, parsed JSON or Null).
pub fn search_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut cmd = bahth();
    cmd.current_dir(dir).arg("search").args(args).arg("--json");
    if !args.contains(&"--limit") {
        cmd.args(["--limit", "1000"]);
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (code, v)
}

/// Article ids of the hits, reduced to the first three characters of their file name.
pub fn hit_articles(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .map(|h| {
                    let id = h["article_id"].as_str().unwrap_or("");
                    id.rsplit('/').next().unwrap_or("").chars().take(3).collect()
                })
                .collect()
        })
        .unwrap_or_default();
    out.dedup();
    out
}
