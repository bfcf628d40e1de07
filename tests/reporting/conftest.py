import pytest

from reporting.certificates import register_certificate_source
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
def certificate_source():
    """A stand-in for the cohorts app: parameters {"cohort": n, "size": k} give a cohort of k
    people (three scripts first); {"person": i} gives that person's certificate. Records the
    calls it gets."""
    calls = []

    def source(*, kind, parameters):
        calls.append((kind, parameters))
        people = cohort_data(parameters.get("size", 3))
        if "person" in parameters:
            return [people[parameters["person"]]]
        return people

    from reporting import certificates

    previous = certificates._source
    register_certificate_source(source)
    yield calls
    register_certificate_source(previous)  # the cohorts app's own, for the tests after this


@pytest.fixture
def one_certificate():
    return certificate_data()
