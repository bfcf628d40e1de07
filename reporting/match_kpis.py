"""Key figures about matches, from the matching app's ``Match``. What each counts, per
year (the municipality of the match's cohort; for a match outside a cohort, the municipality
where the newcomer lives):

- *Active matches*: matches that became active (``started_on`` set) on or before 31 December
  and had not ended before 1 January: active at some time during the year.
- *New matches*: matches that became active during the year; *outside a cohort*: those of them
  without a cohort ("losse koppelingen").
- *All matches ever*: every match that became active up to 31 December of the year.

Proposed and introduced matches that never became active are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from matching.models import Match
from reporting.kpis import Figures, _grouped, year_bounds


def match_kpis(years: Sequence[int]) -> Figures:
    """Active, new, outside-a-cohort and all matches per year. Two queries."""

    def active(year: int) -> Count:
        start, end = year_bounds(year)
        return Count(
            "pk",
            filter=Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)),
        )

    def new(year: int) -> Q:
        start, end = year_bounds(year)
        return Q(started_on__gte=start, started_on__lte=end)

    _start, last = year_bounds(years[-1])
    matches = Match.objects.filter(started_on__isnull=False, started_on__lte=last).annotate(
        place=Coalesce(F("cohort__municipality"), F("newcomer__person__municipality"))
    )
    return _grouped(
        matches,
        "place",
        years,
        {
            "matches_active": active,
            "matches_new": lambda year: Count("pk", filter=new(year)),
            "matches_loose": lambda year: Count("pk", filter=new(year) & Q(cohort__isnull=True)),
            "matches_total": lambda year: Count(
                "pk", filter=Q(started_on__lte=year_bounds(year)[1])
            ),
        },
    )
