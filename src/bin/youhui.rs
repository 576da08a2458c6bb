//! `youhui`: price a cart or check a rules file from the command line.
//!
//! Exit status: 0 success; 2 bad input (the message on stderr); 1 anything else.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    },
}

/// How the command ends.
enum Failure {
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
        Command::Check { rules } => check(&rules),
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

fn read(path: &Path, what: &str) -> Result<String, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Failure::Input(format!(
            "cannot read the {what} file {}: {e}",
            path.display()
        ))
    })?;
    if meta.len() > youhui::limits::MAX_FILE_BYTES as u64 {
        return Err(Failure::Input(format!(
            "the {what} file {} is {} bytes; the limit is {} bytes",
            path.display(),
            meta.len(),
            youhui::limits::MAX_FILE_BYTES
        )));
    }
    std::fs::read_to_string(path).map_err(|e| {
        Failure::Input(format!(
            "cannot read the {what} file {}: {e}",
            path.display()
        ))
    })
}

fn input(path: &Path, e: youhui::Error) -> Failure {
    Failure::Input(format!("{}: {e}", path.display()))
}

fn emit(text: &str) -> Result<(), Failure> {
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

fn check(rules_path: &Path) -> Result<(), Failure> {
    let rules =
        youhui::Rules::from_json(&read(rules_path, "rules")?).map_err(|e| input(rules_path, e))?;
    let report = youhui::check(&rules);
    let mut text = String::new();
    for w in &report.warnings {
        text.push_str(&format!("warning: {w}\n"));
    }
    for e in &report.errors {
        text.push_str(&format!("error: {e}\n"));
    }
    text.push_str(&format!(
        "{}: {}, {}, {}\n",
        rules_path.display(),
        count(rules.promotions.len(), "promotion"),
        count(report.errors.len(), "error"),
        count(report.warnings.len(), "warning")
    ));
    if report.errors.is_empty() {
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
