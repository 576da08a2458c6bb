"""The README's Python example runs and prints the quote."""

import subprocess
import sys

from conftest import EXAMPLES, ROOT


def test_the_readmes_example_prints_the_quote() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "python" / "examples" / "quote.py"), str(EXAMPLES / "rules.json"), str(EXAMPLES / "cart.json")],
        capture_output=True, text=True, check=True,
    )
    lines = out.stdout.splitlines()
    # examples/cart.json as the README's receipt shows it: L1 384.00 → 230.06, … payable 678.95.
    assert lines[0].split() == ["L1", "384.00", "→", "230.06"]
    assert "  tea-mj       −30.00" in lines
    assert lines[-1] == "payable 678.95"


def test_the_example_says_how_to_run_it_without_arguments() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "python" / "examples" / "quote.py")], capture_output=True, text=True)
    assert out.returncode == 1 and "python python/examples/quote.py" in out.stderr
