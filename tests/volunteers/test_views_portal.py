"""The volunteer's portal: log, change and delete one's own hours; nobody else's."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.volunteers.factories import (
    ClosedPeriodFactory,
    HourEntryFactory,
    HourSuggestionFactory,
    VolunteerFactory,
    today,
)
from volunteers.models import HourEntry, VolunteerProfile
from vvsite.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer():
    return VolunteerFactory()


@pytest.fixture
def client(volunteer):
    client = Client()
    client.force_login(volunteer)
    return client


def post_hours(client, **data):
    payload = {
        "date": (today() - timedelta(days=1)).isoformat(),
        "hours": "2",
        "activity": "buddy_contact",
    }
    payload.update(data)
    return client.post(reverse("volunteers:hour_create"), payload)


def test_a_volunteer_logs_hours_with_a_decimal_comma(client, volunteer):
    response = post_hours(client, hours="1,5", note="Samen naar de markt")
    assert response.status_code == 302
    entry = HourEntry.objects.get()
    assert (entry.volunteer, entry.hours, entry.note) == (
        volunteer,
        Decimal("1.5"),
        "Samen naar de markt",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"date": (today() + timedelta(days=1)).isoformat()},
            "Je kunt geen uren invoeren voor een datum in de toekomst.",
        ),
        ({"hours": "0"}, "Vul meer dan 0 uur in."),
        ({"hours": "-2"}, "Vul meer dan 0 uur in."),
        ({"hours": "1.1"}, "Vul uren in stappen van een kwartier in"),
        ({"hours": "1,1"}, "Vul uren in stappen van een kwartier in"),
        ({"hours": "twee"}, "Vul het aantal uren in als getal"),
        ({"hours": "12.5"}, "Per dag kun je hoogstens 12 uur invoeren."),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_written(client, data, message):
    response = post_hours(client, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not HourEntry.objects.exists()


def test_twelve_and_a_half_hours_on_one_day_in_total_are_refused_in_the_form(client, volunteer):
    HourEntryFactory(volunteer=volunteer, date=today() - timedelta(days=1), hours=Decimal("8"))
    response = post_hours(client, hours="4,5")
    assert "meer dan 12 uur op één dag" in response.content.decode()
    assert HourEntry.objects.count() == 1


def test_hours_in_a_closed_month_are_refused_in_the_form(client):
    day = today().replace(day=1) - timedelta(days=1)
    ClosedPeriodFactory(year=day.year, month=day.month)
    response = post_hours(client, date=day.isoformat())
    assert "is afgesloten" in response.content.decode()
    assert not HourEntry.objects.exists()


def test_a_one_tap_button_prefills_todays_form(client):
    url = reverse("volunteers:hour_create") + "?activity=coach_group&hours=2.50&role_kind=coach"
    form = client.get(url).context["form"]
    assert form.initial == {
        "date": today(),
        "activity": "coach_group",
        "role_kind": "coach",
        "hours": "2.50",
    }


def test_a_volunteer_changes_a_submitted_entry(client, volunteer):
    entry = HourEntryFactory(volunteer=volunteer)
    response = client.post(
        reverse("volunteers:hour_update", args=[entry.pk]),
        {"date": entry.date.isoformat(), "hours": "3.25", "activity": "event"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.hours, entry.activity) == (Decimal("3.25"), "event")


def test_changing_a_rejected_entry_submits_it_again(client, volunteer):
    entry = HourEntryFactory(volunteer=volunteer, status="rejected", rejection_reason="Dubbel")
    client.post(
        reverse("volunteers:hour_update", args=[entry.pk]),
        {"date": entry.date.isoformat(), "hours": "1", "activity": "buddy_contact"},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.rejection_reason) == ("submitted", "")


def test_approved_hours_can_be_neither_changed_nor_deleted(client, volunteer):
    entry = HourEntryFactory(volunteer=volunteer, status="approved")
    client.post(
        reverse("volunteers:hour_update", args=[entry.pk]),
        {"date": entry.date.isoformat(), "hours": "5", "activity": "buddy_contact"},
    )
    client.post(reverse("volunteers:hour_delete", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.hours == Decimal("2")


def test_a_volunteer_deletes_a_submitted_entry(client, volunteer):
    entry = HourEntryFactory(volunteer=volunteer)
    assert client.post(reverse("volunteers:hour_delete", args=[entry.pk])).status_code == 302
    assert not HourEntry.objects.filter(pk=entry.pk).exists()


def test_entries_in_a_closed_month_cannot_be_deleted(client, volunteer):
    entry = HourEntryFactory(volunteer=volunteer, date=today().replace(day=1) - timedelta(days=1))
    ClosedPeriodFactory(year=entry.date.year, month=entry.date.month)
    client.post(reverse("volunteers:hour_delete", args=[entry.pk]))
    assert HourEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("url_name", ["volunteers:hour_update", "volunteers:hour_delete"])
def test_another_volunteers_entry_is_not_found_by_changing_the_id(client, url_name):
    other = HourEntryFactory()
    assert client.get(reverse(url_name, args=[other.pk])).status_code == 404
    payload = {"date": other.date.isoformat(), "hours": "9", "activity": "event"}
    assert client.post(reverse(url_name, args=[other.pk]), payload).status_code == 404
    other.refresh_from_db()
    assert other.hours == Decimal("2")


def test_the_portal_and_export_show_only_ones_own_hours(client, volunteer):
    HourEntryFactory(volunteer=volunteer, note="mijn eigen regel")
    HourEntryFactory(note="regel van een ander")
    page = client.get(reverse("volunteers:portal")).content.decode()
    assert "mijn eigen regel" in page and "regel van een ander" not in page
    response = client.get(reverse("volunteers:hour_export"))
    csv_text = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "mijn eigen regel" in csv_text and "regel van een ander" not in csv_text
    assert "Datum;Uren;Activiteit;Rol;Status" in csv_text


def test_the_export_neutralises_spreadsheet_formulas(client, volunteer):
    HourEntryFactory(volunteer=volunteer, note="=HYPERLINK(1)")
    response = client.get(reverse("volunteers:hour_export"))
    assert "'=HYPERLINK(1)" in b"".join(response.streaming_content).decode()


def test_a_volunteer_switches_the_monthly_reminder_off_and_on(client, volunteer):
    client.post(reverse("volunteers:reminders_toggle"), {})
    assert VolunteerProfile.objects.get(user=volunteer).reminders_opt_out
    client.post(reverse("volunteers:reminders_toggle"), {"reminders": "on"})
    assert not VolunteerProfile.objects.get(user=volunteer).reminders_opt_out


def test_a_suggestion_of_another_volunteer_cannot_be_accepted(client):
    suggestion = HourSuggestionFactory()
    assert (
        client.post(reverse("volunteers:suggestion_accept", args=[suggestion.pk])).status_code
        == 404
    )
    assert not HourEntry.objects.exists()


def test_the_home_page_shows_totals_and_one_tap_buttons(client, volunteer):
    HourEntryFactory(volunteer=volunteer, date=today(), hours=Decimal("1.5"), status="approved")
    HourEntryFactory(
        volunteer=volunteer,
        date=today(),
        hours=Decimal("2"),
        activity="event",
        role_kind="praathuis",
    )
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert 'data-testid="hours-home"' in page
    assert "Bijeenkomst, vandaag 2 u" in page and "Maatjescontact, vandaag 1,5 u" in page


def test_a_coach_who_is_also_a_volunteer_sees_the_hours_once(client_for):
    client = client_for(Role.COACH, Role.VOLUNTEER)
    assert client.get(reverse("home")).content.decode().count('data-testid="hours-home"') == 1
    coach = client_for(Role.COACH)
    assert coach.get(reverse("home")).content.decode().count('data-testid="hours-home"') == 1
