"""youhui on Spark: the what-if of ``youhui simulate`` over more orders than
one machine holds (:func:`simulate`), and the 到手价 of ``youhui preview`` over
a whole catalog (:func:`preview`).

>>> report = youhui.spark.simulate("orders.jsonl", rules)      # doctest: +SKIP
>>> report == json.loads(youhui_simulate_json)                   # doctest: +SKIP
True

Every partition prices its carts with youhui's own engine (in the executors'
Python workers, through ``mapInArrow``) into a :class:`youhui.Simulation`,
and gives back only that simulation's state (``to_bytes``): a few sums, the
same size whatever the number of carts. The states are merged in a tree
(``treeAggregate``) into one, whose report is returned. No cart is ever
collected to the driver, and the report is the one ``youhui simulate --json``
prints for the same JSON Lines, byte for byte, bad lines and their numbers
included.

Every executor needs the ``youhui`` wheel installed (as the driver does);
Spark needs nothing else: no package is fetched at run time.
"""

from __future__ import annotations

import os
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BinaryType, StringType

from . import Engine, InputError, Simulation

__all__ = ["preview", "simulate"]

# The engine of the last rules a Python worker was given: a worker prices
# partition after partition of one job, and builds the engine once.
_ENGINE: Dict[str, Engine] = {}


def _engine(rules: str) -> Engine:
    engine = _ENGINE.get(rules)
    if engine is None:
        _ENGINE.clear()
        engine = _ENGINE[rules] = Engine(rules)
    return engine


def simulate(
    data: Union[str, "os.PathLike[str]", DataFrame],
    rules: Union[Engine, str, bytes, Dict[str, Any]],
    column: str = "cart",
    *,
    line_column: str = "line",
    partitions: Optional[int] = None,
    spark: Optional[SparkSession] = None,
) -> Dict[str, Any]:
    """The report of ``youhui simulate --json`` over ``data``, computed on Spark.

    ``data`` is either

    - a path (anything ``spark.read.text`` reads: a JSON Lines file, a folder
      of them, compressed or not): one cart per line, numbered as the command
      line numbers them (from 1, every line counted; across the files of a
      folder in the order of their paths); or
    - a DataFrame whose ``column`` holds each cart's JSON text (string or
      binary; one row is one line). Its ``line_column``, when it has one, is
      each cart's line number; otherwise rows are numbered from 1 in the
      DataFrame's order (which Spark keeps for a file it reads, not after a
      shuffle: give a line column then).

    ``rules`` is an :class:`youhui.Engine` or a rules file (text or dict);
    bad rules raise :class:`youhui.InputError` before any job starts.
    ``partitions`` repartitions the numbered lines first (the numbers go
    with them). Returns the report as a dict; as on the command line, an
    input with lines none of which is a cart raises :class:`youhui.InputError`.
    """
    engine = rules if isinstance(rules, Engine) else Engine(rules)
    session, lines = _lines(data, column, line_column, spark)
    if partitions is not None:
        lines = lines.repartition(partitions)
    state = _simulate(session, engine, lines)
    report = Simulation.from_bytes(engine, state).report()
    bad = report["bad_lines"]
    if report["carts"] == 0 and bad["first"]:
        # As the command line: an input of which no line is a cart is a mistake
        # (most often pretty-printed carts), not an empty month.
        count = "1 bad line" if bad["count"] == 1 else f"{bad['count']} bad lines"
        first = bad["first"][0]
        raise InputError(
            f"no line could be read as a cart ({count}); each line must hold one whole "
            f"cart as one JSON object (JSON Lines), e.g. line {first['line']}: {first['error']}"
        )
    return report


def preview(
    data: Union[str, "os.PathLike[str]", DataFrame],
    rules: Union[Engine, str, bytes, Dict[str, Any]],
    column: str = "item",
    *,
    line_column: str = "line",
    partitions: Optional[int] = None,
    spark: Optional[SparkSession] = None,
) -> DataFrame:
    """The 到手价 of every item of ``data``, as ``youhui preview --json``
    prints them, computed on Spark: a DataFrame of ``(line long, preview
    string)``, one row per line that is not empty.

    ``data``, ``column``, ``line_column`` and ``partitions`` are read as
    :func:`simulate` reads them, with one item per line. ``preview`` is
    the JSON line the command line prints for that line: the item's preview,
    or ``{"line": N, "error": "..."}`` for a bad line, in its place. Ordered
    by ``line`` and joined with newlines, the rows are ``youhui preview
    --json``'s output, byte for byte:

    >>> rows = youhui.spark.preview("items.jsonl", rules).orderBy("line")  # doctest: +SKIP
    >>> "".join(r.preview + "\n" for r in rows.toLocalIterator())         # doctest: +SKIP

    The rows are computed where the items are (``mapInArrow``); nothing is
    collected to the driver.
    """
    engine = rules if isinstance(rules, Engine) else Engine(rules)
    session, lines = _lines(data, column, line_column, spark)
    if partitions is not None:
        lines = lines.repartition(partitions)
    # The rules go with the function (a lazy DataFrame outlives any broadcast
    # this call could clean up).
    return lines.select("line", "text").mapInArrow(
        _previews(engine.rules), "line long, preview string"
    )


def _previews(rules: str) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function every partition runs: each batch of numbered items
    previewed into a batch of output lines."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        engine = _engine(rules)
        for batch in batches:
            out = engine.preview_lines(_numbers(batch.column(0)), batch.column(1).to_pylist())
            yield pa.RecordBatch.from_arrays(
                [
                    pa.array([n for n, _ in out], type=pa.int64()),
                    pa.array([t for _, t in out], type=pa.string()),
                ],
                names=["line", "preview"],
            )

    return run


def _lines(
    data: Union[str, "os.PathLike[str]", DataFrame],
    column: str,
    line_column: str,
    spark: Optional[SparkSession],
) -> Tuple[SparkSession, DataFrame]:
    """The lines of ``data`` as ``(line, text)``, numbered, and their session."""
    if isinstance(data, DataFrame):
        return data.sparkSession, _numbered_rows(data, column, line_column)
    if isinstance(data, (str, os.PathLike)):
        session = spark or SparkSession.builder.getOrCreate()
        return session, _numbered_file(session, os.fspath(data))
    raise TypeError(f"data must be a path or a DataFrame, not {type(data).__name__}")


def _numbers(numbers: pa.Array) -> List[int]:
    """A batch's line numbers, each at least 1."""
    if numbers.null_count or (len(numbers) and pc.min(numbers).as_py() < 1):
        raise InputError("a line number is missing or below 1")
    return numbers.to_pylist()


def _numbered_file(session: SparkSession, path: str) -> DataFrame:
    """The lines of the files at ``path`` as ``(line, text)``: each line's
    number as ``youhui simulate`` gives it, and its bytes as they are (a line
    that is not UTF-8 stays so, for the same error as the command line's)."""
    # Lines end at "\n" only (Hadoop's default also ends them at a lone "\r");
    # a final "\r" stays on the line and is dropped as the command line drops it.
    text = session.read.option("lineSep", "\n").text(path)
    scan = text.select(
        F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("start"),
        F.monotonically_increasing_id().alias("row"),
        F.col("value").cast("binary").alias("text"),
    )
    # A block (a split of a file) is read in order by one task, and its rows
    # take consecutive ids there: the line of a row is the lines of the
    # blocks before its own, plus its place in its block.
    return _number(session, scan, ["file", "start"])


def _numbered_rows(data: DataFrame, column: str, line_column: str) -> DataFrame:
    """The rows of ``data`` as ``(line, text)``."""
    if column not in data.columns:
        raise InputError(f"the DataFrame has no column {column!r} (it has {data.columns})")
    kind = data.schema[column].dataType
    if not isinstance(kind, (StringType, BinaryType)):
        raise InputError(
            f"column {column!r} is {kind.simpleString()}; it must hold each line's "
            "JSON text (string or binary), read as a file's lines are"
        )
    text = F.col(column).cast("binary").alias("text")
    if line_column in data.columns:
        return data.select(F.col(line_column).cast("long").alias("line"), text)
    scan = data.select(
        F.spark_partition_id().alias("part"),
        F.monotonically_increasing_id().alias("row"),
        text,
    )
    return _number(data.sparkSession, scan, ["part"])


def _number(session: SparkSession, scan: DataFrame, keys: List[str]) -> DataFrame:
    """``scan``'s rows numbered from 1 in the order of ``keys``, then of
    ``row`` (consecutive within a key): a first pass counts the rows of each
    key (a few numbers per block reach the driver, never a row)."""
    blocks = scan.groupBy(*keys).agg(
        F.count(F.lit(1)).alias("rows"), F.min("row").alias("first")
    ).collect()
    bases: List[Tuple[Any, ...]] = []
    before = 0
    for block in sorted(blocks, key=lambda b: tuple(b[k] for k in keys)):
        bases.append(tuple(block[k] for k in keys) + (before + 1 - block["first"],))
        before += block["rows"]
    schema = scan.select(*keys).schema.add("base", "long")
    base = session.createDataFrame(bases, schema)
    return scan.join(F.broadcast(base), keys).select(
        (F.col("row") + F.col("base")).alias("line"), "text"
    )


def _simulate(session: SparkSession, engine: Engine, lines: DataFrame) -> bytes:
    """The merged state of every partition's simulation of ``lines``."""
    rules = session.sparkContext.broadcast(engine.rules)
    try:
        states = lines.select("line", "text").mapInArrow(_partition(rules), "state binary")
        merge = _merge(rules)
        empty = Simulation(engine).to_bytes()
        return states.rdd.map(lambda row: row[0]).treeAggregate(empty, merge, merge, depth=2)
    finally:
        rules.unpersist()


def _partition(rules: Any) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    """The function every partition runs: its lines priced into one
    simulation, whose state is the partition's one row."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        sim = Simulation(_engine(rules.value))
        for batch in batches:
            sim.add_lines(_numbers(batch.column(0)), batch.column(1).to_pylist())
        yield pa.RecordBatch.from_arrays(
            [pa.array([sim.to_bytes()], type=pa.binary())], names=["state"]
        )

    return run


def _merge(rules: Any) -> Callable[[bytes, bytes], bytes]:
    """Two states merged into one (on an executor, or on the driver last)."""

    def merge(a: bytes, b: bytes) -> bytes:
        engine = _engine(rules.value)
        sim = Simulation.from_bytes(engine, a)
        sim.merge(Simulation.from_bytes(engine, b))
        return sim.to_bytes()

    return merge
