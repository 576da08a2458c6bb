//! `youhui simulate` (reference: [What-if over past orders](youhui::_documentation::reference#what-if-over-past-orders-youhui-simulate)): the carts of a JSON Lines file priced on
//! every core, summed by [`youhui::Simulation`].

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use youhui::simulate::NumberedLine;
use youhui::{Engine, Simulation};

use crate::{emit, input, read, Failure};

/// The lines read before they are priced together: enough to keep every core
/// busy, few enough that memory does not grow with the input ...
pub(crate) const CHUNK_LINES: usize = 8192;
/// ... and at most this many bytes of them (plus one line, at most 64 MiB):
/// with one batch read while one is priced, the carts held stay under
/// 2 × (8 MiB + 64 MiB) whatever the lines' lengths.
pub(crate) const CHUNK_BYTES: usize = 8 << 20;

/// The arguments of `youhui simulate`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The rules file (JSON).
    #[arg(long, value_name = "RULES.json")]
    rules: PathBuf,
    /// One cart per line (JSON Lines); `-` reads standard input.
    #[arg(long, value_name = "CARTS.jsonl")]
    carts: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Draw each shop's order amounts, its tiers and the 10–30 % band as SVG.
    #[arg(long, value_name = "FILE.svg")]
    plot: Option<PathBuf>,
    /// Write the shops' average orders as a `check --shop-facts` file.
    #[arg(long, value_name = "FACTS.json")]
    facts_out: Option<PathBuf>,
    /// Use at most N threads (default: every core; at most 1024).
    #[arg(long, value_name = "N")]
    threads: Option<NonZeroUsize>,
    /// Refuse the input at its first bad line (exit 2) instead of counting it.
    #[arg(long)]
    strict: bool,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    // An output that cannot be written fails now, not after every cart is priced.
    for (path, what) in [(&args.plot, "plot"), (&args.facts_out, "facts")] {
        path.as_deref()
            .map_or(Ok(()), |p| crate::writable(p, what))?;
    }
    threads_within_bound(args.threads)?;
    let rules = youhui::Rules::from_json(&read(&args.rules, "rules")?)
        .map_err(|e| input(&args.rules, e))?;
    let engine = Engine::new(rules).map_err(|e| input(&args.rules, e))?;
    let (source, size) = open_lines(&args.carts, "carts")?;
    let cannot = |e| cannot_read(&args.carts, "carts", e);
    let pool = pool(args.threads)?;
    let progress = progress(size);

    // One thread reads and splits the lines while the pool prices the chunk
    // before: at most two chunks are held at a time (the channel holds none).
    let (send, chunks) = std::sync::mpsc::sync_channel::<Vec<NumberedLine>>(0);
    let new_simulation = || {
        if args.plot.is_some() {
            Simulation::with_histograms(&engine)
        } else {
            Simulation::new(&engine)
        }
    };
    let mut total = new_simulation();
    let read_all = std::thread::scope(|scope| -> Result<(), Failure> {
        let reader = scope.spawn(move || -> std::io::Result<()> {
            for chunk in youhui::jsonl::chunks(source, CHUNK_BYTES, CHUNK_LINES) {
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
            let part = pool.install(|| {
                chunk
                    .par_iter()
                    .fold(new_simulation, |mut sim, (number, text)| {
                        match text {
                            Ok(text) => {
                                // A bad cart is counted by the simulation itself.
                                let _ = sim.add_line(*number, text);
                            }
                            Err(e) => sim.add_bad_line(*number, e.clone()),
                        }
                        sim
                    })
                    .reduce(new_simulation, |mut a, b| {
                        a.merge(b);
                        a
                    })
            });
            if args.strict {
                if let Some(bad) = part.first_bad_line() {
                    return Err(Failure::Input(format!(
                        "{}, line {}: {}",
                        args.carts.display(),
                        bad.line,
                        bad.error
                    )));
                }
            }
            total.merge(part);
            progress.inc(bytes);
        }
        match reader.join() {
            Ok(read) => read.map_err(cannot),
            Err(_) => Err(Failure::Other("the reading thread failed".into())),
        }
    });
    if let Err(e) = read_all {
        progress.finish_and_clear();
        return Err(e);
    }
    progress.finish_and_clear();
    let report = total.finish();
    if report.carts == 0 {
        if let Some(bad) = report.bad_lines.first.first() {
            return Err(Failure::Input(format!(
                "{}: no line could be read as a cart ({}); each line must hold one whole \
                 cart as one JSON object (JSON Lines), e.g. line {}: {}",
                args.carts.display(),
                youhui_count(report.bad_lines.count),
                bad.line,
                bad.error
            )));
        }
    }

    if let Some(path) = &args.plot {
        crate::plot::draw(path, &report)?;
    }
    if let Some(path) = &args.facts_out {
        let mut text = serde_json::to_string_pretty(&report.facts())
            .map_err(|e| Failure::Other(format!("cannot print the facts: {e}")))?;
        text.push('\n');
        std::fs::write(path, text).map_err(|e| {
            Failure::Other(format!(
                "cannot write the facts file {}: {e}",
                path.display()
            ))
        })?;
    }
    if args.json {
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Other(format!("cannot print the report: {e}")))?;
        text.push('\n');
        emit(&text)
    } else {
        emit(&report.text(&engine))
    }
}

/// A progress bar on standard error when it is a terminal; hidden otherwise.
/// A JSON Lines input (`-`: standard input) read through a large buffer, and
/// its size when it is a regular file (for the progress bar); `what` names it
/// in the error: "cannot read the carts file …".
pub(crate) fn open_lines(
    path: &Path,
    what: &str,
) -> Result<(Box<dyn BufRead + Send>, Option<u64>), Failure> {
    if path == Path::new("-") {
        return Ok((
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin())),
            None,
        ));
    }
    let file = File::open(path).map_err(|e| cannot_read(path, what, e))?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok((Box::new(BufReader::with_capacity(1 << 20, file)), size))
}

/// A JSON Lines input that could not be opened or read.
pub(crate) fn cannot_read(path: &Path, what: &str, e: std::io::Error) -> Failure {
    Failure::Input(format!(
        "cannot read the {what} file {}: {e}",
        path.display()
    ))
}

/// The pool that prices the chunks: `threads` of them, or one per core.
/// `--threads` above [`youhui::simulate::MAX_THREADS`] is an input error,
/// found before anything is read (`simulate` and `preview` share it).
pub(crate) fn threads_within_bound(threads: Option<NonZeroUsize>) -> Result<(), Failure> {
    match threads.filter(|n| n.get() > youhui::simulate::MAX_THREADS) {
        Some(n) => Err(Failure::Input(format!(
            "--threads {n}: at most {} threads can be used",
            youhui::simulate::MAX_THREADS
        ))),
        None => Ok(()),
    }
}

pub(crate) fn pool(threads: Option<NonZeroUsize>) -> Result<rayon::ThreadPool, Failure> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, NonZeroUsize::get))
        .build()
        .map_err(|e| Failure::Other(format!("cannot start the threads: {e}")))
}

pub(crate) fn progress(size: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let style = match size {
        Some(_) => ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} · {eta} left"),
        None => ProgressStyle::with_template("{spinner} {bytes} read"),
    };
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

fn youhui_count(n: u64) -> String {
    if n == 1 {
        "1 bad line".to_string()
    } else {
        format!("{n} bad lines")
    }
}
