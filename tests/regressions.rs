//! Inputs kept under `tests/regressions/<target>/`, replayed with the checks of
//! the fuzz target of the same name (`fuzz/fuzz_targets/<target>.rs`): no panic,
//! parse → print → parse gives the same value, and every quote passes `audit`.
//! A crash the fuzzer finds is saved here (see fuzz/README.md).

use std::path::Path;

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
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let Ok(rules) = youhui::Rules::from_json(text) else {
            continue;
        };
        let again = youhui::Rules::from_json(&serde_json::to_string(&rules).unwrap()).unwrap();
        assert_eq!(again, rules, "{name}");
        let report = youhui::check(&rules);
        match youhui::Engine::new(rules) {
            Ok(_) => assert!(report.errors.is_empty(), "{name}"),
            Err(e) => assert_eq!(Some(&e), report.errors.first(), "{name}"),
        }
    }
}

#[test]
fn cart_json() {
    let rules = youhui::Rules::from_json(include_str!("../examples/rules.json")).unwrap();
    let engine = youhui::Engine::new(rules).unwrap();
    let mut priced = 0;
    for (name, data) in inputs("cart_json") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let Ok(cart) = youhui::Cart::from_json(text) else {
            continue;
        };
        let again = youhui::Cart::from_json(&serde_json::to_string(&cart).unwrap()).unwrap();
        assert_eq!(again, cart, "{name}");
        if let Ok(q) = engine.price(&cart) {
            assert_eq!(q.audit(), Ok(()), "{name}");
            priced += 1;
        }
    }
    assert!(priced > 0, "at least one kept cart prices");
}
