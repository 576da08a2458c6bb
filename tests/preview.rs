//! 到手价 (contract §17): previews worked out by hand, the property that a
//! preview is the price of the one-line cart the contract describes, bad
//! items, and `youhui preview` (the same bytes for any threads, bad lines in
//! place, `--strict`).

use proptest::prelude::*;
use youhui::{Cart, Engine, Item, Preview, Rules};

fn engine(promotions: &str) -> Engine {
    let rules = Rules::from_json(&format!(r#"{{"promotions":[{promotions}]}}"#)).unwrap();
    Engine::new(rules).unwrap()
}

fn item(customer: &str, shop: &str, sku: &str, price: &str, max: u32) -> Item {
    Item::from_json(&format!(
        r#"{{"now":"2026-11-11T10:00:00+08:00","customer":{{{customer}}},"shop":"{shop}","sku":"{sku}","unit_price":"{price}","max_quantity":{max}}}"#
    ))
    .unwrap()
}

/// The preview of an item, kept.
fn pv(e: &Engine, item: Item) -> Result<Preview<'static>, youhui::Error> {
    e.preview(&item).map(Preview::into_owned)
}

/// A price: (quantity, payable, each, promotions).
type Row = (u32, String, String, Vec<String>);

/// Every price, and the best.
fn table(p: &Preview<'_>) -> (Vec<Row>, (u32, String)) {
    let prices = p
        .prices
        .iter()
        .map(|x| {
            (
                x.quantity,
                x.payable.to_string(),
                x.each.to_string(),
                x.promotions.iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect();
    (prices, (p.best.quantity, p.best.each.to_string()))
}

fn row(
    q: u32,
    payable: &str,
    each: &str,
    promotions: &[&str],
) -> (u32, String, String, Vec<String>) {
    (
        q,
        payable.to_string(),
        each.to_string(),
        promotions.iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn a_flash_sale_and_a_shop_coupon_at_one_unit() {
    let e = engine(
        r#"{"id":"flash","type":"item_discount","shop":"tea","fold":"8","scope":{"skus":["cha"]}},
           {"id":"sc5","type":"shop_coupon","shop":"tea","min_amount":"50","amount_off":"5"},
           {"id":"cup10","type":"shop_coupon","shop":"cup","amount_off":"10"},
           {"id":"pc3","type":"platform_coupon","min_amount":"100","amount_off":"3"}"#,
    );
    let p = pv(&e, item("", "tea", "cha", "100.00", 1)).unwrap();
    // 100.00 at 8折 = 80.00; the shop coupon 满50减5 is claimable and met: 75.00.
    // cup10 is another shop's; 平台券 满100减3 is judged on 80.00 and not met.
    assert_eq!(
        table(&p),
        (
            vec![row(1, "75.00", "75.00", &["flash", "sc5"])],
            (1, "75.00".into())
        )
    );
    assert_eq!(
        (&*p.shop, &*p.sku, p.unit_price.to_string()),
        ("tea", "cha", "100.00".into())
    );
}

#[test]
fn two_units_at_nine_fold_are_the_best_price_each() {
    let e = engine(
        r#"{"id":"lijian","type":"item_discount","shop":"tea","amount_off":"3","max_units":1},
           {"id":"m2","type":"threshold","shop":"tea","tiers":[{"min_quantity":2,"fold":"9"}]}"#,
    );
    let p = pv(&e, item("", "tea", "cha", "50.00", 3)).unwrap();
    // q = 1: 50.00 − 3.00 (立减, one unit) = 47.00; 满2件 not met.
    // q = 2: 100.00 − 3.00 = 97.00; 9折: 97.00 × 0.9 = 87.30; 87.30 / 2 = 43.65.
    // q = 3: 150.00 − 3.00 = 147.00; × 0.9 = 132.30; 132.30 / 3 = 44.10.
    assert_eq!(
        table(&p),
        (
            vec![
                row(1, "47.00", "47.00", &["lijian"]),
                row(2, "87.30", "43.65", &["lijian", "m2"]),
                row(3, "132.30", "44.10", &["lijian", "m2"]),
            ],
            (2, "43.65".into())
        )
    );
    // Without the 立减: q = 2 pays 90.00 (45.00 each) and q = 3 pays 135.00
    // (45.00 each): a tie, and the smaller quantity is the best.
    let e = engine(
        r#"{"id":"m2","type":"threshold","shop":"tea","tiers":[{"min_quantity":2,"fold":"9"}]}"#,
    );
    let p = pv(&e, item("", "tea", "cha", "50.00", 3)).unwrap();
    assert_eq!(
        table(&p).0.iter().map(|r| r.2.as_str()).collect::<Vec<_>>(),
        ["50.00", "45.00", "45.00"]
    );
    assert_eq!(table(&p).1, (2, "45.00".into()));
}

#[test]
fn coupons_whose_audience_or_window_fails_do_not_apply() {
    let e = engine(
        r#"{"id":"pc-new","type":"platform_coupon","min_amount":"50","amount_off":"10","audience":{"new_customer":true}},
           {"id":"sc-vip","type":"shop_coupon","shop":"tea","amount_off":"8","audience":{"min_member_tier":3}},
           {"id":"sc-old","type":"shop_coupon","shop":"tea","amount_off":"20","valid":{"until":"2026-11-01T00:00:00+08:00"}}"#,
    );
    // A returning tier-2 customer: 新客券 and the tier-3 coupon fail their
    // audience, the 20 off ended on 11-01: 60.00 as it is.
    let p = pv(
        &e,
        item(
            r#""member_tier":2,"orders":{"tea":1}"#,
            "tea",
            "cha",
            "60.00",
            1,
        ),
    )
    .unwrap();
    assert_eq!(table(&p).0, vec![row(1, "60.00", "60.00", &[])]);
    // A new customer: 60.00 − 10.00 (新客券, 60 ≥ 50) = 50.00.
    let p = pv(&e, item("", "tea", "cha", "60.00", 1)).unwrap();
    assert_eq!(table(&p).0, vec![row(1, "50.00", "50.00", &["pc-new"])]);
    // A new tier-3 customer: 60.00 − 8.00 − 10.00 (parallel: both on 60.00) = 42.00.
    let p = pv(&e, item(r#""member_tier":3"#, "tea", "cha", "60.00", 1)).unwrap();
    assert_eq!(
        table(&p).0,
        vec![row(1, "42.00", "42.00", &["sc-vip", "pc-new"])]
    );
}

#[test]
fn each_is_rounded_up_to_the_fen() {
    let e = engine(
        r#"{"id":"sc","type":"shop_coupon","shop":"tea","min_amount":"120","amount_off":"19.99"}"#,
    );
    let p = pv(&e, item("", "tea", "cha", "40.00", 3)).unwrap();
    // q = 3: 120.00 − 19.99 = 100.01; 100.01 / 3 = 33.3366… → 33.34 (33.33 × 3
    // = 99.99 would show less than the buyer pays).
    assert_eq!(
        table(&p),
        (
            vec![
                row(1, "40.00", "40.00", &[]),
                row(2, "80.00", "40.00", &[]),
                row(3, "100.01", "33.34", &["sc"]),
            ],
            (3, "33.34".into())
        )
    );
}

#[test]
fn every_claimable_coupon_is_held_beyond_the_bound_of_a_cart() {
    // 120 platform coupons: pcK takes (K+1) × 0.10 from K+1 yuan up.
    let coupons: Vec<String> = (0..120)
        .map(|k| {
            format!(
                r#"{{"id":"pc{k:03}","type":"platform_coupon","min_amount":"{}","amount_off":"{}.{}"}}"#,
                k + 1,
                (k + 1) / 10,
                (k + 1) % 10
            )
        })
        .collect();
    let e = engine(&coupons.join(","));
    // 50.00 meets pc000 … pc049; the largest is pc049: 5.00 off → 45.00.
    let p = pv(&e, item("", "tea", "cha", "50.00", 1)).unwrap();
    assert_eq!(table(&p).0, vec![row(1, "45.00", "45.00", &["pc049"])]);
}

#[test]
fn a_bad_item_is_refused_naming_its_field() {
    let base = r#""now":"2026-11-11T10:00:00+08:00","shop":"tea","sku":"cha","unit_price":"9.90""#;
    let refused = |extra: &str, at: &str| {
        let text = format!("{{{base}{extra}}}");
        let err = Item::from_json(&text).unwrap_err();
        assert!(err.to_string().starts_with(at), "{text}: {err}");
    };
    refused(
        r#","max_quantity":0"#,
        "item file, max_quantity: invalid value: integer `0`",
    );
    refused(r#","max_quantity":101"#, "item file, max_quantity");
    refused(r#","max_quantity":1.5"#, "item file, max_quantity");
    refused(r#","max_quantity":null"#, "item file, max_quantity");
    refused(
        r#","quantity":2"#,
        "item file, quantity: unknown field `quantity`",
    );
    refused(r#","category":null"#, "item file, category");
    refused(
        r#","customer":{"member_tier":-1}"#,
        "item file, customer.member_tier",
    );
    assert!(Item::from_json(r#"["2026-11-11T10:00:00+08:00"]"#).is_err());
    assert!(Item::from_json(
        r#"{"now":"2026-11-11T10:00:00+08:00","shop":"tea","unit_price":"1"}"#
    )
    .unwrap_err()
    .to_string()
    .contains("missing field `sku`"));
    // What only the engine sees, named as the item file's field.
    let e = engine("");
    let preview_err = |extra: &str| {
        let item = Item::from_json(&format!("{{{base}{extra}}}")).unwrap();
        e.preview(&item).unwrap_err().to_string()
    };
    let err = preview_err(r#","category":"tea\u0007""#);
    assert!(err.starts_with("item file, category: "), "{err}");
    let err = preview_err(r#","customer":{"birthday":"13-01"}"#);
    assert!(err.starts_with("item file, customer.birthday: "), "{err}");
    let mut item = Item::from_json(&format!("{{{base}}}")).unwrap();
    item.sku = String::new();
    let err = e.preview(&item).unwrap_err().to_string();
    assert!(err.starts_with("item file, sku: "), "{err}");
    item.sku = "cha".into();
    item.max_quantity = 0;
    let err = e.preview(&item).unwrap_err().to_string();
    assert_eq!(
        err,
        "item file, max_quantity: max_quantity 0 must be from 1 to 100"
    );
}

/// The cart of contract §17 at quantity `q`, its coupons listed.
fn contract_cart(rules: &Rules, item: &Item, q: u32) -> Cart {
    let coupons: Vec<String> = rules
        .promotions
        .iter()
        .filter(|p| match p.kind {
            youhui::PromotionType::ShopCoupon => p.shop.as_deref() == Some(&*item.shop),
            youhui::PromotionType::PlatformCoupon => true,
            _ => false,
        })
        .map(|p| format!("\"{}\"", p.id))
        .collect();
    let customer = serde_json::to_string(&item.customer).unwrap();
    let category = item
        .category
        .as_ref()
        .map_or(String::new(), |c| format!(r#","category":"{c}""#));
    Cart::from_json(&format!(
        r#"{{"now":"{}","customer":{customer},"lines":[{{"id":"item","shop":"{}","sku":"{}"{category},"unit_price":"{}","quantity":{q}}}],"coupons":[{}],"coupon_selection":"best","use_rebate":false}}"#,
        item.now,
        item.shop,
        item.sku,
        item.unit_price,
        coupons.join(",")
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(debug_assertions) { 64 } else { 512 }))]

    /// Every quantity's price is the payable and the applied promotions of
    /// the one-line cart the contract describes; `each` is that payable over
    /// `q` rounded up; `best` is the smallest `each`, ties to the smaller `q`.
    #[test]
    fn a_preview_is_the_price_of_the_contract_cart((rules, item) in youhui::strategy::rules_and_item()) {
        let engine = Engine::new(rules.clone()).unwrap();
        let p = engine.preview(&item).unwrap();
        prop_assert_eq!(p.prices.len(), item.max_quantity as usize);
        let mut best = (0u32, i64::MAX);
        for (k, x) in p.prices.iter().enumerate() {
            let q = k as u32 + 1;
            let cart = contract_cart(&rules, &item, q);
            let quote = engine.price(&cart).unwrap();
            prop_assert_eq!(x.quantity, q);
            prop_assert_eq!(x.payable, quote.totals.payable);
            let applied: Vec<&str> = quote.applied.iter().map(|a| &*a.promotion).collect();
            let shown: Vec<&str> = x.promotions.iter().map(|s| &**s).collect();
            prop_assert_eq!(shown, applied);
            let (each, payable, q) = (x.each.fen(), x.payable.fen(), i64::from(q));
            prop_assert!(each * q >= payable && (each - 1) * q < payable, "{} × {} vs {}", each, q, payable);
            if each < best.1 {
                best = (x.quantity, each);
            }
        }
        prop_assert_eq!((p.best.quantity, p.best.each.fen()), best);
    }
}

#[cfg(feature = "cli")]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    fn youhui(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_youhui"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run youhui")
    }

    /// `youhui preview --rules RULES --items ITEMS` and `extra`.
    fn preview(rules: &Path, items: &Path, extra: &[&str]) -> Output {
        let (rules, items) = (rules.to_str().unwrap(), items.to_str().unwrap());
        let mut args = vec!["preview", "--rules", rules, "--items", items];
        args.extend_from_slice(extra);
        youhui(&args)
    }

    /// Tests run in parallel and several write a file of the same name: each
    /// call gets a directory of its own (the process's id, as nextest runs each
    /// test in a process of its own, and the call's number), so no test reads
    /// another's file half written (a test once read an empty `rules.json`).
    fn file(name: &str, text: &str) -> PathBuf {
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("preview")
            .join(format!("{}-{call}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn text(b: &[u8]) -> String {
        String::from_utf8_lossy(b).into_owned()
    }

    const RULES: &str = r#"{"promotions":[
      {"id":"flash","type":"item_discount","shop":"tea","fold":"8","scope":{"skus":["cha"]}},
      {"id":"sc5","type":"shop_coupon","shop":"tea","min_amount":"50","amount_off":"5"}]}"#;

    fn item(sku: &str, price: &str, max: u32) -> String {
        format!(
            r#"{{"now":"2026-11-11T10:00:00+08:00","shop":"tea","sku":"{sku}","unit_price":"{price}","max_quantity":{max}}}"#
        )
    }

    /// Two items, an empty line, a bad line, an item ending in `\r\n`.
    fn small_input() -> String {
        [
            item("cha", "100.00", 1),
            String::new(),
            r#"{"now":"2026-11-11T10:00:00+08:00","shop":"tea","sku":"cha","unit_price":"1","max_quantity":0}"#.to_string(),
            item("pot", "40.00", 2) + "\r",
        ]
        .join("\n")
    }

    #[test]
    fn each_item_gets_one_line_in_place_and_bad_lines_are_reported_there() {
        let rules = file("rules.json", RULES);
        let items = file("small.jsonl", &small_input());
        let out = preview(&rules, &items, &["--json"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let lines: Vec<serde_json::Value> = text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        // Line 1: 100.00 at 8折 = 80.00, 满50减5 → 75.00.
        assert_eq!(lines[0]["prices"][0]["each"], "75.00");
        assert_eq!(
            lines[0]["best"],
            serde_json::json!({"quantity":1,"each":"75.00"})
        );
        // Line 2 is empty; line 3 is bad, reported in its place.
        assert_eq!(lines[1]["line"], 3);
        let error = lines[1]["error"].as_str().unwrap();
        assert!(error.starts_with("item file, max_quantity: "), "{error}");
        // Line 4: pot is not in the flash sale: 40.00, and 80.00 − 5.00 = 75.00 for two (37.50 each).
        assert_eq!(lines[2]["prices"][1]["payable"], "75.00");
        assert_eq!(
            lines[2]["best"],
            serde_json::json!({"quantity":2,"each":"37.50"})
        );

        // Without --json: a table, the bad line in its place.
        let out = preview(&rules, &items, &[]);
        assert!(out.status.success());
        let table = text(&out.stdout);
        let rows: Vec<&str> = table.lines().collect();
        assert_eq!(rows.len(), 4, "{table}");
        assert!(rows[0].contains("到手价"));
        assert!(
            rows[1].contains("cha") && rows[1].contains("75.00") && rows[1].ends_with("flash, sc5")
        );
        assert!(rows[2]
            .trim_start()
            .starts_with("3  error: item file, max_quantity"));
        assert!(rows[3].contains("2 × 37.50"));
    }

    #[test]
    fn strict_refuses_the_first_bad_line() {
        let rules = file("rules.json", RULES);
        let items = file("strict.jsonl", &small_input());
        let out = preview(&rules, &items, &["--json", "--strict"]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(
            err.contains("strict.jsonl, line 3: item file, max_quantity"),
            "{err}"
        );
        assert!(!text(&out.stdout).contains("\"line\""));
    }

    #[test]
    fn the_output_is_the_same_for_any_threads() {
        // 20,000 items (more than one chunk), one in 97 bad, many quantities.
        let mut input = String::new();
        for n in 0..20_000u32 {
            if n % 97 == 5 {
                input.push_str("{not an item\n");
                continue;
            }
            let price = format!("{}.{:02}", 1 + n % 300, n % 100);
            let sku = if n % 3 == 0 { "cha" } else { "pot" };
            input.push_str(&item(sku, &price, 1 + n % 4));
            input.push('\n');
        }
        let rules = file("rules.json", RULES);
        let items = file("many.jsonl", &input);
        let run = |threads: &str| {
            let out = preview(&rules, &items, &["--json", "--threads", threads]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            out.stdout
        };
        let one = run("1");
        assert_eq!(text(&one).lines().count(), 20_000);
        assert!(one == run("2"));
        assert!(one == run("3"));
    }

    /// A file in which no line is an item (a JSON array, a cart) is not an
    /// items file: its bad lines are printed, then it exits 2.
    #[test]
    fn an_input_without_one_item_is_refused() {
        let rules = file("rules.json", RULES);
        let items = file(
            "not-items.jsonl",
            "[\n{\"now\":\"2026-11-11T10:00:00+08:00\",\"lines\":[]}\n]\n",
        );
        let out = preview(&rules, &items, &["--json"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(text(&out.stdout).lines().count(), 3);
        let err = text(&out.stderr);
        assert!(
            err.contains("no line could be read as an item (3 bad lines)"),
            "{err}"
        );
        let big = preview(&rules, &items, &["--threads", "1025"]);
        assert_eq!(big.status.code(), Some(2));
    }

    /// The README's catalog: the table and the first JSON line it shows are
    /// what the program prints for `examples/items.jsonl`.
    #[test]
    fn the_readme_shows_the_preview_of_the_example_catalog() {
        let readme = std::fs::read_to_string("README.md").unwrap();
        let catalog = std::fs::read_to_string("examples/items.jsonl").unwrap();
        assert!(readme.contains(&format!("```json\n{catalog}```")));
        let args = [
            "preview",
            "--rules",
            "examples/rules.json",
            "--items",
            "examples/items.jsonl",
        ];
        let table = youhui(&args);
        assert!(table.status.success());
        let table = text(&table.stdout);
        assert!(
            readme.contains(&format!("```text\n{table}```")),
            "README.md shows another table than\n{table}"
        );
        let json = youhui(&[&args[..], &["--json"]].concat());
        let json = text(&json.stdout);
        let first = json.lines().next().unwrap();
        assert!(
            readme.contains(first),
            "README.md shows another line than\n{first}"
        );
    }
}
