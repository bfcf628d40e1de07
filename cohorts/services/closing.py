"""The end of a cohort: who completed, and the growth notes on their certificates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.certificates import MAX_NOTE_LENGTH
from cohorts.models import Cohort, Enrolment
from participants import services as participant_services
from participants.models import Newcomer
from participants.vocab import Pillar


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by=None) -> Enrolment:
    """Someone finished the programme; a newcomer's status becomes "completed"."""
    locked = (
        Enrolment.objects.select_for_update()
        .select_related("cohort", "person")
        .get(pk=enrolment.pk)
    )
    if locked.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("%(name)s is not taking part any more.") % {"name": locked.person})
    if locked.cohort.status not in (Cohort.Status.RUNNING, Cohort.Status.CLOSING):
        raise ValidationError(_("Completion is recorded once the cohort runs or closes."))
    locked.status = Enrolment.Status.COMPLETED
    locked.ended_on = timezone.localdate()
    locked._history_user = by
    locked.save(update_fields=["status", "ended_on"])
    if locked.role == Enrolment.Role.NEWCOMER:
        newcomer = Newcomer.objects.filter(pk=locked.person_id).first()
        note = str(_("completed %(cohort)s") % {"cohort": locked.cohort})
        if newcomer is not None and newcomer.status == Newcomer.Status.PLACED:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=Newcomer.Status.ACTIVE, by=by, note=note
            )
        if newcomer is not None and newcomer.status == Newcomer.Status.ACTIVE:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=Newcomer.Status.COMPLETED, by=by, note=note
            )
    return locked


@transaction.atomic
def enrolments_complete(*, cohort: Cohort, enrolment_ids: Iterable[int], by=None) -> int:
    """Mark several participants of ``cohort`` as completed; returns how many."""
    enrolments = cohort.enrolments.filter(
        pk__in=list(enrolment_ids), status=Enrolment.Status.ENROLLED
    )
    count = 0
    for enrolment in enrolments:
        enrolment_complete(enrolment=enrolment, by=by)
        count += 1
    return count


def _clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    cleaned, errors = {}, {}
    for key, text in notes.items():
        if key not in Pillar.values:
            raise ValidationError(_("Unknown pillar."))
        text = (text or "").strip()
        if len(text) > MAX_NOTE_LENGTH:
            errors[key] = _(
                "At most %(limit)s characters, so that the certificate fits on one page."
            ) % {"limit": MAX_NOTE_LENGTH}
        elif text:
            cleaned[key] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def growth_notes_save(*, enrolment: Enrolment, notes: Mapping[str, str], by=None) -> Enrolment:
    """The short note per pillar on how someone grew; it is printed on their certificate."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    locked.growth_notes = _clean_notes(notes)
    locked._history_user = by
    locked.save(update_fields=["growth_notes"])
    return locked
