"""Forgetting a person: on request (right to erasure) and after the retention period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import privacy
from participants.models import Newcomer, Person, StatusChange
from participants.tasks import retention_anonymise
from tests.factories import UserFactory
from tests.participants.factories import BuddyFactory, NewcomerFactory
from vvsite.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped(db):
    newcomer = NewcomerFactory(
        person__given_names="Lina",
        person__family_name="Haddad",
        person__native_name="لينا حداد",
        person__phone="+31612345678",
        person__street="Markt 1",
        person__notes="Woont bij haar tante.",
        status=Newcomer.Status.STOPPED,
        stop_reason="moved",
        intake_notes="Heeft twee kinderen op de basisschool.",
        goal_work="Werken in de zorg.",
    )
    StatusChange.objects.create(
        person=newcomer.person, profile="newcomer", to_status="stopped", note="Verhuisd naar tante"
    )
    return newcomer


def test_anonymising_erases_who_they_were_and_keeps_what_the_figures_need(stopped):
    person = stopped.person
    person.refresh_from_db()
    assert person.history.exists()
    privacy.person_anonymise(person=person)

    person.refresh_from_db()
    stopped.refresh_from_db()
    assert "Lina" not in person.given_names
    assert (person.family_name, person.native_name, person.email, person.street) == ("", "", "", "")
    assert str(person.phone) == ""
    assert person.notes == ""
    assert stopped.intake_notes == stopped.goal_work == ""
    assert StatusChange.objects.get(person=person).note == ""
    assert person.birth_date == datetime.date(1990, 7, 1)
    assert stopped.status == Newcomer.Status.STOPPED
    assert person.municipality is not None
    assert person.anonymised_on == timezone.localdate()
    assert not person.history.exists()
    assert not Newcomer.history.filter(person_id=person.pk).exists()
    assert not Person.objects.filter(search_text__contains="haddad").exists()


def test_someone_still_taking_part_cannot_be_anonymised(coordinator_client):
    newcomer = NewcomerFactory(status=Newcomer.Status.WAITING, person__given_names="Lina")
    url = reverse("participants:person_anonymise", args=[newcomer.pk])
    page = coordinator_client.get(url).content.decode()
    assert "kan nog niet worden geanonimiseerd" in page
    coordinator_client.post(url, {"confirm": "on"})
    newcomer.person.refresh_from_db()
    assert newcomer.person.given_names == "Lina"


def test_the_page_asks_for_confirmation_before_erasing(coordinator_client, stopped):
    url = reverse("participants:person_anonymise", args=[stopped.pk])
    response = coordinator_client.post(url, {})
    assert "Vink het vakje aan" in response.content.decode()
    stopped.person.refresh_from_db()
    assert stopped.person.given_names == "Lina"

    response = coordinator_client.post(url, {"confirm": "on"}, follow=True)
    assert "Geanonimiseerd op" in response.content.decode()
    assert "Lina" not in response.content.decode()


def test_a_linked_login_is_switched_off(stopped, client, password):
    user = UserFactory(roles=[Role.VOLUNTEER], email="lina@example.org")
    Person.objects.filter(pk=stopped.pk).update(user=user)
    privacy.person_anonymise(person=stopped.person)
    user.refresh_from_db()
    assert not user.is_active
    assert "lina" not in user.email
    response = client.post(reverse("login"), {"username": "lina@example.org", "password": password})
    assert response.status_code == 200  # the login form again, not the start page


def _finished_years_ago(profile, years):
    type(profile).objects.filter(pk=profile.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=round(365.25 * years) + 1)
    )


def test_the_nightly_task_anonymises_only_who_is_past_the_retention_period(settings):
    settings.RETENTION_YEARS = 5
    old = NewcomerFactory(status=Newcomer.Status.COMPLETED)
    _finished_years_ago(old, 6)
    recent = NewcomerFactory(status=Newcomer.Status.COMPLETED)
    _finished_years_ago(recent, 2)
    still_active = NewcomerFactory(status=Newcomer.Status.ACTIVE)
    _finished_years_ago(still_active, 6)
    buddy_too = BuddyFactory(person=old.person, status="available")  # became a buddy later
    old_buddy_only = BuddyFactory(status="inactive")
    _finished_years_ago(old_buddy_only, 6)

    assert retention_anonymise() == 1
    anonymised = set(
        Person.objects.filter(anonymised_on__isnull=False).values_list("pk", flat=True)
    )
    assert anonymised == {old_buddy_only.pk}
    assert buddy_too.pk == old.pk


def test_the_notes_on_their_hours_are_erased_and_the_hours_stay(stopped):
    from tests.volunteers.factories import HourEntryFactory

    user = UserFactory(roles=[Role.VOLUNTEER])
    Person.objects.filter(pk=stopped.pk).update(user=user)
    entry = HourEntryFactory(volunteer=user, note="Met Lina naar de huisarts.")
    privacy.person_anonymise(person=Person.objects.get(pk=stopped.pk))
    entry.refresh_from_db()
    assert entry.note == ""
    assert entry.hours > 0
