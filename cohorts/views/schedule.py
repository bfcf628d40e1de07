"""Pages for a cohort's schedule: its sessions and holidays, and generating sessions from the
programme's plan."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorts import selectors
from cohorts.forms import ConfirmForm, HolidayForm, PlanLineFormSet
from cohorts.models import Cohort
from cohorts.services import schedule as services
from cohorts.services.sessions import ConflictsFound
from cohorts.views.common import back_to, visible_cohort
from vvsite.access import requires
from vvsite.forms import error_text, form_errors


@requires("cohorts.manage")
def cohort_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
    sessions = selectors.cohort_sessions(cohort)
    holidays = list(selectors.holiday_periods(cohort))
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
    cohort = visible_cohort(request, pk)
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
    return redirect(back_to(request, reverse("cohorts:cohort_sessions", args=[pk])))


@requires("cohorts.manage")
@require_POST
def holiday_delete(request: HttpRequest, pk: int, holiday_pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
    holiday = get_object_or_404(cohort.holidays.all(), pk=holiday_pk)
    services.holiday_remove(holiday=holiday, by=request.user)
    messages.success(request, _("The holiday has been removed."))
    return redirect(back_to(request, reverse("cohorts:cohort_sessions", args=[pk])))


@requires("cohorts.manage")
@require_POST
def school_holidays_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
    count = services.school_holidays_add(
        cohort=cohort, region=getattr(settings, "SCHOOL_HOLIDAY_REGION", "Noord"), by=request.user
    )
    messages.success(
        request,
        ngettext("%(count)s school holiday added.", "%(count)s school holidays added.", count)
        % {"count": count},
    )
    return redirect(back_to(request, reverse("cohorts:cohort_sessions", args=[pk])))


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
    cohort = visible_cohort(request, pk)
    items = list(cohort.programme.plan.all())
    by_pk = {str(item.pk): item for item in items}
    formset, confirm, lines = _plan_forms(request, cohort, items)
    preview, conflicts = [], []
    if lines is not None and request.POST.get("action") == "create":
        try:
            created = services.sessions_generate(
                cohort=cohort, lines=lines, by=request.user, confirm=confirm.cleaned_data["confirm"]
            )
        except ConflictsFound as found:
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


def _plan_forms(request, cohort: Cohort, items: list) -> tuple:
    """The plan lines as a formset with the confirm box, and the lines they settle (``None``
    while the posted forms are invalid). Unposted, the forms start from the programme's plan."""
    if request.method == "POST":
        formset = PlanLineFormSet(request.POST, prefix="line")
        confirm = ConfirmForm(request.POST)
        valid = formset.is_valid() and confirm.is_valid()
        return formset, confirm, _plan_lines(cohort, formset) if valid else None
    # Without groups, the lines per group wait until the groups are formed.
    has_groups = cohort.groups.exists()
    plan = [services.PlanLine.from_plan(item, cohort) for item in items]
    formset = PlanLineFormSet(
        prefix="line",
        initial=[_line_initial(line, include=has_groups or not line.per_group) for line in plan],
    )
    lines = [line for line in plan if has_groups or not line.per_group]
    return formset, ConfirmForm(), lines


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
