"""A cohort's certificates through a real Redis broker and a real Celery worker (REDIS_URL)."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from cohorts.certificates import COHORT_CERTIFICATES
from tests import pdftools
from tests.broker import wait_for_job
from tests.cohorts.factories import ARABIC, ETHIOPIC, LATIN
from vvsite.documents.services import document_request
from vvsite.models import Job, Role

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]


def test_a_worker_renders_a_cohort_as_one_pdf_with_a_page_per_person(
    worker,
    certificate_source,
    user_with_role,
):
    coordinator = user_with_role(Role.COORDINATOR)
    document = document_request(
        kind=COHORT_CERTIFICATES,
        parameters={"cohort": 14, "size": 5},
        by=coordinator,
    )
    job = wait_for_job(document.job_id)
    assert job.status == Job.Status.DONE, job.error
    assert job.attempts == 1

    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("documents:document_detail", args=[document.pk]))
    assert "5 pagina's" in html.unescape(page.content.decode())
    response = client.get(reverse("documents:document_download", args=[document.pk]))
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
