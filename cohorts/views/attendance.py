"""Attendance: leaders record it on their phone, coordinators on the session's register. One set
of views, parametrised by the scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from cohorts import selectors
from cohorts.forms import MarkForm, VisitorsForm
from cohorts.models import Attendance, Session
from cohorts.services import attendance as services
from cohorts.views.common import managed_session
from vvsite.access import requires
from vvsite.forms import error_text
from vvsite.pages import report_count


def _led(request, pk: int) -> Session:
    return get_object_or_404(selectors.sessions_led_by(request.user), pk=pk)


@dataclass(frozen=True)
class Scope:
    """Who keeps an attendance sheet: a session's leaders (on their phone) or the coordinators
    (the register on the session page). Each has its own capability, URLs and sessions."""

    name: str
    capability: str
    page_url: str
    mark_url: str
    rest_url: str
    visitors_url: str
    #: Leaders see first names only; coordinators see full names.
    full_names: bool
    session: Callable[[HttpRequest, int], Session]


LEAD = Scope(
    name="lead",
    capability="sessions.own",
    page_url="cohorts:attendance",
    mark_url="cohorts:attendance_mark",
    rest_url="cohorts:attendance_rest",
    visitors_url="cohorts:visitors",
    full_names=False,
    session=_led,
)
MANAGE = Scope(
    name="manage",
    capability="cohorts.manage",
    page_url="cohorts:register",
    mark_url="cohorts:register_mark",
    rest_url="cohorts:register_rest",
    visitors_url="cohorts:register_visitors",
    full_names=True,
    session=managed_session,
)


def sheet_context(session: Session, *, scope: Scope) -> dict:
    """The attendance sheet of ``session`` with its tally, for a page or its htmx partial."""
    sheet = selectors.attendance_sheet(session)
    names = (
        {e.person_id: e.person.display_name for e in sheet}
        if scope.full_names
        else selectors.first_names([e.person for e in sheet])
    )
    tally = dict.fromkeys(Attendance.Status.values, 0)
    for enrolment in sheet:
        if enrolment.attendance_status:
            tally[enrolment.attendance_status] += 1
    counts = [(label, tally[status]) for status, label in Attendance.Status.choices]
    return {
        "sheet": [(enrolment, names[enrolment.person_id]) for enrolment in sheet],
        "statuses": Attendance.Status.choices,
        "counts": counts,
        "open_count": sum(1 for e in sheet if not e.attendance_status),
        "error": "",
        "scope": scope.name,
        "page_url": scope.page_url,
        "mark_url": scope.mark_url,
        "rest_url": scope.rest_url,
        "visitors_url": scope.visitors_url,
        "visitors_form": VisitorsForm(initial={"visitors": session.visitors or 0}),
        "today": timezone.localdate(),
        "session_day": timezone.localdate(session.starts_at),
    }


def _page(request, session: Session, scope: Scope) -> HttpResponse:
    return render(
        request,
        "cohorts/attendance.html",
        {"session": session, **sheet_context(session, scope=scope)},
    )


def _mark(request, session: Session, enrolment_pk: int, scope: Scope) -> HttpResponse:
    enrolment = get_object_or_404(
        selectors.expected_enrolments(session).select_related("person"), pk=enrolment_pk
    )
    form = MarkForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attendance_mark(
                session=session,
                enrolment=enrolment,
                status=form.cleaned_data["status"],
                by=request.user,
            )
        except ValidationError as refused:
            error = error_text(refused)
    else:
        error = _("Choose present, absent or excused.")
    if request.htmx:
        context = sheet_context(session, scope=scope)
        return render(
            request,
            "cohorts/_attendance_sheet.html",
            {**context, "session": session, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(f"{reverse(scope.page_url, args=[session.pk])}#person-{enrolment.pk}")


def _mark_rest(request, session: Session, scope: Scope) -> HttpResponse:
    report_count(
        request,
        lambda: services.attendance_mark_rest(session=session, by=request.user),
        ngettext_lazy(
            "%(count)s more person marked present.",
            "%(count)s more people marked present.",
            "count",
        ),
    )
    return redirect(scope.page_url, pk=session.pk)


def _visitors(request, session: Session, scope: Scope) -> HttpResponse:
    if request.POST.get("add"):
        count = (session.visitors or 0) + 1
    else:
        form = VisitorsForm(request.POST)
        count = form.cleaned_data["visitors"] if form.is_valid() else -1
    try:
        session = services.visitors_set(session=session, count=count, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    if request.htmx:
        return render(
            request,
            "cohorts/_visitors.html",
            {
                "session": session,
                "visitors_url": scope.visitors_url,
                "visitors_form": VisitorsForm(initial={"visitors": session.visitors or 0}),
                "today": timezone.localdate(),
                "session_day": timezone.localdate(session.starts_at),
            },
        )
    return redirect(scope.page_url, pk=session.pk)


def _views(scope: Scope):
    """The sheet, marking one person, marking the rest present and counting visitors, for
    ``scope``: each behind the scope's capability, on a session found through the scope."""
    guard = requires(scope.capability)

    @guard
    def sheet(request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, scope.session(request, pk), scope)

    @guard
    @require_POST
    def mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
        return _mark(request, scope.session(request, pk), enrolment_pk, scope)

    @guard
    @require_POST
    def rest(request: HttpRequest, pk: int) -> HttpResponse:
        return _mark_rest(request, scope.session(request, pk), scope)

    @guard
    @require_POST
    def visitors(request: HttpRequest, pk: int) -> HttpResponse:
        return _visitors(request, scope.session(request, pk), scope)

    return sheet, mark, rest, visitors


attendance, attendance_mark, attendance_rest, visitors = _views(LEAD)
register, register_mark, register_rest, register_visitors = _views(MANAGE)
