//! Inputs kept under `tests/regressions/<target>/`, replayed through the
//! checks of the fuzz target of the same name: `fuzz/src/lib.rs` is included
//! here, and the targets call the same functions, so a replay checks exactly
//! what the target checks. A crash the fuzzer finds is saved here (see
//! fuzz/README.md).

use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/regressions")
        .join(target);
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no inputs for {target}");
    v
}

#[test]
fn rules_json() {
    for (name, data) in inputs("rules_json") {
        eprintln!("replaying {name}");
        targets::rules_json(&data);
    }
}

#[test]
fn cart_json() {
    let mut priced = 0;
    for (name, data) in inputs("cart_json") {
        eprintln!("replaying {name}");
        priced += usize::from(targets::cart_json(&data));
    }
    assert!(priced > 0, "at least one kept cart prices");
}

#[test]
fn structured() {
    let mut priced = 0;
    for (name, data) in inputs("structured") {
        eprintln!("replaying {name}");
        priced += usize::from(targets::structured(&data));
    }
    assert!(priced > 0, "at least one kept input prices");
}

#[test]
fn facts_json() {
    let mut read = 0;
    for (name, data) in inputs("facts_json") {
        eprintln!("replaying {name}");
        read += usize::from(targets::facts_json(&data));
    }
    assert!(read > 0, "at least one kept facts file reads");
}

#[test]
fn carts_jsonl() {
    let mut priced = 0;
    for (name, data) in inputs("carts_jsonl") {
        eprintln!("replaying {name}");
        priced += usize::from(targets::carts_jsonl(&data));
    }
    assert!(priced > 0, "at least one kept input prices a cart");
}

#[test]
fn returns_json() {
    let mut refunded = 0;
    for (name, data) in inputs("returns_json") {
        eprintln!("replaying {name}");
        refunded += usize::from(targets::returns_json(&data));
    }
    assert!(refunded > 0, "at least one kept returns file refunds");
}

#[test]
fn refund_quote() {
    let mut refunded = 0;
    for (name, data) in inputs("refund_quote") {
        eprintln!("replaying {name}");
        refunded += usize::from(targets::refund_quote(&data));
    }
    assert!(refunded > 0, "at least one kept quote refunds");
}

#[test]
fn items_jsonl() {
    let mut previewed = 0;
    for (name, data) in inputs("items_jsonl") {
        eprintln!("replaying {name}");
        previewed += usize::from(targets::items_jsonl(&data));
    }
    assert!(previewed > 0, "at least one kept input previews an item");
}
