"""The newcomer and buddy lists filter by cohort: who takes part in it (or completed it) in
that list's role; who left is not in it any more."""

import pytest
from django.urls import reverse

from cohorts.models import Enrolment
from cohorts.services.enrolment import enrolment_leave
from tests.cohorts.factories import CohortFactory, enrol

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {row.record.person.given_names for row in response.context["table"].page.object_list}


def test_the_lists_show_the_people_of_one_cohort(coordinator_client):
    cohort, other = CohortFactory(), CohortFactory()
    newcomer, left = enrol(cohort), enrol(cohort)
    buddy = enrol(cohort, role=Enrolment.Role.BUDDY)
    elsewhere = enrol(other)
    enrolment_leave(enrolment=left, reason="moved")

    newcomers = coordinator_client.get(reverse("participants:newcomer_list"), {"cohort": cohort.pk})
    buddies = coordinator_client.get(reverse("participants:buddy_list"), {"cohort": cohort.pk})
    everyone = coordinator_client.get(reverse("participants:newcomer_list"))

    assert _names(newcomers) == {newcomer.person.given_names}
    assert _names(buddies) == {buddy.person.given_names}
    assert elsewhere.person.given_names in _names(everyone)
    assert f'<option value="{cohort.pk}">Lichting {cohort.number}</option>' in (
        everyone.content.decode()
    )


def test_the_export_follows_the_cohort_filter(coordinator_client):
    cohort = CohortFactory()
    newcomer = enrol(cohort)
    enrol(CohortFactory())
    response = coordinator_client.get(
        reverse("participants:newcomer_export"), {"cohort": cohort.pk, "format": "csv"}
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and newcomer.person.given_names in lines[1]
