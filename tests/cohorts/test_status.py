"""A cohort's life: planned → recruiting → running → closing → completed, and what each step
does to its newcomers."""

import pytest
from django.core.exceptions import ValidationError

from cohorts.models import Cohort, Enrolment
from cohorts.services.closing import enrolment_complete, growth_notes_save
from cohorts.services.enrolment import enrolment_leave
from cohorts.services.lifecycle import cohort_status_set
from participants.models import Newcomer
from tests.cohorts.factories import CohortFactory, enrol

pytestmark = pytest.mark.django_db
S = Cohort.Status


def test_when_a_cohort_starts_running_its_placed_newcomers_become_active():
    cohort = CohortFactory(status=S.RECRUITING)
    newcomer = enrol(cohort)
    buddy = enrol(cohort, role=Enrolment.Role.BUDDY)

    cohort_status_set(cohort=cohort, to=S.RUNNING)

    assert Newcomer.objects.get(pk=newcomer.person_id).status == Newcomer.Status.ACTIVE
    assert buddy.person.buddy.status == "available"  # matching decides a buddy's status


def test_a_cohort_cannot_skip_a_step():
    cohort = CohortFactory(status=S.PLANNED)
    with pytest.raises(ValidationError, match="kan een lichting niet"):
        cohort_status_set(cohort=cohort, to=S.RUNNING)


def test_completing_someone_completes_the_newcomer():
    cohort = CohortFactory(status=S.RECRUITING)
    enrolment = enrol(cohort)
    cohort_status_set(cohort=cohort, to=S.RUNNING)

    enrolment_complete(enrolment=enrolment)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert Newcomer.objects.get(pk=enrolment.person_id).status == Newcomer.Status.COMPLETED


def test_completion_waits_until_the_cohort_runs():
    enrolment = enrol(CohortFactory(status=S.RECRUITING))
    with pytest.raises(ValidationError):
        enrolment_complete(enrolment=enrolment)


def test_a_cohort_completes_only_when_nobody_is_still_taking_part():
    cohort = CohortFactory(status=S.RECRUITING)
    staying, leaving = enrol(cohort), enrol(cohort)
    cohort_status_set(cohort=cohort, to=S.RUNNING)
    cohort_status_set(cohort=cohort, to=S.CLOSING)
    with pytest.raises(ValidationError, match="2 mensen"):
        cohort_status_set(cohort=cohort, to=S.COMPLETED)

    enrolment_complete(enrolment=staying)
    enrolment_leave(enrolment=leaving, reason="illness")
    cohort_status_set(cohort=cohort, to=S.COMPLETED)

    assert Cohort.objects.get(pk=cohort.pk).status == S.COMPLETED
    assert Newcomer.objects.get(pk=leaving.person_id).stop_reason == "illness"


def test_growth_notes_keep_known_pillars_and_refuse_a_note_too_long_for_the_certificate():
    enrolment = enrol(CohortFactory())
    growth_notes_save(
        enrolment=enrolment,
        notes={"language": " Spreekt nu Nederlands bij de huisarts. ", "work": ""},
    )
    enrolment.refresh_from_db()
    assert enrolment.growth_notes == {"language": "Spreekt nu Nederlands bij de huisarts."}
    with pytest.raises(ValidationError) as refused:
        growth_notes_save(enrolment=enrolment, notes={"culture": "x" * 501})
    assert "culture" in refused.value.message_dict
