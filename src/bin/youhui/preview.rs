//! `youhui preview` (reference: 到手价, before the cart): the 到手价 of every item of a JSON Lines
//! catalog, one output line per item in input order, priced on every core.

use std::io::Write;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use rayon::prelude::*;
use unicode_width::UnicodeWidthStr;
use youhui::preview::PreviewLine;
use youhui::simulate::BadLine;
use youhui::{Engine, Item, Preview};

use crate::{input, read, Failure};

/// The arguments of `youhui preview`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The rules file (JSON).
    #[arg(long, value_name = "RULES.json")]
    rules: PathBuf,
    /// One item per line (JSON Lines); `-` reads standard input.
    #[arg(long, value_name = "ITEMS.jsonl")]
    items: PathBuf,
    /// Print one JSON line per item instead of the table.
    #[arg(long)]
    json: bool,
    /// Use at most N threads (default: every core; at most 1024).
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,
    /// Refuse the input at its first bad line (exit 2) instead of reporting it in place.
    #[arg(long)]
    strict: bool,
}

/// One input line, previewed: its output line, or its error.
type Out = Result<String, BadLine>;

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    crate::simulate::threads_within_bound(args.threads)?;
    let rules = youhui::Rules::from_json(&read(&args.rules, "rules")?)
        .map_err(|e| input(&args.rules, e))?;
    let engine = Engine::new(rules).map_err(|e| input(&args.rules, e))?;
    let (source, size) = crate::simulate::open_lines(&args.items, "items")?;
    let cannot = |e| crate::simulate::cannot_read(&args.items, "items", e);
    let pool = crate::simulate::pool(args.threads)?;
    let progress = crate::simulate::progress(size);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let write_failed = |e: std::io::Error| Failure::Other(format!("cannot write the output: {e}"));
    if !args.json {
        out.write_all(header().as_bytes()).map_err(write_failed)?;
    }

    // One thread reads the lines in batches bounded in bytes (as simulate
    // does) while the pool previews the batch before: at most two are held.
    // The outputs of a batch are written in input order.
    let (send, chunks) = std::sync::mpsc::sync_channel::<Vec<youhui::jsonl::NumberedLine>>(0);
    let (mut previewed, mut bad_lines) = (0u64, 0u64);
    let mut first_bad: Option<BadLine> = None;
    let result = std::thread::scope(|scope| -> Result<(), Failure> {
        let reader = scope.spawn(move || -> std::io::Result<()> {
            let batches = youhui::jsonl::chunks(
                source,
                crate::simulate::CHUNK_BYTES,
                crate::simulate::CHUNK_LINES,
            );
            for chunk in batches {
                if send.send(chunk?).is_err() {
                    return Ok(());
                }
            }
            Ok(())
        });
        for chunk in chunks {
            let bytes: u64 = chunk
                .iter()
                .map(|(_, t)| t.as_ref().map_or(0, |t| t.len() as u64 + 1))
                .sum();
            let outs: Vec<Out> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|(number, text)| line(&engine, *number, text.as_deref(), args.json))
                    .collect()
            });
            drop(chunk);
            for o in outs {
                let text = match o {
                    Ok(text) => {
                        previewed += 1;
                        text
                    }
                    Err(bad) if args.strict => {
                        out.flush().map_err(write_failed)?;
                        return Err(Failure::Input(format!(
                            "{}, line {}: {}",
                            args.items.display(),
                            bad.line,
                            bad.error
                        )));
                    }
                    Err(bad) => {
                        bad_lines += 1;
                        let text = bad_line(&bad, args.json);
                        first_bad.get_or_insert(bad);
                        text
                    }
                };
                out.write_all(text.as_bytes()).map_err(write_failed)?;
            }
            out.flush().map_err(write_failed)?;
            progress.inc(bytes);
        }
        match reader.join() {
            Ok(read) => read.map_err(cannot),
            Err(_) => Err(Failure::Other("the reading thread failed".into())),
        }
    });
    progress.finish_and_clear();
    result?;
    out.flush().map_err(write_failed)?;
    // Not one item: the input is not an items file (as simulate says of carts).
    match first_bad {
        Some(bad) if previewed == 0 => Err(Failure::Input(format!(
            "{}: no line could be read as an item ({bad_lines} bad line{}); each line \
             must hold one whole item as one JSON object (JSON Lines), e.g. line {}: {}",
            args.items.display(),
            if bad_lines == 1 { "" } else { "s" },
            bad.line,
            bad.error
        ))),
        _ => Ok(()),
    }
}

/// The output of line `number`: its preview as a JSON line (the library's,
/// which Python's `youhui.spark.preview` prints too) or a table row.
fn line(engine: &Engine, number: u64, text: Result<&str, &String>, json: bool) -> Out {
    let text = text.map_err(String::as_str);
    if json {
        let mut s = engine.preview_json_line(number, text)?;
        s.push('\n');
        return Ok(s);
    }
    let bad = |error: String| BadLine {
        line: number,
        error,
    };
    let text = text.map_err(|e| bad(e.to_string()))?;
    let item = Item::from_json(text).map_err(|e| bad(e.to_string()))?;
    let preview = engine.preview(&item).map_err(|e| bad(e.to_string()))?;
    Ok(row(number, &preview))
}

/// A bad line in its place: `{ "line": N, "error": "…" }`, or a row saying so.
fn bad_line(bad: &BadLine, json: bool) -> String {
    if json {
        let mut s = serde_json::to_string(&PreviewLine::Bad(bad.clone())).unwrap_or_default();
        s.push('\n');
        s
    } else {
        format!("{:>6}  error: {}\n", bad.line, bad.error)
    }
}

/// Columns of the table: (title, display width, right-aligned).
const COLUMNS: [(&str, usize, bool); 7] = [
    ("line", 6, true),
    ("shop", 20, false),
    ("sku", 16, false),
    ("unit price", 10, true),
    ("到手价", 10, true),
    ("best", 12, true),
    ("promotions (best)", 0, false),
];

fn header() -> String {
    let cells: Vec<String> = COLUMNS.iter().map(|c| c.0.to_string()).collect();
    join(&cells)
}

/// One item as a row: its line, shop, SKU, unit price, what one unit costs,
/// the best quantity and its price each (`2 × 98.80`), and the promotions
/// applied at that quantity.
fn row(number: u64, p: &Preview<'_>) -> String {
    let at_best = p.prices.iter().find(|x| x.quantity == p.best.quantity);
    let cells = [
        number.to_string(),
        p.shop.to_string(),
        p.sku.to_string(),
        p.unit_price.to_string(),
        p.prices
            .first()
            .map(|x| x.each.to_string())
            .unwrap_or_default(),
        format!("{} × {}", p.best.quantity, p.best.each),
        at_best.map(|x| x.promotions.join(", ")).unwrap_or_default(),
    ];
    join(&cells)
}

/// Cells padded to their columns' display widths (CJK counts two).
fn join(cells: &[String]) -> String {
    let mut s = String::new();
    for (k, (cell, (_, width, right))) in cells.iter().zip(COLUMNS).enumerate() {
        if k > 0 {
            s.push_str("  ");
        }
        let pad = " ".repeat(width.saturating_sub(cell.width()));
        if right {
            s.push_str(&pad);
            s.push_str(cell);
        } else {
            s.push_str(cell);
            if k + 1 < cells.len() {
                s.push_str(&pad);
            }
        }
    }
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    s.push('\n');
    s
}
