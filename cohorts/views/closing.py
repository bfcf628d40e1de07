"""Pages for closing a cohort: who completed, growth notes and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from cohorts.certificates import CERTIFICATE, COHORT_CERTIFICATES, certificate_documents
from cohorts.forms import CompleteForm, GrowthNotesForm
from cohorts.models import Cohort, Enrolment
from cohorts.services import closing as services
from cohorts.services.lifecycle import cohort_next_steps
from cohorts.views.common import visible_cohort
from participants.vocab import GOAL_FIELDS, Pillar
from vvsite.access import requires
from vvsite.documents.services import document_request
from vvsite.forms import add_errors, error_text, form_errors
from vvsite.pages import report_count


@requires("cohorts.manage")
def cohort_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark who completed, write their growth notes, record who left and why, make the
    certificates."""
    cohort = visible_cohort(request, pk)
    if request.method == "POST":
        return _complete(request, cohort)
    enrolments = list(
        cohort.enrolments.select_related("person").order_by(
            "-role", "person__given_names", "person__family_name", "pk"
        )
    )
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
            "next_steps": cohort_next_steps(cohort),
        },
    )


def _complete(request, cohort: Cohort) -> HttpResponse:
    """Mark the participants ticked on the closing page as completed."""
    form = CompleteForm(request.POST)
    if form.is_valid():
        report_count(
            request,
            lambda: services.enrolments_complete(
                cohort=cohort, enrolment_ids=form.cleaned_data["enrolments"], by=request.user
            ),
            ngettext_lazy(
                "%(count)s person marked as completed.",
                "%(count)s people marked as completed.",
                "count",
            ),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("cohorts:cohort_close", pk=cohort.pk)


@requires("cohorts.manage")
def growth_notes(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
