"""Pages for hours: the volunteer's portal (phone first) and the coordinator's queue and overviews.

Volunteers reach entries only through ``entries_of(request.user)``: another volunteer's entry is a
404. Every change is a POST handled by a service.
"""

from __future__ import annotations

import csv
from functools import partial

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cohorts.selectors import cohorts_of, hour_sessions_of
from matching.models import OPEN_STATUSES
from matching.selectors import matches_of_buddy
from volunteers import rules, selectors, services
from volunteers.filters import PeriodFilter, QueueFilter
from volunteers.forms import (
    ClosePeriodForm,
    HourEntryForm,
    ReviewForm,
    StartDateForm,
    VolunteerRoleForm,
    YearSettingsForm,
)
from volunteers.models import Activity, ClosedPeriod, HourEntry, RoleKind, VolunteerProfile
from volunteers.tables import (
    HourHistoryTable,
    OverviewTable,
    PeriodTable,
    QueueTable,
    VolunteerHoursTable,
    hours_text,
)
from vvsite.access import requires
from vvsite.forms import add_errors
from vvsite.models import Role

# --- Volunteers ---------------------------------------------------------------------------------


def _year_param(request: HttpRequest, default: int) -> int:
    value = request.GET.get("jaar", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@requires("hours.log")
def portal(request: HttpRequest) -> HttpResponse:
    """The volunteer's hours: totals against the norm, log again in one tap, history."""
    table = HourHistoryTable(selectors.entries_of(request.user).order_by("-date", "-pk"))
    RequestConfig(request, paginate={"per_page": 20}).configure(table)
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    context = {
        "table": table,
        "totals": selectors.volunteer_totals(request.user),
        "recent": selectors.recent_combinations(request.user),
        "suggestions": list(selectors.open_suggestions(request.user)[:10]),
        "reminders_on": not (profile and profile.reminders_opt_out),
    }
    return render(request, "volunteers/portal.html", context)


def _initial_from_query(request: HttpRequest) -> dict:
    """A one-tap button on the home page prefills today's entry with a recent combination."""
    initial = {"date": selectors.local_today()}
    if request.GET.get("activity") in Activity.values:
        initial["activity"] = request.GET["activity"]
    if request.GET.get("role_kind") in RoleKind.values:
        initial["role_kind"] = request.GET["role_kind"]
    hours = request.GET.get("hours", "")
    if hours and not rules.hours_problem(hours.replace(",", ".")):
        initial["hours"] = hours
    return initial


def _own_cohorts_and_sessions(user, entry: HourEntry | None = None) -> dict:
    """What the volunteer may link hours to: their own cohorts, recent sessions and open
    matches (and whatever the entry is linked to already)."""
    keep = entry.session_id if entry else None
    matches = matches_of_buddy(user).filter(
        Q(status__in=OPEN_STATUSES) | Q(pk=entry.match_id if entry else None)
    )
    return {
        "cohorts": cohorts_of(user),
        "sessions": hour_sessions_of(user, keep=keep),
        "matches": matches,
    }


def _save_entry(request, form, save) -> bool:
    """Call the service with the form's data; its refusals become the form's errors."""
    if not form.is_valid():
        return False
    try:
        save(fields=services.HourFields(**form.cleaned_data))
    except ValidationError as error:
        add_errors(form, error)
        return False
    return True


@requires("hours.log")
def hour_create(request: HttpRequest) -> HttpResponse:
    year = selectors.local_today().year
    roles = selectors.roles_of(request.user, year)
    form = HourEntryForm(
        request.POST or None,
        roles=roles,
        initial=_initial_from_query(request),
        **_own_cohorts_and_sessions(request.user),
    )
    if request.method == "POST" and _save_entry(
        request, form, partial(services.hour_create, volunteer=request.user)
    ):
        messages.success(
            request,
            _("%(hours)s hours logged. A coordinator will approve them.")
            % {"hours": hours_text(form.cleaned_data["hours"])},
        )
        return redirect("volunteers:portal")
    return render(request, "volunteers/hour_form.html", {"form": form, "entry": None})


@requires("hours.log")
def hour_update(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_of(request.user), pk=pk)
    if entry.status == HourEntry.Status.APPROVED:
        messages.error(request, _("These hours have been approved and can no longer be changed."))
        return redirect("volunteers:portal")
    roles = selectors.roles_of(request.user, entry.date.year)
    initial = {
        "date": entry.date,
        "hours": entry.hours,
        "activity": entry.activity,
        "role_kind": entry.role_kind,
        "note": entry.note,
        "cohort": entry.cohort_id,
        "session": entry.session_id,
        "match": entry.match_id,
    }
    form = HourEntryForm(
        request.POST or None,
        roles=roles,
        initial=initial,
        **_own_cohorts_and_sessions(request.user, entry),
    )
    if request.method == "POST" and _save_entry(
        request,
        form,
        partial(services.hour_update, entry=entry, by=request.user),
    ):
        messages.success(request, _("Your hours have been changed."))
        return redirect("volunteers:portal")
    return render(request, "volunteers/hour_form.html", {"form": form, "entry": entry})


@requires("hours.log")
def hour_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_of(request.user), pk=pk)
    if request.method == "POST":
        try:
            services.hour_delete(entry=entry, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The entry has been deleted."))
        return redirect("volunteers:portal")
    return render(request, "volunteers/hour_confirm_delete.html", {"entry": entry})


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@requires("hours.log")
def hour_export(request: HttpRequest) -> StreamingHttpResponse:
    """The volunteer's own hours as CSV (semicolons and a decimal comma, as Dutch Excel wants)."""
    writer = csv.writer(_Echo(), delimiter=";")
    activities, roles = dict(Activity.choices), dict(RoleKind.choices)
    statuses = dict(HourEntry.Status.choices)
    header = [
        _("Date"),
        _("Hours"),
        _("Activity"),
        _("Role"),
        _("Status"),
        _("Note"),
        _("Reason for rejection"),
    ]

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for entry in selectors.entries_of(request.user).order_by("date", "pk").iterator(2000):
            yield writer.writerow(
                [
                    entry.date.isoformat(),
                    hours_text(entry.hours),
                    activities.get(entry.activity, entry.activity),
                    roles.get(entry.role_kind, entry.role_kind),
                    statuses.get(entry.status, entry.status),
                    _csv_safe(entry.note),
                    _csv_safe(entry.rejection_reason),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"uren-{selectors.local_today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("hours.log")
@require_POST
def reminders_toggle(request: HttpRequest) -> HttpResponse:
    opt_out = request.POST.get("reminders") != "on"
    services.profile_update(user=request.user, reminders_opt_out=opt_out)
    if opt_out:
        messages.success(request, _("You will no longer get a monthly reminder."))
    else:
        messages.success(
            request, _("You will get a reminder when you have logged nothing in a month.")
        )
    return redirect("volunteers:portal")


@requires("hours.log")
@require_POST
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(selectors.open_suggestions(request.user), pk=pk)
    try:
        services.suggestion_accept(suggestion=suggestion, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The suggested hours have been logged for approval."))
    return redirect("volunteers:portal")


@requires("hours.log")
@require_POST
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(selectors.open_suggestions(request.user), pk=pk)
    services.suggestion_dismiss(suggestion=suggestion, by=request.user)
    return redirect("volunteers:portal")


# --- Coordinators ---------------------------------------------------------------------------------


@requires("hours.approve")
def queue(request: HttpRequest) -> HttpResponse:
    """Submitted hours to approve or reject, filtered, a page at a time, in bulk."""
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == ReviewForm.APPROVE:
                    count = services.hours_approve(entry_ids=data["entries"], by=request.user)
                    text = ngettext("%(n)s entry approved.", "%(n)s entries approved.", count)
                else:
                    count = services.hours_reject(
                        entry_ids=data["entries"], by=request.user, reason=data["reason"]
                    )
                    text = ngettext("%(n)s entry rejected.", "%(n)s entries rejected.", count)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, text % {"n": count})
            return redirect(request.get_full_path())
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    filterset = QueueFilter(request.GET or None, queryset=selectors.pending_entries())
    table = QueueTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"table": table, "filterset": filterset, "form": form}
    return render(request, "volunteers/queue.html", context)


@requires("hours.approve")
def overview(request: HttpRequest) -> HttpResponse:
    """Volunteers of one year: approved and waiting hours against their norm."""
    year = _year_param(request, selectors.local_today().year)
    table = OverviewTable(selectors.volunteers_overview(year=year), year=year)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {"table": table, "year": year, "years": _years_around(year)}
    return render(request, "volunteers/overview.html", context)


def _years_around(year: int) -> list[int]:
    this_year = selectors.local_today().year
    return list(range(max(this_year, year), min(this_year, year) - 6, -1))


def _volunteers():
    return (
        get_user_model()
        .objects.filter(role_grants__role__in=[Role.VOLUNTEER, Role.COACH])
        .distinct()
    )


@requires("hours.approve")
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One volunteer: roles per year, start date, and their hours of the year."""
    volunteer = get_object_or_404(_volunteers(), pk=pk)
    year = _year_param(request, selectors.local_today().year)
    start, end = selectors.year_bounds(year)
    entries = selectors.entries_of(volunteer).filter(date__gte=start, date__lte=end)
    table = VolunteerHoursTable(entries.select_related("reviewed_by").order_by("-date", "-pk"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    role_form = VolunteerRoleForm(
        request.POST if "add_role" in request.POST else None, initial={"year": year}
    )
    start_form = StartDateForm(
        request.POST if "set_start" in request.POST else None,
        initial={"started_on": selectors.volunteer_started_on(volunteer)},
    )
    if request.method == "POST":
        try:
            if "add_role" in request.POST and role_form.is_valid():
                services.volunteer_role_add(user=volunteer, **role_form.cleaned_data)
                messages.success(request, _("The role has been added."))
            elif "remove_role" in request.POST:
                role = get_object_or_404(
                    volunteer.volunteer_roles.all(), pk=request.POST.get("remove_role")
                )
                services.volunteer_role_remove(role=role)
                messages.success(request, _("The role has been removed."))
            elif "set_start" in request.POST and start_form.is_valid():
                services.profile_update(
                    user=volunteer, started_on=start_form.cleaned_data["started_on"]
                )
                messages.success(request, _("The start date has been saved."))
            else:
                messages.error(request, _("Please correct the errors below."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(
            f"{reverse('volunteers:volunteer_detail', args=[volunteer.pk])}?jaar={year}"
        )
    context = {
        "volunteer": volunteer,
        "year": year,
        "years": _years_around(year),
        "roles": volunteer.volunteer_roles.order_by("-year", "kind"),
        "totals": selectors.volunteer_totals(volunteer, today=min(end, selectors.local_today())),
        "table": table,
        "role_form": role_form,
        "start_form": start_form,
    }
    return render(request, "volunteers/volunteer_detail.html", context)


@requires("hours.approve")
def summary_current(request: HttpRequest) -> HttpResponse:
    return redirect("volunteers:summary", year=selectors.local_today().year)


@requires("hours.approve")
def summary(request: HttpRequest, year: int) -> HttpResponse:
    """The strategic plan's table for one year, from approved hours."""
    if not 2000 <= year <= 2100:
        raise Http404
    context = {"summary": selectors.year_summary(year), "years": _years_around(year)}
    return render(request, "volunteers/summary.html", context)


@requires("hours.approve")
def periods(request: HttpRequest) -> HttpResponse:
    """Close a reported month or year: its hours can no longer change."""
    today = selectors.local_today()
    last_month = services.previous_month(today)
    form = ClosePeriodForm(
        request.POST or None, initial={"year": last_month.year, "month": last_month.month}
    )
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_close(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(period)s has been closed.")
                % {"period": rules.period_label(period.year, period.month).capitalize()},
            )
            return redirect("volunteers:periods")
    filterset = PeriodFilter(request.GET or None, selectors.closed_periods())
    table = PeriodTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 24}).configure(table)
    context = {"form": form, "filterset": filterset, "table": table}
    return render(request, "volunteers/periods.html", context)


@requires("hours.settings")
@require_POST
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ClosedPeriod, pk=pk)
    services.period_reopen(period=period, by=request.user)
    messages.success(
        request,
        _("%(period)s is open again.")
        % {"period": rules.period_label(period.year, period.month).capitalize()},
    )
    return redirect("volunteers:periods")


@requires("hours.settings")
def year_settings(request: HttpRequest) -> HttpResponse:
    """Norms per role and the value of an hour, per year."""
    year = _year_param(request, selectors.local_today().year)
    norms = selectors.norms_for_year(year)
    initial = {"euros": selectors.hourly_value_for_year(year)}
    initial.update({f"norm_{kind}": hours for kind, hours in norms.items()})
    form = YearSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.year_settings_save(year=year, norms=form.norms(), euros=form.cleaned_data["euros"])
        messages.success(request, _("The settings for %(year)s have been saved.") % {"year": year})
        return redirect(f"{reverse('volunteers:settings')}?jaar={year}")
    context = {
        "form": form,
        "year": year,
        "years": sorted({*_years_around(year), selectors.local_today().year + 1}, reverse=True),
    }
    return render(request, "volunteers/settings.html", context)
