"""Writes for cohorts: enrolment, status, coach groups, sessions and their schedule, attendance,
the closing, calendar feeds and reminders. Views, the demo data, tasks and tests all call these.

Each is atomic, takes keyword arguments and raises ``ValidationError`` with a Dutch message when a
rule says no. Rules that must hold when two coordinators act at once take a row lock (the cohort)
or are database constraints (places, once per cohort, once per session, a group's coach).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts import scheduling, selectors
from cohorts.certificates import MAX_NOTE_LENGTH
from cohorts.models import (
    Attendance,
    CalendarFeed,
    CoachGroup,
    Cohort,
    Enrolment,
    HolidayPeriod,
    PlannedSession,
    Programme,
    ReminderOptOut,
    ReminderSent,
    Session,
    SessionLeader,
)
from participants import services as participant_services
from participants.models import Buddy, Newcomer, Person
from participants.vocab import Pillar
from vvsite.history import acting_user
from vvsite.models import Role

logger = logging.getLogger(__name__)

NS, BS = Newcomer.Status, Buddy.Status

#: Newcomer statuses from which a newcomer can be placed in a cohort.
PLACEABLE = (NS.WAITING,)
#: Buddy statuses from which a buddy can join a cohort.
BUDDY_JOINABLE = (BS.AVAILABLE, BS.MATCHED)


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
    if cohort.status == Cohort.Status.COMPLETED:
        raise ValidationError(_("This cohort is completed; nobody can join it any more."))
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
            to=NS.PLACED,
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
        if back_to_waiting_list and newcomer.status == NS.PLACED:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=NS.WAITING, by=by, note=note
            )
        elif not back_to_waiting_list and newcomer.status in (NS.PLACED, NS.ACTIVE):
            participant_services.newcomer_transition(
                newcomer=newcomer, to=NS.STOPPED, by=by, reason=reason, note=note
            )
    return locked


@transaction.atomic
def enrolments_add(*, cohort: Cohort, people: Sequence[Person], role: str, by=None):
    """Place several people at once: all of them, or (when one cannot be placed) none."""
    if not people:
        raise ValidationError(_("Choose at least one person."))
    return [enrolment_add(cohort=cohort, person=person, role=role, by=by) for person in people]


# --- Status of a cohort --------------------------------------------------------------------------

CS = Cohort.Status
#: status -> where a cohort can go from there (one step back is allowed until it ends).
COHORT_FLOW: dict[str, tuple[str, ...]] = {
    CS.PLANNED: (CS.RECRUITING,),
    CS.RECRUITING: (CS.RUNNING, CS.PLANNED),
    CS.RUNNING: (CS.CLOSING,),
    CS.CLOSING: (CS.COMPLETED, CS.RUNNING),
    CS.COMPLETED: (),
}


def cohort_next_steps(cohort: Cohort) -> list[tuple[str, str]]:
    labels = dict(CS.choices)
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
            % {"old": locked.get_status_display(), "new": dict(CS.choices).get(to, to)}
        )
    if to == CS.COMPLETED:
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
    if to == CS.RUNNING:
        placed = Newcomer.objects.filter(
            person__enrolments__cohort=locked,
            person__enrolments__status=Enrolment.Status.ENROLLED,
            status=NS.PLACED,
        )
        for newcomer in placed.select_related("person"):
            participant_services.newcomer_transition(
                newcomer=newcomer,
                to=NS.ACTIVE,
                by=by,
                note=str(_("%(cohort)s started") % {"cohort": locked}),
            )
    locked.status = to
    locked._history_user = by
    locked.save(update_fields=["status"])
    return locked


# --- Completion, growth notes and the closing ----------------------------------------------------


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
    if locked.cohort.status not in (CS.RUNNING, CS.CLOSING):
        raise ValidationError(_("Completion is recorded once the cohort runs or closes."))
    locked.status = Enrolment.Status.COMPLETED
    locked.ended_on = timezone.localdate()
    locked._history_user = by
    locked.save(update_fields=["status", "ended_on"])
    if locked.role == Enrolment.Role.NEWCOMER:
        newcomer = Newcomer.objects.filter(pk=locked.person_id).first()
        note = str(_("completed %(cohort)s") % {"cohort": locked.cohort})
        if newcomer is not None and newcomer.status == NS.PLACED:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=NS.ACTIVE, by=by, note=note
            )
        if newcomer is not None and newcomer.status == NS.ACTIVE:
            participant_services.newcomer_transition(
                newcomer=newcomer, to=NS.COMPLETED, by=by, note=note
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


# --- Coach groups --------------------------------------------------------------------------------

GROUP_FIELDS = ("name", "coach", "assistant_coach", "expert", "location")
LEADER_ROLES = (
    SessionLeader.Role.COACH,
    SessionLeader.Role.ASSISTANT_COACH,
    SessionLeader.Role.EXPERT,
)


def _check_leaders(group: CoachGroup) -> None:
    if group.coach_id is None:
        raise ValidationError({"coach": _("A coach group needs a coach.")})
    chosen = [pk for pk in (group.coach_id, group.assistant_coach_id, group.expert_id) if pk]
    if len(chosen) != len(set(chosen)):
        raise ValidationError(_("One person can hold only one role in a group."))
    participant = (
        Enrolment.objects.filter(cohort_id=group.cohort_id, person_id__in=chosen)
        .exclude(status=Enrolment.Status.LEFT)
        .select_related("person")
        .first()
    )
    if participant is not None:
        raise ValidationError(
            _("%(name)s takes part in this cohort and cannot lead a group in it.")
            % {"name": participant.person}
        )
    same_name = CoachGroup.objects.filter(cohort_id=group.cohort_id, name__iexact=group.name)
    if same_name.exclude(pk=group.pk).exists():
        raise ValidationError({"name": _("This cohort already has a group with this name.")})


def _grant_coach_role(group: CoachGroup) -> None:
    """Leaders with a login get the coach role, so that they see their group."""
    from vvsite.services import role_grant

    for _role, person in group.leaders():
        if person.user_id and person.user.is_active:
            role_grant(user=person.user, role=Role.COACH)


def _sync_group_leaders(group: CoachGroup) -> None:
    """The group's coming sessions are led by its current leaders."""
    coming = group.sessions.filter(starts_at__gte=timezone.now(), status=Session.Status.PLANNED)
    SessionLeader.objects.filter(session__in=coming, role__in=LEADER_ROLES).delete()
    leaders = group.leaders()
    SessionLeader.objects.bulk_create(
        [
            SessionLeader(session=session, person=person, role=role)
            for session in coming
            for role, person in leaders
        ],
        ignore_conflicts=True,
    )


def _save_group(group: CoachGroup, by) -> CoachGroup:
    _check_leaders(group)
    group.full_clean(validate_constraints=False)
    group._history_user = by
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as exc:  # the database's own rules, when two requests race
        raise ValidationError(
            _("This group could not be saved: check its name and leaders.")
        ) from exc
    _grant_coach_role(group)
    return group


@transaction.atomic
def group_create(*, cohort: Cohort, fields: Mapping, by=None) -> CoachGroup:
    """A coach group in ``cohort``, led by a coach (required), an assistant coach and an
    experienced expert."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.status == CS.COMPLETED:
        raise ValidationError(_("This cohort is completed; its groups can no longer change."))
    group = CoachGroup(cohort=cohort)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    return _save_group(group, by)


@transaction.atomic
def group_update(*, group: CoachGroup, fields: Mapping, by=None) -> CoachGroup:
    """Change a group's name, leaders or place; its coming sessions follow the new leaders."""
    locked = CoachGroup.objects.select_for_update().select_related("cohort").get(pk=group.pk)
    if locked.cohort.status == CS.COMPLETED:
        raise ValidationError(_("This cohort is completed; its groups can no longer change."))
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _save_group(locked, by)
    _sync_group_leaders(locked)
    return locked


@transaction.atomic
def group_members_set(*, group: CoachGroup, enrolments: Iterable[Enrolment], by=None) -> int:
    """The members of a group: participants of its cohort; someone in another group moves.
    Returns how many members the group has."""
    wanted = {e.pk for e in enrolments}
    allowed = set(
        Enrolment.objects.filter(cohort_id=group.cohort_id, pk__in=wanted)
        .exclude(status=Enrolment.Status.LEFT)
        .values_list("pk", flat=True)
    )
    if wanted - allowed:
        raise ValidationError(_("Only participants of this cohort can be members of its groups."))
    Enrolment.objects.filter(group=group).exclude(pk__in=wanted).update(group=None)
    Enrolment.objects.filter(pk__in=wanted).update(group=group)
    return len(wanted)


@transaction.atomic
def groups_distribute(*, cohort: Cohort, by=None) -> int:
    """Divide the participants who have no group yet over the cohort's groups, so that each
    group gets about as many newcomers and as many buddies. Returns how many were placed."""
    groups = list(CoachGroup.objects.select_for_update().filter(cohort=cohort).order_by("name"))
    if not groups:
        raise ValidationError(_("Form the coach groups first."))
    members = cohort.enrolments.exclude(status=Enrolment.Status.LEFT)
    load = {(group.pk, role): 0 for group in groups for role in Enrolment.Role.values}
    for group_id, role in members.filter(group__isnull=False).values_list("group_id", "role"):
        if (group_id, role) in load:
            load[group_id, role] += 1
    unplaced = list(members.filter(group__isnull=True).order_by("role", "slot", "pk"))
    for enrolment in unplaced:
        group = min(
            groups,
            key=lambda g: (
                load[g.pk, enrolment.role],
                sum(load[g.pk, role] for role in Enrolment.Role.values),
            ),
        )
        enrolment.group = group
        load[group.pk, enrolment.role] += 1
    Enrolment.objects.bulk_update(unplaced, ["group"], batch_size=500)
    return len(unplaced)


@transaction.atomic
def group_delete(*, group: CoachGroup, by=None) -> None:
    """Remove a group that has no sessions yet; its members are left without a group."""
    if group.sessions.exists():
        raise ValidationError(
            _("This group has sessions. Cancel or move them before removing the group.")
        )
    Enrolment.objects.filter(group=group).update(group=None)
    group.delete()


# --- Holidays ------------------------------------------------------------------------------------


@transaction.atomic
def holiday_add(
    *, cohort: Cohort | None, name: str, first_day: date, last_day: date, by=None
) -> HolidayPeriod:
    """Days without sessions, for one cohort (or, without a cohort, for all)."""
    holiday = HolidayPeriod(
        cohort=cohort, name=name.strip(), first_day=first_day, last_day=last_day or first_day
    )
    if holiday.last_day < holiday.first_day:
        raise ValidationError({"last_day": _("The last day cannot come before the first.")})
    holiday.full_clean()
    holiday.save()
    return holiday


@transaction.atomic
def holiday_remove(*, holiday: HolidayPeriod, by=None) -> None:
    holiday.delete()


def school_holidays(first: date, last: date, *, region: str = "Noord") -> list[scheduling.Holiday]:
    """The Dutch school holidays of ``region`` between two days, from the ``holidays`` package:
    a suggestion the coordinator can take over."""
    import holidays as holiday_calendars

    years = range(first.year, last.year + 1)
    with translation.override("nl"):
        calendar = holiday_calendars.Netherlands(
            years=years, subdiv=region, categories=("school",), language="nl"
        )
    days = sorted((day, str(name)) for day, name in calendar.items() if first <= day <= last)
    periods: list[scheduling.Holiday] = []
    for day, name in days:
        if periods and periods[-1].name == name and periods[-1].last_day + timedelta(1) == day:
            periods[-1] = scheduling.Holiday(periods[-1].first_day, day, name)
        else:
            periods.append(scheduling.Holiday(day, day, name))
    return periods


@transaction.atomic
def school_holidays_add(*, cohort: Cohort, region: str = "Noord", by=None) -> int:
    """Add the school holidays within the cohort's dates that it does not have yet."""
    known = {(h.first_day, h.last_day) for h in cohort.holidays.all()}
    added = 0
    for period in school_holidays(cohort.start_date, cohort.end_date, region=region):
        if (period.first_day, period.last_day) not in known:
            holiday_add(
                cohort=cohort,
                name=period.name,
                first_day=period.first_day,
                last_day=period.last_day,
                by=by,
            )
            added += 1
    return added


# --- Sessions ------------------------------------------------------------------------------------


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
    if session.cohort_id and session.cohort.status == CS.COMPLETED:
        raise ValidationError(_("This cohort is completed; its schedule can no longer change."))
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
    from vvsite.jobs import job_enqueue

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


# --- Generating a cohort's schedule from its programme -------------------------------------------


@dataclass
class PlanLine:
    """What the coordinator settles for one line of the programme's plan."""

    kind: str
    title: str
    first_day: date
    start_time: time
    end_time: time
    until: date | None = None
    every_weeks: int | None = None
    audience: str = Session.Audience.EVERYONE
    location: str = ""
    per_group: bool = False
    item: PlannedSession | None = None

    @classmethod
    def from_plan(cls, item: PlannedSession, cohort: Cohort) -> PlanLine:
        return cls(
            kind=item.kind,
            title=item.title,
            first_day=scheduling.plan_day(
                start=cohort.start_date,
                end=cohort.end_date,
                anchor=item.anchor,
                week=item.week,
                weekday=item.weekday,
            ),
            start_time=item.start_time,
            end_time=item.end_time,
            until=cohort.end_date if item.repeat_every_weeks else None,
            every_weeks=item.repeat_every_weeks,
            audience=item.audience,
            per_group=item.per_group,
            item=item,
        )


@dataclass
class Occurrence:
    line: PlanLine
    day: date
    starts_at: datetime
    ends_at: datetime
    location: str
    group: CoachGroup | None = None
    leaders: list[tuple[str, Person]] = dataclasses.field(default_factory=list)
    holiday: scheduling.Holiday | None = None
    exists: bool = False
    conflicts: list[selectors.Conflict] = dataclasses.field(default_factory=list)

    @property
    def will_be_created(self) -> bool:
        return self.holiday is None and not self.exists


def schedule_preview(*, cohort: Cohort, lines: Sequence[PlanLine]) -> list[Occurrence]:
    """What generating would create: every occurrence of every line (per group where the line
    asks for it), the ones a holiday takes out, those that exist already, and clashes with the
    calendar and with each other. A fixed number of queries."""
    holidays = selectors.holidays_for(cohort)
    groups = selectors.groups_of(cohort) if any(line.per_group for line in lines) else []
    occurrences: list[Occurrence] = []
    for line in lines:
        days = scheduling.series_days(
            line.first_day, line.until or line.first_day, line.every_weeks
        )
        for group in groups if line.per_group else [None]:
            for day in days:
                starts_at, ends_at = scheduling.local_span(day, line.start_time, line.end_time)
                occurrences.append(
                    Occurrence(
                        line=line,
                        day=day,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        location=(group.location if group and group.location else line.location),
                        group=group,
                        leaders=group.leaders() if group else [],
                        holiday=scheduling.holiday_on(day, holidays),
                    )
                )
    if not occurrences:
        return occurrences
    occurrences.sort(key=lambda o: (o.starts_at, o.group.name if o.group else ""))
    start = min(o.starts_at for o in occurrences)
    end = max(o.ends_at for o in occurrences)
    existing = set(
        Session.objects.filter(cohort=cohort, starts_at__gte=start, starts_at__lte=end)
        .exclude(status=Session.Status.CANCELLED)
        .values_list("kind", "group_id", "starts_at")
    )
    busy = selectors.busy_between(start, end)
    for occurrence in occurrences:
        key = (
            occurrence.line.kind,
            occurrence.group.pk if occurrence.group else None,
            occurrence.starts_at,
        )
        occurrence.exists = key in existing
    planned: list[tuple[Occurrence, selectors.Busy]] = []
    for occurrence in occurrences:
        if not occurrence.will_be_created:
            continue
        people = [person for _role, person in occurrence.leaders]
        occurrence.conflicts = selectors.conflicts_with(
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            location=occurrence.location,
            leaders=people,
            busy=busy + [b for _o, b in planned],
        )
        planned.append(
            (
                occurrence,
                selectors.Busy(
                    session_id=0,
                    title=occurrence.line.title,
                    starts_at=occurrence.starts_at,
                    ends_at=occurrence.ends_at,
                    location=occurrence.location,
                    leader_ids=frozenset(person.pk for person in people),
                    group_name=occurrence.group.name if occurrence.group else "",
                ),
            )
        )
    return occurrences


@transaction.atomic
def sessions_generate(
    *, cohort: Cohort, lines: Sequence[PlanLine], by=None, confirm: bool = False
) -> list[Session]:
    """Create the cohort's sessions from the chosen plan lines. Days in a holiday are skipped,
    sessions that exist already are not made twice, and clashes need ``confirm``."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)  # one generation at a time
    if cohort.status == CS.COMPLETED:
        raise ValidationError(_("This cohort is completed; its schedule can no longer change."))
    if any(line.per_group for line in lines) and not cohort.groups.exists():
        raise ValidationError(
            _("Form the coach groups first: coach-group evenings are planned per group.")
        )
    occurrences = [o for o in schedule_preview(cohort=cohort, lines=lines) if o.will_be_created]
    conflicts = [conflict for o in occurrences for conflict in o.conflicts]
    if conflicts and not confirm:
        raise ConflictsFound(conflicts)
    made_by = acting_user(by)
    sessions = [
        Session(
            kind=o.line.kind,
            title=o.line.title,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            location=o.location,
            cohort=cohort,
            group=o.group,
            audience=o.line.audience,
            plan_item=o.line.item,
            created_by=made_by,
        )
        for o in occurrences
    ]
    created = Session.objects.bulk_create(sessions, batch_size=500)
    SessionLeader.objects.bulk_create(
        [
            SessionLeader(session=session, person=person, role=role)
            for session, occurrence in zip(created, occurrences, strict=True)
            for role, person in occurrence.leaders
        ],
        batch_size=500,
    )
    Session.history.bulk_history_create(created, default_user=made_by)
    logger.info("Cohort %s: %s sessions generated", cohort.pk, len(created))
    return created


# --- Attendance ----------------------------------------------------------------------------------


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


# --- Calendar feeds ------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_create(
    *, owner, person: Person | None = None, cohort: Cohort | None = None
) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for ``owner``: their own sessions (``person``) or a cohort's.
    An earlier address for the same calendar stops working. Returns the feed and its token,
    which is shown once and stored only as a hash."""
    if (person is None) == (cohort is None):
        raise ValueError("A feed is for a person or for a cohort")
    CalendarFeed.objects.filter(
        owner=owner, person=person, cohort=cohort, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        owner=owner, person=person, cohort=cohort, token_hash=token_hash(token)
    )
    return feed, token


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by=None) -> None:
    CalendarFeed.objects.filter(pk=feed.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Reminders and announcements -----------------------------------------------------------------

OPT_OUT_SALT = "cohorts.reminders.opt-out"


def opt_out_token(person: Person) -> str:
    return signing.dumps(person.pk, salt=OPT_OUT_SALT, compress=True)


def person_for_opt_out_token(token: str) -> Person | None:
    try:
        pk = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return Person.objects.filter(pk=pk).first()


@transaction.atomic
def reminders_set(*, person: Person, wanted: bool) -> None:
    """Switch the day-before reminders on or off for ``person``."""
    if wanted:
        ReminderOptOut.objects.filter(person=person).delete()
    else:
        ReminderOptOut.objects.get_or_create(person=person)


def _language_of(person: Person) -> str:
    user = person.user if person.user_id else None
    return user.language if user is not None else settings.LANGUAGE_CODE


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _mail(person: Person, template: str, context: dict) -> None:
    with translation.override(_language_of(person)):
        context = {
            **context,
            "person": person,
            "first_name": selectors.first_names([person])[person.pk],
            "site_url": _site(),
        }
        subject = render_to_string(f"cohorts/email/{template}_subject.txt", context)
        body = render_to_string(f"cohorts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [person.email])


def reminders_send(*, today: date | None = None) -> int:
    """E-mail everyone concerned by tomorrow's sessions, once, unless they opted out. Safe to
    run twice. Returns how many e-mails went out."""
    today = today or timezone.localdate()
    start = scheduling.local_moment(today + timedelta(days=1), time())
    sessions = Session.objects.filter(
        starts_at__gte=start,
        starts_at__lt=start + timedelta(days=1),
        status=Session.Status.PLANNED,
    ).select_related("cohort", "group")
    sent = 0
    for session in sessions:
        already = set(ReminderSent.objects.filter(session=session).values_list("person", flat=True))
        opted_out = set(ReminderOptOut.objects.values_list("person", flat=True))
        for person in selectors.people_concerned(session):
            if not person.email or person.pk in already or person.pk in opted_out:
                continue
            with transaction.atomic():
                _row, created = ReminderSent.objects.get_or_create(session=session, person=person)
                if not created:
                    continue
                # Inside the transaction: if mailing fails the row goes too, and the next run
                # tries again.
                _mail(
                    person,
                    "reminder",
                    {
                        "session": session,
                        "opt_out_url": _site()
                        + reverse("cohorts:reminders_opt_out", args=[opt_out_token(person)]),
                    },
                )
            sent += 1
    logger.info("Session reminders for %s sent: %s", today + timedelta(days=1), sent)
    return sent


def session_change_notify(
    *, session: Session, change: str, previous_start: datetime | None, previous_location: str
) -> int:
    """Tell the people concerned that a session moved or was cancelled. Returns how many."""
    count = 0
    for person in selectors.people_concerned(session):
        if not person.email:
            continue
        _mail(
            person,
            "session_cancelled" if change == "cancelled" else "session_moved",
            {
                "session": session,
                "previous_start": previous_start,
                "previous_location": previous_location,
            },
        )
        count += 1
    return count
