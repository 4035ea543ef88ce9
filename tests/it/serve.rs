//! `bahth serve` on a temporary index: every API endpoint, the 400 and 404 paths, traversal
//! attempts, the security headers, and fresh results after an index run without a restart.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{bahth, copy_dir, root, write};

/// A running server, stopped when dropped.
pub struct Server {
    pub child: Child,
    /// host:port it listens on.
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bahth serve --port 0` in `dir` and reads the address it prints.
pub fn serve(dir: &Path) -> Server {
    serve_with(dir, &[])
}

/// The same, with more flags.
pub fn serve_with(dir: &Path, flags: &[&str]) -> Server {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bahth"))
        .current_dir(dir)
        .args(["serve", "--port", "0"])
        .args(flags)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_default().to_string();
    assert!(!addr.is_empty(), "the URL is printed: {line:?}");
    assert!(addr.starts_with("127.0.0.1:"), "binds to this machine only: {addr}");
    Server { child, addr }
}

/// One HTTP/1.1 request: (status, headers, body).
fn http(s: &Server, method: &str, path: &str, body: Option<&str>) -> (u16, String, String) {
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let body = body.unwrap_or("");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        s.addr,
        body.len()
    );
    stream.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body =
        if head.to_ascii_lowercase().contains("transfer-encoding: chunked") { unchunk(body) } else { body.to_string() };
    (status, head.to_string(), body)
}

fn unchunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

pub fn json(s: &Server, path: &str) -> (u16, Value) {
    let (code, _, body) = http(s, "GET", path, None);
    (code, serde_json::from_str(&body).unwrap_or(Value::Null))
}

/// POSTs a JSON body and parses the answer.
pub fn post_json(s: &Server, path: &str, body: &str) -> (u16, Value) {
    let (code, _, body) = http(s, "POST", path, Some(body));
    (code, serde_json::from_str(&body).unwrap_or(Value::Null))
}

pub fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[test]
fn every_endpoint_and_every_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    copy_dir(&root().join("seeds"), &p.join("seeds"));
    assert!(bahth().current_dir(p).args(["index", "seeds", "--quiet"]).output().unwrap().status.success());
    let s = serve(p);

    let (code, head, page) = http(&s, "GET", "/", None);
    assert_eq!(code, 200);
    assert!(page.contains("dir=\"rtl\"") && page.contains("/app.js"));
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-security-policy: default-src 'none'; script-src 'self'"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"));
    assert_eq!(http(&s, "GET", "/app.js", None).0, 200);
    assert_eq!(http(&s, "GET", "/style.css", None).0, 200);

    let (code, v) = json(&s, &format!("/api/search?q={}&articles=true&limit=100", enc("فاغنر")));
    assert_eq!(code, 200);
    assert_eq!((v["total_hits"].as_u64(), v["unit"].as_str()), (Some(5), Some("articles")), "as the CLI: {v}");
    assert_eq!(v["spellings"][0]["form"], "فاغنر");
    let id = v["hits"][0]["article_id"].as_str().unwrap().to_string();

    let (code, a) = json(&s, &format!("/api/article/{id}?q={}", enc("فاغنر")));
    assert_eq!(code, 200, "{a}");
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let marks = a["highlights"].as_array().unwrap();
    assert!(!marks.is_empty());
    for m in marks {
        let (s0, e0) = (m[0].as_u64().unwrap() as usize, m[1].as_u64().unwrap() as usize);
        let word: String = text[s0..e0].iter().collect();
        assert!(
            word.contains("فاغنر") || word.contains("فَاغْنَر") || word.contains("Wagner") || word.contains("اغنر"),
            "{word}"
        );
    }

    let (code, h) = json(&s, &format!("/api/histogram?q={}&by=day", enc("فاغنر")));
    assert_eq!(code, 200);
    assert_eq!(h["total"], 5);
    let (code, st) = json(&s, "/api/stats");
    assert_eq!((code, st["articles"].as_u64()), (200, Some(5)));

    let names = r#"{"names": ["فاغنر", "باماكو", "جويتا"]}"#;
    let (code, _, body) = http(&s, "POST", "/api/batch", Some(names));
    assert_eq!(code, 200, "{body}");
    let rows: Value = serde_json::from_str(&body).unwrap();
    for row in rows.as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        let out = bahth().current_dir(p).args(["count", name, "--by", "source", "--json"]).output().unwrap();
        let c: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(row["articles"], c["total"], "{name}: the batch counts what count counts");
        let per: u64 = row["sources"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(Some(per), row["articles"].as_u64());
    }

    // Bad parameters: 400 with a message that says what to fix; never 500.
    for bad in [
        "/api/search?q=".to_string(),
        "/api/search".to_string(),
        "/api/search?q=x&limit=5000".to_string(),
        "/api/search?q=x&limit=abc".to_string(),
        "/api/search?q=x&articles=maybe".to_string(),
        format!("/api/search?q={}", "a".repeat(600)),
        "/api/search?q=x&sort=latest".to_string(),
        "/api/search?q=x&from=yesterday".to_string(),
        "/api/histogram?q=x&by=year".to_string(),
    ] {
        let (code, v) = json(&s, &bad);
        assert_eq!(code, 400, "{bad}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{bad}: {v}");
    }
    // Pasted text is not a bad parameter: a quote never closed is punctuation, and a note
    // says so.
    let (code, v) = json(&s, &format!("/api/search?q={}", enc("\"غير مغلق")));
    assert_eq!(code, 200, "{v}");
    assert!(v["notes"][0].as_str().unwrap().contains("never closed"), "{v}");
    let many = serde_json::json!({"names": vec!["x"; 1001]}).to_string();
    for body in ["not json", r#"{"names": []}"#, many.as_str()] {
        let (code, _, b) = http(&s, "POST", "/api/batch", Some(body));
        assert_eq!(code, 400, "{b}");
    }
    // Missing things and traversal attempts: 404, and no file is ever read.
    for path in [
        "/api/article/nope.txt",
        "/nowhere",
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/app.js/../../seeds/000_0a264e3769ada68d.txt",
        "/web/app.js",
        "/api/article/..%2F..%2Fetc%2Fpasswd",
        "/%2e%2e%2fCargo.toml",
    ] {
        let (code, _, body) = http(&s, "GET", path, None);
        assert!(code == 404 || code == 400, "{path}: {code}");
        assert!(!body.contains("[package]") && !body.contains("root:"), "{path} leaked a file");
    }
    // The API is read-only: nothing but GET on search and POST on batch.
    assert_eq!(http(&s, "POST", "/api/search?q=x", None).0, 405);
    assert_eq!(http(&s, "DELETE", "/api/stats", None).0, 405);
}

#[test]
fn new_articles_show_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(p, "news/a.txt", "---\nid: a\n---\nوصلت قافلة إلى كيدال.\n");
    assert!(bahth()
        .current_dir(p)
        .args(["index", "news", "--index", "index", "--quiet"])
        .output()
        .unwrap()
        .status
        .success());
    let s = serve(p);
    let q = format!("/api/search?q={}&articles=true", enc("كيدال"));
    assert_eq!(json(&s, &q).1["total_hits"], 1);
    write(p, "news/b.txt", "---\nid: b\n---\nغادرت القافلة كيدال صباحا.\n");
    assert!(bahth().current_dir(p).args(["index", "news", "--quiet"]).output().unwrap().status.success());
    let started = Instant::now();
    let mut seen = 0;
    while started.elapsed() < Duration::from_secs(10) {
        seen = json(&s, &q).1["total_hits"].as_u64().unwrap_or(0);
        if seen == 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen, 2, "the commit of the other run is seen by the running server");

    // Ctrl-C stops it cleanly.
    let mut s = s;
    let pid = s.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let started = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break Some(st);
        }
        if started.elapsed() > Duration::from_secs(10) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.and_then(|st| st.code()), Some(0), "SIGINT ends the server with exit 0");
}

/// Reads until the server closes the connection or `limit` passes: (bytes read, closed).
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    stream.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).to_string(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return (String::from_utf8_lossy(&got).to_string(), true)
            }
            Err(_) => return (String::from_utf8_lossy(&got).to_string(), false),
        }
    }
}

#[test]
fn slow_and_stalled_clients_are_disconnected_and_hold_nothing() {
    let dir = crate::common::seed_index();
    let s = serve_with(dir.path(), &["--header-timeout", "1", "--body-timeout", "2"]);
    // Headers that never end.
    let mut stalled_headers = TcpStream::connect(&s.addr).unwrap();
    stalled_headers.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n").unwrap();
    // A body sent a byte at a time, too slowly.
    let mut slow_body = TcpStream::connect(&s.addr).unwrap();
    slow_body
        .write_all(
            b"POST /api/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        )
        .unwrap();
    // A client that asks, is answered, and then neither asks again nor leaves.
    let mut idle = TcpStream::connect(&s.addr).unwrap();
    idle.write_all(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    // Many connections that never send a byte.
    let silent: Vec<TcpStream> = (0..200).map(|_| TcpStream::connect(&s.addr).unwrap()).collect();
    // Meanwhile the server answers everyone else at once.
    let (code, _) = json(&s, "/api/stats");
    assert_eq!(code, 200, "stalled clients hold no worker");
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(500));
        let _ = slow_body.write_all(b" ");
    }
    let (_, closed) = read_until_closed(&mut stalled_headers, Duration::from_secs(10));
    assert!(closed, "headers not finished in 1 s: disconnected");
    let (answer, closed) = read_until_closed(&mut slow_body, Duration::from_secs(10));
    assert!(closed, "a body not finished in 2 s: disconnected");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "told why, if anything: {answer}");
    let (answer, closed) = read_until_closed(&mut idle, Duration::from_secs(10));
    assert!(answer.starts_with("HTTP/1.1 200"), "the idle client had its answer: {answer}");
    assert!(closed, "then, idle for 2 s, it is disconnected");
    for mut c in silent {
        assert!(read_until_closed(&mut c, Duration::from_secs(10)).1, "a silent connection is closed");
    }
    let (code, _) = json(&s, "/api/stats");
    assert_eq!(code, 200, "and the server still answers");
}

/// Exports hold every hit (past the page's 1,000), each with its article's URL, as CSV with a
/// UTF-8 byte-order mark (Excel reads Arabic by it) or as JSON Lines, in the order asked.
#[test]
fn exports_hold_every_hit_with_its_url() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1100 {
        let day = 1 + i % 28;
        // A second paragraph long enough to be its own passage, with the name in it: the
        // hit is not the lead passage, which alone stores the URL.
        let filler = "كلام ".repeat(130);
        crate::common::write(
            dir.path(),
            &format!("c/{i:04}.txt"),
            &format!("---\nsource: منفذ {}\ndate: 2024-09-{day:02}\nurl: https://example.org/{i}\n---\n{filler}\n\nهجوم في باماكو رقم {i}\n", i % 3),
        );
    }
    assert!(bahth().current_dir(dir.path()).args(["index", "c", "--quiet"]).output().unwrap().status.success());
    let s = serve(dir.path());
    let q = enc("باماكو");
    let (code, head, body) = http(&s, "GET", &format!("/api/export?format=csv&q={q}&articles=true&sort=newest"), None);
    assert_eq!(code, 200, "{body}");
    assert!(head.to_ascii_lowercase().contains("content-disposition: attachment"), "{head}");
    assert!(body.starts_with('\u{FEFF}'), "a UTF-8 byte-order mark first");
    let mut rows = csv::Reader::from_reader(body.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "rank",
            "article_id",
            "title",
            "source",
            "date",
            "url",
            "authors",
            "spellings",
            "snippet",
            "story",
            "copies",
            "passage"
        ]
    );
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1100, "every article, not the first 1,000");
    // Written in pages of 500: the pages line up, with no article twice and none left out.
    let ranks: Vec<usize> = records.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ranks, (1..=1100).collect::<Vec<_>>());
    let ids: std::collections::HashSet<&str> = records.iter().map(|r| &r[1]).collect();
    assert_eq!(ids.len(), 1100, "each article once");
    assert!(records.iter().all(|r| r[5].starts_with("https://example.org/")), "every row has its URL");
    assert!(records.iter().all(|r| &r[7] == "باماكو"), "the spelling each row matched");
    assert!(records.iter().any(|r| &r[11] != "0"), "including hits on other passages than the lead");
    let dates: Vec<&str> = records.iter().map(|r| &r[4]).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let (code, _, body) = http(&s, "GET", &format!("/api/export?format=jsonl&q={q}&articles=true&sort=oldest"), None);
    assert_eq!(code, 200);
    let lines: Vec<Value> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1100);
    assert!(lines.windows(2).all(|w| w[0]["date"].as_str() <= w[1]["date"].as_str()), "oldest first");
    let (code, bad) = json(&s, &format!("/api/export?format=xlsx&q={q}"));
    assert_eq!(code, 400);
    assert!(bad["error"].as_str().unwrap().contains("csv or jsonl"));
}
