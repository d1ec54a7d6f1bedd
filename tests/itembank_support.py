"""Helpers for the item-bank tests: run the commands, fill a bank as a writer would."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.loading import load_yaml

from .helpers import ROOT

SPEC = ROOT / "specs" / "lanzhou-beef-noodle.yaml"
NUMBER_KEYS = ("preparation:", "operation:")
QUOTED_PLACEHOLDER = re.compile(r'"【待填写：[^"\n]*】"')


def copy_spec(tmp: Path, source: Path = SPEC) -> Path:
    """A copy of a spec, with the same file name (the name is the spec's id)."""
    folder = tmp / "spec"
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(source, folder / source.name))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def fill_text(text: str, label: str) -> str:
    """Replace every placeholder the way a writer would: numbers for the time
    limits, text elsewhere, plus an end-of-line comment on each filled line."""
    out = []
    for n, line in enumerate(text.split("\n")):
        if QUOTED_PLACEHOLDER.search(line):
            number = line.strip().startswith(NUMBER_KEYS)
            value = "5" if number else f"已填写 {label} 第{n}行"
            line = QUOTED_PLACEHOLDER.sub(value, line) + "   # 专家组审定"
        out.append(line)
    return "\n".join(out)


def fill_bank(bank: Path) -> None:
    for path in sorted(bank.rglob("*.yaml")):
        path.write_text(fill_text(path.read_text(encoding="utf-8"), path.stem), encoding="utf-8")


def load(path: Path) -> Any:
    document, problems = load_yaml(path)
    assert document is not None and not problems, problems
    return document.data


def edit_spec(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def line_of(path: Path, needle: str, *, after: int = 0) -> int:
    """1-based number of the first line at or after ``after`` containing ``needle``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i + 1 for i, line in enumerate(lines) if i + 1 >= after and needle in line)
