"""Closing reported periods, the overview per volunteer and one volunteer's page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.volunteers.factories import (
    ClosedPeriodFactory,
    HourEntryFactory,
    VolunteerFactory,
    VolunteerRoleFactory,
    today,
)
from volunteers.models import ClosedPeriod, RoleKind, VolunteerProfile, VolunteerRole
from vvsite.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.COORDINATOR))
    return client


def test_a_coordinator_closes_last_month_but_not_the_current_one(coordinator):
    last = today().replace(day=1) - timedelta(days=1)
    url = reverse("volunteers:periods")
    assert coordinator.post(url, {"year": last.year, "month": last.month}).status_code == 302
    assert ClosedPeriod.objects.filter(year=last.year, month=last.month).exists()
    response = coordinator.post(url, {"year": today().year, "month": today().month})
    assert "Alleen een periode die voorbij is" in response.content.decode()
    response = coordinator.post(url, {"year": last.year, "month": last.month})
    assert "is al afgesloten" in response.content.decode()


def test_approving_in_a_closed_period_is_refused_and_reopening_is_for_administrators(
    coordinator, client_for
):
    entry = HourEntryFactory(date=date(2024, 2, 10))
    period = ClosedPeriodFactory(year=2024, month=2)
    coordinator.post(reverse("volunteers:queue"), {"entries": [entry.pk], "action": "approve"})
    entry.refresh_from_db()
    assert entry.status == "submitted"
    reopen = reverse("volunteers:period_reopen", args=[period.pk])
    assert coordinator.post(reopen).status_code == 403
    assert client_for(Role.ADMIN).post(reopen).status_code == 302
    assert not ClosedPeriod.objects.exists()


def test_the_overview_shows_each_volunteer_against_their_norm(
    coordinator, django_assert_max_num_queries
):
    year = today().year
    role = VolunteerRoleFactory(
        kind=RoleKind.BUDDY, year=year, user=VolunteerFactory(full_name="Anna Bakker")
    )
    HourEntryFactory(
        volunteer=role.user, date=date(year, 1, 2), hours=Decimal("12"), status="approved"
    )
    HourEntryFactory(volunteer=role.user, date=date(year, 1, 3), hours=Decimal("1.5"))
    HourEntryFactory(
        volunteer=role.user, date=date(year - 1, 1, 3), hours=Decimal("5"), status="approved"
    )
    with django_assert_max_num_queries(12):
        response = coordinator.get(reverse("volunteers:overview"), {"jaar": year})
    row = next(iter(response.context["table"].paginated_rows))
    assert row.get_cell("full_name").endswith("Anna Bakker</a>")
    assert (row.get_cell("role_list"), row.get_cell("approved"), row.get_cell("submitted")) == (
        "Maatje",
        "12",
        "1,5",
    )
    assert (row.get_cell("norm"), row.get_cell("progress")) == ("134", "8%")
    VolunteerRoleFactory.create_batch(40, year=year)
    with django_assert_max_num_queries(12):
        coordinator.get(reverse("volunteers:overview"), {"jaar": year})


def test_a_coordinator_gives_a_volunteer_a_role_and_a_start_date(coordinator):
    volunteer = VolunteerFactory()
    url = reverse("volunteers:volunteer_detail", args=[volunteer.pk])
    coordinator.post(url, {"add_role": "1", "year": 2025, "kind": "coach"})
    coordinator.post(url, {"set_start": "1", "started_on": "2025-02-01"})
    assert list(VolunteerRole.objects.values_list("user", "year", "kind")) == [
        (volunteer.pk, 2025, "coach")
    ]
    assert VolunteerProfile.objects.get(user=volunteer).started_on == date(2025, 2, 1)


def test_a_role_with_hours_cannot_be_removed(coordinator):
    role = VolunteerRoleFactory(year=2024, kind=RoleKind.BUDDY)
    HourEntryFactory(volunteer=role.user, date=date(2024, 3, 3), role_kind=RoleKind.BUDDY)
    url = reverse("volunteers:volunteer_detail", args=[role.user.pk])
    coordinator.post(url, {"remove_role": role.pk})
    assert VolunteerRole.objects.filter(pk=role.pk).exists()


def test_the_volunteer_page_is_only_for_volunteers_and_coaches(coordinator, user_with_role):
    board = user_with_role(Role.BOARD)
    assert (
        coordinator.get(reverse("volunteers:volunteer_detail", args=[board.pk])).status_code == 404
    )
