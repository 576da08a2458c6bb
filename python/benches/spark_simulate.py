"""Carts per second of youhui.spark.simulate on local[2], beside the command
line's `youhui simulate` on the same file (BENCHMARKS.md, "Spark").

    cargo build --release --bin youhui && cargo build --example orders
    python python/benches/spark_simulate.py --carts 200000

The orders are examples/orders.rs's (seed 11); the rules examples/rules.json.
Each side runs `--runs` times after one warm-up, and the median is printed;
Spark's session starts before the clock (a cluster's is already up). The two
reports must be the same, byte for byte.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carts", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()

    release = ROOT / "target" / "release"
    rules = ROOT / "examples" / "rules.json"
    work = Path(tempfile.mkdtemp())
    orders = work / "orders.jsonl"
    with open(orders, "wb") as out:
        subprocess.run([str(ROOT / "target" / "debug" / "examples" / "orders"), "--seed", "11", "--carts", str(args.carts)], stdout=out, check=True)
    size = orders.stat().st_size

    def cli() -> bytes:
        return subprocess.run(
            [str(release / "youhui"), "simulate", "--rules", str(rules), "--carts", str(orders), "--json", "--threads", "2"],
            capture_output=True, check=True,
        ).stdout

    expected = cli()
    cli_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        cli()
        cli_times.append(time.perf_counter() - start)

    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    import youhui.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.files.maxPartitionBytes", str(size // args.partitions + 1))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    text = rules.read_text(encoding="utf-8")
    report = youhui.spark.simulate(str(orders), text)  # warm-up: workers started, engine built
    assert (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode() == expected
    spark_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        youhui.spark.simulate(str(orders), text)
        spark_times.append(time.perf_counter() - start)
    spark.stop()

    print(f"{args.carts} carts, {size / 1e6:.1f} MB, {args.partitions} partitions, load average {os.getloadavg()[0]:.1f}")
    for name, times in [("youhui simulate --threads 2", cli_times), ("youhui.spark.simulate, local[2]", spark_times)]:
        median = statistics.median(times)
        print(f"{name:34} {median:7.2f} s  {args.carts / median:10,.0f} carts/s  (runs: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
