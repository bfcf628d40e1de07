"""Dutch by default, English after switching; also for anonymous visitors."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_are_dutch_by_default_and_english_after_switching(client):
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="nl">' in page
    assert "Wachtwoord vergeten?" in page

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Forgot your password?" in page


@pytest.mark.django_db
def test_an_unknown_language_leaves_the_interface_dutch(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="nl">' in client.get(reverse("login")).content.decode()
