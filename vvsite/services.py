"""Writes for accounts: invitations, roles, deactivation, the second factor and unlocking.

Every change one person makes to another's account goes through here, checks the grant table
(``vvsite.access.GRANTS``) and is written to the account's trail (``AccountEvent``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from vvsite.access import grantable_roles
from vvsite.jobs import job_enqueue
from vvsite.mail import mail_send
from vvsite.models import AccountEvent, Invitation, Role, User, UserRole
from vvsite.throttle import account_unlock

RECOVERY_CODE_COUNT = 10


def user_create(
    *, email: str, full_name: str, roles: list[str], password: str | None = None
) -> User:
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        for role in roles:
            UserRole.objects.create(user=user, role=Role(role))
    return user


def _event(user: User, kind: str, *, by: User | None = None, detail: str = "") -> None:
    AccountEvent.objects.create(user=user, kind=kind, by=by, detail=detail[:300])


def _may_grant(by: User | None, role: str) -> None:
    """Refuse when ``by`` (None: the system itself) may not give or take ``role``."""
    if by is not None and role not in grantable_roles(by):
        raise ValidationError(
            _("You may not give or take away the role “%(role)s”.") % {"role": Role(role).label}
        )


@transaction.atomic
def role_grant(*, user: User, role: str, by: User | None = None) -> bool:
    """Give ``user`` a role they may not hold yet (assigning a coach to a group gives their login
    the coach role). Returns whether the role is new."""
    _may_grant(by, role)
    _grant, created = UserRole.objects.get_or_create(user=user, role=Role(role))
    user.__dict__.pop("roles", None)  # forget the cached role set
    if created:
        _event(user, AccountEvent.Kind.ROLE_GRANTED, by=by, detail=Role(role).label)
    return created


@transaction.atomic
def role_revoke(*, user: User, role: str, by: User | None = None) -> bool:
    """Take a role away. Returns whether the user held it."""
    _may_grant(by, role)
    if by is not None and by.pk == user.pk and role == Role.ADMIN:
        raise ValidationError(_("You cannot take away your own administrator role."))
    deleted, _rows = UserRole.objects.filter(user=user, role=Role(role)).delete()
    user.__dict__.pop("roles", None)
    if deleted:
        _event(user, AccountEvent.Kind.ROLE_REVOKED, by=by, detail=Role(role).label)
    return bool(deleted)


@transaction.atomic
def roles_set(*, user: User, roles: set[str], by: User) -> None:
    """Make ``user`` hold exactly ``roles`` among those ``by`` may grant; other roles stay."""
    for role in grantable_roles(by):
        if role in roles:
            role_grant(user=user, role=role, by=by)
        elif role in user.roles:
            role_revoke(user=user, role=role, by=by)


# --- Invitations ------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_invite(*, user: User, by: User | None = None) -> Invitation:
    """Invite ``user`` to choose a password: any open invitation is replaced by a new one whose
    e-mail a job sends (in the user's language) with a link valid for INVITATION_VALID_DAYS."""
    if not user.is_active:
        raise ValidationError(_("This account is deactivated; reactivate it first."))
    now = timezone.now()
    user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    invitation = Invitation.objects.create(
        user=user,
        sent_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    _event(user, AccountEvent.Kind.INVITED, by=by)
    job_enqueue(
        task="vvsite.tasks.invitation_mail",
        kwargs={"invitation": invitation.pk},
        by=by,
        key=f"invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, user: User, by: User | None = None) -> int:
    """Make the open invitation links of ``user`` stop working."""
    revoked = user.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        _event(user, AccountEvent.Kind.INVITATION_REVOKED, by=by)
    return revoked


def invitation_mail_send(*, invitation_pk: int) -> bool:
    """Send an invitation's e-mail with a fresh link (run by the invitation job). Sends nothing
    for an invitation that was revoked or accepted meanwhile."""
    invitation = Invitation.objects.select_related("user").get(pk=invitation_pk)
    if not invitation.is_open or not invitation.user.is_active:
        return False
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=_token_hash(token), sent_at=timezone.now()
    )
    user = invitation.user
    mail_send(
        template="email/invitation",
        to=user.email,
        language=user.language,
        context={"user": user, "token": token, "expires_at": invitation.expires_at},
    )
    return True


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link belongs to, open or not; None for a link we never sent."""
    return (
        Invitation.objects.select_related("user")
        .filter(token_hash=_token_hash(token), user__is_active=True)
        .first()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The invited user chose their password: the account is theirs from now on."""
    invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("This invitation link no longer works."))
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    account_unlock(email=user.email)
    return user


def invitation_renew(*, invitation: Invitation) -> Invitation | None:
    """The holder of an expired link asks for a new one: it goes to the account's own address,
    so only its owner can use it. None when the account was taken up or revoked meanwhile."""
    user = invitation.user
    latest = user.invitations.latest()
    if user.has_usable_password() or latest.pk != invitation.pk or latest.revoked_at:
        return None
    return user_invite(user=user, by=invitation.sent_by)


# --- Password reset ----------------------------------------------------------------------------


def password_reset_request(*, email: str) -> int:
    """Start a password-reset e-mail (by a job, so the answer takes as long whether or not the
    address has an account) for each active account with this address and a password."""
    users = User.objects.filter(email__iexact=email.strip(), is_active=True)
    sent = 0
    for user in users:
        if user.has_usable_password():
            job_enqueue(task="vvsite.tasks.password_reset_mail", kwargs={"user": user.pk})
            sent += 1
    return sent


def password_reset_mail_send(*, user_pk: int) -> bool:
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    mail_send(
        template="email/password_reset",
        to=user.email,
        language=user.language,
        context=context,
    )
    return True


# --- Administrators' actions ------------------------------------------------------------------


@transaction.atomic
def user_deactivate(*, user: User, by: User, reason: str = "") -> None:
    """Nobody logs in with this account any more; its roles stay for when it comes back."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    invitation_revoke(user=user, by=by)
    _event(user, AccountEvent.Kind.DEACTIVATED, by=by, detail=reason)


@transaction.atomic
def user_reactivate(*, user: User, by: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.is_active = True
    _event(user, AccountEvent.Kind.REACTIVATED, by=by)


@transaction.atomic
def second_factor_reset(*, user: User, by: User, reason: str) -> None:
    """Remove the authenticator and recovery codes of ``user``, who sets up a new one at their
    next login. The reason is recorded."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the second factor is reset.")})
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _event(user, AccountEvent.Kind.SECOND_FACTOR_RESET, by=by, detail=reason.strip())


def user_unlock(*, user: User, by: User) -> int:
    """Lift the lock after too many failed logins."""
    forgotten = account_unlock(email=user.email)
    _event(user, AccountEvent.Kind.UNLOCKED, by=by)
    return forgotten


@transaction.atomic
def user_erase(*, user: User) -> None:
    """The person behind this account was anonymised: nobody can log in with it and nothing
    in it names them any more (roles, invitations, devices and its trail go too)."""
    account_unlock(email=user.email)
    user.full_name = _("Anonymised person")
    user.email = f"anonymised-{user.pk}@invalid.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    user.role_grants.all().delete()
    user.invitations.all().delete()
    user.account_events.all().delete()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.history.all().delete()
    UserRole.history.filter(user_id=user.pk).delete()


# --- Own second factor ---------------------------------------------------------------------------


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
