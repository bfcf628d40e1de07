"""Placing newcomers and buddies in a cohort, and someone leaving it."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Enrolment
from cohorts.services.common import cohort_ensure_open
from participants import services as participant_services
from participants.models import Buddy, Newcomer, Person

#: Newcomer statuses from which a newcomer can be placed in a cohort.
PLACEABLE = (Newcomer.Status.WAITING,)
#: Buddy statuses from which a buddy can join a cohort.
BUDDY_JOINABLE = (Buddy.Status.AVAILABLE, Buddy.Status.MATCHED)


def _check_person(cohort: Cohort, person: Person, role: str) -> None:
    if role == Enrolment.Role.NEWCOMER:
        newcomer = Newcomer.objects.filter(person=person).first()
        if newcomer is None:
            raise ValidationError(_("%(name)s has no newcomer intake.") % {"name": person})
        if newcomer.status not in PLACEABLE:
            raise ValidationError(
                _("%(name)s is not on the waiting list (status: %(status)s).")
                % {"name": person, "status": newcomer.get_status_display()}
            )
        elsewhere = Enrolment.objects.filter(
            person=person, role=role, status=Enrolment.Status.ENROLLED
        ).exclude(cohort=cohort)
        if elsewhere.exists():
            raise ValidationError(
                _("%(name)s already takes part in another cohort.") % {"name": person}
            )
    else:
        buddy = Buddy.objects.filter(person=person).first()
        if buddy is None:
            raise ValidationError(_("%(name)s has no buddy intake.") % {"name": person})
        if buddy.status not in BUDDY_JOINABLE:
            raise ValidationError(
                _("%(name)s is not available as a buddy (status: %(status)s).")
                % {"name": person, "status": buddy.get_status_display()}
            )


@transaction.atomic
def enrolment_add(*, cohort: Cohort, person: Person, role: str, by=None) -> Enrolment:
    """Give ``person`` a place in ``cohort`` as newcomer or buddy.

    Refused when the cohort is full for that role, when the person is in it already, or when
    their intake status does not allow it. A placed newcomer moves to "placed".
    """
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)  # one placement at a time
    cohort_ensure_open(cohort)
    existing = Enrolment.objects.filter(cohort=cohort, person=person).first()
    if existing is not None and existing.status != Enrolment.Status.LEFT:
        raise ValidationError(_("%(name)s is already enrolled in this cohort.") % {"name": person})
    _check_person(cohort, person, role)
    capacity = cohort.capacity_for(role)
    taken = set(
        Enrolment.objects.filter(cohort=cohort, role=role)
        .exclude(slot__isnull=True)
        .values_list("slot", flat=True)
    )
    free = next((slot for slot in range(1, capacity + 1) if slot not in taken), None)
    if free is None:
        if role == Enrolment.Role.NEWCOMER:
            message = _("This cohort is full: all %(capacity)s places for newcomers are taken.")
        else:
            message = _("This cohort is full: all %(capacity)s places for buddies are taken.")
        raise ValidationError(message % {"capacity": capacity})
    enrolment = existing or Enrolment(cohort=cohort, person=person)
    enrolment.role = role
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.slot = free
    enrolment.capacity = capacity
    enrolment.enrolled_on = timezone.localdate()
    enrolment.ended_on = None
    enrolment.leave_reason = ""
    enrolment.created_by = by
    enrolment._history_user = by
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:  # the database's own capacity and once-only rules
        raise ValidationError(_("This place was taken at the same moment. Try again.")) from exc
    if role == Enrolment.Role.NEWCOMER:
        participant_services.newcomer_transition(
            newcomer=person.newcomer,
            to=Newcomer.Status.PLACED,
            by=by,
            note=str(_("placed in %(cohort)s") % {"cohort": cohort}),
        )
    return enrolment


@transaction.atomic
def enrolment_leave(
    *, enrolment: Enrolment, reason: str, note: str = "", by=None, back_to_waiting_list=False
) -> Enrolment:
    """Someone leaves a cohort with a reason; their place becomes free. A newcomer goes back to
    the waiting list or stops."""
    locked = Enrolment.objects.select_for_update().select_related("person").get(pk=enrolment.pk)
    if locked.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Only someone taking part can leave."))
    if reason not in Enrolment.LeaveReason.values:
        raise ValidationError({"leave_reason": _("Choose the reason for leaving.")})
    locked.status = Enrolment.Status.LEFT
    locked.slot = None
    locked.leave_reason = reason
    locked.leave_note = note
    locked.ended_on = timezone.localdate()
    locked._history_user = by
    locked.save()
    if locked.role == Enrolment.Role.NEWCOMER:
        newcomer = locked.person.newcomer
        if back_to_waiting_list and newcomer.status == Newcomer.Status.PLACED:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=Newcomer.Status.WAITING, by=by, note=note
            )
        elif not back_to_waiting_list and newcomer.status in (
            Newcomer.Status.PLACED,
            Newcomer.Status.ACTIVE,
        ):
            participant_services.newcomer_transition(
                newcomer=newcomer, to=Newcomer.Status.STOPPED, by=by, reason=reason, note=note
            )
    return locked


@transaction.atomic
def enrolments_add(*, cohort: Cohort, people: Sequence[Person], role: str, by=None):
    """Place several people at once: all of them, or (when one cannot be placed) none."""
    if not people:
        raise ValidationError(_("Choose at least one person."))
    return [enrolment_add(cohort=cohort, person=person, role=role, by=by) for person in people]
