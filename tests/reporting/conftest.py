import pytest

from reporting.certificates import register_certificate_source
from tests.reporting.factories import certificate_data, cohort_data


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

    register_certificate_source(source)
    yield calls
    register_certificate_source(None)


@pytest.fixture
def one_certificate():
    return certificate_data()
