"""The key figures, computed in the database: one function per family of figures.

Each function takes the years to compute and returns ``Figures``: for every (year, scope) the
figures by code (``reporting.catalogue``), where the scope is a municipality's primary key or
``None`` for the whole organisation. Every function runs a fixed number of queries (usually two:
one grouped by municipality, one for the whole organisation, because people are counted once
even when they appear in two municipalities), whatever the number of rows: the work is GROUP BY
with conditional aggregates, never a loop over rows.

What each figure counts (also in ``docs/kpis.md``); "the year" is 1 January to 31 December:

- **Participation** (municipality of the cohort). *Newcomers / buddies who took part*: distinct
  people with an enrolment in that role in a cohort whose period overlaps the year, except
  enrolments that were left before the year began or before the cohort started.
  *Newcomers who completed*: completed newcomer enrolments of cohorts ending in the year.
  *Cohorts started*: start date in the year. *Cohorts completed*: status completed and end date
  in the year.
- **Dropout** (municipality of the cohort). Distinct newcomers whose enrolment was left during
  the year on or after the cohort's start, in total and per reason; *dropout* is that number as
  a percentage of the newcomers who took part.
- **Referrals**: the newcomers who took part, per organisation that referred them
  (``referrer:<pk>``, ``referrer:none`` for self-registration or a friend).
- **Volunteer hours** (municipality where the volunteer lives). Approved hours dated in the
  year and their value at that year's hourly value; distinct volunteers with approved hours.
  For the whole organisation these are the hours summary's totals (``volunteers.selectors``).
- **Evaluations** (municipality where the person lives; year of the evaluation). Per statement
  the share answering 4 or 5 ("agree", "strongly agree") of those who answered it. The
  participation ladder: evaluations that have the step at the end and the newcomer's step at
  intake; how many went up, the share, and the average move in steps.
- **Positieve Gezondheid** (municipality where the person lives). For every end assessment in
  the year with an intake assessment of the same person on or before it (the latest one): the
  average change per dimension.
- **Waiting list** (municipality where the person lives). *Registered*: newcomers registered in
  the year. *Waiting list*: newcomers whose status on 31 December (this year: now) was "on the
  waiting list", from the status history (moves onto the list minus moves off it). *Placed*:
  moves from the waiting list to "placed" during the year, and the average number of days
  since the newcomer's latest move onto the list.
- **Matches**: ``reporting.match_kpis``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from participants.models import (
    EVALUATION_STATEMENTS,
    HEALTH_DIMENSIONS,
    Evaluation,
    HealthAssessment,
    Municipality,
    Newcomer,
    Person,
    StatusChange,
)
from reporting.catalogue import KPIS, Unit
from reporting.figures import (
    Figures,
    Scope,
    Value,
    aggregates_for,
    grouped,
    merge,
    new_figures,
    year_bounds,
    year_end_moment,
)
from reporting.match_kpis import match_kpis
from volunteers.models import DEFAULT_HOURLY_VALUE, HourEntry, HourlyValue

#: How many years the dashboard looks back, the current year included.
YEARS_BACK = 10
ROLE, STATUS = Enrolment.Role, Enrolment.Status
NEWCOMER_WAITING, NEWCOMER_PLACED = Newcomer.Status.WAITING, Newcomer.Status.PLACED


def _percent(part: Value, whole: Value) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _two_places(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)


# --- Participation, dropout and referrals --------------------------------------------------------


def _took_part(year: int, role: str) -> Q:
    start, end = year_bounds(year)
    left_early = Q(status=STATUS.LEFT) & (
        Q(ended_on__lt=start) | Q(ended_on__lt=F("cohort__start_date"))
    )
    return Q(role=role, cohort__start_date__lte=end, cohort__end_date__gte=start) & ~left_early


def _left_in(year: int) -> Q:
    start, end = year_bounds(year)
    return Q(
        role=ROLE.NEWCOMER,
        status=STATUS.LEFT,
        ended_on__gte=start,
        ended_on__lte=end,
    ) & Q(ended_on__gte=F("cohort__start_date"))


def _enrolments(years: Sequence[int]):
    first, _end = year_bounds(years[0])
    _start, last = year_bounds(years[-1])
    return Enrolment.objects.filter(
        Q(cohort__end_date__gte=first) | Q(ended_on__gte=first), cohort__start_date__lte=last
    )


def participation_kpis(years: Sequence[int]) -> Figures:
    """Newcomers and buddies who took part, newcomers who completed, dropout and its reasons;
    cohorts started and completed. Four queries."""

    def people(condition: Callable[[int], Q]) -> Callable[[int], Count]:
        return lambda year: Count("person", distinct=True, filter=condition(year))

    def completed(year: int) -> Q:
        start, end = year_bounds(year)
        return Q(
            role=ROLE.NEWCOMER,
            status=STATUS.COMPLETED,
            cohort__end_date__gte=start,
            cohort__end_date__lte=end,
        )

    builders: dict[str, Callable[[int], object]] = {
        "newcomers": people(lambda year: _took_part(year, ROLE.NEWCOMER)),
        "buddies": people(lambda year: _took_part(year, ROLE.BUDDY)),
        "newcomers_completed": people(completed),
        "dropouts": people(_left_in),
    }
    for reason in Enrolment.LeaveReason.values:
        builders[f"dropout:{reason}"] = people(
            lambda year, reason=reason: _left_in(year) & Q(leave_reason=reason)
        )
    figures = grouped(_enrolments(years), "cohort__municipality", years, builders)
    for values in figures.values():
        values["dropout_rate"] = _percent(values["dropouts"], values["newcomers"])
    return merge(figures, cohort_kpis(years))


def cohort_kpis(years: Sequence[int]) -> Figures:
    """Cohorts started and completed per year. Two queries."""

    def started(year: int) -> Count:
        start, end = year_bounds(year)
        return Count("pk", filter=Q(start_date__gte=start, start_date__lte=end))

    def completed(year: int) -> Count:
        start, end = year_bounds(year)
        return Count(
            "pk",
            filter=Q(status=Cohort.Status.COMPLETED, end_date__gte=start, end_date__lte=end),
        )

    first, _end = year_bounds(years[0])
    cohorts = Cohort.objects.filter(end_date__gte=first)
    return grouped(
        cohorts, "municipality", years, {"cohorts_started": started, "cohorts_completed": completed}
    )


def referral_kpis(years: Sequence[int]) -> Figures:
    """Newcomers who took part, per referring organisation. Two queries."""
    figures = new_figures()
    aggregates, names = aggregates_for(
        years,
        {
            "took_part": lambda year: Count(
                "person", distinct=True, filter=_took_part(year, ROLE.NEWCOMER)
            )
        },
    )
    enrolments = _enrolments(years).filter(role=ROLE.NEWCOMER).order_by()
    referrer = F("person__newcomer__referrer")
    for rows, by_municipality in (
        (
            enrolments.values(scope=F("cohort__municipality"), referrer=referrer).annotate(
                **aggregates
            ),
            True,
        ),
        (enrolments.values(referrer=referrer).annotate(**aggregates), False),
    ):
        for row in rows:
            scope = row["scope"] if by_municipality else None
            code = f"referrer:{row['referrer'] or 'none'}"
            for alias, (year, _code) in names.items():
                if row[alias]:
                    figures[(year, scope)][code] = row[alias]
    return figures


# --- Volunteer hours -----------------------------------------------------------------------------


def hour_kpis(years: Sequence[int]) -> Figures:
    """Approved hours, their value and the volunteers who gave them. Three queries.

    One query sums the hours per volunteer and year: Postgres reads only the columns of the
    ``hourentry_status_date_cover`` index, and the result has a row per volunteer and year,
    however many entries there are. Those rows are added up per municipality (where the
    volunteer lives) and for the whole organisation, whose figures are then exactly those of
    ``volunteers.selectors.year_summary``: the same entries, approved and dated in the year."""
    first, _end = year_bounds(years[0])
    _start, last = year_bounds(years[-1])
    per_volunteer = (
        HourEntry.objects.filter(status=HourEntry.Status.APPROVED, date__gte=first, date__lte=last)
        .order_by()
        .values("volunteer", year=ExtractYear("date"))
        .annotate(hours=Sum("hours"))
    )
    euros = dict(HourlyValue.objects.filter(year__in=years).values_list("year", "euros"))
    rows = list(per_volunteer)
    places = dict(
        Person.objects.filter(user__isnull=False, municipality__isnull=False).values_list(
            "user", "municipality"
        )
    )
    figures = new_figures()
    for year in years:
        figures[(year, None)].update(hours=Decimal(0), volunteers=0)
    for row in rows:
        for scope in {None, places.get(row["volunteer"])}:
            values = figures[(row["year"], scope)]
            values["hours"] = values.get("hours", Decimal(0)) + row["hours"]
            values["volunteers"] = values.get("volunteers", 0) + 1
    for (year, _scope), values in figures.items():
        values["hours_value"] = values["hours"] * euros.get(year, DEFAULT_HOURLY_VALUE)
    return figures


# --- Evaluations and Positieve Gezondheid --------------------------------------------------------


def _by_year(queryset, year, group, aggregates: dict) -> Figures:
    """Two queries: ``aggregates`` per year (the expression ``year``) and municipality
    (``group``: a field path or an expression), and per year over all rows. For figures of
    something dated once (an evaluation, an assessment), grouping by year reads each row once
    where a filtered aggregate per year would read it once a year."""
    figures = new_figures()
    queryset = queryset.order_by()
    rows = queryset.values(year=year, scope=F(group) if isinstance(group, str) else group)
    rows = rows.annotate(**aggregates)
    for row in rows:
        if row["scope"] is not None:
            figures[(row["year"], row["scope"])].update({code: row[code] for code in aggregates})
    for row in queryset.values(year=year).annotate(**aggregates):
        figures[(row["year"], None)].update({code: row[code] for code in aggregates})
    return figures


def _in_years(field: str, years: Sequence[int]) -> Q:
    first, _end = year_bounds(years[0])
    _start, last = year_bounds(years[-1])
    return Q(**{f"{field}__gte": first, f"{field}__lte": last})


def evaluation_kpis(years: Sequence[int]) -> Figures:
    """Per statement the share that agrees, and moves on the participation ladder. Two queries."""
    intake_step = F("person__newcomer__participation_step")
    both_steps = Q(
        participation_step__isnull=False, person__newcomer__participation_step__isnull=False
    )
    aggregates: dict[str, object] = {
        "evaluations": Count("pk"),
        "ladder_pairs": Count("pk", filter=both_steps),
        "ladder_up": Count("pk", filter=both_steps & Q(participation_step__gt=intake_step)),
        "ladder_change": Avg(
            ExpressionWrapper(F("participation_step") - intake_step, output_field=IntegerField()),
            filter=both_steps,
        ),
    }
    for name, _label in EVALUATION_STATEMENTS:
        aggregates[f"answered:{name}"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
        aggregates[f"agreed:{name}"] = Count("pk", filter=Q(**{f"{name}__gte": 4}))
    evaluations = Evaluation.objects.filter(_in_years("evaluated_on", years))
    figures = _by_year(
        evaluations, ExtractYear("evaluated_on"), "person__municipality", _aliased(aggregates)
    )
    figures = _unaliased(figures, aggregates)
    for values in figures.values():
        for name, _label in EVALUATION_STATEMENTS:
            agreed = values.pop(f"agreed:{name}")
            values[f"eval:{name}"] = _percent(agreed, values[f"answered:{name}"])
        values["ladder_up_share"] = _percent(values["ladder_up"], values["ladder_pairs"])
        values["ladder_change"] = _two_places(values["ladder_change"])
    return figures


def health_kpis(years: Sequence[int]) -> Figures:
    """Average change per dimension of Positieve Gezondheid from intake to end. Two queries.

    Each end assessment looks up the latest intake of the same person on or before it (one
    small index lookup per dimension); grouping by year keeps that to once per row."""
    intake = HealthAssessment.objects.filter(
        person=OuterRef("person"),
        moment=HealthAssessment.Moment.INTAKE,
        assessed_on__lte=OuterRef("assessed_on"),
    ).order_by("-assessed_on", "-pk")
    dimensions = [name for name, _label in HEALTH_DIMENSIONS]
    ends = HealthAssessment.objects.filter(
        _in_years("assessed_on", years), moment=HealthAssessment.Moment.END
    ).annotate(**{f"intake_{name}": Subquery(intake.values(name)[:1]) for name in dimensions})
    aggregates: dict[str, object] = {
        "health_pairs": Count("person", distinct=True, filter=Q(intake_body__isnull=False))
    }
    for name in dimensions:
        # No intake: the difference is NULL, which an average leaves out.
        aggregates[f"health:{name}"] = Avg(
            ExpressionWrapper(F(name) - F(f"intake_{name}"), output_field=IntegerField())
        )
    figures = _unaliased(
        _by_year(ends, ExtractYear("assessed_on"), "person__municipality", _aliased(aggregates)),
        aggregates,
    )
    for values in figures.values():
        for name in dimensions:
            values[f"health:{name}"] = _two_places(values[f"health:{name}"])
    return figures


def _aliased(aggregates: dict) -> dict:
    """Aggregates renamed ``a0, a1, ...``: codes such as ``health:body`` are no SQL names."""
    return {f"a{index}": aggregate for index, aggregate in enumerate(aggregates.values())}


def _unaliased(figures: Figures, aggregates: dict) -> Figures:
    codes = {f"a{index}": code for index, code in enumerate(aggregates)}
    return {
        key: {codes[alias]: value for alias, value in values.items()}
        for key, values in figures.items()
    }


# --- Registrations and the waiting list ----------------------------------------------------------


def waiting_kpis(years: Sequence[int]) -> Figures:
    """Registrations, the waiting list at the end of each year, placements from it and the
    days waited. Four queries.

    From the status history: every change records where it came from, so the number on the
    list at any moment is the moves onto it so far minus the moves off it so far. The database
    counts both per year and municipality (over all history: the list at the end of the first
    year includes who joined before); adding them up year by year gives the list's length on
    every 31 December. Placements are the moves off the list to "placed", each with the time
    since the latest move onto it."""
    newcomers = Newcomer.objects.filter(_in_years("registered_on", years))
    figures = _by_year(
        newcomers,
        ExtractYear("registered_on"),
        "person__municipality",
        {"registrations": Count("pk")},
    )
    changes = StatusChange.objects.filter(
        profile=StatusChange.Profile.NEWCOMER, at__lt=year_end_moment(years[-1])
    ).exclude(from_status=F("to_status"))
    _add_waiting_list(figures, changes, years)
    _add_placements(figures, changes, years)
    return figures


def _add_waiting_list(figures: Figures, changes: QuerySet, years: Sequence[int]) -> None:
    """The list's length on every 31 December: the moves onto it so far minus those off it."""
    onto, off = Q(to_status=NEWCOMER_WAITING), Q(from_status=NEWCOMER_WAITING)
    moves = _by_year(
        changes.filter(onto | off),
        ExtractYear("at"),
        "person__municipality",
        {"onto": Count("pk", filter=onto), "off": Count("pk", filter=off)},
    )
    for scope in {scope for (_year, scope) in moves}:
        waiting = 0
        for year in range(min(year for (year, _s) in moves), years[-1] + 1):
            counts = moves.get((year, scope), {})
            waiting += counts.get("onto", 0) - counts.get("off", 0)
            if year in years:
                figures[(year, scope)]["waiting"] = waiting


def _add_placements(figures: Figures, changes: QuerySet, years: Sequence[int]) -> None:
    """Moves off the list to "placed", each with the days since the latest move onto it."""
    off = Q(from_status=NEWCOMER_WAITING)
    joined = StatusChange.objects.filter(
        person=OuterRef("person"),
        profile=StatusChange.Profile.NEWCOMER,
        to_status=NEWCOMER_WAITING,
        at__lte=OuterRef("at"),
    ).order_by("-at", "-pk")
    placements = _by_year(
        changes.filter(
            off,
            to_status=NEWCOMER_PLACED,
            at__gte=year_end_moment(years[0] - 1),
        ),
        ExtractYear("at"),
        "person__municipality",
        {
            "placements": Count("pk"),
            "waited": Avg(
                ExpressionWrapper(
                    F("at") - Subquery(joined.values("at")[:1]), output_field=DurationField()
                )
            ),
        },
    )
    for key, values in placements.items():
        duration: timedelta | None = values.pop("waited")
        figures[key]["placements"] = values["placements"]
        figures[key]["waiting_days"] = (
            None
            if duration is None
            else Decimal(duration.total_seconds() / 86400).quantize(Decimal(1), ROUND_HALF_UP)
        )


# --- Everything ----------------------------------------------------------------------------------


def kpi_years(today: date | None = None) -> list[int]:
    """The years worth computing: from the first year with data (at most ``YEARS_BACK`` years
    ago) to this year. Three small queries on indexed columns."""
    today = today or timezone.localdate()
    oldest = today.year - YEARS_BACK + 1
    firsts = [
        Cohort.objects.aggregate(first=Min("start_date"))["first"],
        HourEntry.objects.filter(status=HourEntry.Status.APPROVED).aggregate(first=Min("date"))[
            "first"
        ],
        Newcomer.objects.aggregate(first=Min("registered_on"))["first"],
    ]
    found = [day.year for day in firsts if day is not None]
    first = max(oldest, min(found, default=today.year))
    return list(range(min(first, today.year), today.year + 1))


def kpis_compute(years: Sequence[int]) -> Figures:
    """Every key figure for ``years`` (consecutive, ascending), for the whole organisation and
    for each municipality. About twenty queries, however much data there is."""
    years = sorted(years)
    scopes = [None, *Municipality.objects.values_list("pk", flat=True)]
    figures = merge(
        _zeros(years, scopes),
        participation_kpis(years),
        referral_kpis(years),
        hour_kpis(years),
        evaluation_kpis(years),
        health_kpis(years),
        waiting_kpis(years),
        match_kpis(years),
    )
    return {key: values for key, values in figures.items() if key[0] in years}


#: Figures that are a count or a sum: where no row is found they are 0, not "not available".
ADDITIVE = (Unit.PEOPLE, Unit.COUNT, Unit.HOURS, Unit.EUROS)


def _zeros(years: Sequence[int], scopes: Sequence[Scope]) -> Figures:
    """Every figure of the catalogue for every year and scope, for the families to fill in:
    counts and sums at 0, shares and averages at None (nothing to divide yet)."""
    start = {definition.code: 0 if definition.unit in ADDITIVE else None for definition in KPIS}
    return {(year, scope): dict(start) for year in years for scope in scopes}
