"""Where a plan line falls, how a series repeats, which days a holiday takes out, and local
times across the change to and from summer time: properties that hold for any dates."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from cohorts.scheduling import (
    Holiday,
    local_moment,
    local_span,
    monday_of,
    plan_day,
    series_days,
    split_by_holidays,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
intervals = st.integers(min_value=1, max_value=8)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0, tzinfo=None))


@st.composite
def holiday_lists(draw, around: date):
    holidays = []
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        first = around + timedelta(days=draw(st.integers(min_value=-30, max_value=400)))
        length = draw(st.integers(min_value=0, max_value=20))
        holidays.append(Holiday(first, first + timedelta(days=length), "vakantie"))
    return holidays


@given(first=days, weeks=st.integers(min_value=0, max_value=160), every=intervals)
def test_a_series_has_one_day_per_interval_on_the_same_weekday(first, weeks, every):
    until = first + timedelta(weeks=weeks, days=3)
    series = series_days(first, until, every)
    assert len(series) == weeks // every + 1
    assert series[0] == first
    assert all(day.weekday() == first.weekday() for day in series)
    assert all((b - a).days == 7 * every for a, b in pairwise(series))
    assert series[-1] <= until < series[-1] + timedelta(weeks=every)


@given(first=days, every=intervals)
def test_a_series_ending_before_it_starts_is_empty_and_a_single_line_is_one_day(first, every):
    assert series_days(first, first - timedelta(days=1), every) == []
    assert series_days(first, first + timedelta(weeks=30), None) == [first]


@given(data=st.data(), first=days, weeks=st.integers(min_value=0, max_value=80), every=intervals)
def test_holidays_take_out_exactly_the_days_they_cover(data, first, weeks, every):
    holidays = data.draw(holiday_lists(first))
    series = series_days(first, first + timedelta(weeks=weeks), every)
    kept, skipped = split_by_holidays(series, holidays)
    assert len(kept) + len(skipped) == len(series)
    assert not any(h.covers(day) for day in kept for h in holidays)
    assert all(holiday.covers(day) for day, holiday in skipped)
    assert sorted(kept + [day for day, _h in skipped]) == series


@given(start=days, length=st.integers(min_value=1, max_value=104), week=st.integers(1, 60))
def test_a_line_from_the_start_falls_in_its_week_and_never_before_the_start(start, length, week):
    end = start + timedelta(weeks=length)
    for weekday in range(7):
        day = plan_day(start=start, end=end, anchor="start", week=week, weekday=weekday)
        assert day.weekday() == weekday
        assert day >= start
        weeks_on = (monday_of(day) - monday_of(start)).days // 7
        assert weeks_on in (week - 1, week)  # the next week when the day came before the start


@given(start=days, length=st.integers(min_value=1, max_value=104), week=st.integers(-4, 52))
def test_a_line_from_the_end_falls_in_its_week_and_not_after_the_end_in_the_last(
    start, length, week
):
    end = start + timedelta(weeks=length)
    for weekday in range(7):
        day = plan_day(start=start, end=end, anchor="end", week=week, weekday=weekday)
        assert day.weekday() == weekday
        if week <= 0:
            assert day <= end
        else:
            assert (monday_of(day) - monday_of(end)).days // 7 == week


@settings(max_examples=300)
@given(day=days, at=times)
def test_a_local_time_stays_local_in_summer_and_winter(day, at):
    moment = local_moment(day, at)
    local = moment.astimezone(AMSTERDAM)
    offset = local.utcoffset()
    assert offset in (timedelta(hours=1), timedelta(hours=2))
    if not _in_switch_hour(day, at):
        assert (local.date(), local.time()) == (day, at)


def _in_switch_hour(day: date, at: time) -> bool:
    """02:00-03:00 on the last Sunday of March does not exist (summer time starts)."""
    return day.month == 3 and day.weekday() == 6 and day.day > 24 and at.hour == 2


def test_evenings_stay_at_seven_across_the_switch_to_winter_time():
    # Summer time ends on Sunday 25 October 2026.
    before = local_moment(date(2026, 10, 20), time(19))
    after = local_moment(date(2026, 10, 27), time(19))
    assert before.astimezone(UTC) == datetime(2026, 10, 20, 17, tzinfo=UTC)
    assert after.astimezone(UTC) == datetime(2026, 10, 27, 18, tzinfo=UTC)
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(days=7, hours=1)


@given(day=days, start=times, end=times)
def test_a_span_ends_after_it_starts(day, start, end):
    starts_at, ends_at = local_span(day, start, end)
    assert ends_at > starts_at
    assert ends_at - starts_at <= timedelta(hours=25)
