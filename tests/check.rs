//! `youhui::check` and `youhui::check_json`: every error of a rules file.

#[test]
fn check_json_reports_the_shape_errors_of_every_promotion_where_they_are() {
    // Three promotions broken in their shape, on lines 3, 4 and 6 of the file,
    // and one broken in what its fields say together. serde_json points at the
    // last character it read: the closing quote of `"amout_off"` (column 65),
    // of `"5.001"` (75), of `"coupon"` (32).
    let text = "{\n  \"promotions\": [\n    {\"id\": \"a\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amout_off\": \"5\"},\n    {\"id\": \"b\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amount_off\": \"5.001\"},\n    {\"id\": \"ok\", \"type\": \"shop_coupon\", \"shop\": \"tea\", \"amount_off\": \"5\"},\n    {\"id\": \"d\", \"type\": \"coupon\", \"shop\": \"tea\"},\n    {\"id\": \"e\", \"type\": \"rebate\", \"shop\": \"tea\"}\n  ]\n}\n";
    let report = youhui::check_json(text);
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "rules file, promotions[0].amout_off: unknown field `amout_off`, expected one of `id`, `type`, `shop`, `name`, `valid`, `scope`, `audience`, `fold`, `amount_off`, `fixed_price`, `max_units`, `tiers`, `every`, `min_amount`, `max_off`, `max_ratio`, `earn_ratio`, `items`, `price`, `max_sets` at line 3 column 65",
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
    ] {
        let report = youhui::check_json(text);
        let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, [error], "{text}");
    }
}
