"""youhui.spark on local[2]: the report of `youhui simulate --json`, byte for byte,
from a job that merges the partitions' states in a tree."""

import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from pyspark.sql import SparkSession

import youhui
import youhui.spark

from conftest import EXAMPLES, Cli, orders, with_odd_lines

RULES = EXAMPLES / "rules.json"
CARTS = 20_000
PARTITIONS = 8


def as_printed(report: Dict[str, Any]) -> bytes:
    """The report as `youhui simulate --json` prints it."""
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode()


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    # The executors' Python is this one (the one with youhui installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("youhui-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(PARTITIONS))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 orders, with an odd line after every 401st: 49 of them, bad
    lines of every kind among them, spread over every partition."""
    path = tmp_path_factory.mktemp("spark") / "orders.jsonl"
    path.write_bytes(with_odd_lines(orders(11, CARTS), every=401))
    return path


@pytest.fixture(scope="module")
def expected(cli: Cli, big: Path) -> bytes:
    return cli.ok(["simulate", "--rules", str(RULES), "--carts", str(big), "--json"])


def test_the_file_in_8_partitions_reports_what_simulate_json_prints(
    spark: SparkSession, big: Path, expected: bytes
) -> None:
    # The file is read in 8 blocks, each a partition: a line's number comes
    # from the lines of the blocks before its own.
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(big.stat().st_size // PARTITIONS + 1))
    try:
        assert spark.read.text(str(big)).rdd.getNumPartitions() == PARTITIONS
        report = youhui.spark.simulate(str(big), RULES.read_text(encoding="utf-8"))
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert as_printed(report) == expected
    # 49 odd lines, 34 of them bad (7 of the 10 kinds); the corner shop's carts are priced.
    assert report["bad_lines"]["count"] == 34 and report["carts"] == CARTS + 5
    assert report["bad_lines"]["first"][-1]["line"] > CARTS // 8  # beyond the first block


def test_a_parquet_table_with_line_numbers_shuffled_into_8_partitions(
    spark: SparkSession, big: Path, expected: bytes, tmp_path: Path
) -> None:
    lines = big.read_bytes()[:-1].split(b"\n")
    rows = [(n, line) for n, line in enumerate(lines, start=1)]
    table = tmp_path / "orders.parquet"
    spark.createDataFrame(rows, "line long, cart binary").repartition(PARTITIONS).write.parquet(str(table))
    df = spark.read.parquet(str(table))
    report = youhui.spark.simulate(df, youhui.Engine(RULES.read_text(encoding="utf-8")))
    assert as_printed(report) == expected


def test_a_dataframe_without_line_numbers_is_numbered_in_its_order(
    spark: SparkSession, big: Path, expected: bytes
) -> None:
    df = spark.read.text(str(big)).withColumnRenamed("value", "order")
    report = youhui.spark.simulate(df, json.loads(RULES.read_text(encoding="utf-8")), column="order", partitions=PARTITIONS)
    assert as_printed(report) == expected


def test_no_line_reports_what_simulate_json_prints_of_an_empty_file(
    spark: SparkSession, cli: Cli, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    expected = cli.ok(["simulate", "--rules", str(RULES), "--carts", str(empty), "--json"])
    df = spark.createDataFrame([], "cart string")
    assert as_printed(youhui.spark.simulate(df, RULES.read_text(encoding="utf-8"))) == expected


def test_lines_none_of_which_is_a_cart_are_an_input_error_as_on_the_command_line(
    spark: SparkSession, cli: Cli, tmp_path: Path
) -> None:
    pretty = tmp_path / "pretty.jsonl"
    pretty.write_text('{\n  "now": "2026-11-11T10:00:00+08:00",\n  "lines": []\n}\n', encoding="utf-8")
    message = cli.input_error(["simulate", "--rules", str(RULES), "--carts", str(pretty), "--json"], pretty)
    with pytest.raises(youhui.InputError) as raised:
        youhui.spark.simulate(str(pretty), RULES.read_text(encoding="utf-8"))
    assert str(raised.value) == message


def test_bad_rules_and_columns_are_refused_before_a_job(spark: SparkSession) -> None:
    df = spark.createDataFrame([(1, "{}")], "line long, cart string")
    with pytest.raises(youhui.InputError, match="^promotion \"x\""):
        youhui.spark.simulate(df, {"promotions": [{"id": "x", "type": "item_discount", "shop": "s"}]})
    with pytest.raises(youhui.InputError, match="no column 'carts'"):
        youhui.spark.simulate(df, {"promotions": []}, column="carts")
    with pytest.raises(youhui.InputError, match="column 'line' is bigint"):
        youhui.spark.simulate(df, {"promotions": []}, column="line")
    with pytest.raises(TypeError):
        youhui.spark.simulate(42, {"promotions": []})  # type: ignore[arg-type]


def catalog(items: int) -> bytes:
    """`items` items of the example shops: the example catalog's, at other
    prices and quantities, as JSON Lines."""
    base = [json.loads(line) for line in (EXAMPLES / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for n in range(items):
        item = dict(base[n % len(base)])
        item["unit_price"] = f"{19 + (n * 37) % 400}.{n % 100:02d}"
        item["max_quantity"] = 1 + n % 4
        out.append(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode())
    return b"\n".join(out) + b"\n"


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 items, with an odd line (bad lines, empty lines, a byte order
    mark, an item of a shop no promotion names) after every 97th."""
    path = tmp_path_factory.mktemp("spark") / "items.jsonl"
    odd = with_odd_lines(catalog(2_000), every=97)
    # The odd lines are carts: as items they are bad lines; add one good item of another shop.
    path.write_bytes(odd + b'{"now":"2026-11-11T10:00:00+08:00","shop":"corner-shop","sku":"k","unit_price":"12.34"}\n')
    return path


def test_preview_in_8_partitions_prints_what_preview_json_prints(
    spark: SparkSession, cli: Cli, items: Path
) -> None:
    expected = cli.ok(["preview", "--rules", str(RULES), "--items", str(items), "--json"])
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(items.stat().st_size // PARTITIONS + 1))
    try:
        assert spark.read.text(str(items)).rdd.getNumPartitions() == PARTITIONS
        rows = youhui.spark.preview(str(items), RULES.read_text(encoding="utf-8")).orderBy("line")
        printed = "".join(row.preview + "\n" for row in rows.toLocalIterator()).encode()
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert printed == expected
    lines = expected.decode().splitlines()
    assert sum('"error"' in line for line in lines) > 10 and len(lines) > 2_000


def test_preview_of_a_dataframe_with_line_numbers_shuffled(
    spark: SparkSession, cli: Cli, items: Path
) -> None:
    expected = cli.ok(["preview", "--rules", str(RULES), "--items", str(items), "--json"])
    rows = [(n, line) for n, line in enumerate(items.read_bytes()[:-1].split(b"\n"), start=1)]
    df = spark.createDataFrame(rows, "line long, item binary").repartition(PARTITIONS)
    engine = youhui.Engine(RULES.read_text(encoding="utf-8"))
    out = youhui.spark.preview(df, engine).orderBy("line").collect()
    assert "".join(row.preview + "\n" for row in out).encode() == expected
    assert youhui.spark.preview(df, engine).columns == ["line", "preview"]
