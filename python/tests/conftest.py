"""Shared fixtures: the repository, and the `youhui` command line to compare with."""

import os
import subprocess
from pathlib import Path
from typing import Sequence

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


class Cli:
    """The `youhui` binary of this repository."""

    def __init__(self, path: str) -> None:
        self.path = path

    def run(self, args: Sequence[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
        return subprocess.run([self.path, *args], input=stdin, capture_output=True, check=False)

    def ok(self, args: Sequence[str]) -> bytes:
        out = self.run(args)
        assert out.returncode == 0, out.stderr.decode()
        return out.stdout

    def input_error(self, args: Sequence[str], file: Path) -> str:
        """The message of an input error (exit 2), without `youhui: FILE: `."""
        out = self.run(args)
        assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
        text = out.stderr.decode()
        prefix = f"youhui: {file}: "
        assert text.startswith(prefix) and text.endswith("\n"), text
        return text[len(prefix) : -1]


@pytest.fixture(scope="session")
def cli() -> Cli:
    """`YOUHUI_BIN`, or the debug build (built here if it is not yet)."""
    path = os.environ.get("YOUHUI_BIN")
    if not path:
        subprocess.run(["cargo", "build", "--quiet", "--bin", "youhui"], cwd=ROOT, check=True)
        path = str(ROOT / "target" / "debug" / "youhui")
    return Cli(path)


@pytest.fixture(scope="session")
def rules_text() -> str:
    return (EXAMPLES / "rules.json").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cart_text() -> str:
    return (EXAMPLES / "cart.json").read_text(encoding="utf-8")


def orders(seed: int, carts: int) -> bytes:
    """`carts` orders of the example shops, as JSON Lines (examples/orders.rs)."""
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--example", "orders", "--", "--seed", str(seed), "--carts", str(carts)],
        cwd=ROOT, capture_output=True, check=True,
    )
    return out.stdout


# Lines the command line counts as bad (each with its own message), lines it
# skips, and carts of a shop no promotion names (`other_shops`).
ODD_LINES = [
    b"{not json",
    b'{"now":"2026-11-11T10:00:00+08:00","lines":[]}',
    b'{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":100001}]}',
    b'{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"caf\xe9","sku":"k","unit_price":"1","quantity":1}]}',
    b"[]",
    b"",
    b"\r",
    b'\xef\xbb\xbf{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"s","sku":"k","unit_price":"1","quantity":1}]}',
    b'{"now":"2026-11-11T10:00:00+08:00","lines":[{"id":"L1","shop":"corner-shop","sku":"k","unit_price":"12.34","quantity":3}]}',
    b"null",
]


def with_odd_lines(text: bytes, every: int) -> bytes:
    """`text`'s lines with an odd line after every `every`-th, some ending in
    `\\r\\n`, and a byte order mark at the very start."""
    out = [b"\xef\xbb\xbf"]
    for n, line in enumerate(text.splitlines(), start=1):
        out.append(line + (b"\r\n" if n % 7 == 0 else b"\n"))
        if n % every == 0:
            out.append(ODD_LINES[(n // every) % len(ODD_LINES)] + b"\n")
    return b"".join(out)
