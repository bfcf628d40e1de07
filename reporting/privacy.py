"""Aggregates for the board: small groups are not shown, so nobody can be singled out."""

from __future__ import annotations

#: Groups of fewer people than this are shown as "< 5".
SMALL_COUNT_THRESHOLD = 5


def small_count(n: int | None, threshold: int = SMALL_COUNT_THRESHOLD) -> int | str | None:
    """``n`` itself, or "< 5" for any group smaller than ``threshold`` people (0 included:
    an empty group is then indistinguishable from one of a few). ``None`` stays ``None``."""
    if n is None:
        return None
    return f"< {threshold}" if n < threshold else n


def is_small(n: int | None, threshold: int = SMALL_COUNT_THRESHOLD) -> bool:
    return n is not None and n < threshold
