//! Embedding youhui: price the example 双11 cart from Rust.
//!
//! `cargo run --example embed`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let rules_json = std::fs::read_to_string(dir.join("rules.json"))?;
    let cart_json = std::fs::read_to_string(dir.join("cart.json"))?;

    // `from_json` names the JSON path of a mistake; no serde_json of yours needed.
    let rules = youhui::Rules::from_json(&rules_json)?;
    let engine = youhui::Engine::new(rules)?; // checks every rule and indexes them, once
    let cart = youhui::Cart::from_json(&cart_json)?;
    let quote = engine.price(&cart)?; // serializes to the quote's JSON

    println!("payable: {} {}", quote.totals.payable, quote.currency);
    for line in &quote.lines {
        println!("  {} paid {}", line.id, line.paid);
    }
    Ok(())
}
