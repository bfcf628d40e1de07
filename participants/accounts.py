"""A person's login: invited from their page, with the role that follows from what they do.

The role comes from the person's records: a buddy becomes a volunteer; apps above this one add
their own reasons through ``register_role_source`` (cohorts: a coach group's coach becomes a
coach). The account itself, its invitation and its state are the foundation's (``vvsite``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from participants.models import Buddy, Person
from vvsite import services as accounts
from vvsite.access import grantable_roles
from vvsite.models import Invitation, Role, User

RoleSource = Callable[[Person], set[str]]
_role_sources: list[RoleSource] = []


def register_role_source(source: RoleSource) -> None:
    """Let an app say which roles a person's records call for (call from ``AppConfig.ready``)."""
    if source not in _role_sources:
        _role_sources.append(source)


def roles_for_person(person: Person) -> set[str]:
    """The roles that follow from what ``person`` does."""
    roles = set()
    if Buddy.objects.filter(pk=person.pk).exclude(status=Buddy.Status.INACTIVE).exists():
        roles.add(Role.VOLUNTEER)
    for source in _role_sources:
        roles |= source(person)
    return roles


def invitable_roles(person: Person, by: User) -> list[tuple[str, str]]:
    """The roles ``by`` may give ``person`` with an invitation, as choices."""
    allowed = grantable_roles(by) & {Role.VOLUNTEER, Role.COACH, Role.BOARD}
    return [(role.value, role.label) for role in Role if role in allowed]


@transaction.atomic
def person_invite(*, person: Person, role: str, by: User) -> Invitation:
    """Give ``person`` a login with ``role`` (or another role on the login they have) and e-mail
    them the invitation to choose a password. Sent again when they were invited before."""
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    if person.anonymised_on:
        raise ValidationError(_("This person has been anonymised."))
    user = person.user or _account_for(person)
    if user.has_usable_password():
        raise ValidationError(_("This person has chosen a password already: they can log in."))
    accounts.role_grant(user=user, role=role, by=by)
    return accounts.user_invite(user=user, by=by)


def _account_for(person: Person) -> User:
    if not person.email:
        raise ValidationError(_("Record an e-mail address first: the invitation goes there."))
    if User.objects.filter(email__iexact=person.email).exists():
        raise ValidationError(
            _("Another account already uses this e-mail address. Ask an administrator.")
        )
    user = User.objects.create_user(email=person.email, full_name=person.full_name)  # no password
    Person.objects.filter(pk=person.pk).update(user=user)
    person.user = user
    return user


def person_invitation_revoke(*, person: Person, by: User) -> int:
    if person.user is None:
        return 0
    return accounts.invitation_revoke(user=person.user, by=by)
