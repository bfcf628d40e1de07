"""Generated documents: asked for, rendered once in the background, stored privately."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts import certificates
from cohorts.certificates import CERTIFICATE, COHORT_CERTIFICATES
from reporting.exports import FUNDER_EXPORT
from tests import pdftools
from vvsite.documents import registry
from vvsite.documents.models import Document
from vvsite.documents.services import document_request, document_retry
from vvsite.documents.tasks import render_document
from vvsite.models import Job, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

COHORT = {"cohort": 14, "size": 3}


@pytest.fixture
def coordinator(user_with_role):
    return user_with_role(Role.COORDINATOR, language="nl")


def test_a_request_records_a_pending_job_and_renders_after_commit(
    coordinator, certificate_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_request(kind=COHORT_CERTIFICATES, parameters=COHORT, by=coordinator)
    assert document.job.status == Job.Status.PENDING
    assert document.job.kwargs == {"document_id": document.pk}
    assert not document.file
    assert certificate_source == []  # nothing rendered inside the request's transaction

    for callback in callbacks:  # commit: the job is published and, without a broker, runs
        callback()
    document.refresh_from_db()
    assert document.job.status == Job.Status.DONE, document.job.error
    assert document.job.progress == 100
    assert document.job.message == "3 pagina's"
    assert document.filename == "certificaten-lichting-14.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == document.file.size > 0
    assert pdftools.page_count(document.file.read()) == 3
    assert certificate_source == [(COHORT_CERTIFICATES, COHORT)]


def test_the_file_lies_in_a_private_folder_under_a_name_that_says_nothing(
    coordinator, certificate_source, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=CERTIFICATE, parameters={"person": 1}, by=coordinator)
    document.refresh_from_db()
    assert document.filename == "certificaat-nour-haddad.pdf"
    assert document.file.name.startswith("private/documents/")
    assert "nour" not in document.file.name.lower()
    assert (private_media / document.file.name).is_file()


def test_asking_twice_while_one_is_active_returns_the_same_document_and_one_job(
    coordinator, certificate_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = document_request(kind=COHORT_CERTIFICATES, parameters=COHORT, by=coordinator)
        second = document_request(
            kind=COHORT_CERTIFICATES,
            parameters=dict(reversed(COHORT.items())),
            by=coordinator,
        )
    assert second.pk == first.pk
    assert Document.objects.count() == 1
    assert Job.objects.count() == 1


def test_other_parameters_make_another_document(coordinator, certificate_source):
    first = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=None)
    second = document_request(kind=CERTIFICATE, parameters={"person": 1}, by=None)
    assert first.pk != second.pk
    assert first.job_id != second.job_id


def test_once_done_the_same_request_renders_afresh(
    coordinator, certificate_source, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=None)
    with django_capture_on_commit_callbacks(execute=True):
        second = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=None)
    assert second.pk != first.pk
    assert len(certificate_source) == 2


def test_a_job_delivered_twice_renders_once(coordinator, certificate_source):
    document = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=None)
    render_document.apply(kwargs={"job_id": document.job_id})
    render_document.apply(kwargs={"job_id": document.job_id})
    assert len(certificate_source) == 1
    document.refresh_from_db()
    assert document.job.status == Job.Status.DONE


def test_making_a_document_again_replaces_its_file(
    coordinator, certificate_source, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=CERTIFICATE, parameters={"person": 2}, by=coordinator)
    document.refresh_from_db()
    old_name, old_job = document.file.name, document.job_id
    with django_capture_on_commit_callbacks(execute=True):
        again = document_retry(document=document, by=coordinator)
    again.refresh_from_db()
    assert again.pk == document.pk
    assert again.job_id != old_job
    assert again.job.status == Job.Status.DONE
    assert again.file.name != old_name
    assert not (private_media / old_name).exists()
    assert (private_media / again.file.name).is_file()


def test_retrying_an_active_document_starts_nothing(coordinator, certificate_source):
    document = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=None)
    assert document_retry(document=document, by=coordinator).job_id == document.job_id
    assert Job.objects.count() == 1


def test_a_job_retried_from_the_jobs_page_renders_its_document(
    coordinator, certificate_source, monkeypatch, django_capture_on_commit_callbacks
):
    from vvsite.jobs import job_retry

    working = certificates.certificate_items
    monkeypatch.setattr(certificates, "certificate_items", _raise)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=coordinator)
    document.refresh_from_db()
    assert document.job.status == Job.Status.FAILED
    monkeypatch.setattr(certificates, "certificate_items", working)
    with django_capture_on_commit_callbacks(execute=True):
        new_job = job_retry(job=document.job, by=coordinator)
    document.refresh_from_db()
    assert document.job_id == new_job.pk
    assert document.job.status == Job.Status.DONE


def _raise(document):
    raise RuntimeError("source unavailable")


def test_unknown_kinds_and_unserialisable_parameters_are_refused(coordinator):
    with pytest.raises(ValidationError):
        document_request(kind="horoscope", parameters={}, by=coordinator)
    with pytest.raises(ValidationError):
        document_request(kind=CERTIFICATE, parameters={"when": object()}, by=None)


def test_a_kind_no_app_registers_cannot_be_asked_for(coordinator, monkeypatch):
    monkeypatch.delitem(registry._kinds, FUNDER_EXPORT)
    with pytest.raises(ValidationError):
        document_request(kind=FUNDER_EXPORT, parameters={}, by=coordinator)


def test_a_role_that_may_not_see_a_kind_may_not_ask_for_it(user_with_role, certificate_source):
    board = user_with_role(Role.BOARD)
    with pytest.raises(PermissionDenied):
        document_request(kind=CERTIFICATE, parameters={"person": 0}, by=board)
    assert not Document.objects.exists()


def test_when_the_renderer_fails_the_document_fails_with_the_reason(
    coordinator, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(certificates, "certificate_items", _raise)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=CERTIFICATE, parameters={"person": 0}, by=coordinator)
    document.refresh_from_db()
    assert document.job.status == Job.Status.FAILED
    assert "source unavailable" in document.job.error
