//! `bahth index`: plan what changed since the last commit, then apply it in one commit.
//!
//! The plan reads the per-article bookkeeping (hash, file size, mtime, path) from fast
//! fields; a file whose size and mtime are unchanged is not even opened. Changed files are
//! parsed and analyzed on worker threads that feed one tantivy writer; an updated article is
//! deleted by id and added again; articles whose files are gone from the walked paths are
//! deleted. Nothing is visible until the commit, so a killed run leaves the last commit.

pub mod apply;
pub mod article;
pub mod decode;
pub mod front;
pub mod html;
pub mod passages;
pub mod walk;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::{IndexWriter, Term};

use crate::analysis::Analyzer;
use crate::error::user;
use crate::schema::names;
use crate::store::{Payload, Store};
use apply::Run;
use walk::FileEntry;

/// What `bahth index` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// Source for articles that name none.
    pub source: Option<String>,
    /// Worker threads.
    pub threads: usize,
    /// Writer memory budget, MB.
    pub heap_mb: usize,
    /// Rebuild from scratch.
    pub full: bool,
    /// Plan only.
    pub dry_run: bool,
    /// Keep articles whose files are gone.
    pub keep_missing: bool,
    /// Largest file, bytes.
    pub max_bytes: u64,
    /// Commit after this many files (0: once).
    pub commit_every: usize,
    /// Passage size in words (0: whole articles).
    pub passage_words: usize,
    /// Show a progress bar.
    pub progress: bool,
    /// Sketch articles and group them into stories (off only to measure what stories cost).
    pub stories: bool,
}

impl Options {
    /// Defaults for building an index of `paths` in one go: 2 threads, 256 MB, 120-word
    /// passages, one commit, no progress bar, nothing removed.
    pub fn new(paths: Vec<PathBuf>) -> Options {
        Options {
            paths,
            source: None,
            threads: 2,
            heap_mb: 256,
            full: false,
            dry_run: false,
            keep_missing: true,
            max_bytes: u64::MAX / 2,
            commit_every: 0,
            passage_words: 120,
            progress: false,
            stories: true,
        }
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Articles added.
    pub added: usize,
    /// Articles replaced.
    pub updated: usize,
    /// Articles deleted.
    pub removed: usize,
    /// Articles left as they were.
    pub unchanged: usize,
    /// Files or records skipped: (path[:line], reason).
    pub skipped: Vec<Skipped>,
    /// Warnings that did not skip anything.
    pub warnings: Vec<Skipped>,
    /// Folders not walked because they hold a bahth index.
    pub index_dirs: Vec<String>,
    /// Passages written.
    pub passages: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Wall time.
    pub seconds: f64,
    /// Stories of two or more articles in the index after the run.
    pub stories: usize,
    /// Time spent grouping stories after the commit (part of `seconds`).
    pub stories_seconds: f64,
}

/// A skipped file or record, or a warning.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Skipped {
    /// The file, with `:line` for a record.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// One stored article's bookkeeping.
#[derive(Debug, Clone)]
struct Known {
    hash: u64,
    path: String,
    size: u64,
    mtime: u64,
    /// When it first entered the index (seconds).
    added: Option<i64>,
}

/// Reads the bookkeeping of every live article (from passage 0 of each).
fn load_existing(store: &Store) -> Result<HashMap<String, Known>> {
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::new();
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let (Some(ids), Some(paths)) = (ff.str(names::ARTICLE_ID)?, ff.str(names::PATH)?) else {
            continue;
        };
        let hash = ff.u64(names::HASH)?;
        let size = ff.u64(names::FILE_SIZE)?;
        let mtime = ff.u64(names::FILE_MTIME)?;
        let passage = ff.u64(names::PASSAGE)?;
        let added = ff.date(names::ADDED).ok();
        let mut rows = Vec::new();
        for doc in seg.doc_ids_alive() {
            if passage.first(doc) != Some(0) {
                continue;
            }
            if let (Some(i), Some(p)) = (ids.term_ords(doc).next(), paths.term_ords(doc).next()) {
                rows.push((doc, i, p));
            }
        }
        let id_of = crate::store::resolve_ords(&ids, rows.iter().map(|r| r.1))?;
        let path_of = crate::store::resolve_ords(&paths, rows.iter().map(|r| r.2))?;
        for (doc, i, p) in rows {
            let (Some(id), Some(path)) = (id_of.get(&i), path_of.get(&p)) else { continue };
            let known = Known {
                hash: hash.first(doc).unwrap_or(0),
                path: path.clone(),
                size: size.first(doc).unwrap_or(0),
                mtime: mtime.first(doc).unwrap_or(0),
                added: added.as_ref().and_then(|c| c.first(doc)).map(|d| d.into_timestamp_secs()),
            };
            out.insert(id.clone(), known);
        }
    }
    Ok(out)
}

/// Indexes `opts.paths` into `store`.
pub fn run(store: &Store, analyzer: &Analyzer, opts: &Options) -> Result<Summary> {
    let started = Instant::now();
    // New articles are stamped with the time this run started; changed ones keep theirs.
    let run_started = time::OffsetDateTime::now_utc().unix_timestamp();
    let (had, want) = (Payload::of(&store.analyzer), Payload::of(analyzer));
    if had != want && !opts.full && store.has_docs()? {
        return Err(user(format!(
            "the index at {} was built with the {} stemmer and {} protected words of its own; this run asks for the {} stemmer and {}: pass --full to rebuild it that way",
            store.dir.display(),
            had.stemmer.name(),
            had.protect.len(),
            want.stemmer.name(),
            want.protect.len()
        )));
    }
    // The writer's tokenizers analyze with the analyzer asked for (it differs from the
    // stored one only on --full, which rebuilds everything).
    crate::store::register(&store.index, analyzer);
    let walked = walk::walk(&opts.paths, Some(&store.dir));
    let existing = if opts.full { HashMap::new() } else { load_existing(store)? };
    let previous = if opts.full { load_existing(store)? } else { HashMap::new() };
    let mut writer: Option<IndexWriter> = if opts.dry_run {
        None
    } else {
        let threads = opts.threads.clamp(1, 8);
        let heap = (opts.heap_mb.max(20 * threads) << 20).min(4000 << 20);
        Some(store.index.writer_with_num_threads(threads, heap).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => user(format!(
                "the index at {} is locked by another `bahth index` run: wait for it to finish, then run again",
                store.dir.display()
            )),
            e => anyhow::Error::new(e).context(format!("opening a writer on {}", store.dir.display())),
        })?)
    };
    if opts.full {
        if let Some(w) = writer.as_mut() {
            w.delete_all_documents()?;
        }
    }
    let mut summary = Summary::default();
    summary.skipped.extend(walked.skipped.iter().map(|(p, r)| Skipped { path: p.clone(), reason: r.clone() }));
    summary.index_dirs.clone_from(&walked.index_dirs);

    // Files whose size and mtime match the stored ones are not opened.
    let mut by_path: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, k) in &existing {
        by_path.entry(k.path.as_str()).or_default().push(id.as_str());
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut jobs: Vec<&FileEntry> = Vec::new();
    for f in &walked.files {
        let ids = by_path.get(f.key.as_str());
        let same = ids.is_some_and(|ids| {
            ids.iter().all(|id| existing.get(*id).is_some_and(|k| k.size == f.size && k.mtime == f.mtime))
        });
        match ids {
            Some(ids) if same => {
                summary.unchanged += ids.len();
                seen.extend(ids.iter().map(|s| s.to_string()));
            }
            _ => jobs.push(f),
        }
    }

    let claimed = Mutex::new(seen);
    let progress = crate::output::progress::bar(opts.progress, jobs.iter().map(|f| f.size).sum());
    let batch = if opts.commit_every == 0 { jobs.len().max(1) } else { opts.commit_every };
    let payload = Payload { last_run: Some(run_started), ..Payload::of(analyzer) }.to_json();
    let shared = Mutex::new(Summary::default());
    for chunk in jobs.chunks(batch) {
        let run = Run {
            fields: store.fields,
            analyzer,
            run_started,
            opts,
            existing: &existing,
            writer: writer.as_ref(),
            progress: &progress,
            seen: &claimed,
            summary: &shared,
        };
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..opts.threads.clamp(1, 8) {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = chunk.get(i) else { break };
                    run.file(f, &previous);
                });
            }
        });
        if let Some(w) = writer.as_mut() {
            if chunk.len() < jobs.len() {
                commit(w, &payload)?;
            }
        }
    }
    let seen = claimed.into_inner().unwrap_or_default();
    progress.finish_and_clear();
    merge(&mut summary, shared.into_inner().unwrap_or_default());

    if !opts.keep_missing {
        for (id, k) in &existing {
            if !seen.contains(id) && walk::under_roots(&k.path, &walked.roots) {
                summary.removed += 1;
                if let Some(w) = writer.as_ref() {
                    w.delete_term(Term::from_field_text(store.fields.article_id, id));
                }
            }
        }
    }
    if let Some(w) = writer.as_mut() {
        commit(w, &payload).map_err(|e| out_of_space(e, &store.dir))?;
    }
    if let Some(w) = writer {
        w.wait_merging_threads().context("finishing segment merges").map_err(|e| out_of_space(e, &store.dir))?;
    }
    if !opts.dry_run && opts.stories {
        let grouping = Instant::now();
        let searcher = store.reader()?.searcher();
        let stories = crate::stories::Stories::refresh(store, &searcher).map_err(|e| out_of_space(e, &store.dir))?;
        summary.stories = stories.stories.len();
        summary.stories_seconds = grouping.elapsed().as_secs_f64();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// A full disk, said in plain words with the folder (the last commit is intact: tantivy
/// writes meta.json only once every segment is on disk).
fn out_of_space(e: anyhow::Error, dir: &std::path::Path) -> anyhow::Error {
    let full = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(|io| io.raw_os_error() == Some(28))
            || c.to_string().contains("No space left on device")
    });
    if full {
        user(format!(
            "the disk holding the index at {} is full (no space left on device): nothing of this run was committed and the index keeps its last commit; free some space (or give --index a folder on another disk) and run again",
            dir.display()
        ))
    } else {
        e
    }
}

fn commit(w: &mut IndexWriter, payload: &str) -> Result<()> {
    let mut prepared = w.prepare_commit().context("preparing the commit")?;
    prepared.set_payload(payload);
    prepared.commit().context("committing the index")?;
    Ok(())
}

fn merge(into: &mut Summary, from: Summary) {
    into.added += from.added;
    into.updated += from.updated;
    into.unchanged += from.unchanged;
    into.skipped.extend(from.skipped);
    into.warnings.extend(from.warnings);
    into.passages += from.passages;
    into.bytes += from.bytes;
}
