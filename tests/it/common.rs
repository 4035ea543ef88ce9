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
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect()
}

/// `bahth analyze --json TEXT`, checked against the token invariants.
pub fn analyze_json(text: &str) -> Vec<Value> {
    let out = bahth()
        .args(["analyze", "--json", text])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "analyze failed on {text:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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
        assert!(
            start < end && *end <= text.len(),
            "offsets {start}..{end} out of range in {text:?}"
        );
        assert!(
            text.is_char_boundary(*start) && text.is_char_boundary(*end),
            "not on char boundaries: {start}..{end}"
        );
        assert!(
            *start >= last_end,
            "tokens overlap or go backwards at {start}"
        );
        assert_eq!(
            &text[*start..*end],
            word,
            "slice differs from the token's text"
        );
        assert!(
            word.chars().any(char::is_alphanumeric),
            "token {word:?} has no letter or digit"
        );
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
