"""The document page: progress while it is made, the reason when it failed, a private download."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from cohorts import certificates
from cohorts.certificates import CERTIFICATE, COHORT_CERTIFICATES
from reporting.annual_report import ANNUAL_REPORT
from tests.factories import DocumentFactory, ReadyDocumentFactory, UserFactory
from vvsite.documents.services import document_request
from vvsite.models import Job, Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _detail(document):
    return reverse("documents:document_detail", args=[document.pk])


def _download(document):
    return reverse("documents:document_download", args=[document.pk])


@pytest.fixture
def broken_template(settings, monkeypatch):
    """The certificate template replaced by one that does not compile."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"broken.html": "{% if %}"}),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    working = certificates.TEMPLATE
    monkeypatch.setattr(certificates, "TEMPLATE", "broken.html")
    # Undoes only this patch (the monkeypatch also holds certificate_source's).
    return SimpleNamespace(undo=lambda: monkeypatch.setattr(certificates, "TEMPLATE", working))


def test_while_it_is_made_the_page_shows_progress_and_polls(coordinator_client):
    document = DocumentFactory(job__status=Job.Status.RUNNING, job__progress=40)
    page = coordinator_client.get(_detail(document)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    assert _download(document) not in page

    partial = coordinator_client.get(_detail(document), headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert f'id="document-{document.pk}"' in html
    assert f'hx-get="{_detail(document)}"' in html


def test_when_done_the_page_links_the_download_and_stops_polling(coordinator_client):
    document = ReadyDocumentFactory()
    page = coordinator_client.get(_detail(document)).content.decode()
    assert _download(document) in page
    assert "hx-trigger" not in page
    assert "Opnieuw maken" in page


def test_a_broken_template_fails_shows_the_reason_and_can_be_retried(
    user_with_role, certificate_source, broken_template, django_capture_on_commit_callbacks
):
    user = user_with_role(Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind=COHORT_CERTIFICATES, parameters={"cohort": 14}, by=user)
    document.refresh_from_db()
    assert document.job.status == Job.Status.FAILED

    page = client.get(_detail(document)).content.decode()
    assert "Het document kon niet worden gemaakt" in page
    assert "TemplateSyntaxError" in page
    assert "Opnieuw proberen" in page
    assert client.get(_download(document)).status_code == 404

    broken_template.undo()  # the template is fixed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:document_retry", args=[document.pk]))
    assert response["Location"] == _detail(document)
    document.refresh_from_db()
    assert document.job.status == Job.Status.DONE, document.job.error
    assert client.get(_download(document)).status_code == 200


def test_retry_while_it_is_made_starts_no_second_render(coordinator_client):
    document = DocumentFactory(job__status=Job.Status.RUNNING)
    response = coordinator_client.post(reverse("documents:document_retry", args=[document.pk]))
    assert response.status_code == 302
    assert Job.objects.count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_download_a_certificate_as_an_attachment(client_for, role):
    document = ReadyDocumentFactory(kind=CERTIFICATE, filename="certificaat-nour-haddad.pdf")
    response = client_for(role).get(_download(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificaat-nour-haddad.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


@pytest.mark.parametrize("role", [Role.COACH, Role.VOLUNTEER])
def test_roles_without_documents_are_refused(client_for, role):
    document = ReadyDocumentFactory()
    client = client_for(role)
    assert client.get(_download(document)).status_code == 403
    assert client.get(_detail(document)).status_code == 403


def test_the_board_gets_the_annual_report_but_no_certificate_exists_for_it(board_client):
    report = ReadyDocumentFactory(kind=ANNUAL_REPORT)
    certificate = ReadyDocumentFactory(kind=COHORT_CERTIFICATES)
    assert board_client.get(_download(report)).status_code == 200
    assert board_client.get(_download(certificate)).status_code == 404
    assert board_client.get(_detail(certificate)).status_code == 404
    retry = reverse("documents:document_retry", args=[certificate.pk])
    assert board_client.post(retry).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    document = ReadyDocumentFactory()
    response = client.get(_download(document))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_file_has_no_public_url(coordinator_client, settings):
    document = ReadyDocumentFactory(kind=CERTIFICATE)
    name = document.file.name
    assert name.startswith("private/")
    for url in (f"/{name}", f"/media/{name}", f"{settings.MEDIA_URL}{name}", document.file.url):
        assert coordinator_client.get(url).status_code == 404, url
    assert Client().get(f"/media/{name}").status_code == 404


def test_a_document_not_done_has_nothing_to_download(coordinator_client):
    failed = DocumentFactory(job__status=Job.Status.FAILED, job__error="ValueError: kapot")
    assert coordinator_client.get(_download(failed)).status_code == 404
    page = coordinator_client.get(_detail(failed)).content.decode()
    assert "ValueError: kapot" in page


def test_the_board_does_not_see_who_asked_for_a_document(board_client, coordinator_client):
    requester = UserFactory(full_name="Ottoline Brackenbury", roles=[Role.COORDINATOR])
    document = ReadyDocumentFactory(created_by=requester)
    assert "Brackenbury" in coordinator_client.get(_detail(document)).content.decode()
    assert "Brackenbury" not in board_client.get(_detail(document)).content.decode()
