"""What each key figure counts, as ``docs/kpis.md`` defines it, on hand-made data."""

from datetime import date
from decimal import Decimal

import pytest

from cohorts.models import Cohort, Enrolment
from reporting import kpis
from tests.factories import UserFactory
from tests.participants.factories import OrganisationFactory, PersonFactory
from tests.reporting import world
from volunteers.models import HourEntry, HourlyValue
from volunteers.selectors import year_summary

pytestmark = pytest.mark.django_db

YEARS = [2023, 2024, 2025]
NEWCOMER, BUDDY = Enrolment.Role.NEWCOMER, Enrolment.Role.BUDDY
LEFT, COMPLETED = Enrolment.Status.LEFT, Enrolment.Status.COMPLETED


def test_taking_part_means_a_cohort_overlapping_the_year_not_left_before_it():
    long = world.cohort(date(2023, 9, 1), date(2025, 2, 28))  # runs in three years
    short = world.cohort(date(2024, 3, 1), date(2024, 8, 31), municipality="Tynaarlo")
    stays, leaves_2024, leaves_before_start = (world.newcomer() for _ in range(3))
    world.enrol(long, stays)
    world.enrol(long, leaves_2024, status=LEFT, ended_on=date(2024, 5, 1))
    world.enrol(short, leaves_before_start, status=LEFT, ended_on=date(2024, 2, 1))
    both = world.newcomer()
    world.enrol(long, both)
    world.enrol(short, both)  # one person in two cohorts of a year counts once
    world.enrol(short, world.buddy(), BUDDY)

    figures = kpis.participation_kpis(YEARS)

    assert figures[(2023, None)]["newcomers"] == 3
    assert figures[(2024, None)]["newcomers"] == 3  # left in May 2024: took part in 2024
    assert figures[(2025, None)]["newcomers"] == 2  # ... but not in 2025
    assert figures[(2024, None)]["buddies"] == 1
    assert figures[(2024, world.place("Tynaarlo").pk)]["newcomers"] == 1  # cohort's municipality
    assert figures[(2024, world.place("Assen").pk)]["newcomers"] == 3


def test_cohorts_started_and_completed_count_by_their_dates():
    world.cohort(date(2024, 3, 1), date(2024, 8, 31), status=Cohort.Status.COMPLETED)
    world.cohort(date(2024, 9, 1), date(2025, 2, 28), status=Cohort.Status.COMPLETED)
    world.cohort(date(2025, 3, 1), date(2025, 8, 31), status=Cohort.Status.CLOSING)

    figures = kpis.participation_kpis(YEARS)

    assert figures[(2024, None)]["cohorts_started"] == 2
    assert figures[(2024, None)]["cohorts_completed"] == 1
    assert figures[(2025, None)]["cohorts_started"] == 1
    assert figures[(2025, None)]["cohorts_completed"] == 1  # the closing one is not completed


def test_dropout_counts_who_left_after_the_start_by_reason_and_as_a_share():
    group = world.cohort(date(2024, 1, 15), date(2024, 12, 15))
    for _ in range(8):
        world.enrol(group, world.newcomer(), status=COMPLETED)
    world.enrol(group, world.newcomer(), status=LEFT, ended_on=date(2024, 3, 1), reason="moved")
    world.enrol(group, world.newcomer(), status=LEFT, ended_on=date(2024, 4, 1), reason="illness")
    world.enrol(group, world.newcomer(), status=LEFT, ended_on=date(2024, 1, 2), reason="moved")

    values = kpis.participation_kpis(YEARS)[(2024, None)]

    assert values["newcomers"] == 10  # the one who left before the start never took part
    assert values["dropouts"] == 2
    assert values["dropout:moved"] == 1
    assert values["dropout:illness"] == 1
    assert values["dropout_rate"] == Decimal("20.0")
    assert values["newcomers_completed"] == 8


def test_referrals_count_newcomers_who_took_part_per_referring_organisation():
    group = world.cohort(date(2024, 1, 15), date(2024, 12, 15))
    school, office = OrganisationFactory(), OrganisationFactory()
    for referrer in (school, school, office, None):
        world.enrol(group, world.newcomer(referrer=referrer))
    world.newcomer(referrer=office)  # registered, never took part

    values = kpis.referral_kpis(YEARS)[(2024, None)]

    assert values == {f"referrer:{school.pk}": 2, f"referrer:{office.pk}": 1, "referrer:none": 1}


def test_hours_for_the_whole_organisation_are_the_hours_summary():
    living_in_tynaarlo = UserFactory()
    PersonFactory(user=living_in_tynaarlo, municipality=world.place("Tynaarlo"))
    without_person = UserFactory()
    world.hours(living_in_tynaarlo, date(2024, 2, 1), "3.5")
    world.hours(living_in_tynaarlo, date(2024, 12, 31), "2", role="coach")
    world.hours(without_person, date(2024, 6, 1), "4.25")
    world.hours(without_person, date(2024, 6, 2), "5", status=HourEntry.Status.SUBMITTED)
    world.hours(without_person, date(2024, 6, 3), "5", status=HourEntry.Status.REJECTED)
    world.hours(without_person, date(2025, 1, 1), "1")
    HourlyValue.objects.create(year=2024, euros=Decimal("12.00"))

    figures = kpis.hour_kpis(YEARS)
    summary = year_summary(2024)

    assert figures[(2024, None)]["hours"] == summary.hours == Decimal("9.75")
    assert figures[(2024, None)]["hours_value"] == summary.value == Decimal("117.00")
    assert figures[(2024, None)]["volunteers"] == summary.volunteers == 2
    assert figures[(2024, world.place("Tynaarlo").pk)]["hours"] == Decimal("5.5")
    assert figures[(2025, None)]["hours_value"] == Decimal("11.00")  # the default hourly value


def test_evaluations_give_the_share_that_agrees_and_moves_on_the_ladder():
    answers = [(5, 2, 4), (4, 2, 2), (4, 3, 3), (2, 1, 4), (None, 4, 4)]  # (dutch, intake, end)
    for dutch, intake_step, end_step in answers:
        profile = world.newcomer(participation_step=intake_step)
        world.evaluation(
            profile, date(2024, 6, 30), dutch_improved=dutch, participation_step=end_step
        )
    world.evaluation(world.newcomer(), date(2023, 6, 30), dutch_improved=1)

    values = kpis.evaluation_kpis(YEARS)[(2024, None)]

    assert values["evaluations"] == 5
    assert values["answered:dutch_improved"] == 4
    assert values["eval:dutch_improved"] == Decimal("75.0")  # 3 of the 4 who answered
    assert values["ladder_pairs"] == 5
    assert values["ladder_up"] == 2
    assert values["ladder_up_share"] == Decimal("40.0")
    assert values["ladder_change"] == Decimal("1.00")  # (2 + 0 + 0 + 3 + 0) / 5


def test_health_change_compares_the_end_with_the_latest_intake_before_it():
    first = world.newcomer()
    world.assessment(first, "intake", date(2023, 1, 10), score=2)
    world.assessment(first, "intake", date(2023, 6, 10), score=4)  # the one that counts
    world.assessment(first, "end", date(2024, 5, 1), score=7, mind=4)
    second = world.newcomer()
    world.assessment(second, "intake", date(2024, 1, 10), score=5)
    world.assessment(second, "end", date(2024, 11, 1), score=6, mind=6)
    alone = world.newcomer()
    world.assessment(alone, "end", date(2024, 11, 1), score=9)  # no intake: not counted

    values = kpis.health_kpis(YEARS)[(2024, None)]

    assert values["health_pairs"] == 2
    assert values["health:body"] == Decimal("2.00")  # (3 + 1) / 2
    assert values["health:mind"] == Decimal("0.50")  # (0 + 1) / 2


def test_waiting_list_at_the_end_of_each_year_and_the_days_waited_until_placement():
    placed = world.newcomer(registered_on=date(2023, 10, 1))
    world.status_change(placed, "waiting", date(2023, 11, 1))
    world.status_change(placed, "placed", date(2024, 1, 31), before="waiting")
    still_waiting = world.newcomer(registered_on=date(2024, 3, 1))
    world.status_change(still_waiting, "waiting", date(2024, 4, 1))
    stopped = world.newcomer(registered_on=date(2024, 3, 1))
    world.status_change(stopped, "waiting", date(2024, 4, 1))
    world.status_change(stopped, "stopped", date(2024, 6, 1), before="waiting")

    figures = kpis.waiting_kpis(YEARS)

    assert figures[(2023, None)]["waiting"] == 1
    assert figures[(2024, None)]["waiting"] == 1
    assert figures[(2025, None)]["waiting"] == 1
    assert figures[(2024, None)]["placements"] == 1
    assert figures[(2024, None)]["waiting_days"] == Decimal(91)
    assert figures[(2023, None)]["registrations"] == 1
    assert figures[(2024, None)]["registrations"] == 2


def test_everything_at_once_has_every_count_for_every_year_and_municipality():
    assen = world.place("Assen").pk  # a browser test before this one may have emptied them
    figures = kpis.kpis_compute(YEARS)

    for year in YEARS:
        assert figures[(year, None)]["newcomers"] == 0
        assert figures[(year, assen)]["hours"] == 0
        assert figures[(year, None)]["eval:dutch_improved"] is None  # nothing to divide
    assert figures[(2024, assen)]["matches_total"] == 0


def test_the_years_worth_computing_start_with_the_first_data_at_most_ten_years_back():
    today = date(2026, 5, 1)
    assert kpis.kpi_years(today) == [2026]
    world.cohort(date(2024, 3, 1), date(2024, 9, 1))
    assert kpis.kpi_years(today) == [2024, 2025, 2026]
    world.cohort(date(2001, 3, 1), date(2001, 9, 1))
    assert kpis.kpi_years(today) == list(range(2017, 2027))
