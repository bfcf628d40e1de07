"""Reads for hours: totals, norms, summaries, the queue. Every aggregate is computed in the
database, so a page's query count does not grow with the number of entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from volunteers.models import (
    DEFAULT_HOURLY_VALUE,
    DEFAULT_NORMS,
    ROLE_FOR_ACTIVITY,
    ClosedPeriod,
    HourEntry,
    HourlyValue,
    HourNorm,
    HourSuggestion,
    RoleKind,
    VolunteerProfile,
    VolunteerRole,
)

ZERO = Decimal("0")
COUNTED = (HourEntry.Status.SUBMITTED, HourEntry.Status.APPROVED)


def local_today() -> date:
    return timezone.localdate()


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# --- Settings per year ---------------------------------------------------------------------------
def norms_for_year(year: int) -> dict[str, Decimal | None]:
    """Norm per role kind for ``year``: the administrators' figure, else the strategic plan's."""
    norms = dict(DEFAULT_NORMS)
    norms.update(HourNorm.objects.filter(year=year).values_list("kind", "hours"))
    return norms


def hourly_value_for_year(year: int) -> Decimal:
    euros = HourlyValue.objects.filter(year=year).values_list("euros", flat=True).first()
    return DEFAULT_HOURLY_VALUE if euros is None else euros


def closed_periods(*, year: int | None = None) -> QuerySet[ClosedPeriod]:
    periods = ClosedPeriod.objects.select_related("closed_by")
    return periods.filter(year=year) if year else periods


# --- One volunteer -------------------------------------------------------------------------------
def volunteer_started_on(user) -> date:
    """The first day the volunteer may log hours for: their profile's date, else the account's."""
    started = (
        VolunteerProfile.objects.filter(user=user).values_list("started_on", flat=True).first()
    )
    return started or timezone.localdate(user.date_joined)


def roles_of(user, year: int) -> list[str]:
    kinds = set(VolunteerRole.objects.filter(user=user, year=year).values_list("kind", flat=True))
    return [kind for kind in RoleKind.values if kind in kinds]


def role_kind_default(*, activity: str, roles: list[str]) -> str:
    """The role an activity counts towards: the usual one if the volunteer holds it (or holds no
    role at all), else their first role."""
    usual = ROLE_FOR_ACTIVITY.get(activity)
    if usual and (usual in roles or not roles):
        return usual
    if roles:
        return roles[0]
    return usual or RoleKind.BUDDY


def entries_of(user) -> QuerySet[HourEntry]:
    """The only way into a volunteer's own entries: others' entries are simply not there."""
    return HourEntry.objects.filter(volunteer=user)


@dataclass
class VolunteerTotals:
    month: Decimal
    month_approved: Decimal
    year: Decimal
    year_approved: Decimal
    norm: Decimal | None
    roles: list[str] = field(default_factory=list)

    @property
    def percent_of_norm(self) -> int | None:
        if not self.norm:
            return None
        return min(100, int(self.year * 100 / self.norm))


def volunteer_totals(user, *, today: date | None = None) -> VolunteerTotals:
    """This month's and this year's logged (submitted + approved) and approved hours, and the norm
    of the roles held this year. Three queries, however many entries."""
    today = today or local_today()
    month_start = today.replace(day=1)
    counted = Q(status__in=COUNTED)
    approved = Q(status=HourEntry.Status.APPROVED)
    in_month = Q(date__gte=month_start)
    sums = (
        entries_of(user)
        .filter(date__gte=date(today.year, 1, 1), date__lte=today.replace(month=12, day=31))
        .aggregate(
            month=Coalesce(Sum("hours", filter=counted & in_month), ZERO),
            month_approved=Coalesce(Sum("hours", filter=approved & in_month), ZERO),
            year=Coalesce(Sum("hours", filter=counted), ZERO),
            year_approved=Coalesce(Sum("hours", filter=approved), ZERO),
        )
    )
    roles = roles_of(user, today.year)
    norm = None
    if roles:
        norms = norms_for_year(today.year)
        known = [norms[kind] for kind in roles if norms[kind] is not None]
        norm = sum(known, ZERO) if known else None
    return VolunteerTotals(roles=roles, norm=norm, **sums)


def recent_combinations(user, *, today: date | None = None, limit: int = 4) -> list[dict]:
    """The (activity, hours, role) the volunteer logged most recently, to log again in one tap.
    Looks back 120 days, which the (volunteer, date) index serves."""
    today = today or local_today()
    rows = (
        entries_of(user)
        .filter(date__gte=today - timedelta(days=120))
        .values("activity", "hours", "role_kind")
        .annotate(last=Max("created_at"))
        .order_by("-last")[:limit]
    )
    labels = dict(HourEntry._meta.get_field("activity").choices)
    return [{**row, "activity_label": labels.get(row["activity"], row["activity"])} for row in rows]


def open_suggestions(user) -> QuerySet[HourSuggestion]:
    return HourSuggestion.objects.filter(volunteer=user, status=HourSuggestion.Status.OPEN)


# --- Coordinators --------------------------------------------------------------------------------
def pending_entries() -> QuerySet[HourEntry]:
    """The approval queue: submitted entries, oldest day first."""
    return (
        HourEntry.objects.filter(status=HourEntry.Status.SUBMITTED)
        .select_related("volunteer")
        .order_by("date", "pk")
    )


def volunteers_overview(*, year: int) -> QuerySet:
    """One row per volunteer with a role or hours in ``year``: approved and submitted hours."""
    start, end = year_bounds(year)
    in_year = HourEntry.objects.filter(volunteer=OuterRef("pk"), date__gte=start, date__lte=end)

    def total(status: str) -> Subquery:
        return Coalesce(
            Subquery(
                in_year.filter(status=status)
                .order_by()
                .values("volunteer")
                .annotate(total=Sum("hours"))
                .values("total")
            ),
            ZERO,
        )

    has_role = VolunteerRole.objects.filter(user=OuterRef("pk"), year=year)
    return (
        get_user_model()
        .objects.filter(Exists(has_role) | Exists(in_year))
        .annotate(
            approved=total(HourEntry.Status.APPROVED),
            submitted=total(HourEntry.Status.SUBMITTED),
        )
        .order_by("full_name", "pk")
    )


def roles_by_user(users, *, year: int) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for user_id, kind in VolunteerRole.objects.filter(
        user__in=[user.pk for user in users], year=year
    ).values_list("user_id", "kind"):
        result.setdefault(user_id, []).append(kind)
    return result


@dataclass
class SummaryRow:
    kind: str
    label: str
    volunteers: int
    hours: Decimal
    norm: Decimal | None
    value: Decimal

    @property
    def hours_per_person(self) -> Decimal | None:
        if not self.volunteers:
            return None
        return (self.hours / self.volunteers).quantize(Decimal("0.1"))


@dataclass
class YearSummary:
    year: int
    hourly_value: Decimal
    rows: list[SummaryRow]
    volunteers: int
    hours: Decimal
    value: Decimal
    submitted_hours: Decimal


def year_summary(year: int) -> YearSummary:
    """The strategic plan's table for ``year`` from approved hours: per role the number of
    volunteers, hours per person, total hours and their value.

    One query sums the hours per (role, volunteer) and, over that, per role: counting the rows of
    the inner grouping is much cheaper than COUNT(DISTINCT) over every entry. Its only inputs are
    the columns of the (status, date, role_kind, volunteer, hours) index, which Postgres reads
    without touching the table. A second small query sums the hours still waiting; two more read
    the year's norms and hourly value."""
    start, end = year_bounds(year)
    in_year = HourEntry.objects.filter(date__gte=start, date__lte=end)
    per_volunteer = (
        in_year.filter(status=HourEntry.Status.APPROVED)
        .order_by()
        .values("role_kind", "volunteer")
        .annotate(role_hours=Sum("hours"))
    )
    sums = {"volunteers": Count("volunteer", distinct=True)}
    for kind in RoleKind.values:
        sums[f"{kind}__n"] = Count("volunteer", filter=Q(role_kind=kind))
        sums[f"{kind}__h"] = Sum("role_hours", filter=Q(role_kind=kind))
    totals = per_volunteer.aggregate(**sums)
    submitted = in_year.filter(status=HourEntry.Status.SUBMITTED).aggregate(
        total=Coalesce(Sum("hours"), ZERO)
    )["total"]
    grouped = {
        kind: {"volunteers": totals[f"{kind}__n"], "hours": totals[f"{kind}__h"]}
        for kind in RoleKind.values
    }
    euros = hourly_value_for_year(year)
    norms = norms_for_year(year)
    rows = []
    for kind, label in RoleKind.choices:
        row = grouped.get(kind, {})
        hours = row.get("hours") or ZERO
        rows.append(
            SummaryRow(
                kind=kind,
                label=str(label),
                volunteers=row.get("volunteers", 0),
                hours=hours,
                norm=norms[kind],
                value=hours * euros,
            )
        )
    hours = sum((row.hours for row in rows), ZERO)
    return YearSummary(
        year=year,
        hourly_value=euros,
        rows=rows,
        volunteers=totals["volunteers"],
        hours=hours,
        value=hours * euros,
        submitted_hours=submitted,
    )
