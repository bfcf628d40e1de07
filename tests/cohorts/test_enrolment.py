"""Placing newcomers and buddies in a cohort: capacity and once-only, in services and database."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, transaction

from cohorts.models import Enrolment
from cohorts.services.enrolment import enrolment_add, enrolment_leave
from cohorts.services.lifecycle import cohort_update
from participants.models import Newcomer
from tests.cohorts.factories import CohortFactory, available_buddy, waiting_newcomer

pytestmark = pytest.mark.django_db
NEWCOMER, BUDDY = Enrolment.Role.NEWCOMER, Enrolment.Role.BUDDY


def test_a_placed_newcomer_takes_a_place_and_moves_to_placed():
    cohort = CohortFactory()
    newcomer = waiting_newcomer()
    enrolment = enrolment_add(cohort=cohort, person=newcomer.person, role=NEWCOMER)
    assert enrolment.slot == 1
    newcomer.refresh_from_db()
    assert newcomer.status == Newcomer.Status.PLACED


def test_enrolling_a_sixteenth_newcomer_into_a_cohort_of_fifteen_is_refused():
    cohort = CohortFactory(newcomer_capacity=15)
    for _ in range(15):
        enrolment_add(cohort=cohort, person=waiting_newcomer().person, role=NEWCOMER)
    sixteenth = waiting_newcomer()
    with pytest.raises(ValidationError, match="vol"):
        enrolment_add(cohort=cohort, person=sixteenth.person, role=NEWCOMER)
    assert cohort.enrolments.count() == 15
    sixteenth.refresh_from_db()
    assert sixteenth.status == Newcomer.Status.WAITING


def test_enrolling_someone_twice_is_refused():
    cohort = CohortFactory()
    buddy = available_buddy()
    enrolment_add(cohort=cohort, person=buddy.person, role=BUDDY)
    with pytest.raises(ValidationError, match="al ingeschreven"):
        enrolment_add(cohort=cohort, person=buddy.person, role=BUDDY)


def test_a_newcomer_not_on_the_waiting_list_cannot_be_placed():
    newcomer = waiting_newcomer()
    Newcomer.objects.filter(pk=newcomer.pk).update(status=Newcomer.Status.REGISTERED)
    with pytest.raises(ValidationError, match="wachtlijst"):
        enrolment_add(cohort=CohortFactory(), person=newcomer.person, role=NEWCOMER)


def test_leaving_frees_the_place_for_the_next_one():
    cohort = CohortFactory(newcomer_capacity=1)
    first = enrolment_add(cohort=cohort, person=waiting_newcomer().person, role=NEWCOMER)
    enrolment_leave(enrolment=first, reason="moved", back_to_waiting_list=True)
    first.person.newcomer.refresh_from_db()
    assert first.person.newcomer.status == Newcomer.Status.WAITING
    second = enrolment_add(cohort=cohort, person=waiting_newcomer().person, role=NEWCOMER)
    assert second.slot == 1


def test_the_capacity_cannot_drop_below_the_places_taken():
    cohort = CohortFactory(buddy_capacity=3)
    for _ in range(3):
        enrolment_add(cohort=cohort, person=available_buddy().person, role=BUDDY)
    with pytest.raises(ValidationError) as refused:
        cohort_update(cohort=cohort, fields={"buddy_capacity": 2})
    assert "buddy_capacity" in refused.value.message_dict


def _raw_enrolment(cohort, person, slot, capacity=15, role=NEWCOMER):
    with transaction.atomic():
        Enrolment.objects.create(
            cohort=cohort, person=person, role=role, slot=slot, capacity=capacity
        )


def test_the_database_refuses_two_people_in_one_place():
    cohort = CohortFactory()
    _raw_enrolment(cohort, waiting_newcomer().person, slot=3)
    with pytest.raises(IntegrityError):
        _raw_enrolment(cohort, waiting_newcomer().person, slot=3)


def test_the_database_refuses_a_place_beyond_the_capacity_or_none_at_all():
    cohort = CohortFactory()
    with pytest.raises(IntegrityError):
        _raw_enrolment(cohort, waiting_newcomer().person, slot=16, capacity=15)
    with pytest.raises(IntegrityError):
        _raw_enrolment(cohort, waiting_newcomer().person, slot=None)


def test_the_database_refuses_the_same_person_twice_in_a_cohort():
    cohort = CohortFactory()
    person = available_buddy().person
    _raw_enrolment(cohort, person, slot=1, role=BUDDY)
    with pytest.raises(IntegrityError):
        _raw_enrolment(cohort, person, slot=2, role=BUDDY)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite lets one writer in at a time; the race needs a database with row locks",
)
def test_two_coordinators_racing_for_the_last_place_give_it_to_one():
    assert connection.vendor == "postgresql"
    cohort = CohortFactory(newcomer_capacity=1)
    people = [waiting_newcomer().person, waiting_newcomer().person]
    barrier = threading.Barrier(2)
    outcomes = []

    def place(person):
        try:
            barrier.wait()
            enrolment_add(cohort=cohort, person=person, role=NEWCOMER)
            outcomes.append("placed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=place, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["placed", "refused"]
    assert cohort.enrolments.count() == 1
