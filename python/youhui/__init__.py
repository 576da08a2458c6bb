"""youhui (优惠): prices shopping carts under stacked Chinese-marketplace
promotions, exact to the fen.

The engine is youhui's own (Rust), bound with pyo3: every quote, message and
report is the one the ``youhui`` command line gives for the same input.

>>> import youhui
>>> engine = youhui.Engine({"promotions": [
...     {"id": "mj", "type": "threshold", "shop": "tea",
...      "tiers": [{"min_amount": "200", "amount_off": "20"}]}]})
>>> quote = engine.price({"now": "2026-11-11T10:00:00+08:00", "lines": [
...     {"id": "L1", "shop": "tea", "sku": "cha", "unit_price": "128.00", "quantity": 2}]})
>>> quote["totals"]["payable"]
'236.00'

Rules, carts and facts are JSON text (``str`` or ``bytes``) or the same as
dicts; amounts are strings both ways, never ``float``. Bad input raises
:class:`InputError` (a ``ValueError``). ``youhui.spark`` runs the what-if on
Spark (it needs ``pyspark`` and ``pyarrow``).
"""

from ._youhui import MAX_FILE_BYTES, Engine, InputError, Simulation, check, refund, refund_json

__all__ = ["Engine", "InputError", "MAX_FILE_BYTES", "Simulation", "check", "refund", "refund_json"]
