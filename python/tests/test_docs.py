"""The examples in the docstrings run, and say what they show."""

import doctest

import youhui


def run_doctests(obj: object, name: str, recurse: bool = True) -> int:
    """Runs the examples of `obj`'s docstrings (its methods' too, with `recurse`)."""
    finder = doctest.DocTestFinder(recurse=recurse)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(obj, name, globs={"youhui": youhui}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    return result.attempted


def test_the_docstring_examples() -> None:
    # Each says how many examples it holds, so that one lost is seen.
    assert run_doctests(youhui, "youhui", recurse=False) == 4
    assert run_doctests(youhui.Engine, "Engine") == 8
    assert run_doctests(youhui.Simulation, "Simulation") == 5
    assert run_doctests(youhui.check, "check") == 2
    assert run_doctests(youhui.refund, "refund") == 3


def test_every_public_name_has_a_docstring() -> None:
    for name in youhui.__all__:
        obj = getattr(youhui, name)
        if callable(obj):
            assert obj.__doc__, name
    for cls in (youhui.Engine, youhui.Simulation):
        for name, member in vars(cls).items():
            if not name.startswith("_") and callable(member):
                assert member.__doc__, f"{cls.__name__}.{name}"
