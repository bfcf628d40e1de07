"""Closing a cohort gives certificates: per person their names in both scripts, the cohort and
programme, their growth notes per pillar, signed by the coordinator who asked."""

import pytest
from django.urls import reverse

from cohorts.certificates import COHORT_CERTIFICATES, certificate_items
from cohorts.models import Cohort, Enrolment
from cohorts.services.closing import enrolments_complete, growth_notes_save
from cohorts.services.enrolment import enrolment_leave
from cohorts.services.lifecycle import cohort_status_set
from tests import pdftools
from tests.cohorts.factories import CohortFactory, enrol
from vvsite.documents.models import Document
from vvsite.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def closing_cohort():
    cohort = CohortFactory(number=12, name="Najaar", status=Cohort.Status.RECRUITING)
    arabic = enrol(cohort)
    arabic.person.given_names, arabic.person.family_name = "Nour", "Haddad"
    arabic.person.native_name = "نور حداد"
    arabic.person.save()
    buddy = enrol(cohort, role=Enrolment.Role.BUDDY)
    leaving = enrol(cohort)
    cohort_status_set(cohort=cohort, to=Cohort.Status.RUNNING)
    cohort_status_set(cohort=cohort, to=Cohort.Status.CLOSING)
    growth_notes_save(
        enrolment=arabic,
        notes={"language": "Belt nu zelf de huisarts.", "social_contacts": "Kent de buren."},
    )
    enrolments_complete(cohort=cohort, enrolment_ids=[arabic.pk, buddy.pk])
    enrolment_leave(enrolment=leaving, reason="moved")
    return cohort


def test_a_cohorts_certificates_show_the_completed_people_with_their_notes(
    closing_cohort, coordinator
):
    document = Document(
        kind=COHORT_CERTIFICATES,
        parameters={"cohort": closing_cohort.pk},
        job=Job(created_by=coordinator),
    )
    items = certificate_items(document)
    assert [item.role for item in items] == ["newcomer", "buddy"]
    nour = items[0]
    assert (nour.full_name_latin, nour.full_name_native) == ("Nour Haddad", "نور حداد")
    assert (nour.cohort_number, nour.cohort_name) == (12, "Najaar")
    assert nour.programme == closing_cohort.programme.name
    assert (nour.start, nour.end) == (closing_cohort.start_date, closing_cohort.end_date)
    assert nour.growth_notes == {
        "language": "Belt nu zelf de huisarts.",
        "social_contacts": "Kent de buren.",
    }
    assert nour.organisation_name == "Maatjesprogramma"
    assert nour.coordinator_name == coordinator.full_name


def test_making_the_certificates_gives_one_pdf_signed_by_the_coordinator_who_asked(
    closing_cohort, coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    close = reverse("cohorts:cohort_close", args=[closing_cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("cohorts:certificates_request", args=[closing_cohort.pk])
        )
    assert response.url == close + "#certificates"

    document = Document.objects.get()
    assert (document.kind, document.parameters) == (
        "cohort_certificates",
        {"cohort": closing_cohort.pk},
    )
    assert document.job.status == Job.Status.DONE, document.job.error
    pdf = document.file.read()
    assert pdftools.page_count(pdf) == 2
    text = pdftools.text(pdf)
    assert "Ingrid Coördinator" in text and "Belt nu zelf de huisarts." in text

    page = coordinator_client.get(close).content.decode()
    assert reverse("documents:document_download", args=[document.pk]) in page


def test_one_persons_certificate_from_the_closing_page(
    closing_cohort, coordinator_client, django_capture_on_commit_callbacks
):
    nour = closing_cohort.enrolments.get(person__given_names="Nour")
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("cohorts:certificate_request", args=[closing_cohort.pk, nour.pk])
        )
    document = Document.objects.get(kind="certificate")
    assert document.filename == "certificaat-nour-haddad.pdf"
    left = closing_cohort.enrolments.get(status="left")
    url = reverse("cohorts:certificate_request", args=[closing_cohort.pk, left.pk])
    assert coordinator_client.post(url).status_code == 404


def test_certificates_wait_until_someone_completed(coordinator_client):
    cohort = CohortFactory()
    enrol(cohort)
    response = coordinator_client.post(
        reverse("cohorts:certificates_request", args=[cohort.pk]), follow=True
    )
    assert not Document.objects.exists()
    assert response.status_code == 200
