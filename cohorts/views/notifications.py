"""Reminder settings: switch them on or off, or opt out through the link in an e-mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorts import selectors
from cohorts.services import notifications as services
from vvsite.access import public, requires


@requires("sessions.own")
@require_POST
def my_reminders(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    if person is None:
        raise Http404
    wanted = request.POST.get("reminders") == "on"
    services.reminders_set(person=person, wanted=wanted)
    messages.success(
        request,
        _("You will get a reminder the day before each session.")
        if wanted
        else _("You will no longer get reminders. Changes to a session are still e-mailed."),
    )
    return redirect("cohorts:my_sessions")


@public
def reminders_opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every reminder: one click (and a confirmation) stops them, no login needed."""
    person = services.person_for_opt_out_token(token)
    if person is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.reminders_set(person=person, wanted=False)
        done = True
    return render(request, "cohorts/reminders_opt_out.html", {"done": done})
