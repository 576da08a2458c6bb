//! `youhui::check` and `youhui::check_json`: every error of a rules file.

#[test]
fn check_json_reports_the_shape_errors_of_every_promotion_where_they_are() {
    // Three promotions broken in their shape, on lines 3, 4 and 6 of the file,
    // and one broken in what its fields say together. A misspelt field is
    // named by its promotion's id, with the fields of its type only (the 7
    // every promotion has, then a shop coupon's 4) and the closest suggested. serde_json points at the
    // last character it read: the closing quote of `"amout_off"` (column 65),
    // of `"5.001"` (75), of `"coupon"` (32).
    let text = "{\n  \"promotions\": [\n    {\"id\": \"a\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amout_off\": \"5\"},\n    {\"id\": \"b\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amount_off\": \"5.001\"},\n    {\"id\": \"ok\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amount_off\": \"5\"},\n    {\"id\": \"d\", \"type\": \"coupon\", \"shop\": \"tea\"},\n    {\"id\": \"e\", \"type\": \"rebate\", \"shop\": \"tea\"}\n  ]\n}\n";
    let report = youhui::check_json(text, None);
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "promotion \"a\": unknown field `amout_off`; did you mean `amount_off`? The fields of a shop_coupon are `id`, `type`, `shop`, `name`, `valid`, `scope`, `audience`, `limits`, `min_amount`, `amount_off`, `fold`, `max_off` at line 3 column 65",
            "rules file, promotions[1].amount_off: amount \"5.001\" has more than 2 fraction digits at line 4 column 75",
            "rules file, promotions[3].type: unknown variant `coupon`, expected one of `item_discount`, `bundle`, `threshold`, `shop_coupon`, `rebate`, `platform_coupon` at line 6 column 32",
            "promotion \"e\": a rebate needs max_ratio (the share of the order the credit may pay)",
        ]
    );
    // The first error is where Rules::from_json, which stops at it, finds it.
    assert_eq!(
        youhui::Rules::from_json(text).unwrap_err().to_string(),
        errors[0]
    );
}

#[test]
fn check_json_of_a_file_that_is_not_rules_is_one_error() {
    for (text, error) in [
        ("[1, 2]", "rules file: the rules file must be a JSON object ({ … })"),
        ("{\"promotions\": [], \"promos\": []}", "rules file, promos: unknown field `promos`, expected `settings` or `promotions` at line 1 column 27"),
        ("{\"promotions\": [", "rules file, promotions: EOF while parsing a list at line 1 column 16"),
        // An empty file says so (not "must be a JSON object" alone), and a
        // trailing comma has no `?` in its place: serde stops at the `}` in
        // column 19, after `{"promotions": [],` (18 characters).
        ("", "rules file: the rules file is empty; it must be a JSON object ({ … })"),
        ("{\"promotions\": [],}", "rules file: trailing comma at line 1 column 19"),
    ] {
        let report = youhui::check_json(text, None);
        let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, [error], "{text}");
    }
}

#[test]
fn a_facts_file_is_read_as_strictly_as_any_input() {
    for (text, error) in [
        (r#"{"shops":{"tea":{"aov":"150"}}}"#, "facts file, shops.tea.aov: unknown field `aov`, expected one of `average_order_value`, `stage`, `min_fold`, `list_prices` at line 1 column 22"),
        (r#"{"shops":{"tea":{"stage":"startup"}}}"#, "facts file, shops.tea.stage: unknown variant `startup`, expected `growth` or `mature` at line 1 column 34"),
        (r#"{"shops":{"tea":{"min_fold":"0.05"}}}"#, "facts file, shops.tea.min_fold: fold \"0.05\" is out of range: a fold must satisfy 0.1 <= fold < 10 (\"8.5\" means pay 85 %) at line 1 column 34"),
        (r#"{"shops":{"tea":{"average_order_value":"0"}}}"#, "facts file, shops.tea.average_order_value: must be above zero"),
        (r#"{"shops":{"tea":{"list_prices":{"cup":"-1"}}}}"#, "facts file, shops.tea.list_prices.cup: amount \"-1\" is not a plain non-negative decimal (digits, an optional '.' and up to 2 fraction digits; no sign, exponent or spaces) at line 1 column 42"),
        (r#"{"shops":{"tea":{"stage":null}}}"#, "facts file, shops.tea.stage: null is not a value here; leave the field out instead at line 1 column 30"),
        (r#"{"shop":{}}"#, "facts file, shop: unknown field `shop`, expected `shops` at line 1 column 7"),
        (r#"{}"#, "facts file: missing field `shops` at line 1 column 2"),
        (r#"[]"#, "facts file: the facts file must be a JSON object ({ … })"),
        (r#"{"shops":{"tea":{},"tea":{}}}"#, "facts file, shops.tea: the key \"tea\" appears twice; a key may appear once in an object at line 1 column 24"),
        ("{\"shops\":{\"te\\u0000a\":{}}}", "facts file, shops: a shop name \"te\\u{0}a\" holds the character U+0000; text may hold no control, line-separator or bidirectional-control character"),
    ] {
        let errors = youhui::Facts::read_all(text).unwrap_err();
        let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, [error], "{text}");
        assert!(youhui::Facts::from_json(text).unwrap_err().is_facts(), "{text}");
    }
}

#[test]
fn every_value_error_of_a_facts_file_is_reported() {
    let errors = youhui::Facts::read_all(
        r#"{"shops":{"tea":{"average_order_value":"0"},"cup":{"average_order_value":"0"}}}"#,
    )
    .unwrap_err();
    let locations: Vec<&str> = errors.iter().map(|e| e.location()).collect();
    assert_eq!(
        locations,
        [
            "facts file, shops.cup.average_order_value",
            "facts file, shops.tea.average_order_value"
        ]
    );
}

#[test]
fn the_report_is_the_json_of_check_and_reads_back() {
    let rules = r#"{"promotions":[
        {"id":"mj","type":"threshold","shop":"tea","tiers":[{"min_amount":"99","free_shipping":true},{"min_amount":"200","amount_off":"20"}]},
        {"id":"f","type":"item_discount","shop":"tea","fold":"9","scope":{"skus":["a"]},
         "valid":{"from":"2026-11-01T00:00:00+08:00","until":"2026-12-01T00:00:00+08:00"}},
        {"id":"bad","type":"rebate","shop":"tea"}]}"#;
    let facts =
        youhui::Facts::from_json(r#"{"shops":{"tea":{"average_order_value":"150"}}}"#).unwrap();
    let report = youhui::check_json(rules, Some(&facts));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "errors": [ { "location": "promotion \"bad\"", "message": "a rebate needs max_ratio (the share of the order the credit may pay)" } ],
            "warnings": [
                { "code": "flash_hours_per_month", "promotions": ["f"], "shop": "tea", "month": "2026-11",
                  "message": "720 hours of 限时折扣 in 2026-11 (overlaps counted twice), over the 480 hours a shop may run in a month" },
                { "code": "threshold_vs_aov", "promotions": ["mj"],
                  "message": "the lowest tier, 满99.00, is 34 % below the 客单价 150.00; a threshold works from 165.00 to 195.00 (10 %–30 % above it, 满就送额度控制高于客单价10%-30%)" },
                { "code": "tier_not_larger", "promotions": ["mj"],
                  "message": "tiers[1] drops the free shipping (包邮), so it gives less than tiers[0] below it" }
            ]
        })
    );
    let back: youhui::Report = serde_json::from_value(json).unwrap();
    assert_eq!(back, report);
    assert!(!report.is_ok());
}

/// `n` 限时折扣 on SKU `a` (9折, two hours each on 2026-11-11) and `n` member
/// prices on it (8折 for members): every pair is a 限时折扣 no deeper than
/// the member price, n × n warnings found.
fn flash_against_members(n: usize) -> String {
    let mut promos = Vec::new();
    for k in 0..n {
        promos.push(format!(
            r#"{{"id":"flash-{k:04}","type":"item_discount","shop":"tea","fold":"9","scope":{{"skus":["a"]}},
                "valid":{{"from":"2026-11-11T10:00:00+08:00","until":"2026-11-11T12:00:00+08:00"}}}}"#
        ));
        promos.push(format!(
            r#"{{"id":"vip-{k:04}","type":"item_discount","shop":"tea","fold":"8","audience":{{"min_member_tier":1}}}}"#
        ));
    }
    format!(r#"{{"promotions":[{}]}}"#, promos.join(","))
}

/// Issue 19 D5: past `MAX_LISTED_PER_CODE` warnings of one code, one more
/// warning of that code says how many were left out.
#[test]
fn a_code_found_more_often_than_it_may_list_says_how_many_more() {
    assert_eq!(youhui::MAX_LISTED_PER_CODE, 1000);
    // 40 × 40 = 1,600 pairs: 1,000 listed, then 1,600 − 1,000 = 600 more.
    let report = youhui::check_json(&flash_against_members(40), None);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let pairs: Vec<&youhui::Warning> = report
        .warnings
        .iter()
        .filter(|w| w.code == youhui::Code::FlashNotDeeperThanMember)
        .collect();
    assert_eq!(pairs.len(), 1001);
    assert!(pairs[..1000]
        .iter()
        .all(|w| w.promotions.len() == 2 && w.more.is_none()));
    let last = pairs[1000];
    assert_eq!(last.more, Some(600));
    assert!(last.promotions.is_empty());
    assert!(
        last.message
            .starts_with("600 more flash_not_deeper_than_member warnings"),
        "{}",
        last.message
    );
    let json = serde_json::to_value(&report).unwrap();
    let summary = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w.get("more").is_some())
        .unwrap();
    assert_eq!(summary["more"], 600);
    // At the bound, nothing is summarized: 31 × 31 = 961 pairs, all listed.
    let report = youhui::check_json(&flash_against_members(31), None);
    assert_eq!(report.warnings.len(), 961);
    assert!(report.warnings.iter().all(|w| w.more.is_none()));
}

/// Issue 19 D4: positions are counted in one pass over the file (the large
/// case, 100,000 shape errors, is in `tests/hostile/`); a part spread over
/// lines, and `settings` after the promotions, are still placed exactly.
#[test]
fn shape_errors_are_placed_in_the_whole_file_in_one_pass() {
    // Line 3 holds promotions[0] on one line; promotions[1] opens on line 4
    // and its bad fold is on line 6: 5 spaces, `"fold"` in columns 6–11, `:`
    // 12, a space 13, `"0.05"` in 14–19: serde_json points at its closing
    // quote, column 19. Settings, after the promotions, on line 9: 4 spaces,
    // `{` 5, `"x"` in 6–8: column 8.
    let text = "{\n  \"promotions\": [\n    {\"id\": \"a\", \"type\": \"item_discount\", \"shop\": \"tea\", \"fold\": \"9\"},\n    {\"id\": \"b\",\n     \"type\": \"item_discount\", \"shop\": \"tea\",\n     \"fold\": \"0.05\"}\n  ],\n  \"settings\":\n    {\"x\": 1}\n}\n";
    let report = youhui::check_json(text, None);
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("rules file, settings.x: unknown field `x`"),
        "{}",
        errors[0]
    );
    assert!(errors[0].ends_with("at line 9 column 8"), "{}", errors[0]);
    assert!(
        errors[1].starts_with("rules file, promotions[1].fold"),
        "{}",
        errors[1]
    );
    assert!(errors[1].ends_with("at line 6 column 19"), "{}", errors[1]);
}
