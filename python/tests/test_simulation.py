"""youhui.Simulation: the report of `youhui simulate --json`, however the carts arrive."""

import json
import random
from pathlib import Path
from typing import List, Tuple

import pytest

import youhui

from conftest import EXAMPLES, Cli, orders, with_odd_lines

RULES = EXAMPLES / "rules.json"


@pytest.fixture(scope="module")
def engine() -> youhui.Engine:
    return youhui.Engine(RULES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def carts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 orders and their odd lines (some bad, some skipped), as a file."""
    path = tmp_path_factory.mktemp("sim") / "orders.jsonl"
    path.write_bytes(with_odd_lines(orders(5, 1000), every=23))
    return path


@pytest.fixture(scope="module")
def expected(cli: Cli, carts: Path) -> bytes:
    """What the command line reports for them."""
    return cli.ok(["simulate", "--rules", str(RULES), "--carts", str(carts), "--json"])


def lines_of(path: Path) -> List[bytes]:
    """The file's lines, each with its "\n"."""
    text = path.read_bytes()
    assert text.endswith(b"\n")
    return [line + b"\n" for line in text[:-1].split(b"\n")]


def numbered(path: Path) -> List[Tuple[int, bytes]]:
    """The file's lines with their numbers, each without its "\\n"."""
    return list(enumerate(path.read_bytes().split(b"\n"), start=1))


def test_the_report_is_simulate_json_byte_for_byte(engine: youhui.Engine, carts: Path, expected: bytes) -> None:
    sim = youhui.Simulation(engine)
    sim.add_jsonl(carts.read_bytes())
    assert sim.report_json().encode() == expected
    report = sim.report()
    assert report == json.loads(expected)
    # The dict is the JSON's, field for field, in its order.
    assert (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode() == expected
    assert report["bad_lines"]["count"] > 20 and len(report["bad_lines"]["first"]) == 20


def test_the_report_is_the_same_however_the_lines_arrive(engine: youhui.Engine, carts: Path, expected: bytes) -> None:
    text = carts.read_bytes()
    # In chunks of whole lines (as str where they are UTF-8): the numbers go
    # on from call to call.
    sim = youhui.Simulation(engine)
    lines = lines_of(carts)
    kinds = set()
    for start in range(0, len(lines), 100):
        chunk = b"".join(lines[start : start + 100])
        try:
            sim.add_jsonl(chunk.decode("utf-8"))
            kinds.add(str)
        except UnicodeDecodeError:
            sim.add_jsonl(chunk)
            kinds.add(bytes)
    assert sim.report_json().encode() == expected
    assert kinds == {str, bytes}
    # Numbered lines in any order, in several simulations merged.
    rows = numbered(carts)
    random.Random(3).shuffle(rows)
    parts = [youhui.Simulation(engine) for _ in range(3)]
    for k, part in enumerate(parts):
        mine = rows[k::3]
        part.add_lines([n for n, _ in mine], [line for _, line in mine])
    parts[0].merge(parts[1])
    parts[0].merge(parts[2])
    assert parts[0].report_json().encode() == expected


def test_add_prices_one_cart(cli: Cli, engine: youhui.Engine, tmp_path: Path) -> None:
    cart = json.loads((EXAMPLES / "cart.json").read_text(encoding="utf-8"))
    one = tmp_path / "one.jsonl"
    one.write_text(json.dumps(cart, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = cli.ok(["simulate", "--rules", str(RULES), "--carts", str(one), "--json"])
    sim = youhui.Simulation(engine)
    sim.add(cart)
    assert sim.report_json().encode() == expected
    assert sim.report()["totals"]["payable"] == "678.95"


def test_add_of_a_bad_cart_raises_and_counts_nothing(engine: youhui.Engine) -> None:
    sim = youhui.Simulation(engine)
    with pytest.raises(youhui.InputError, match="^cart file"):
        sim.add({"now": "2026-11-11T10:00:00+08:00", "lines": []})
    report = sim.report()
    assert report["carts"] == 0 and report["bad_lines"]["count"] == 0


def test_strict_raises_the_first_bad_line_as_strict_does(cli: Cli, engine: youhui.Engine, carts: Path) -> None:
    out = cli.run(["simulate", "--rules", str(RULES), "--carts", str(carts), "--json", "--strict"])
    assert out.returncode == 2
    message = out.stderr.decode()
    prefix = f"youhui: {carts}, "
    assert message.startswith(prefix)
    sim = youhui.Simulation(engine)
    with pytest.raises(youhui.InputError) as raised:
        sim.add_jsonl(carts.read_bytes(), strict=True)
    assert str(raised.value) == message[len(prefix) : -1]
    assert sim.report()["carts"] == 0  # nothing of the text was added


def test_to_bytes_round_trips(engine: youhui.Engine, carts: Path, expected: bytes) -> None:
    sim = youhui.Simulation(engine)
    sim.add_jsonl(carts.read_bytes())
    state = sim.to_bytes()
    assert isinstance(state, bytes)
    again = youhui.Simulation.from_bytes(youhui.Engine(RULES.read_text(encoding="utf-8")), state)
    assert again.to_bytes() == state
    assert again.report_json().encode() == expected
    # The state is a few sums: it does not grow with the carts.
    assert len(state) < 16_384


def test_merge_adds_and_leaves_the_other_as_it_was(engine: youhui.Engine, carts: Path, expected: bytes) -> None:
    lines = lines_of(carts)
    a, b = youhui.Simulation(engine), youhui.Simulation(engine)
    a.add_jsonl(b"".join(lines[:500]))
    b.add_jsonl(b"".join(lines[500:]), first_line=501)
    before = b.to_bytes()
    a.merge(b)
    assert b.to_bytes() == before
    assert a.report_json().encode() == expected
    # Its lines would be counted twice, under the same numbers.
    with pytest.raises(youhui.InputError, match="into itself"):
        a.merge(a)
    assert a.report_json().encode() == expected


def test_the_report_leaves_the_simulation_going(engine: youhui.Engine, carts: Path, expected: bytes) -> None:
    lines = lines_of(carts)
    sim = youhui.Simulation(engine)
    sim.add_jsonl(b"".join(lines[:100]))
    assert sim.report()["carts"] < json.loads(expected)["carts"]
    sim.add_jsonl(b"".join(lines[100:]))  # goes on from line 101
    assert sim.report_json().encode() == expected


def test_states_of_other_rules_do_not_mix(engine: youhui.Engine) -> None:
    other = youhui.Engine({"promotions": [{"id": "x", "type": "item_discount", "shop": "s", "fold": "9"}]})
    with pytest.raises(youhui.InputError, match="different rules"):
        youhui.Simulation(engine).merge(youhui.Simulation(other))
    sim = youhui.Simulation(other)
    sim.add_jsonl(b'{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":1}]}')
    with pytest.raises(youhui.InputError, match="^simulation state"):
        youhui.Simulation.from_bytes(engine, sim.to_bytes())
    with pytest.raises(youhui.InputError, match="^simulation state"):
        youhui.Simulation.from_bytes(engine, b"\x00garbage")


def test_odd_calls_are_input_errors(engine: youhui.Engine) -> None:
    sim = youhui.Simulation(engine)
    with pytest.raises(youhui.InputError, match="numbered from 1"):
        sim.add_jsonl(b"{}", first_line=0)
    with pytest.raises(youhui.InputError, match="2 numbers for 1 lines"):
        sim.add_lines([1, 2], [b"{}"])
    with pytest.raises(TypeError):
        youhui.Simulation("not an engine")  # type: ignore[arg-type]
    sim.add_lines([4], [None])
    assert sim.report()["bad_lines"]["first"] == [{"line": 4, "error": "the line is null: there is no cart"}]
    assert sim.engine is engine
