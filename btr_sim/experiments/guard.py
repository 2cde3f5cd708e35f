"""Refusing to start worker processes from a script's unguarded top level.

Worker processes started by the ``forkserver`` and ``spawn`` methods (the process pool, a
local Dask cluster) import the script that started them again, as ``__mp_main__``. A script
that calls :func:`btr_sim.run_experiment` at its top level, outside
``if __name__ == "__main__":``, would then start the experiment again inside every worker as
it starts: each worker dies, and every run fails. :func:`check_main_guard` finds that case
before any process starts, from the script's source, and says how to fix it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from types import FrameType

__all__ = ["MainGuardError", "check_main_guard"]


class MainGuardError(RuntimeError):
    """Worker processes were asked for from the unguarded top level of a script."""


def check_main_guard(what: str) -> None:
    """Raise :class:`MainGuardError` if worker processes would run the calling script again.

    Parameters
    ----------
    what
        What is about to start processes, for the message (``executor='process'``).

    Raises
    ------
    MainGuardError
        If the ``__main__`` module is a script file and the line of its top-level code that
        led here is not inside ``if __name__ == "__main__":``.
    """
    script = _reimported_script()
    if script is None:
        return
    frame = _top_level_frame()
    if frame is None:
        return
    try:
        tree = ast.parse(Path(script).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return  # a script we cannot read is not one we can judge
    line = frame.f_lineno
    if _guarded(tree.body, line):
        return
    raise MainGuardError(
        f"{script}, line {line}: {what} starts worker processes, and each of them imports "
        "this script again, which would start the experiment again inside every worker. "
        "Put the code that runs the experiment under the main guard:\n\n"
        '    if __name__ == "__main__":\n'
        "        results = btr_sim.run_experiment(...)\n\n"
        "or run it with executor='serial'."
    )


def _reimported_script() -> str | None:
    """The ``__main__`` script that worker processes will import again, if any.

    As :mod:`multiprocessing.spawn` decides: a module run with ``python -m`` is imported again
    by name unless it is a package's ``__main__``; a script run by path is imported again by
    path; an interactive session, a notebook or ``python -c`` has nothing to import.
    """
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None)
    if not script or not script.endswith(".py"):
        return None
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is not None and (name == "__main__" or name.endswith(".__main__")):
        return None
    return script


def _top_level_frame() -> FrameType | None:
    """The frame running the ``__main__`` script's top-level code, if it is on the stack."""
    frame = sys._getframe(1)
    found = None
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__":
            found = frame
        frame = frame.f_back
    return found


def _guarded(body: list[ast.stmt], line: int) -> bool:
    """Whether ``line`` lies inside an ``if __name__ == "__main__":`` block of ``body``."""
    for node in body:
        end = getattr(node, "end_lineno", None) or node.lineno
        if not node.lineno <= line <= end:
            continue
        if isinstance(node, ast.If) and _is_main_test(node.test):
            return any(s.lineno <= line <= (s.end_lineno or s.lineno) for s in node.body)
        # A guard nested in a compound statement (try, with, another if) still guards.
        nested = [
            *getattr(node, "body", []),
            *getattr(node, "orelse", []),
            *getattr(node, "finalbody", []),
        ]
        for handler in getattr(node, "handlers", []):
            nested += handler.body
        return _guarded([n for n in nested if isinstance(n, ast.stmt)], line)
    return False


def _is_main_test(test: ast.expr) -> bool:
    """Whether an ``if`` tests ``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    texts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(texts) == 1
