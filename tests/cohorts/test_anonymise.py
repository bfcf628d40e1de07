"""Anonymising a person blanks the cohort notes about them and revokes their calendar feed."""

import pytest

from cohorts.models import Enrolment
from cohorts.services.feeds import calendar_feed_create
from participants.models import Newcomer
from participants.privacy import person_anonymise
from tests.cohorts.factories import CohortFactory, enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_growth_notes_and_leaving_notes_are_erased_and_the_enrolment_stays():
    enrolment = enrol(CohortFactory())
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="left",
        slot=None,
        leave_reason="moved",
        leave_note="Verhuist naar haar zus in Zwolle.",
        growth_notes={"language": "Spreekt nu Nederlands met de buren."},
    )
    Newcomer.objects.filter(pk=enrolment.person_id).update(status="stopped", stop_reason="moved")
    feed, _token = calendar_feed_create(owner=UserFactory(), person=enrolment.person)

    person_anonymise(person=enrolment.person)

    enrolment.refresh_from_db()
    assert enrolment.leave_note == ""
    assert enrolment.growth_notes == {}
    assert enrolment.leave_reason == "moved"
    assert not Enrolment.history.filter(person_id=enrolment.person_id).exists()
    feed.refresh_from_db()
    assert feed.revoked_at is not None
