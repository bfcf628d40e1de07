"""Suggested hours from a pluggable source (attendance, once cohorts exist): shown to the volunteer,
logged only when accepted, never approved automatically."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.volunteers.factories import VolunteerFactory, today
from volunteers import suggestions
from volunteers.models import HourEntry, HourSuggestion
from volunteers.suggestions import (
    Suggestion,
    register_source,
    registered_sources,
    suggestions_collect,
)

pytestmark = pytest.mark.django_db


def fake_attendance(leader):
    """Stands in for the cohorts app: the sessions ``leader`` led in the period asked for."""

    def source(since, until):
        return [
            Suggestion(
                user=leader,
                date=until - timedelta(days=2),
                hours=Decimal("2.5"),
                activity="coach_group",
                note="Coachgroepavond",
                key="session:1",
            ),
            Suggestion(
                user=leader,
                date=until - timedelta(days=9),
                hours=Decimal("3"),
                activity="training",
                note="Training",
                key="session:2",
            ),
            Suggestion(
                user=leader,
                date=since - timedelta(days=1),
                hours=Decimal("1.1"),
                activity="training",
                note="not a quarter",
                key="session:3",
            ),
        ]

    return source


def test_suggestions_are_stored_once_however_often_they_are_collected():
    leader = VolunteerFactory()
    source = fake_attendance(leader)
    assert suggestions_collect(sources=[source]) == 2
    assert suggestions_collect(sources=[source]) == 0
    assert HourSuggestion.objects.filter(volunteer=leader, status="open").count() == 2
    assert not HourEntry.objects.exists()


def test_a_registered_source_is_asked_by_the_collector():
    leader = VolunteerFactory()
    source = register_source(fake_attendance(leader))
    try:
        assert source in registered_sources()
        assert suggestions_collect() == 2
    finally:
        suggestions._sources.remove(source)


def test_accepting_a_suggestion_logs_it_for_approval_and_dismissing_hides_it():
    leader = VolunteerFactory()
    suggestions_collect(sources=[fake_attendance(leader)])
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("volunteers:portal")).content.decode()
    assert "Coachgroepavond" in page
    first, second = HourSuggestion.objects.order_by("key")
    client.post(reverse("volunteers:suggestion_accept", args=[first.pk]))
    client.post(reverse("volunteers:suggestion_dismiss", args=[second.pk]))
    entry = HourEntry.objects.get()
    assert (entry.volunteer, entry.hours, entry.status) == (leader, Decimal("2.5"), "submitted")
    assert entry.date == today() - timedelta(days=2)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.entry, second.status) == ("accepted", entry, "dismissed")
    # Accepting again does not log twice.
    client.post(reverse("volunteers:suggestion_accept", args=[first.pk]))
    assert HourEntry.objects.count() == 1


def test_an_accepted_suggestion_follows_the_same_rules_as_any_hours():
    leader = VolunteerFactory()
    suggestion = HourSuggestion.objects.create(
        volunteer=leader, key="s", date=today() + timedelta(days=3), hours=2, activity="event"
    )
    client = Client()
    client.force_login(leader)
    response = client.post(
        reverse("volunteers:suggestion_accept", args=[suggestion.pk]), follow=True
    )
    assert "toekomst" in response.content.decode()
    assert not HourEntry.objects.exists()
