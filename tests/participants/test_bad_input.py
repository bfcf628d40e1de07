"""Bad input is refused with a Dutch message tied to its field, and nothing is written."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from participants.models import (
    Buddy,
    Evaluation,
    HealthAssessment,
    Newcomer,
    Person,
)
from tests.participants.factories import (
    BuddyFactory,
    ConsentFactory,
    NewcomerFactory,
    PersonFactory,
)

VALID = {
    "person-given_names": "Lina",
    "person-family_name": "Haddad",
    "person-birth_date": "1992-04-03",
    "person-gender": "female",
    "person-phone": "06 12345678",
    "person-email": "lina.haddad@example.org",
    "person-postcode": "9401 ab",
    "person-languages": ["ar", "en"],
    "newcomer-registered_on": "2026-01-05",
    "newcomer-priority": "2",
    "newcomer-country_of_origin": "SY",
}

TODAY = timezone.localdate()

CASES = [
    (
        "person-birth_date",
        (TODAY + timedelta(days=3)).isoformat(),
        "De geboortedatum ligt in de toekomst.",
    ),
    (
        "person-birth_date",
        (TODAY - timedelta(days=15 * 365)).isoformat(),
        "Deelnemers zijn minstens 16 jaar oud.",
    ),
    ("person-postcode", "94011 AB", "Vul een Nederlandse postcode in"),
    ("person-postcode", "9401 SS", "Vul een Nederlandse postcode in"),
    ("person-email", "lina.at.example", "Vul een geldig e-mailadres in"),
    (
        "person-languages",
        ["ar", "klingon"],
        "Selecteer een geldige keuze. klingon is geen beschikbare keuze.",
    ),
    (
        "newcomer-country_of_origin",
        "XX",
        "Selecteer een geldige keuze. XX is geen beschikbare keuze.",
    ),
    ("person-phone", "12", "Vul een geldig telefoonnummer in"),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), CASES, ids=[c[0] + "=" + str(c[1]) for c in CASES]
)
def test_registering_a_newcomer_with_bad_input_is_refused_at_the_field(
    coordinator_client, field, value, message
):
    response = coordinator_client.post(
        reverse("participants:newcomer_create"), {**VALID, field: value}
    )

    assert response.status_code == 200
    assert Person.objects.count() == 0
    html = response.content.decode()
    error_id = f"error_1_id_{field}"
    assert error_id in html, f"no error tied to {field}"
    error_block = html[html.index(f'id="{error_id}"') :][:400]
    assert message in error_block
    assert f'id="id_{field}_error"' in html  # the block aria-describedby points to


def test_the_valid_registration_is_written_with_a_normalised_postcode(coordinator_client):
    response = coordinator_client.post(reverse("participants:newcomer_create"), VALID)

    person = Person.objects.get()
    assert response.status_code == 302
    assert person.postcode == "9401 AB"
    assert person.newcomer.status == Newcomer.Status.REGISTERED
    assert str(person.phone) == "+31612345678"


@pytest.mark.parametrize("score", ["11", "-1"])
def test_a_health_score_outside_0_to_10_is_refused(coordinator_client, score):
    newcomer = NewcomerFactory()
    data = {
        "moment": "intake",
        "assessed_on": TODAY.isoformat(),
        "body": score,
        "mind": "5",
        "meaning": "5",
        "quality_of_life": "5",
        "participation": "5",
        "daily_functioning": "5",
    }
    url = reverse("participants:health_assessment_create", args=[newcomer.pk])

    response = coordinator_client.post(url, data)

    assert response.status_code == 200
    assert HealthAssessment.objects.count() == 0
    html = response.content.decode()
    assert 'id="error_1_id_body"' in html
    assert "Zorg ervoor dat deze waarde" in html


def test_a_health_score_outside_0_to_10_in_the_intake_is_refused(coordinator_client):
    newcomer = NewcomerFactory()
    data = {
        "intake_date": TODAY.isoformat(),
        "country_of_origin": "ER",
        "arrival_date": "2025-06-01",
        "target_group": "civic_integration",
        "dutch_level": "A1",
        "priority": "2",
        "buddy_gender_preference": "any",
        "consents": ["processing"],
        "consent_method": "signed_form",
        **{
            f"health_{name}": "5"
            for name in ("body", "mind", "meaning", "quality_of_life", "participation")
        },
        "health_daily_functioning": "12",
    }

    response = coordinator_client.post(
        reverse("participants:newcomer_intake", args=[newcomer.pk]), data
    )

    assert response.status_code == 200
    assert 'id="error_1_id_health_daily_functioning"' in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.status == Newcomer.Status.REGISTERED
    assert newcomer.intake_date is None
    assert not HealthAssessment.objects.exists()


# --- The same rules hold in the database, whatever writes to it -------------------------------


def _violates(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_the_database_refuses_health_scores_outside_0_to_10(db):
    person = PersonFactory()
    scores = dict.fromkeys(("body", "mind", "meaning", "quality_of_life", "participation"), 5)
    _violates(
        lambda: HealthAssessment.objects.create(
            person=person, moment="intake", daily_functioning=11, **scores
        )
    )


def test_the_database_refuses_a_likert_answer_outside_1_to_5(db):
    person = PersonFactory()
    _violates(lambda: Evaluation.objects.create(person=person, dutch_improved=6))


def test_the_database_refuses_a_participation_step_outside_1_to_6(db):
    person = PersonFactory()
    _violates(lambda: Newcomer.objects.create(person=person, participation_step=7))


def test_the_database_refuses_a_postcode_that_is_not_dutch(db):
    person = PersonFactory()
    _violates(lambda: Person.objects.filter(pk=person.pk).update(postcode="94011AB"))


def test_the_database_refuses_a_birth_date_after_registration(db):
    person = PersonFactory()
    _violates(
        lambda: Person.objects.filter(pk=person.pk).update(
            birth_date=person.registered_on + timedelta(days=1)
        )
    )


def test_the_database_refuses_a_buddy_without_room_for_a_match(db):
    person = PersonFactory()
    _violates(lambda: Buddy.objects.create(person=person, max_active_matches=0))


def test_the_database_refuses_a_vog_received_before_it_was_requested(db):
    buddy = BuddyFactory()
    _violates(
        lambda: Buddy.objects.filter(pk=buddy.pk).update(
            vog_requested_on=date(2026, 3, 1), vog_received_on=date(2026, 2, 1)
        )
    )


def test_the_database_refuses_a_stopped_newcomer_without_a_reason(db):
    newcomer = NewcomerFactory()
    _violates(lambda: Newcomer.objects.filter(pk=newcomer.pk).update(status="stopped"))


def test_the_database_refuses_two_active_consents_of_one_kind(db):
    consent = ConsentFactory()
    _violates(lambda: ConsentFactory(person=consent.person, kind=consent.kind))
