"""Stable codes: 鉴定范围 A, B, … Z, AA, AB …; 鉴定点 A01, A02, ….

A code, once issued, is never given to anything else: the next code is one
past the highest ever issued (recorded in bank.yaml), not the first gap, so a
deleted 鉴定点 cannot come back under another's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RANGE_CODE = re.compile(r"^[A-Z]{1,2}$")
POINT_CODE = re.compile(r"^([A-Z]{1,2})([0-9]{2,3})$")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def range_code(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet columns)."""
    first, second = divmod(index, 26)
    return (LETTERS[first - 1] if first else "") + LETTERS[second]


def range_index(code: str) -> int | None:
    if not RANGE_CODE.match(code):
        return None
    value = 0
    for char in code:
        value = value * 26 + LETTERS.index(char) + 1
    return value - 1


def point_code(range_code: str, number: int) -> str:
    return f"{range_code}{number:02d}"


def point_number(code: str, range_code: str) -> int | None:
    """The number of a 鉴定点 code, or None if it is not a code of this range."""
    match = POINT_CODE.match(code)
    return int(match.group(2)) if match and match.group(1) == range_code else None


def next_range_code(used: Iterable[str]) -> str:
    indices = [i for i in (range_index(c) for c in used) if i is not None]
    return range_code(max(indices, default=-1) + 1)
