"""Programmes and cohorts: planning them and moving a cohort through its statuses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Cohort, Enrolment, PlannedSession, Programme
from participants import services as participant_services
from participants.models import Newcomer


@transaction.atomic
def programme_save(
    *,
    programme: Programme,
    fields: Mapping | None = None,
    plan: Iterable[PlannedSession] = (),
    removed: Iterable[PlannedSession] = (),
    by=None,
) -> Programme:
    """Create or change a programme and the lines of its session plan."""
    for name, value in (fields or {}).items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    for line in plan:
        line.programme = programme
        line.full_clean()
        line.save()
    PlannedSession.objects.filter(
        programme=programme, pk__in=[line.pk for line in removed if line.pk]
    ).delete()
    return programme


@transaction.atomic
def cohort_create(*, fields: Mapping, by=None) -> Cohort:
    """A new cohort; capacities and the end default to those of its programme."""
    programme: Programme = fields["programme"]
    values = {
        "newcomer_capacity": programme.newcomer_capacity,
        "buddy_capacity": programme.buddy_capacity,
        **{name: value for name, value in fields.items() if value is not None},
    }
    if values.get("start_date") and not values.get("end_date"):
        values["end_date"] = values["start_date"] + timedelta(
            weeks=programme.duration_weeks, days=-1
        )
    cohort = Cohort(**values)
    cohort.full_clean()
    cohort._history_user = by
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, fields: Mapping, by=None) -> Cohort:
    """Change a cohort; a capacity never drops below the places already taken."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    errors = {}
    for role, field in (
        (Enrolment.Role.NEWCOMER, "newcomer_capacity"),
        (Enrolment.Role.BUDDY, "buddy_capacity"),
    ):
        taken = locked.enrolments.filter(role=role).exclude(status=Enrolment.Status.LEFT)
        highest = max(taken.values_list("slot", flat=True), default=0)
        if getattr(locked, field) < max(taken.count(), highest):
            errors[field] = _(
                "%(count)s places are taken already; the capacity cannot be lower than that."
            ) % {"count": max(taken.count(), highest)}
    if errors:
        raise ValidationError(errors)
    locked.full_clean()
    locked._history_user = by
    locked.save()
    return locked


# --- Status of a cohort --------------------------------------------------------------------------

#: status -> where a cohort can go from there (one step back is allowed until it ends).
COHORT_FLOW: dict[str, tuple[str, ...]] = {
    Cohort.Status.PLANNED: (Cohort.Status.RECRUITING,),
    Cohort.Status.RECRUITING: (Cohort.Status.RUNNING, Cohort.Status.PLANNED),
    Cohort.Status.RUNNING: (Cohort.Status.CLOSING,),
    Cohort.Status.CLOSING: (Cohort.Status.COMPLETED, Cohort.Status.RUNNING),
    Cohort.Status.COMPLETED: (),
}


def cohort_next_steps(cohort: Cohort) -> list[tuple[str, str]]:
    labels = dict(Cohort.Status.choices)
    return [(step, labels[step]) for step in COHORT_FLOW[cohort.status]]


@transaction.atomic
def cohort_status_set(*, cohort: Cohort, to: str, by=None) -> Cohort:
    """Move a cohort along planned → recruiting → running → closing → completed.

    When it starts running its placed newcomers become active; it can only be completed once
    nobody is still marked as taking part (everyone completed or left)."""
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if to not in COHORT_FLOW[locked.status]:
        raise ValidationError(
            _("From “%(old)s” a cohort cannot go to “%(new)s”.")
            % {"old": locked.get_status_display(), "new": dict(Cohort.Status.choices).get(to, to)}
        )
    if to == Cohort.Status.COMPLETED:
        still = locked.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        if still:
            raise ValidationError(
                ngettext(
                    "%(count)s person is still taking part: mark them as completed or as left "
                    "first.",
                    "%(count)s people are still taking part: mark them as completed or as left "
                    "first.",
                    still,
                )
                % {"count": still}
            )
    if to == Cohort.Status.RUNNING:
        placed = Newcomer.objects.filter(
            person__enrolments__cohort=locked,
            person__enrolments__status=Enrolment.Status.ENROLLED,
            status=Newcomer.Status.PLACED,
        )
        for newcomer in placed.select_related("person"):
            participant_services.newcomer_transition(
                newcomer=newcomer,
                to=Newcomer.Status.ACTIVE,
                by=by,
                note=str(_("%(cohort)s started") % {"cohort": locked}),
            )
    locked.status = to
    locked._history_user = by
    locked.save(update_fields=["status"])
    return locked
