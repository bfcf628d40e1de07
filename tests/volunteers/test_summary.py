"""The yearly summary in the shape of the strategic plan's table, computed in the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.volunteers.factories import HourEntryFactory, VolunteerFactory, today
from volunteers import selectors, services
from volunteers.models import HourEntry, RoleKind
from vvsite.models import Role

pytestmark = pytest.mark.django_db
YEAR = 2023

#: The strategic plan's table: role -> (volunteers, hours each). 28 buddies give its 3,752 hours
#: (the plan's "30" does not: 30 x 134 = 4,020).
PLAN = {
    RoleKind.BUDDY: (28, 134),
    RoleKind.COACH: (7, 250),
    RoleKind.ASSISTANT_COACH: (11, 120),
    RoleKind.BOARD: (5, 100),
    RoleKind.PRAATHUIS: (10, 25),
}


def fill_plan_year(year: int) -> None:
    """Each volunteer's yearly hours as approved entries of at most 12 hours, one day apart."""
    entries = []
    for kind, (count, each) in PLAN.items():
        for _ in range(count):
            volunteer = VolunteerFactory()
            remaining, day = Decimal(each), date(year, 1, 1)
            while remaining:
                hours = min(remaining, Decimal("7.5"))
                entries.append(
                    HourEntry(
                        volunteer=volunteer,
                        date=day,
                        hours=hours,
                        activity="other",
                        role_kind=kind,
                        status="approved",
                    )
                )
                remaining -= hours
                day += timedelta(days=1)
    HourEntry.objects.bulk_create(entries)


@pytest.fixture
def coordinator_client(user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.COORDINATOR))
    return client


def test_approved_hours_of_the_plan_give_its_table_and_value(coordinator_client):
    fill_plan_year(YEAR)
    # Unapproved, rejected and other years' hours are not counted.
    HourEntryFactory(date=date(YEAR, 5, 1), hours=10, role_kind=RoleKind.BUDDY)
    HourEntryFactory(date=date(YEAR, 5, 1), hours=10, status="rejected", rejection_reason="x")
    HourEntryFactory(date=date(YEAR + 1, 1, 1), hours=10, status="approved")
    HourEntryFactory(date=date(YEAR - 1, 12, 31), hours=10, status="approved")

    summary = selectors.year_summary(YEAR)
    rows = {row.kind: row for row in summary.rows}
    assert rows[RoleKind.BUDDY].hours == 3752
    assert rows[RoleKind.COACH].hours == 1750
    assert rows[RoleKind.ASSISTANT_COACH].hours == 1320
    assert rows[RoleKind.BOARD].hours == 500
    assert rows[RoleKind.PRAATHUIS].hours == 250
    assert rows[RoleKind.EXPERT].hours == 0
    assert {kind: rows[kind].volunteers for kind in PLAN} == {k: v[0] for k, v in PLAN.items()}
    assert rows[RoleKind.BUDDY].hours_per_person == 134
    assert (summary.hours, summary.value, summary.volunteers) == (7572, 83292, 61)
    assert summary.submitted_hours == 10

    page = coordinator_client.get(reverse("volunteers:summary", args=[YEAR])).content.decode()
    assert 'data-testid="hours-total">7.572<' in page
    assert 'data-testid="value-total">€ 83.292<' in page
    assert 'data-testid="hours-buddy">3.752<' in page


def test_the_value_follows_the_hourly_value_of_the_year():
    HourEntryFactory(date=date(YEAR, 3, 3), hours=10, status="approved")
    services.year_settings_save(year=YEAR, norms={}, euros=Decimal("12.50"))
    assert selectors.year_summary(YEAR).value == 125
    assert selectors.year_summary(YEAR + 1).hourly_value == Decimal("11.00")


def test_norms_default_to_the_strategic_plan_and_change_per_year():
    assert selectors.norms_for_year(YEAR) == {
        "buddy": 134,
        "coach": 250,
        "assistant_coach": 120,
        "expert": None,
        "board": 100,
        "praathuis": 25,
    }
    services.year_settings_save(
        year=YEAR, norms={"expert": Decimal("80"), "buddy": Decimal("150")}, euros=Decimal("11")
    )
    assert selectors.norms_for_year(YEAR)["expert"] == 80
    assert selectors.norms_for_year(YEAR)["buddy"] == 150
    assert selectors.norms_for_year(YEAR + 1)["buddy"] == 134


def test_an_administrator_sets_norms_and_value_for_a_year(client_for):
    client = client_for(Role.ADMIN)
    data = {"euros": "12", **{f"norm_{kind}": "" for kind in RoleKind.values}, "norm_expert": "60"}
    response = client.post(reverse("volunteers:settings") + f"?jaar={YEAR}", data)
    assert response.status_code == 302
    assert selectors.norms_for_year(YEAR)["expert"] == 60
    assert selectors.norms_for_year(YEAR)["buddy"] == 134
    assert selectors.hourly_value_for_year(YEAR) == 12


def _bulk_entries(volunteers, count: int, year: int) -> None:
    start = date(year, 1, 1)
    days = (min(today(), date(year, 12, 31)) - start).days + 1
    batch = []
    for n in range(count):
        batch.append(
            HourEntry(
                volunteer=volunteers[n % len(volunteers)],
                date=start + timedelta(days=n % days),
                hours=Decimal("0.25") * (1 + n % 8),
                activity="buddy_contact",
                role_kind=RoleKind.values[n % 6],
                status=("approved", "submitted", "approved")[n % 3],
            )
        )
        if len(batch) == 20_000:
            HourEntry.objects.bulk_create(batch)
            batch = []
    HourEntry.objects.bulk_create(batch)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_summary_and_volunteer_home_run_constant_queries_from_10_to_200000_entries(
    coordinator_client,
):
    volunteer = VolunteerFactory(roles=[Role.VOLUNTEER])
    volunteers = [volunteer, *VolunteerFactory.create_batch(9)]
    home = Client()
    home.force_login(volunteer)
    year = today().year
    pages = [
        (coordinator_client, reverse("volunteers:summary", args=[year])),
        (home, reverse("home")),
        (home, reverse("volunteers:portal")),
    ]
    _bulk_entries(volunteers, 10, year)
    few = [_queries(client, url) for client, url in pages]
    _bulk_entries(volunteers, 200_000 - 10, year)
    assert HourEntry.objects.count() == 200_000
    many = [_queries(client, url) for client, url in pages]
    assert many == few
    assert few[0] <= 10 and few[1] <= 15
