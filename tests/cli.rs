//! The command line: exit statuses, `--json` against the library, and one test
//! per class of bad input checking that the message names the place.

#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn youhui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_youhui"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run youhui")
}

/// `youhui price` on the example 双11 cart, with `extra` arguments.
fn example(extra: &[&str]) -> Output {
    let mut args = vec![
        "price",
        "--rules",
        "examples/rules.json",
        "--cart",
        "examples/cart.json",
    ];
    args.extend_from_slice(extra);
    youhui(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `text` to a fresh file under the target directory and returns its path.
///
/// Tests run in parallel and several write a file of the same name: each
/// call gets a directory of its own (the process's id, as nextest runs each
/// test in a process of its own, and the call's number), so no test reads
/// another's file half written (a test once read an empty `rules.json`).
fn file(name: &str, text: &str) -> PathBuf {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(format!("{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const CART: &str = r#"{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"tea","sku":"a","unit_price":"100","quantity":1}]}"#;
const RULES: &str =
    r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5"}]}"#;

#[test]
fn price_prints_a_receipt() {
    let o = example(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for piece in [
        "L1",
        "L5",
        "单品优惠",
        "搭配套餐 bundle    tea-gift 龙井配茶叶罐礼盒 × 1",
        "payable",
        "coupons used",
        "not applied:",
        "凑单 hints:",
        "rebate credit",
    ] {
        assert!(out.contains(piece), "receipt lacks {piece:?}:\n{out}");
    }
}

#[test]
fn json_equals_the_library_quote() {
    let o = example(&["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules = std::fs::read_to_string("examples/rules.json").unwrap();
    let cart = std::fs::read_to_string("examples/cart.json").unwrap();
    let engine = youhui::Engine::new(serde_json::from_str(&rules).unwrap()).unwrap();
    let cart: youhui::Cart = serde_json::from_str(&cart).unwrap();
    let quote = engine.price(&cart).unwrap();
    assert_eq!(printed, serde_json::to_value(&quote).unwrap());
}

#[test]
fn check_accepts_the_example_rules() {
    let o = youhui(&["check", "--rules", "examples/rules.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 errors"));
}

#[test]
fn check_lists_every_error_and_exits_2() {
    let rules = file(
        "two-errors.json",
        r#"{"promotions":[
            {"id":"a","type":"shop_coupon","shop":"tea","min_amount":"20","amount_off":"30"},
            {"id":"b","type":"rebate","shop":"tea"}]}"#,
    );
    let o = youhui(&["check", "--rules", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    // The report is on standard output, as it is without an error.
    let out = stdout(&o);
    assert!(
        out.contains("error: promotion \"a\": amount_off 30.00 must be below min_amount 20.00"),
        "{out}"
    );
    assert!(
        out.contains("error: promotion \"b\": a rebate needs max_ratio"),
        "{out}"
    );
    assert!(
        out.ends_with("two-errors.json: 2 promotions, 2 errors, 0 warnings\n"),
        "{out}"
    );
    // Standard error says which file has how many, and nothing else.
    let err = stderr(&o);
    assert!(
        err.starts_with("youhui: ") && err.ends_with("two-errors.json has 2 errors\n"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn check_prints_warnings_and_succeeds() {
    let rules = file(
        "warnings.json",
        r#"{"promotions":[{"id":"mj","type":"threshold","shop":"tea","tiers":[
            {"min_amount":"100","amount_off":"10"},{"min_amount":"200","amount_off":"10"},
            {"min_amount":"300","amount_off":"30"},{"min_amount":"400","amount_off":"40"}]}]}"#,
    );
    let o = youhui(&["check", "--rules", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("warning[too_many_tiers]: promotion \"mj\": 4 tiers in one offer"),
        "{out}"
    );
    assert!(
        out.contains("warning[tier_not_larger]: promotion \"mj\": tiers[1] takes 10.00 off at its own threshold 200.00, no more than tiers[0] below it"),
        "{out}"
    );
    assert!(out.contains("2 warnings"), "{out}");
}

/// Prices `rules` and `cart` (written to files named after `name`) with bad
/// input in one of them: the exit status is 2 and stderr holds `expected`.
fn refused(name: &str, rules: &str, cart: &str, expected: &str) {
    let r = file(&format!("{name}-rules.json"), rules);
    let c = file(&format!("{name}-cart.json"), cart);
    let o = youhui(&[
        "price",
        "--rules",
        r.to_str().unwrap(),
        "--cart",
        c.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(expected),
        "stderr lacks {expected:?}:\n{}",
        stderr(&o)
    );
}

#[test]
fn bad_rules_json_names_the_file_the_path_and_the_value() {
    let rules = r#"{"promotions":[{"id":"f","type":"item_discount","shop":"tea","fold":"0.05"}]}"#;
    refused(
        "bad-fold",
        rules,
        CART,
        "bad-fold-rules.json: rules file, promotions[0].fold: fold \"0.05\"",
    );
}

#[test]
fn contradictory_rule_names_the_promotion() {
    let rules = r#"{"promotions":[{"id":"sc","type":"shop_coupon","shop":"tea","amount_off":"5","max_off":"9"}]}"#;
    refused(
        "bad-coupon",
        rules,
        CART,
        "promotion \"sc\": max_off goes with fold",
    );
}

#[test]
fn bad_cart_json_names_the_path() {
    refused(
        "bad-price",
        RULES,
        &CART.replace(r#""100""#, "100"),
        "cart file, lines[0].unit_price",
    );
}

#[test]
fn bad_cart_value_names_the_path() {
    let cart = CART.replace(r#""quantity":1"#, r#""quantity":100001"#);
    refused(
        "bad-qty",
        RULES,
        &cart,
        "cart file, lines[0].quantity: quantity 100001 must be from 1 to 100000 at line 1 column",
    );
}

#[test]
fn unknown_coupon_names_the_entry() {
    let cart = CART.replace(r#""lines""#, r#""coupons":["sc","nope"],"lines""#);
    refused(
        "bad-coupons",
        RULES,
        &cart,
        "coupons[1]: \"nope\" names no coupon promotion",
    );
}

#[test]
fn missing_file_exits_2() {
    let o = youhui(&[
        "price",
        "--rules",
        "no/such/rules.json",
        "--cart",
        "examples/cart.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the rules file no/such/rules.json"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_error_exits_2_and_help_exits_0() {
    assert_eq!(youhui(&["price"]).status.code(), Some(2));
    assert_eq!(youhui(&["frobnicate"]).status.code(), Some(2));
    let help = youhui(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("price") && stdout(&help).contains("check"));
}

#[test]
fn pricing_twice_prints_the_same_bytes() {
    let a = example(&["--json"]);
    let b = example(&["--json"]);
    assert_eq!(a.stdout, b.stdout);
    let a = example(&[]);
    let b = example(&[]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_file_is_read_no_further_than_its_bound() {
    // /dev/zero never ends: the cart is refused once 64 MiB and a byte are read.
    let started = std::time::Instant::now();
    let o = youhui(&[
        "price",
        "--rules",
        "examples/rules.json",
        "--cart",
        "/dev/zero",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "youhui: the cart file /dev/zero is larger than the limit of 67108864 bytes\n"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_fifo_is_read_no_further_than_its_bound() {
    let fifo = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-cart.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("no mkfifo here; skipped");
        return;
    }
    // A writer of 100 MB; it stops when the reader closes its end.
    let path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..100 {
            if f.write_all(&block).is_err() {
                break;
            }
        }
    });
    let o = youhui(&[
        "price",
        "--rules",
        "examples/rules.json",
        "--cart",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is larger than the limit of 67108864 bytes"),
        "{}",
        stderr(&o)
    );
    writer.join().unwrap();
}

#[test]
fn a_byte_order_mark_before_the_cart_is_ignored() {
    let cart = file("bom-cart.json", &format!("\u{feff}{CART}"));
    let rules = file("bom-rules.json", &format!("\u{feff}{RULES}"));
    let o = youhui(&[
        "price",
        "--rules",
        rules.to_str().unwrap(),
        "--cart",
        cart.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The cart holds no coupon: 100.00, and the coupon is not_held.
    assert_eq!(q["totals"]["payable"], "100.00");
    assert_eq!(q["not_applied"][0]["reason"], "not_held");
}

#[test]
fn check_reports_the_shape_errors_of_three_broken_promotions() {
    let rules = file(
        "three-broken.json",
        r#"{"promotions":[
  {"id":"a","type":"shop_coupon","shop":"tea","amout_off":"5"},
  {"id":"b","type":"shop_coupon","shop":"tea","amount_off":"-5"},
  {"id":"c","type":"item_discount","shop":"tea","fold":"0.05"}]}"#,
    );
    let o = youhui(&["check", "--rules", rules.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stdout(&o);
    for piece in [
        "promotion \"a\": unknown field `amout_off`; did you mean `amount_off`?",
        "promotions[1].amount_off: amount \"-5\" is not a plain non-negative decimal",
        "promotions[2].fold: fold \"0.05\" is out of range",
        "3 promotions, 3 errors, 0 warnings",
    ] {
        assert!(err.contains(piece), "lacks {piece:?}:\n{err}");
    }
}

#[test]
fn the_readme_shows_the_example_receipt_as_printed() {
    let o = example(&[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let readme = std::fs::read_to_string("README.md").unwrap();
    let opening = "Its receipt:\n\n```text\n";
    let start = readme.find(opening).expect("the receipt block") + opening.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        stdout(&o),
        "README.md shows another receipt"
    );
}

const REVIEWED: &str = r#"{"promotions":[
    {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"1000","amount_off":"100"}]},
    {"id":"typo","type":"item_discount","shop":"tea","fold":"0.5"}]}"#;
const FACTS: &str =
    r#"{"shops":{"tea":{"average_order_value":"150","stage":"mature","min_fold":"5"}}}"#;

#[test]
fn check_json_prints_the_report_the_library_gives() {
    let rules = file("reviewed.json", REVIEWED);
    let facts = file("facts.json", FACTS);
    let o = youhui(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "--shop-facts",
        facts.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed: youhui::Report = serde_json::from_slice(&o.stdout).unwrap();
    let facts = youhui::Facts::from_json(FACTS).unwrap();
    assert_eq!(printed, youhui::check_json(REVIEWED, Some(&facts)));
    let codes: Vec<&str> = printed.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["fold_below_shop_minimum", "threshold_vs_aov"]);
    assert!(printed.warnings[1]
        .message
        .ends_with("in the mature stage (成熟期) plan it at 225.00"));
}

#[test]
fn check_prints_codes_in_text_and_exits_2_on_an_error_of_either_file() {
    let rules = file("reviewed-text.json", REVIEWED);
    let facts = file("facts-text.json", FACTS);
    let o = youhui(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "--shop-facts",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("warning[threshold_vs_aov]: promotion \"mj\": the lowest tier, 满1000.00"),
        "{out}"
    );
    assert!(out.contains("2 promotions, 0 errors, 2 warnings"), "{out}");

    // A bad facts file: its error is reported after the rules file's, the
    // rules are still reviewed (without facts), and the exit status is 2.
    let bad = file("facts-bad.json", r#"{"shops":{"tea":{"min_fold":"50"}}}"#);
    let broken = file(
        "reviewed-broken.json",
        r#"{"promotions":[{"id":"r","type":"rebate","shop":"tea"},
        {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"100","amount_off":"10"},{"min_amount":"200","amount_off":"10"}]}]}"#,
    );
    let o = youhui(&[
        "check",
        "--rules",
        broken.to_str().unwrap(),
        "--shop-facts",
        bad.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let printed: youhui::Report = serde_json::from_slice(&o.stdout).unwrap();
    let locations: Vec<&str> = printed.errors.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(
        locations,
        ["promotion \"r\"", "facts file, shops.tea.min_fold"]
    );
    assert_eq!(
        printed.warnings.len(),
        1,
        "the tiers of mj are still reviewed"
    );
    assert!(
        stderr(&o).contains("reviewed-broken.json has 1 error; "),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).ends_with("facts-bad.json has 1 error\n"),
        "{}",
        stderr(&o)
    );

    // A facts file that cannot be read is an error of the report too.
    let o = youhui(&[
        "check",
        "--rules",
        rules.to_str().unwrap(),
        "--shop-facts",
        "no/such/facts.json",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let printed: youhui::Report = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed.errors[0].location, "facts file");
    assert!(printed.errors[0]
        .message
        .starts_with("cannot read the facts file no/such/facts.json"));
}

#[test]
fn the_readme_shows_the_review_of_the_draft_as_printed() {
    let args = [
        "check",
        "--rules",
        "examples/draft-rules.json",
        "--shop-facts",
        "examples/shop-facts.json",
    ];
    let o = youhui(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let readme = std::fs::read_to_string("README.md").unwrap();
    let opening = "--shop-facts examples/shop-facts.json\n```\n\n```text\n";
    let start = readme.find(opening).expect("the review block") + opening.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        stdout(&o),
        "README.md shows another review"
    );
    // The JSON warning the README shows is one of the report's.
    let o = youhui(&[&args[..], &["--json"]].concat());
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let opening = "one warning of which is\n\n```json\n";
    let start = readme.find(opening).expect("the JSON block") + opening.len();
    let end = start + readme[start..].find("```\n").unwrap();
    let shown: serde_json::Value = serde_json::from_str(&readme[start..end]).unwrap();
    assert!(
        report["warnings"].as_array().unwrap().contains(&shown),
        "{shown}"
    );
}

/// `youhui schema NAME` prints the committed `schema/NAME.schema.json`.
#[test]
fn schema_prints_the_committed_schemas() {
    for name in [
        "rules", "cart", "quote", "check", "facts", "returns", "refund",
    ] {
        let o = youhui(&["schema", name]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let committed = std::fs::read_to_string(format!("schema/{name}.schema.json")).unwrap();
        assert_eq!(stdout(&o), committed, "{name}");
    }
    let o = youhui(&["schema", "receipt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("receipt"), "{}", stderr(&o));
}

/// Runs youhui with `input` on its standard input.
fn youhui_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_youhui"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run youhui");
    let mut stdin = child.stdin.take().unwrap();
    // youhui may refuse before it reads: a closed pipe is no failure here.
    let _ = stdin.write_all(input.as_bytes());
    drop(stdin);
    child.wait_with_output().expect("wait for youhui")
}

/// `-` is standard input for `price` and `check`, as for `simulate --carts`.
#[test]
fn price_and_check_read_standard_input_for_a_dash() {
    let cart = std::fs::read_to_string("examples/cart.json").unwrap();
    let rules = std::fs::read_to_string("examples/rules.json").unwrap();
    let from_files = example(&[]);
    let o = youhui_with_stdin(
        &["price", "--rules", "examples/rules.json", "--cart", "-"],
        &cart,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&from_files));
    let o = youhui_with_stdin(
        &[
            "price",
            "--rules",
            "-",
            "--cart",
            "examples/cart.json",
            "--json",
        ],
        &rules,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(o.stdout, example(&["--json"]).stdout);

    let o = youhui_with_stdin(&["check", "--rules", "-"], &rules);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "standard input: 17 promotions, 0 errors, 0 warnings\n"
    );

    // An error in what came from standard input says so.
    let o = youhui_with_stdin(
        &["price", "--rules", "examples/rules.json", "--cart", "-"],
        "{",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("youhui: standard input: "),
        "{}",
        stderr(&o)
    );

    // Standard input holds one file: two dashes are refused, nothing priced.
    let o = youhui_with_stdin(&["price", "--rules", "-", "--cart", "-"], &rules);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o)
            .contains("the cart file is `-`, but standard input is already read for another file"),
        "{}",
        stderr(&o)
    );
}

/// An error of the facts file is reported under the facts file's name, in the
/// text and on standard error; the rules file is not blamed for it.
#[test]
fn check_names_the_facts_file_of_its_errors() {
    let rules = file("clean-rules.json", RULES);
    let facts = file("typo-facts.json", r#"{"shops":{"tea":{"min_fold":"50"}}}"#);
    let (rules, facts) = (rules.to_str().unwrap(), facts.to_str().unwrap());
    let o = youhui(&["check", "--rules", rules, "--shop-facts", facts]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.starts_with(&format!("error: facts file {facts}, shops.tea.min_fold: ")),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "{rules}: 1 promotion, 0 errors, 0 warnings\n{facts}: 1 error\n"
        )),
        "{out}"
    );
    assert_eq!(stderr(&o), format!("youhui: {facts} has 1 error\n"));

    // Errors in both: each file is named with its own count.
    let broken = file(
        "broken-rules.json",
        r#"{"promotions":[{"id":"r","type":"rebate","shop":"tea"}]}"#,
    );
    let broken = broken.to_str().unwrap();
    let o = youhui(&["check", "--rules", broken, "--shop-facts", facts, "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("youhui: {broken} has 1 error; {facts} has 1 error\n")
    );
}

/// `youhui schema` takes a schema's name, and its help says so.
#[test]
fn schema_help_names_a_schema_not_a_file() {
    let o = youhui(&["schema", "--help"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let help = stdout(&o);
    assert!(help.contains("<NAME>"), "{help}");
    assert!(help.contains("not a file's path"), "{help}");
    assert!(
        help.contains("`quote` (what `price --json` prints)"),
        "{help}"
    );
    let o = youhui(&["schema", "schema/rules.schema.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "[possible values: rules, cart, quote, check, facts, returns, refund, item, preview]"
        ),
        "{}",
        stderr(&o)
    );
}

/// A `--plot` or `--facts-out` that cannot be written fails before a cart is
/// read: here the carts file does not even exist, and the output is blamed.
#[test]
fn simulate_fails_on_an_unwritable_output_before_pricing() {
    for flag in ["--plot", "--facts-out"] {
        let o = youhui(&[
            "simulate",
            "--rules",
            "examples/rules.json",
            "--carts",
            "no/such/carts.jsonl",
            flag,
            "no/such/dir/out",
        ]);
        assert_eq!(o.status.code(), Some(1), "{flag}");
        assert!(
            stderr(&o).starts_with("youhui: cannot write the ")
                && stderr(&o).contains("file no/such/dir/out: "),
            "{flag}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    // A writable path that fails for another reason leaves no file behind.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli/never-drawn.svg");
    let _ = std::fs::remove_file(&out);
    let o = youhui(&[
        "simulate",
        "--rules",
        "examples/rules.json",
        "--carts",
        "no/such/carts.jsonl",
        "--plot",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("carts file no/such/carts.jsonl"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// `youhui refund`: the receipt and the JSON of a refund computed from the
/// quote `price --json` printed, and bad returns refused with exit 2.
#[test]
fn refund_reads_the_printed_quote() {
    let o = youhui(&[
        "price",
        "--rules",
        &file("refund-rules.json", r#"{"promotions":[]}"#)
            .display()
            .to_string(),
        "--cart",
        &file(
            "refund-cart.json",
            r#"{"now":"2026-11-11T10:00:00+08:00","shipping":{"tea":"6.00"},"lines":[
                {"id":"L1","shop":"tea","sku":"longjing","unit_price":"10.01","quantity":2}]}"#,
        )
        .display()
        .to_string(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let quote = file("refund-quote.json", &stdout(&o)).display().to_string();
    // 20.02 over 2 units: 10.01 each; the last unit empties the shop: + 6.00.
    let returns = file(
        "refund-returns.json",
        r#"{"returned_before":[{"line":"L1","quantity":1}],"returns":[{"line":"L1","quantity":1}]}"#,
    )
    .display()
    .to_string();
    let o = youhui(&["refund", "--quote", &quote, "--returns", &returns, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r: youhui::Refund = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r.totals.money.to_string(), "16.01");
    assert_eq!(r.shipping[0].shop, "tea");
    let o = youhui(&["refund", "--quote", &quote, "--returns", &returns]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for piece in [
        "L1 longjing × 1",
        "10.01",
        "运费 shipping tea",
        "16.01",
        // What a refund does not give back is said (reference: Refunds).
        "Gifts, the rebate earned and the points earned are not recomputed.",
    ] {
        assert!(out.contains(piece), "{piece} not in\n{out}");
    }
    let too_many = file(
        "refund-too-many.json",
        r#"{"returned_before":[{"line":"L1","quantity":2}],"returns":[{"line":"L1","quantity":1}]}"#,
    )
    .display()
    .to_string();
    let o = youhui(&["refund", "--quote", &quote, "--returns", &too_many]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the line \"L1\" has 2 units"),
        "{}",
        stderr(&o)
    );
}

/// A line of a shop that no promotion of the rules belongs to (often a
/// misspelt shop) is priced at its unit price; the receipt says why. The
/// quote's JSON has no field for it: `Engine::has_promotions_for` tells a
/// program.
#[test]
fn the_receipt_points_out_a_shop_no_promotion_belongs_to() {
    let rules = file("one-shop.json", RULES);
    let cart = file(
        "misspelt-shop.json",
        r#"{"now":"2026-11-11T10:00:00+08:00","coupons":["sc"],"lines":[
            {"id":"L1","shop":"tea","sku":"a","unit_price":"100","quantity":1},
            {"id":"L2","shop":"teaa","sku":"b","unit_price":"50","quantity":1}]}"#,
    );
    let o = youhui(&[
        "price",
        "--rules",
        rules.to_str().unwrap(),
        "--cart",
        cart.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let note = "  (no promotion is this shop's: only platform coupons apply)\n";
    assert_eq!(out.matches(note).count(), 1, "{out}");
    assert!(out.contains(&format!("[teaa]\n{note}")), "{out}");
    // No bundle in this cart: the stage-1 total is not said to hold one.
    assert!(out.contains("\n单品优惠 item  "), "{out}");
    assert!(!out.contains("搭配套餐"), "{out}");
}

/// The README's refund, as its three commands print it.
#[test]
fn the_readme_shows_the_refund_as_printed() {
    let o = example(&["--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let quote = file("readme-quote.json", &stdout(&o));
    let returns = file(
        "readme-returns.json",
        "{ \"returns\": [ { \"line\": \"L1\", \"quantity\": 1 } ] }\n",
    );
    let o = youhui(&[
        "refund",
        "--quote",
        quote.to_str().unwrap(),
        "--returns",
        returns.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains(
        "echo '{ \"returns\": [ { \"line\": \"L1\", \"quantity\": 1 } ] }' > returns.json\n"
    ));
    let opening = "--returns returns.json\n```\n\n```text\n";
    let start = readme.find(opening).expect("the refund block") + opening.len();
    let end = start + readme[start..].find("```\n").unwrap();
    assert_eq!(
        &readme[start..end],
        stdout(&o),
        "README.md shows another refund"
    );
}
