"""A cohort's schedule: holidays, and generating its sessions from the programme's plan."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays as holiday_calendars
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from cohorts import scheduling, selectors
from cohorts.models import CoachGroup, Cohort, HolidayPeriod, PlannedSession, Session, SessionLeader
from cohorts.services.common import cohort_ensure_open
from cohorts.services.sessions import ConflictsFound
from participants.models import Person
from vvsite.history import acting_user

logger = logging.getLogger(__name__)


@transaction.atomic
def holiday_add(
    *, cohort: Cohort | None, name: str, first_day: date, last_day: date, by=None
) -> HolidayPeriod:
    """Days without sessions, for one cohort (or, without a cohort, for all)."""
    holiday = HolidayPeriod(
        cohort=cohort, name=name.strip(), first_day=first_day, last_day=last_day or first_day
    )
    if holiday.last_day < holiday.first_day:
        raise ValidationError({"last_day": _("The last day cannot come before the first.")})
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def holiday_remove(*, holiday: HolidayPeriod, by=None) -> None:
    holiday.delete()


def school_holidays(first: date, last: date, *, region: str = "Noord") -> list[scheduling.Holiday]:
    """The Dutch school holidays of ``region`` between two days, from the ``holidays`` package:
    a suggestion the coordinator can take over."""
    years = range(first.year, last.year + 1)
    with translation.override("nl"):
        calendar = holiday_calendars.Netherlands(
            years=years, subdiv=region, categories=("school",), language="nl"
        )
    days = sorted((day, str(name)) for day, name in calendar.items() if first <= day <= last)
    periods: list[scheduling.Holiday] = []
    for day, name in days:
        if periods and periods[-1].name == name and periods[-1].last_day + timedelta(1) == day:
            periods[-1] = scheduling.Holiday(periods[-1].first_day, day, name)
        else:
            periods.append(scheduling.Holiday(day, day, name))
    return periods


@transaction.atomic
def school_holidays_add(*, cohort: Cohort, region: str = "Noord", by=None) -> int:
    """Add the school holidays within the cohort's dates that it does not have yet."""
    known = {(h.first_day, h.last_day) for h in cohort.holidays.all()}
    added = 0
    for period in school_holidays(cohort.start_date, cohort.end_date, region=region):
        if (period.first_day, period.last_day) not in known:
            holiday_add(
                cohort=cohort,
                name=period.name,
                first_day=period.first_day,
                last_day=period.last_day,
                by=by,
            )
            added += 1
    return added


@dataclass
class PlanLine:
    """What the coordinator settles for one line of the programme's plan."""

    kind: str
    title: str
    first_day: date
    start_time: time
    end_time: time
    until: date | None = None
    every_weeks: int | None = None
    audience: str = Session.Audience.EVERYONE
    location: str = ""
    per_group: bool = False
    item: PlannedSession | None = None

    @classmethod
    def from_plan(cls, item: PlannedSession, cohort: Cohort) -> PlanLine:
        return cls(
            kind=item.kind,
            title=item.title,
            first_day=scheduling.plan_day(
                start=cohort.start_date,
                end=cohort.end_date,
                anchor=item.anchor,
                week=item.week,
                weekday=item.weekday,
            ),
            start_time=item.start_time,
            end_time=item.end_time,
            until=cohort.end_date if item.repeat_every_weeks else None,
            every_weeks=item.repeat_every_weeks,
            audience=item.audience,
            per_group=item.per_group,
            item=item,
        )


@dataclass
class Occurrence:
    line: PlanLine
    day: date
    starts_at: datetime
    ends_at: datetime
    location: str
    group: CoachGroup | None = None
    leaders: list[tuple[str, Person]] = dataclasses.field(default_factory=list)
    holiday: scheduling.Holiday | None = None
    exists: bool = False
    conflicts: list[selectors.Conflict] = dataclasses.field(default_factory=list)

    @property
    def will_be_created(self) -> bool:
        return self.holiday is None and not self.exists


def schedule_preview(*, cohort: Cohort, lines: Sequence[PlanLine]) -> list[Occurrence]:
    """What generating would create: every occurrence of every line (per group where the line
    asks for it), the ones a holiday takes out, those that exist already, and clashes with the
    calendar and with each other. A fixed number of queries."""
    occurrences = _occurrences(cohort, lines)
    if not occurrences:
        return occurrences
    start = min(o.starts_at for o in occurrences)
    end = max(o.ends_at for o in occurrences)
    _mark_existing(cohort, occurrences, start, end)
    _mark_conflicts(occurrences, selectors.busy_between(start, end))
    return occurrences


def _occurrences(cohort: Cohort, lines: Sequence[PlanLine]) -> list[Occurrence]:
    """Every day of every line, per group where the line asks for it, in time order."""
    holidays = selectors.holidays_for(cohort)
    groups = selectors.groups_of(cohort) if any(line.per_group for line in lines) else []
    occurrences: list[Occurrence] = []
    for line in lines:
        days = scheduling.series_days(
            line.first_day, line.until or line.first_day, line.every_weeks
        )
        for group in groups if line.per_group else [None]:
            for day in days:
                starts_at, ends_at = scheduling.local_span(day, line.start_time, line.end_time)
                occurrences.append(
                    Occurrence(
                        line=line,
                        day=day,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        location=(group.location if group and group.location else line.location),
                        group=group,
                        leaders=group.leaders() if group else [],
                        holiday=scheduling.holiday_on(day, holidays),
                    )
                )
    occurrences.sort(key=lambda o: (o.starts_at, o.group.name if o.group else ""))
    return occurrences


def _mark_existing(
    cohort: Cohort, occurrences: Sequence[Occurrence], start: datetime, end: datetime
) -> None:
    """Flag the occurrences the cohort has a (not cancelled) session for already."""
    existing = set(
        Session.objects.filter(cohort=cohort, starts_at__gte=start, starts_at__lte=end)
        .exclude(status=Session.Status.CANCELLED)
        .values_list("kind", "group_id", "starts_at")
    )
    for occurrence in occurrences:
        key = (
            occurrence.line.kind,
            occurrence.group.pk if occurrence.group else None,
            occurrence.starts_at,
        )
        occurrence.exists = key in existing


def _mark_conflicts(occurrences: Sequence[Occurrence], busy: list[selectors.Busy]) -> None:
    """Clashes of each new occurrence with the calendar and with the new ones before it."""
    planned: list[selectors.Busy] = []
    for occurrence in occurrences:
        if not occurrence.will_be_created:
            continue
        people = [person for _role, person in occurrence.leaders]
        occurrence.conflicts = selectors.conflicts_with(
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            location=occurrence.location,
            leaders=people,
            busy=busy + planned,
        )
        planned.append(
            selectors.Busy(
                session_id=0,
                title=occurrence.line.title,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                location=occurrence.location,
                leader_ids=frozenset(person.pk for person in people),
                group_name=occurrence.group.name if occurrence.group else "",
            )
        )


@transaction.atomic
def sessions_generate(
    *, cohort: Cohort, lines: Sequence[PlanLine], by=None, confirm: bool = False
) -> list[Session]:
    """Create the cohort's sessions from the chosen plan lines. Days in a holiday are skipped,
    sessions that exist already are not made twice, and clashes need ``confirm``."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)  # one generation at a time
    cohort_ensure_open(cohort)
    if any(line.per_group for line in lines) and not cohort.groups.exists():
        raise ValidationError(
            _("Form the coach groups first: coach-group evenings are planned per group.")
        )
    occurrences = [o for o in schedule_preview(cohort=cohort, lines=lines) if o.will_be_created]
    conflicts = [conflict for o in occurrences for conflict in o.conflicts]
    if conflicts and not confirm:
        raise ConflictsFound(conflicts)
    made_by = acting_user(by)
    sessions = [
        Session(
            kind=o.line.kind,
            title=o.line.title,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            location=o.location,
            cohort=cohort,
            group=o.group,
            audience=o.line.audience,
            plan_item=o.line.item,
            created_by=made_by,
        )
        for o in occurrences
    ]
    created = Session.objects.bulk_create(sessions, batch_size=500)
    SessionLeader.objects.bulk_create(
        [
            SessionLeader(session=session, person=person, role=role)
            for session, occurrence in zip(created, occurrences, strict=True)
            for role, person in occurrence.leaders
        ],
        batch_size=500,
    )
    Session.history.bulk_history_create(created, default_user=made_by)
    logger.info("Cohort %s: %s sessions generated", cohort.pk, len(created))
    return created
