"""Logging in with an e-mail address, and the lockout after repeated failures."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vvsite.models import Role

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_logging_in_with_the_e_mail_address_in_any_case_opens_the_start_page(
    client, user_with_role, password
):
    user = user_with_role(Role.VOLUNTEER, email="sara@example.org")
    response = _login(client, "Sara@Example.org", password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_a_wrong_password_is_refused_with_a_dutch_message(client, user_with_role):
    user_with_role(Role.VOLUNTEER, email="sara@example.org")
    response = _login(client, "sara@example.org", "wrong-password")
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()


def test_ten_failed_logins_lock_the_account_even_for_the_right_password(
    client, user_with_role, password
):
    user_with_role(Role.COORDINATOR, email="coord@example.org")
    for _ in range(9):
        assert _login(client, "coord@example.org", "wrong-password").status_code == 200
    locked = _login(client, "coord@example.org", "wrong-password")
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.content.decode()

    response = _login(client, "coord@example.org", password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off_period(client, user_with_role, password, settings):
    user_with_role(Role.COORDINATOR, email="coord@example.org")
    for _ in range(10):
        _login(client, "coord@example.org", "wrong-password")
    assert _login(client, "coord@example.org", password).status_code == 429

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        response = _login(client, "coord@example.org", password)
    assert response.status_code == 302


def test_failures_for_one_account_do_not_lock_another(client, user_with_role, password):
    user_with_role(Role.COORDINATOR, email="coord@example.org")
    user_with_role(Role.VOLUNTEER, email="other@example.org")
    for _ in range(10):
        _login(client, "coord@example.org", "wrong-password")
    other_client = client.__class__(REMOTE_ADDR="10.1.2.3")
    assert _login(other_client, "other@example.org", password).status_code == 302


def test_a_logged_in_user_who_opens_the_login_page_goes_to_the_start_page(volunteer_client):
    response = volunteer_client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logging_out_ends_the_session(volunteer_client):
    response = volunteer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert volunteer_client.get(reverse("home")).status_code == 302
