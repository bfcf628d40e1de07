"""Writes for accounts: profile changes and the second factor."""

from __future__ import annotations

from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vvsite.models import Role, User, UserRole

RECOVERY_CODE_COUNT = 10


def user_create(*, email: str, full_name: str, roles: list[str], password: str | None = None) -> User:
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        for role in roles:
            UserRole.objects.create(user=user, role=Role(role))
    return user


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The not yet confirmed authenticator of ``user``, created on first use."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an authenticator with a code from it. Returns fresh recovery codes, or None when
    the code is wrong. Any earlier authenticator is replaced."""
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return recovery_codes_regenerate(user=device.user)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones and return them (shown once)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
