"""Generating a cohort's sessions from its programme: the right number of coach-group evenings
per group, holiday weeks skipped, local times kept, nothing made twice, clashes confirmed."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from cohorts.models import Programme, Session, SessionLeader
from cohorts.programmes import programmes_ensure
from cohorts.services.lifecycle import cohort_create
from cohorts.services.schedule import PlanLine, holiday_add, schedule_preview, sessions_generate
from cohorts.services.sessions import ConflictsFound
from tests.cohorts.factories import CoachGroupFactory, CohortFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Monday 7 September 2026; the 6-month programme ends it 26 weeks later, on Sunday 7 March 2027.
START = date(2026, 9, 7)
# Coach-group evenings: week 3's Tuesday, then every other Tuesday up to the end. By hand:
EVENINGS = [
    date(2026, 9, 22),
    date(2026, 10, 6),
    date(2026, 10, 20),  # autumn holiday
    date(2026, 11, 3),  # the first Tuesday after the switch to winter time
    date(2026, 11, 17),
    date(2026, 12, 1),
    date(2026, 12, 15),
    date(2026, 12, 29),  # Christmas holiday
    date(2027, 1, 12),
    date(2027, 1, 26),
    date(2027, 2, 9),
    date(2027, 2, 23),
]
HOLIDAYS = [
    ("Herfstvakantie", date(2026, 10, 17), date(2026, 10, 25)),
    ("Kerstvakantie", date(2026, 12, 19), date(2027, 1, 3)),
]


@pytest.fixture
def six_months():
    programmes_ensure()
    programme = Programme.objects.get(name="Maatjesprogramma 6 maanden")
    cohort = cohort_create(
        fields={
            "number": 40,
            "programme": programme,
            "municipality": CohortFactory.build().municipality,
            "start_date": START,
        }
    )
    for name, first, last in HOLIDAYS:
        holiday_add(cohort=cohort, name=name, first_day=first, last_day=last)
    return cohort


def _lines(cohort):
    return [PlanLine.from_plan(item, cohort) for item in cohort.programme.plan.all()]


def test_a_six_month_cohort_ends_after_26_weeks():
    programmes_ensure()
    programme = Programme.objects.get(name="Maatjesprogramma 6 maanden")
    assert programme.duration_weeks == 26
    cohort = cohort_create(
        fields={
            "number": 41,
            "programme": programme,
            "municipality": CohortFactory.build().municipality,
            "start_date": START,
            "end_date": None,
        }
    )
    assert cohort.end_date == date(2027, 3, 7)
    assert (cohort.newcomer_capacity, cohort.buddy_capacity) == (15, 15)


def test_three_groups_get_ten_evenings_each_with_the_holiday_weeks_skipped(six_months):
    groups = [CoachGroupFactory(cohort=six_months, name=f"Groep {n}") for n in (1, 2, 3)]

    created = sessions_generate(cohort=six_months, lines=_lines(six_months))

    evenings = Session.objects.filter(cohort=six_months, kind=Session.Kind.COACH_GROUP)
    expected = [day for day in EVENINGS if day not in (date(2026, 10, 20), date(2026, 12, 29))]
    assert len(expected) == 10
    for group in groups:
        days = [s.starts_at.astimezone(AMSTERDAM).date() for s in evenings.filter(group=group)]
        assert sorted(days) == expected
    assert evenings.count() == 30
    # Kick-off, buddy training, culture training, meeting day and closing once for the cohort;
    # the reunion falls after the end.
    once = Session.objects.filter(cohort=six_months, group__isnull=True)
    assert once.count() == 6
    assert len(created) == 36


def test_evenings_are_at_seven_local_time_on_either_side_of_the_switch_to_winter_time(
    six_months,
):
    CoachGroupFactory(cohort=six_months)
    sessions_generate(cohort=six_months, lines=_lines(six_months))
    evenings = Session.objects.filter(kind=Session.Kind.COACH_GROUP).order_by("starts_at")
    local = [s.starts_at.astimezone(AMSTERDAM) for s in evenings]
    assert {moment.time() for moment in local} == {time(19)}
    summer = next(s for s in evenings if s.starts_at.date() == date(2026, 10, 6))
    winter = next(s for s in evenings if s.starts_at.date() == date(2026, 11, 3))
    assert summer.starts_at.hour == 17  # stored in UTC: 19:00 summer time
    assert winter.starts_at.hour == 18  # 19:00 winter time


def test_generated_group_sessions_are_led_by_the_groups_leaders(six_months):
    group = CoachGroupFactory(cohort=six_months)
    sessions_generate(cohort=six_months, lines=_lines(six_months))
    evening = Session.objects.filter(group=group).first()
    assert list(evening.leader_links.values_list("person", "role")) == [
        (group.coach_id, SessionLeader.Role.COACH)
    ]


def test_generating_again_makes_nothing_twice(six_months):
    CoachGroupFactory(cohort=six_months)
    first = sessions_generate(cohort=six_months, lines=_lines(six_months))
    again = sessions_generate(cohort=six_months, lines=_lines(six_months))
    assert first and again == []
    preview = schedule_preview(cohort=six_months, lines=_lines(six_months))
    assert all(o.exists or o.holiday for o in preview)


def test_evenings_per_group_need_groups_first(six_months):
    with pytest.raises(ValidationError, match="coachgroepen"):
        sessions_generate(cohort=six_months, lines=_lines(six_months))
    assert not Session.objects.exists()


def test_two_groups_in_one_room_at_one_time_is_a_clash_to_confirm(six_months):
    for n in (1, 2):
        CoachGroupFactory(cohort=six_months, name=f"Groep {n}", location="Buurthuis De Kolk")
    evenings = [line for line in _lines(six_months) if line.per_group]

    with pytest.raises(ConflictsFound) as found:
        sessions_generate(cohort=six_months, lines=evenings)
    assert {conflict.kind for conflict in found.value.conflicts} == {"location"}
    assert not Session.objects.exists()

    created = sessions_generate(cohort=six_months, lines=evenings, confirm=True)
    assert len(created) == 20


def test_a_leader_leading_two_groups_at_once_is_a_clash(six_months):
    first = CoachGroupFactory(cohort=six_months, name="Groep 1")
    CoachGroupFactory(cohort=six_months, name="Groep 2", assistant_coach=first.coach)
    evenings = [line for line in _lines(six_months) if line.per_group]
    with pytest.raises(ConflictsFound) as found:
        sessions_generate(cohort=six_months, lines=evenings)
    conflict = found.value.conflicts[0]
    assert (conflict.kind, conflict.person) == ("leader", first.coach)
