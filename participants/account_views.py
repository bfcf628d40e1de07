"""A person's login, from their page: invite (again), revoke the invitation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants import accounts, selectors
from participants.forms import InviteForm
from participants.models import Person
from vvsite.access import requires
from vvsite.forms import error_text
from vvsite.models import Role
from vvsite.selectors import account_state

#: The role an invitation proposes, most specific first.
PREFERRED = (Role.BOARD, Role.COACH, Role.VOLUNTEER)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(selectors.person_for_page(request.user, pk), pk=pk)


def _proposed_role(person: Person) -> str:
    roles = accounts.roles_for_person(person)
    return next((role.value for role in PREFERRED if role in roles), "")


@requires("accounts.invite")
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the person to log in: the role that follows from what they do is proposed."""
    person = _person(request, pk)
    roles = accounts.invitable_roles(person, request.user)
    form = InviteForm(request.POST or None, roles=roles, initial_role=_proposed_role(person))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = accounts.person_invite(
                person=person, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": invitation.user.email},
            )
            return redirect("participants:person_detail", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "state": account_state(person.user),
        "title": _("Invite %(name)s to log in") % {"name": person.display_name},
    }
    return render(request, "participants/person_invite.html", context)


@requires("accounts.invite")
@require_POST
def person_invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if accounts.person_invitation_revoke(person=person, by=request.user):
        messages.success(request, _("The invitation link no longer works."))
    return redirect("participants:person_detail", pk=person.pk)
