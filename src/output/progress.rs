//! Progress bars on stderr (indicatif), shown only on a terminal and never for `--quiet`,
//! `--json` or pipes.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A byte-count bar, or a hidden one when `wanted` is false or stderr is not a terminal.
pub fn bar(wanted: bool, total_bytes: u64) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} indexing [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})")
    {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}
