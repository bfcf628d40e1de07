"""Pages for programmes and cohorts: plan them, see one, move it to its next status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cohorts import selectors
from cohorts.filters import CohortFilter
from cohorts.forms import CohortForm, PlanFormSet, ProgrammeForm, StatusForm
from cohorts.models import Programme
from cohorts.services import lifecycle as services
from cohorts.tables import PER_PAGE, CohortTable
from cohorts.views.common import visible_cohort
from vvsite.access import can, requires
from vvsite.forms import add_errors, error_text
from vvsite.history import history_entries


@requires("cohorts.manage")
def programme_list(request: HttpRequest) -> HttpResponse:
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


@requires("cohorts.manage")
def cohort_list(request: HttpRequest) -> HttpResponse:
    filterset = CohortFilter(request.GET or None, selectors.cohort_list(request.user))
    table = CohortTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "cohorts/cohort_list.html", {"filterset": filterset, "table": table})


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
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
