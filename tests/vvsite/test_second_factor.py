"""Coordinators and administrators who must use a second factor reach nothing before they
verify it."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vvsite.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_STAFF = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url_name", ["home", "account", "jobs", "admin:index"])
def test_a_coordinator_without_a_device_is_sent_to_set_one_up_from_any_page(
    required, user_with_role, url_name
):
    client = _logged_in(user_with_role(Role.COORDINATOR, Role.ADMIN))
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_setup"))


def test_a_coordinator_with_a_device_must_enter_a_code_before_any_page(required, user_with_role):
    user = user_with_role(Role.COORDINATOR)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _logged_in(user)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("otp_verify"))


def test_setting_up_the_app_verifies_the_session_and_gives_recovery_codes(required, user_with_role):
    user = user_with_role(Role.COORDINATOR)
    client = _logged_in(user)
    assert client.get(reverse("otp_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("otp_setup"), {"token": _code(device), "next": "/account/"})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_during_set_up_is_refused_and_then_slowed_down(required, user_with_role):
    user = user_with_role(Role.COORDINATOR)
    client = _logged_in(user)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if _code(device) != "000000" else "111111"

    # The clock stands still: on a busy machine the second post could come after the pause.
    with time_machine.travel(timezone.now(), tick=False):
        response = client.post(reverse("otp_setup"), {"token": wrong})
        assert "klopt niet" in response.content.decode()
        response = client.post(reverse("otp_setup"), {"token": _code(device)})
    assert "Wacht even" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_correct_code_opens_the_requested_page(required, user_with_role):
    user = user_with_role(Role.COORDINATOR)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _logged_in(user)
    response = client.post(reverse("otp_verify"), {"token": _code(device), "next": "/account/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get(reverse("account")).status_code == 200


def test_a_recovery_code_works_once(required, user_with_role):
    user = user_with_role(Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    from vvsite.services import recovery_codes_regenerate

    code = recovery_codes_regenerate(user=user)[0]
    first = _logged_in(user)
    assert first.post(reverse("otp_verify"), {"token": code})["Location"] == reverse("home")

    second = _logged_in(user)
    response = second.post(reverse("otp_verify"), {"token": code})
    assert response.status_code == 200
    assert second.get(reverse("home")).status_code == 302


def test_a_wrong_code_keeps_the_door_shut(required, user_with_role):
    user = user_with_role(Role.COORDINATOR)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = _logged_in(user)
    response = client.post(reverse("otp_verify"), {"token": "12345x"})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_volunteers_and_board_members_are_not_asked_for_a_second_factor(required, client_for):
    assert client_for(Role.VOLUNTEER).get(reverse("home")).status_code == 200
    assert client_for(Role.BOARD).get(reverse("home")).status_code == 200


def test_without_the_requirement_coordinators_go_straight_in(coordinator_client, settings):
    settings.REQUIRE_2FA_FOR_STAFF = False
    assert coordinator_client.get(reverse("home")).status_code == 200


PRINT_SETTING = (
    "import django; django.setup(); "
    "from django.conf import settings; print(settings.REQUIRE_2FA_FOR_STAFF)"
)


PRINT_SETTING = (
    "import django; django.setup(); "
    "from django.conf import settings; print(settings.REQUIRE_2FA_FOR_STAFF)"
)


def test_production_settings_require_the_second_factor():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTING],
        env={
            "DJANGO_SETTINGS_MODULE": "vvsite.settings",
            "DJANGO_ENV": "production",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "example.org",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
