//! The worked cases under `tests/cases/*.json`.
//!
//! A file holds `cases`, and may give `rules` (and `cart`) that its cases
//! inherit. Each case has a `name`, an `arithmetic` field with the numbers
//! worked out by hand, and either `expect` (a part of the quote, matched field
//! by field) or `error` (`at`: `"rules"`, `"engine"`, `"cart"` or `"price"`;
//! `message`: the whole message, pinned; `contains`: the pieces it must hold
//! whatever its wording — the field, the value, the rule). A case may give
//! `rules_text` or `cart_text`, the file's exact text, for what a JSON value
//! cannot hold (a repeated key, a byte-order mark).
//!
//! A case with `warnings` is a review by `youhui check` instead: its `rules`
//! (and `facts`, a shop facts file) are checked, and `warnings` is the whole
//! list expected, each entry matched field by field (`code`, `promotions`,
//! `shop`, `month`, `message`); `[]` is a near miss that must stay quiet.
//! The report's errors are at the locations of `errors` (none when it is
//! left out), and the report reads back from its JSON.
//!
//! A priced case may add `refunds`: returns files (`returns`) refunded from
//! the quote read back from its JSON, each with `expect` (a part of the
//! refund) or `error` (`message`, the whole message).

use serde_json::Value;

use crate::support::{conservation, subset};

#[test]
fn cases() {
    let files = crate::support::case_files();
    let mut failures = Vec::new();
    let mut count = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let file: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", f.display()));
        for case in file["cases"].as_array().expect("cases") {
            count += 1;
            let name = format!(
                "{}: {}",
                f.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().expect("every case has a name")
            );
            assert!(
                case["arithmetic"].is_string() || case.get("error").is_some(),
                "{name}: a priced case writes its arithmetic out"
            );
            if let Err(e) = run(&file, case) {
                failures.push(format!("{name}\n    {e}"));
            }
        }
    }
    assert!(count >= 40, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{count} conformance cases passed");
}

/// `case[key]` or, failing that, the file's; `patch` on the case is merged over the file's.
pub(crate) fn pick<'a>(file: &'a Value, case: &'a Value, key: &str) -> Option<Value> {
    let base = case.get(key).or_else(|| file.get(key))?.clone();
    Some(match case.get(format!("{key}_patch")) {
        Some(patch) => merge(base, patch),
        None => base,
    })
}

fn merge(mut base: Value, patch: &Value) -> Value {
    if let (Value::Object(b), Value::Object(p)) = (&mut base, patch) {
        for (k, v) in p {
            let old = b.remove(k).unwrap_or(Value::Null);
            b.insert(
                k.clone(),
                if v.is_object() && old.is_object() {
                    merge(old, v)
                } else {
                    v.clone()
                },
            );
        }
        return base;
    }
    patch.clone()
}

/// The text of file `key`: `{key}_text` verbatim, or the JSON value printed.
pub(crate) fn text_of(file: &Value, case: &Value, key: &str) -> Option<String> {
    match case.get(format!("{key}_text")) {
        Some(t) => Some(t.as_str()?.to_string()),
        None => pick(file, case, key).map(|v| v.to_string()),
    }
}

fn run(file: &Value, case: &Value) -> Result<(), String> {
    if case.get("warnings").is_some() {
        return review(file, case);
    }
    let rules = text_of(file, case, "rules").ok_or("no rules")?;
    let error = case.get("error");
    let expect_err = |at: &str, e: &youhui::Error| -> Result<(), String> {
        let Some(err) = error else {
            return Err(format!("unexpected {at} error: {e}"));
        };
        if err["at"] != at {
            return Err(format!("error at {at}, expected at {}: {e}", err["at"]));
        }
        let msg = e.to_string();
        // The error catalogue: every error case pins its whole message, so the
        // messages stay helpful as the code changes.
        let whole = err["message"]
            .as_str()
            .ok_or("an error case pins its whole message")?;
        if msg != whole {
            return Err(format!(
                "message changed:\n      now {msg:?}\n   pinned {whole:?}"
            ));
        }
        // The kind a program matches on, and the predicates, where pinned.
        if let Some(kind) = err.get("kind") {
            let now = format!("{:?}", e.kind());
            if kind != &Value::String(now.clone()) {
                return Err(format!("kind {now}, pinned {kind}: {msg}"));
            }
        }
        if let Some(limit) = err.get("limit") {
            if limit != &Value::Bool(e.is_limit()) {
                return Err(format!("is_limit {}, pinned {limit}: {msg}", e.is_limit()));
            }
        }
        let file = match at {
            "rules" | "engine" => e.is_rules(),
            _ => e.is_cart(),
        };
        if !file {
            return Err(format!("an error at {at} is not of its file: {e:?}"));
        }
        for piece in err["contains"].as_array().ok_or("error.contains")? {
            let piece = piece.as_str().unwrap();
            if !msg.contains(piece) {
                return Err(format!("message {msg:?} lacks {piece:?}"));
            }
        }
        Ok(())
    };
    let rules = match youhui::Rules::from_json(&rules) {
        Ok(r) => r,
        Err(e) => return expect_err("rules", &e),
    };
    let engine = match youhui::Engine::new(rules) {
        Ok(e) => e,
        Err(e) => return expect_err("engine", &e),
    };
    let cart = text_of(file, case, "cart").ok_or("no cart")?;
    let cart = match youhui::Cart::from_json(&cart) {
        Ok(c) => c,
        Err(e) => return expect_err("cart", &e),
    };
    let quote = match engine.price(&cart) {
        Ok(q) => q,
        Err(e) => return expect_err("price", &e),
    };
    if error.is_some() {
        return Err("expected an error, but the cart was priced".into());
    }
    conservation(&quote)?;
    let json = serde_json::to_string(&quote).unwrap();
    let again = serde_json::to_string(&engine.price(&cart).unwrap()).unwrap();
    if json != again {
        return Err("pricing twice gave different bytes".into());
    }
    let back: youhui::Quote =
        serde_json::from_str(&json).map_err(|e| format!("quote does not re-parse: {e}"))?;
    if back != quote {
        return Err("quote does not round-trip through JSON".into());
    }
    let actual: Value = serde_json::from_str(&json).unwrap();
    subset(case.get("expect").ok_or("no expect")?, &actual, "quote")?;
    match case.get("refunds") {
        Some(steps) => crate::refund::steps(&back, steps),
        None => Ok(()),
    }
}

/// A review case: the warnings `youhui check` gives, all of them.
fn review(file: &Value, case: &Value) -> Result<(), String> {
    let rules = text_of(file, case, "rules").ok_or("no rules")?;
    let facts = match pick(file, case, "facts") {
        Some(f) => {
            Some(youhui::Facts::from_json(&f.to_string()).map_err(|e| format!("facts: {e}"))?)
        }
        None => None,
    };
    let report = youhui::check_json(&rules, facts.as_ref());
    // `errors`: the locations of the errors expected, if any.
    let locations: Vec<&str> = report.errors.iter().map(|e| e.location.as_str()).collect();
    let expected: Vec<&str> = case["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if locations != expected {
        return Err(format!("errors: {:?}", report.errors));
    }
    let json = serde_json::to_string(&report).unwrap();
    let back: youhui::Report =
        serde_json::from_str(&json).map_err(|e| format!("report does not re-parse: {e}"))?;
    if back != report {
        return Err("report does not round-trip through JSON".into());
    }
    let actual: Value = serde_json::from_str(&json).unwrap();
    subset(&case["warnings"], &actual["warnings"], "warnings")
}
