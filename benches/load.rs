//! Load benchmark for `bahth serve`: a newsroom of concurrent reporters on one server.
//!
//! Starts `bahth serve` on 127.0.0.1 (a free port) over an index, then runs 1, 8 and 32
//! concurrent clients, each a keep-alive HTTP/1.1 connection (ureq), for a bounded number of
//! requests per level. The requests cycle through a fixed mix read from the bench sets: every
//! dev entity spelling as `/api/search?articles=true`, 200 known-item headlines as
//! `/api/search`, and every spelling's `/api/histogram`. It reports throughput, p50/p95/p99,
//! errors (transport errors and non-2xx answers, with the first few named) and the server's
//! resident memory sampled after every 5,000 requests.
//!
//! ```text
//! cargo bench --bench load -- --index /tmp/ix/ant [--shared ../shared/bench] \
//!     [--requests 40000] [--clients 1,8,32] [--out load-result.json]
//! ```
//! Without `--index`, ant-news is indexed into a temporary folder first.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_bahth");

struct Args {
    index: Option<PathBuf>,
    shared: PathBuf,
    requests: usize,
    clients: Vec<usize>,
    out: PathBuf,
}

fn args() -> Result<Args> {
    let mut a = Args {
        index: None,
        shared: Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
        requests: 40_000,
        clients: vec![1, 8, 32],
        out: PathBuf::from("load-result.json"),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut val = || it.next().with_context(|| format!("{k} needs a value"));
        match k.as_str() {
            "--index" => a.index = Some(val()?.into()),
            "--shared" => a.shared = val()?.into(),
            "--requests" => a.requests = val()?.parse().context("--requests: give a whole number")?,
            "--clients" => {
                a.clients = val()?
                    .split(',')
                    .map(|c| c.trim().parse::<usize>())
                    .collect::<Result<_, _>>()
                    .context("--clients: give numbers separated by commas, e.g. 1,8,32")?
            }
            "--out" => a.out = val()?.into(),
            // cargo bench passes --bench; other harness flags are not ours.
            _ => {}
        }
    }
    Ok(a)
}

fn encode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

/// The request mix: paths, in a fixed order.
fn request_mix(shared: &Path) -> Result<Vec<String>> {
    let ents = shared.join("entities/entities.tsv");
    let text = std::fs::read_to_string(&ents).with_context(|| format!("reading {}", ents.display()))?;
    let spellings: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').nth(1))
        .flat_map(|qs| qs.split(',').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    let ki = shared.join("known-item/queries.tsv");
    let text = std::fs::read_to_string(&ki).with_context(|| format!("reading {}", ki.display()))?;
    let headlines: Vec<String> =
        text.lines().filter_map(|l| l.split('\t').nth(1)).take(200).map(str::to_string).collect();
    if spellings.is_empty() || headlines.is_empty() {
        bail!("no spellings in {} or no headlines in {}", ents.display(), ki.display());
    }
    let mut mix = Vec::new();
    for s in &spellings {
        mix.push(format!("/api/search?q={}&articles=true", encode(s)));
        mix.push(format!("/api/histogram?q={}", encode(s)));
    }
    mix.extend(headlines.iter().map(|h| format!("/api/search?q={}", encode(h))));
    // Interleave deterministically so every client meets every kind.
    let n = mix.len();
    let step = (1..n).rev().find(|s| gcd(*s, n) == 1 && *s > n / 3).unwrap_or(1);
    Ok((0..n).map(|i| mix[(i * step) % n].clone()).collect())
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(index: &Path) -> Result<Server> {
    let mut child = Command::new(BIN)
        .args(["serve", "--host", "127.0.0.1", "--port", "0", "--index"])
        .arg(index)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("starting bahth serve")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("server stdout")?).read_line(&mut line)?;
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .with_context(|| format!("bahth serve printed no URL: {line:?}"))?
        .trim_end_matches('/')
        .to_string();
    Ok(Server { child, base })
}

/// Resident memory of `pid` in MB (Linux /proc).
fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Each distinct error with how often it came.
fn distinct(errs: &[String]) -> Vec<(String, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for e in errs {
        *counts.entry(e.clone()).or_insert(0) += 1;
    }
    counts.into_iter().collect()
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One level: `clients` threads share `requests` requests; returns its figures.
fn level(
    server: &Server,
    mix: &[String],
    clients: usize,
    requests: usize,
    memory: &Mutex<Vec<Value>>,
    done_before: usize,
) -> Value {
    let next = AtomicUsize::new(0);
    let errors = Mutex::new(Vec::<String>::new());
    let started = Instant::now();
    let pid = server.child.id();
    let mut lat: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (next, errors, base) = (&next, &errors, &server.base);
                scope.spawn(move || {
                    let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(60)).build();
                    let mut lat = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= requests {
                            break;
                        }
                        let path = &mix[(i + c * 7) % mix.len()];
                        let t = Instant::now();
                        let outcome = match agent.get(&format!("{base}{path}")).call() {
                            Ok(r) => std::io::Read::read_to_end(&mut r.into_reader(), &mut Vec::new())
                                .map(|_| ())
                                .map_err(|e| format!("reading the answer: {e}")),
                            Err(ureq::Error::Status(code, _)) => Err(format!("HTTP {code}")),
                            Err(ureq::Error::Transport(t)) => Err(format!("transport: {t}")),
                        };
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        if let Err(what) = outcome {
                            let query: String =
                                url::form_urlencoded::parse(path.split_once('?').map_or("", |p| p.1).as_bytes())
                                    .find(|(k, _)| k == "q")
                                    .map(|(_, v)| v.into_owned())
                                    .unwrap_or_default();
                            if let Ok(mut errs) = errors.lock() {
                                errs.push(format!("{what} for {} {query:?}", path.split('?').next().unwrap_or("")));
                            }
                        }
                        let total = done_before + i + 1;
                        if total.is_multiple_of(5000) {
                            if let Ok(mut m) = memory.lock() {
                                m.push(json!({"requests": total, "rss_mb": rss_mb(pid)}));
                            }
                        }
                    }
                    lat
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    let secs = started.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    let errs = errors.lock().map(|e| e.clone()).unwrap_or_default();
    json!({
        "clients": clients, "requests": lat.len(), "seconds": secs,
        "req_per_s": lat.len() as f64 / secs,
        "p50_ms": pct(&lat, 0.50), "p90_ms": pct(&lat, 0.90), "p95_ms": pct(&lat, 0.95), "p99_ms": pct(&lat, 0.99),
        "max_ms": lat.last().copied().unwrap_or(0.0),
        "errors": errs.len(), "distinct_errors": distinct(&errs),
    })
}

fn main() -> Result<()> {
    let a = args()?;
    let mix = request_mix(&a.shared)?;
    let tmp = tempfile::tempdir()?;
    let index = match &a.index {
        Some(i) => i.clone(),
        None => {
            let corpus = a.shared.join("ant-news.jsonl.gz");
            let dir = tmp.path().join("index");
            eprintln!("indexing {} into {} …", corpus.display(), dir.display());
            let st = Command::new(BIN).args(["index", "--quiet", "--index"]).arg(&dir).arg(&corpus).status()?;
            if !st.success() {
                bail!("indexing {} failed", corpus.display());
            }
            dir
        }
    };
    let server = start(&index)?;
    let pid = server.child.id();
    // Warm the page cache and the name memo once, as a server that has been up a while.
    let agent = ureq::agent();
    for p in mix.iter() {
        let _ = agent.get(&format!("{}{p}", server.base)).call();
    }
    let memory = Mutex::new(vec![json!({"requests": 0, "rss_mb": rss_mb(pid)})]);
    let mut levels = Vec::new();
    let mut done = 0;
    for &c in &a.clients {
        let r = level(&server, &mix, c.max(1), a.requests, &memory, done);
        done += a.requests;
        eprintln!("{r}");
        levels.push(r);
    }
    let memory = memory.into_inner().unwrap_or_default();
    let rss: Vec<f64> = memory.iter().skip(1).filter_map(|m| m["rss_mb"].as_f64()).collect();
    let (lo, hi) = rss.iter().fold((f64::MAX, 0f64), |(lo, hi), &r| (lo.min(r), hi.max(r)));
    let mean = rss.iter().sum::<f64>() / rss.len().max(1) as f64;
    let result = json!({
        "index": index, "mix": mix.len(), "levels": levels, "memory": memory,
        "memory_after_warmup": {"min_mb": lo, "max_mb": hi, "spread_pct": if mean > 0.0 { (hi - lo) / mean * 100.0 } else { 0.0 }},
    });
    println!("| clients | requests | throughput | p50 | p90 | p95 | p99 | max | errors |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for l in &levels {
        println!(
            "| {} | {} | {:.0} req/s | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.1} ms | {} |",
            l["clients"],
            l["requests"],
            l["req_per_s"].as_f64().unwrap_or(0.0),
            l["p50_ms"].as_f64().unwrap_or(0.0),
            l["p90_ms"].as_f64().unwrap_or(0.0),
            l["p95_ms"].as_f64().unwrap_or(0.0),
            l["p99_ms"].as_f64().unwrap_or(0.0),
            l["max_ms"].as_f64().unwrap_or(0.0),
            l["errors"]
        );
    }
    println!(
        "\nserver memory over {done} requests (after warm-up): {lo:.0}–{hi:.0} MB, spread {:.1}% of the mean",
        result["memory_after_warmup"]["spread_pct"].as_f64().unwrap_or(0.0)
    );
    for l in &levels {
        for e in l["distinct_errors"].as_array().into_iter().flatten() {
            println!("{} clients: {}× {}", l["clients"], e[1], e[0].as_str().unwrap_or(""));
        }
    }
    std::fs::write(&a.out, serde_json::to_string_pretty(&result)?)
        .with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!("written {}", a.out.display());
    Ok(())
}
