import os

import pytest
from celery.signals import task_postrun, task_prerun
from django.test import Client
from zeal import setup as zeal_setup
from zeal import teardown as zeal_teardown
from zeal import zeal_context

from cohorts import certificates
from tests.cohorts.factories import cohort_data
from tests.factories import PASSWORD, UserFactory
from vvsite.celery import app as celery_app
from vvsite.models import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls our tests make
# alongside it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.broker"]

ROLE_EMAILS = {role: f"{role.value}@example.org" for role in Role}


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Tasks run in-process in every test, REDIS_URL or not; tests that need the real broker
    say so with the ``use_broker`` fixture (tests/broker.py)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture(autouse=True)
def _zeal():
    """An N+1 query anywhere in a test raises ``zeal.NPlusOneError`` (settings: ZEAL_*).
    Requests (zeal's middleware) and tasks (below) each count on their own, as in production."""
    with zeal_context():
        yield


_zeal_tokens: dict[str, object] = {}


@task_prerun.connect
def _zeal_task_start(task_id, **kwargs):
    _zeal_tokens[task_id] = zeal_setup()


@task_postrun.connect
def _zeal_task_end(task_id, **kwargs):
    token = _zeal_tokens.pop(task_id, None)
    if token is not None:
        zeal_teardown(token)


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process even when a broker is configured (REDIS_URL in CI)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
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
    """Invented people instead of a cohort's enrolments on certificates: parameters
    {"cohort": n, "size": k} give a cohort of k people (three scripts first); {"person": i}
    gives that person's certificate. Records the (kind, parameters) of each document."""
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
def user_with_role(db):
    """Make a user holding the given roles: ``user_with_role(Role.COACH)``."""

    def make(*roles, **fields):
        return UserFactory(roles=roles, **fields)

    return make


@pytest.fixture
def client_for(db):
    """A logged-in test client for a new user with the given roles (or anonymous for None)."""

    def make(*roles):
        client = Client()
        if roles and roles != (None,):
            client.force_login(UserFactory(roles=roles))
        return client

    return make


def _client_fixture(role):
    @pytest.fixture
    def role_client(client_for):
        return client_for(role)

    role_client.__doc__ = f"A test client logged in as a new user with the {role.value} role."
    return role_client


coordinator_client = _client_fixture(Role.COORDINATOR)
coach_client = _client_fixture(Role.COACH)
volunteer_client = _client_fixture(Role.VOLUNTEER)
board_client = _client_fixture(Role.BOARD)
administrator_client = _client_fixture(Role.ADMIN)


@pytest.fixture
def password():
    return PASSWORD


# --- Browser tests ---------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright keeps an event loop in the test thread for the rest
    of the session, which async views (``/healthz``) called through the test client cannot
    share. Tests marked ``redis`` need a real broker: they run only when REDIS_URL is set."""
    items.sort(key=lambda item: "e2e" in item.keywords)
    if os.environ.get("REDIS_URL"):
        return
    skip = pytest.mark.skip(reason="needs REDIS_URL (a real Redis) to run")
    for item in items:
        if "redis" in item.keywords:
            item.add_marker(skip)
