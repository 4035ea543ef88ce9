//! The only place that opens or creates an index. Registers the analyzer's tokenizers first
//! (tantivy does not persist tokenizers) and checks that the index was built by this
//! analyzer version, whose identity every commit records in its payload.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::Index;

use crate::analysis::tantivy_glue::FormTokenizer;
use crate::analysis::{Analyzer, StemmerKind, ANALYZER_NAME, ANALYZER_VERSION};
use crate::error::user;
use crate::schema::{self, Fields, FORMS};

/// Doc-store block size (bytes of stored documents compressed together).
pub const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// What each commit records next to the segments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Payload {
    /// Analyzer name.
    pub analyzer: String,
    /// Analyzer version.
    pub version: u32,
    /// Stemmer of the stem field.
    pub stemmer: StemmerKind,
    /// User protected words (`--protect`), folded.
    #[serde(default)]
    pub protect: Vec<String>,
    /// When the index run that made this commit started (seconds): "added since the last
    /// run" (absent from a payload made for comparison, and from older indexes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<i64>,
}

/// An open index with the analyzer it was built with.
pub struct Store {
    /// The tantivy index.
    pub index: Index,
    /// Field handles.
    pub fields: Fields,
    /// The analyzer (same configuration as at index time).
    pub analyzer: Analyzer,
    /// Where it lives.
    pub dir: PathBuf,
    /// The stories of the last searcher asked about (see [`crate::stories::Stories::of`]).
    /// Keyed by the searcher generation it was last asked for, so a server answers from it
    /// without recomputing the segment fingerprint on every search.
    pub stories: std::sync::Mutex<Option<(u64, std::sync::Arc<crate::stories::Stories>)>>,
    /// The last run's start time as read for a searcher generation ([`Store::last_run_for`]).
    last_run_seen: std::sync::Mutex<Option<(u64, Option<i64>)>>,
}

/// The default index directory: `$BAHTH_INDEX`, else `index/` in the current folder.
pub fn default_dir(given: Option<&Path>) -> PathBuf {
    given
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("BAHTH_INDEX").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("index"))
}

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

impl Payload {
    /// The payload for an analyzer.
    pub fn of(analyzer: &Analyzer) -> Payload {
        Payload {
            analyzer: ANALYZER_NAME.into(),
            version: ANALYZER_VERSION,
            stemmer: analyzer.stemmer(),
            protect: analyzer.extra_protected().to_vec(),
            last_run: None,
        }
    }
    /// As written into the commit.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// `name/version/stemmer`.
    pub fn identity(&self) -> String {
        format!("{}/{}/{}", self.analyzer, self.version, self.stemmer.name())
    }
}

/// Registers the analyzer's three form tokenizers on an index.
pub fn register(index: &Index, analyzer: &Analyzer) {
    for form in FORMS {
        index.tokenizers().register(form.tokenizer_name(), FormTokenizer { analyzer: analyzer.clone(), form });
    }
}

/// Opens an existing index, refusing one built by another analyzer version.
pub fn open(dir: &Path) -> Result<Store> {
    open_inner(dir, None)
}

/// Opens an existing index, or one built by another analyzer (version), for `--full`: the
/// rebuild replaces every document in one commit, under `analyzer`.
fn open_inner(dir: &Path, rebuild_with: Option<&Analyzer>) -> Result<Store> {
    if !exists(dir) {
        return Err(user(format!(
            "no index at {}: build one with `bahth index [PATH]... --index {}`",
            dir.display(),
            dir.display()
        )));
    }
    let index = Index::open_in_dir(dir).with_context(|| {
        format!("opening the index at {} (if it is damaged, rebuild it with `bahth index --full`)", dir.display())
    })?;
    let metas = index.load_metas().with_context(|| format!("reading {}", dir.join("meta.json").display()))?;
    let payload: Option<Payload> = metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
    let (stemmer, protect) = match payload {
        Some(p) if p.analyzer == ANALYZER_NAME && p.version == ANALYZER_VERSION => (p.stemmer, p.protect),
        _ if rebuild_with.is_some() => {
            let a = rebuild_with.map_or_else(Analyzer::default, Analyzer::clone);
            (a.stemmer(), a.extra_protected().to_vec())
        }
        Some(p) => {
            return Err(user(format!(
                "the index at {} was built by analyzer {} but this bahth has {}/{}: re-index with `bahth index --full --index {}`",
                dir.display(),
                p.identity(),
                ANALYZER_NAME,
                ANALYZER_VERSION,
                dir.display()
            )))
        }
        None if metas.segments.is_empty() => (StemmerKind::Light, Vec::new()),
        None => {
            return Err(user(format!(
                "the index at {} records no bahth analyzer: it was not built by bahth or by an old version; re-index with `bahth index --full --index {}`",
                dir.display(),
                dir.display()
            )))
        }
    };
    let fields = Fields::new(&index.schema()).map_err(|e| {
        user(format!(
            "the index at {} was built by an older bahth with other fields ({e}): rebuild it with `bahth index PATH... --index {} --full` (the old folder is moved aside)",
            dir.display(),
            dir.display()
        ))
    })?;
    let analyzer = Analyzer::with_words(stemmer, protect);
    register(&index, &analyzer);
    Ok(Store {
        index,
        fields,
        analyzer,
        dir: dir.to_path_buf(),
        stories: Default::default(),
        last_run_seen: Default::default(),
    })
}

/// Opens the index at `dir`, creating an empty one (with `analyzer`) when there is none.
/// `rebuild` (`--full`) also accepts an index built by another analyzer version.
pub fn open_or_create(dir: &Path, analyzer: &Analyzer, rebuild: bool) -> Result<Store> {
    if exists(dir) {
        return open_inner(dir, rebuild.then_some(analyzer));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating the index folder {}", dir.display()))?;
    let mmap = MmapDirectory::open(dir).with_context(|| format!("opening {}", dir.display()))?;
    // Small doc-store blocks: a hit decompresses one block to read its passage, and 16 KB
    // blocks (tantivy's default) made decompression a fifth of a short query's time.
    // Compressed on the indexing thread that fills the block, not handed to a thread of its
    // own: with 4 KB blocks that hand-over woke the compressor thread ten thousand times a
    // second, and each wake-up preempted an indexing thread (half of all context switches
    // of a run), while bahth already runs an indexing thread per core.
    let settings = tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        docstore_compress_dedicated_thread: false,
        ..Default::default()
    };
    let index = Index::create(mmap, schema::build(), settings)
        .with_context(|| format!("creating an index in {}", dir.display()))?;
    let fields = Fields::new(&index.schema())?;
    register(&index, analyzer);
    Ok(Store {
        index,
        fields,
        analyzer: analyzer.clone(),
        dir: dir.to_path_buf(),
        stories: Default::default(),
        last_run_seen: Default::default(),
    })
}

impl Store {
    /// [`Store::last_run`], read once per searcher generation (a server answering many
    /// searches reads meta.json again only after a new commit).
    pub fn last_run_for(&self, searcher: &tantivy::Searcher) -> Option<i64> {
        let generation = searcher.generation().generation_id();
        if let Some((g, run)) = self.last_run_seen.lock().ok().and_then(|c| *c) {
            if g == generation {
                return run;
            }
        }
        let run = self.last_run();
        if let Ok(mut c) = self.last_run_seen.lock() {
            *c = Some((generation, run));
        }
        run
    }

    /// When the last index run started (seconds), as its commit recorded it.
    pub fn last_run(&self) -> Option<i64> {
        let metas = self.index.load_metas().ok()?;
        let payload: Payload = serde_json::from_str(metas.payload.as_deref()?).ok()?;
        payload.last_run
    }

    /// True when the index holds at least one document.
    pub fn has_docs(&self) -> Result<bool> {
        Ok(self.reader()?.searcher().num_docs() > 0)
    }

    /// A reader on the index; a damaged index is said so in plain words, with the file and
    /// what to do.
    pub fn reader(&self) -> Result<tantivy::IndexReader> {
        self.index.reader().map_err(|e| damaged(&self.dir, e))
    }
}

/// The file a tantivy error says is damaged, with what is wrong with it; None when the error
/// is not about a damaged file.
fn damaged_file(e: &tantivy::TantivyError) -> Option<(String, String)> {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    match e {
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            let what = match io_error.kind() {
                std::io::ErrorKind::InvalidData => "its end is missing or wrong (truncated or overwritten)".to_string(),
                _ => io_error.to_string(),
            };
            Some((filepath.display().to_string(), what))
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            Some((p.display().to_string(), "missing".to_string()))
        }
        TantivyError::DataCorruption(c) => Some(("a segment file".to_string(), format!("{c:?}"))),
        _ => None,
    }
}

/// The error for a tantivy failure on the index at `dir`: plain words when a file is
/// damaged, the error with its context otherwise.
pub fn damaged(dir: &Path, e: tantivy::TantivyError) -> anyhow::Error {
    match damaged_file(&e) {
        Some((file, what)) => user(format!(
            "the index at {} is damaged: {} ({what}). Rebuild it from your articles with `bahth index PATH... --index {} --full` \
             (the damaged folder is moved aside, nothing is deleted); `bahth check --index {}` lists every damaged file",
            dir.display(),
            file,
            dir.display(),
            dir.display()
        )),
        None => anyhow::Error::new(e).context(format!("opening the index at {}", dir.display())),
    }
}

/// Whether the index at `dir` cannot be read because a file is damaged.
pub fn is_damaged(dir: &Path) -> bool {
    match Index::open_in_dir(dir) {
        Ok(index) => index.reader().err().is_some_and(|e| damaged_file(&e).is_some()),
        Err(e) => damaged_file(&e).is_some(),
    }
}

/// Whether the index at `dir` has a schema other than this bahth's (built before a field was
/// added).
pub fn schema_differs(dir: &Path) -> bool {
    Index::open_in_dir(dir)
        .is_ok_and(|i| Fields::new(&i.schema()).map_or(true, |f| f.story.is_none() || f.added.is_none()))
}

/// Moves an index folder aside as `DIR.<why>-<unix time>` and returns where.
pub fn move_aside(dir: &Path, why: &str) -> Result<PathBuf> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let name = format!("{}.{why}-{secs}", dir.file_name().map_or_else(|| "index".into(), |n| n.to_string_lossy()));
    let to = dir.with_file_name(name);
    std::fs::rename(dir, &to)
        .with_context(|| format!("moving the damaged index {} aside to {}", dir.display(), to.display()))?;
    Ok(to)
}

/// What `bahth check` found.
#[derive(Debug, serde::Serialize)]
pub struct Check {
    /// The index folder.
    pub index: String,
    /// Segments in the last commit.
    pub segments: usize,
    /// Files whose checksum does not match (or that cannot be read).
    pub damaged: Vec<String>,
    /// The analyzer the index records.
    pub analyzer: Option<String>,
    /// Problems in words (empty when all is well).
    pub problems: Vec<String>,
}

/// Verifies every file's checksum, that the index opens for reading, and the analyzer
/// payload.
pub fn check(dir: &Path) -> Result<Check> {
    if !exists(dir) {
        return Err(user(format!("no index at {}: nothing to check", dir.display())));
    }
    let mut out = Check {
        index: dir.display().to_string(),
        segments: 0,
        damaged: Vec::new(),
        analyzer: None,
        problems: Vec::new(),
    };
    let index = match Index::open_in_dir(dir) {
        Ok(i) => i,
        Err(e) => {
            out.problems.push(format!("the index cannot be opened: {e}"));
            return Ok(out);
        }
    };
    match index.load_metas() {
        Ok(m) => {
            out.segments = m.segments.len();
            let payload: Option<Payload> = m.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
            match payload {
                Some(p) if p.analyzer == ANALYZER_NAME && p.version == ANALYZER_VERSION => {
                    out.analyzer = Some(p.identity())
                }
                Some(p) => {
                    out.problems.push(format!(
                        "built by analyzer {}, this bahth has {ANALYZER_NAME}/{ANALYZER_VERSION}: re-index with --full",
                        p.identity()
                    ));
                    out.analyzer = Some(p.identity());
                }
                None if m.segments.is_empty() => {}
                None => out.problems.push("records no bahth analyzer".into()),
            }
        }
        Err(e) => out.problems.push(format!("meta.json cannot be read: {e}")),
    }
    match index.validate_checksum() {
        Ok(files) => out.damaged.extend(files.into_iter().map(|f| f.display().to_string())),
        Err(e) => match damaged_file(&e) {
            Some((file, _)) => out.damaged.push(file),
            None => out.problems.push(format!("checksums could not be verified: {e}")),
        },
    }
    if let Err(e) = index.reader() {
        match damaged_file(&e) {
            Some((file, what)) => {
                if !out.damaged.contains(&file) {
                    out.damaged.push(file.clone());
                }
                out.problems.push(format!("{file}: {what}"));
            }
            None => out.problems.push(format!("the index cannot be read: {e}")),
        }
    }
    out.damaged.sort();
    out.damaged.dedup();
    for f in &out.damaged {
        if !out.problems.iter().any(|p| p.starts_with(f.as_str())) {
            out.problems.push(format!("{f}: its checksum does not match its contents"));
        }
    }
    Ok(out)
}

/// The strings of many term ordinals of a string fast field, read in one sorted pass over its
/// dictionary (one `ord_to_str` per ordinal opens a compressed block each time, which made a
/// rerun over 31k files spend a second in zstd set-up).
pub fn resolve_ords(
    col: &tantivy::columnar::StrColumn,
    ords: impl Iterator<Item = u64>,
) -> Result<std::collections::HashMap<u64, String>> {
    let mut sorted: Vec<u64> = ords.collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut strings = Vec::with_capacity(sorted.len());
    col.dictionary()
        .sorted_ords_to_term_cb(&sorted, |bytes| strings.push(String::from_utf8_lossy(bytes).into_owned()))?;
    Ok(sorted.into_iter().zip(strings).collect())
}
