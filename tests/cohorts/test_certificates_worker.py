"""Closing a cohort and asking for its certificates, through a real Redis broker and a real
Celery worker (runs when REDIS_URL is set): one PDF, a page per person who completed, every
name found in it, Arabic and Ethiopic included, with their fonts embedded."""

import pytest

from cohorts.certificates import COHORT_CERTIFICATES
from cohorts.models import Cohort, Enrolment
from cohorts.services.closing import enrolments_complete
from cohorts.services.enrolment import enrolment_leave
from cohorts.services.lifecycle import cohort_status_set
from tests import pdftools
from tests.broker import wait_for_job
from tests.cohorts.factories import CohortFactory, enrol
from vvsite.documents.models import Document
from vvsite.documents.services import document_request
from vvsite.models import Job

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

NAMES = [
    ("Nour", "Haddad", "نور حداد"),
    ("Saba", "Tesfaye", "ሳባ ተስፋየ"),
    ("Oksana", "Melnyk", "Оксана Мельник"),
    ("Mehmet", "Kaya", ""),
]


def _named(enrolment, given, family, native):
    person = enrolment.person
    person.given_names, person.family_name, person.native_name = given, family, native
    person.save()
    return enrolment


def test_a_closed_cohorts_certificates_come_from_a_worker_as_one_pdf(
    worker,
    coordinator,
):
    cohort = CohortFactory(number=12, name="Najaar", status=Cohort.Status.RECRUITING)
    completing = [_named(enrol(cohort), *name) for name in NAMES]
    buddy = _named(enrol(cohort, role=Enrolment.Role.BUDDY), "Marieke", "Dijkstra", "")
    leaving = enrol(cohort)
    cohort_status_set(cohort=cohort, to=Cohort.Status.RUNNING)
    cohort_status_set(cohort=cohort, to=Cohort.Status.CLOSING)
    enrolment_leave(enrolment=leaving, reason="moved")
    enrolments_complete(cohort=cohort, enrolment_ids=[e.pk for e in [*completing, buddy]])

    document = document_request(
        kind=COHORT_CERTIFICATES, parameters={"cohort": cohort.pk}, by=coordinator
    )
    job = wait_for_job(document.job_id)
    assert job.status == Job.Status.DONE, job.error

    pdf = Document.objects.get(pk=document.pk).file.read()
    assert pdftools.page_count(pdf) == 5  # the four newcomers and the buddy; not who left
    text = pdftools.text(pdf)
    for given, family, native in [*NAMES, ("Marieke", "Dijkstra", "")]:
        assert f"{given} {family}" in text
        if native:
            assert native in text
    assert leaving.person.given_names not in text
    fonts = {font["name"].split("+", 1)[-1] for font in pdftools.fonts(pdf)}
    assert {"Noto-Naskh-Arabic", "Noto-Sans-Ethiopic"} <= fonts
    assert {(font["emb"], font["sub"]) for font in pdftools.fonts(pdf)} == {("yes", "yes")}
