"""Attendance at sessions and the head count of visitors at open events."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts import selectors
from cohorts.models import Attendance, Enrolment, Session
from vvsite.history import acting_user


@transaction.atomic
def attendance_mark(*, session: Session, enrolment: Enrolment, status: str, by=None) -> Attendance:
    """Record whether someone was at a session; tapping again changes it. Someone may be
    excused beforehand, present or absent only from the day itself."""
    if status not in Attendance.Status.values:
        raise ValidationError(_("Choose present, absent or excused."))
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    if not selectors.expected_enrolments(session).filter(pk=enrolment.pk).exists():
        raise ValidationError(
            _("%(name)s is not expected at this session.") % {"name": enrolment.person}
        )
    if (
        status != Attendance.Status.EXCUSED
        and timezone.localdate(session.starts_at) > timezone.localdate()
    ):
        raise ValidationError(
            _("Present or absent can be recorded from the day of the session; excused already now.")
        )
    record, _created = Attendance.objects.select_for_update().get_or_create(
        session=session,
        enrolment=enrolment,
        defaults={"status": status, "recorded_by": acting_user(by)},
    )
    if not _created and record.status != status:
        record.status = status
        record.recorded_by = acting_user(by)
        record.recorded_at = timezone.now()
        record._history_user = by
        record.save(update_fields=["status", "recorded_by", "recorded_at"])
    return record


@transaction.atomic
def attendance_mark_rest(
    *, session: Session, status: str = Attendance.Status.PRESENT, by=None
) -> int:
    """Everyone not yet recorded gets ``status`` (usually present); returns how many."""
    recorded = Attendance.objects.filter(session=session).values("enrolment_id")
    rest = selectors.expected_enrolments(session).exclude(pk__in=recorded)
    count = 0
    for enrolment in rest.select_related("person"):
        attendance_mark(session=session, enrolment=enrolment, status=status, by=by)
        count += 1
    return count


@transaction.atomic
def visitors_set(*, session: Session, count: int, by=None) -> Session:
    """The head count of walk-in visitors at an open event (no names)."""
    if not session.is_open_event:
        raise ValidationError(_("Visitors are counted at open events only."))
    if count < 0 or count > 10000:
        raise ValidationError(_("Give the number of visitors."))
    if timezone.localdate(session.starts_at) > timezone.localdate():
        raise ValidationError(_("Visitors can be counted from the day of the event."))
    locked = Session.objects.select_for_update().get(pk=session.pk)
    locked.visitors = count
    locked._history_user = by
    locked.save(update_fields=["visitors"])
    return locked
