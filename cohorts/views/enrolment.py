"""Pages for placing newcomers and adding buddies to a cohort, and for someone leaving it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import selectors
from cohorts.forms import LeaveForm, PeoplePickForm, PlaceCountForm
from cohorts.models import Enrolment
from cohorts.services import enrolment as services
from cohorts.views.common import safe_next, visible_cohort
from participants.models import Person
from vvsite.access import requires
from vvsite.forms import add_errors, error_text, form_errors


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
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
    cohort = visible_cohort(request, pk)
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
        {"cohort": cohort, "enrolment": enrolment, "form": form, "next": safe_next(request)},
    )
