//! The JSON Schemas under `schema/`: the committed files are the generated
//! ones; every example and every valid case validates (and so does what the
//! engine prints for them); every error case of a kind a schema can see is
//! refused by it.

#![cfg(feature = "schema")]

use std::path::Path;

use serde_json::Value;
use youhui::schema::{json, Format};

use crate::conformance::{pick, text_of};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator(format: Format) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&json(format)).unwrap();
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("the {} schema does not compile: {e}", format.name()))
}

fn errors(v: &jsonschema::Validator, value: &Value) -> Vec<String> {
    v.iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for f in Format::ALL {
        let path = root().join(format!("schema/{}.schema.json", f.name()));
        let committed =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            committed == json(f),
            "{} differs from the generated schema; run `cargo run -- schema {} > {}`",
            path.display(),
            f.name(),
            path.display()
        );
    }
}

#[test]
fn the_examples_validate() {
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(root().join(p)).unwrap()).unwrap()
    };
    let rules = validator(Format::Rules);
    for p in ["examples/rules.json", "examples/draft-rules.json"] {
        assert_eq!(errors(&rules, &read(p)), Vec::<String>::new(), "{p}");
    }
    let cart = validator(Format::Cart);
    assert_eq!(
        errors(&cart, &read("examples/cart.json")),
        Vec::<String>::new()
    );
    let facts = validator(Format::Facts);
    assert_eq!(
        errors(&facts, &read("examples/shop-facts.json")),
        Vec::<String>::new()
    );
    // What the engine prints validates too: the quote and the review.
    let engine =
        youhui::Engine::new(serde_json::from_value(read("examples/rules.json")).unwrap()).unwrap();
    let c: youhui::Cart = serde_json::from_value(read("examples/cart.json")).unwrap();
    let quote = serde_json::to_value(engine.price(&c).unwrap()).unwrap();
    assert_eq!(
        errors(&validator(Format::Quote), &quote),
        Vec::<String>::new()
    );
    let facts: youhui::Facts = serde_json::from_value(read("examples/shop-facts.json")).unwrap();
    let report = youhui::check_json(
        &std::fs::read_to_string(root().join("examples/draft-rules.json")).unwrap(),
        Some(&facts),
    );
    assert!(!report.warnings.is_empty());
    let report = serde_json::to_value(&report).unwrap();
    assert_eq!(
        errors(&validator(Format::Check), &report),
        Vec::<String>::new()
    );
}

/// The kinds of error a schema can see: a field's type or grammar, an
/// unknown field or variant, a missing field, a bound on a list or a number.
const SEEN_BY_A_SCHEMA: [&str; 24] = [
    "invalid type",
    "unknown field",
    "unknown variant",
    "missing field",
    "not a plain non-negative decimal",
    "fraction digits",
    "above the limit 100000000.00",
    "is out of range",
    "null is not a value here",
    "invalid value: integer `-1`",
    "invalid length",
    "is not RFC 3339",
    "has no offset",
    "the cart has no line",
    "items has 1 SKU",
    "items has 6 SKUs",
    "quantity 0 must be",
    "max_sets 0 must be",
    "id is empty",
    "limits is empty",
    "limits.per_customer 0 must be",
    "limits.total 100000001 must be",
    "limits.per_customer_units 100001 must be",
    "count 100000001 must be",
];

#[test]
fn valid_cases_validate_and_errors_a_schema_can_see_do_not() {
    let (rules_schema, cart_schema) = (validator(Format::Rules), validator(Format::Cart));
    let (quote_schema, check_schema) = (validator(Format::Quote), validator(Format::Check));
    let facts_schema = validator(Format::Facts);
    let files = crate::support::case_files();
    let (mut valid, mut refused, mut unseen) = (0, 0, 0);
    let mut failures = Vec::new();
    for f in &files {
        let file: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let name = format!(
                "{}: {}",
                f.file_name().unwrap().to_string_lossy(),
                case["name"].as_str().unwrap()
            );
            // A text that is not JSON at all (or repeats a key) is for the
            // reader, not the schema.
            let value = |key: &str| -> Option<Value> {
                serde_json::from_str(&text_of(&file, case, key)?).ok()
            };
            let (rules, cart) = (value("rules"), value("cart"));
            let problems = |schema: &jsonschema::Validator, v: &Option<Value>| {
                v.as_ref().map(|v| errors(schema, v)).unwrap_or_default()
            };
            if let Some(error) = case.get("error") {
                let message = error["message"].as_str().unwrap();
                let seen: Vec<String> = problems(&rules_schema, &rules)
                    .into_iter()
                    .chain(problems(&cart_schema, &cart))
                    .collect();
                if SEEN_BY_A_SCHEMA.iter().any(|m| message.contains(m)) {
                    if seen.is_empty() && !case_text_repeats_a_key(case) {
                        failures.push(format!("{name}: the schemas accept it ({message})"));
                    }
                    refused += 1;
                } else {
                    unseen += 1;
                }
                continue;
            }
            let mut seen = problems(&rules_schema, &rules);
            if case.get("warnings").is_some() {
                // A review: its rules may hold errors `check` reports.
                if case.get("errors").is_none() {
                    seen.extend(problems(&facts_schema, &pick(&file, case, "facts")));
                    let report = youhui::check_json(
                        &text_of(&file, case, "rules").unwrap(),
                        pick(&file, case, "facts")
                            .map(|f| youhui::Facts::from_json(&f.to_string()).unwrap())
                            .as_ref(),
                    );
                    seen.extend(errors(
                        &check_schema,
                        &serde_json::to_value(&report).unwrap(),
                    ));
                } else {
                    seen.clear();
                }
            } else {
                seen.extend(problems(&cart_schema, &cart));
                let engine = youhui::Engine::new(
                    youhui::Rules::from_json(&text_of(&file, case, "rules").unwrap()).unwrap(),
                )
                .unwrap();
                let c = youhui::Cart::from_json(&text_of(&file, case, "cart").unwrap()).unwrap();
                let quote = serde_json::to_value(engine.price(&c).unwrap()).unwrap();
                seen.extend(errors(&quote_schema, &quote));
            }
            if !seen.is_empty() {
                failures.push(format!("{name}: {seen:?}"));
            }
            valid += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        valid >= 100 && refused >= 40,
        "{valid} valid, {refused} refused"
    );
    eprintln!("{valid} valid cases validate; {refused} errors refused by a schema; {unseen} only the engine sees");
}

/// A case whose text repeats a key: JSON Schema sees the last value only.
fn case_text_repeats_a_key(case: &Value) -> bool {
    ["rules_text", "cart_text"].iter().any(|k| {
        case[*k]
            .as_str()
            .is_some_and(|t| t.contains("appears twice"))
    })
}

/// Issue 19: the timestamp pattern is the engine's grammar. Each of these the
/// engine refuses, and so does the cart schema; the last is the boundary the
/// engine accepts.
#[test]
fn the_schema_refuses_the_timestamps_the_engine_refuses() {
    let cart = validator(Format::Cart);
    let with_now = |now: &str| {
        serde_json::json!({"now": now, "lines": [
            {"id": "L1", "shop": "tea", "sku": "k", "unit_price": "1", "quantity": 1}]})
    };
    for now in [
        "2026-11-11T10:00:00+25:00",
        "2026-11-11T23:59:60+08:00",
        "2026-11-11T10:00:00.1234567890+08:00",
        "2026-11-11T24:00:00+08:00",
        "2026-11-11T10:60:00Z",
    ] {
        assert!(
            youhui::Cart::from_json(&with_now(now).to_string()).is_err(),
            "the engine takes {now}"
        );
        assert!(
            !errors(&cart, &with_now(now)).is_empty(),
            "the schema takes {now}"
        );
    }
    let edge = with_now("2026-11-11T23:59:59.123456789-23:59");
    assert!(youhui::Cart::from_json(&edge.to_string()).is_ok());
    assert_eq!(errors(&cart, &edge), Vec::<String>::new());
}

/// The example catalog's items validate against the item schema, and every
/// line `preview` prints for them — and a bad line — against the preview
/// line's; an item the engine refuses for a field a schema sees is refused.
#[test]
fn the_example_items_and_their_previews_validate() {
    let (item_schema, line_schema) = (validator(Format::Item), validator(Format::Preview));
    let engine = youhui::Engine::new(
        youhui::Rules::from_json(
            &std::fs::read_to_string(root().join("examples/rules.json")).unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let items = std::fs::read_to_string(root().join("examples/items.jsonl")).unwrap();
    for line in items.lines() {
        let value: Value = serde_json::from_str(line).unwrap();
        assert_eq!(errors(&item_schema, &value), Vec::<String>::new(), "{line}");
        let item = youhui::Item::from_json(line).unwrap();
        let preview = youhui::preview::PreviewLine::Priced(engine.preview(&item).unwrap());
        let printed = serde_json::to_value(&preview).unwrap();
        assert_eq!(
            errors(&line_schema, &printed),
            Vec::<String>::new(),
            "{line}"
        );
    }
    let bad = youhui::preview::PreviewLine::Bad(youhui::simulate::BadLine {
        line: 3,
        error: "item file: …".into(),
    });
    let bad = serde_json::to_value(&bad).unwrap();
    assert_eq!(errors(&line_schema, &bad), Vec::<String>::new());
    for refused in [
        r#"{"now":"2026-11-11T10:00:00+08:00","shop":"s","sku":"k","unit_price":"1","max_quantity":101}"#,
        r#"{"now":"2026-11-11T10:00:00+08:00","shop":"s","sku":"k","unit_price":"1","quantity":1}"#,
        r#"{"now":"2026-11-11T10:00:00+08:00","shop":"s","unit_price":"1"}"#,
        r#"{"now":"2026-11-11T10:00:00+08:00","shop":"s","sku":"k","unit_price":1}"#,
    ] {
        assert!(youhui::Item::from_json(refused).is_err(), "{refused}");
        let value: Value = serde_json::from_str(refused).unwrap();
        assert!(!errors(&item_schema, &value).is_empty(), "{refused}");
    }
}

/// An empty `scope` or `audience` would match everything by accident: the
/// engine refuses it (issue 23, item 15), and so does the rules schema.
#[test]
fn the_schema_refuses_an_empty_scope_and_an_empty_audience() {
    let rules = validator(Format::Rules);
    for field in ["scope", "audience"] {
        let mut promotion = serde_json::json!(
            {"id": "flash", "type": "item_discount", "shop": "tea", "fold": "8"});
        promotion[field] = serde_json::json!({});
        let file = serde_json::json!({ "promotions": [promotion] });
        let engine = youhui::Rules::from_json(&file.to_string()).and_then(youhui::Engine::new);
        assert!(engine.is_err(), "the engine takes an empty {field}");
        assert!(
            !errors(&rules, &file).is_empty(),
            "the schema takes an empty {field}"
        );
        // One field is enough for both.
        promotion[field] = if field == "scope" {
            serde_json::json!({"skus": ["longjing"]})
        } else {
            serde_json::json!({"min_member_tier": 1})
        };
        let file = serde_json::json!({ "promotions": [promotion] });
        let engine = youhui::Rules::from_json(&file.to_string()).and_then(youhui::Engine::new);
        assert!(engine.is_ok(), "the engine refuses a {field} of one field");
        assert_eq!(errors(&rules, &file), Vec::<String>::new());
    }
}
