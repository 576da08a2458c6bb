"""Prices a cart under a rules file with youhui, from Python.

    python python/examples/quote.py examples/rules.json examples/cart.json

Prints each line's price before and after its promotions, the promotions that
applied, and what the buyer pays. Amounts are strings, exact to the fen.
"""

import json
import sys

import youhui


def main(rules_path: str, cart_path: str) -> None:
    with open(rules_path, encoding="utf-8") as f:
        engine = youhui.Engine(f.read())  # checks every rule, once
    with open(cart_path, encoding="utf-8") as f:
        cart = json.load(f)  # a dict works as well as the JSON text
    try:
        quote = engine.price(cart)
    except youhui.InputError as e:  # a ValueError, with the command line's message
        sys.exit(f"{cart_path}: {e}")
    for line in quote["lines"]:
        print(f"{line['id']:<4} {line['original']:>9} → {line['paid']:>9}")
    for applied in quote["applied"]:
        print(f"  {applied['promotion']:<12} −{applied['amount']}")
    print(f"payable {quote['totals']['payable']}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
