"""A cohort's certificates through a real Redis broker and a real Celery worker (REDIS_URL)."""

import html
import time

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import Document
from reporting.services import document_request
from tests.reporting import pdftools
from tests.reporting.factories import ARABIC, ETHIOPIC, LATIN
from tests.vvsite.conftest import use_broker  # noqa: F401 - the worker fixture needs it
from tests.vvsite.test_celery_worker import worker  # noqa: F401 - a worker thread on Redis
from vvsite.models import Job, Role

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _wait_for_job(document, timeout=60.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=Document.objects.get(pk=document.pk).job_id)
        if not job.is_active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"document {document.pk} still {job.status} after {timeout}s")


def test_a_worker_renders_a_cohort_as_one_pdf_with_a_page_per_person(
    worker,  # noqa: F811
    certificate_source,
    user_with_role,
):
    coordinator = user_with_role(Role.COORDINATOR)
    document = document_request(
        kind=Document.Kind.COHORT_CERTIFICATES,
        parameters={"cohort": 14, "size": 5},
        by=coordinator,
    )
    job = _wait_for_job(document)
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 1

    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("reporting:document_detail", args=[document.pk]))
    assert "5 pagina's" in html.unescape(page.content.decode())
    response = client.get(reverse("reporting:document_download", args=[document.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)

    assert pdftools.page_count(pdf) == 5
    text = pdftools.text(pdf)
    for latin, native, _language in (LATIN, ARABIC, ETHIOPIC):
        assert latin in text
        assert native in text
    for number in (4, 5):
        assert f"Deelnemer {number}" in text
    fonts = {font["name"].split("+", 1)[-1] for font in pdftools.fonts(pdf)}
    assert {"Noto-Naskh-Arabic", "Noto-Sans-Ethiopic"} <= fonts
