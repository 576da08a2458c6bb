"""youhui.Engine and youhui.check: the quotes, reports and messages of the command line."""

import json
import pickle
import threading
from pathlib import Path
from typing import Any

import pytest

import youhui

from conftest import EXAMPLES, Cli


def no_float(value: Any) -> None:
    """Money stays strings: nothing in the value is a float."""
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for v in value.values():
            no_float(v)
    elif isinstance(value, list):
        for v in value:
            no_float(v)


def test_price_json_is_what_price_json_prints(cli: Cli, rules_text: str, cart_text: str) -> None:
    expected = cli.ok(["price", "--rules", str(EXAMPLES / "rules.json"), "--cart", str(EXAMPLES / "cart.json"), "--json"])
    engine = youhui.Engine(rules_text)
    assert engine.price_json(cart_text).encode() == expected
    # A dict is read as its JSON text is.
    assert engine.price_json(json.loads(cart_text)).encode() == expected
    assert youhui.Engine(json.loads(rules_text)).price_json(cart_text.encode()).encode() == expected


def test_price_is_the_quote_as_a_dict_with_amounts_as_strings(cli: Cli, rules_text: str, cart_text: str) -> None:
    expected = json.loads(cli.ok(["price", "--rules", str(EXAMPLES / "rules.json"), "--cart", str(EXAMPLES / "cart.json"), "--json"]))
    quote = youhui.Engine(rules_text).price(json.loads(cart_text))
    assert quote == expected
    assert list(quote) == list(expected)  # the fields in the quote's order
    assert quote["totals"]["payable"] == "678.95"
    no_float(quote)


BAD_CARTS = {
    "timestamp": '{"now":"2026-11-11 10:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":1}]}',
    "amount as a number": '{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":1.5,"quantity":1}]}',
    "null": '{"now":"2026-11-11T10:00:00+08:00","customer":null,"lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":1}]}',
    "no lines": '{"now":"2026-11-11T10:00:00+08:00","lines":[]}',
    "repeated key": '{"now":"2026-11-11T10:00:00+08:00","now":"2026-11-11T10:00:00+08:00","lines":[]}',
    "an array": "[1, 2]",
    "not json": "{oops",
    "over a limit": '{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":100001}]}',
    "unknown coupon": '{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":1}],"coupons":["nope"]}',
}


@pytest.mark.parametrize("name", sorted(BAD_CARTS))
def test_a_bad_cart_raises_input_error_with_the_command_lines_message(
    name: str, cli: Cli, rules_text: str, tmp_path: Path
) -> None:
    cart = tmp_path / "cart.json"
    cart.write_text(BAD_CARTS[name], encoding="utf-8")
    message = cli.input_error(["price", "--rules", str(EXAMPLES / "rules.json"), "--cart", str(cart)], cart)
    engine = youhui.Engine(rules_text)
    for call in (engine.price, engine.price_json):
        with pytest.raises(youhui.InputError) as raised:
            call(BAD_CARTS[name])
        assert str(raised.value) == message


BAD_RULES = {
    "no reduction": '{"promotions":[{"id":"x","type":"item_discount","shop":"tea"}]}',
    "fold": '{"promotions":[{"id":"x","type":"item_discount","shop":"tea","fold":"0.05"}]}',
    "repeated id": '{"promotions":[{"id":"x","type":"item_discount","shop":"tea","fold":"9"},{"id":"x","type":"item_discount","shop":"tea","fold":"8"}]}',
    "unknown field": '{"promotions":[],"extra":1}',
    "not json": "{",
}


@pytest.mark.parametrize("name", sorted(BAD_RULES))
def test_bad_rules_raise_input_error_with_the_command_lines_message(name: str, cli: Cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(BAD_RULES[name], encoding="utf-8")
    message = cli.input_error(["price", "--rules", str(rules), "--cart", str(EXAMPLES / "cart.json")], rules)
    with pytest.raises(youhui.InputError) as raised:
        youhui.Engine(BAD_RULES[name])
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)


def test_what_json_cannot_write_is_an_input_error(rules_text: str) -> None:
    engine = youhui.Engine(rules_text)
    from decimal import Decimal

    for cart, says in [
        ({"now": Decimal("1")}, "cart: cannot be written as JSON: Object of type Decimal is not JSON serializable"),
        ({"now": float("nan")}, "cart: cannot be written as JSON: Out of range float values are not JSON compliant"),
        ("{\"now\": \"\udc80\"}", "cart: not valid text"),
        (b"{\"now\": \"\xff\"}", "cart: not UTF-8 (byte 9 is not)"),
    ]:
        with pytest.raises(youhui.InputError) as raised:
            engine.price(cart)
        assert str(raised.value).startswith(says)
    with pytest.raises(youhui.InputError, match="^rules: cannot be written as JSON"):
        youhui.Engine({"promotions": {1, 2}})


def test_an_input_over_the_size_bound_is_refused_before_it_is_read(rules_text: str) -> None:
    engine = youhui.Engine(rules_text)
    big = " " * youhui.MAX_FILE_BYTES + "{}"
    with pytest.raises(youhui.InputError, match="limit is 67108864 bytes"):
        engine.price(big)


def test_input_error_is_youhuis_value_error() -> None:
    assert issubclass(youhui.InputError, ValueError)
    assert youhui.InputError.__module__ == "youhui"
    assert youhui.InputError.__doc__


def test_check_is_check_json(cli: Cli) -> None:
    for rules, facts in [("draft-rules.json", "shop-facts.json"), ("rules.json", None)]:
        args = ["check", "--rules", str(EXAMPLES / rules), "--json"]
        if facts:
            args += ["--shop-facts", str(EXAMPLES / facts)]
        expected = json.loads(cli.ok(args))
        text = (EXAMPLES / rules).read_text(encoding="utf-8")
        facts_text = (EXAMPLES / facts).read_text(encoding="utf-8") if facts else None
        assert youhui.check(text, facts_text) == expected
        assert youhui.Engine(text).check(facts_text) == expected
        assert youhui.Engine(json.loads(text)).check(facts=json.loads(facts_text) if facts else None) == expected


def test_check_lists_every_error_as_check_json_does(cli: Cli, tmp_path: Path) -> None:
    rules = tmp_path / "rules.json"
    rules.write_text(
        '{"promotions":[{"id":"a","type":"item_discount","shop":"tea"},'
        '{"id":"b","type":"item_discount","shop":"tea","fold":"0.05"}]}',
        encoding="utf-8",
    )
    facts = tmp_path / "facts.json"
    facts.write_text('{"shops":{"tea":{"stage":"young"}}}', encoding="utf-8")
    out = cli.run(["check", "--rules", str(rules), "--shop-facts", str(facts), "--json"])
    assert out.returncode == 2
    expected = json.loads(out.stdout)
    report = youhui.check(rules.read_text(), facts.read_text())
    assert report == expected
    assert len(report["errors"]) == 3  # two promotions, then the facts file


def test_an_engine_pickles_as_its_rules(rules_text: str, cart_text: str) -> None:
    engine = youhui.Engine(rules_text)
    again = pickle.loads(pickle.dumps(engine))
    assert again.rules == rules_text
    assert again.price_json(cart_text) == engine.price_json(cart_text)


def test_one_engine_prices_from_many_threads(rules_text: str, cart_text: str) -> None:
    engine = youhui.Engine(rules_text)
    expected = engine.price_json(cart_text)
    results = []

    def work() -> None:
        results.extend(engine.price_json(cart_text) for _ in range(50))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 200


def test_arguments_of_the_wrong_type_are_type_errors(rules_text: str) -> None:
    with pytest.raises(TypeError):
        youhui.Engine()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        youhui.Engine(rules_text).check(1, 2)  # type: ignore[call-arg]
