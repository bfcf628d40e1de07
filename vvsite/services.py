"""Writes for accounts: profile changes and the second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vvsite.models import Role, User, UserRole

RECOVERY_CODE_COUNT = 10


def user_create(
    *, email: str, full_name: str, roles: list[str], password: str | None = None
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        for role in roles:
            UserRole.objects.create(user=user, role=Role(role))
    return user


@transaction.atomic
def role_grant(*, user: User, role: str) -> bool:
    """Give ``user`` a role they may not hold yet (assigning a coach to a group gives their login
    the coach role). Returns whether the role is new."""
    _grant, created = UserRole.objects.get_or_create(user=user, role=Role(role))
    user.__dict__.pop("roles", None)  # forget the cached role set
    return created


def user_invite(*, user: User) -> None:
    """E-mail the user a link to choose their password (the password-reset flow), in their
    own language. New accounts have no usable password until then."""
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    with translation.override(user.language):
        subject = render_to_string("registration/invite_subject.txt", context).strip()
        body = render_to_string("registration/invite_email.txt", context)
    send_mail(subject, body, None, [user.email])


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
