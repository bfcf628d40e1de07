"""Dates of a cohort's sessions: where a plan line falls, how a series repeats, which days a
holiday takes out, and local times that stay local across the change to and from summer time.

Plain functions of dates, no database: the services and the property tests call the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule
from django.utils import timezone

#: A series never runs longer than this, whatever the dates typed in.
MAX_SERIES_DAYS = 5 * 366


@dataclass(frozen=True)
class Holiday:
    first_day: date
    last_day: date
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def plan_day(*, start: date, end: date, anchor: str, week: int, weekday: int) -> date:
    """The day a plan line falls on. From the start, week 1 is the week the cohort starts in (a
    day before the start moves a week on); from the end, week 0 is the week it ends in (a day
    after the end moves a week back) and later weeks come after it, for a reunion."""
    if anchor == "end":
        day = monday_of(end) + timedelta(weeks=week, days=weekday)
        if week <= 0 and day > end:
            day -= timedelta(weeks=1)
        return day
    day = monday_of(start) + timedelta(weeks=week - 1, days=weekday)
    if day < start:
        day += timedelta(weeks=1)
    return day


def series_days(first: date, until: date, every_weeks: int | None) -> list[date]:
    """``first``, then every ``every_weeks`` weeks on the same weekday up to ``until``
    (inclusive); only ``first`` when the line does not repeat."""
    if until < first:
        return []
    if not every_weeks:
        return [first]
    until = min(until, first + timedelta(days=MAX_SERIES_DAYS))
    rule = rrule(
        WEEKLY,
        interval=every_weeks,
        dtstart=datetime.combine(first, time()),
        until=datetime.combine(until, time()),
    )
    return [moment.date() for moment in rule]


def holiday_on(day: date, holidays: Sequence[Holiday]) -> Holiday | None:
    return next((holiday for holiday in holidays if holiday.covers(day)), None)


def split_by_holidays(
    days: Sequence[date], holidays: Sequence[Holiday]
) -> tuple[list[date], list[tuple[date, Holiday]]]:
    """The days to keep, and the days a holiday takes out (with that holiday)."""
    kept, skipped = [], []
    for day in days:
        holiday = holiday_on(day, holidays)
        if holiday is None:
            kept.append(day)
        else:
            skipped.append((day, holiday))
    return kept, skipped


def local_zone() -> ZoneInfo:
    return timezone.get_default_timezone()


def local_moment(day: date, at: time) -> datetime:
    """``at`` o'clock on ``day`` in the programme's time zone (Europe/Amsterdam): 19:00 stays
    19:00 on either side of the change to winter time."""
    return datetime.combine(day, at, tzinfo=local_zone())


def local_span(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """Start and end on ``day``; an end at or before the start is taken to be the next day."""
    starts_at = local_moment(day, start)
    ends_at = local_moment(day + timedelta(days=1) if end <= start else day, end)
    return starts_at, ends_at
