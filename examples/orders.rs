//! A month of orders for the example shops, as JSON Lines: the input of the
//! README's `youhui simulate` example.
//!
//! ```text
//! cargo run --example orders -- --seed 11 --carts 5000 > orders.jsonl
//! ```
//!
//! The same seed gives the same file on every machine (see `tests/orders.rs`).

use std::io::Write;

use clap::Parser;

#[path = "../tests/orders.rs"]
mod orders;

/// Writes a month of example orders to standard output.
#[derive(Parser)]
struct Args {
    /// The seed of the generator.
    #[arg(long, default_value_t = 11)]
    seed: u64,
    /// How many carts.
    #[arg(long, default_value_t = 5_000)]
    carts: u32,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    std::io::stdout()
        .lock()
        .write_all(orders::month(args.seed, args.carts).as_bytes())
}
