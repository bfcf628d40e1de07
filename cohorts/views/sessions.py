"""Pages for single sessions: coordinators plan, change and cancel them; leaders and volunteers
see their own."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from cohorts import calendar, selectors
from cohorts.filters import SessionFilter
from cohorts.forms import CancelForm, ConfirmForm, SessionForm
from cohorts.models import Cohort, ReminderOptOut, Session
from cohorts.services import sessions as services
from cohorts.tables import SESSIONS_PER_PAGE, SessionTable
from cohorts.views.attendance import MANAGE, sheet_context
from cohorts.views.common import managed_session
from vvsite.access import can, requires
from vvsite.forms import add_errors, error_text
from vvsite.history import history_entries


@requires("cohorts.manage")
def session_list(request: HttpRequest) -> HttpResponse:
    filterset = SessionFilter(request.GET or None, selectors.upcoming_sessions(request.user))
    table = SessionTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": SESSIONS_PER_PAGE}).configure(table)
    return render(request, "cohorts/session_list.html", {"filterset": filterset, "table": table})


def _session_form_page(request, *, session: Session | None, initial: dict) -> HttpResponse:
    cohorts = selectors.cohorts_visible_to(request.user).exclude(status=Cohort.Status.COMPLETED)
    form = SessionForm(request.POST or None, cohorts=cohorts, initial=initial)
    confirm = ConfirmForm(request.POST or None)
    conflicts = []
    if request.method == "POST" and form.is_valid() and confirm.is_valid():
        try:
            if session is None:
                saved = services.session_create(
                    fields=form.session_fields(),
                    hosts=form.cleaned_data["hosts"],
                    by=request.user,
                    confirm=confirm.cleaned_data["confirm"],
                )
            else:
                saved = services.session_update(
                    session=session,
                    fields=form.session_fields(),
                    hosts=form.cleaned_data["hosts"],
                    by=request.user,
                    confirm=confirm.cleaned_data["confirm"],
                )
        except services.ConflictsFound as found:
            conflicts = found.conflicts
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("cohorts:session_detail", pk=saved.pk)
    return render(
        request,
        "cohorts/session_form.html",
        {"form": form, "confirm_form": confirm, "conflicts": conflicts, "session": session},
    )


@requires("cohorts.manage")
def session_create(request: HttpRequest) -> HttpResponse:
    initial = {"kind": Session.Kind.PRAATHUIS, "audience": Session.Audience.EVERYONE}
    cohort_pk = request.GET.get("lichting", "")
    if cohort_pk.isdigit():
        initial.update({"cohort": int(cohort_pk), "kind": Session.Kind.MEETING_DAY})
    return _session_form_page(request, session=None, initial=initial)


@requires("cohorts.manage")
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    if session.is_cancelled:
        messages.error(request, _("This session was cancelled; it can no longer change."))
        return redirect("cohorts:session_detail", pk=pk)
    return _session_form_page(request, session=session, initial=SessionForm.initial_for(session))


@requires("cohorts.manage")
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("The session has been cancelled; the people concerned get an e-mail.")
            )
        return redirect("cohorts:session_detail", pk=pk)
    return render(request, "cohorts/session_cancel.html", {"session": session, "form": form})


@requires("cohorts.manage")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = managed_session(request, pk)
    return render(
        request,
        "cohorts/session_detail.html",
        {
            "session": session,
            "leaders": session.leader_links.select_related("person").order_by("role", "pk"),
            **sheet_context(session, scope=MANAGE),
            "entries": history_entries(session) if can(request.user, "people.history") else [],
        },
    )


@requires("sessions.own")
def my_sessions(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    today = selectors.start_of_today()
    sessions = selectors.sessions_of(request.user).filter(ends_at__gte=today).order_by("starts_at")
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/my_sessions.html",
        {
            "page": page,
            "person": person,
            "feeds": selectors.active_feeds(request.user).filter(person__isnull=False),
            "reminders_on": person is not None
            and not ReminderOptOut.objects.filter(person=person).exists(),
            "tomorrow": today + timedelta(days=1),
        },
    )


@requires("sessions.own")
def my_session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_of(request.user), pk=pk)
    return render(request, "cohorts/my_session_detail.html", {"session": session})


@requires("sessions.own")
def my_session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.sessions_of(request.user), pk=pk)
    response = HttpResponse(
        calendar.calendar_bytes([session], name=session.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="bijeenkomst-{session.pk}.ics"'
    return response
