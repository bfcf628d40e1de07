"""Failed logins are counted per account (from any address) and per address (over all
accounts); behind the proxy the address is the forwarded one; the owner unlocks by reset link."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from vvsite.models import Role
from vvsite.throttle import client_ip

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.2"


def _login(client, email, password, **headers):
    return client.post(reverse("login"), {"username": email, "password": password}, **headers)


def _fail_ten_times(client, email, **headers):
    for _ in range(10):
        _login(client, email, "wrong-password", **headers)


def test_after_ten_failures_from_one_address_the_account_is_refused_from_another(
    user_with_role, password
):
    user_with_role(Role.COORDINATOR, email="x@example.org")
    _fail_ten_times(Client(REMOTE_ADDR="10.0.0.1"), "x@example.org")

    from_b = _login(Client(REMOTE_ADDR="10.0.0.2"), "X@Example.org", password)
    assert from_b.status_code == 429


def test_another_account_still_logs_in_from_a_third_address(user_with_role, password):
    user_with_role(Role.COORDINATOR, email="x@example.org")
    user_with_role(Role.VOLUNTEER, email="y@example.org")
    _fail_ten_times(Client(REMOTE_ADDR="10.0.0.1"), "x@example.org")

    assert _login(Client(REMOTE_ADDR="10.0.0.3"), "y@example.org", password).status_code == 302


def test_ten_failures_from_one_address_over_many_accounts_lock_that_address(
    user_with_role, password
):
    user_with_role(Role.VOLUNTEER, email="y@example.org")
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for number in range(10):
        _login(attacker, f"guess{number}@example.org", "wrong-password")

    assert _login(attacker, "y@example.org", password).status_code == 429
    assert _login(Client(REMOTE_ADDR="10.0.0.3"), "y@example.org", password).status_code == 302


def test_through_one_proxy_ten_forwarded_addresses_do_not_lock_out_someone_else(
    user_with_role, password, settings
):
    settings.PROXY_COUNT = 1
    user_with_role(Role.COORDINATOR, email="coord@example.org")
    proxy = Client(REMOTE_ADDR=PROXY)
    for number in range(10):
        _login(
            proxy,
            f"account{number}@example.org",
            "wrong-password",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number + 1}",
        )

    response = _login(
        Client(REMOTE_ADDR=PROXY),
        "coord@example.org",
        password,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302


def test_behind_the_proxy_the_address_the_proxy_saw_counts_not_what_the_client_claims(rf, settings):
    settings.PROXY_COUNT = 1
    forged = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    plain = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"
    assert client_ip(plain) == "198.51.100.7"


def test_without_a_proxy_a_forwarded_header_is_ignored(rf, settings):
    settings.PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "10.0.0.1"


def test_a_locked_owner_unlocks_their_account_through_the_reset_link(
    user_with_role, password, django_capture_on_commit_callbacks
):
    user_with_role(Role.COORDINATOR, email="x@example.org")
    _fail_ten_times(Client(REMOTE_ADDR="10.0.0.1"), "x@example.org")
    owner = Client(REMOTE_ADDR="10.0.0.2")
    assert _login(owner, "x@example.org", password).status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        owner.post(reverse("password_reset"), {"email": "x@example.org"})
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/wachtwoord-herstellen/" in line)
    form_page = owner.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    done = owner.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Een-nieuw-wachtw00rd", "new_password2": "Een-nieuw-wachtw00rd"},
    )
    assert done.status_code == 302

    assert _login(owner, "x@example.org", "Een-nieuw-wachtw00rd").status_code == 302


def test_the_public_sign_up_limit_counts_per_forwarded_address(settings):
    settings.PROXY_COUNT = 1
    url = reverse("participants:buddy_signup")
    proxy = Client(REMOTE_ADDR=PROXY)
    for _ in range(10):
        proxy.post(url, {}, HTTP_X_FORWARDED_FOR="198.51.100.50")

    assert proxy.post(url, {}, HTTP_X_FORWARDED_FOR="198.51.100.50").status_code == 429
    assert proxy.post(url, {}, HTTP_X_FORWARDED_FOR="198.51.100.51").status_code == 200
