"""What each key figure of the board's dashboard and the annual report is.

One ``Kpi`` per figure: its code (how it is stored in the yearly rollup and in targets), its
label, its unit, which way is better, and whether it counts people (then a group smaller than
five is shown as "< 5"). How each is computed is in ``reporting.kpis`` and ``docs/kpis.md``.

Figures that are split by a category carry it in their code: ``dropout:moved`` (newcomers who
left a cohort in the year because they moved away), ``referrer:12`` (newcomers referred by
organisation 12 who took part), ``health:mind`` (average change in mental wellbeing).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.models import EVALUATION_STATEMENTS, HEALTH_DIMENSIONS, StopReason


class Unit(models.TextChoices):
    PEOPLE = "people", _("people")
    COUNT = "count", _("number")
    HOURS = "hours", _("hours")
    EUROS = "euros", _("euros")
    PERCENT = "percent", _("percent")
    DAYS = "days", _("days")
    STEPS = "steps", _("steps")
    POINTS = "points", _("points")


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    unit: str
    #: What the figure counts, one sentence for the dashboard's explanations.
    help: str = ""
    higher_is_better: bool = True
    #: Accumulates during the year (hours, new matches): in the current year it is compared
    #: with the part of the target that is due by today.
    pro_rata: bool = False
    #: For a share or an average: the code of the number of people it is computed over. When
    #: that group is smaller than five, the figure is not shown.
    base: str = ""
    #: Administrators can set a target for it.
    targetable: bool = False

    @property
    def people(self) -> bool:
        return self.unit == Unit.PEOPLE


class TargetKpi(models.TextChoices):
    """The figures administrators can set a yearly target for."""

    NEWCOMERS = "newcomers", _("Newcomers who took part")
    BUDDIES = "buddies", _("Buddies who took part")
    COHORTS_STARTED = "cohorts_started", _("Cohorts started")
    COHORTS_COMPLETED = "cohorts_completed", _("Cohorts completed")
    MATCHES_ACTIVE = "matches_active", _("Active matches")
    MATCHES_NEW = "matches_new", _("New matches")
    MATCHES_TOTAL = "matches_total", _("All matches ever")
    HOURS = "hours", _("Volunteer hours")
    HOURS_VALUE = "hours_value", _("Value of the volunteer hours")
    DUTCH_IMPROVED = "eval:dutch_improved", _("Share whose Dutch improved")
    LADDER_UP = "ladder_up_share", _("Share up the participation ladder")
    DROPOUT_RATE = "dropout_rate", _("Dropout")
    WAITING = "waiting", _("Waiting list at the end of the year")
    WAITING_DAYS = "waiting_days", _("Average waiting time")
    REGISTRATIONS = "registrations", _("Newcomers registered")


_T = {choice.value: choice.label for choice in TargetKpi}

KPIS: tuple[Kpi, ...] = (
    # Participation
    Kpi(
        "newcomers",
        _T["newcomers"],
        Unit.PEOPLE,
        _("Newcomers in a cohort that ran during the year, unless they left before it."),
        targetable=True,
    ),
    Kpi(
        "buddies",
        _T["buddies"],
        Unit.PEOPLE,
        _("Buddies in a cohort that ran during the year, unless they left before it."),
        targetable=True,
    ),
    Kpi(
        "newcomers_completed",
        _("Newcomers who completed"),
        Unit.PEOPLE,
        _("Newcomers who completed a cohort that ended in the year."),
    ),
    Kpi(
        "cohorts_started",
        _T["cohorts_started"],
        Unit.COUNT,
        _("Cohorts whose start date lies in the year."),
        pro_rata=True,
        targetable=True,
    ),
    Kpi(
        "cohorts_completed",
        _T["cohorts_completed"],
        Unit.COUNT,
        _("Completed cohorts whose end date lies in the year."),
        pro_rata=True,
        targetable=True,
    ),
    # Dropout
    Kpi(
        "dropouts",
        _("Newcomers who left"),
        Unit.PEOPLE,
        _("Newcomers who left their cohort during the year, after it had started."),
        higher_is_better=False,
    ),
    Kpi(
        "dropout_rate",
        _T["dropout_rate"],
        Unit.PERCENT,
        _("Newcomers who left, as a share of the newcomers who took part."),
        higher_is_better=False,
        base="newcomers",
        targetable=True,
    ),
    # Matches
    Kpi(
        "matches_active",
        _T["matches_active"],
        Unit.PEOPLE,
        _("Matches that were active at some time during the year."),
        targetable=True,
    ),
    Kpi(
        "matches_new",
        _T["matches_new"],
        Unit.PEOPLE,
        _("Matches that became active during the year."),
        pro_rata=True,
        targetable=True,
    ),
    Kpi(
        "matches_loose",
        _("New matches outside a cohort"),
        Unit.PEOPLE,
        _("New matches of the year that are not part of a cohort."),
    ),
    Kpi(
        "matches_total",
        _T["matches_total"],
        Unit.PEOPLE,
        _("Every match that became active, up to the end of the year."),
        targetable=True,
    ),
    # Volunteer hours
    Kpi(
        "hours",
        _T["hours"],
        Unit.HOURS,
        _("Approved volunteer hours in the year, as in the hours summary."),
        pro_rata=True,
        targetable=True,
    ),
    Kpi(
        "hours_value",
        _T["hours_value"],
        Unit.EUROS,
        _("The approved hours times the year's hourly value."),
        pro_rata=True,
        targetable=True,
    ),
    Kpi(
        "volunteers",
        _("Volunteers with hours"),
        Unit.PEOPLE,
        _("Volunteers with approved hours in the year."),
    ),
    # Evaluation
    Kpi(
        "evaluations",
        _("Evaluations"),
        Unit.PEOPLE,
        _("End-of-programme evaluations filled in during the year."),
    ),
    *(
        Kpi(
            f"eval:{name}",
            _T.get(f"eval:{name}", label),
            Unit.PERCENT,
            _("Share answering 'agree' or 'strongly agree', of those who answered."),
            base=f"answered:{name}",
            targetable=name == "dutch_improved",
        )
        for name, label in EVALUATION_STATEMENTS
    ),
    *(Kpi(f"answered:{name}", label, Unit.PEOPLE) for name, label in EVALUATION_STATEMENTS),
    Kpi(
        "ladder_pairs",
        _("Participation ladder measured twice"),
        Unit.PEOPLE,
        _("Evaluations of the year with the ladder step at intake and at the end."),
    ),
    Kpi(
        "ladder_up",
        _("Up the participation ladder"),
        Unit.PEOPLE,
        _("Of those, the newcomers who ended on a higher step than at intake."),
    ),
    Kpi(
        "ladder_up_share",
        _T["ladder_up_share"],
        Unit.PERCENT,
        _("Newcomers who went up the ladder, of those measured twice."),
        base="ladder_pairs",
        targetable=True,
    ),
    Kpi(
        "ladder_change",
        _("Average move on the participation ladder"),
        Unit.STEPS,
        _("Average number of steps from intake to the end."),
        base="ladder_pairs",
    ),
    Kpi(
        "health_pairs",
        _("Positieve Gezondheid measured twice"),
        Unit.PEOPLE,
        _("Newcomers with an end assessment in the year and an intake assessment before it."),
    ),
    *(
        Kpi(
            f"health:{name}",
            label,
            Unit.POINTS,
            _("Average change from intake to the end, on a scale of 0 to 10."),
            base="health_pairs",
        )
        for name, label in HEALTH_DIMENSIONS
    ),
    # Waiting list and referrals
    Kpi(
        "registrations",
        _T["registrations"],
        Unit.PEOPLE,
        _("Newcomers registered during the year."),
        pro_rata=True,
        targetable=True,
    ),
    Kpi(
        "waiting",
        _T["waiting"],
        Unit.PEOPLE,
        _("Newcomers on the waiting list on 31 December (this year: today)."),
        higher_is_better=False,
        targetable=True,
    ),
    Kpi(
        "placements",
        _("Placed from the waiting list"),
        Unit.PEOPLE,
        _("Newcomers who left the waiting list for a place in a cohort during the year."),
    ),
    Kpi(
        "waiting_days",
        _T["waiting_days"],
        Unit.DAYS,
        _("Average days on the waiting list of the newcomers placed during the year."),
        higher_is_better=False,
        base="placements",
        targetable=True,
    ),
)
_BY_CODE = {kpi.code: kpi for kpi in KPIS}


def kpi(code: str) -> Kpi:
    """The definition of ``code``; split codes (``dropout:moved``, ``referrer:12``) get theirs."""
    if code in _BY_CODE:
        return _BY_CODE[code]
    family, _sep, key = code.partition(":")
    if family == "dropout":
        return Kpi(code, dict(StopReason.choices).get(key, key), Unit.PEOPLE)
    if family == "referrer":
        return Kpi(code, key, Unit.PEOPLE)
    raise KeyError(code)


#: Targets from the strategic plan 2024–2027, used for a year without its own target.
DEFAULT_TARGETS: dict[tuple[int, str], int] = {
    (2025, "newcomers"): 35,
    (2025, "buddies"): 35,
    (2027, "cohorts_started"): 4,
    (2027, "newcomers"): 40,
    (2027, "buddies"): 40,
}
