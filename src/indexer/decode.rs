//! Bytes to text: reading a file (gzip looked through, size limit on the decompressed bytes)
//! and decoding it (UTF-8 with the BOM stripped, else Windows-1256 when it reads as Arabic).
//! Every failure is a skip reason for the file, never an error for the run.

use std::io::Read;
use std::path::Path;

use super::article::Skip;

/// Reads a file (decompressing gzip), enforcing the size limit on the decompressed bytes.
pub fn read_bytes(path: &Path, gz: bool, max_bytes: u64) -> Result<Vec<u8>, Skip> {
    let file = std::fs::File::open(path).map_err(|e| format!("unreadable: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("unreadable: {e}"))?;
    if !gz && meta.len() > max_bytes {
        return Err(format!(
            "too large: {} MB over the {} MB limit (raise --max-file-mb)",
            meta.len() >> 20,
            max_bytes >> 20
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let res = if gz {
        flate2::read::MultiGzDecoder::new(file).take(max_bytes + 1).read_to_end(&mut bytes)
    } else {
        std::io::BufReader::new(file).read_to_end(&mut bytes)
    };
    res.map_err(|e| if gz { format!("bad gzip data: {e}") } else { format!("unreadable: {e}") })?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "too large: over the {} MB limit once decompressed (raise --max-file-mb)",
            max_bytes >> 20
        ));
    }
    Ok(bytes)
}

/// Decodes bytes to text: UTF-8 (BOM stripped), else Windows-1256 when the result reads as
/// Arabic; empty and binary data are skip reasons.
pub fn decode(bytes: Vec<u8>) -> Result<String, Skip> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err("binary file (NUL bytes)".into());
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{FEFF}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _, had_errors) = encoding_rs::WINDOWS_1256.decode(&bytes);
            if !had_errors && reads_as_arabic(&text) {
                Ok(text.into_owned())
            } else {
                Err("not UTF-8, and not Arabic in Windows-1256 either: convert it to UTF-8".into())
            }
        }
    }
}

/// Decodes a web page: the encoding its `<meta charset>` (or `http-equiv` content type)
/// names in the first 2 KB, else as [`decode`] does.
pub fn decode_html(bytes: Vec<u8>) -> Result<String, Skip> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let label = head.find("charset=").map(|i| {
        head[i + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    match label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err("empty file".into());
            }
            let (text, _, _) = enc.decode(&bytes);
            Ok(text.into_owned())
        }
        _ => decode(bytes),
    }
}

/// True when most letters are Arabic and there are no control characters.
fn reads_as_arabic(text: &str) -> bool {
    let (mut letters, mut arabic) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                arabic += 1;
            }
        }
    }
    letters > 0 && arabic * 2 >= letters
}

/// A JSON-lines file read line by line (gzip looked through), so records can be indexed
/// while the rest of the file is still being read and decompressed.
pub struct Lines {
    reader: Box<dyn std::io::BufRead + Send>,
    raw_read: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Decompressed bytes read so far.
    pub bytes: u64,
    /// The size limit on one record (line), decompressed.
    pub max_bytes: u64,
}

/// Counts the bytes read from the file itself (before decompression), for the progress bar.
struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens a JSON-lines file for reading record by record. A file of any size is read; the
/// size limit applies to each record ([`Lines::next_line`]), which is what protects memory.
pub fn open_lines(path: &Path, gz: bool, max_bytes: u64) -> Result<Lines, Skip> {
    let file = std::fs::File::open(path).map_err(|e| format!("unreadable: {e}"))?;
    let raw_read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counted = Counting { inner: file, count: raw_read.clone() };
    let reader: Box<dyn std::io::BufRead + Send> = if gz {
        Box::new(std::io::BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(counted)))
    } else {
        Box::new(std::io::BufReader::with_capacity(1 << 16, counted))
    };
    Ok(Lines { reader, raw_read, bytes: 0, max_bytes })
}

impl Lines {
    /// Reads the next line into `buf` (newline included): Ok(None) at the end, Ok(Some(true))
    /// for a line within the limit, Ok(Some(false)) for a line over it, which is consumed
    /// without being kept (`buf` is left empty), so a line without an end never grows
    /// memory past the limit.
    pub fn next_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
        buf.clear();
        let (mut any, mut fits) = (false, true);
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            any = true;
            let (n, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (available.len(), false),
            };
            if fits {
                if (buf.len() + n) as u64 > self.max_bytes {
                    fits = false;
                    buf.clear();
                    buf.shrink_to(1 << 16);
                } else {
                    buf.extend_from_slice(&available[..n]);
                }
            }
            self.reader.consume(n);
            self.bytes += n as u64;
            if done {
                break;
            }
        }
        Ok(any.then_some(fits))
    }

    /// Bytes of the file itself read so far.
    pub fn raw_read(&self) -> u64 {
        self.raw_read.load(std::sync::atomic::Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_over_the_record_limit_are_consumed_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.jsonl");
        let long = "x".repeat(100);
        std::fs::write(&p, format!("{{\"a\":1}}\n{long}\n{{\"b\":2}}\n{long}")).unwrap();
        let mut lines = open_lines(&p, false, 50).unwrap();
        let mut buf = Vec::new();
        assert_eq!(lines.next_line(&mut buf).unwrap(), Some(true));
        assert_eq!(buf, b"{\"a\":1}\n");
        assert_eq!(lines.next_line(&mut buf).unwrap(), Some(false), "a record over the limit");
        assert!(buf.is_empty());
        assert_eq!(lines.next_line(&mut buf).unwrap(), Some(true), "the next record is read");
        assert_eq!(buf, b"{\"b\":2}\n");
        assert_eq!(lines.next_line(&mut buf).unwrap(), Some(false), "a last line without an end");
        assert_eq!(lines.next_line(&mut buf).unwrap(), None);
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("\u{FEFF}نص".as_bytes().to_vec()).unwrap(), "نص");
        assert!(decode(b"  \n".to_vec()).is_err());
        assert!(decode(vec![0, 1, 2, 3]).is_err());
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode("قال مسؤولون في باماكو");
        assert_eq!(decode(cp1256.into_owned()).unwrap(), "قال مسؤولون في باماكو");
        assert!(decode(vec![0xff, 0xfe, 0x81, 0x8d, 0x8f, 0x90]).is_err());
    }
}
