//! One line of a JSON Lines input, read as `youhui simulate --carts` reads it.
//!
//! A Spark partition, or a list of rows, holds lines that are not one stream:
//! each comes with its number. The rules are those of the command line's
//! reader (`youhui::jsonl::lines`; the reference's "What-if over past
//! orders"), applied to one line: a final `\r` dropped, an empty line
//! skipped, a byte order mark allowed at the start of line 1 only, a line over
//! the size bound or not UTF-8 an error of that line, with the same messages.
//! Python's tests check each rule against the command line on the same file.

use youhui::limits::MAX_FILE_BYTES;

/// The byte order mark in UTF-8.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Line `number`'s text, or why it cannot be read; `None` for an empty line.
/// `bytes` holds the line without its `\n`.
pub(crate) fn read(number: u64, bytes: &[u8]) -> Option<Result<&str, String>> {
    let mut bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.len() > MAX_FILE_BYTES {
        return Some(Err(format!(
            "the line is longer than the limit of {MAX_FILE_BYTES} bytes"
        )));
    }
    // A byte order mark is the file's, at its very start only.
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
