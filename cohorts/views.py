"""Pages for cohorts: thin views over ``services`` (writes) and ``selectors`` (reads).

Coordinators plan cohorts, place people, form groups and schedule sessions. Coaches open their
group and record attendance on a phone; volunteers see their own sessions. Objects come from
selectors scoped to the user, so someone else's group or session is a 404.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorts import calendar, selectors, services
from cohorts.certificates import CERTIFICATE, COHORT_CERTIFICATES, certificate_documents
from cohorts.forms import (
    CancelForm,
    CoachGroupForm,
    CohortForm,
    CompleteForm,
    ConfirmForm,
    GroupMembersForm,
    GrowthNotesForm,
    HolidayForm,
    LeaveForm,
    MarkForm,
    PeoplePickForm,
    PlaceCountForm,
    PlanFormSet,
    PlanLineFormSet,
    ProgrammeForm,
    SessionForm,
    StatusForm,
    VisitorsForm,
)
from cohorts.models import (
    Attendance,
    CalendarFeed,
    CoachGroup,
    Cohort,
    Enrolment,
    HolidayPeriod,
    Programme,
    ReminderOptOut,
    Session,
)
from participants.models import Person
from participants.vocab import GOAL_FIELDS, Pillar
from vvsite.access import can, login_only, public, requires
from vvsite.documents.services import document_request
from vvsite.forms import add_errors, error_text, form_errors
from vvsite.history import history_entries


def _cohort(request, pk: int) -> Cohort:
    return get_object_or_404(selectors.cohorts_visible_to(request.user), pk=pk)


# --- Programmes ----------------------------------------------------------------------------------


@requires("cohorts.manage")
def programme_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Count

    programmes = selectors.programmes_visible_to(request.user).annotate(
        line_count=Count("plan", distinct=True), cohort_count=Count("cohorts", distinct=True)
    )
    return render(request, "cohorts/programme_list.html", {"programmes": programmes})


@requires("cohorts.manage")
def programme_create(request: HttpRequest) -> HttpResponse:
    return _programme_form(request, Programme())


@requires("cohorts.manage")
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    return _programme_form(request, programme)


def _programme_form(request, programme: Programme) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, instance=programme)
    formset = PlanFormSet(request.POST or None, instance=programme, prefix="plan")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines = formset.save(commit=False)
        try:
            services.programme_save(
                programme=form.instance,
                plan=lines,
                removed=formset.deleted_objects,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The programme has been saved."))
            return redirect("cohorts:programme_list")
    return render(
        request,
        "cohorts/programme_form.html",
        {"form": form, "formset": formset, "programme": programme},
    )


# --- Cohorts -------------------------------------------------------------------------------------


@requires("cohorts.manage")
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = selectors.cohort_list(request.user).order_by("-number")
    status = request.GET.get("status", "")
    if status in Cohort.Status.values:
        cohorts = cohorts.filter(status=status)
    page = Paginator(cohorts, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/cohort_list.html",
        {"page": page, "status": status, "statuses": Cohort.Status.choices},
    )


@requires("cohorts.manage")
def cohort_create(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort has been planned."))
            return redirect("cohorts:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "cohorts/simple_form.html",
        {
            "form": form,
            "title": _("Plan a cohort"),
            "cancel_url": reverse("cohorts:cohort_list"),
        },
    )


@requires("cohorts.manage")
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The cohort has been saved."))
            return redirect("cohorts:cohort_detail", pk=cohort.pk)
    return render(
        request,
        "cohorts/simple_form.html",
        {
            "form": form,
            "title": str(cohort),
            "cancel_url": reverse("cohorts:cohort_detail", args=[cohort.pk]),
        },
    )


@requires("cohorts.manage")
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "overview": selectors.cohort_overview(cohort),
            "next_steps": services.cohort_next_steps(cohort),
            "entries": history_entries(cohort) if can(request.user, "people.history") else [],
        },
    )


@requires("cohorts.manage")
@require_POST
def cohort_status(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            cohort = services.cohort_status_set(
                cohort=cohort, to=form.cleaned_data["to"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("The cohort is now “%(status)s”.") % {"status": cohort.get_status_display()},
            )
    return redirect("cohorts:cohort_detail", pk=pk)


# --- Placing newcomers and buddies ---------------------------------------------------------------


def _enrol_picked(request: HttpRequest, cohort, role: str) -> HttpResponse | None:
    """Enrol the people ticked on the page, all or none; the redirect to the cohort when done,
    None (with the reason as a message) when not."""
    pick = PeoplePickForm(request.POST)
    if not pick.is_valid():
        messages.error(request, form_errors(pick))
        return None
    people = list(Person.objects.filter(pk__in=pick.cleaned_data["people"]))
    newcomers = role == Enrolment.Role.NEWCOMER
    try:
        added = services.enrolments_add(cohort=cohort, people=people, role=role, by=request.user)
    except ValidationError as error:
        refusal = (
            _("Nobody was placed: %(reason)s") if newcomers else _("Nobody was added: %(reason)s")
        )
        messages.error(request, refusal % {"reason": error_text(error)})
        return None
    if newcomers:
        done = ngettext(
            "%(count)s newcomer placed in %(cohort)s.",
            "%(count)s newcomers placed in %(cohort)s.",
            len(added),
        )
    else:
        done = ngettext(
            "%(count)s buddy added to %(cohort)s.",
            "%(count)s buddies added to %(cohort)s.",
            len(added),
        )
    messages.success(request, done % {"count": len(added), "cohort": cohort})
    return redirect("cohorts:cohort_detail", pk=cohort.pk)


@requires("cohorts.manage")
def cohort_place(request: HttpRequest, pk: int) -> HttpResponse:
    """Place the next N newcomers from the waiting list: a preview to tick, then one click."""
    cohort = _cohort(request, pk)
    if request.method == "POST":
        done = _enrol_picked(request, cohort, Enrolment.Role.NEWCOMER)
        return done or redirect(
            f"{reverse('cohorts:cohort_place', args=[pk])}?{request.GET.urlencode()}"
        )
    overview = selectors.cohort_overview(cohort)
    count_form = PlaceCountForm(request.GET or {"count": overview.newcomers.free or 1})
    count = count_form.cleaned_data["count"] if count_form.is_valid() else 0
    return render(
        request,
        "cohorts/cohort_place.html",
        {
            "cohort": cohort,
            "overview": overview,
            "count_form": count_form,
            "preview": selectors.placement_preview(cohort, count),
            "asked": count,
        },
    )


@requires("cohorts.manage")
def cohort_buddies(request: HttpRequest, pk: int) -> HttpResponse:
    """Add buddies to a cohort: tick them in the list of available buddies."""
    cohort = _cohort(request, pk)
    if request.method == "POST":
        return _enrol_picked(request, cohort, Enrolment.Role.BUDDY) or redirect(
            "cohorts:cohort_buddies", pk=pk
        )
    query = request.GET.get("q", "").strip()
    candidates = selectors.buddy_candidates(cohort, query)
    page = Paginator(candidates, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/cohort_buddies.html",
        {
            "cohort": cohort,
            "overview": selectors.cohort_overview(cohort),
            "page": page,
            "q": query,
        },
    )


@requires("cohorts.manage")
def enrolment_leave(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    enrolment = get_object_or_404(
        cohort.enrolments.select_related("person"),
        pk=enrolment_pk,
        status=Enrolment.Status.ENROLLED,
    )
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_leave(
                enrolment=enrolment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                back_to_waiting_list=form.cleaned_data["back_to_waiting_list"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has left the cohort.") % {"name": enrolment.person.display_name},
            )
            return redirect(request.POST.get("next") or reverse("cohorts:cohort_detail", args=[pk]))
    if enrolment.role != Enrolment.Role.NEWCOMER:
        del form.fields["back_to_waiting_list"]
    return render(
        request,
        "cohorts/enrolment_leave.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form, "next": _safe_next(request)},
    )


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next") or request.POST.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else ""


# --- Coach groups --------------------------------------------------------------------------------


@requires("cohorts.manage")
def cohort_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups with their leaders, and per participant which group they are in."""
    cohort = _cohort(request, pk)
    groups = selectors.groups_of(cohort)
    enrolments = (
        cohort.enrolments.exclude(status=Enrolment.Status.LEFT)
        .select_related("person")
        .order_by("-role", "person__given_names", "person__family_name", "pk")
    )
    form = GroupMembersForm(request.POST or None, enrolments=enrolments, groups=groups)
    if request.method == "POST":
        if request.POST.get("action") == "distribute":
            try:
                count = services.groups_distribute(cohort=cohort, by=request.user)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s participant divided over the groups.",
                        "%(count)s participants divided over the groups.",
                        count,
                    )
                    % {"count": count},
                )
            return redirect("cohorts:cohort_groups", pk=pk)
        if form.is_valid():
            by_group = defaultdict(list)
            for enrolment in form.enrolments:
                by_group[form.assignment()[enrolment.pk]].append(enrolment)
            try:
                for group in groups:
                    services.group_members_set(
                        group=group, enrolments=by_group.get(group.pk, []), by=request.user
                    )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The groups have been saved."))
            return redirect("cohorts:cohort_groups", pk=pk)
    return render(
        request,
        "cohorts/cohort_groups.html",
        {"cohort": cohort, "groups": groups, "form": form},
    )


@requires("cohorts.manage")
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    return _group_form(request, cohort, CoachGroup(cohort=cohort))


@requires("cohorts.manage")
def group_edit(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    group = get_object_or_404(cohort.groups.all(), pk=group_pk)
    return _group_form(request, cohort, group)


def _group_form(request, cohort: Cohort, group: CoachGroup) -> HttpResponse:
    if group.pk is None:
        count = cohort.groups.count()
        initial = {"name": _("Group %(number)s") % {"number": count + 1}}
    else:
        initial = {}
    form = CoachGroupForm(request.POST or None, instance=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.GROUP_FIELDS}
        try:
            if group.pk:
                services.group_update(group=group, fields=fields, by=request.user)
            else:
                services.group_create(cohort=cohort, fields=fields, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The group has been saved."))
            return redirect("cohorts:cohort_groups", pk=cohort.pk)
    return render(
        request,
        "cohorts/group_form.html",
        {"cohort": cohort, "group": group, "form": form},
    )


@requires("cohorts.manage")
@require_POST
def group_delete(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    group = get_object_or_404(cohort.groups.all(), pk=group_pk)
    try:
        services.group_delete(group=group, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The group has been removed."))
    return redirect("cohorts:cohort_groups", pk=cohort.pk)


# --- The schedule --------------------------------------------------------------------------------


@requires("cohorts.manage")
def cohort_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    sessions = selectors.cohort_sessions(cohort)
    holidays = list(
        HolidayPeriod.objects.filter(Q(cohort=cohort) | Q(cohort__isnull=True)).order_by(
            "first_day"
        )
    )
    return render(
        request,
        "cohorts/cohort_sessions.html",
        {
            "cohort": cohort,
            "sessions": sessions,
            "holidays": holidays,
            "holiday_form": HolidayForm(),
            "now": timezone.now(),
            "counts": _kind_counts(sessions),
        },
    )


def _kind_counts(sessions) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for session in sessions:
        if not session.is_cancelled:
            counts[session.get_kind_display()] += 1
    return sorted(counts.items())


@requires("cohorts.manage")
@require_POST
def holiday_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    form = HolidayForm(request.POST)
    if form.is_valid():
        try:
            services.holiday_add(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The holiday has been added."))
    else:
        messages.error(request, form_errors(form))
    return redirect(_back(request, reverse("cohorts:cohort_sessions", args=[pk])))


def _back(request, default: str) -> str:
    return _safe_next(request) or default


@requires("cohorts.manage")
@require_POST
def holiday_delete(request: HttpRequest, pk: int, holiday_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    holiday = get_object_or_404(cohort.holidays.all(), pk=holiday_pk)
    services.holiday_remove(holiday=holiday, by=request.user)
    messages.success(request, _("The holiday has been removed."))
    return redirect(_back(request, reverse("cohorts:cohort_sessions", args=[pk])))


@requires("cohorts.manage")
@require_POST
def school_holidays_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    count = services.school_holidays_add(
        cohort=cohort, region=getattr(settings, "SCHOOL_HOLIDAY_REGION", "Noord"), by=request.user
    )
    messages.success(
        request,
        ngettext("%(count)s school holiday added.", "%(count)s school holidays added.", count)
        % {"count": count},
    )
    return redirect(_back(request, reverse("cohorts:cohort_sessions", args=[pk])))


def _plan_lines(cohort: Cohort, formset) -> list[services.PlanLine]:
    items = {item.pk: item for item in cohort.programme.plan.all()}
    lines = []
    for form in formset:
        data = form.cleaned_data
        item = items.get(data.get("item"))
        if item is None or not data.get("include"):
            continue
        line = services.PlanLine.from_plan(item, cohort)
        line.first_day = data["first_day"]
        line.start_time, line.end_time = data["start_time"], data["end_time"]
        line.every_weeks = data.get("every_weeks")
        line.until = data.get("until") if line.every_weeks else None
        line.location = data.get("location", "")
        lines.append(line)
    return lines


@requires("cohorts.manage")
def sessions_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the cohort's sessions from its programme's plan: adjust, preview, create."""
    cohort = _cohort(request, pk)
    items = list(cohort.programme.plan.all())
    by_pk = {str(item.pk): item for item in items}
    lines: list[services.PlanLine] | None
    if request.method == "POST":
        formset = PlanLineFormSet(request.POST, prefix="line")
        confirm = ConfirmForm(request.POST)
        valid = formset.is_valid() and confirm.is_valid()
        lines = _plan_lines(cohort, formset) if valid else None
    else:
        # Without groups, the lines per group wait until the groups are formed.
        has_groups = cohort.groups.exists()
        plan = [services.PlanLine.from_plan(item, cohort) for item in items]
        lines = [line for line in plan if has_groups or not line.per_group]
        formset = PlanLineFormSet(
            prefix="line",
            initial=[
                _line_initial(line, include=has_groups or not line.per_group) for line in plan
            ],
        )
        confirm = ConfirmForm()
    preview, conflicts = [], []
    if lines is not None and request.POST.get("action") == "create":
        try:
            created = services.sessions_generate(
                cohort=cohort, lines=lines, by=request.user, confirm=confirm.cleaned_data["confirm"]
            )
        except services.ConflictsFound as found:
            conflicts = found.conflicts
            messages.error(request, error_text(found))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s session created.", "%(count)s sessions created.", len(created))
                % {"count": len(created)},
            )
            return redirect("cohorts:cohort_sessions", pk=cohort.pk)
    if lines is not None:
        preview = services.schedule_preview(cohort=cohort, lines=lines)
    creating = [o for o in preview if o.will_be_created]
    return render(
        request,
        "cohorts/sessions_generate.html",
        {
            "cohort": cohort,
            "formset": formset,
            "rows": [(form, by_pk.get(str(form["item"].value()))) for form in formset.forms],
            "confirm_form": confirm,
            "preview": preview,
            "creating": creating,
            "skipped": [o for o in preview if o.holiday is not None],
            "existing": [o for o in preview if o.exists],
            "clashes": [o for o in creating if o.conflicts],
            "conflicts": conflicts,
            "needs_groups": any(item.per_group for item in items) and not cohort.groups.exists(),
        },
    )


def _line_initial(line: services.PlanLine, *, include: bool = True) -> dict:
    return {
        "item": line.item.pk,
        "include": include,
        "first_day": line.first_day,
        "start_time": line.start_time,
        "end_time": line.end_time,
        "every_weeks": line.every_weeks,
        "until": line.until,
        "location": line.location,
    }


# --- Sessions (coordinators) ---------------------------------------------------------------------


@requires("cohorts.manage")
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = selectors.upcoming_sessions(request.user)
    kind = request.GET.get("kind", "")
    if kind in Session.Kind.values:
        sessions = sessions.filter(kind=kind)
    if request.GET.get("open") == "1":
        sessions = sessions.filter(cohort__isnull=True)
    page = Paginator(sessions, 40).get_page(request.GET.get("page"))
    return render(
        request,
        "cohorts/session_list.html",
        {"page": page, "kind": kind, "kinds": Session.Kind.choices, "now": timezone.now()},
    )


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


def _managed_session(request, pk: int) -> Session:
    return get_object_or_404(selectors.sessions_visible_to(request.user), pk=pk)


@requires("cohorts.manage")
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
    if session.is_cancelled:
        messages.error(request, _("This session was cancelled; it can no longer change."))
        return redirect("cohorts:session_detail", pk=pk)
    return _session_form_page(request, session=session, initial=SessionForm.initial_for(session))


@requires("cohorts.manage")
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _managed_session(request, pk)
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
    session = _managed_session(request, pk)
    return render(
        request,
        "cohorts/session_detail.html",
        {
            "session": session,
            "leaders": session.leader_links.select_related("person").order_by("role", "pk"),
            **_sheet_context(session, scope="manage", full_names=True),
            "entries": history_entries(session) if can(request.user, "people.history") else [],
        },
    )


# --- Attendance (leaders on their phone; coordinators on the session page) -----------------------

_SCOPES = {
    # scope: (page, mark, rest, visitors) URL names
    "lead": (
        "cohorts:attendance",
        "cohorts:attendance_mark",
        "cohorts:attendance_rest",
        "cohorts:visitors",
    ),
    "manage": (
        "cohorts:register",
        "cohorts:register_mark",
        "cohorts:register_rest",
        "cohorts:register_visitors",
    ),
}


def _sheet_context(session: Session, *, scope: str, full_names: bool = False) -> dict:
    sheet = selectors.attendance_sheet(session)
    names = (
        {e.person_id: e.person.display_name for e in sheet}
        if full_names
        else selectors.first_names([e.person for e in sheet])
    )
    page, mark, rest, visitors = _SCOPES[scope]
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
        "scope": scope,
        "page_url": page,
        "mark_url": mark,
        "rest_url": rest,
        "visitors_url": visitors,
        "visitors_form": VisitorsForm(initial={"visitors": session.visitors or 0}),
        "today": timezone.localdate(),
        "session_day": timezone.localdate(session.starts_at),
    }


def _attendance_page(request, session: Session, *, scope: str) -> HttpResponse:
    return render(
        request,
        "cohorts/attendance.html",
        {"session": session, **_sheet_context(session, scope=scope, full_names=scope == "manage")},
    )


def _mark(request, session: Session, enrolment_pk: int, *, scope: str) -> HttpResponse:
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
        context = _sheet_context(session, scope=scope, full_names=scope == "manage")
        return render(
            request,
            "cohorts/_attendance_sheet.html",
            {**context, "session": session, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(f"{reverse(_SCOPES[scope][0], args=[session.pk])}#person-{enrolment.pk}")


def _mark_rest(request, session: Session, *, scope: str) -> HttpResponse:
    try:
        count = services.attendance_mark_rest(session=session, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s more person marked present.",
                "%(count)s more people marked present.",
                count,
            )
            % {"count": count},
        )
    return redirect(_SCOPES[scope][0], pk=session.pk)


def _visitors(request, session: Session, *, scope: str) -> HttpResponse:
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
                "visitors_url": _SCOPES[scope][3],
                "visitors_form": VisitorsForm(initial={"visitors": session.visitors or 0}),
                "today": timezone.localdate(),
                "session_day": timezone.localdate(session.starts_at),
            },
        )
    return redirect(_SCOPES[scope][0], pk=session.pk)


def _led(request, pk: int) -> Session:
    return get_object_or_404(selectors.sessions_led_by(request.user), pk=pk)


@requires("sessions.own")
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    return _attendance_page(request, _led(request, pk), scope="lead")


@requires("sessions.own")
@require_POST
def attendance_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    return _mark(request, _led(request, pk), enrolment_pk, scope="lead")


@requires("sessions.own")
@require_POST
def attendance_rest(request: HttpRequest, pk: int) -> HttpResponse:
    return _mark_rest(request, _led(request, pk), scope="lead")


@requires("sessions.own")
@require_POST
def visitors(request: HttpRequest, pk: int) -> HttpResponse:
    return _visitors(request, _led(request, pk), scope="lead")


@requires("cohorts.manage")
def register(request: HttpRequest, pk: int) -> HttpResponse:
    return _attendance_page(request, _managed_session(request, pk), scope="manage")


@requires("cohorts.manage")
@require_POST
def register_mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    return _mark(request, _managed_session(request, pk), enrolment_pk, scope="manage")


@requires("cohorts.manage")
@require_POST
def register_rest(request: HttpRequest, pk: int) -> HttpResponse:
    return _mark_rest(request, _managed_session(request, pk), scope="manage")


@requires("cohorts.manage")
@require_POST
def register_visitors(request: HttpRequest, pk: int) -> HttpResponse:
    return _visitors(request, _managed_session(request, pk), scope="manage")


# --- Closing a cohort ----------------------------------------------------------------------------


@requires("cohorts.manage")
def cohort_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark who completed, write their growth notes, record who left and why, make the
    certificates."""
    cohort = _cohort(request, pk)
    enrolments = list(
        cohort.enrolments.select_related("person").order_by(
            "-role", "person__given_names", "person__family_name", "pk"
        )
    )
    if request.method == "POST":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                count = services.enrolments_complete(
                    cohort=cohort, enrolment_ids=form.cleaned_data["enrolments"], by=request.user
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s person marked as completed.",
                        "%(count)s people marked as completed.",
                        count,
                    )
                    % {"count": count},
                )
        else:
            messages.error(request, form_errors(form))
        return redirect("cohorts:cohort_close", pk=pk)
    cohort_document, personal = certificate_documents(
        cohort=cohort, enrolment_ids=[e.pk for e in enrolments]
    )
    labels = dict(Pillar.choices)
    rows = [
        {
            "enrolment": e,
            "notes": [labels[key] for key, _label in Pillar.choices if e.growth_notes.get(key)],
            "document": personal.get(e.pk),
        }
        for e in enrolments
    ]
    return render(
        request,
        "cohorts/cohort_close.html",
        {
            "cohort": cohort,
            "rows": rows,
            "pillar_count": len(Pillar),
            "cohort_document": cohort_document,
            "completed_count": sum(1 for e in enrolments if e.status == Enrolment.Status.COMPLETED),
            "enrolled_count": sum(1 for e in enrolments if e.status == Enrolment.Status.ENROLLED),
            "next_steps": services.cohort_next_steps(cohort),
        },
    )


@requires("cohorts.manage")
def growth_notes(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    enrolment = get_object_or_404(
        cohort.enrolments.select_related("person").exclude(status=Enrolment.Status.LEFT),
        pk=enrolment_pk,
    )
    form = GrowthNotesForm(request.POST or None, initial=enrolment.growth_notes)
    if request.method == "POST" and form.is_valid():
        try:
            services.growth_notes_save(
                enrolment=enrolment, notes=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The growth notes of %(name)s have been saved.")
                % {"name": enrolment.person.display_name},
            )
            return redirect("cohorts:cohort_close", pk=pk)
    goals = []
    newcomer = getattr(enrolment.person, "newcomer", None) if enrolment.role == "newcomer" else None
    if newcomer is not None:
        goals = [
            (newcomer._meta.get_field(name).verbose_name, getattr(newcomer, name))
            for name in GOAL_FIELDS
            if getattr(newcomer, name)
        ]
    return render(
        request,
        "cohorts/growth_notes.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form, "goals": goals},
    )


@requires("cohorts.manage")
@require_POST
def certificates_request(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    if not cohort.enrolments.filter(status=Enrolment.Status.COMPLETED).exists():
        messages.error(request, _("Mark who completed the programme first."))
        return redirect("cohorts:cohort_close", pk=pk)
    try:
        document_request(
            kind=COHORT_CERTIFICATES, parameters={"cohort": cohort.pk}, by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.info(request, _("The certificates are being made."))
    return redirect(f"{reverse('cohorts:cohort_close', args=[pk])}#certificates")


@requires("cohorts.manage")
@require_POST
def certificate_request(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    enrolment = get_object_or_404(
        cohort.enrolments.all(), pk=enrolment_pk, status=Enrolment.Status.COMPLETED
    )
    try:
        document_request(kind=CERTIFICATE, parameters={"enrolment": enrolment.pk}, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.info(request, _("The certificate is being made."))
    return redirect(f"{reverse('cohorts:cohort_close', args=[pk])}#person-{enrolment.pk}")


# --- Calendars -----------------------------------------------------------------------------------


def _feed_page(request, *, feed: CalendarFeed, token: str, back_url: str) -> HttpResponse:
    url = request.build_absolute_uri(reverse("cohorts:feed", args=[token]))
    return render(
        request,
        "cohorts/feed_created.html",
        {
            "feed": feed,
            "url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "back_url": back_url,
        },
    )


@requires("cohorts.manage")
@require_POST
def cohort_feed(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort(request, pk)
    feed, token = services.calendar_feed_create(owner=request.user, cohort=cohort)
    return _feed_page(
        request, feed=feed, token=token, back_url=reverse("cohorts:cohort_sessions", args=[pk])
    )


@requires("sessions.own")
@require_POST
def my_feed(request: HttpRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    if person is None:
        messages.error(request, _("Your login is not linked to a person yet; ask a coordinator."))
        return redirect("cohorts:my_sessions")
    feed, token = services.calendar_feed_create(owner=request.user, person=person)
    return _feed_page(request, feed=feed, token=token, back_url=reverse("cohorts:my_sessions"))


@login_only
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(selectors.active_feeds(request.user), pk=pk)
    services.calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("The calendar address has been revoked; it no longer works."))
    if feed.cohort_id:
        return redirect("cohorts:cohort_sessions", pk=feed.cohort_id)
    return redirect("cohorts:my_sessions")


def _feed_allowed(feed: CalendarFeed) -> bool:
    """A feed works only while its owner may still see what it shows."""
    owner = feed.owner
    if not owner.is_active:
        return False
    if feed.cohort_id:
        return can(owner, "cohorts.manage")
    return can(owner, "sessions.own") and feed.person.user_id == owner.pk


@public
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The calendar at a secret address: the token is the key. Unknown or revoked: 404."""
    found = selectors.feed_for_token_hash(services.token_hash(token))
    if found is None or not _feed_allowed(found):
        raise Http404
    since = timezone.now() - timedelta(days=92)
    sessions = list(selectors.feed_sessions(found, since=since))
    name = (
        str(_("Cohort %(number)s") % {"number": found.cohort.number})
        if found.cohort_id
        else _("My sessions")
    )
    CalendarFeed.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    response = HttpResponse(
        calendar.calendar_bytes(sessions, name=str(name)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Coaches and volunteers ----------------------------------------------------------------------


@requires("cohorts.own_group")
def my_group(request: HttpRequest) -> HttpResponse:
    return render(request, "cohorts/my_group.html", {"groups": selectors.my_groups(request.user)})


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
