"""Type stubs of youhui's extension module (see the docstrings for what each does)."""

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

# JSON text, or the same as a dict (written by ``json.dumps``).
JsonInput = Union[str, bytes, Mapping[str, Any]]
# One line of a JSON Lines input.
Line = Union[str, bytes]

MAX_FILE_BYTES: int

class InputError(ValueError):
    """Bad input; the message is the one the command line prints."""

class Engine:
    """The pricing engine: a rules file, checked and indexed once."""

    def __init__(self, rules: JsonInput) -> None: ...
    @property
    def rules(self) -> str:
        """The rules file's JSON text, as the engine read it."""
    def price(self, cart: JsonInput) -> Dict[str, Any]:
        """The quote of ``cart`` as a dict (amounts are strings)."""
    def price_json(self, cart: JsonInput) -> str:
        """The quote's JSON text, as ``youhui price --json`` prints it."""
    def check(self, facts: Optional[JsonInput] = None) -> Dict[str, List[Dict[str, Any]]]:
        """The report of ``youhui check --json`` for these rules and ``facts``."""
    def preview(self, item: JsonInput) -> Dict[str, Any]:
        """The 到手价 of ``item`` as a dict: the line ``youhui preview --json`` prints."""
    def preview_json(self, item: JsonInput) -> str:
        """The line ``youhui preview --json`` prints for ``item``, without its newline."""
    def preview_lines(
        self, numbers: Sequence[int], lines: Sequence[Optional[Line]]
    ) -> List[Tuple[int, str]]:
        """``(number, line of preview --json)`` for every numbered line that is not empty."""
    def __reduce__(self) -> Any: ...

class Simulation:
    """A running what-if over past orders, as ``youhui simulate`` computes it."""

    def __init__(self, engine: Engine) -> None: ...
    @property
    def engine(self) -> Engine: ...
    def add(self, cart: JsonInput) -> None:
        """Prices ``cart`` and adds it; a refused cart raises InputError."""
    def add_jsonl(
        self, text: Line, *, first_line: Optional[int] = None, strict: bool = False
    ) -> None:
        """Adds the carts of a JSON Lines text; bad lines are counted."""
    def add_lines(self, numbers: Sequence[int], lines: Sequence[Optional[Line]]) -> None:
        """Adds lines that each come with their number (a Spark partition's)."""
    def merge(self, other: "Simulation") -> None:
        """Adds everything ``other`` (of the same rules) has seen."""
    def to_bytes(self) -> bytes:
        """The state, for ``from_bytes`` elsewhere."""
    @staticmethod
    def from_bytes(engine: Engine, state: bytes) -> "Simulation":
        """The simulation whose state ``to_bytes`` gave."""
    def report(self) -> Dict[str, Any]:
        """The dict ``youhui simulate --json`` prints."""
    def report_json(self) -> str:
        """The JSON text ``youhui simulate --json`` prints."""

def check(
    rules: JsonInput, facts: Optional[JsonInput] = None
) -> Dict[str, List[Dict[str, Any]]]:
    """The report of ``youhui check --json``: every error and warning."""

def refund(quote: JsonInput, returns: JsonInput) -> Dict[str, Any]:
    """What returned units give back, as ``youhui refund --json`` computes it."""

def refund_json(quote: JsonInput, returns: JsonInput) -> str:
    """The refund's JSON text, as ``youhui refund --json`` prints it."""
