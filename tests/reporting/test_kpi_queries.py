"""Computing the key figures and showing the dashboard take as many queries for ten people as
for a thousand: the work is aggregation in the database, never a query per row."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import Enrolment
from reporting.kpis import kpis_compute
from reporting.services import kpis_refresh
from tests.factories import UserFactory
from tests.participants.factories import OrganisationFactory
from tests.reporting import world

pytestmark = pytest.mark.django_db

YEARS = list(range(2019, 2027))
PLACES = ["Assen", "Midden-Drenthe", "Tynaarlo", "Noordenveld", "Aa en Hunze"]


def add_data(scale: int) -> None:
    """``scale`` cohorts a year spread over the municipalities, each with newcomers, buddies,
    dropout, evaluations, assessments, waiting-list history and hours."""
    referrers = [OrganisationFactory() for _ in range(2)]
    volunteer = UserFactory()
    for year in YEARS:
        for n in range(scale):
            group = world.cohort(
                date(year, 2 + n % 9, 1), date(year + 1, 1, 31), municipality=PLACES[n % 5]
            )
            for i in range(3):
                profile = world.newcomer(
                    PLACES[(n + i) % 5], referrer=referrers[i % 2], participation_step=2
                )
                world.status_change(profile, "waiting", group.start_date - timedelta(days=60))
                world.status_change(profile, "placed", group.start_date - timedelta(days=5))
                world.enrol(group, profile)
                world.assessment(profile, "intake", group.start_date, score=4)
                world.assessment(profile, "end", group.end_date, score=6)
                world.evaluation(profile, group.end_date, dutch_improved=4, participation_step=3)
            world.enrol(
                group,
                world.newcomer(),
                status=Enrolment.Status.LEFT,
                ended_on=group.start_date + timedelta(days=30),
                reason="moved",
            )
            world.enrol(group, world.buddy(), Enrolment.Role.BUDDY)
            world.hours(volunteer, date(year, 3, 1 + n % 28), "2.5")


def queries_to_compute() -> int:
    with CaptureQueriesContext(connection) as captured:
        kpis_compute(YEARS)
    return len(captured.captured_queries)


def queries_for_dashboard(client, **params) -> int:
    kpis_refresh()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reporting:dashboard"), params)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_computing_every_figure_takes_the_same_queries_for_little_and_much_data():
    add_data(scale=1)
    small = queries_to_compute()
    add_data(scale=6)
    large = queries_to_compute()
    assert small == large
    assert large <= 25


def test_the_dashboard_takes_the_same_queries_for_little_and_much_data(
    board_client, django_assert_max_num_queries
):
    assen = world.place("Assen").pk
    add_data(scale=1)
    small = queries_for_dashboard(board_client)
    small_municipality = queries_for_dashboard(board_client, jaar=2024, gemeente=assen)
    add_data(scale=6)
    large = queries_for_dashboard(board_client)
    large_municipality = queries_for_dashboard(board_client, jaar=2024, gemeente=assen)
    assert small == large
    assert small_municipality == large_municipality
    with django_assert_max_num_queries(12):
        board_client.get(reverse("reporting:dashboard"))
