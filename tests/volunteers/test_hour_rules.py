"""The rules for logging hours, enforced by the service (and, where possible, the database)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.volunteers.factories import (
    ClosedPeriodFactory,
    HourEntryFactory,
    VolunteerFactory,
    VolunteerProfileFactory,
    VolunteerRoleFactory,
    today,
)
from volunteers import services
from volunteers.models import HourEntry, RoleKind

pytestmark = pytest.mark.django_db


def log(volunteer, hours, day=None, activity="buddy_contact", **extra):
    return services.hour_create(
        volunteer=volunteer,
        fields=services.HourFields(
            date=day or today() - timedelta(days=1),
            hours=Decimal(str(hours)),
            activity=activity,
            **extra,
        ),
    )


def refused(volunteer, hours, day=None, **extra) -> dict:
    with pytest.raises(ValidationError) as caught:
        log(volunteer, hours, day, **extra)
    assert not HourEntry.objects.exists()
    return caught.value.message_dict


def test_hours_are_logged_as_submitted_under_the_usual_role_of_the_activity():
    volunteer = VolunteerFactory()
    entry = log(volunteer, "1.75", activity="coach_group")
    assert entry.status == HourEntry.Status.SUBMITTED
    assert entry.hours == Decimal("1.75")
    assert entry.role_kind == RoleKind.COACH


def test_a_volunteer_with_one_role_logs_every_activity_under_it():
    role = VolunteerRoleFactory(kind=RoleKind.ASSISTANT_COACH)
    entry = log(role.user, 2, day=today(), activity="training")
    assert entry.role_kind == RoleKind.ASSISTANT_COACH


def test_a_role_the_volunteer_does_not_hold_that_year_is_refused():
    role = VolunteerRoleFactory(kind=RoleKind.BUDDY)
    errors = refused(role.user, 2, day=today(), role_kind=RoleKind.COACH)
    assert "Kies een van je rollen" in errors["role_kind"][0]


def test_a_date_in_the_future_is_refused():
    errors = refused(VolunteerFactory(), 2, day=today() + timedelta(days=1))
    assert errors["date"] == ["Je kunt geen uren invoeren voor een datum in de toekomst."]


def test_a_date_before_the_volunteer_started_is_refused():
    profile = VolunteerProfileFactory(started_on=today() - timedelta(days=10))
    errors = refused(profile.user, 2, day=today() - timedelta(days=11))
    assert "begonnen als vrijwilliger" in errors["date"][0]
    assert log(profile.user, 2, day=today() - timedelta(days=10)).pk


@pytest.mark.parametrize("hours", ["0", "-1", "-0.25"])
def test_zero_or_negative_hours_are_refused(hours):
    errors = refused(VolunteerFactory(), hours)
    assert errors["hours"] == ["Vul meer dan 0 uur in."]


@pytest.mark.parametrize("hours", ["1.1", "0.1", "2.3", "11.99"])
def test_hours_not_in_quarter_steps_are_refused(hours):
    errors = refused(VolunteerFactory(), hours)
    assert "stappen van een kwartier" in errors["hours"][0]


def test_more_than_twelve_hours_in_one_entry_is_refused():
    errors = refused(VolunteerFactory(), "12.25")
    assert errors["hours"] == ["Per dag kun je hoogstens 12 uur invoeren."]


def test_twelve_and_a_half_hours_on_one_day_in_total_are_refused():
    volunteer = VolunteerFactory()
    day = today() - timedelta(days=3)
    log(volunteer, 8, day)
    with pytest.raises(ValidationError) as caught:
        log(volunteer, "4.5", day)
    assert "meer dan 12 uur op één dag" in caught.value.message_dict["hours"][0]
    assert HourEntry.objects.count() == 1
    assert log(volunteer, 4, day).pk  # exactly twelve is fine


def test_rejected_hours_do_not_count_towards_the_daily_total():
    volunteer = VolunteerFactory()
    day = today() - timedelta(days=3)
    HourEntryFactory(
        volunteer=volunteer, date=day, hours=10, status="rejected", rejection_reason="x"
    )
    assert log(volunteer, 12, day).pk


def test_hours_in_a_closed_month_are_refused():
    volunteer = VolunteerFactory()
    last_year = today().year - 1
    ClosedPeriodFactory(year=last_year, month=3)
    errors = refused(volunteer, 2, day=today().replace(year=last_year, month=3, day=15))
    assert errors["date"] == [
        f"Maart {last_year} is afgesloten: de uren daarin kunnen niet meer veranderen."
    ]
    assert log(volunteer, 2, day=today().replace(year=last_year, month=4, day=15)).pk


def test_hours_in_a_closed_year_are_refused():
    volunteer = VolunteerFactory()
    last_year = today().year - 1
    ClosedPeriodFactory(year=last_year, month=None)
    errors = refused(volunteer, 2, day=today().replace(year=last_year, month=11, day=2))
    assert f"{last_year} is afgesloten" in errors["date"][0]


# --- Database constraints: the last line when something bypasses the service -----------------
@pytest.mark.parametrize("hours", ["0", "-1", "1.1", "12.25", "0.10"])
def test_the_database_refuses_hours_out_of_range_or_off_the_quarter(hours):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntryFactory(hours=Decimal(hours))


@pytest.mark.parametrize("hours", ["0.25", "0.5", "0.75", "1", "11.75", "12"])
def test_the_database_accepts_quarter_hours_up_to_twelve(hours):
    assert HourEntryFactory(hours=Decimal(hours)).pk


def test_the_database_refuses_a_rejection_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        HourEntryFactory(status="rejected", rejection_reason="")


# --- Properties ---------------------------------------------------------------------------------
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@HYPOTHESIS
@given(
    quarters=st.integers(min_value=-8, max_value=60), extra=st.integers(min_value=0, max_value=99)
)
def test_only_positive_quarter_hours_up_to_twelve_are_accepted(quarters, extra):
    hours = Decimal(quarters) / 4 + Decimal(extra) / 100 * (extra % 25 != 0)
    volunteer = VolunteerFactory()
    ok = hours > 0 and hours <= 12 and (hours * 4) % 1 == 0
    try:
        with transaction.atomic():
            log(volunteer, hours)
    except ValidationError:
        assert not ok
    else:
        assert ok
    HourEntry.objects.filter(volunteer=volunteer).delete()


@HYPOTHESIS
@given(st.lists(st.integers(min_value=1, max_value=48), min_size=1, max_size=8))
def test_a_day_never_holds_more_than_twelve_hours(quarter_list):
    volunteer = VolunteerFactory()
    day = today() - timedelta(days=2)
    accepted = Decimal(0)
    for quarters in quarter_list:
        hours = Decimal(quarters) / 4
        try:
            with transaction.atomic():
                log(volunteer, hours, day)
        except ValidationError:
            assert accepted + hours > 12
        else:
            accepted += hours
    total = sum(e.hours for e in HourEntry.objects.filter(volunteer=volunteer, date=day))
    assert total == accepted <= 12
