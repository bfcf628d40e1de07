"""The status workflow: explicit steps, refused shortcuts, and who, when and why of each step."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from participants import selectors, services
from participants.models import Buddy, Consent, HealthAssessment, Newcomer, StatusChange
from tests.participants.factories import BuddyFactory, NewcomerFactory

INTAKE = {
    "intake_date": "2026-02-10",
    "country_of_origin": "ER",
    "arrival_date": "2025-09-01",
    "target_group": "civic_integration",
    "dutch_level": "A1",
    "priority": "1",
    "children_ages": "4, 9",
    "has_partner": "on",
    "work_sector": "care",
    "goal_work": "Een stage in de zorg",
    "participation_step": "2",
    "buddy_gender_preference": "female",
    "languages": ["ti", "en"],
    "availability": ["weekday_evening"],
    "consents": ["processing", "share_with_buddy"],
    "consent_method": "signed_form",
    "health_body": "6",
    "health_mind": "5",
    "health_meaning": "7",
    "health_quality_of_life": "6",
    "health_participation": "4",
    "health_daily_functioning": "8",
    "intake_notes": "Wil graag een vrouwelijk maatje.",
}


def test_an_intake_records_the_conversation_consent_and_baseline_health(
    coordinator_client, coordinator
):
    newcomer = NewcomerFactory()

    response = coordinator_client.post(
        reverse("participants:newcomer_intake", args=[newcomer.pk]), INTAKE
    )

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.status == Newcomer.Status.INTAKE_DONE
    assert newcomer.children_ages == [4, 9]
    assert newcomer.buddy_gender_preference == "female"
    assert newcomer.intake_by == coordinator
    assert newcomer.person.languages == ["ti", "en"]
    assert newcomer.person.availability == ["weekday_evening"]
    assert set(newcomer.person.consents.values_list("kind", flat=True)) == {
        "processing",
        "share_with_buddy",
    }
    health = HealthAssessment.objects.get(person=newcomer.person)
    assert (health.moment, health.daily_functioning) == ("intake", 8)
    step = StatusChange.objects.get(person=newcomer.person, to_status="intake_done")
    assert step.by == coordinator and step.from_status == "registered"


def test_an_intake_without_consent_to_process_data_is_refused(coordinator_client):
    newcomer = NewcomerFactory()
    data = {**INTAKE, "consents": ["photos"]}

    response = coordinator_client.post(
        reverse("participants:newcomer_intake", args=[newcomer.pk]), data
    )

    assert response.status_code == 200
    assert "Zonder toestemming voor het verwerken" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == Newcomer.Status.REGISTERED
    assert not Consent.objects.exists()


def test_putting_a_newcomer_on_the_waiting_list_records_who_when_and_why(
    coordinator_client, coordinator
):
    newcomer = NewcomerFactory()
    coordinator_client.post(reverse("participants:newcomer_intake", args=[newcomer.pk]), INTAKE)

    coordinator_client.post(
        reverse("participants:newcomer_status", args=[newcomer.pk]),
        {"to": "waiting", "expected": "intake_done", "note": "Past in de voorjaarslichting"},
    )

    newcomer.refresh_from_db()
    assert newcomer.status == Newcomer.Status.WAITING
    step = StatusChange.objects.get(person=newcomer.person, to_status="waiting")
    assert (step.by, step.note) == (coordinator, "Past in de voorjaarslichting")
    assert (timezone.now() - step.at).total_seconds() < 60


def test_a_newcomer_cannot_skip_the_intake(coordinator):
    newcomer = NewcomerFactory()

    with pytest.raises(ValidationError, match="kan de status niet"):
        services.newcomer_transition(newcomer=newcomer, to="waiting", by=coordinator)

    newcomer.refresh_from_db()
    assert newcomer.status == "registered"
    assert not StatusChange.objects.filter(to_status="waiting").exists()


def test_stopping_needs_a_reason_and_keeps_it(coordinator):
    newcomer = NewcomerFactory()

    with pytest.raises(ValidationError):
        services.newcomer_transition(newcomer=newcomer, to="stopped", by=coordinator)
    services.newcomer_transition(
        newcomer=newcomer, to="stopped", by=coordinator, reason="moved", note="Naar Zwolle"
    )

    newcomer.refresh_from_db()
    assert (newcomer.status, newcomer.stop_reason) == ("stopped", "moved")
    assert StatusChange.objects.get(to_status="stopped").reason == "moved"


def test_a_status_changed_by_someone_else_meanwhile_is_not_overwritten(coordinator_client):
    newcomer = NewcomerFactory(status="waiting")

    response = coordinator_client.post(
        reverse("participants:newcomer_status", args=[newcomer.pk]),
        {"to": "placed", "expected": "intake_done"},
        follow=True,
    )

    assert "intussen door iemand anders gewijzigd" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == "waiting"


def test_a_buddy_becomes_available_only_with_a_certificate_of_conduct(coordinator):
    buddy = BuddyFactory(status="intake_done", intake_date=date(2026, 1, 10))

    with pytest.raises(ValidationError, match="VOG"):
        services.buddy_transition(buddy=buddy, to="available", by=coordinator)
    services.buddy_update(buddy=buddy, fields={"vog_received_on": date(2026, 2, 1)})
    services.buddy_transition(buddy=buddy, to="available", by=coordinator)

    buddy.refresh_from_db()
    assert buddy.status == Buddy.Status.AVAILABLE


def test_the_waiting_list_orders_by_priority_then_registration_date(coordinator_client):
    low_early = NewcomerFactory(status="waiting", priority=3, registered_on=date(2025, 1, 1))
    normal_late = NewcomerFactory(status="waiting", priority=2, registered_on=date(2026, 3, 1))
    normal_early = NewcomerFactory(status="waiting", priority=2, registered_on=date(2025, 6, 1))
    high_late = NewcomerFactory(status="waiting", priority=1, registered_on=date(2026, 5, 1))
    NewcomerFactory(status="active")

    order = list(selectors.waiting_list(None))
    response = coordinator_client.get(reverse("participants:waiting_list"))

    assert order == [high_late, normal_early, normal_late, low_early]
    html = response.content.decode()
    positions = [html.index(escape(n.person.display_name)) for n in order]
    assert positions == sorted(positions)


def test_a_former_newcomer_becomes_a_buddy_in_the_same_record(coordinator_client):
    newcomer = NewcomerFactory(status="completed")

    response = coordinator_client.post(
        reverse("participants:profile_add", args=[newcomer.pk, "maatje"])
    )

    assert response.status_code == 302
    buddy = Buddy.objects.get(person=newcomer.person)
    assert buddy.pk == newcomer.pk
    page = coordinator_client.get(reverse("participants:buddy_detail", args=[buddy.pk]))
    html = page.content.decode()
    assert "Nieuwkomer:" in html and "Maatje:" in html
