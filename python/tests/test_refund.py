"""youhui.refund: what `youhui refund --json` prints, from the quote Engine.price gives."""

import json
from pathlib import Path

import pytest

import youhui

from conftest import EXAMPLES, Cli


@pytest.fixture(scope="module")
def quote_file(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("refund") / "quote.json"
    path.write_bytes(cli.ok(["price", "--rules", str(EXAMPLES / "rules.json"), "--cart", str(EXAMPLES / "cart.json"), "--json"]))
    return path


def test_a_refund_is_what_refund_json_prints(cli: Cli, quote_file: Path, tmp_path: Path) -> None:
    returns = {"returned_before": [{"line": "L1", "quantity": 1}], "returns": [{"line": "L1", "quantity": 2}, {"line": "L2", "quantity": 1}, {"line": "L2a", "quantity": 1}]}
    returns_file = tmp_path / "returns.json"
    returns_file.write_text(json.dumps(returns), encoding="utf-8")
    expected = cli.ok(["refund", "--quote", str(quote_file), "--returns", str(returns_file), "--json"])
    # The quote as Engine.price gives it, and as its text.
    engine = youhui.Engine((EXAMPLES / "rules.json").read_text(encoding="utf-8"))
    quote = engine.price((EXAMPLES / "cart.json").read_text(encoding="utf-8"))
    assert youhui.refund_json(quote, returns).encode() == expected
    assert youhui.refund(quote_file.read_text(encoding="utf-8"), returns) == json.loads(expected)
    # L1, L2 and L2a are west-lake-tea's last units: its shipping comes back.
    assert youhui.refund(quote, returns)["shipping"] == [{"shop": "west-lake-tea", "amount": "10.00"}]


@pytest.mark.parametrize(
    "returns, file",
    [
        ({"returns": [{"line": "L9", "quantity": 1}]}, "returns"),
        ({"returns": [{"line": "L1", "quantity": 4}]}, "returns"),
        ({"returns": []}, "returns"),
        ({"returns": [{"line": "L1", "quantity": 1}], "extra": 1}, "returns"),
    ],
)
def test_a_refund_refused_raises_the_command_lines_message(
    cli: Cli, quote_file: Path, tmp_path: Path, returns: dict, file: str
) -> None:
    returns_file = tmp_path / "returns.json"
    # A dict is read as the compact JSON text json.dumps writes of it.
    returns_file.write_text(json.dumps(returns, separators=(",", ":")), encoding="utf-8")
    message = cli.input_error(["refund", "--quote", str(quote_file), "--returns", str(returns_file), "--json"], returns_file)
    with pytest.raises(youhui.InputError) as raised:
        youhui.refund(json.loads(quote_file.read_text(encoding="utf-8")), returns)
    assert str(raised.value) == message


def test_a_quote_that_does_not_add_up_is_refused(cli: Cli, quote_file: Path, tmp_path: Path) -> None:
    quote = json.loads(quote_file.read_text(encoding="utf-8"))
    quote["totals"]["payable"] = "1.00"
    edited = tmp_path / "quote.json"
    edited.write_text(json.dumps(quote, indent=2, ensure_ascii=False), encoding="utf-8")
    returns_file = tmp_path / "returns.json"
    returns_file.write_text('{"returns":[{"line":"L1","quantity":1}]}', encoding="utf-8")
    message = cli.input_error(["refund", "--quote", str(edited), "--returns", str(returns_file), "--json"], edited)
    with pytest.raises(youhui.InputError) as raised:
        youhui.refund(quote, {"returns": [{"line": "L1", "quantity": 1}]})
    assert str(raised.value) == message
