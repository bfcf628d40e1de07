"""The accounts page for administrators: the grant table, deactivation, a recorded second
factor reset, unlocking after failed logins."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from zeal import zeal_ignore

from tests.factories import UserFactory
from vvsite import services
from vvsite.models import AccountEvent, Role

pytestmark = pytest.mark.django_db

C, CO, V, B, A = Role.COORDINATOR, Role.COACH, Role.VOLUNTEER, Role.BOARD, Role.ADMIN

#: The specification, written apart from vvsite.access.GRANTS: who may give (and take) what.
MAY_GRANT = {
    C: {V, CO},
    CO: set(),
    V: set(),
    B: set(),
    A: {C, CO, V, B, A},
}


@pytest.mark.parametrize("granter_role", list(Role))
def test_each_role_may_grant_exactly_the_roles_of_the_grant_table(granter_role):
    granter = UserFactory(roles=[granter_role])
    with zeal_ignore():  # one fresh account per role, by design: not an N+1 of the code
        for role in Role:
            target = UserFactory(roles=[])
            if role in MAY_GRANT[granter_role]:
                assert services.role_grant(user=target, role=role, by=granter)
                assert services.role_revoke(user=target, role=role, by=granter)
            else:
                with pytest.raises(ValidationError):
                    services.role_grant(user=target, role=role, by=granter)
                holder = UserFactory(roles=[role])
                with pytest.raises(ValidationError):
                    services.role_revoke(user=holder, role=role, by=granter)
                assert role in holder.roles


def test_an_administrator_changes_roles_on_the_accounts_page(administrator_client):
    user = UserFactory(roles=[V])
    response = administrator_client.post(
        reverse("account_detail", args=[user.pk]), {"roles": [CO, B]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert set(user.role_grants.values_list("role", flat=True)) == {CO, B}
    kinds = set(AccountEvent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {"role_granted", "role_revoked"}


def test_the_accounts_page_shows_the_grant_table(administrator_client):
    page = administrator_client.get(reverse("accounts")).content.decode()
    assert 'data-testid="grant-table"' in page
    assert "Wie mag welke rol geven" in page


def test_the_accounts_list_filters_by_role_and_state(administrator_client):
    UserFactory(roles=[V], full_name="Vera Vrijwilliger")
    UserFactory(roles=[B], full_name="Bert Bestuur")
    listed = administrator_client.get(reverse("accounts"), {"role": V, "state": "active"})
    names = [account.full_name for account, _state in listed.context["page"]]
    assert names == ["Vera Vrijwilliger"]


def test_the_accounts_list_takes_the_same_queries_however_many_accounts(
    administrator_client, django_assert_max_num_queries
):
    for _ in range(3):
        UserFactory(roles=[V])
    with django_assert_max_num_queries(12) as few:
        administrator_client.get(reverse("accounts"))
    for _ in range(15):
        UserFactory(roles=[V, CO])
    with django_assert_max_num_queries(len(few.captured_queries)):
        administrator_client.get(reverse("accounts"))


def test_a_second_factor_reset_is_in_the_audit_trail_with_its_reason(administrator_client):
    user = UserFactory(roles=[C])
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = administrator_client.post(
        reverse("account_second_factor_reset", args=[user.pk]), {"reason": "Telefoon kwijt"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AccountEvent.objects.get(user=user, kind="second_factor_reset")
    assert event.detail == "Telefoon kwijt"
    assert event.by.has_role(A)
    page = administrator_client.get(reverse("account_detail", args=[user.pk])).content.decode()
    assert "Telefoon kwijt" in page


def test_a_second_factor_reset_without_a_reason_is_refused(administrator_client):
    user = UserFactory(roles=[C])
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    administrator_client.post(reverse("account_second_factor_reset", args=[user.pk]), {})
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_deactivated_account_cannot_log_in_and_can_come_back(administrator_client, password):
    user = UserFactory(roles=[V], email="weg@example.org")
    administrator_client.post(reverse("account_deactivate", args=[user.pk]), {"reason": "Stopt"})
    login = {"username": "weg@example.org", "password": password}
    assert Client().post(reverse("login"), login).status_code == 200
    administrator_client.post(reverse("account_deactivate", args=[user.pk]))
    assert Client().post(reverse("login"), login).status_code == 302


def test_an_administrator_unlocks_an_account_after_failed_logins(administrator_client, password):
    user = UserFactory(roles=[C], email="coord@example.org")
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for _ in range(10):
        attacker.post(reverse("login"), {"username": "coord@example.org", "password": "wrong"})
    owner = Client(REMOTE_ADDR="10.0.0.10")
    login = {"username": "coord@example.org", "password": password}
    assert owner.post(reverse("login"), login).status_code == 429
    page = administrator_client.get(reverse("account_detail", args=[user.pk]))
    assert page.context["state"].state == "locked"

    administrator_client.post(reverse("account_unlock", args=[user.pk]))
    assert owner.post(reverse("login"), login).status_code == 302
    assert AccountEvent.objects.filter(user=user, kind="unlocked").exists()
