"""Reads for accounts: the state of an account as a coordinator reads it, and the accounts list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vvsite.models import AccountEvent, Invitation, User

#: state -> (label, Bootstrap colour). The order is the order of the filter on the accounts page.
STATES: dict[str, tuple[str, str]] = {
    "active": (_("Active"), "success"),
    "invited": (_("Invited"), "info"),
    "expired": (_("Invitation expired"), "warning"),
    "locked": (_("Locked after failed logins"), "danger"),
    "deactivated": (_("Deactivated"), "secondary"),
    "none": (_("Not invited"), "light"),
}


@dataclass(frozen=True)
class AccountState:
    """Where an account stands: ``state`` is a key of ``STATES``."""

    state: str
    invitation: Invitation | None = None
    last_login: datetime | None = None

    @property
    def label(self) -> str:
        return str(STATES[self.state][0])

    @property
    def colour(self) -> str:
        return STATES[self.state][1]

    @property
    def may_invite(self) -> bool:
        return self.state in {"none", "invited", "expired"}


def locked_emails(emails) -> set[str]:
    """Which of these accounts are locked now after too many failed logins (one query)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(
        AccessAttempt.objects.filter(
            username__in=[email.lower() for email in emails],
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def account_state(user: User | None, *, locked: set[str] | None = None) -> AccountState:
    """The state of ``user``'s account (None: the person has none). Expects the invitations
    prefetched as ``accounts_with_state`` does; ``locked`` from ``locked_emails``."""
    if user is None:
        return AccountState("none")
    if locked is None:
        locked = locked_emails([user.email])
    invitation = _latest_invitation(user)
    if not user.is_active:
        return AccountState("deactivated", invitation, user.last_login)
    if user.email.lower() in locked:
        return AccountState("locked", invitation, user.last_login)
    if user.has_usable_password():
        return AccountState("active", invitation, user.last_login)
    if invitation is None or invitation.revoked_at:
        return AccountState("none", invitation)
    return AccountState("expired" if invitation.is_expired else "invited", invitation)


def _latest_invitation(user: User) -> Invitation | None:
    invitations = getattr(user, "recent_invitations", None)
    if invitations is None:
        return user.invitations.order_by("-created_at").first()
    return invitations[0] if invitations else None


def accounts_with_state() -> QuerySet[User]:
    """Accounts with what their state needs, in a fixed number of queries."""
    return User.objects.prefetch_related(
        "role_grants",
        Prefetch(
            "invitations",
            queryset=Invitation.objects.order_by("-created_at"),
            to_attr="recent_invitations",
        ),
    )


def account_events(user: User) -> QuerySet[AccountEvent]:
    return user.account_events.select_related("by")
