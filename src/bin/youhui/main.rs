//! `youhui`: price a cart, check a rules file, or simulate the rules over
//! past orders, from the command line.
//!
//! Exit status: 0 success; 2 bad input (the message on stderr); 1 anything else.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod plot;
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
        /// The rules file (JSON).
        #[arg(long, value_name = "RULES.json")]
        rules: PathBuf,
        /// The cart file (JSON).
        #[arg(long, value_name = "CART.json")]
        cart: PathBuf,
        /// Print the quote as JSON instead of the receipt.
        #[arg(long)]
        json: bool,
    },
    /// Check a rules file: print every error and warning.
    Check {
        /// The rules file (JSON).
        #[arg(long, value_name = "RULES.json")]
        rules: PathBuf,
        /// What is known of the shops (客单价, stage, deepest fold, list prices), to hold the rules against.
        #[arg(long, value_name = "FACTS.json")]
        shop_facts: Option<PathBuf>,
        /// Print the report as JSON: { "errors": [...], "warnings": [...] }.
        #[arg(long)]
        json: bool,
    },
    /// What the rules would have done to past orders: every cart of a JSON
    /// Lines file priced and summed into one report.
    Simulate(simulate::Args),
    /// Print the JSON Schema (draft 2020-12) of a file youhui reads or writes.
    Schema {
        /// Which file: rules, cart, quote, check or facts.
        #[arg(value_parser = ["rules", "cart", "quote", "check", "facts"])]
        file: String,
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
        Command::Schema { file } => youhui::schema::Format::ALL
            .into_iter()
            .find(|f| f.name() == file)
            .map_or_else(
                || Err(Failure::Input(format!("no schema named {file:?}"))),
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

/// Reads a file, never further than its bound, whatever kind of file it is
/// (`/dev/zero`, a FIFO, a pipe): one byte past the bound is refused.
pub(crate) fn read(path: &Path, what: &str) -> Result<String, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::Input(format!(
            "cannot read the {what} file {}: {e}",
            path.display()
        ))
    };
    let limit = youhui::limits::MAX_FILE_BYTES;
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > limit {
        return Err(Failure::Input(format!(
            "the {what} file {} is larger than the limit of {limit} bytes",
            path.display()
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Failure::Input(format!(
            "the {what} file {} is not UTF-8 (byte {} is not)",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

pub(crate) fn input(path: &Path, e: youhui::Error) -> Failure {
    Failure::Input(format!("{}: {e}", path.display()))
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
    report.errors.extend(facts_errors);
    if json {
        let mut text = serde_json::to_string_pretty(&report)
            .map_err(|e| Failure::Other(format!("cannot print the report: {e}")))?;
        text.push('\n');
        emit(&text)?;
        return if report.is_ok() {
            Ok(())
        } else {
            Err(Failure::Input(format!(
                "{} has {}",
                rules_path.display(),
                count(report.errors.len(), "error")
            )))
        };
    }
    let mut text = String::new();
    for w in &report.warnings {
        text.push_str(&format!("warning{w}\n"));
    }
    for e in &report.errors {
        text.push_str(&format!("error: {e}\n"));
    }
    text.push_str(&format!(
        "{}: {}, {}, {}\n",
        rules_path.display(),
        count(promotions, "promotion"),
        count(report.errors.len(), "error"),
        count(report.warnings.len(), "warning")
    ));
    if report.is_ok() {
        emit(&text)
    } else {
        eprint!("{text}");
        Err(Failure::Input(format!(
            "{} has {}",
            rules_path.display(),
            count(report.errors.len(), "error")
        )))
    }
}

/// `1 error`, `2 errors`.
fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
