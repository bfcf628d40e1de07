import pytest

from cohorts import certificates
from tests.reporting.factories import certificate_data, cohort_data
from vvsite.celery import app as celery_app


@pytest.fixture(autouse=True)
def tasks_in_process(settings):
    """Tasks run in-process, as without a broker, also when REDIS_URL is set; the tests that
    need the real broker switch it on with ``use_broker`` (which runs after this fixture)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Generated files go to a temporary folder, never into the working tree."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    settings.MEDIA_ROOT = location
    return location


@pytest.fixture
def certificate_source(monkeypatch):
    """Invented people instead of the cohort's enrolments: parameters {"cohort": n, "size": k}
    give a cohort of k people (three scripts first); {"person": i} gives that person's
    certificate. Records the (kind, parameters) of each document it is asked for."""
    calls = []

    def source(document):
        calls.append((document.kind, document.parameters))
        people = cohort_data(document.parameters.get("size", 3))
        if "person" in document.parameters:
            return [people[document.parameters["person"]]]
        return people

    monkeypatch.setattr(certificates, "certificate_items", source)
    return calls


@pytest.fixture
def one_certificate():
    return certificate_data()
