//! `bahth eval --stories`: how well copies are grouped, on a test set built by construction.
//!
//! From a corpus, dated articles of at least [`MIN_BASE_WORDS`] words are taken as
//! originals, evenly spread over the corpus. Each gets one copy per kind of edit a
//! republishing outlet makes ([`Edit`]); its negatives are the other articles of its day
//! whose titles share names with it (two words of five letters or more). An original that
//! already has a copy in the corpus, or a negative that copies the original, is left out,
//! judged by exact five-word overlap (not by the grouping under test). Everything is indexed
//! through the real indexer, and "same story" is scored pair by pair: every pair inside an
//! original's group of copies is a positive, every pair between it and its negatives (or
//! another original's group of the same day) a negative.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::indexer::article::Article;

/// Shortest original, in words: an article with room for an intro, a cut and a swap.
pub const MIN_BASE_WORDS: usize = 120;

/// The edits a republished copy shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// A new headline, the text as it was.
    Retitled,
    /// A sentence of the outlet's own before the text.
    IntroAdded,
    /// The last paragraphs (about a third of the words) cut.
    EndTrimmed,
    /// Two paragraphs swapped.
    ParagraphsSwapped,
    /// 5–10% of the words replaced.
    WordsChanged,
    /// All of the above at once.
    AllEdits,
}

/// Every kind of edit, in report order.
pub const EDITS: [Edit; 6] =
    [Edit::Retitled, Edit::IntroAdded, Edit::EndTrimmed, Edit::ParagraphsSwapped, Edit::WordsChanged, Edit::AllEdits];

/// Precision and recall of one slice of the pairs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pairs {
    /// Pairs judged.
    pub pairs: usize,
    /// Pairs put in one story that are copies.
    pub true_positives: usize,
    /// Pairs put in one story that are not.
    pub false_positives: usize,
    /// Copies left in different stories.
    pub false_negatives: usize,
    /// TP / (TP + FP) (1 when nothing was grouped).
    pub precision: f64,
    /// TP / (TP + FN).
    pub recall: f64,
}

impl Pairs {
    fn add(&mut self, truth: bool, grouped: bool) {
        self.pairs += 1;
        match (truth, grouped) {
            (true, true) => self.true_positives += 1,
            (false, true) => self.false_positives += 1,
            (true, false) => self.false_negatives += 1,
            (false, false) => {}
        }
    }
    fn finish(&mut self) {
        let (tp, fp, fn_) = (self.true_positives as f64, self.false_positives as f64, self.false_negatives as f64);
        self.precision = if tp + fp == 0.0 { 1.0 } else { tp / (tp + fp) };
        self.recall = if tp + fn_ == 0.0 { 1.0 } else { tp / (tp + fn_) };
    }
}

/// The report of `eval --stories`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Originals used.
    pub originals: usize,
    /// Copies made.
    pub copies: usize,
    /// Negatives (same day, shared names).
    pub negatives: usize,
    /// All pairs.
    pub all: Pairs,
    /// Pairs by the edit of the copy involved (original–copy pairs for recall, any pair with
    /// a copy of that kind for precision).
    pub by_edit: Vec<(Edit, Pairs)>,
    /// Pairs between an original's group and its negatives.
    pub negatives_pairs: Pairs,
}

/// A small deterministic generator (SplitMix64): the test set is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Paragraphs of a text (lines); a text of fewer than three is cut into sentences.
fn paragraphs(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if lines.len() >= 3 {
        return lines;
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        cur.push(c);
        if matches!(c, '.' | '؟' | '!' | '\n') && cur.split_whitespace().count() >= 5 {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// One edited copy of `base`; `donor` lends the words of a new headline, intro and
/// replacements.
fn edit(base: &Article, donor: &Article, kind: Edit, rng: &mut Rng) -> (Option<String>, String) {
    let mut paras = paragraphs(&base.text);
    let donor_words: Vec<&str> = donor.text.split_whitespace().collect();
    let mut title = base.title.clone();
    let all = kind == Edit::AllEdits;
    if kind == Edit::Retitled || all {
        title = donor.title.clone().or_else(|| Some(donor_words.iter().take(8).copied().collect::<Vec<_>>().join(" ")));
    }
    if kind == Edit::EndTrimmed || all {
        let total: usize = paras.iter().map(|p| p.split_whitespace().count()).sum();
        let mut kept = 0;
        let mut n = 0;
        while n < paras.len() && kept < total * 2 / 3 {
            kept += paras[n].split_whitespace().count();
            n += 1;
        }
        paras.truncate(n.max(1));
    }
    if (kind == Edit::ParagraphsSwapped || all) && paras.len() >= 2 {
        let i = rng.below(paras.len() - 1);
        paras.swap(i, i + 1);
    }
    if kind == Edit::IntroAdded || all {
        let start = rng.below(donor_words.len().saturating_sub(25));
        let n = 15 + rng.below(15);
        let intro: Vec<&str> = donor_words.iter().skip(start).take(n).copied().collect();
        paras.insert(0, format!("{}.", intro.join(" ")));
    }
    let mut text = paras.join("\n");
    if kind == Edit::WordsChanged || all {
        let rate = 5 + rng.below(6);
        let words: Vec<String> = text
            .split(' ')
            .map(|w| {
                if rng.below(100) < rate && !donor_words.is_empty() {
                    donor_words[rng.below(donor_words.len())].to_string()
                } else {
                    w.to_string()
                }
            })
            .collect();
        text = words.join(" ");
    }
    (title, text)
}

/// The five-word shingles of a text (exact, for choosing the set).
fn five_words(text: &str) -> HashSet<u64> {
    let w: Vec<&str> = text.split_whitespace().collect();
    w.windows(5.min(w.len().max(1))).map(|s| xxhash_rust::xxh3::xxh3_64(s.join(" ").as_bytes())).collect()
}

/// Share of the smaller set found in the larger.
fn overlap(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let small = a.len().min(b.len()).max(1);
    a.intersection(b).count() as f64 / small as f64
}

/// Two texts overlapping this much (exact five-word shingles) are treated as copies when
/// the set is built: an original is not used, a negative is dropped.
const COPY_OVERLAP: f64 = 0.3;

/// Words of a title that can name someone or something (five letters or more).
fn title_words(a: &Article) -> HashSet<String> {
    a.title
        .as_deref()
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 5)
        .map(crate::analysis::normalize::normalize)
        .collect()
}

/// A member of the test set: its article and the group (original) it belongs to.
struct Item {
    article: Article,
    group: Option<usize>,
    edit: Option<Edit>,
}

/// Builds the test set from `docs` (`originals` of them at most), indexes it in `dir`,
/// groups it and scores the pairs.
pub fn run(docs: &Path, originals: usize, dir: &Path) -> Result<Report> {
    let corpus = crate::indexer::article::read_all(docs)?;
    let by_day = days(&corpus);
    let eligible: Vec<usize> = (0..corpus.len())
        .filter(|&i| corpus[i].date.is_some() && corpus[i].text.split_whitespace().count() >= MIN_BASE_WORDS)
        .collect();
    let step = (eligible.len() / originals.max(1)).max(1);
    let mut rng = Rng(0x5eed);
    let mut items: Vec<Item> = Vec::new();
    let mut used: HashSet<usize> = HashSet::new();
    let mut group = 0;
    for &b in eligible.iter().step_by(step) {
        if group == originals || used.contains(&b) {
            continue;
        }
        let base = &corpus[b];
        let day = &by_day[&day_of(base)];
        let shingles = five_words(&base.text);
        let copied = day.iter().any(|&o| o != b && overlap(&shingles, &five_words(&corpus[o].text)) >= COPY_OVERLAP);
        if copied {
            continue;
        }
        let names = title_words(base);
        let negatives: Vec<usize> = day
            .iter()
            .copied()
            .filter(|&o| o != b && !used.contains(&o) && title_words(&corpus[o]).intersection(&names).count() >= 2)
            .collect();
        used.insert(b);
        items.push(Item { article: base.clone(), group: Some(group), edit: None });
        for kind in EDITS {
            let donor = &corpus[eligible[rng.below(eligible.len())]];
            let (title, text) = edit(base, donor, kind, &mut rng);
            let mut copy = base.clone();
            copy.id = format!("{}~copy-{:?}", base.id, kind);
            copy.title = title;
            copy.text = text;
            copy.source = Some(format!("copy-outlet-{}", rng.below(5)));
            items.push(Item { article: copy, group: Some(group), edit: Some(kind) });
        }
        for o in negatives {
            used.insert(o);
            items.push(Item { article: corpus[o].clone(), group: None, edit: None });
        }
        group += 1;
    }
    let groups = group;
    let path = dir.join("stories-set.jsonl");
    write_jsonl(&path, items.iter().map(|i| &i.article))?;
    let st = super::build_index(&dir.join("index"), crate::analysis::StemmerKind::Light, path, None)?;
    let searcher = st.reader()?.searcher();
    let stories = crate::stories::Stories::build(&st, &searcher)?;
    Ok(score(&items, &stories, groups))
}

fn day_of(a: &Article) -> i64 {
    a.date.map_or(i64::MIN, |d| d.into_timestamp_secs().div_euclid(86_400))
}

fn days(corpus: &[Article]) -> HashMap<i64, Vec<usize>> {
    let mut out: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, a) in corpus.iter().enumerate() {
        out.entry(day_of(a)).or_default().push(i);
    }
    out
}

fn write_jsonl<'a>(path: &Path, articles: impl Iterator<Item = &'a Article>) -> Result<()> {
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?);
    for a in articles {
        let v = serde_json::json!({
            "id": a.id, "title": a.title, "text": a.text, "source": a.source,
            "date": a.date.map(crate::stats::ymd),
        });
        writeln!(f, "{v}")?;
    }
    f.flush()?;
    Ok(())
}

/// Scores "same story" over the pairs the set judges.
fn score(items: &[Item], stories: &crate::stories::Stories, groups: usize) -> Report {
    let story = |a: &Article| stories.story_key(crate::stories::key_of(&a.id));
    let mut all = Pairs::default();
    let mut by_edit: HashMap<Edit, Pairs> = HashMap::new();
    let mut negatives_pairs = Pairs::default();
    for (i, x) in items.iter().enumerate() {
        for y in &items[i + 1..] {
            let (x, y) = if x.group.is_none() { (y, x) } else { (x, y) };
            let (Some(gx), gy) = (x.group, y.group) else { continue };
            let truth = gy == Some(gx);
            let same_day = day_of(&x.article) == day_of(&y.article);
            if !truth && !same_day {
                continue;
            }
            let grouped = story(&x.article) == story(&y.article);
            all.add(truth, grouped);
            if gy.is_none() {
                negatives_pairs.add(truth, grouped);
            }
            for e in [x.edit, y.edit].into_iter().flatten() {
                // Recall by edit: original–copy pairs; precision: any pair with such a copy.
                if !truth || x.edit.is_none() || y.edit.is_none() {
                    by_edit.entry(e).or_default().add(truth, grouped);
                }
            }
        }
    }
    all.finish();
    negatives_pairs.finish();
    let by_edit = EDITS
        .iter()
        .map(|e| {
            let mut p = by_edit.remove(e).unwrap_or_default();
            p.finish();
            (*e, p)
        })
        .collect();
    Report {
        originals: groups,
        copies: items.iter().filter(|i| i.edit.is_some()).count(),
        negatives: items.iter().filter(|i| i.group.is_none()).count(),
        all,
        by_edit,
        negatives_pairs,
    }
}
