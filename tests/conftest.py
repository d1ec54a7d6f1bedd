"""Shared fixtures. Tests run from the repository root (specs/lists gives the
catalogue context), and never touch the real site/ or docs/generated/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tests" / "examples"


@pytest.fixture(autouse=True, scope="session")
def _run_from_root() -> None:
    os.chdir(ROOT)
