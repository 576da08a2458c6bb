"""youhui.Engine.preview: the 到手价 lines of `youhui preview --json`, byte for byte."""

import json
from pathlib import Path

import pytest

import youhui

from conftest import EXAMPLES, Cli

ITEMS = EXAMPLES / "items.jsonl"


def cli_lines(cli: Cli, items: Path) -> list:
    """The lines `youhui preview --json` prints for the items file `items`."""
    out = cli.ok(["preview", "--rules", str(EXAMPLES / "rules.json"), "--items", str(items), "--json"])
    return out.decode().splitlines()


def test_preview_json_is_the_line_preview_json_prints(cli: Cli, rules_text: str) -> None:
    engine = youhui.Engine(rules_text)
    items = ITEMS.read_text(encoding="utf-8").splitlines()
    expected = cli_lines(cli, ITEMS)
    assert len(items) == len(expected) == 7
    for item, line in zip(items, expected):
        assert engine.preview_json(item) == line
        # A dict is read as its JSON text is; the dict is the line's.
        assert engine.preview(json.loads(item)) == json.loads(line)


def test_a_preview_keeps_amounts_as_strings(rules_text: str) -> None:
    p = youhui.Engine(rules_text).preview(ITEMS.read_text(encoding="utf-8").splitlines()[0])
    assert list(p) == ["shop", "sku", "unit_price", "prices", "best"]
    assert isinstance(p["best"]["each"], str) and isinstance(p["prices"][0]["payable"], str)
    assert [x["quantity"] for x in p["prices"]] == [1, 2, 3]


BAD_ITEMS = {
    "no sku": '{"now":"2026-11-11T10:00:00+08:00","shop":"s","unit_price":"1.00"}',
    "max_quantity 0": '{"now":"2026-11-11T10:00:00+08:00","shop":"s","sku":"k","unit_price":"1.00","max_quantity":0}',
    "a cart": '{"now":"2026-11-11T10:00:00+08:00","lines":[]}',
    "not json": "{oops",
}


@pytest.mark.parametrize("name", sorted(BAD_ITEMS))
def test_a_bad_item_raises_input_error_with_the_command_lines_message(
    name: str, cli: Cli, rules_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "items.jsonl"
    path.write_text(BAD_ITEMS[name] + "\n", encoding="utf-8")
    out = cli.run(["preview", "--rules", str(EXAMPLES / "rules.json"), "--items", str(path), "--json"])
    # One line, not an item: the command line prints it in place, and exits 2.
    assert out.returncode == 2
    printed = json.loads(out.stdout.decode())
    assert printed["line"] == 1
    with pytest.raises(youhui.InputError) as raised:
        youhui.Engine(rules_text).preview(BAD_ITEMS[name])
    assert str(raised.value) == printed["error"]


def test_preview_lines_prints_each_numbered_line_as_the_command_line_does(
    cli: Cli, rules_text: str, tmp_path: Path
) -> None:
    lines = ITEMS.read_bytes().splitlines()
    # Line 1 with a byte order mark (the file's), line 3 empty, line 4 ends in
    # "\r", line 6 with a byte order mark (an error there), line 8 not UTF-8.
    odd = [b"\xef\xbb\xbf" + lines[0], lines[1], b"", lines[2] + b"\r", lines[3],
           b"\xef\xbb\xbf" + lines[4], lines[5], b'{"shop":"caf\xe9"}']
    path = tmp_path / "items.jsonl"
    path.write_bytes(b"\n".join(odd) + b"\n")
    expected = cli_lines(cli, path)
    engine = youhui.Engine(rules_text)
    got = engine.preview_lines(list(range(1, len(odd) + 1)), odd)
    assert [n for n, _ in got] == [1, 2, 4, 5, 6, 7, 8]
    assert [t for _, t in got] == expected
    assert "byte order mark" in json.loads(expected[4])["error"]
    assert "UTF-8" in json.loads(expected[6])["error"]
    # Text is read as its UTF-8 bytes; None is a bad line; the counts must agree.
    assert engine.preview_lines([9], [lines[0].decode()]) == [(9, expected[0])]
    assert engine.preview_lines([3], [None]) == [(3, '{"line":3,"error":"the line is null: there is no item"}')]
    with pytest.raises(youhui.InputError, match="2 numbers for 1 lines"):
        engine.preview_lines([1, 2], [lines[0]])
