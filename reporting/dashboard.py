"""The board's view of the key figures: cards with actual against target, and trends as charts.

Figures come as ``{year: {code: value}}`` for one scope (the whole organisation or one
municipality): from the latest ``KpiSnapshot`` for the dashboard, computed afresh for the annual
report. Nothing here names a person: counts of people below five are shown as "< 5", shares
and averages over fewer than five people are not shown ("n < 5").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.models import (
    EVALUATION_STATEMENTS,
    HEALTH_DIMENSIONS,
    Municipality,
    Organisation,
    StopReason,
)
from reporting.catalogue import DEFAULT_TARGETS, Kpi, Unit, kpi
from reporting.charts import Chart, bar_chart, line_chart
from reporting.models import KpiFigure, KpiSnapshot, Target
from reporting.privacy import SMALL_COUNT_THRESHOLD, is_small, small_count

ByYear = dict[int, dict[str, Decimal | None]]

#: Shown for a share or average over fewer than five people.
SMALL_BASE = f"n < {SMALL_COUNT_THRESHOLD}"
NOT_AVAILABLE = "—"


# --- Reading figures and targets ------------------------------------------------------------------


def latest_snapshot() -> KpiSnapshot | None:
    return KpiSnapshot.objects.order_by("-computed_at", "-pk").first()


def snapshot_figures(snapshot: KpiSnapshot | None, municipality: Municipality | None) -> ByYear:
    """The snapshot's figures for one scope, by year: one query."""
    by_year: ByYear = defaultdict(dict)
    if snapshot is None:
        return by_year
    rows = KpiFigure.objects.filter(snapshot=snapshot, municipality=municipality).values_list(
        "year", "code", "value"
    )
    for year, code, value in rows:
        by_year[year][code] = value
    return by_year


def scope_figures(figures, municipality: Municipality | None) -> ByYear:
    """``kpis.kpis_compute``'s result for one scope, by year."""
    scope = municipality.pk if municipality else None
    by_year: ByYear = defaultdict(dict)
    for (year, key), values in figures.items():
        if key == scope:
            by_year[year].update(values)
    return by_year


def targets_for(years: Sequence[int], municipality: Municipality | None) -> ByYear:
    """Targets by year for one scope: the administrators', else (for the whole organisation)
    the strategic plan's. One query."""
    by_year: ByYear = defaultdict(dict)
    if municipality is None:
        for (year, code), value in DEFAULT_TARGETS.items():
            if year in years:
                by_year[year][code] = Decimal(value)
    rows = Target.objects.filter(
        Q(municipality=municipality) if municipality else Q(municipality__isnull=True),
        year__in=list(years),
    ).values_list("year", "kpi", "value")
    for year, code, value in rows:
        if value is None:
            by_year[year].pop(code, None)
        else:
            by_year[year][code] = value
    return by_year


# --- Showing one figure ---------------------------------------------------------------------------


def _number(value, places: int = 0) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def is_hidden(definition: Kpi, figures: dict) -> bool:
    """A share or average over fewer than five people is not shown."""
    return bool(definition.base) and is_small(figures.get(definition.base) or 0)


def show(definition: Kpi, value, figures: dict | None = None) -> str:
    """The figure as the board reads it: "< 5" for a small group of people, "n < 5" for a share
    over one, "—" when it is not available."""
    if figures is not None and is_hidden(definition, figures):
        return SMALL_BASE
    if value is None:
        return NOT_AVAILABLE
    if definition.unit == Unit.PEOPLE and is_small(int(value)):
        return str(small_count(int(value)))
    return plain(definition.unit, value)


def plain(unit: str, value) -> str:
    """A value in its unit's format, with nothing hidden (targets, which name nobody)."""
    if value is None:
        return NOT_AVAILABLE
    if unit == Unit.EUROS:
        return "€\u00a0" + _number(value)
    if unit == Unit.PERCENT:
        return _number(value) + "%"
    if unit in (Unit.STEPS, Unit.POINTS):
        return ("+" if value > 0 else "") + _number(value, 1)
    return _number(value)


# --- Cards: actual against target -----------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    key: str  # met, near, behind, none, unknown
    label: str
    icon: str  # a Bootstrap Icons name
    tone: str  # a Bootstrap colour name


def _status(key: str, *, running: bool) -> Status:
    if key == "met":
        label = _("On track") if running else _("Reached")
        return Status(key, label, "check-circle-fill", "success")
    if key == "near":
        label = _("Almost on track") if running else _("Almost reached")
        return Status(key, label, "exclamation-triangle-fill", "warning")
    if key == "behind":
        label = _("Behind") if running else _("Not reached")
        return Status(key, label, "x-circle-fill", "danger")
    if key == "unknown":
        return Status(key, _("Too few data"), "question-circle", "secondary")
    return Status(key, _("No target"), "dash-circle", "secondary")


def year_fraction(year: int, today: date) -> Decimal:
    """How much of ``year`` has passed on ``today``: 1 for past years."""
    if year < today.year:
        return Decimal(1)
    if year > today.year:
        return Decimal(0)
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return Decimal((today - date(year, 1, 1)).days + 1) / days


#: Within this share of the target counts as "almost".
NEAR = Decimal("0.9")


def judge(definition: Kpi, actual, target, *, year: int, today: date, hidden=False) -> Status:
    running = year >= today.year
    if target is None:
        return _status("none", running=running)
    if actual is None or hidden:
        return _status("unknown", running=running)
    expected = Decimal(target)
    if definition.pro_rata:
        expected *= year_fraction(year, today)
    actual = Decimal(actual)
    if definition.higher_is_better:
        ratio = actual / expected if expected else Decimal(1)
    else:
        ratio = expected / actual if actual else Decimal(1)
    key = "met" if ratio >= 1 else "near" if ratio >= NEAR else "behind"
    return _status(key, running=running)


@dataclass
class Card:
    definition: Kpi
    value: Decimal | int | None
    shown: str
    target: Decimal | None
    target_shown: str
    status: Status
    #: For a figure that accumulates, in the current year: the part of the target due by now.
    expected_shown: str = ""

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return str(self.definition.label)


def card(code: str, figures: dict, targets: dict, *, year: int, today: date) -> Card:
    definition = kpi(code)
    value = figures.get(code)
    target = targets.get(code)
    hidden = is_hidden(definition, figures)
    expected = ""
    if target is not None and definition.pro_rata and year == today.year:
        expected = plain(definition.unit, Decimal(target) * year_fraction(year, today))
    return Card(
        definition=definition,
        value=value,
        shown=show(definition, value, figures),
        target=target,
        target_shown="" if target is None else plain(definition.unit, target),
        status=judge(definition, value, target, year=year, today=today, hidden=hidden),
        expected_shown=expected,
    )


@dataclass
class Section:
    title: str
    cards: list[Card]
    note: str = ""


SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        gettext_lazy("Participation"),
        ("newcomers", "buddies", "cohorts_started", "cohorts_completed"),
    ),
    (gettext_lazy("Matches"), ("matches_active", "matches_new", "matches_total", "matches_loose")),
    (gettext_lazy("Volunteers"), ("hours", "hours_value", "volunteers")),
    (
        gettext_lazy("Results"),
        ("eval:dutch_improved", "ladder_up_share", "ladder_change", "evaluations"),
    ),
    (gettext_lazy("Completion and dropout"), ("newcomers_completed", "dropout_rate", "dropouts")),
    (
        gettext_lazy("Waiting list"),
        ("waiting", "waiting_days", "registrations", "placements"),
    ),
)


def sections(figures: dict, targets: dict, *, year: int, today: date) -> list[Section]:
    result = []
    for title, codes in SECTIONS:
        cards = [card(code, figures, targets, year=year, today=today) for code in codes]
        note = ""
        if codes[0].startswith("matches") and all(c.value is None for c in cards):
            note = _("Matches are counted once the matching module is in use.")
        result.append(Section(str(title), cards, note))
    return result


# --- Tables: reasons, dimensions, referrers -------------------------------------------------------


@dataclass
class Row:
    label: str
    shown: str
    value: Decimal | int | None = None
    extra: list[str] = field(default_factory=list)


def dropout_reasons(figures: dict) -> list[Row]:
    return [
        Row(str(label), show(kpi(f"dropout:{code}"), figures.get(f"dropout:{code}") or 0))
        for code, label in StopReason.choices
    ]


def health_changes(figures: dict) -> list[Row]:
    return [
        Row(str(label), show(kpi(f"health:{name}"), figures.get(f"health:{name}"), figures))
        for name, label in HEALTH_DIMENSIONS
    ]


def evaluation_rows(figures: dict) -> list[Row]:
    return [
        Row(
            str(label),
            show(kpi(f"eval:{name}"), figures.get(f"eval:{name}"), figures),
            extra=[show(kpi(f"answered:{name}"), figures.get(f"answered:{name}") or 0)],
        )
        for name, label in EVALUATION_STATEMENTS
    ]


def referrer_rows(figures: dict, names: dict[int, str]) -> list[Row]:
    """Newcomers who took part per referring organisation, largest first; organisations with
    fewer than five are shown as "< 5" (an organisation is no person; the group is)."""
    rows = []
    for code, value in figures.items():
        if not code.startswith("referrer:") or not value:
            continue
        key = code.partition(":")[2]
        label = _("Self or through a friend") if key == "none" else names.get(int(key), "?")
        rows.append(Row(label, show(kpi(code), value), value=int(value)))
    return sorted(rows, key=lambda row: (-(row.value or 0), row.label))


def referrer_ids(by_year: ByYear) -> set[int]:
    return {
        int(code.partition(":")[2])
        for figures in by_year.values()
        for code in figures
        if code.startswith("referrer:") and code != "referrer:none"
    }


# --- Trends -------------------------------------------------------------------------------------


def _number_for_chart(value) -> int | float | None:
    """Whole numbers as int (the table beside the chart shows "3", not "3,0")."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def _series(by_year: ByYear, years: Sequence[int], code: str) -> list:
    definition = kpi(code)
    values = []
    for year in years:
        figures = by_year.get(year, {})
        value = figures.get(code)
        values.append(None if is_hidden(definition, figures) else _number_for_chart(value))
    return values


def _targets(targets: ByYear, years: Sequence[int], code: str) -> list:
    return [_number_for_chart(targets.get(year, {}).get(code)) for year in years]


def _with_target(series: dict, targets: ByYear, years: Sequence[int], code: str, name: str):
    """``series`` plus the targets for ``code`` under ``name``, when any year has one."""
    values = _targets(targets, years, code)
    if any(value is not None for value in values):
        series[name] = values
    return series


def trend_charts(by_year: ByYear, targets: ByYear, years: Sequence[int]) -> dict[str, Chart]:
    """The trends over the years, by name: each chart with its numbers (``{% chart %}``).
    ``matches`` is None while no match figures are available."""
    labels = [str(year) for year in years]
    year_title = _("Year")
    participants = {
        _("Newcomers"): _series(by_year, years, "newcomers"),
        _("Buddies"): _series(by_year, years, "buddies"),
    }
    _with_target(participants, targets, years, "newcomers", _("Target newcomers"))
    matches = {
        _("Active"): _series(by_year, years, "matches_active"),
        _("New"): _series(by_year, years, "matches_new"),
    }
    has_matches = any(value is not None for values in matches.values() for value in values)
    hours = {_("Approved hours"): _series(by_year, years, "hours")}
    _with_target(hours, targets, years, "hours", _("Target"))
    return {
        "participants": bar_chart(
            _("Newcomers and buddies who took part"),
            labels,
            participants,
            people=True,
            label_title=year_title,
        ),
        "cohorts": bar_chart(
            _("Cohorts started and completed"),
            labels,
            {
                _("Started"): _series(by_year, years, "cohorts_started"),
                _("Completed"): _series(by_year, years, "cohorts_completed"),
            },
            label_title=year_title,
        ),
        "matches": (
            line_chart(_("Matches"), labels, matches, people=True, label_title=year_title)
            if has_matches
            else None
        ),
        "hours": bar_chart(_("Volunteer hours"), labels, hours, label_title=year_title),
        **_outcome_charts(by_year, years, labels),
    }


def _outcome_charts(by_year: ByYear, years: Sequence[int], labels: list[str]) -> dict[str, Chart]:
    """Results, dropout and the waiting list over the years."""
    year_title = _("Year")
    return {
        "results": line_chart(
            _("Results and dropout"),
            labels,
            {
                _("Dutch improved (%)"): _series(by_year, years, "eval:dutch_improved"),
                _("Up the participation ladder (%)"): _series(by_year, years, "ladder_up_share"),
                _("Dropout (%)"): _series(by_year, years, "dropout_rate"),
            },
            label_title=year_title,
        ),
        "waiting": bar_chart(
            _("Waiting list on 31 December"),
            labels,
            {_("Newcomers waiting"): _series(by_year, years, "waiting")},
            people=True,
            label_title=year_title,
        ),
    }


def reason_chart(figures: dict, year: int) -> Chart:
    """Why newcomers left in ``year``: a bar per reason (groups under five hidden)."""
    rows = dropout_reasons(figures)
    return bar_chart(
        _("Reasons for leaving in %(year)s") % {"year": year},
        [row.label for row in rows],
        {_("Newcomers"): [int(figures.get(f"dropout:{code}") or 0) for code in StopReason.values]},
        people=True,
        label_title=_("Reason"),
    )


def health_chart(figures: dict, year: int) -> Chart:
    hidden = is_hidden(kpi("health:body"), figures)
    return bar_chart(
        _("Positieve Gezondheid: average change in %(year)s") % {"year": year},
        [str(label) for _name, label in HEALTH_DIMENSIONS],
        {
            _("Change (points)"): [
                None
                if hidden or figures.get(f"health:{name}") is None
                else float(figures[f"health:{name}"])
                for name, _label in HEALTH_DIMENSIONS
            ]
        },
        label_title=_("Dimension"),
    )


# --- The page -----------------------------------------------------------------------------------


@dataclass
class DashboardPage:
    year: int
    years: list[int]
    municipality: Municipality | None
    snapshot: KpiSnapshot | None
    sections: list[Section]
    charts: dict[str, Chart | None]
    reasons: list[Row]
    health: list[Row]
    evaluations: list[Row]
    referrers: list[Row]
    figures: dict


def dashboard_page(
    *, snapshot: KpiSnapshot | None, year: int, municipality: Municipality | None, today: date
) -> DashboardPage:
    """Everything the dashboard shows for one year and scope, from the snapshot: three queries
    (figures, targets, names of referring organisations), however much data lies behind it."""
    years = snapshot.years if snapshot else [year]
    by_year = snapshot_figures(snapshot, municipality)
    targets = targets_for(years, municipality)
    figures = by_year.get(year, {})
    ids = referrer_ids({year: figures})
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return DashboardPage(
        year=year,
        years=years,
        municipality=municipality,
        snapshot=snapshot,
        sections=sections(figures, targets.get(year, {}), year=year, today=today),
        charts=trend_charts(by_year, targets, years),
        reasons=dropout_reasons(figures),
        health=health_changes(figures),
        evaluations=evaluation_rows(figures),
        referrers=referrer_rows(figures, names),
        figures=figures,
    )
