"""The fast yes/no check agrees with the full jsonschema validator: on every
example and spec file, and on random mutations of a valid spec."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.loading import load_yaml
from generator.schemas import make_fast_check, make_validator
from generator.validation import build_context, validate

from .helpers import ROOT, load_minimal


@pytest.fixture(scope="module")
def checkers() -> tuple[Any, Any]:
    lists = validate([ROOT / "specs" / "lists"]).files
    context = build_context(lists, spec_ids={p.stem for p in (ROOT / "specs").glob("*.yaml")})
    return make_fast_check("spec", context), make_validator("spec", context)


def _agree(checkers: tuple[Any, Any], data: Any) -> None:
    fast, full = checkers
    assert fast(data) == (next(full.iter_errors(data), None) is None)


SPEC_FILES = sorted([*(ROOT / "specs").glob("*.yaml"), *(ROOT / "tests" / "examples").rglob("*.yaml")])


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_agrees_on_every_file(checkers: tuple[Any, Any], path: Path) -> None:
    document, _ = load_yaml(path)
    if document is not None:
        _agree(checkers, document.data)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=200),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", " ", "拉面制作", "中式面点师", "1.0", "2024-02-30", "2024-05-01", "<b>x</b>", "【请填写】", "a\nb", "draft", "pilot", "x" * 700]),
    st.text(max_size=8),
    st.lists(st.sampled_from(["和面", "1.和面", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["text", "minimum", "name", "code", "bogus"]), st.sampled_from(["x", 3, None]), max_size=2),
)
BASE = load_minimal()
PATHS = _paths(BASE)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=VALUES, extra=st.sampled_from([None, "status", "health_safety", "dates", "bogus"]))
def test_agrees_on_mutations(checkers: tuple[Any, Any], path: tuple[Any, ...], value: Any, extra: str | None) -> None:
    data = copy.deepcopy(BASE)
    if path:
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    else:
        data = value
    if extra and isinstance(data, dict):
        data[extra] = {"status": "pilot", "health_safety": True, "dates": {"pilot_start": "2024-01-01", "pilot_end": "2025-06-01"}, "bogus": 1}[extra]
    _agree(checkers, data)
