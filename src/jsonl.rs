//! Reading JSON Lines (reference: [What-if over past orders](crate::_documentation::reference#what-if-over-past-orders-youhui-simulate)): one cart, or one item, per line, with
//! memory bounded in bytes whatever the input.
//!
//! [`lines`] numbers the lines from 1 (every line counted), drops a final
//! `\r`, skips empty lines, and gives as an error — without holding it — a
//! line longer than [`MAX_FILE_BYTES`] or one that is not UTF-8. A byte order
//! mark (U+FEFF) is accepted at the very start of the input only: at the start
//! of any later line it is an error of that line. [`chunks`] groups the lines
//! into batches bounded in bytes, for pricing them in parallel.
//!
//! `youhui simulate --carts` and `youhui preview --items` read their input
//! with these rules.
//!
//! ```
//! let input: &[u8] = b"\xef\xbb\xbf{\"a\":1}\r\n\n\xef\xbb\xbf{}\n";
//! let lines: Vec<_> = youhui::jsonl::lines(input).collect::<Result<_, _>>().unwrap();
//! assert_eq!(lines[0], (1, Ok("{\"a\":1}".to_string()))); // BOM of the input dropped
//! assert_eq!(lines[1].0, 3); // line 2 is empty
//! assert!(lines[1].1.as_ref().unwrap_err().contains("byte order mark"));
//! ```

use std::io::BufRead;

use crate::limits::MAX_FILE_BYTES;

/// One line of a JSON Lines input: its number and its text, or why it cannot be read.
pub type NumberedLine = (u64, Result<String, String>);

/// The byte order mark in UTF-8.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// The lines of a JSON Lines input: numbered from 1, every line counted; a
/// final `\r` dropped; empty lines skipped. A line longer than
/// [`MAX_FILE_BYTES`] (its `\n` or `\r\n` not counted) is skipped without
/// being held in memory and given as an error, as is a line that is not UTF-8
/// or that starts with a byte order mark after the first line.
///
/// ```
/// let input: &[u8] = b"{\"a\":1}\r\n\n\xff\n";
/// let lines: Vec<_> = youhui::jsonl::lines(input).collect::<Result<_, _>>().unwrap();
/// assert_eq!(lines[0], (1, Ok("{\"a\":1}".to_string())));
/// assert_eq!(lines[1].0, 3); // line 2 is empty
/// assert!(lines[1].1.as_ref().unwrap_err().contains("UTF-8"));
/// ```
pub fn lines<R: BufRead>(reader: R) -> Lines<R> {
    Lines {
        reader,
        number: 0,
        buf: Vec::new(),
    }
}

/// The iterator of [`lines`]; an I/O error ends it.
#[derive(Debug)]
pub struct Lines<R> {
    reader: R,
    number: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    /// Reads one line's bytes into `buf`, without its `\n`, keeping at most
    /// `MAX_FILE_BYTES + 1` of them (room for a final `\r`); `None` at the end
    /// of the input, `Some(true)` when bytes were left out.
    fn read_line(&mut self) -> Option<std::io::Result<bool>> {
        const KEEP: usize = MAX_FILE_BYTES + 1;
        self.buf.clear();
        let mut dropped = false;
        let mut any = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (&chunk[..at], Some(at + 1)),
                None => (chunk, None),
            };
            let room = KEEP - self.buf.len();
            let take = part.len().min(room);
            dropped |= take < part.len();
            if take > 0 {
                // Grow by doubling, but never past what may be kept: a line at
                // the bound holds 64 MiB, not the 128 MiB doubling would reserve.
                let need = self.buf.len() + take;
                if need > self.buf.capacity() {
                    let grown = need.max(self.buf.capacity() * 2).min(KEEP);
                    self.buf.reserve_exact(grown - self.buf.len());
                }
                self.buf.extend_from_slice(&part[..take]);
            }
            let used = done.unwrap_or(chunk.len());
            self.reader.consume(used);
            if done.is_some() {
                break;
            }
        }
        any.then_some(Ok(dropped))
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = std::io::Result<NumberedLine>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let dropped = match self.read_line()? {
                Ok(d) => d,
                Err(e) => return Some(Err(e)),
            };
            self.number += 1;
            if dropped {
                return Some(Ok((self.number, Err(too_long()))));
            }
            match line(self.number, &self.buf) {
                None => continue,
                Some(text) => return Some(Ok((self.number, text.map(str::to_owned)))),
            }
        }
    }
}

/// The message of a line longer than [`MAX_FILE_BYTES`].
fn too_long() -> String {
    format!("the line is longer than the limit of {MAX_FILE_BYTES} bytes")
}

/// One line of a JSON Lines input, read with the rules of [`lines`]: its
/// text, why it cannot be read, or `None` when it is empty. `bytes` holds line
/// `number` without its `\n`; a final `\r` is dropped, a byte order mark is
/// dropped at the start of line 1 and an error at the start of any other.
///
/// For lines that come one by one with their numbers (a Spark partition's
/// rows), so that they are read exactly as a file's lines are.
///
/// ```
/// use youhui::jsonl::line;
/// assert_eq!(line(1, b"\xef\xbb\xbf{}\r"), Some(Ok("{}")));
/// assert!(line(2, b"\xef\xbb\xbf{}").unwrap().unwrap_err().contains("byte order mark"));
/// assert_eq!(line(7, b"\r"), None);
/// assert!(line(3, b"\xff").unwrap().unwrap_err().contains("UTF-8"));
/// ```
pub fn line(number: u64, bytes: &[u8]) -> Option<Result<&str, String>> {
    let mut bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.len() > MAX_FILE_BYTES {
        return Some(Err(too_long()));
    }
    if let Some(rest) = bytes.strip_prefix(BOM) {
        if number != 1 {
            return Some(Err(
                "the line starts with a byte order mark (U+FEFF): one is allowed \
                 only at the very start of the input"
                    .to_string(),
            ));
        }
        bytes = rest;
    }
    if bytes.is_empty() {
        return None;
    }
    Some(
        std::str::from_utf8(bytes)
            .map_err(|e| format!("the line is not UTF-8 (byte {} is not)", e.valid_up_to())),
    )
}

/// The lines of `reader` (read as [`lines`] reads them) in batches: a batch
/// ends once it holds `max_lines` lines or at least `max_bytes` bytes of text,
/// so that a reader of batches holds at most `max_bytes` plus one line (at
/// most [`MAX_FILE_BYTES`]) per batch, however long the lines are.
///
/// ```
/// let input: &[u8] = b"aaaa\nbbbb\ncc\n";
/// let batches: Vec<Vec<_>> = youhui::jsonl::chunks(input, 8, 100)
///     .collect::<Result<_, _>>().unwrap();
/// assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]); // 4 + 4 ≥ 8
/// ```
pub fn chunks<R: BufRead>(reader: R, max_bytes: usize, max_lines: usize) -> Chunks<R> {
    Chunks {
        lines: lines(reader),
        max_bytes,
        max_lines: max_lines.max(1),
    }
}

/// The iterator of [`chunks`]; an I/O error ends it.
#[derive(Debug)]
pub struct Chunks<R> {
    lines: Lines<R>,
    max_bytes: usize,
    max_lines: usize,
}

impl<R: BufRead> Iterator for Chunks<R> {
    type Item = std::io::Result<Vec<NumberedLine>>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        while batch.len() < self.max_lines && bytes < self.max_bytes {
            match self.lines.next() {
                None => break,
                Some(Err(e)) => return Some(Err(e)),
                Some(Ok(line)) => {
                    bytes += match &line.1 {
                        Ok(t) => t.len(),
                        Err(e) => e.len(),
                    };
                    batch.push(line);
                }
            }
        }
        (!batch.is_empty()).then_some(Ok(batch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Vec<NumberedLine> {
        lines(input).collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn a_bom_is_dropped_at_the_start_of_the_input_only() {
        let got = read(b"\xef\xbb\xbf{}\n\xef\xbb\xbf{}\n{}");
        assert_eq!(got[0], (1, Ok("{}".to_string())));
        assert!(got[1].1.as_ref().unwrap_err().contains("byte order mark"));
        assert_eq!(got[2], (3, Ok("{}".to_string())));
        // After an empty first line, line 2's BOM is not at the start of the input.
        let got = read(b"\n\xef\xbb\xbf{}\n");
        assert_eq!(got[0].0, 2);
        assert!(got[0].1.is_err());
    }

    #[test]
    fn a_line_at_the_bound_is_read_whatever_its_ending() {
        let body = vec![b' '; MAX_FILE_BYTES];
        for ending in [&b"\n"[..], b"\r\n"] {
            let mut input = body.clone();
            input.extend_from_slice(ending);
            input.extend_from_slice(b"{}\n");
            let got = read(&input);
            assert_eq!(got.len(), 2, "{ending:?}");
            assert_eq!(got[0].1.as_ref().map(String::len), Ok(MAX_FILE_BYTES));
        }
        // The last line of an input needs no ending.
        assert_eq!(
            read(&body)[0].1.as_ref().map(String::len),
            Ok(MAX_FILE_BYTES)
        );
        // One byte more is over the bound, with either ending.
        for ending in [&b"\n"[..], b"\r\n"] {
            let mut input = vec![b' '; MAX_FILE_BYTES + 1];
            input.extend_from_slice(ending);
            let got = read(&input);
            assert!(got[0].1.as_ref().unwrap_err().contains("longer than"));
        }
        // A `\r` inside a line past the bound does not shorten it.
        let mut input = vec![b' '; MAX_FILE_BYTES];
        input.extend_from_slice(b"\r\r\n");
        assert!(read(&input)[0].1.is_err());
    }

    #[test]
    fn chunks_are_bounded_in_bytes_and_lines() {
        let input = "x\n".repeat(10);
        let sizes: Vec<usize> = chunks(input.as_bytes(), 1 << 20, 4)
            .map(|c| c.unwrap().len())
            .collect();
        assert_eq!(sizes, [4, 4, 2]);
        let sizes: Vec<usize> = chunks(input.as_bytes(), 3, 100)
            .map(|c| c.unwrap().len())
            .collect();
        assert_eq!(sizes, [3, 3, 3, 1]);
    }
}
