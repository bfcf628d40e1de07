"""Reads for cohorts, groups, sessions and attendance: querysets scoped to the user and chosen per
page, so that a page's query count does not grow with its rows.

Coordinators and administrators see every cohort. Coaches see the groups they lead and the
sessions they lead; volunteers (buddies with a login among them) see the sessions they lead or
take part in. Out of scope is a 404 in the views, because the objects come from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from cohorts.models import (
    Attendance,
    CalendarFeed,
    CoachGroup,
    Cohort,
    Enrolment,
    HolidayPeriod,
    Programme,
    Session,
    SessionLeader,
)
from cohorts.scheduling import Holiday
from participants.models import Buddy, Consent, Newcomer, Person
from participants.search import search
from vvsite.models import Role

PRESENT, ABSENT, EXCUSED = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)
#: Missing this many recorded sessions in a row is an early sign of dropping out.
MISSED_IN_A_ROW = 3
#: What a role of enrolment is expected at, by a session's audience.
AUDIENCE_ROLE = {
    Session.Audience.NEWCOMERS: Enrolment.Role.NEWCOMER,
    Session.Audience.BUDDIES: Enrolment.Role.BUDDY,
}
TAKING_PART = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


def person_of(user) -> Person | None:
    """The person record linked to a login, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except Person.DoesNotExist:
        return None


# --- Scopes --------------------------------------------------------------------------------------


def programmes_visible_to(user) -> QuerySet[Programme]:
    return Programme.objects.all()


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    return Cohort.objects.select_related("programme", "municipality", "funder")


def sessions_visible_to(user) -> QuerySet[Session]:
    """Every session, for coordinators."""
    return Session.objects.select_related("cohort", "group")


# --- Reads from matching -------------------------------------------------------------------------
# Matching sits above cohorts (a match belongs to a cohort), yet a cohort's page counts its matches
# and a coach's group lists its pairs. Matching registers these reads in its AppConfig.ready, so
# cohorts never imports it.

_match_reads: dict[str, Callable] = {}


def register_match_reads(
    *,
    counts_for_cohort: Callable[[Cohort], Any],
    pairs_in_groups: Callable[[list[CoachGroup]], list],
) -> None:
    """``counts_for_cohort(cohort)``: an object with ``open`` and ``newcomers_without_match``;
    ``pairs_in_groups(groups)``: open matches with ``last_checkin`` and ``overdue`` set."""
    _match_reads.update(counts_for_cohort=counts_for_cohort, pairs_in_groups=pairs_in_groups)


def groups_led_by(user) -> QuerySet[CoachGroup]:
    """The coach groups whose coach, assistant coach or experienced expert is ``user``."""
    person = person_of(user)
    if person is None:
        return CoachGroup.objects.none()
    return CoachGroup.objects.filter(
        Q(coach=person) | Q(assistant_coach=person) | Q(expert=person)
    ).select_related("cohort", "coach", "assistant_coach", "expert")


def sessions_led_by(user) -> QuerySet[Session]:
    """The sessions ``user`` leads (as coach, assistant, expert, host or trainer)."""
    person = person_of(user)
    if person is None:
        return Session.objects.none()
    led = SessionLeader.objects.filter(session=OuterRef("pk"), person=person)
    return Session.objects.filter(Exists(led)).select_related("cohort", "group")


def _attending_condition(person: Person) -> Q:
    """Sessions ``person`` is expected at as a participant: their cohort's sessions for their
    role, and their own group's."""
    condition = Q(pk__in=[])
    for cohort_id, group_id, role in (
        Enrolment.objects.filter(person=person, status__in=TAKING_PART)
        .values_list("cohort_id", "group_id", "role")
        .order_by()
    ):
        audiences = [Session.Audience.EVERYONE] + [
            audience for audience, for_role in AUDIENCE_ROLE.items() if for_role == role
        ]
        condition |= Q(cohort_id=cohort_id, group__isnull=True, audience__in=audiences)
        if group_id:
            condition |= Q(group_id=group_id, audience__in=audiences)
    return condition


def sessions_of(user) -> QuerySet[Session]:
    """A volunteer's own sessions: those they lead and those they take part in."""
    person = person_of(user)
    if person is None:
        return Session.objects.none()
    led = SessionLeader.objects.filter(session=OuterRef("pk"), person=person)
    return (
        Session.objects.filter(Q(Exists(led)) | _attending_condition(person))
        .annotate(is_leader=Exists(led))
        .select_related("cohort", "group")
    )


# --- Cohort list and overview --------------------------------------------------------------------


def _count(subquery: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(
            subquery.order_by().values("cohort").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def cohort_list(user) -> QuerySet[Cohort]:
    """Cohorts with their places taken, groups and next session: one query for the page."""
    taking_part = Enrolment.objects.filter(cohort=OuterRef("pk"), status__in=TAKING_PART)
    upcoming = Session.objects.filter(
        cohort=OuterRef("pk"), starts_at__gte=timezone.now(), status=Session.Status.PLANNED
    ).order_by("starts_at")
    return cohorts_visible_to(user).annotate(
        newcomers=_count(taking_part.filter(role=Enrolment.Role.NEWCOMER)),
        buddies=_count(taking_part.filter(role=Enrolment.Role.BUDDY)),
        group_count=_count(CoachGroup.objects.filter(cohort=OuterRef("pk"))),
        next_session=Subquery(upcoming.values("starts_at")[:1]),
    )


@dataclass
class PersonAttendance:
    """One participant's attendance in a cohort."""

    enrolment: Enrolment
    present: int = 0
    recorded: int = 0
    #: How many recorded sessions in a row, counting back from the latest, they were not at.
    missed_in_a_row: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.recorded) if self.recorded else None

    @property
    def flagged(self) -> bool:
        return self.missed_in_a_row >= MISSED_IN_A_ROW


@dataclass
class Capacity:
    taken: int
    capacity: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.taken / self.capacity)) if self.capacity else 0


@dataclass
class CohortOverview:
    cohort: Cohort
    newcomers: Capacity
    buddies: Capacity
    people: list[PersonAttendance]
    groups: list[CoachGroup]
    upcoming: list[Session]
    past: list[Session]
    cancelled_count: int
    matches: Any = None  # matching's counts for the cohort (``register_match_reads``)
    left: list[Enrolment] = field(default_factory=list)

    @property
    def flagged(self) -> list[PersonAttendance]:
        return [row for row in self.people if row.flagged]

    @property
    def attendance_rate(self) -> int | None:
        present = sum(row.present for row in self.people)
        recorded = sum(row.recorded for row in self.people)
        return round(100 * present / recorded) if recorded else None

    @property
    def session_count(self) -> int:
        return len(self.upcoming) + len(self.past)


def _sessions_with_counts(queryset: QuerySet[Session]) -> QuerySet[Session]:
    return queryset.annotate(
        present_count=Count("attendance", filter=Q(attendance__status=PRESENT)),
        recorded_count=Count("attendance"),
    )


def cohort_overview(cohort: Cohort, *, upcoming_limit: int = 6) -> CohortOverview:
    """Everything the cohort page shows, in a fixed number of queries."""
    enrolments = list(
        cohort.enrolments.select_related("person", "group").order_by(
            "-role", "person__given_names", "person__family_name", "pk"
        )
    )
    taking_part = [e for e in enrolments if e.status != Enrolment.Status.LEFT]
    people = {e.pk: PersonAttendance(e) for e in taking_part}
    _fill_attendance(people, cohort)
    now = timezone.now()
    sessions = list(
        _sessions_with_counts(cohort.sessions.select_related("group")).order_by("starts_at", "pk")
    )
    planned = [s for s in sessions if not s.is_cancelled]
    groups = list(
        cohort.groups.select_related("coach", "assistant_coach", "expert")
        .annotate(member_count=Count("members", filter=~Q(members__status=Enrolment.Status.LEFT)))
        .order_by("name")
    )
    return CohortOverview(
        cohort=cohort,
        newcomers=Capacity(
            sum(1 for e in taking_part if e.role == Enrolment.Role.NEWCOMER),
            cohort.newcomer_capacity,
        ),
        buddies=Capacity(
            sum(1 for e in taking_part if e.role == Enrolment.Role.BUDDY), cohort.buddy_capacity
        ),
        people=list(people.values()),
        groups=groups,
        upcoming=[s for s in planned if s.ends_at >= now][:upcoming_limit],
        past=[s for s in planned if s.ends_at < now],
        cancelled_count=len(sessions) - len(planned),
        left=[e for e in enrolments if e.status == Enrolment.Status.LEFT],
        matches=_match_reads["counts_for_cohort"](cohort),
    )


def _fill_attendance(people: dict[int, PersonAttendance], cohort: Cohort) -> None:
    """Rates and the current run of missed sessions, from one query over the cohort's records
    (cancelled sessions do not count)."""
    records = (
        Attendance.objects.filter(session__cohort=cohort, session__status=Session.Status.PLANNED)
        .order_by("session__starts_at", "session_id")
        .values_list("enrolment_id", "status")
    )
    for enrolment_id, status in records:
        row = people.get(enrolment_id)
        if row is None:
            continue
        row.recorded += 1
        if status == PRESENT:
            row.present += 1
            row.missed_in_a_row = 0
        else:
            row.missed_in_a_row += 1


def placement_preview(cohort: Cohort, count: int) -> list[Newcomer]:
    """The next ``count`` newcomers from the waiting list (highest priority, then who waited
    longest), as many as there are free places."""
    free = (
        cohort.newcomer_capacity
        - cohort.enrolments.filter(role=Enrolment.Role.NEWCOMER, status__in=TAKING_PART).count()
    )
    count = max(0, min(count, free))
    elsewhere = Enrolment.objects.filter(
        person=OuterRef("person"), role=Enrolment.Role.NEWCOMER, status=Enrolment.Status.ENROLLED
    )
    return list(
        Newcomer.objects.filter(status=Newcomer.Status.WAITING)
        .exclude(Exists(elsewhere))
        .select_related("person", "person__municipality", "referrer")
        .order_by("priority", "registered_on", "pk")[:count]
    )


def buddy_candidates(cohort: Cohort, query: str = "") -> QuerySet[Buddy]:
    """Buddies who can join: available first, then those already matched elsewhere."""
    in_cohort = Enrolment.objects.filter(person=OuterRef("person"), cohort=cohort).exclude(
        status=Enrolment.Status.LEFT
    )
    buddies = (
        Buddy.objects.filter(status__in=[Buddy.Status.AVAILABLE, Buddy.Status.MATCHED])
        .exclude(Exists(in_cohort))
        .select_related("person", "person__municipality", "person__neighbourhood")
        .order_by("status", "person__family_name", "person__given_names", "pk")
    )
    if query:
        buddies = search(buddies, query, path="person__")
    return buddies


def leader_candidates() -> QuerySet[Person]:
    """People who can lead a group: volunteers with a login, buddies past their intake and
    newcomers who completed the programme (experienced experts)."""
    return Person.objects.filter(
        Q(user__role_grants__role__in=["coach", "volunteer"])
        | Q(buddy__status__in=[Buddy.Status.AVAILABLE, Buddy.Status.MATCHED, Buddy.Status.INACTIVE])
        | Q(newcomer__status=Newcomer.Status.COMPLETED)
    ).distinct()


def groups_of(cohort: Cohort) -> list[CoachGroup]:
    """The cohort's groups with their leaders and members, in three queries."""
    members = Enrolment.objects.exclude(status=Enrolment.Status.LEFT).select_related("person")
    return list(
        cohort.groups.select_related("coach", "assistant_coach", "expert")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=members.order_by("-role", "person__given_names", "pk"),
                to_attr="current_members",
            )
        )
        .order_by("name")
    )


# --- Sessions ------------------------------------------------------------------------------------


def holiday_periods(cohort: Cohort) -> QuerySet[HolidayPeriod]:
    """The holidays of ``cohort`` and those of all cohorts, in date order."""
    return HolidayPeriod.objects.filter(Q(cohort=cohort) | Q(cohort__isnull=True)).order_by(
        "first_day"
    )


def holidays_for(cohort: Cohort) -> list[Holiday]:
    return [Holiday(row.first_day, row.last_day, row.name) for row in holiday_periods(cohort)]


def cohort_sessions(cohort: Cohort) -> list[Session]:
    """The cohort's sessions with their groups, leaders and attendance counts."""
    return list(
        _sessions_with_counts(cohort.sessions.select_related("group"))
        .prefetch_related(
            Prefetch(
                "leader_links",
                queryset=SessionLeader.objects.select_related("person").order_by("role", "pk"),
            )
        )
        .order_by("starts_at", "pk")
    )


def upcoming_sessions(user, *, days: int | None = None) -> QuerySet[Session]:
    """Sessions from today on, for the coordinators' list."""
    start = start_of_today()
    sessions = sessions_visible_to(user).filter(ends_at__gte=start)
    if days:
        sessions = sessions.filter(starts_at__lt=start + timedelta(days=days))
    return _sessions_with_counts(sessions).order_by("starts_at", "pk")


def normal_location(location: str) -> str:
    return " ".join(location.lower().split())


@dataclass(frozen=True)
class Busy:
    """A session already in the calendar that a new one might clash with."""

    session_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    leader_ids: frozenset[int]
    group_name: str = ""


@dataclass(frozen=True)
class Conflict:
    kind: str  # "leader" or "location"
    other: Busy
    person: Person | None = None


def busy_between(start: datetime, end: datetime, *, exclude: Iterable[int] = ()) -> list[Busy]:
    """Planned sessions overlapping [start, end), with their leaders: one query."""
    sessions = (
        Session.objects.filter(starts_at__lt=end, ends_at__gt=start, status=Session.Status.PLANNED)
        .exclude(pk__in=list(exclude))
        .select_related("group")
        .prefetch_related("leader_links")
    )
    return [
        Busy(
            session_id=s.pk,
            title=s.title,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            location=s.location,
            leader_ids=frozenset(link.person_id for link in s.leader_links.all()),
            group_name=s.group.name if s.group else "",
        )
        for s in sessions
    ]


def conflicts_with(
    *,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    leaders: Sequence[Person],
    busy: Sequence[Busy],
) -> list[Conflict]:
    """A leader booked twice at the same time, or a place booked twice."""
    place = normal_location(location)
    by_id = {person.pk: person for person in leaders}
    found = []
    for other in busy:
        if not (other.starts_at < ends_at and starts_at < other.ends_at):
            continue
        for person_id in sorted(other.leader_ids & by_id.keys()):
            found.append(Conflict("leader", other, by_id[person_id]))
        if place and normal_location(other.location) == place:
            found.append(Conflict("location", other))
    return found


def expected_enrolments(session: Session) -> QuerySet[Enrolment]:
    """Who is expected at a session, and anyone whose attendance was recorded there already."""
    if session.cohort_id is None:
        return Enrolment.objects.none()
    expected = Q(cohort_id=session.cohort_id) & ~Q(status=Enrolment.Status.LEFT)
    if session.group_id:
        expected &= Q(group_id=session.group_id)
    role = AUDIENCE_ROLE.get(session.audience)
    if role:
        expected &= Q(role=role)
    recorded = Attendance.objects.filter(session=session, enrolment=OuterRef("pk"))
    return Enrolment.objects.filter(expected | Q(Exists(recorded)))


def attendance_sheet(session: Session) -> list[Enrolment]:
    """The people of a session with their recorded attendance (``attendance_status``), sorted by
    first name: what a coach taps through on a phone."""
    status = Attendance.objects.filter(session=session, enrolment=OuterRef("pk")).values("status")
    return list(
        expected_enrolments(session)
        .select_related("person")
        .annotate(attendance_status=Subquery(status[:1]))
        .order_by("person__preferred_name", "person__given_names", "person__family_name", "pk")
    )


def first_names(people: Sequence[Person]) -> dict[int, str]:
    """What a coach sees of a member: the first name, with the family name's initial when two
    share it."""
    first = {p.pk: (p.preferred_name or p.given_names).split(" ")[0] for p in people}
    counts = Counter(first.values())
    return {
        p.pk: f"{first[p.pk]} {p.family_name[:1]}."
        if counts[first[p.pk]] > 1 and p.family_name
        else first[p.pk]
        for p in people
    }


def people_concerned(session: Session) -> list[Person]:
    """The leaders and the participants expected at a session: who hears of a change."""
    leaders = list(session.leaders.all())
    participants = [
        e.person
        for e in expected_enrolments(session)
        .filter(status=Enrolment.Status.ENROLLED)
        .select_related("person__user")
    ]
    seen, people = set(), []
    for person in [*leaders, *participants]:
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def start_of_today() -> datetime:
    """Midnight, local time: today's sessions stay "coming" all day, also once they ended."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


#: A coach can still fill in the attendance of their group's sessions of the last weeks.
RECENT_DAYS = 21


# --- A coach's group -----------------------------------------------------------------------------


@dataclass
class GroupMember:
    enrolment: Enrolment
    first_name: str
    phone: str  # empty without consent to share contact details
    rate: int | None = None


@dataclass
class GroupPair:
    """A pair in a coach's group: first names only, and whether a check-in is due."""

    match: object
    newcomer: str
    buddy: str
    overdue: bool


def _group_members(groups: list[CoachGroup]) -> list[Enrolment]:
    """Who is enrolled in ``groups``, with their attendance and whether they share contacts."""
    consented = Consent.objects.filter(
        person=OuterRef("person"),
        kind=Consent.Kind.SHARE_WITH_BUDDY,
        withdrawn_on__isnull=True,
    )
    return list(
        Enrolment.objects.filter(group__in=groups, status=Enrolment.Status.ENROLLED)
        .select_related("person")
        .annotate(
            shares_contact=Exists(consented),
            present=Count("attendance", filter=Q(attendance__status=PRESENT)),
            recorded=Count("attendance"),
        )
        .order_by("role", "person__preferred_name", "person__given_names", "pk")
    )


def _group_sessions(groups: list[CoachGroup]) -> tuple[list[Session], list[Session]]:
    """The planned sessions of ``groups`` to come, and those of the last ``RECENT_DAYS`` days."""
    today = start_of_today()
    upcoming = Session.objects.filter(
        group__in=groups, ends_at__gte=today, status=Session.Status.PLANNED
    ).order_by("starts_at")
    recent = _sessions_with_counts(
        Session.objects.filter(
            group__in=groups,
            starts_at__lt=today,
            starts_at__gte=today - timedelta(days=RECENT_DAYS),
            status=Session.Status.PLANNED,
        )
    ).order_by("-starts_at")
    return list(upcoming), list(recent)


def my_groups(user) -> list[dict]:
    """The groups ``user`` leads in cohorts that are not completed, each with its members (first
    names; phone numbers only of those who consented to sharing them) and next sessions."""
    groups = list(groups_led_by(user).exclude(cohort__status=Cohort.Status.COMPLETED))
    if not groups:
        return []
    members = _group_members(groups)
    pairs = _match_reads["pairs_in_groups"](groups)
    names = first_names([m.person for m in members] + [p.buddy.person for p in pairs])
    upcoming, recent = _group_sessions(groups)
    result = []
    for group in groups:
        rows = [
            GroupMember(
                enrolment=m,
                first_name=names[m.person_id],
                phone=m.person.phone.as_national if m.shares_contact and m.person.phone else "",
                rate=round(100 * m.present / m.recorded) if m.recorded else None,
            )
            for m in members
            if m.group_id == group.pk
        ]
        people = {r.enrolment.person_id for r in rows}
        result.append(
            {
                "group": group,
                "newcomers": [r for r in rows if r.enrolment.role == Enrolment.Role.NEWCOMER],
                "buddies": [r for r in rows if r.enrolment.role == Enrolment.Role.BUDDY],
                "sessions": [s for s in upcoming if s.group_id == group.pk][:4],
                "recent": [s for s in recent if s.group_id == group.pk][:3],
                "pairs": [
                    GroupPair(
                        match=pair,
                        newcomer=names[pair.newcomer_id],
                        buddy=names[pair.buddy_id],
                        overdue=pair.overdue,
                    )
                    for pair in pairs
                    if pair.newcomer_id in people
                ],
            }
        )
    return result


# --- Calendars -----------------------------------------------------------------------------------


def feed_for_token_hash(token_hash: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(token_hash=token_hash, revoked_at__isnull=True)
        .select_related("owner", "person", "cohort")
        .first()
    )


def active_feeds(user) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(owner=user, revoked_at__isnull=True).select_related(
        "cohort", "person"
    )


def feed_sessions(feed: CalendarFeed, *, since: datetime) -> QuerySet[Session]:
    """What a feed shows: its cohort's sessions, or its person's own sessions."""
    if feed.cohort_id:
        sessions = Session.objects.filter(cohort_id=feed.cohort_id)
    else:
        led = SessionLeader.objects.filter(session=OuterRef("pk"), person_id=feed.person_id)
        sessions = Session.objects.filter(Q(Exists(led)) | _attending_condition(feed.person))
    return (
        sessions.filter(ends_at__gte=since)
        .select_related("cohort", "group")
        .order_by("starts_at", "pk")
    )


# --- Links from volunteer hours ------------------------------------------------------------------


def cohorts_of(user) -> QuerySet[Cohort]:
    """The cohorts a volunteer took part in or led a group or session of."""
    person = person_of(user)
    if person is None:
        return Cohort.objects.none()
    enrolled = Enrolment.objects.filter(cohort=OuterRef("pk"), person=person).exclude(
        status=Enrolment.Status.LEFT
    )
    leading = CoachGroup.objects.filter(cohort=OuterRef("pk")).filter(
        Q(coach=person) | Q(assistant_coach=person) | Q(expert=person)
    )
    hosting = SessionLeader.objects.filter(session__cohort=OuterRef("pk"), person=person)
    return Cohort.objects.filter(Exists(enrolled) | Exists(leading) | Exists(hosting)).order_by(
        "-number"
    )


def hour_sessions_of(user, *, days: int = 92, keep: int | None = None) -> QuerySet[Session]:
    """A volunteer's own sessions of the last ``days`` days, to log hours against (and ``keep``,
    the one an entry already names)."""
    now = timezone.now()
    return (
        sessions_of(user)
        .filter(Q(starts_at__lte=now, starts_at__gte=now - timedelta(days=days)) | Q(pk=keep))
        .exclude(status=Session.Status.CANCELLED)
        .order_by("-starts_at")
    )


def roles_from_groups(person: Person) -> set[str]:
    """A person who leads a coach group of a cohort that has not ended gets the coach role
    (``participants.accounts.register_role_source``)."""
    leads = CoachGroup.objects.filter(Q(coach=person) | Q(assistant_coach=person)).exclude(
        cohort__status=Cohort.Status.COMPLETED
    )
    return {Role.COACH} if leads.exists() else set()
