"""Pages for a cohort's coach groups, and a coach's own group."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from cohorts import selectors
from cohorts.forms import CoachGroupForm, GroupMembersForm
from cohorts.models import CoachGroup, Cohort, Enrolment
from cohorts.services import groups as services
from cohorts.views.common import visible_cohort
from vvsite.access import requires
from vvsite.forms import add_errors, error_text
from vvsite.pages import report_count


@requires("cohorts.manage")
def cohort_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """The groups with their leaders, and per participant which group they are in."""
    cohort = visible_cohort(request, pk)
    groups = selectors.groups_of(cohort)
    enrolments = (
        cohort.enrolments.exclude(status=Enrolment.Status.LEFT)
        .select_related("person")
        .order_by("-role", "person__given_names", "person__family_name", "pk")
    )
    form = GroupMembersForm(request.POST or None, enrolments=enrolments, groups=groups)
    if request.method == "POST":
        if request.POST.get("action") == "distribute":
            report_count(
                request,
                lambda: services.groups_distribute(cohort=cohort, by=request.user),
                ngettext_lazy(
                    "%(count)s participant divided over the groups.",
                    "%(count)s participants divided over the groups.",
                    "count",
                ),
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
    cohort = visible_cohort(request, pk)
    return _group_form(request, cohort, CoachGroup(cohort=cohort))


@requires("cohorts.manage")
def group_edit(request: HttpRequest, pk: int, group_pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
    group = get_object_or_404(cohort.groups.all(), pk=group_pk)
    try:
        services.group_delete(group=group, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The group has been removed."))
    return redirect("cohorts:cohort_groups", pk=cohort.pk)


@requires("cohorts.own_group")
def my_group(request: HttpRequest) -> HttpResponse:
    return render(request, "cohorts/my_group.html", {"groups": selectors.my_groups(request.user)})
