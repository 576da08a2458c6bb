//! `youhui`: price a cart, check a rules file, or simulate the rules over
//! past orders, from the command line.
//!
//! Exit status: 0 success; 2 bad input (the message on stderr); 1 anything else.
//! A file argument may be `-` for standard input (one of them per command).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod plot;
mod preview;
mod refund;
mod simulate;

/// Prices shopping carts under stacked promotions (单品优惠 > 满优惠 > 店铺券 > 返利金 > 平台券).
#[derive(Parser)]
#[command(name = "youhui", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Price a cart and print a receipt (or the quote as JSON).
    Price {
        /// The rules file (JSON); `-` reads standard input.
        #[arg(long, value_name = "RULES.json")]
        rules: PathBuf,
        /// The cart file (JSON); `-` reads standard input.
        #[arg(long, value_name = "CART.json")]
        cart: PathBuf,
        /// Print the quote as JSON instead of the receipt.
        #[arg(long)]
        json: bool,
    },
    /// Check a rules file: print every error and warning on standard output
    /// (exit 2 when there is an error).
    Check {
        /// The rules file (JSON); `-` reads standard input.
        #[arg(long, value_name = "RULES.json")]
        rules: PathBuf,
        /// What is known of the shops (客单价, stage, deepest fold, list prices), to hold the rules against; `-` reads standard input.
        #[arg(long, value_name = "FACTS.json")]
        shop_facts: Option<PathBuf>,
        /// Print the report as JSON: { "errors": [...], "warnings": [...] }.
        #[arg(long)]
        json: bool,
    },
    /// What the rules would have done to past orders: every cart of a JSON
    /// Lines file priced and summed into one report.
    Simulate(simulate::Args),
    /// What returned units give back: money, points and rebate, from the order's quote.
    Refund(refund::Args),
    /// 到手价: what a buyer would pay for every item of a JSON Lines catalog,
    /// with the promotions and the coupons they could claim.
    Preview(preview::Args),
    /// Print the JSON Schema (draft 2020-12) of a file youhui reads or
    /// writes, by its name (not a file's path): `youhui schema rules`.
    Schema {
        /// Which schema: `rules` (the rules file), `cart`, `quote` (what
        /// `price --json` prints), `check` (what `check --json` prints),
        /// `facts` (the shop facts file), `returns` or `refund` (what
        /// `refund` reads and prints), `item` (a line of `preview --items`)
        /// or `preview` (a line `preview --json` prints).
        #[arg(value_name = "NAME", value_parser = ["rules", "cart", "quote", "check", "facts", "returns", "refund", "item", "preview"])]
        name: String,
    },
}

/// How the command ends.
pub(crate) enum Failure {
    /// Bad input: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Other(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Price { rules, cart, json } => price(&rules, &cart, json),
        Command::Check {
            rules,
            shop_facts,
            json,
        } => check(&rules, shop_facts.as_deref(), json),
        Command::Simulate(args) => simulate::run(&args),
        Command::Refund(args) => refund::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Schema { name } => youhui::schema::Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .map_or_else(
                || Err(Failure::Input(format!("no schema named {name:?}"))),
                |f| emit(&youhui::schema::json(f)),
            ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(m)) => {
            eprintln!("youhui: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Other(m)) => {
            eprintln!("youhui: {m}");
            ExitCode::from(1)
        }
    }
}

/// Whether `path` is `-`, standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// How a file is named in messages: its path, or `standard input` for `-`.
pub(crate) fn shown(path: &Path) -> std::borrow::Cow<'_, str> {
    if is_stdin(path) {
        "standard input".into()
    } else {
        path.to_string_lossy()
    }
}

/// Standard input is read once: a second `-` in one command would read nothing.
static STDIN_READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Reads a file (`-`: standard input), never further than its bound, whatever
/// kind of file it is (`/dev/zero`, a FIFO, a pipe): one byte past the bound
/// is refused.
pub(crate) fn read(path: &Path, what: &str) -> Result<String, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::Input(format!("cannot read the {what} file {}: {e}", shown(path)))
    };
    let limit = youhui::limits::MAX_FILE_BYTES;
    let source: Box<dyn Read> = if is_stdin(path) {
        if STDIN_READ.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return Err(Failure::Input(format!(
                "the {what} file is `-`, but standard input is already read for another file: \
                 only one file can be `-`"
            )));
        }
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(cannot)?)
    };
    let mut bytes = Vec::new();
    source
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(Failure::Input(format!(
            "the {what} file {} is larger than the limit of {limit} bytes",
            shown(path)
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "the {what} file {} is not UTF-8 (byte {} is not)",
            shown(path),
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Fails now when `path` cannot be written, rather than after the work whose
/// result it is meant to hold; leaves no file behind that was not there.
pub(crate) fn writable(path: &Path, what: &str) -> Result<(), Failure> {
    let existed = path.symlink_metadata().is_ok();
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| {
            Failure::Other(format!(
                "cannot write the {what} file {}: {e}",
                path.display()
            ))
        })?;
    if !existed {
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

pub(crate) fn input(path: &Path, e: youhui::Error) -> Failure {
    Failure::Input(format!("{}: {e}", shown(path)))
}

pub(crate) fn emit(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Other(format!("cannot write the output: {e}")))
}

fn price(rules_path: &Path, cart_path: &Path, json: bool) -> Result<(), Failure> {
    let rules =
        youhui::Rules::from_json(&read(rules_path, "rules")?).map_err(|e| input(rules_path, e))?;
    let engine = youhui::Engine::new(rules).map_err(|e| input(rules_path, e))?;
    let cart =
        youhui::Cart::from_json(&read(cart_path, "cart")?).map_err(|e| input(cart_path, e))?;
    let quote = engine.price(&cart).map_err(|e| input(cart_path, e))?;
    if json {
        let mut text = serde_json::to_string_pretty(&quote)
            .map_err(|e| Failure::Other(format!("cannot print the quote: {e}")))?;
        text.push('\n');
        emit(&text)
    } else {
        emit(&youhui::receipt(&engine, &cart, &quote))
    }
}

/// `check`'s output is the report, on standard output whatever it holds (a
/// script reads it there; the exit status says whether it has an error); on
/// an error, standard error says which file has how many, as every failing
/// command does.
fn check(rules_path: &Path, facts_path: Option<&Path>, json: bool) -> Result<(), Failure> {
    // A file that cannot be read is an error of the report, so that --json
    // always prints one.
    let unread = |e: Failure, what: &str| -> youhui::CheckError {
        let (Failure::Input(m) | Failure::Other(m)) = e;
        youhui::CheckError {
            location: format!("{what} file"),
            message: m,
        }
    };
    let mut facts_errors = Vec::new();
    let facts = match facts_path.map(|p| read(p, "facts")) {
        None => None,
        Some(Err(e)) => {
            facts_errors.push(unread(e, "facts"));
            None
        }
        Some(Ok(text)) => match youhui::Facts::read_all(&text) {
            Ok(f) => Some(f),
            Err(errors) => {
                facts_errors.extend(errors.iter().map(youhui::CheckError::from));
                None
            }
        },
    };
    let (mut report, promotions) = match read(rules_path, "rules") {
        Ok(text) => {
            // How many promotions the file lists, even when some do not read.
            let promotions = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("promotions")?.as_array().map(Vec::len))
                .unwrap_or(0);
            (youhui::check_json(&text, facts.as_ref()), promotions)
        }
        Err(e) => (
            youhui::Report {
                errors: vec![unread(e, "rules")],
                warnings: Vec::new(),
            },
            0,
        ),
    };
    let rules_errors = report.errors.len();
    let facts_error_count = facts_errors.len();
    report.errors.extend(facts_errors);
    // Which file has how many errors, for standard error.
    let mut blame = Vec::new();
    if rules_errors > 0 {
        blame.push(format!(
            "{} has {}",
            shown(rules_path),
            count(rules_errors, "error")
        ));
    }
    if let Some(p) = facts_path.filter(|_| facts_error_count > 0) {
        blame.push(format!(
            "{} has {}",
            shown(p),
            count(facts_error_count, "error")
        ));
    }
    let failure = || Failure::Input(blame.join("; "));
    if json {
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Other(format!("cannot print the report: {e}")))?;
        text.push('\n');
        emit(&text)?;
        return if report.is_ok() {
            Ok(())
        } else {
            Err(failure())
        };
    }
    let mut text = String::new();
    for w in &report.warnings {
        text.push_str(&format!("warning{w}\n"));
    }
    for (i, e) in report.errors.iter().enumerate() {
        // The JSON's location says `facts file, …`; the text names the file.
        match facts_path.filter(|_| i >= rules_errors) {
            Some(p) => {
                let rest = e.location.strip_prefix("facts file").unwrap_or(&e.location);
                text.push_str(&format!(
                    "error: facts file {}{rest}: {}\n",
                    shown(p),
                    e.message
                ));
            }
            None => text.push_str(&format!("error: {e}\n")),
        }
    }
    text.push_str(&format!(
        "{}: {}, {}, {}\n",
        shown(rules_path),
        count(promotions, "promotion"),
        count(rules_errors, "error"),
        count(report.warnings.len(), "warning")
    ));
    if let Some(p) = facts_path {
        text.push_str(&format!(
            "{}: {}\n",
            shown(p),
            count(facts_error_count, "error")
        ));
    }
    emit(&text)?;
    if report.is_ok() {
        Ok(())
    } else {
        Err(failure())
    }
}

/// `1 error`, `2 errors`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
