"""The README documents the whole command line and every problem code: each
command with its options (and their choices) on its row of the command table,
the exit codes, and every code of the rule catalogue."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from generator.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, make_parser
from generator.rules import catalogue

from .helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*path, name))


def options(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    for action in parser._actions:
        if action.option_strings and not isinstance(action, argparse._HelpAction):
            yield action


COMMANDS = dict(commands(make_parser()))


def row(path: tuple[str, ...]) -> str:
    """The README line that documents a command: a table row starting with it."""
    rows = [line for line in README.splitlines() if re.match(rf"^\| `{re.escape(' '.join(path))}[ `]", line)]
    assert rows, f"README has no row for `{' '.join(path)}`"
    return rows[0]


@pytest.mark.parametrize(
    "path", [p for p, sub in COMMANDS.items() if p and not any(isinstance(a, argparse._SubParsersAction) for a in sub._actions)], ids=" ".join
)
def test_every_command_and_its_options_are_documented(path: tuple[str, ...]) -> None:
    line = row(path)
    for action in options(COMMANDS[path]):
        assert any(s in line for s in action.option_strings), f"{' '.join(path)} {action.option_strings[0]}"
        for choice in action.choices or ():
            assert str(choice) in line, f"{' '.join(path)} {action.option_strings[0]} {choice}"


def test_top_level_options_are_documented() -> None:
    for action in options(COMMANDS[()]):
        assert any(s in README for s in action.option_strings), action.option_strings[0]


def test_exit_codes_are_documented() -> None:
    for code in (EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE):
        assert re.search(rf"^\| {code} \|", README, re.M), code
    assert "70" in README  # an internal error


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_every_problem_code_is_documented(code: str) -> None:
    assert f"`{code}`" in README
