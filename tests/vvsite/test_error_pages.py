"""Each error page is drawn in the layout, in Dutch and English, for every role and for
anonymous visitors, with the menu or a way home; a 403 names the role the page is for."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from vvsite.models import Role

pytestmark = pytest.mark.django_db

VISITORS = [None, *Role]

PAGES = {
    400: "/test-fouten/400/",
    404: "/bestaat-niet/",
    429: "/test-fouten/429/",
    500: "/test-fouten/500/",
}

TITLES = {
    "nl": {
        400: "Ongeldig verzoek",
        404: "Pagina niet gevonden",
        429: "Te veel pogingen",
        500: "Er ging iets mis",
    },
    "en": {
        400: "Bad request",
        404: "Page not found",
        429: "Too many attempts",
        500: "Something went wrong",
    },
}


@pytest.fixture(autouse=True)
def _urls_that_fail(settings):
    settings.ROOT_URLCONF = "tests.vvsite.error_urls"


def _client(role, language="nl") -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    if role is not None:
        user = UserFactory(roles=[role], language=language)
        client.force_login(user)
    return client


def _in_layout(content: str, role) -> None:
    assert 'data-testid="error-page"' in content
    assert 'aria-label="' in content and "navbar" in content  # the layout's menu bar
    assert 'href="/"' in content  # a way home
    if role is not None:
        assert reverse("logout") in content


@pytest.mark.parametrize("role", VISITORS, ids=lambda r: str(r or "anonymous"))
@pytest.mark.parametrize("status", sorted(PAGES))
def test_each_error_page_is_drawn_in_the_layout(role, status, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    response = _client(role).get(PAGES[status])
    assert response.status_code == status
    content = response.content.decode()
    _in_layout(content, role)
    assert TITLES["nl"][status] in content


@pytest.mark.parametrize("status", sorted(PAGES))
def test_error_pages_speak_english_to_an_english_visitor(status):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get(PAGES[status])
    assert TITLES["en"][status] in response.content.decode()


@pytest.mark.parametrize("role", [r for r in Role if r not in {Role.COORDINATOR, Role.ADMIN}])
def test_a_403_names_the_role_the_page_is_for(role, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    response = _client(role).get(reverse("participants:newcomer_list"))
    assert response.status_code == 403
    content = response.content.decode()
    _in_layout(content, role)
    assert "Geen toegang" in content
    assert "Coördinator, Beheerder" in content


def test_a_403_in_english_names_the_role_too(settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    client = _client(Role.VOLUNTEER, language="en")
    client.cookies["django_language"] = "en"
    content = client.get(reverse("jobs")).content.decode()
    assert "This page is for:" in content
    assert "Administrator" in content


def test_a_failed_csrf_check_is_explained_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    _in_layout(content, None)
    assert "Het formulier was verlopen" in content
