"""Pages for matching: thin views over ``selectors`` (reads), ``proposals`` (the cohort draft)
and ``services`` (writes). Every view needs ``matching.manage``; every change is a POST."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from cohorts import selectors as cohort_selectors
from cohorts.models import Enrolment
from matching import proposals, selectors, services
from matching.filters import MatchFilter, NewcomerToMatchFilter, SuggestionFilter
from matching.forms import (
    CheckInForm,
    ConfirmForm,
    EndForm,
    ExclusionForm,
    PairChoiceForm,
    PairNoteForm,
    StepForm,
    WeightsForm,
)
from matching.models import Match
from matching.scoring import Criterion
from matching.suggestions import suggest
from matching.tables import MatchTable, NewcomerToMatchTable
from participants.models import Buddy, Consent, Newcomer
from vvsite.access import requires
from vvsite.forms import error_text, form_errors
from vvsite.history import history_entries

SUGGESTIONS_SHOWN = 20
OVERVIEW_ROWS = 15
PER_PAGE = 25


def _criteria(weights):
    """The criteria as table columns: code, short and full label, weight."""
    return [
        {
            "code": c.value,
            "short": SHORT_LABELS[c],
            "label": c.label,
            "weight": weights.of(c),
        }
        for c in Criterion
    ]


SHORT_LABELS = {
    Criterion.INTERESTS: _("Interests"),
    Criterion.DISTANCE: _("Distance"),
    Criterion.AGE: _("Age"),
    Criterion.LANGUAGE: _("Language"),
    Criterion.EXPERTISE: _("Expertise"),
    Criterion.AVAILABILITY: _("Day parts"),
    Criterion.HOUSEHOLD: _("Family"),
    Criterion.NOTES: _("Notes"),
}


# --- Overview ------------------------------------------------------------------------------------


@requires("matching.manage")
def overview(request: HttpRequest) -> HttpResponse:
    """Milestones, pairs waiting for a check-in, and the cohorts to match."""
    cohorts = list(selectors.cohorts_to_match()[:20])
    counts = selectors.match_counts_by_cohort([c.pk for c in cohorts])
    needing = selectors.matches_needing_checkin(request.user)
    context = {
        "counts": selectors.match_status_counts(),
        "needing_checkin": list(needing[:OVERVIEW_ROWS]),
        "needing_checkin_count": needing.count(),
        "cohorts": [(cohort, counts[cohort.pk]) for cohort in cohorts],
        "to_match_count": selectors.matchable_newcomers().count(),
        "due_before": selectors.checkin_due_before(),
    }
    return render(request, "matching/overview.html", context)


@requires("matching.manage")
def match_list(request: HttpRequest) -> HttpResponse:
    matches = selectors.with_last_checkin(selectors.matches_visible_to(request.user))
    filterset = MatchFilter(request.GET or None, matches)
    table = MatchTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "matching/match_list.html", {"filterset": filterset, "table": table})


@requires("matching.manage")
def newcomer_list(request: HttpRequest) -> HttpResponse:
    """Newcomers who can get a buddy now: the way into suggestions and loose matches."""
    newcomers = (
        selectors.matchable_newcomers()
        .select_related("person", "person__municipality", "person__neighbourhood")
        .order_by("priority", "registered_on", "pk")
    )
    filterset = NewcomerToMatchFilter(request.GET or None, newcomers)
    table = NewcomerToMatchTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, "matching/newcomer_list.html", {"filterset": filterset, "table": table})


# --- Suggestions for one newcomer ----------------------------------------------------------------


def _newcomer(request, pk: int) -> Newcomer:
    return get_object_or_404(
        selectors.with_consent(
            Newcomer.objects.select_related(
                "person", "person__municipality", "person__neighbourhood"
            )
        ),
        pk=pk,
    )


@requires("matching.manage")
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The buddies for one newcomer, best first, with every criterion's part of the score."""
    newcomer = _newcomer(request, pk)
    matches = list(
        newcomer.matches.select_related("buddy__person", "cohort").order_by("-proposed_on", "-pk")
    )
    open_match = next((m for m in matches if m.is_open), None)
    filterset = SuggestionFilter(
        request.GET or None, selectors.matchable_buddies().exclude(pk=newcomer.pk).order_by("pk")
    )
    rows, weights, considered = [], None, 0
    profile = None
    if newcomer.may_process:
        profiles = selectors.newcomer_profiles(Newcomer.objects.filter(pk=newcomer.pk))
        profile = profiles[0] if profiles else None
    if profile is not None:
        buddies = selectors.buddy_profiles(filterset.qs)
        considered = len(buddies)
        weights, settings = selectors.scoring_for([newcomer.pk])
        found = suggest(profile, buddies, weights, settings, limit=SUGGESTIONS_SHOWN)
        shown = selectors.buddies_for_page(s.buddy.id for s in found)
        notes = selectors.notes_of(newcomer, shown)
        shared = _shared_cohorts(newcomer, shown)
        rows = [
            {
                "buddy": shown[s.buddy.id],
                "score": s.score,
                "note": notes.get(s.buddy.id),
                "cohort": shared.get(s.buddy.id),
            }
            for s in found
        ]
    else:
        weights, _settings = selectors.scoring_for([])
    context = {
        "newcomer": newcomer,
        "matches": matches,
        "open_match": open_match,
        "filterset": filterset,
        "rows": rows,
        "considered": considered,
        "criteria": _criteria(weights),
        "max_points": weights.max_points,
        "exclusions": list(selectors.exclusions_of(newcomer)),
        "matchable": newcomer.status in selectors.MATCHABLE_NEWCOMER and newcomer.may_process,
    }
    return render(request, "matching/suggestions.html", context)


def _shared_cohorts(newcomer: Newcomer, buddies) -> dict:
    """For each buddy, the cohort the newcomer and the buddy both take part in (one query)."""
    cohort_ids = Enrolment.objects.filter(
        person_id=newcomer.pk, role=Enrolment.Role.NEWCOMER, status=Enrolment.Status.ENROLLED
    ).values("cohort_id")
    shared = Enrolment.objects.filter(
        cohort_id__in=cohort_ids,
        person_id__in=list(buddies),
        role=Enrolment.Role.BUDDY,
        status=Enrolment.Status.ENROLLED,
    ).select_related("cohort")
    return {enrolment.person_id: enrolment.cohort for enrolment in shared}


def _back_to_suggestions(pk: int) -> HttpResponse:
    return redirect("matching:suggestions", pk=pk)


def _buddy_from_post(request) -> Buddy | None:
    value = request.POST.get("buddy", "")
    if not value.isdigit():
        return None
    return Buddy.objects.select_related("person").filter(pk=int(value)).first()


@requires("matching.manage")
@require_POST
def match_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Pair the newcomer with a suggested buddy: in the cohort they share, or outside one."""
    newcomer = _newcomer(request, pk)
    buddy = _buddy_from_post(request)
    if buddy is None:
        messages.error(request, _("Choose a buddy."))
        return _back_to_suggestions(pk)
    try:
        match = services.match_create(
            newcomer=newcomer,
            buddy=buddy,
            cohort=services.cohort_for_pair(newcomer, buddy),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return _back_to_suggestions(pk)
    messages.success(
        request,
        _("%(newcomer)s and %(buddy)s are matched (proposed).")
        % {"newcomer": newcomer.person.display_name, "buddy": buddy.person.display_name},
    )
    return redirect("matching:match_detail", pk=match.pk)


@requires("matching.manage")
@require_POST
def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    newcomer = _newcomer(request, pk)
    form = ExclusionForm(request.POST)
    buddy = _buddy_from_post(request)
    if not form.is_valid() or buddy is None:
        messages.error(request, form_errors(form) or _("Choose a buddy."))
        return _back_to_suggestions(pk)
    try:
        services.exclusion_add(
            newcomer=newcomer, buddy=buddy, reason=form.cleaned_data["reason"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(buddy)s will not be suggested for %(newcomer)s.")
            % {"newcomer": newcomer.person.display_name, "buddy": buddy.person.display_name},
        )
    return _back_to_suggestions(pk)


@requires("matching.manage")
@require_POST
def exclusion_remove(request: HttpRequest, pk: int, exclusion_pk: int) -> HttpResponse:
    newcomer = _newcomer(request, pk)
    exclusion = get_object_or_404(newcomer.exclusions, pk=exclusion_pk)
    services.exclusion_remove(exclusion=exclusion, by=request.user)
    messages.success(request, _("The exclusion has been lifted."))
    return _back_to_suggestions(pk)


@requires("matching.manage")
@require_POST
def note_set(request: HttpRequest, pk: int) -> HttpResponse:
    newcomer = _newcomer(request, pk)
    form = PairNoteForm(request.POST)
    buddy = _buddy_from_post(request)
    if not form.is_valid() or buddy is None:
        messages.error(request, form_errors(form) or _("Choose a buddy."))
        return _back_to_suggestions(pk)
    services.note_set(
        newcomer=newcomer,
        buddy=buddy,
        points=form.cleaned_data["points"],
        text=form.cleaned_data["text"],
        by=request.user,
    )
    messages.success(request, _("The note on this pair has been saved."))
    return _back_to_suggestions(pk)


# --- A cohort's proposal -------------------------------------------------------------------------


def _cohort(request, pk: int):
    return get_object_or_404(selectors.cohorts_visible_to(request.user), pk=pk)


@requires("matching.manage")
def cohort_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal for a cohort beside its scores: pin, swap, propose again, confirm."""
    cohort = _cohort(request, pk)
    proposal = proposals.CohortProposal(cohort)
    review = proposal.review(proposals.draft_load(request.session, cohort))
    proposals.draft_save(request.session, cohort, review.draft)
    if review.dropped:
        messages.warning(
            request,
            ngettext(
                "%(count)s pair of your draft no longer fits and was taken out.",
                "%(count)s pairs of your draft no longer fit and were taken out.",
                review.dropped,
            )
            % {"count": review.dropped},
        )
    newcomers = [r.newcomer for r in review.rows] + [u.newcomer for u in review.unmatched]
    buddies = [r.buddy for r in review.rows] + review.free_buddies
    context = {
        "cohort": cohort,
        "review": review,
        "matched": proposal.people.matched,
        "without_consent": proposal.people.without_consent,
        "criteria": _criteria(review.weights),
        "max_points": review.weights.max_points,
        "confirm_form": ConfirmForm(),
        "pin_form": PairChoiceForm(
            newcomers=sorted(newcomers, key=lambda n: n.person.display_name),
            buddies=sorted(buddies, key=lambda b: b.person.display_name),
        ),
    }
    return render(request, "matching/cohort_proposal.html", context)


def _line(value: str) -> tuple[int, int] | None:
    """A selected line of the proposal, "newcomer-buddy" (0 for a free side)."""
    try:
        newcomer, buddy = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    return newcomer, buddy


@requires("matching.manage")
@require_POST
def proposal_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Swap two lines, pin or unpin a pair, propose again or start over."""
    cohort = _cohort(request, pk)
    proposal = proposals.CohortProposal(cohort)
    draft = proposal.sanitize(proposals.draft_load(request.session, cohort) or proposal.propose())
    action = request.POST.get("action") or ("toggle" if "toggle" in request.POST else "")
    try:
        if action == "swap":
            lines = [_line(v) for v in request.POST.getlist("line")]
            if len(lines) != 2 or None in lines:
                raise ValidationError(_("Select exactly two lines to swap."))
            before = proposal.total(draft)
            draft = proposal.swap(draft, lines[0], lines[1])
            messages.success(
                request,
                _(
                    "Swapped: the total score went from %(before)s to %(after)s. The new pairs "
                    "are pinned and highlighted."
                )
                % {"before": before, "after": proposal.total(draft)},
            )
        elif action == "pin":
            form = PairChoiceForm(
                request.POST,
                newcomers=Newcomer.objects.filter(pk__in=list(proposal.row)).select_related(
                    "person"
                ),
                buddies=Buddy.objects.filter(pk__in=list(proposal.col)).select_related("person"),
            )
            if not form.is_valid():
                raise ValidationError(_("Choose a newcomer and a buddy of this cohort."))
            draft = proposal.pin(draft, (form.cleaned_data["newcomer"], form.cleaned_data["buddy"]))
            messages.success(request, _("The pair is pinned; the rest has been proposed again."))
        elif action == "toggle":
            value = request.POST.get("toggle", "")
            if value.isdigit():
                draft = proposal.toggle_pin(draft, int(value))
        elif action == "propose":
            draft = proposal.propose(draft.pinned)
            messages.success(request, _("Proposed again, keeping the pinned pairs."))
        elif action == "reset":
            draft = proposal.propose()
            messages.success(request, _("A fresh proposal without pins."))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    proposals.draft_save(request.session, cohort, draft)
    return redirect("matching:cohort_proposal", pk=cohort.pk)


@requires("matching.manage")
@require_POST
def proposal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Make every pair on the page a match, in one step, or none of them."""
    cohort = _cohort(request, pk)
    form = ConfirmForm(request.POST)
    pairs = [_line(v) for v in request.POST.getlist("pair")]
    if not form.is_valid() or None in pairs:
        messages.error(request, form_errors(form) or _("The proposal could not be read."))
        return redirect("matching:cohort_proposal", pk=cohort.pk)
    try:
        made = services.match_confirm_many(
            cohort=cohort,
            pairs=pairs,
            by=request.user,
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("matching:cohort_proposal", pk=cohort.pk)
    proposals.draft_clear(request.session, cohort)
    messages.success(
        request,
        ngettext("%(count)s match confirmed.", "%(count)s matches confirmed.", len(made))
        % {"count": len(made)},
    )
    return redirect("matching:cohort_proposal", pk=cohort.pk)


# --- One match -----------------------------------------------------------------------------------


def _match(request, pk: int) -> Match:
    return get_object_or_404(selectors.match_for_page(request.user, pk), pk=pk)


@requires("matching.manage")
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match(request, pk)
    explanation = _explanation_rows(match)
    checkins = list(match.checkins.all())
    last_contact = max([c.on for c in checkins] + [match.started_on or match.proposed_on])
    context = {
        "match": match,
        "checkins": checkins,
        "last_contact": last_contact,
        "overdue": match.status == Match.Status.ACTIVE
        and last_contact < selectors.checkin_due_before(),
        "explanation": explanation,
        "step_form": StepForm(),
        "end_form": EndForm(),
        "checkin_form": CheckInForm(),
        "shares_contact": _shares_contact(match),
        "history": history_entries(match),
    }
    return render(request, "matching/match_detail.html", context)


def _explanation_rows(match: Match) -> list[dict]:
    """The score snapshot with today's labels; criteria unknown to this version are skipped."""
    known = {c.value: c for c in Criterion}
    rows = []
    for item in match.explanation or []:
        criterion = known.get(item.get("criterion"))
        if criterion is None:
            continue
        rows.append(
            {
                "code": criterion.value,
                "label": criterion.label,
                "weight": item.get("weight", 0),
                "points": item.get("points", 0),
                "evidence": item.get("evidence"),
            }
        )
    return rows


def _shares_contact(match: Match) -> bool:
    return Consent.objects.filter(
        person_id=match.newcomer_id,
        kind=Consent.Kind.SHARE_WITH_BUDDY,
        withdrawn_on__isnull=True,
    ).exists()


def _step(request, pk: int, *, form_class, act, done: str) -> HttpResponse:
    match = _match(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matching:match_detail", pk=pk)
    try:
        act(match, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return redirect("matching:match_detail", pk=pk)


@requires("matching.manage")
@require_POST
def match_introduce(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=StepForm,
        act=lambda m, data: services.match_introduce(match=m, on=data["on"], by=request.user),
        done=_("The first meeting has been recorded."),
    )


@requires("matching.manage")
@require_POST
def match_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=StepForm,
        act=lambda m, data: services.match_activate(match=m, on=data["on"], by=request.user),
        done=_("The match is active."),
    )


@requires("matching.manage")
@require_POST
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=EndForm,
        act=lambda m, data: services.match_end(
            match=m, reason=data["reason"], on=data["on"], note=data["note"], by=request.user
        ),
        done=_("The match has ended. The newcomer can be matched again."),
    )


@requires("matching.manage")
@require_POST
def checkin_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        form_class=CheckInForm,
        act=lambda m, data: services.checkin_add(match=m, by=request.user, **data),
        done=_("The check-in has been recorded."),
    )


# --- Settings ------------------------------------------------------------------------------------


@requires("matching.manage")
def weights(request: HttpRequest) -> HttpResponse:
    row = selectors.current_weights()
    form = WeightsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_update(fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("The weights have been saved; every score uses them now."))
            return redirect("matching:weights")
    return render(
        request,
        "matching/weights.html",
        {
            "form": form,
            "row": row,
            "weight_fields": [form[name] for name in row.WEIGHT_FIELDS],
            "limit_fields": [form["max_distance_km"], form["max_age_difference"]],
            "history": history_entries(row, limit=10),
            "cancel_url": reverse("matching:overview"),
        },
    )


# --- Coaches -------------------------------------------------------------------------------------


@requires("cohorts.own_group")
def coach_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """A coach notes how a pair in their own group is doing (other pairs: 404)."""
    match = get_object_or_404(selectors.matches_coached_by(request.user), pk=pk)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_add(match=match, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The check-in has been recorded."))
            return redirect("cohorts:my_group")
    names = cohort_selectors.first_names([match.newcomer.person, match.buddy.person])
    context = {
        "match": match,
        "form": form,
        "newcomer": names[match.newcomer_id],
        "buddy": names[match.buddy_id],
    }
    return render(request, "matching/coach_checkin.html", context)
