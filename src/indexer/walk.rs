//! Walking the paths given to `bahth index`: which files to read, with the facts the plan
//! needs (id base, first folder, size, mtime) and the reasons others are skipped.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::article::{format_of, Format};

/// A file the indexer may read.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// Path as walked (for reading and messages).
    pub path: PathBuf,
    /// Canonical absolute path (stored; used to find removed files).
    pub key: String,
    /// Default article id: the root's name joined with the path below it.
    pub id_base: String,
    /// The first folder under the walked root, the source fallback.
    pub first_folder: Option<String>,
    /// Format and whether it is gzipped.
    pub format: Format,
    /// Gzipped.
    pub gz: bool,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, ns since the epoch.
    pub mtime: u64,
}

/// The result of walking.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files to consider.
    pub files: Vec<FileEntry>,
    /// Files or folders skipped, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Canonical roots (folders end with `/`): articles below them whose file is gone are removed.
    pub roots: Vec<String>,
    /// Folders not entered because they hold a bahth index (the one in use or another).
    pub index_dirs: Vec<String>,
}

/// Whether `dir` holds a bahth index: tantivy's meta.json with bahth's analyzer payload.
pub fn holds_bahth_index(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("meta.json")).is_ok_and(|m| m.contains(crate::analysis::ANALYZER_NAME))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as u64)
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Walks `paths` (files or folders), following symlinks without looping, skipping hidden
/// entries and never entering the index folder `index` nor any folder that holds a bahth
/// index.
pub fn walk(paths: &[PathBuf], index: Option<&Path>) -> Walk {
    let mut out = Walk::default();
    let index = index.and_then(|i| std::fs::canonicalize(i).ok());
    let index_dirs = std::cell::RefCell::new(Vec::new());
    let mut keys = std::collections::HashSet::new();
    for root in paths {
        let canon_root = match std::fs::canonicalize(root) {
            Ok(c) => c,
            Err(e) => {
                out.skipped.push((root.display().to_string(), format!("cannot open: {e}")));
                continue;
            }
        };
        let root_name = canon_root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let root_is_dir = canon_root.is_dir();
        out.roots.push(if root_is_dir { format!("{}/", slash(&canon_root)) } else { slash(&canon_root) });
        let walker = WalkDir::new(root).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
            if e.depth() > 0 && is_hidden(e.file_name()) {
                return false;
            }
            if e.file_type().is_dir() {
                let in_use = index.as_ref().is_some_and(|i| std::fs::canonicalize(e.path()).is_ok_and(|c| &c == i));
                if in_use || holds_bahth_index(e.path()) {
                    index_dirs.borrow_mut().push(e.path().display().to_string());
                    return false;
                }
            }
            true
        });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                    let why = if e.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else {
                        format!("unreadable: {e}")
                    };
                    out.skipped.push((p, why));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path().to_path_buf();
            let Some((format, gz)) = format_of(&path) else {
                out.skipped.push((
                    path.display().to_string(),
                    "unsupported format (bahth reads .txt .md .html .htm .json .jsonl .ndjson, optionally .gz)".into(),
                ));
                continue;
            };
            let meta = match entry.metadata() {
                Ok(m) => m,
                Err(e) => {
                    out.skipped.push((path.display().to_string(), format!("unreadable: {e}")));
                    continue;
                }
            };
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id_base = if root_is_dir { format!("{root_name}/{}", slash(rel)) } else { root_name.clone() };
            let first_folder = if root_is_dir && rel.components().count() > 1 {
                rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned())
            } else {
                None
            };
            // The canonical root joined with the path below it: one realpath per root, not
            // one per file (a rerun over 31k files stays well under a second).
            let key = slash(&if root_is_dir { canon_root.join(rel) } else { canon_root.clone() });
            if !keys.insert(key.clone()) {
                continue; // the same file reached through two of the given paths
            }
            out.files.push(FileEntry {
                path,
                key,
                id_base,
                first_folder,
                format,
                gz,
                size: meta.len(),
                mtime: mtime_ns(&meta),
            });
        }
    }
    out.index_dirs = index_dirs.into_inner();
    out
}

/// True when the stored canonical path `key` lies under one of the walked roots.
pub fn under_roots(key: &str, roots: &[String]) -> bool {
    roots.iter().any(|r| if r.ends_with('/') { key.starts_with(r.as_str()) } else { key == r })
}
