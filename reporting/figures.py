"""Figures per (year, scope) and the grouped query every family of key figures is built on.

``Figures`` maps (year, scope) to the figures by code (``reporting.catalogue``); the scope is a
municipality's primary key or ``None`` for the whole organisation. ``kpis`` and ``match_kpis``
both build on this module, so neither needs the other's internals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

Scope = int | None
Value = int | Decimal | None
Figures = dict[tuple[int, Scope], dict[str, Value]]
#: Builds the aggregate for one figure in one year.
Builder = Callable[[int], object]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def year_end_moment(year: int) -> datetime:
    """The first moment after ``year`` in the local time zone (status changes are moments)."""
    return timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))


def new_figures() -> Figures:
    return defaultdict(dict)


def merge(*parts: Figures) -> Figures:
    merged = new_figures()
    for part in parts:
        for key, values in part.items():
            merged[key].update(values)
    return merged


def aggregates_for(years: Iterable[int], builders: dict[str, Builder]):
    """Aggregates named ``a0, a1, ...`` for every (year, code), and how to read them back."""
    aggregates, names = {}, {}
    for year in years:
        for code, build in builders.items():
            alias = f"a{len(aggregates)}"
            aggregates[alias] = build(year)
            names[alias] = (year, code)
    return aggregates, names


def grouped(queryset, group: str, years: Sequence[int], builders: dict[str, Builder]) -> Figures:
    """Two queries: the aggregates per value of ``group`` (a municipality) and over all rows."""
    aggregates, names = aggregates_for(years, builders)
    figures = new_figures()
    rows = queryset.order_by().values(scope=F(group)).annotate(**aggregates)
    for row in rows:
        if row["scope"] is None:
            continue  # people without a municipality count only in the total
        for alias, (year, code) in names.items():
            figures[(year, row["scope"])][code] = row[alias]
    total = queryset.order_by().aggregate(**aggregates)
    for alias, (year, code) in names.items():
        figures[(year, None)][code] = total[alias]
    return figures
