"""The documented examples are run and compared (issue 18, item 7).

* Every ```console block of ``docs/cli.md`` and ``README.md`` placed right after a
  ``<!-- tested -->`` line is run from the checkout: each ``$ command`` line runs
  in ``bash`` (standard output and error together) and its output must match the
  lines below it. ``...`` in a line matches any text; a line that is only ``...``
  matches any number of lines. ``$ echo $?`` shows the previous command's exit code.
* The ``pycon`` blocks (``>>>``) of the README run as doctests.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = [ROOT / "docs" / "cli.md", ROOT / "README.md"]
BLOCK = re.compile(r"<!-- tested -->\n```console\n(.*?)```", re.DOTALL)


def examples(path: Path) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of every tested block of ``path``."""
    found: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(path.read_text(encoding="utf-8")):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:].split("  #")[0].strip(), []))
            elif found:
                found[-1][1].append(line)
    return found


def _line_pattern(expected: str) -> re.Pattern[str]:
    return re.compile("^" + ".*".join(re.escape(part) for part in expected.split("...")) + "$")


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` fits ``expected`` with ``...`` wildcards.

    >>> matches(["a ...", "...", "z"], ["a b", "x", "y", "z"]), matches(["a"], ["b"])
    (True, False)
    """
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and bool(_line_pattern(head).match(actual[0])) and matches(rest, actual[1:])


CASES = [(path.name, command, expected) for path in DOCS for command, expected in examples(path)]


def test_the_docs_have_tested_examples() -> None:
    assert len([c for c in CASES if c[0] == "cli.md"]) >= 8


@pytest.mark.parametrize(("doc", "command", "expected"), CASES, ids=[f"{c[0]}:{c[1][:50]}" for c in CASES])
def test_a_documented_command_gives_the_documented_output(doc: str, command: str, expected: list[str]) -> None:
    if command == "echo $?":
        pytest.skip("checked with the command before it")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "VNPARTY_NLP_PROGRESS": "0", "PYTHONUNBUFFERED": "1"}  # the order a terminal shows
    result = subprocess.run(["bash", "-c", "{ " + command + "\n} 2>&1"], capture_output=True, text=True, cwd=ROOT,
                            env=env, timeout=600)
    actual = result.stdout.rstrip("\n").splitlines()
    position = next(i for i, c in enumerate(CASES) if c[1] == command and c[2] == expected)
    follow = CASES[position + 1] if position + 1 < len(CASES) else None
    assert matches(expected, actual), "\n".join(["expected:", *expected, "got:", *actual])
    if follow is not None and follow[1] == "echo $?":
        assert [str(result.returncode)] == follow[2], f"exit code {result.returncode}"


def test_the_readme_python_examples_run() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried >= 3 and failures == 0
