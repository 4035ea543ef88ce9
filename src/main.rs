//! The `bahth` binary: parse arguments, run, print the error chain once, exit with the
//! documented code.

use clap::Parser;

/// jemalloc: small allocations are a tenth of serving and indexing time under glibc malloc
/// (see Cargo.toml for the figures).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let cli = bahth::cli::Cli::parse();
    let code = match bahth::app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                bahth::error::EXIT_OK
            } else {
                eprintln!("bahth: error: {err:#}");
                bahth::error::EXIT_ERROR
            }
        }
    };
    std::process::exit(code);
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
