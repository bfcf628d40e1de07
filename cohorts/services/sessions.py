"""Single sessions: creating, moving and cancelling them, and the clashes that need a confirm."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import selectors
from cohorts.models import Session, SessionLeader
from cohorts.services.common import cohort_ensure_open
from participants.models import Person
from vvsite.history import acting_user
from vvsite.jobs import job_enqueue


class ConflictsFound(ValidationError):
    """A leader or a place would be booked twice; the coordinator may confirm and go ahead."""

    def __init__(self, conflicts: Sequence[selectors.Conflict]):
        self.conflicts = list(conflicts)
        super().__init__(
            ngettext(
                "%(count)s clash in the calendar: check it and confirm to go ahead.",
                "%(count)s clashes in the calendar: check them and confirm to go ahead.",
                len(self.conflicts),
            )
            % {"count": len(self.conflicts)}
        )


SESSION_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "location",
    "cohort",
    "group",
    "audience",
    "notes",
)


def _leaders_for(session: Session, hosts: Iterable[Person]) -> list[tuple[str, Person]]:
    pairs = list(session.group.leaders()) if session.group_id else []
    seen = {person.pk for _role, person in pairs}
    for person in hosts:
        if person.pk not in seen:
            pairs.append((SessionLeader.Role.HOST, person))
            seen.add(person.pk)
    return pairs


def _check_session(session: Session) -> None:
    if session.group_id:
        if session.cohort_id and session.cohort_id != session.group.cohort_id:
            raise ValidationError({"group": _("This group belongs to another cohort.")})
        session.cohort = session.group.cohort
        if not session.location:
            session.location = session.group.location
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The end must come after the start.")})
    if session.cohort_id:
        cohort_ensure_open(session.cohort)
    session.full_clean(exclude=["cohort", "group"], validate_constraints=False)


def _refuse_conflicts(session: Session, leaders: Sequence[Person], confirm: bool) -> None:
    if confirm:
        return
    busy = selectors.busy_between(
        session.starts_at, session.ends_at, exclude=[session.pk] if session.pk else []
    )
    conflicts = selectors.conflicts_with(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        location=session.location,
        leaders=leaders,
        busy=busy,
    )
    if conflicts:
        raise ConflictsFound(conflicts)


@transaction.atomic
def session_create(
    *, fields: Mapping, hosts: Iterable[Person] = (), by=None, confirm: bool = False
) -> Session:
    """One session: of a group (led by its leaders), of a cohort, or an open event. A clash
    with another session of a leader or in the same place needs ``confirm``."""
    session = Session(created_by=acting_user(by))
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    _check_session(session)
    pairs = _leaders_for(session, hosts)
    _refuse_conflicts(session, [person for _role, person in pairs], confirm)
    session._history_user = by
    session.save()
    SessionLeader.objects.bulk_create(
        SessionLeader(session=session, person=person, role=role) for role, person in pairs
    )
    return session


@transaction.atomic
def session_update(
    *,
    session: Session,
    fields: Mapping,
    hosts: Iterable[Person] | None = None,
    by=None,
    confirm: bool = False,
    notify: bool = True,
) -> Session:
    """Change a session. Moving it (another time or place) tells the people concerned by
    e-mail; a clash needs ``confirm``."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("group", "cohort")
        .get(pk=session.pk)
    )
    if locked.is_cancelled:
        raise ValidationError(_("This session was cancelled; it can no longer change."))
    before = (locked.starts_at, locked.ends_at, locked.location)
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _check_session(locked)
    if hosts is None:
        hosts = [
            link.person
            for link in locked.leader_links.filter(role=SessionLeader.Role.HOST).select_related(
                "person"
            )
        ]
    pairs = _leaders_for(locked, hosts)
    moved = before != (locked.starts_at, locked.ends_at, locked.location)
    if moved:
        _refuse_conflicts(locked, [person for _role, person in pairs], confirm)
        locked.sequence += 1
    locked._history_user = by
    locked.save()
    locked.leader_links.all().delete()
    SessionLeader.objects.bulk_create(
        SessionLeader(session=locked, person=person, role=role) for role, person in pairs
    )
    if moved and notify and locked.ends_at > timezone.now():
        _announce(locked, "moved", by=by, previous_start=before[0], previous_location=before[2])
    return locked


@transaction.atomic
def session_cancel(*, session: Session, reason: str = "", by=None, notify: bool = True) -> Session:
    """Cancel a session; the people concerned hear it by e-mail and calendars show it cancelled."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if locked.is_cancelled:
        raise ValidationError(_("This session was cancelled already."))
    locked.status = Session.Status.CANCELLED
    locked.cancel_reason = reason.strip()[:300]
    locked.sequence += 1
    locked._history_user = by
    locked.save(update_fields=["status", "cancel_reason", "sequence"])
    if notify and locked.ends_at > timezone.now():
        _announce(locked, "cancelled", by=by)
    return locked


def _announce(session: Session, change: str, *, by, previous_start=None, previous_location=""):
    """E-mail the people concerned once the change is committed (a background job)."""
    job_enqueue(
        task="cohorts.tasks.session_change_notify",
        kwargs={
            "session": session.pk,
            "change": change,
            "previous_start": previous_start.isoformat() if previous_start else "",
            "previous_location": previous_location or "",
        },
        by=acting_user(by),
    )
