//! The command-line contract: clap derive structs only, no I/O.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::analysis::StemmerKind;

/// bahth: full-text search for Arabic news and conflict reporting.
#[derive(Debug, Parser)]
#[command(name = "bahth", version, about, long_about = None)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Analysis options shared by the commands that build indexes.
#[derive(Debug, Clone, Args)]
pub struct AnalysisOpts {
    /// Stemmer for the stem field.
    #[arg(long, value_enum, default_value = "light")]
    pub stemmer: StemmerKind,
    /// Extra protected words (one a line) that the stemmer keeps whole.
    #[arg(long = "protect", value_name = "FILE")]
    pub protect: Vec<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show how the analyzer splits and folds TEXT (like Elasticsearch's _analyze).
    Analyze {
        /// The text to analyze.
        text: String,
        /// Print JSON: {"tokens": [{text, start, end, normalized, stem, variant, stopword}]}.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        analysis: AnalysisOpts,
    },
    /// Index files and folders of articles (default: seeds).
    Index(IndexArgs),
    /// Show what an index holds.
    Stats {
        /// Index directory (default: $BAHTH_INDEX or ./index).
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Verify an index: every file's checksum, that it opens, its analyzer (exit 0 or 2).
    Check {
        /// Index directory (default: $BAHTH_INDEX or ./index).
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Search the index.
    Search(SearchArgs),
    /// Count matching articles by outlet and over time.
    Count(CountArgs),
    /// Serve the search page and its JSON API on this machine.
    Serve {
        /// Index directory (default: $BAHTH_INDEX or ./index; built from seeds/ on first use).
        #[arg(long)]
        index: Option<PathBuf>,
        /// Address to listen on (127.0.0.1: this machine only).
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Port (0: any free port, printed).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
        /// Seconds a client may take to send a request's headers; slower clients are
        /// disconnected.
        #[arg(long, default_value_t = 10.0, value_parser = positive_seconds)]
        header_timeout: f64,
        /// Seconds a client may take to send a request's body (and the longest a connection may
        /// sit without the client sending or reading); slower clients are disconnected.
        #[arg(long, default_value_t = 30.0, value_parser = positive_seconds)]
        body_timeout: f64,
    },
    /// List the stories told more than once: groups of copies, largest first.
    Stories {
        /// Index directory (default: $BAHTH_INDEX or ./index).
        #[arg(long)]
        index: Option<PathBuf>,
        /// Print JSON: [{"story", "articles": [{"id", "source", "date", "title"}]}].
        #[arg(long)]
        json: bool,
        /// Only stories of at least N articles.
        #[arg(long, default_value_t = 2)]
        min_size: usize,
        /// Stories listed (0: all).
        #[arg(long, default_value_t = 0)]
        limit: usize,
    },
    /// Relevance evaluation against TREC-style queries and judgments.
    Eval(EvalArgs),
    /// Benchmark indexing and query latency against stock tantivy.
    Bench(BenchArgs),
    /// One timed indexing run in its own process (used by `bench` to measure peak memory).
    #[command(hide = true)]
    BenchIndex {
        /// bahth or stock.
        #[arg(long, value_enum)]
        engine: AnalyzerChoice,
        /// Corpus.
        #[arg(long)]
        corpus: PathBuf,
        /// Index directory (must not exist).
        #[arg(long)]
        index: PathBuf,
        /// Threads.
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Heap MB.
        #[arg(long, default_value_t = 256)]
        heap: usize,
        /// Without story sketches and grouping (to measure what they cost).
        #[arg(long)]
        no_stories: bool,
    },
}

/// `bahth index`.
#[derive(Debug, Clone, Args)]
pub struct IndexArgs {
    /// Files or folders to index (default: seeds).
    pub paths: Vec<PathBuf>,
    /// Index directory (default: $BAHTH_INDEX or ./index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Source name for articles that do not name one.
    #[arg(long)]
    pub source: Option<String>,
    /// Indexing threads (default: number of cores, at most 8).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Indexing memory budget in MB (shared by the threads).
    #[arg(long, default_value_t = 256)]
    pub heap: usize,
    /// Rebuild the index from scratch.
    #[arg(long)]
    pub full: bool,
    /// Show what would change without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Keep articles whose files are gone.
    #[arg(long)]
    pub keep_missing: bool,
    /// Largest file read, in MB.
    #[arg(long, default_value_t = 20)]
    pub max_file_mb: u64,
    /// Print nothing but errors.
    #[arg(long)]
    pub quiet: bool,
    /// List every skipped file.
    #[arg(long)]
    pub verbose: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// On very large runs, commit after every N files (0: once per run).
    #[arg(long, default_value_t = 50_000)]
    pub commit_every: usize,
    /// Split passages longer than this many words at sentence ends (0: one passage per article).
    #[arg(long, default_value_t = 120)]
    pub passage_words: usize,
    #[command(flatten)]
    pub analysis: AnalysisOpts,
}

/// What a query runs on and how its words match: shared by `search` and `count`.
#[derive(Debug, Clone, Args)]
pub struct QueryOpts {
    /// Index directory (default: $BAHTH_INDEX or ./index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Only these outlets (repeatable, OR'ed).
    #[arg(long)]
    pub source: Vec<String>,
    /// Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles dated on or before DATE.
    #[arg(long)]
    pub to: Option<String>,
    /// Only articles the last `bahth index` run added (`last`), or that entered the index on
    /// or after DATE.
    #[arg(long, value_name = "last|DATE")]
    pub added_since: Option<String>,
    /// Ranked any-match instead of all words.
    #[arg(long)]
    pub any: bool,
    /// Do not match name variants.
    #[arg(long)]
    pub no_variants: bool,
    /// Match only the typed form of each word: normalization, proclitics and the article;
    /// no stems, no variants.
    #[arg(long)]
    pub as_typed: bool,
}

/// `bahth search`.
#[derive(Debug, Clone, Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", -exclude, OR, source:NAME, title:WORD, word~, !spelling.
    pub query: String,
    #[command(flatten)]
    pub opts: QueryOpts,
    /// Hits shown.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Hits skipped (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Group hits by article (best passage each).
    #[arg(long)]
    pub articles: bool,
    /// Order of hits: relevance, newest or oldest first (undated articles last).
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: crate::search::order::Sort,
    /// One hit per story: copies of an article (agency copy, re-posts) are shown once, led by
    /// the earliest, with the outlets that also carried it; counts are of stories.
    #[arg(long)]
    pub stories: bool,
    /// Print JSON (schema in the README).
    #[arg(long)]
    pub json: bool,
    /// Print every hit as CSV (no --limit; the columns and byte-order mark of the page's
    /// export: rank, article_id, title, source, date, url, authors, spellings, snippet, story,
    /// copies, passage).
    #[arg(long, conflicts_with_all = ["json", "jsonl", "explain", "limit", "offset"])]
    pub csv: bool,
    /// Print every hit as JSON Lines, one `--json` hit a line (no --limit).
    #[arg(long, conflicts_with_all = ["json", "explain", "limit", "offset"])]
    pub jsonl: bool,
    /// Show why each hit scored as it did.
    #[arg(long)]
    pub explain: bool,
}

/// `bahth count`.
#[derive(Debug, Clone, Args)]
pub struct CountArgs {
    /// The query, in the language of `bahth search`.
    pub query: String,
    /// Buckets: source, month, week or day; repeat for a cross table (--by source --by month).
    #[arg(long, value_enum, default_value = "month")]
    pub by: Vec<crate::search::count::By>,
    #[command(flatten)]
    pub opts: QueryOpts,
    /// Count passages instead of articles (same as --unit passages).
    #[arg(long, conflicts_with = "unit")]
    pub passages: bool,
    /// What to count: articles, passages, or stories (an article and its copies once, for
    /// each outlet that carried it, in the time bucket of its first publication).
    #[arg(long, value_enum)]
    pub unit: Option<crate::search::count::Unit>,
    /// Print CSV (a header, then one row per bucket).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Print JSON (schema in the README).
    #[arg(long)]
    pub json: bool,
}

/// `bahth eval`.
#[derive(Debug, Clone, Args)]
pub struct EvalArgs {
    /// Documents: a JSONL/JSON file or folder (ignored with --index).
    #[arg(long)]
    pub docs: Option<PathBuf>,
    /// Queries: qid<TAB>text.
    #[arg(long, required_unless_present_any = ["entities", "stories"], requires = "qrels")]
    pub queries: Option<PathBuf>,
    /// TREC qrels: qid 0 docid relevance.
    #[arg(long, requires = "queries")]
    pub qrels: Option<PathBuf>,
    /// Entity (name) search instead: DIR holds entities.tsv and qrels.tsv; each spelling runs
    /// as `bahth search --articles` with no limit and is scored by recall and precision.
    /// --docs defaults to ../shared/bench/ant-news.jsonl.gz.
    #[arg(long, conflicts_with_all = ["queries", "qrels", "run_out", "analyzer"])]
    pub entities: Option<PathBuf>,
    /// Story grouping instead: copies of --docs articles are made with a republisher's edits
    /// (new headline, intro, cut ending, swapped paragraphs, changed words) and "same story"
    /// is scored pair by pair against them and same-day articles that share names. --docs
    /// defaults to ../shared/bench/ant-news.jsonl.gz.
    #[arg(long, conflicts_with_all = ["queries", "qrels", "run_out", "analyzer", "entities", "index"])]
    pub stories: bool,
    /// With --stories: how many originals to copy.
    #[arg(long, default_value_t = 300, requires = "stories")]
    pub originals: usize,
    /// Use this existing index instead of building one.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Depth of the ranking scored.
    #[arg(long, default_value_t = 100)]
    pub k: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Write a TREC run file.
    #[arg(long)]
    pub run_out: Option<PathBuf>,
    /// arabic (bahth's analyzer) or stock (tantivy's default tokenizer).
    #[arg(long, value_enum, default_value = "arabic")]
    pub analyzer: AnalyzerChoice,
    /// Stemmer for the arabic analyzer.
    #[arg(long, value_enum, default_value = "light")]
    pub stemmer: StemmerKind,
    /// Do not match name variants.
    #[arg(long)]
    pub no_variants: bool,
    /// Passage size in words (0: whole articles; default 0 for relevance, the indexer's
    /// passages for --entities, as `bahth search` sees them).
    #[arg(long)]
    pub passage_words: Option<usize>,
}

/// Which analysis an evaluation or benchmark index uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalyzerChoice {
    /// bahth's Arabic analyzer.
    Arabic,
    /// tantivy's default tokenizer.
    Stock,
}

/// `bahth bench`.
#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// Corpus (JSONL, optionally gzipped).
    #[arg(long, default_value = "../shared/bench/ant-news.jsonl.gz")]
    pub corpus: PathBuf,
    /// Known-item queries (title set).
    #[arg(long, default_value = "../shared/bench/known-item/queries.tsv")]
    pub titles: PathBuf,
    /// Short queries.
    #[arg(long, default_value = "../shared/bench/short-queries.tsv")]
    pub short: PathBuf,
    /// Entity set (entities.tsv): every spelling is timed as `bahth search --articles`.
    #[arg(long, default_value = "../shared/bench/entities")]
    pub entities: PathBuf,
    /// Work directory (default: a temporary directory).
    #[arg(long)]
    pub work: Option<PathBuf>,
    /// Indexing threads.
    #[arg(long, default_value_t = 2)]
    pub threads: usize,
    /// Indexing heap in MB.
    #[arg(long, default_value_t = 256)]
    pub heap: usize,
    /// Use only the first N articles (0: all).
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Skip the folder re-index step.
    #[arg(long)]
    pub no_folder: bool,
    /// Write the JSON result here.
    #[arg(long, default_value = "bench-result.json")]
    pub out: PathBuf,
    /// Reuse the indexes a previous run left in --work (latency only; no indexing figures).
    #[arg(long, requires = "work")]
    pub reuse: bool,
    /// Indexing runs per engine (the median is reported; the engines take turns, each
    /// round in another order).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

/// A number of seconds above zero and at most a day.
fn positive_seconds(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if v > 0.0 && v <= 86_400.0 {
        Ok(v)
    } else {
        Err(format!("{s}: give a number of seconds above 0 and at most 86400"))
    }
}
