"""Whole-number shares: marks per 鉴定范围 and 鉴定点, minutes per item.

Largest-remainder (Hamilton) rounding: every share gets the integer part of
its exact quota, and the units left over go to the largest fractional parts
(ties to the earlier share). The result always sums exactly to the total, so
rounding never drifts, and each share is within one unit of its exact quota.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights`` (>= 0)."""
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("total and weights must not be negative")
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    quotas = [Fraction(total * w, whole) for w in weights]
    shares = [int(q) for q in quotas]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def range_targets(full_marks: int, weights: Sequence[int]) -> list[int]:
    """Marks of each 鉴定范围: the task weights scaled to the full marks.

    Under the 百分制 with weights summing to 100 this is the weights themselves.
    """
    return largest_remainder(full_marks, weights)


def point_marks(target: int, count: int) -> list[int]:
    """Marks of the 鉴定点 of one range: equal shares, earlier points first."""
    return largest_remainder(target, [1] * count)


def share_of(total: int, part: int, whole: int) -> int:
    """One part's whole-number share of ``total``, e.g. minutes of a new item."""
    return largest_remainder(total, [part, max(whole - part, 0)])[0] if whole else 0
