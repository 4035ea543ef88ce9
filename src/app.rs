//! One function per subcommand: configuration in, core call, output out.

use std::io::Write;

use anyhow::Result;

use crate::analysis::Analyzer;
use crate::cli::{Cli, Command};
use crate::error::EXIT_OK;

/// Runs one parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Analyze { text, json, analysis } => {
            let analyzer = Analyzer::new(analysis.stemmer, &analysis.protect)?;
            analyze(&analyzer, &text, json)
        }
        _ => Err(crate::error::user("not built yet")),
    }
}

fn analyze(analyzer: &Analyzer, text: &str, json: bool) -> Result<i32> {
    let tokens = analyzer.analyze(text);
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = tokens
            .iter()
            .map(|t| {
                serde_json::json!({
                    "text": &text[t.start..t.end], "start": t.start, "end": t.end,
                    "normalized": t.normalized, "stem": t.stem, "variant": t.variant,
                    "stopword": t.stopword,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({ "tokens": rows }))?;
    } else {
        writeln!(out, "{:<20} {:>11}  {:<16} {:<14} {:<14} stop", "text", "bytes", "normalized", "stem", "variant")?;
        for t in &tokens {
            writeln!(
                out,
                "{:<20} {:>5}..{:<5}  {:<16} {:<14} {:<14} {}",
                &text[t.start..t.end],
                t.start,
                t.end,
                t.normalized,
                t.stem,
                t.variant,
                if t.stopword { "yes" } else { "" }
            )?;
        }
    }
    Ok(EXIT_OK)
}
