//! `youhui refund` (reference: [Refunds](youhui::_documentation::reference#refunds-youhui-refund)): what returned units give back, computed
//! from the quote the order was placed with.

use std::fmt::Write as _;
use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;
use youhui::{Quote, Refund, Returns};

use crate::{emit, input, read, Failure};

/// The arguments of `youhui refund`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The quote the order was placed with, as `youhui price --json` printed it.
    #[arg(long, value_name = "QUOTE.json")]
    quote: PathBuf,
    /// The units returned now, and those returned before.
    #[arg(long, value_name = "RETURNS.json")]
    returns: PathBuf,
    /// Print the refund as JSON instead of the receipt.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let quote =
        Quote::from_json(&read(&args.quote, "quote")?).map_err(|e| input(&args.quote, e))?;
    let returns = Returns::from_json(&read(&args.returns, "returns")?)
        .map_err(|e| input(&args.returns, e))?;
    let refund = youhui::refund(&quote, &returns).map_err(|e| {
        // The message names the quote or the returns; so does the path before it.
        let path = if e.location().starts_with("quote") {
            &args.quote
        } else {
            &args.returns
        };
        input(path, e)
    })?;
    if args.json {
        let mut text = serde_json::to_string_pretty(&refund)
            .map_err(|e| Failure::Other(format!("cannot print the refund: {e}")))?;
        text.push('\n');
        emit(&text)
    } else {
        emit(&receipt(&quote, &refund))
    }
}

/// `text` padded with spaces to `width` columns (CJK counts two).
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The short receipt of a refund: each line returned, each shipping fee, the
/// totals. ([`youhui::refund`] refused any text a terminal should not print.)
fn receipt(quote: &Quote<'_>, refund: &Refund) -> String {
    let mut out = String::from("退款 Refund\n");
    for l in &refund.lines {
        let sku = quote
            .lines
            .iter()
            .find(|q| q.id == l.line)
            .map_or("", |q| &q.sku);
        let what = format!("{} {} × {}", l.line, sku, l.quantity);
        let _ = write!(out, "  {} {:>12}", pad(&what, 32), l.money);
        if l.rebate.fen() > 0 {
            let _ = write!(out, "   返利金 {}", l.rebate);
        }
        if l.points > 0 {
            let _ = write!(out, "   积分 {}", l.points);
        }
        out.push('\n');
    }
    for s in &refund.shipping {
        let what = format!("运费 shipping {}", s.shop);
        let _ = writeln!(out, "  {} {:>12}", pad(&what, 32), s.amount);
    }
    let _ = writeln!(
        out,
        "  {} {:>12}",
        pad("退款金额 money back", 32),
        refund.totals.money
    );
    if refund.totals.rebate.fen() > 0 {
        let _ = writeln!(
            out,
            "  {} {:>12}",
            pad("返利金退回 rebate credited back", 32),
            refund.totals.rebate
        );
    }
    if refund.totals.points > 0 {
        let _ = writeln!(
            out,
            "  {} {:>12}",
            pad("积分退回 points credited back", 32),
            refund.totals.points
        );
    }
    out.push_str("  Gifts, the rebate earned and the points earned are not recomputed.\n");
    out
}
